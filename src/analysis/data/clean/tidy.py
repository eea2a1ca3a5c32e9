"""The generic cleaner for the project's tidy CSV format (one sourced figure a row)."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from analysis.data.clean import Cleaned
from analysis.data.clean.common import (MISSING_MARKERS, OUTPUT_COLUMNS, TIDY_COLUMNS, dataset_snapshots,
                                        missing_flag, parse_plain_number, read_csv, rel, value_matches_printed)
from analysis.errors import DataError


def parse_year(text: str, *, where: str, row: int) -> object:
    text = (text or "").strip()
    if text == "":
        return pd.NA
    if not text.isdigit() or len(text) != 4:
        raise DataError(f"year {text!r} is not a four-digit year", file=where, row=row, column="year",
                        valid="a year such as 2022, or empty when the source gives none")
    return int(text)


_RANGE = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$")
_LEADING = re.compile(r"^(-?\d+(?:\.\d+)?)\s+\D.*$")


def split_ranges(df: pd.DataFrame, where: str, checks: list[str]) -> pd.DataFrame:
    """A value printed as a range ('1000-1500') becomes two rows, indicator '<name>_low' and '<name>_high'."""
    rows, index = [], []
    for line, row in df.iterrows():
        m = _RANGE.match(row["value"] or "")
        if not m:
            rows.append(row)
            index.append(line)
            continue
        for bound, value in (("low", m.group(1)), ("high", m.group(2))):
            new = row.copy()
            new["value"] = value
            new["indicator"] = f"{row['indicator']}_{bound}"
            rows.append(new)
            index.append(line)
        checks.append(f"{where} row {line}: range {row['value']!r} split into {row['indicator']}_low and _high")
    out = pd.DataFrame(rows)
    out.index = index
    return out


def lenient_value(text: str, printed: str, *, where: str, row: int, checks: list[str]) -> str:
    """A value column holding a number plus a unit word ('46.7 prosent') is read as that number when the
    number agrees with value_as_printed; the correction is recorded."""
    m = _LEADING.match(text or "")
    if m and value_matches_printed(float(m.group(1)), printed):
        checks.append(f"{where} row {row}: value {text!r} read as {m.group(1)} (unit word in the value column; "
                      f"agrees with printed {printed!r})")
        return m.group(1)
    return text


def clean_tidy_file(path: Path, *, ranges: bool = False, lenient: bool = False) -> Cleaned:
    """Tidy table from one snapshot: typed year and value, flag for missing markers, cross-check with print.

    ranges: split 'a-b' values into _low/_high rows; lenient: accept '46.7 prosent' when it matches the print.
    """
    df = read_csv(path, TIDY_COLUMNS)
    where = rel(path)
    values, flags, checks = [], [], []
    if ranges:
        df = split_ranges(df, where, checks)
    cols = ["value", "value_as_printed", "unit", "geography", "indicator", "year"]
    for line, raw, printed, unit, geography, indicator, year in zip(df.index, *(df[c] for c in cols)):
        printed = printed or ""
        text = lenient_value(raw, printed, where=where, row=line, checks=checks) if lenient else raw
        value = parse_plain_number(text, where=where, row=line, column="value")
        if printed.strip() in MISSING_MARKERS and not math.isnan(value):
            raise DataError(f"value {raw!r} where the source printed the missing marker {printed!r}",
                            file=where, row=line, column="value", valid="empty value for a missing marker")
        if unit != "membership flag" and not value_matches_printed(value, printed):
            checks.append(f"{where} row {line}: value {raw} does not read from printed {printed!r} "
                          f"({geography}, {indicator}, {year})")
        values.append(value)
        flags.append(missing_flag(printed, value))
    out = df.copy()
    out["year"] = pd.array([parse_year(y, where=where, row=i) for i, y in df["year"].items()], dtype="Int64")
    out["value"] = pd.array(values, dtype="float64")
    out["flag"] = flags
    out["source_id"] = [f"{where}#row={i}" for i in df.index]
    columns = [c for c in OUTPUT_COLUMNS if c in out.columns]
    out = out[columns].reset_index(drop=True)
    for c in columns:
        if c not in ("year", "value"):
            out[c] = out[c].astype("string").fillna("").astype(object)
    return Cleaned(out, [path], checks)


def read_tidy(path: Path, decl, tables=None) -> Cleaned:
    """Reader of a compiled tidy snapshot (options from the declaration's tidy_options); the publisher's verbatim
    files beside it are listed as its raw files too (they are what the tidy rows were read from)."""
    cleaned = clean_tidy_file(path, **decl.tidy_options)
    cleaned.raw_files.extend(dataset_snapshots(decl.folder, decl.name, verbatim=True))
    return cleaned
