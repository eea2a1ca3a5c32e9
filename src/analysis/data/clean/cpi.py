"""Cleaner for Statistics Denmark's consumer price index, annual average (PRIS8, 1900 = 100), from a public
repository's source-file excerpt: the constant of year -> index value, one row per year in the tidy layout.

The excerpt is text, not CSV: the lines `export const FORBRUGERPRISINDEKS_AARLIG … = {` to `};` hold
`YYYY: value` pairs. The cleaner refuses a file that does not name PRIS8 as its source, a year listed twice, a
gap between years, a value that is not a positive whole number and a base year that is not 100, naming the line.
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.data.clean import Cleaned
from analysis.data.clean.common import OUTPUT_COLUMNS, decode, rel
from analysis.data.snapshot import read_meta
from analysis.errors import DataError

TABLE = "PRIS8"
INDICATOR = "cpi_annual_average_1900_100"
UNIT = "index (1900=100)"
BASE_YEAR = 1900
_START = re.compile(r"^\s*export\s+const\s+\w+\s*:.*=\s*\{\s*$")
_PAIR = re.compile(r"(\d{4})\s*:\s*([^,\s]+)\s*,")


def _constant_lines(text: str, where: str) -> list[tuple[int, str]]:
    """(line number, line) of the lines between the constant's opening `= {` and its closing `};`."""
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if _START.match(ln)), None)
    if start is None:
        raise DataError("no constant of annual index values found", file=where,
                        valid="an excerpt with `export const FORBRUGERPRISINDEKS_AARLIG … = {` … `};`")
    out = []
    for i in range(start + 1, len(lines)):
        if lines[i].strip().startswith("}"):
            return out
        out.append((i + 1, lines[i]))
    raise DataError("the constant of annual index values is not closed", file=where, row=start + 1,
                    valid="the constant's closing `};`")


def dk_cpi_annual(path, decl, tables=None) -> Cleaned:
    """One row per year: the PRIS8 annual average (1900 = 100) as the copy prints it, with the sidecar's provenance."""
    where, meta = rel(path), read_meta(path)
    text = decode(path)
    if TABLE not in text:
        raise DataError(f"the excerpt does not name {TABLE} as its source", file=where,
                        valid=f"the copy's own comment naming Statistics Denmark's table {TABLE}")
    records, seen = [], {}
    for line, body in _constant_lines(text, where):
        for year_text, printed in _PAIR.findall(body + ("," if not body.rstrip().endswith(",") else "")):
            year = int(year_text)
            if year in seen:
                raise DataError(f"year {year} is listed twice (lines {seen[year]} and {line})", file=where,
                                row=line, column="year", valid="each year once")
            if not re.fullmatch(r"\d+", printed) or int(printed) <= 0:
                raise DataError(f"index value {printed!r} for {year} is not a positive whole number", file=where,
                                row=line, column="value", valid="whole index points as PRIS8 prints them, e.g. 8188")
            seen[year] = line
            records.append({"year": year, "value": float(printed), "value_as_printed": printed, "_line": line})
    if not records:
        raise DataError("the constant holds no `year: value` pairs", file=where, valid="pairs such as 2024: 8188")
    years = sorted(seen)
    gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if gaps:
        raise DataError(f"no index value for {', '.join(map(str, gaps[:5]))}", file=where, column="year",
                        valid=f"every year from {years[0]} to {years[-1]}")
    base = next(r for r in records if r["year"] == years[0])
    if years[0] != BASE_YEAR:
        raise DataError(f"the index starts in {years[0]}, not in its base year {BASE_YEAR}", file=where,
                        row=base["_line"], column="year", valid=f"every year from {BASE_YEAR} (PRIS8's base)")
    if base["value"] != 100:
        raise DataError(f"base year {BASE_YEAR} has {base['value_as_printed']}, not 100", file=where,
                        row=base["_line"], column="value", valid=f"{BASE_YEAR} = 100 (PRIS8's base)")
    df = pd.DataFrame(records).sort_values("year")
    df["geo_code"], df["geography"], df["geo_level"] = "000", "Hele landet", "country"
    df["indicator"], df["unit"], df["flag"] = INDICATOR, UNIT, ""
    df["note"] = (f"Statistics Denmark {TABLE} 'Forbrugerprisindeks, årsgennemsnit', annual average, "
                  f"{BASE_YEAR} = 100, whole index points as the copy prints them")
    df["source_url"] = str(meta.get("source_url") or "")
    df["source_title"] = str(meta.get("title", ""))
    df["publisher"] = str(meta.get("publisher", ""))
    df["date_accessed"] = str(meta.get("date_accessed", ""))
    df["source_id"] = [f"{where}#row={n}" for n in df["_line"]]
    df["year"] = df["year"].astype("Int64")
    columns = [c for c in OUTPUT_COLUMNS if c != "sector"]
    return Cleaned(df[columns].reset_index(drop=True), [path])

