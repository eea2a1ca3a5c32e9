"""The profiles' tables, read once per process: a kernel renders 196 profiles, so each processed table and its
source list is loaded once per file version (keyed on the file's modification time), not once per profile."""
from __future__ import annotations

import functools

import pandas as pd

from analysis import paths
from analysis.reports.profiles import REPORT
from analysis.reports.profiles.compute import TABLES


def _mtime(name: str) -> int | None:
    base = paths.processed_dir() / name
    for suffix in (".parquet", ".csv"):
        path = base.with_suffix(suffix)
        if path.exists():
            return path.stat().st_mtime_ns
    return None


@functools.lru_cache(maxsize=32)
def _load_cached(name: str, root: str, mtime: int | None) -> pd.DataFrame:
    return REPORT.load(name)


def table(key: str) -> pd.DataFrame:
    """The processed table behind a key of compute.TABLES, read once per process while its file is unchanged.
    Do not modify the result."""
    name = TABLES[key]
    return _load_cached(name, str(paths.root()), _mtime(name))


@functools.lru_cache(maxsize=64)
def _sources_cached(name: str, root: str, mtime: int | None, lang: str | None):
    from analysis import provenance
    from analysis.data import tables
    return provenance.source_line(name, lang) if lang else tables.sources(name)


def sources(key: str, year: int | None = None) -> list[dict]:
    """tables.sources of a key's table, or of its rows of one year (a figure of one year cites that year's copy),
    computed once per process and file version (a fresh list each call)."""
    name = TABLES[key]
    if year is None:
        return list(_sources_cached(name, str(paths.root()), _mtime(name), None))
    return list(_year_sources_cached(name, str(paths.root()), _mtime(name), int(year)))


@functools.lru_cache(maxsize=64)
def _year_sources_cached(name: str, root: str, mtime: int | None, year: int):
    from analysis.data import tables
    df = _load_cached(name, root, mtime)
    rows = df[df["year"] == year]
    if rows.empty:
        raise ValueError(f"{name} has no rows for {year}: a figure of that year has no source to cite")
    return tables.sources(rows)


def source_line(key: str, lang: str) -> str:
    """provenance.source_line of a key's table, computed once per process and file version."""
    name = TABLES[key]
    return _sources_cached(name, str(paths.root()), _mtime(name), lang)


@functools.lru_cache(maxsize=4)
def _shapes_cached(root: str, mtime: int | None):
    from analysis.figures import maps
    return maps.Shapes.from_table(table("boundaries"))


def shapes():
    """The municipalities' shapes for the maps, projected once per process while the table is unchanged."""
    return _shapes_cached(str(paths.root()), _mtime(TABLES["boundaries"]))


def tables_for_profile() -> dict[str, pd.DataFrame]:
    """The keyword tables of compute.build_profile."""
    return {k: table(k) for k in ("spend", "municipalities", "population", "dk_partnerships", "catalogue")}


def lookup(name: str) -> dict:
    """The reference row for a municipality name or variant; ParameterError with close matches."""
    from analysis.data.reference import lookup_municipality
    return lookup_municipality(name, table("municipalities"))


def find(name: str) -> dict | None:
    """The reference row for a municipality name, variant or code, or None (no error: the dashboard words it)."""
    from analysis.data.reference import find_municipality
    return find_municipality(name, table("municipalities"))


def close_matches(name: str) -> list[str]:
    """The names closest to something that is not a municipality (best first, at most three)."""
    from analysis.data.reference import close_municipalities
    return close_municipalities(name, table("municipalities"))


def all_municipalities() -> list[str]:
    """The names of the 98 Danish municipalities in the reference table (the profiles' foreach values)."""
    return [str(n) for n in table("municipalities")["name"]]


def lookup_name_or_code(item: str, *, parameter: str) -> dict:
    """lookup() for one item of a list parameter: the error names that parameter (and the closest matches)."""
    from analysis.errors import ParameterError
    try:
        return lookup(item)
    except ParameterError as exc:
        raise ParameterError(exc.message, file=exc.file, column=parameter, valid=exc.valid) from None
