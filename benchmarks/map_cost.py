"""Benchmark: what the map adds to a municipality profile, stage by stage (issue 14: at most 0.1 core-second).

    .venv/bin/python benchmarks/map_cost.py [-n 6] [--repeat 5] [--renders 8]

On a shared machine the end-to-end difference of two whole runs (benchmarks/profiles.py --map-only) is lost in
noise that is larger than the map: the same PDF takes 0.97 to 2.15 s from one render to the next. So each stage's
share of the map is measured on its own, as the least of many repetitions (the cost without bursts of other work):

- kernel: the map's call (page.map_section) in the reused kernels of `make reports`, on the kernel's own CPU
  clock (a timed copy of the notebook, the call split into a cell of its own); papermill's wall time of that cell
  and what a cell's round trip costs the runner and the kernel (empty cells counted in one kernel) are printed
  beside it. The first profile of a kernel also draws the shared map once, which is reported apart;
- HTML and PDF: render_html and render_pdf of each whole profile with and without its map cell's outputs,
  interleaved, the least of each. The PDF's difference stays noisy (a PDF takes about a second), so the PDF's
  figure is the map's share of the Python function calls of the PDF (counted, so without noise) times the
  least time of the PDF with the map;
- pages: whether the map makes the PDF longer.

The verdict is for a profile of `make reports`, on the stricter median of the map cell's CPU: the kernel, HTML and
PDF, plus the shared map's one-off spread over the profiles one kernel draws in one language (98 / cores), since
the issue allows drawing the base map once and reusing it. The rendering figures are this process's CPU time.
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
    """The index of the code cell that draws the map (in the timed notebook, a cell of its own)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and bench.MAP_CALL in cell.source:
            return i
    raise SystemExit(f"no cell calls {bench.MAP_CALL}")


TIMED = ("import time as _wb_time\n_wb_cpu = _wb_time.process_time()\n" + bench.MAP_CALL
         + "\n_wb_map_cpu = _wb_time.process_time() - _wb_cpu")
READ = 'print("WB_MAP_CPU", repr(_wb_map_cpu))'


def timed_notebook(folder: Path) -> Path:
    """The profile notebook with its map call split into a cell of its own, timed on the kernel's own CPU clock
    (all the kernel's threads, so the display messages' serialisation too), and a last cell that prints the figure,
    written into folder. The split only separates the map's outputs; its round trip is not the map's cost."""
    return bench.rewrite_map_call(folder, f"\n# %%\n{TIMED}\n", tail=f"\n# %%\n{READ}\n")


def pop_map_cpu(nb) -> float:
    """Remove the timed notebook's last cell and return the map call's kernel CPU seconds it printed."""
    last = nb.cells.pop()
    text = "".join(o.get("text", "") for o in last.get("outputs", []))
    if last.source.strip() != READ or "WB_MAP_CPU" not in text:
        raise SystemExit(f"the timed notebook's last cell printed no map time: {text[:200]!r}")
    return float(text.split("WB_MAP_CPU", 1)[1])


def kernel_seconds(param_sets: list[dict], out: Path, repeat: int) -> dict[str, list[float]]:
    """The map cell over `repeat` runs of reused kernels: its wall (papermill) and kernel CPU seconds, in the
    first profile of each run (which also draws the shared map) and in the others."""
    notebook = timed_notebook(out / "notebook")
    got = {"wall first": [], "wall": [], "cpu first": [], "cpu": []}
    for rep in range(repeat):
        prepared = [bench.prepare(p, out / f"r{rep}") for p in param_sets]
        results = execute.execute_many(notebook, [i for i, _ in prepared], [n for _, n in prepared])
        for k, result in enumerate(results):
            if result.error:
                raise SystemExit(f"{prepared[k][1]}: {result.error.describe()}")
            code_cells = [c for c in result.nb.cells if c.cell_type == "code"]
            index = code_cells.index(result.nb.cells[map_cell_index(result.nb)])
            suffix = " first" if k == 0 else ""
            got["wall" + suffix].append(result.cell_seconds[index])
            got["cpu" + suffix].append(pop_map_cpu(result.nb))
            nbformat.write(result.nb, prepared[k][1])    # the profile as make reports has it, for the renders
    return got


