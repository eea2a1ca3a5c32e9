"""Benchmark the pipeline against the naive way, on the same notebooks, in one run.

(a) naive: `papermill` CLI then `jupyter nbconvert --to html` CLI, one notebook after the other;
(b) `workbench run --force`; (c) `workbench run` again with nothing changed.
Prints wall seconds, the ratios a/b and a/c, and the peak resident memory of (b)'s whole process tree (runner,
kernels, PDF workers), sampled every 0.1 s. Targets (issue 16): a/b >= 6, c <= 0.3 s, peak <= 2 GiB.
--full-run also times a `workbench run --force` of every step, the 196 profiles included, with its peak memory;
--no-naive leaves (a) out, for checking the absolute targets (c and memory) in a minute.
Runs in a temporary copy of the project, so reports/ is left alone.
Usage: python benchmarks/pipeline.py [--jobs N] [--full-run] [--no-naive]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Profiles have their own benchmark (benchmarks/profiles.py); here: every other notebook, both editions.
SKIP = {"profiles"}


def copy_project(dest: Path) -> None:
    for name in ("pipeline.yaml", "params", "notebooks", "data/raw"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def tree_rss(proc) -> int:
    """Resident bytes of a process and all its descendants now (those that vanish meanwhile count nothing)."""
    import psutil
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed_with_peak(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """(wall seconds, peak resident bytes of the whole process tree) of one command."""
    import psutil
    start = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        peak = max(peak, tree_rss(proc))
        time.sleep(0.1)
    if child.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {child.returncode}")
    return time.perf_counter() - start, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--full-run", action="store_true", help="also time a forced run of every step, profiles too")
    ap.add_argument("--no-naive", action="store_true", help="leave out (a), and with it the ratio a/b")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        copy_project(root)
        env = {**os.environ, "WORKBENCH_ROOT": str(root)}
        spec = yaml.safe_load((root / "pipeline.yaml").read_text())
        steps = [s for s in spec["steps"] if s.get("notebook") and s["id"] not in SKIP]
        editions = [yaml.safe_load((root / e).read_text()) for e in spec["editions"]]
        only = [s["id"] for s in steps]
        subprocess.run([str(BIN / "workbench"), "run", "--only", "data"], env=env, cwd=root, check=True,
                       stdout=subprocess.DEVNULL)

        naive = 0.0
        out = root / "naive"
        for ed in [] if args.no_naive else editions:
            for s in steps:
                target = out / ed["lang"] / s["id"]
                target.mkdir(parents=True, exist_ok=True)
                ipynb = target / f"{s['id']}.ipynb"
                src = target / f"{s['id']}.src.ipynb"
                subprocess.run([str(BIN / "jupytext"), "--to", "ipynb", "-o", str(src), str(root / s["notebook"])],
                               env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                naive += timed([str(BIN / "papermill"), str(src), str(ipynb), "-k", "muni-it-workbench",
                                "-p", "lang", ed["lang"], "-p", "output_dir", str(target), "-p", "output_href", "."],
                               env, root / "notebooks")
                naive += timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(ipynb)],
                               env, target)
        n = len(steps) * len(editions)
        forced, peak = timed_with_peak([str(BIN / "workbench"), "run", "--force", "--jobs", str(args.jobs),
                                        "--only", *only], env, root)
        again = min(timed([str(BIN / "workbench"), "run", "--jobs", str(args.jobs), "--only", *only], env, root)
                    for _ in range(3))
        full = timed_with_peak([str(BIN / "workbench"), "run", "--force", "--jobs", str(args.jobs)], env, root) \
            if args.full_run else None
    print(f"notebooks: {n} ({len(steps)} steps x {len(editions)} editions), jobs={args.jobs}, cores={os.cpu_count()}")
    gib = 1024 ** 3
    if args.no_naive:
        print(f"(b) workbench run --force (HTML and PDF):           {forced:7.1f} s   ((a) left out: no ratio)")
    else:
        print(f"(a) naive papermill CLI + nbconvert CLI (HTML only): {naive:7.1f} s")
        print(f"(b) workbench run --force (HTML and PDF):           {forced:7.1f} s   a/b = {naive / forced:5.1f}x "
              f"(target >= 6: {'met' if naive / forced >= 6 else 'NOT met'})")
    print(f"    peak memory of its process tree:                {peak / gib:7.2f} GiB "
          f"(target <= 2: {'met' if peak <= 2 * gib else 'NOT met'})")
    ratio = "" if args.no_naive else f"   a/c = {naive / again:5.1f}x"
    print(f"(c) workbench run, nothing changed (least of 3):    {again:7.2f} s{ratio} "
          f"(target <= 0.3 s: {'met' if again <= 0.3 else 'NOT met'})")
    if full:
        print(f"(d) workbench run --force, every step (profiles too): {full[0]:7.1f} s, peak memory "
              f"{full[1] / gib:.2f} GiB (target <= 2: {'met' if full[1] <= 2 * gib else 'NOT met'})")


if __name__ == "__main__":
    main()
