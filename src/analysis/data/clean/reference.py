"""Cleaners for the reference tables: Danish municipalities (from its snapshot) and Norwegian counties and
municipalities (derived from the codes the Norwegian tables use)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.clean import Cleaned
from analysis.data.clean.common import parse_plain_number, read_csv, rel
from analysis.data.snapshot import read_meta
from analysis.errors import DataError

DK_REFERENCE_COLUMNS = ["code", "name", "region", "population", "population_period", "source_url", "publisher"]


def dk_municipalities(path: Path, decl=None, tables=None) -> Cleaned:
    """The 98 municipalities: code (3-digit string), name, region, population (1 Jan 2022) with provenance."""
    df = read_csv(path, DK_REFERENCE_COLUMNS)
    where, meta = rel(path), read_meta(path)
    for line, code in df["code"].items():
        if not re.fullmatch(r"\d{3}", code or ""):
            raise DataError(f"municipality code {code!r} is not three digits", file=where, row=line, column="code",
                            valid="a DAGI code such as 101 or 851 (kept as text)")
    pops = []
    for line, text in df["population"].items():
        value = parse_plain_number(text, where=where, row=line, column="population")
        if value != value or value != int(value):
            raise DataError(f"population {text!r} is not a whole number", file=where, row=line,
                            column="population", valid="a count of persons such as 644431")
        pops.append(int(value))
    out = df[["code", "name", "region"]].astype(str).copy()
    out["population"] = pd.array(pops, dtype="Int64")
    out["population_period"] = df["population_period"].astype(str)
    urls = df["source_url"].astype(str).str.findall(r"https?://\S+")
    out["source_url"] = urls.str[0].fillna("")           # population and region (FOLK1A)
    out["code_source_url"] = urls.str[1].fillna("")      # DAGI municipality codes
    out["source_title"] = meta.get("title", "")
    out["publisher"] = df["publisher"].astype(str)
    out["date_accessed"] = str(meta.get("date_accessed", ""))
    out["licence"] = str(meta.get("licence", ""))
    out["source_id"] = [f"{where}#row={i}" for i in df.index]
    return Cleaned(out.reset_index(drop=True), [path])


def no_level(geo_level: str) -> str | None:
    """'county' or 'municipality' for a Norwegian geo_level as printed in the tables, else None."""
    text = geo_level.lower()
    if text.startswith("county"):
        return "county"
    if text.startswith("municipality"):
        return "municipality"
    return None


def no_regions(path, decl, tables: dict[str, Cleaned]) -> Cleaned:
    """Norwegian counties (pre-2020 numbering, with the 2006 Agder counties) and municipalities that the data
    uses: one row per code, first source row as provenance, and which tables use it."""
    rows: dict[str, dict] = {}
    raw = []
    for name in decl.depends_on:
        cleaned = tables[name]
        raw.extend(cleaned.raw_files)
        df = cleaned.df
        for _, r in df[df["geo_code"].str.fullmatch(r"\d{2}|\d{4}")].iterrows():
            level = no_level(r["geo_level"])
            if level is None:
                continue
            entry = rows.setdefault(r["geo_code"], {
                "code": r["geo_code"], "name": r["geography"], "geo_level": level,
                "county_code": r["geo_code"][:2], "name_variants": set(), "tables": set(),
                "source_url": r["source_url"], "source_title": r["source_title"], "publisher": r["publisher"],
                "date_accessed": r["date_accessed"], "source_id": r["source_id"]})
            entry["name_variants"].add(r["geography"])
            entry["tables"].add(name)
    out = pd.DataFrame(sorted(rows.values(), key=lambda e: e["code"]))
    counties = dict(zip(out.loc[out.geo_level == "county", "code"], out.loc[out.geo_level == "county", "name"]))
    out.insert(4, "county_name", out["county_code"].map(counties).fillna(""))
    out["name_variants"] = out["name_variants"].map(lambda s: "; ".join(sorted(s)))
    out["tables"] = out["tables"].map(lambda s: "; ".join(sorted(s)))
    return Cleaned(out, sorted(set(raw)))
