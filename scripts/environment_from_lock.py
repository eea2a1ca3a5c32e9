"""Write environment.yml from requirements.lock, so conda users get exactly the versions `make` installs.

    python scripts/environment_from_lock.py            # rewrite environment.yml
    python scripts/environment_from_lock.py --check    # exit 1 when environment.yml is out of step with the lock

Conda provides Python and the native libraries WeasyPrint needs; every Python package comes from pip at the
lock's pinned version (`make lock` runs this after relocking).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
HEADER = """\
# Generated from requirements.lock by scripts/environment_from_lock.py (`make lock`); do not edit by hand.
# conda env create -f environment.yml && conda activate muni-it-workbench && pip install --no-deps -e .
"""
# Native libraries from conda-forge: Pango (and with it HarfBuzz, fontconfig) for WeasyPrint's PDFs.
CONDA_PACKAGES = ["pip", "pango"]


def lock_pins(lock: Path) -> list[tuple[str, str]]:
    """(name, version) of every package pinned in the lock, in file order."""
    return [(m.group(1), m.group(2)) for line in lock.read_text(encoding="utf-8").splitlines()
            if (m := PIN.match(line))]


def python_minor(lock: Path) -> str:
    """The Python version the lock was compiled for (its --python-version)."""
    m = re.search(r"--python-version\s+(\d+\.\d+)", lock.read_text(encoding="utf-8"))
    if not m:
        sys.exit(f"error: {lock.name}: no --python-version in its header (valid: a lock made by `make lock`)")
    return m.group(1)


def render(lock: Path) -> str:
    lines = ["name: muni-it-workbench", "channels:", "- conda-forge", "dependencies:",
             f"- python={python_minor(lock)}"]
    lines += [f"- {p}" for p in CONDA_PACKAGES]
    lines += ["- pip:"] + [f"  - {name}=={version}" for name, version in lock_pins(lock)]
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare; exit 1 when they differ")
    ap.add_argument("--lock", type=Path, default=REPO / "requirements.lock")
    ap.add_argument("--out", type=Path, default=REPO / "environment.yml")
    args = ap.parse_args(argv)
    text = render(args.lock)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"error: {args.out.name} is out of step with {args.lock.name} "
                  "(valid: run `python scripts/environment_from_lock.py`)", file=sys.stderr)
            return 1
        return 0
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {args.out.name}: python={python_minor(args.lock)}, {len(lock_pins(args.lock))} pinned packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
