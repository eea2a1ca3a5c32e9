"""Read processed tables and their provenance: the only way notebooks and metrics get data."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import DataError, close_matches

SOURCE_FIELDS = ("source_title", "publisher", "source_url", "date_accessed")
# The one name of each publisher the rows spell in several ways (pattern, name); analysis.provenance
# gives that name in the reader's language.
PUBLISHERS = [
    (re.compile(r"^(Statistisk sentralbyrå|Statistics Norway)"), "Statistics Norway"),
    (re.compile(r"^(Danmarks Statistik|Statistics Denmark)"), "Statistics Denmark"),
    (re.compile(r"^UN DESA"), "UN DESA"),
    (re.compile(r"^Eurostat$"), "Eurostat"),
    (re.compile(r"^European Commission"), "European Commission"),
]


def table_names() -> list[str]:
    """Every table the build produces (one per declared dataset in datasets.yaml), sorted."""
    from analysis.data.catalogue import names
    return names()


def _check_name(name: str) -> None:
    names = table_names()
    if name not in names:
        hits = close_matches(name, names)
        hint = f" (did you mean: {', '.join(hits)}?)" if hits else ""
        raise DataError(f"unknown table {name!r}{hint}", column="table",
                        valid="a table name listed in docs/data.md, e.g. dk_population")


def table_path(name: str, suffix: str = ".parquet") -> Path:
    return paths.processed_dir() / f"{name}{suffix}"


def load(name: str) -> pd.DataFrame:
    """The processed table `name` (year Int64, geo_code text with leading zeros, value float)."""
    _check_name(name)
    path = table_path(name)
    if not path.exists():
        raise DataError(f"table {name!r} is not built yet", file=path,
                        valid="run `workbench run --only data` (or `workbench data build`) first")
    return pd.read_parquet(path)


def table_meta(name: str) -> dict:
    """The table's .meta.json: schema, rows, raw files with their sha256, licences, value checks."""
    _check_name(name)
    path = table_path(name, ".meta.json")
    if not path.exists():
        raise DataError(f"table {name!r} is not built yet", file=path,
                        valid="run `workbench run --only data` (or `workbench data build`) first")
    return json.loads(path.read_text(encoding="utf-8"))


def raw_files(name: str) -> list[Path]:
    """The snapshot files in data/raw that the table was built from."""
    return [paths.root() / f["path"] for f in table_meta(name)["raw_files"]]


@lru_cache(maxsize=256)
def _licence_of(raw_path: str, root: str) -> str:
    from analysis.data.snapshot import read_meta
    try:
        return str(read_meta(Path(root) / raw_path).get("licence", ""))
    except DataError:
        return ""


def sources(df_or_name: pd.DataFrame | str) -> list[dict]:
    """Distinct {title, publisher, url, date_accessed, licence} of the rows, in order of first appearance."""
    df = load(df_or_name) if isinstance(df_or_name, str) else df_or_name
    missing = [c for c in ("source_title", "publisher") if c not in df.columns]
    if missing:
        raise DataError(f"the data has no column {missing[0]!r}: pass a processed table or rows of one",
                        column=missing[0], valid="a DataFrame from analysis.data.tables.load")
    root = str(paths.root())
    out, seen = [], set()
    for _, row in df.iterrows():
        raw = str(row.get("source_id", "")).partition("#")[0]
        item = {"title": row["source_title"], "publisher": row["publisher"], "url": row.get("source_url", ""),
                "date_accessed": row.get("date_accessed", ""), "licence": _licence_of(raw, root) if raw else "",
                "table": _official_table(raw, str(row["publisher"]))}
        key = tuple(item.values())
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _tables_of(df: pd.DataFrame) -> list[str]:
    """The declared tables whose snapshots the rows come from (data/raw/<folder>/<table>/… in source_id)."""
    if "source_id" not in df.columns:
        return []
    parts = df["source_id"].astype(str).str.split("/", n=4)
    names = [p[3] for p in parts if len(p) > 3 and p[0] == "data" and p[1] == "raw"]
    return list(dict.fromkeys(names))


@lru_cache(maxsize=1024)
def _official_table(raw_path: str, publisher: str) -> str:
    """The publisher's own table id behind a row ('REGK31'), when the row's publisher is the table's official one."""
    from analysis.data import catalogue
    parts = raw_path.split("/")
    decl = catalogue.declarations().get(parts[3]) if len(parts) > 3 and parts[:2] == ["data", "raw"] else None
    off = decl.official if decl is not None else None
    if off is None or not off.table or publisher_id(publisher) != publisher_id(off.publisher):
        return ""
    return off.table


def official_tables(df_or_name: pd.DataFrame | str) -> dict[str, list]:
    """{short publisher (en): [Official, …]} of the declared official tables behind the rows."""
    from analysis.data import catalogue
    names = [df_or_name] if isinstance(df_or_name, str) else _tables_of(df_or_name)
    out: dict[str, list] = {}
    for name in names:
        decl = catalogue.declarations().get(name)
        if decl is not None and decl.official is not None and decl.official.table:
            out.setdefault(publisher_id(decl.official.publisher), []).append(decl.official)
    return out


def publisher_id(name: str) -> str:
    """The one name of a publisher the rows spell in several ways ('Danmarks Statistik' -> 'Statistics
    Denmark'); other publishers as printed."""
    for pattern, canonical in PUBLISHERS:
        if pattern.search(name):
            return canonical
    return name
