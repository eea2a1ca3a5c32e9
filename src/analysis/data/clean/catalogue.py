"""Cleaners for the catalogue of facts, partnerships (with a long member table) and initiatives."""
from __future__ import annotations

import math
import re

from pathlib import Path

import pandas as pd

from analysis.data.clean import Cleaned
from analysis.data.clean.common import (missing_flag, parse_plain_number, read_csv, rel,
                                        value_matches_printed)
from analysis.data.clean.tidy import parse_year
from analysis.data.reference import find_municipality
from analysis.errors import DataError

FACT_COLUMNS = ["fact_id", "topic", "country", "entity", "entity_type", "year", "indicator", "value", "unit",
                "value_as_printed", "note", "source_title", "publisher", "source_url", "published", "date_accessed"]
PARTNERSHIP_COLUMNS = ["partnership_id", "name", "country", "members", "member_count", "since", "scope", "note",
                       "source_title", "publisher", "source_url", "published", "date_accessed"]
INITIATIVE_COLUMNS = ["initiative_id", "country", "name", "start_year", "end_year", "summary", "source_title",
                      "publisher", "source_url", "published", "date_accessed"]
# Words that mark a printed figure as approximate or a bound (Danish, Norwegian, English).
APPROX = re.compile(r"\b(nær|op mod|omkring|cirka|ca\.|mindst|mer enn|femtitalls|knap|over|runde|about|approx)",
                    re.I)


def _strings(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype("string").fillna("").astype(object)


def _int_column(df: pd.DataFrame, column: str, where: str) -> pd.array:
    return pd.array([parse_year(v, where=where, row=i) if column in ("year", "since", "start_year", "end_year")
                     else _count(v, where, i, column) for i, v in df[column].items()], dtype="Int64")


def _count(text: str, where: str, row: int, column: str):
    value = parse_plain_number(text, where=where, row=row, column=column)
    if math.isnan(value):
        return pd.NA
    if value != int(value) or value < 0:
        raise DataError(f"{text!r} is not a count", file=where, row=row, column=column, valid="a whole number ≥ 0")
    return int(value)


def _unique_ids(df: pd.DataFrame, column: str, where: str) -> None:
    dup = df[column].duplicated()
    if dup.any():
        line = int(df.index[dup.to_numpy().argmax()])
        raise DataError(f"duplicate id {df.loc[line, column]!r}", file=where, row=line, column=column,
                        valid="a unique id per row")


def catalogue_facts(path: Path, decl=None, tables=None) -> Cleaned:
    """One sourced figure a row; value float (NaN when only words), flag 'approximate' for 'nær', 'op mod' …"""
    df, where, checks = read_csv(path, FACT_COLUMNS), rel(path), []
    _unique_ids(df, "fact_id", where)
    values, flags = [], []
    for line, row in df.iterrows():
        value = parse_plain_number(row["value"], where=where, row=line, column="value")
        if not value_matches_printed(value, row["value_as_printed"]):
            checks.append(f"{where} row {line}: value {row['value']} does not read from printed "
                          f"{row['value_as_printed']!r} ({row['fact_id']}, {row['indicator']})")
        values.append(value)
        flag = missing_flag(row["value_as_printed"], value)
        flags.append(flag or ("approximate" if APPROX.search(row["value_as_printed"]) else ""))
    out = _strings(df)
    out["year"] = _int_column(df, "year", where)
    out["value"] = pd.array(values, dtype="float64")
    out.insert(out.columns.get_loc("note"), "flag", flags)
    out["source_id"] = [f"{where}#row={i}" for i in df.index]
    return Cleaned(out.reset_index(drop=True), [path], checks)


def split_members(text: str) -> list[str]:
    return [m.strip() for m in (text or "").split(";") if m.strip()]


def catalogue_partnerships(path: Path, decl=None, tables=None) -> Cleaned:
    """Partnerships with members as a ';'-separated string, member_count (may exceed the names) and since."""
    df, where, checks = read_csv(path, PARTNERSHIP_COLUMNS), rel(path), []
    _unique_ids(df, "partnership_id", where)
    out = _strings(df)
    out["member_count"] = _int_column(df, "member_count", where)
    out["since"] = _int_column(df, "since", where)
    out.insert(out.columns.get_loc("member_count") + 1, "members_named",
               pd.array([len(split_members(m)) for m in df["members"]], dtype="Int64"))
    for line, named, count in zip(df.index, out["members_named"], out["member_count"]):
        if pd.notna(count) and named > count:
            raise DataError(f"{named} members named but member_count is {count}", file=where, row=line,
                            column="member_count", valid=f"at least {named}")
        if pd.notna(count) and named < count:
            checks.append(f"{where} row {line}: member_count {count} but only {named} members named")
    out["source_id"] = [f"{where}#row={i}" for i in df.index]
    return Cleaned(out.reset_index(drop=True), [path], checks)


def catalogue_partnership_members(path, decl, tables: dict[str, Cleaned]) -> Cleaned:
    """One row per named member; municipality_code from the Danish reference (or the Norwegian codes the data
    uses); empty code with a status when the member is not a current municipality (e.g. pre-2007)."""
    parts = tables["catalogue_partnerships"]
    dk = tables["dk_municipalities"].df
    no = tables["no_regions"].df
    no_codes = dict(zip(no.loc[no.geo_level == "municipality", "name"], no.loc[no.geo_level == "municipality", "code"]))
    rows = []
    for _, p in parts.df.iterrows():
        for member in split_members(p["members"]):
            code, status = "", "not among the 98 current Danish municipalities"
            if p["country"] == "DK" and pd.notna(p["since"]) and p["since"] < 2007:
                status = "pre-2007 municipality (before the 2007 structural reform): no current code"
            elif p["country"] == "DK":
                hit = find_municipality(member, dk)
                if hit:
                    code, status, member = hit["code"], "municipality", hit["name"]
            else:
                code = no_codes.get(member, "")
                status = "municipality" if code else "municipality (code not in the data)"
            rows.append({"partnership_id": p["partnership_id"], "partnership": p["name"], "country": p["country"],
                         "member": member, "municipality_code": code, "member_status": status,
                         "source_url": p["source_url"], "source_title": p["source_title"],
                         "publisher": p["publisher"], "date_accessed": p["date_accessed"],
                         "source_id": p["source_id"]})
    return Cleaned(pd.DataFrame(rows), list(parts.raw_files))


def catalogue_initiatives(path: Path, decl=None, tables=None) -> Cleaned:
    """Joint programmes with start and end year (Int64, missing when not stated)."""
    df, where = read_csv(path, INITIATIVE_COLUMNS), rel(path)
    _unique_ids(df, "initiative_id", where)
    out = _strings(df)
    out["start_year"] = _int_column(df, "start_year", where)
    out["end_year"] = _int_column(df, "end_year", where)
    out["source_id"] = [f"{where}#row={i}" for i in df.index]
    return Cleaned(out.reset_index(drop=True), [path])
