"""The dataset catalogue: one declaration per processed table, read from `datasets.yaml` beside this module.

Looking a table up (its name, official source, readers, checks) reads only this file, never the cleaner
modules; the build imports a reader only when it runs it.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from analysis import yaml_text
from analysis.errors import DataError

CATALOGUE_FILE = Path(__file__).with_name("datasets.yaml")
KINDS = ("tidy", "statbank", "pxweb", "eurostat", "geojson", "json", "txt", "derived")
KIND_NAMES = {"tidy": "the project's tidy CSV", "statbank": "a StatBank answer (CSV or JSON-stat)",
              "pxweb": "a Statistics Norway PxWeb answer (JSON-stat 2.0)",
              "eurostat": "a Eurostat answer (JSON-stat 2.0)", "geojson": "a GeoJSON file of shapes",
              "json": "a JSON file (a classification)",
              "txt": "a text excerpt of a published source file",
              "derived": "other processed tables"}
_KEYS = {"folder", "what", "publisher", "years", "licence", "schema", "non_negative", "year_optional", "depends_on",
         "readers", "official", "tidy_options", "answer"}
_OFFICIAL_KEYS = {"publisher", "table", "page", "licence", "api", "lang", "query", "note"}


@dataclass(frozen=True)
class Official:
    """Where a table's figures officially live: publisher, the publisher's table id and page, licence, and the
    exact API query that gives them (api None when there is no API)."""

    publisher: str
    table: str | None
    page: str | None
    licence: str
    api: str | None = None
    lang: str | None = None
    query: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""

    def cite(self) -> str:
        """'Statistics Denmark, table REGK31' (or just the publisher when there is no table id)."""
        return f"{self.publisher}, table {self.table}" if self.table else self.publisher


@dataclass(frozen=True)
class Declaration:
    """One processed table as declared in datasets.yaml."""

    name: str
    folder: str
    what: str
    publisher: str
    years: str
    licence: str
    readers: dict[str, str]
    official: Official | None = None
    schema: str = "tidy"
    non_negative: bool = False
    year_optional: bool = False
    depends_on: tuple[str, ...] = ()
    tidy_options: dict[str, Any] = field(default_factory=dict)
    answer: dict[str, Any] = field(default_factory=dict)  # how the generic API reader maps an answer

    @property
    def refreshable(self) -> bool:
        """True when the table has an official API query that `workbench refresh` can send."""
        return bool(self.official and self.official.api)

    def reader(self, kind: str) -> Callable:
        """The function that reads a snapshot of this kind into the table (imported on demand)."""
        if kind not in self.readers:
            raise KeyError(kind)
        module, _, name = self.readers[kind].partition(":")
        return getattr(importlib.import_module(module), name)

    def valid_kinds(self) -> str:
        return "; ".join(KIND_NAMES[k] for k in self.readers)


def _official(name: str, raw: dict | None) -> Official | None:
    if raw is None:
        return None
    unknown = set(raw) - _OFFICIAL_KEYS
    if unknown:
        raise DataError(f"{name}: unknown official key(s) {', '.join(sorted(unknown))}", file=CATALOGUE_FILE,
                        valid=", ".join(sorted(_OFFICIAL_KEYS)))
    query = {str(k): [str(v) for v in (vals if isinstance(vals, list) else [vals])]
             for k, vals in (raw.get("query") or {}).items()}
    return Official(publisher=str(raw["publisher"]), table=None if raw.get("table") is None else str(raw["table"]),
                    page=raw.get("page"), licence=str(raw.get("licence") or ""), api=raw.get("api"),
                    lang=raw.get("lang"), query=query, note=str(raw.get("note") or ""))


def _declaration(name: str, raw: dict) -> Declaration:
    unknown = set(raw) - _KEYS
    if unknown:
        raise DataError(f"{name}: unknown key(s) {', '.join(sorted(unknown))}", file=CATALOGUE_FILE,
                        valid=", ".join(sorted(_KEYS)))
    readers = dict(raw.get("readers") or {})
    bad = [k for k in readers if k not in KINDS]
    if not readers or bad:
        raise DataError(f"{name}: readers {', '.join(bad) or '(none)'}", file=CATALOGUE_FILE,
                        valid="one or more of " + ", ".join(KINDS))
    return Declaration(name=name, folder=str(raw["folder"]), what=str(raw.get("what", "")),
                       publisher=str(raw.get("publisher", "")), years=str(raw.get("years", "")),
                       licence=str(raw.get("licence", "")), readers=readers,
                       official=_official(name, raw.get("official")), schema=raw.get("schema", "tidy"),
                       non_negative=bool(raw.get("non_negative")), year_optional=bool(raw.get("year_optional")),
                       depends_on=tuple(raw.get("depends_on") or ()), tidy_options=dict(raw.get("tidy_options") or {}),
                       answer=dict(raw.get("answer") or {}))


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict[str, Declaration]:
    try:
        raw = yaml_text.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML ({str(exc).splitlines()[0]})", file=path, valid="the catalogue format") \
            from None
    return {name: _declaration(name, body) for name, body in raw.items()}


def declarations() -> dict[str, Declaration]:
    """Every declared table by name, in catalogue order."""
    return _load(str(CATALOGUE_FILE), CATALOGUE_FILE.stat().st_mtime)


def names() -> list[str]:
    """Every declared table name, sorted."""
    return sorted(declarations())


def get(name: str) -> Declaration:
    """The declaration of a table; unknown names raise DataError with close matches."""
    from analysis.errors import close_matches
    decls = declarations()
    if name not in decls:
        hits = close_matches(name, list(decls))
        hint = f" (did you mean: {', '.join(hits)}?)" if hits else ""
        raise DataError(f"unknown table {name!r}{hint}", column="table",
                        valid="a table name listed in docs/data.md, e.g. dk_population")
    return decls[name]


def reader_modules() -> list[str]:
    """Every module a declaration names as a reader (the build imports them by name)."""
    return sorted({r.partition(":")[0] for d in declarations().values() for r in d.readers.values()})


def by_folder(folder: str, dataset: str) -> Declaration | None:
    """The declaration whose snapshots live in data/raw/<folder>/<dataset>/, or None."""
    decl = declarations().get(dataset)
    return decl if decl is not None and decl.folder == folder else None


SOURCES_BEGIN = ("<!-- sources table: generated from src/analysis/data/datasets.yaml by "
                 "`python scripts/source_tables.py`; a test keeps it in step -->")
SOURCES_END = "<!-- end of sources table -->"


def sources_table() -> str:
    """The Markdown table of every declared table and its official source (README.md and docs/data.md)."""
    lines = ["| table | what | publisher | official table | years | licence |", "|---|---|---|---|---|---|"]
    for d in declarations().values():
        off = d.official
        if off is None:
            official = "– (each row names its source)"
        else:
            label = f"{off.publisher}, table {off.table}" if off.table else off.publisher
            official = f"[{label}]({off.page})" if off.page else label
            if off.api:
                official += f"; API query: `{off.api}`"
        cells = [f"`{d.name}`", d.what, d.publisher, official, d.years or "–", d.licence]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([SOURCES_BEGIN, *lines, SOURCES_END])
