"""Read processed tables and their provenance: the only way notebooks and metrics get data."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import DataError, ParameterError, close_matches

SOURCE_FIELDS = ("source_title", "publisher", "source_url", "date_accessed")
# Short names for publishers the rows spell in several ways (pattern, {lang: name}).
PUBLISHER_NAMES = [
    (re.compile(r"^(Statistisk sentralbyrå|Statistics Norway)"),
     {"en": "Statistics Norway", "da": "Statistisk sentralbyrå (Norge)", "nb": "Statistisk sentralbyrå",
      "no": "Statistisk sentralbyrå"}),
    (re.compile(r"^(Danmarks Statistik|Statistics Denmark)"),
     {"en": "Statistics Denmark", "da": "Danmarks Statistik", "nb": "Danmarks Statistik", "no": "Danmarks Statistik"}),
    (re.compile(r"^UN DESA"), {"en": "UN DESA", "da": "FN (UN DESA)", "nb": "FN (UN DESA)", "no": "FN (UN DESA)"}),
    (re.compile(r"^Eurostat$"), {"en": "Eurostat"}),
    (re.compile(r"^Geodatastyrelsen"), {"en": "Danish Geodata Agency (DAGI boundaries)",
                                        "da": "Geodatastyrelsen (DAGI-grænser)"}),
    (re.compile(r"^European Commission"), {"en": "European Commission", "da": "Europa-Kommissionen",
                                           "nb": "Europakommisjonen", "no": "Europakommisjonen"}),
]
SOURCE_WORD = {"en": ("Source", "Sources"), "da": ("Kilde", "Kilder"), "nb": ("Kilde", "Kilder"),
               "no": ("Kilde", "Kilder")}


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


TABLE_WORD = {"en": ("table", "tables"), "da": ("tabel", "tabeller"), "nb": ("tabell", "tabeller"),
              "no": ("tabell", "tabeller")}


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
    if off is None or not off.table or short_publisher(publisher) != short_publisher(off.publisher):
        return ""
    return off.table


def cite(publisher: str, table_ids: list[str], lang: str = "en") -> str:
    """'Statistics Denmark, table REGK31' ('…, tables FOLK1A, REGK31'; the publisher alone without ids)."""
    ids = [i for i in dict.fromkeys(table_ids) if i]
    word = TABLE_WORD.get(lang, TABLE_WORD["en"])
    return f"{publisher}, {word[len(ids) > 1]} {', '.join(ids)}" if ids else publisher


def official_tables(df_or_name: pd.DataFrame | str) -> dict[str, list]:
    """{short publisher (en): [Official, …]} of the declared official tables behind the rows."""
    from analysis.data import catalogue
    names = [df_or_name] if isinstance(df_or_name, str) else _tables_of(df_or_name)
    out: dict[str, list] = {}
    for name in names:
        decl = catalogue.declarations().get(name)
        if decl is not None and decl.official is not None and decl.official.table:
            out.setdefault(short_publisher(decl.official.publisher), []).append(decl.official)
    return out


OBTAINED = {"en": {"api": "API{host}, fetched {day}", "copy": "copy retrieved from {where} on {day}",
                   "copies": "copies of the {n} sources named row by row, retrieved {day}"},
            "da": {"api": "API{host}, hentet {day}", "copy": "kopi hentet fra {where} den {day}",
                   "copies": "kopier af de {n} kilder, der er angivet række for række, hentet {day}"}}


def _where(url: str) -> str:
    """'github.com/owner/repo' for a GitHub address, else the host."""
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    if parts.netloc == "github.com":
        return parts.netloc + "/" + "/".join(parts.path.strip("/").split("/")[:2])
    return parts.netloc


def obtained(name: str, lang: str = "en") -> str:
    """How this copy of a table was obtained: 'API (api.statbank.dk), fetched 2026-12-01' or 'copy retrieved
    from github.com/owner/repo on 2026-11-27' (from the sidecar of the snapshot it was built from)."""
    from analysis.data.snapshot import read_meta
    words = OBTAINED.get(lang, OBTAINED["en"])
    built = table_meta(name).get("built_from")
    if not built:
        return ""
    meta = read_meta(paths.root() / built)
    day = meta.get("date_accessed") or ""
    if meta.get("api"):
        host = _where(str(meta.get("source_url") or ""))
        return words["api"].format(host=f" ({host})" if host else "", day=day)
    urls = [u for u in [meta.get("source_url"), *(meta.get("source_urls") or [])]
            if str(u or "").startswith(("http://", "https://"))]
    places = list(dict.fromkeys(_where(u) for u in urls))
    if len(places) == 1:
        return words["copy"].format(where=places[0], day=day)
    count = len(sources(name)) if not places else len(places)
    return words["copies"].format(n=count, day=day)


def official_source(name: str, lang: str = "en") -> dict:
    """{'official': 'Statistics Denmark, table REGK31', 'official_url': its page, 'obtained': how this copy was
    obtained}; official fields empty when the table has no single official source."""
    from analysis.data import catalogue
    off = catalogue.get(name).official
    word = TABLE_WORD.get(lang, TABLE_WORD["en"])[0]
    cite = f"{short_publisher(off.publisher, lang)}, {word} {off.table}" if off and off.table else \
        (short_publisher(off.publisher, lang) if off else "")
    return {"official": cite, "official_url": (off.page or "") if off else "", "obtained": obtained(name, lang),
            "licence": off.licence if off else ""}


def short_publisher(name: str, lang: str = "en") -> str:
    """A publisher's short name in lang when it is one the rows spell in several ways, else as printed."""
    for pattern, names in PUBLISHER_NAMES:
        if pattern.search(name):
            return names.get(lang) or names["en"]
    return name


def source_line(df_or_name: pd.DataFrame | str, lang: str = "en") -> str:
    """'Source: Statistics Norway; Eurostat' (or 'Kilde: …') naming each distinct publisher once."""
    if lang not in SOURCE_WORD:
        raise ParameterError(f"unknown language {lang!r}", column="lang", valid=", ".join(SOURCE_WORD))
    rows = sources(df_or_name)
    publishers = list(dict.fromkeys(short_publisher(s["publisher"], lang) for s in rows if s["publisher"]))
    named = [cite(p, [s["table"] for s in rows if short_publisher(s["publisher"], lang) == p], lang)
             for p in publishers]
    singular, plural = SOURCE_WORD[lang]
    return f"{plural if len(publishers) > 1 else singular}: {'; '.join(named)}"
