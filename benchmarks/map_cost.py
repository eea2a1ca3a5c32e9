"""Benchmark: what the map adds to a municipality profile, stage by stage (issue 14: at most 0.1 core-second).

    .venv/bin/python benchmarks/map_cost.py [-n 6] [--repeat 5] [--renders 8]

On a shared machine the end-to-end difference of two whole runs (benchmarks/profiles.py --map-only) is lost in
noise that is larger than the map: the same PDF takes 0.97 to 2.15 s from one render to the next. So each stage's
share of the map is measured on its own, as the least of many repetitions (the cost without bursts of other work):

- kernel: the map's own notebook cell (page.map_section), as papermill timed it, in the reused kernels of `make
  reports`; the first profile of a kernel also draws the shared map once, which is reported apart;
- HTML and PDF: render_html and render_pdf of each whole profile with and without its map cell's outputs,
  interleaved, the least of each. The PDF's difference stays noisy (a PDF takes about a second), so the PDF's
  figure is the map's share of the Python function calls of the PDF (counted, so without noise) times the
  least time of the PDF with the map;
- pages: whether the map makes the PDF longer.

The kernel figure is wall time of a single-threaded cell (an upper bound of its core-seconds on an idle second
core); the rendering figures are this process's CPU time.
"""
from __future__ import annotations

import argparse
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

import profiles as bench  # benchmarks/profiles.py: the same profiles, notebooks and rendering as make reports
from analysis.pipeline import execute, render

TARGET = 0.1


def map_cell_index(nb) -> int:
    """The index of the code cell that draws the map."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and bench.MAP_CALL in cell.source:
            return i
    raise SystemExit(f"no cell calls {bench.MAP_CALL}")


def kernel_seconds(param_sets: list[dict], out: Path, repeat: int) -> tuple[list[float], list[float]]:
    """(the map cell's seconds in the first profile of each run, in the other profiles), over `repeat` runs."""
    first, rest = [], []
    for rep in range(repeat):
        prepared = [bench.prepare(p, out / f"r{rep}") for p in param_sets]
        results = execute.execute_many(bench.NOTEBOOK, [i for i, _ in prepared], [n for _, n in prepared])
        for k, result in enumerate(results):
            if result.error:
                raise SystemExit(f"{prepared[k][1]}: {result.error.describe()}")
            code_cells = [c for c in result.nb.cells if c.cell_type == "code"]
            index = code_cells.index(result.nb.cells[map_cell_index(result.nb)])
            (first if k == 0 else rest).append(result.cell_seconds[index])
    return first, rest


def without_map_outputs(nb) -> nbformat.NotebookNode:
    """The executed notebook with the map cell's outputs left out (what the profile is without its map)."""
    plain = copy.deepcopy(nb)
    plain.cells[map_cell_index(plain)].outputs = []
    return plain


def cpu(fn) -> float:
    """CPU seconds of one call of fn."""
    t = time.process_time()
    fn()
    return time.process_time() - t


def calls(fn) -> int:
    """Python function calls made by one call of fn: a count the machine's noise does not change."""
    import cProfile
    import pstats
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    return pstats.Stats(profiler).total_calls


def render_costs(nb_path: Path, injected: dict, provenance: tuple, k: int) -> dict[str, float]:
    """The map's share of render_html and render_pdf for one executed profile, whole page with and without it."""
    nb = nbformat.read(nb_path, as_version=4)
    vintage, sources = provenance
    shown = {key: v for key, v in injected.items() if key not in ("output_dir", "output_href")}

    def html_of(notebook):
        return render.render_html(notebook, title="", lang=injected["lang"], params=shown, vintage=vintage,
                                  sources=sources, run_info={"date": "2026-01-01", "edition": injected["lang"]})

    notebooks = {"with": nb, "without": without_map_outputs(nb)}
    htmls = {label: html_of(v) for label, v in notebooks.items()}
    pdfs = {label: nb_path.with_name(f"{nb_path.stem}-{label}.pdf") for label in notebooks}

    def pdf(label):
        return lambda: render.render_pdf(htmls[label], pdfs[label], base_url=nb_path.parent)

    times = {f"{stage} {label}": [] for stage in ("html", "pdf") for label in notebooks}
    for _ in range(k):  # interleaved, so a burst of other work hits both alike
        for label, v in notebooks.items():
            times[f"html {label}"].append(cpu(lambda: html_of(v)))
            times[f"pdf {label}"].append(cpu(pdf(label)))
    counted = {label: calls(pdf(label)) for label in notebooks}
    pages = {}
    for label, path in pdfs.items():
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages[label] = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    share = (counted["with"] - counted["without"]) / counted["with"]
    return {"html": min(times["html with"]) - min(times["html without"]),
            "pdf": min(times["pdf with"]) - min(times["pdf without"]),
            "pdf_by_calls": share * min(times["pdf with"]), "share": share,
            "pages": pages["with"] - pages["without"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=6, help="profiles per kernel run (default 6, at least 2)")
    parser.add_argument("--repeat", type=int, default=5, help="kernel runs (default 5)")
    parser.add_argument("--renders", type=int, default=8, help="renders of each page with and without its map (default 8)")
    args = parser.parse_args(argv)
    param_sets = bench.pick(max(2, args.n))
    provenance = bench.step_sources()
    base = Path(tempfile.mkdtemp(prefix="bench-map-"))
    render.render_pdf("<p>warm-up</p>", base / "warmup.pdf")

    first, rest = kernel_seconds(param_sets, base / "kernel", max(1, args.repeat))
    per_profile = [render_costs(nb_path, injected, provenance, max(1, args.renders))
                   for injected, nb_path in (bench.prepare(p, base / "kernel" / "r0") for p in param_sets)]
    kernel = min(rest)
    html = statistics.median(c["html"] for c in per_profile)
    pdf = statistics.median(c["pdf_by_calls"] for c in per_profile)
    total = kernel + html + pdf
    print(f"{len(param_sets)} profiles, {max(1, args.repeat)} kernel runs, {max(1, args.renders)} renders of each "
          f"page with and without its map; python {sys.version.split()[0]}")
    print(f"  kernel: the map cell, least {kernel:.3f} s, median {statistics.median(rest):.3f} s "
          f"(first profile of a kernel, which draws the shared map: least {min(first):.3f} s)")
    print("  HTML:   " + ", ".join(f"{c['html']:+.3f}" for c in per_profile) + f" core-s (median {html:+.3f})")
    print("  PDF, least with less least without (noisy): " + ", ".join(f"{c['pdf']:+.3f}" for c in per_profile))
    print("  PDF, the map's share of the function calls x the least PDF: "
          + ", ".join(f"{c['share']:.1%} {c['pdf_by_calls']:.3f}" for c in per_profile) + f" (median {pdf:.3f})")
    print("  pages added: " + ", ".join(str(c["pages"]) for c in per_profile))
    once = (min(first) - kernel) / len(param_sets)
    # make reports: every municipality in both languages, in as many reused kernels as cores
    per_kernel_lang = len(bench.load.all_municipalities()) / (os.cpu_count() or 1)
    print(f"the map costs {total:.3f} core-s per profile, +{once:.3f} for the shared map spread over the "
          f"{len(param_sets)} profiles of this run (over the {per_kernel_lang:.0f} of a kernel and language in make "
          f"reports: +{(min(first) - kernel) / per_kernel_lang:.3f}); target <= {TARGET}: "
          f"{'met' if total + once <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
