"""Benchmark the pipeline against the naive way, on the same notebooks, in one run.

(a) naive: `papermill` CLI then `jupyter nbconvert --to html` CLI, one notebook after the other;
(b) `workbench run --force`; (c) `workbench run` again with nothing changed.
Prints wall seconds and the ratios a/b and a/c. Targets: a/b >= 3, c < 1 s and a/c >= 20.
Runs in a temporary copy of the project, so reports/ is left alone. Usage: python benchmarks/pipeline.py [--jobs N]
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
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
        for ed in editions:
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
        forced = timed([str(BIN / "workbench"), "run", "--force", "--jobs", str(args.jobs), "--only", *only], env, root)
        again = timed([str(BIN / "workbench"), "run", "--jobs", str(args.jobs), "--only", *only], env, root)
    print(f"notebooks: {n} ({len(steps)} steps x {len(editions)} editions), jobs={args.jobs}, cores={os.cpu_count()}")
    print(f"(a) naive papermill CLI + nbconvert CLI (HTML only): {naive:7.1f} s")
    print(f"(b) workbench run --force (HTML and PDF):           {forced:7.1f} s   a/b = {naive / forced:5.1f}x "
          f"(target >= 3)")
    print(f"(c) workbench run, nothing changed:                 {again:7.2f} s   a/c = {naive / again:5.1f}x "
          f"(target >= 20, c < 1 s)")


if __name__ == "__main__":
    main()
