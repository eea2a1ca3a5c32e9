"""Compare every findings.json and figure CSV under reports/ with an earlier copy: numbers must be identical.

    python scripts/compare_reports.py BEFORE_DIR [AFTER_DIR]      # AFTER_DIR defaults to reports/

Prints one line per difference. Exit 1 when a number differs or a file is missing on either side; words
(a finding's sentence, a translated label or column heading) are listed separately and do not fail.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and (p.suffix == ".csv" or
            p.name == "findings.json") and ".staging" not in p.parts}


def compare_findings(a: Path, b: Path) -> tuple[list[str], list[str]]:
    numbers, words = [], []
    fa, fb = json.loads(a.read_text("utf-8"))["findings"], json.loads(b.read_text("utf-8"))["findings"]
    if [f["id"] for f in fa] != [f["id"] for f in fb]:
        return [f"finding ids differ: {[f['id'] for f in fa]} vs {[f['id'] for f in fb]}"], []
    for x, y in zip(fa, fb):
        for key in sorted(set(x) | set(y)):
            if x.get(key) != y.get(key):
                (words if key == "text" else numbers).append(f"{x['id']}.{key}: {x.get(key)!r} -> {y.get(key)!r}")
    return numbers, words


def compare_csv(a: Path, b: Path) -> tuple[list[str], list[str]]:
    da, db = pd.read_csv(a, dtype=str, keep_default_na=False), pd.read_csv(b, dtype=str, keep_default_na=False)
    if da.shape != db.shape:
        return [f"shape {da.shape} -> {db.shape}"], []
    numbers, words = [], []
    for i, (ca, cb) in enumerate(zip(da.columns, db.columns)):
        if ca != cb:
            words.append(f"column {i}: {ca!r} -> {cb!r}")
        va, vb = da[ca], db[cb]
        numeric = pd.to_numeric(va, errors="coerce").notna() | (va == "")
        for r in (va != vb).to_numpy().nonzero()[0]:
            (numbers if numeric.iloc[r] else words).append(f"row {r} column {ca!r}: {va.iloc[r]!r} -> {vb.iloc[r]!r}")
    return numbers, words


def main(argv: list[str]) -> int:
    before = Path(argv[0])
    after = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "reports"
    fb, fa = files(before), files(after)
    bad = 0
    for missing in sorted(fb - fa):
        print(f"MISSING after: {missing}")
        bad += 1
    for new in sorted(fa - fb):
        print(f"new: {new}")
    for rel in sorted(fb & fa):
        cmp = compare_findings if rel.endswith("findings.json") else compare_csv
        numbers, words = cmp(before / rel, after / rel)
        for line in numbers:
            print(f"NUMBER {rel}: {line}")
        for line in words:
            print(f"words  {rel}: {line}")
        bad += len(numbers)
    print(f"{len(fb & fa)} files compared; {bad} number differences or missing files")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
