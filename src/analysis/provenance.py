"""Sources as readers see them: the one place that turns the data layer's provenance
(analysis.data.tables.sources) into source lists in the reader's language, for report appendices,
the report page and index pages. Licences are stated in the reader's language from the house
catalogue's `licences` table (keyed by the sidecars' own text)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import WorkbenchError
from analysis.i18n import Words


def licence(text: str | None, lang: str) -> str:
    """A snapshot's licence (as its sidecar states it) in the reader's language; unknown texts as stated."""
    if not text:
        return ""
    return Words(None, lang).lookup("licences", text)


def in_language(sources: list[dict], lang: str) -> list[dict]:
    """Source dicts with their licence in lang (titles and publishers stay as published)."""
    return [{**s, "licence": licence(s.get("licence"), lang)} if s.get("licence") else dict(s) for s in sources]


def sources(df_or_name: Any, lang: str) -> list[dict]:
    """The distinct sources of a table or of some of its rows, in the reader's language."""
    from analysis.data import tables

    return in_language(tables.sources(df_or_name), lang)


def official_entries(names: list[str], lang: str) -> list[dict]:
    """One sources-appendix entry per table with an official source: the publisher's table (linked) and how this
    copy was obtained (analysis.data.tables.official_source)."""
    from analysis.data import tables
    out = []
    for name in names:
        try:
            item = tables.official_source(name, lang)
        except WorkbenchError:
            continue
        if item["official"]:
            out.append({**item, "file": tables.table_meta(name).get("built_from") or ""})
    return out


def appendix(names: list[str]) -> tuple[list[dict], list[dict]]:
    """(vintage rows, distinct sources) of a report's appendix, from the sidecar of every raw file behind its
    tables: one vintage row per table, each source once."""
    from analysis.data import snapshot, tables

    vintage, found, seen = [], [], set()
    for name in names:
        metas = []
        for raw in tables.raw_files(name):
            meta = snapshot.read_meta(raw)
            rel = str(Path(raw).resolve().relative_to(paths.root())) if Path(raw).is_absolute() else str(raw)
            metas.append((rel, meta))
            if str(meta.get("source_url", "")).startswith(("http://", "https://")):
                entries = [{"title": meta.get("title"), "publisher": meta.get("publisher"),
                            "url": meta.get("source_url"), "date_accessed": meta.get("date_accessed"),
                            "licence": meta.get("licence")}]
            else:  # the file names its sources row by row: list the distinct ones
                entries = row_sources(name, meta)
            for entry in entries:
                key = (entry.get("title"), entry.get("url"))
                if key not in seen:
                    seen.add(key)
                    found.append({**entry, "file": rel})
        if len(metas) == 1:
            rel, meta = metas[0]
            vintage.append({"table": name, "snapshot": rel, "date_accessed": meta.get("date_accessed"),
                            "sha256": (meta.get("sha256") or "")[:12]})
        elif metas:  # one row per table: the folder and how many snapshots (each is in the sources list)
            folder = str(Path(metas[0][0]).parent)
            dates = sorted(str(m.get("date_accessed")) for _, m in metas if m.get("date_accessed"))
            vintage.append({"table": name, "snapshot": f"{folder}/ ({len(metas)} files)",
                            "date_accessed": dates[-1] if dates else None, "sha256": ""})
    return vintage, found


def row_sources(table: str, meta: dict, most: int = 5) -> list[dict]:
    """Sources of a snapshot that cites them row by row: each one when few, else the file as one entry."""
    from analysis.data import tables

    try:
        rows = tables.sources(table)
    except WorkbenchError:
        rows = []
    if 0 < len(rows) <= most:
        return [{"title": r.get("title"), "publisher": r.get("publisher"), "url": r.get("url"),
                 "date_accessed": r.get("date_accessed"), "licence": r.get("licence") or meta.get("licence")}
                for r in rows]
    count = f" ({len(rows)} sources cited row by row; each chart and table names those it shows)" if rows else ""
    return [{"title": f"{meta.get('title')}{count}", "publisher": meta.get("publisher"), "url": None,
             "date_accessed": meta.get("date_accessed"), "licence": meta.get("licence")}]
