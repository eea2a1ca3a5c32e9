"""Cross-check a tidy table against the publisher's verbatim files kept beside it (StatBank exports)."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from analysis.data.clean.common import decode, rel
from analysis.data.snapshot import read_meta
from analysis.errors import DataError


def statbank_records(path: Path) -> list[list[str]]:
    """Records of a StatBank CSV export (';' or ',' as the sidecar says; header dropped when present)."""
    meta = read_meta(path)
    rows = [r for r in csv.reader(io.StringIO(decode(path)), delimiter=meta.get("delimiter", ",")) if r]
    return rows[1:] if meta.get("header", True) else rows


def compare(tidy: pd.DataFrame, keys: pd.Series, raw: dict[tuple, str], where: str) -> list[str]:
    """Raise DataError for the first tidy row whose (label, period) is missing from the verbatim files or has
    another value there; returns [] when all agree."""
    problems = []
    for source_id, value, key in zip(tidy["source_id"], tidy["value"], keys):
        if key not in raw:
            problems.append(f"{key} not found in the verbatim files ({where})")
        elif float(raw[key]) != value:
            problems.append(f"value {value:g} but the verbatim file has {raw[key]} for {key} ({where})")
        if problems:
            file, _, row = source_id.partition("#row=")
            raise DataError(f"disagrees with the publisher's file: {problems[0]}", file=file, row=int(row),
                            column="value", valid="the figure exactly as in the verbatim StatBank file")
    return problems


def check_population(tidy: pd.DataFrame, verbatim: list[Path]) -> list[str]:
    """FOLK1A/FOLK1AM: every tidy row equals the verbatim record with the same DST label and period."""
    raw = {(r[0], r[-2]): r[-1] for p in verbatim for r in statbank_records(p)}
    keys = pd.Series(list(zip(tidy["note"].str.extract(r"label as printed: (.*)$")[0],
                              tidy["note"].str.extract(r"period (\S+)")[0])))
    return compare(tidy, keys, raw, ", ".join(rel(p) for p in verbatim))


def check_regk31(tidy: pd.DataFrame, verbatim: list[Path]) -> list[str]:
    """REGK31 excerpts: the year comes from the file name, the area label is the 4th field."""
    raw = {}
    for p in verbatim:
        year = re.search(r"_(\d{4})_", p.name).group(1)
        raw.update({(r[3], year): r[4] for r in statbank_records(p)})
    keys = pd.Series(list(zip(tidy["note"].str.extract(r'label as printed: "(.*)"')[0],
                              tidy["year"].astype(str))))
    return compare(tidy, keys, raw, ", ".join(rel(p) for p in verbatim))