def round_trip_cpu(cells: int = 40, repeat: int = 5) -> float:
    """Core-seconds of one more notebook cell (runner and kernel): a notebook of 1 + cells empty cells against
    one of 1, alternated in one reused kernel, the least of each; why the map shares the dot plot's cell."""
    def notebook(n):
        return execute.for_house_kernel(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass") for _ in range(n)]))
    folder = Path(tempfile.mkdtemp(prefix="bench-cells-"))
    least = {1: float("inf"), 1 + cells: float("inf")}
    with execute.KernelPool(1) as pool, pool.kernel() as k:
        for _ in range(repeat + 1):                      # the first pair warms the kernel up
            for n in least:
                t = bench.cpu_seconds()
                execute.execute(notebook(n), {}, kernel=k, output_path=folder / f"{n}.ipynb", cwd=folder)
                least[n] = min(least[n], bench.cpu_seconds() - t)
    return max(0.0, (least[1 + cells] - least[1]) / cells)


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

    got = kernel_seconds(param_sets, base / "kernel", max(1, args.repeat))
    trip = round_trip_cpu()
    per_profile = [render_costs(nb_path, injected, provenance, max(1, args.renders))
                   for injected, nb_path in (bench.prepare(p, base / "kernel" / "r0") for p in param_sets)]
    kernel = min(got["cpu"])
    kernel_median = statistics.median(got["cpu"])
    html = statistics.median(c["html"] for c in per_profile)
    pdf = statistics.median(c["pdf_by_calls"] for c in per_profile)
    total, typical = kernel + html + pdf, kernel_median + html + pdf
    print(f"{len(param_sets)} profiles, {max(1, args.repeat)} kernel runs, {max(1, args.renders)} renders of each "
          f"page with and without its map; python {sys.version.split()[0]}")
    print(f"  kernel: the map call's CPU, least {kernel:.3f}, median {kernel_median:.3f} core-s (as a cell of its "
          f"own, papermill's wall: least {min(got['wall']):.3f} s, median {statistics.median(got['wall']):.3f} s; "
          f"such a cell's round trip would add {trip:.4f} core-s, which is why the map shares the dot plot's cell)")
    print(f"          the first profile of a kernel, which also draws the shared map: CPU least "
          f"{min(got['cpu first']):.3f} core-s (wall {min(got['wall first']):.3f} s)")
    print("  HTML:   " + ", ".join(f"{c['html']:+.3f}" for c in per_profile) + f" core-s (median {html:+.3f})")
    print("  PDF, least with less least without (noisy): " + ", ".join(f"{c['pdf']:+.3f}" for c in per_profile))
    print("  PDF, the map's share of the function calls x the least PDF: "
          + ", ".join(f"{c['share']:.1%} {c['pdf_by_calls']:.3f}" for c in per_profile) + f" (median {pdf:.3f})")
    print("  pages added: " + ", ".join(str(c["pages"]) for c in per_profile))
    shared = max(0.0, min(got["cpu first"]) - min(got["cpu"]))
    # make reports: every municipality in both languages, in as many reused kernels as cores; the shared map is
    # drawn once per kernel and language, so over this many profiles
    per_kernel_lang = len(bench.load.all_municipalities()) / (os.cpu_count() or 1)
    spread = shared / per_kernel_lang
    print(f"the map costs {total:.3f} core-s per profile (with the map cell's median CPU: {typical:.3f}), "
          f"+{shared / len(param_sets):.3f} for the shared map spread over the {len(param_sets)} profiles of this "
          f"run, +{spread:.3f} over the {per_kernel_lang:.0f} of a kernel and language in make reports")
    print(f"per profile of make reports: {total + spread:.3f} core-s (median cell: {typical + spread:.3f}); "
          f"target <= {TARGET}: {'met' if typical + spread <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
