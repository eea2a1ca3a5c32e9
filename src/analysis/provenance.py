"""Sources as readers see them: the one place that turns the data layer's provenance (the rows' sources,
the sidecars, the declared official tables) into source lines and lists in the reader's language, for
figures, report appendices, report pages and index pages. Figures receive these ready (analysis.figures
never imports the data layer). Every word comes from the house catalogue: publishers' short names
(`publisher_names`), licences (`licences`, keyed by the sidecars' own text) and how a copy was obtained."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import ParameterError, WorkbenchError
from analysis.i18n import Words


def licence(text: str | None, lang: str) -> str:
    """A snapshot's licence (as its sidecar states it) in the reader's language; unknown texts as stated."""
    if not text:
        return ""
    return Words(None, lang).lookup("licences", text)


def publisher_text(name: str | None, lang: str) -> str:
    """A publisher as the data print it, in the reader's language where the text says more than a name
    ('Eurostat (via Europolitics, secondary)'); a bare name as printed."""
    return Words(None, lang).lookup("publisher_texts", name) if name else ""


def in_language(sources: list[dict], lang: str) -> list[dict]:
    """Source dicts with their licence and publisher's annotations in lang (titles stay as published)."""
    out = []
    for s in sources:
        item = dict(s)
        if item.get("licence"):
            item["licence"] = licence(item["licence"], lang)
        if item.get("publisher"):
            item["publisher"] = publisher_text(item["publisher"], lang)
        out.append(item)
    return out


def publisher(name: str, lang: str) -> str:
    """A publisher's short name in the reader's language ('Danmarks Statistik' for Statistics Denmark in
    Danish); a publisher the catalogue does not know, as printed."""
    from analysis.data.tables import publisher_id

    canonical = publisher_id(name)
    words = Words(None, lang)
    if words.has("publisher_names", canonical):
        return words.lookup("publisher_names", canonical)
    return words.lookup("publisher_texts", name)


def cite(name: str, table_ids: list[str], lang: str) -> str:
    """'Statistics Denmark, table REGK31' ('…, tables FOLK1A, REGK31'; the publisher alone without ids)."""
    ids = [i for i in dict.fromkeys(table_ids) if i]
    if not ids:
        return name
    w = Words(None, lang)
    return f"{name}, {w('table_many' if len(ids) > 1 else 'table_one')} {', '.join(ids)}"


def line(sources: list[dict], lang: str) -> str:
    """One source line ('Source: Statistics Norway; Statistics Denmark, table REGK31') naming each distinct
    publisher once, with its own table ids; '' without sources."""
    named: dict[str, list[str]] = {}
    for s in sources or []:
        pub = publisher(str(s.get("publisher") or s.get("title") or "").strip(), lang)
        if pub:
            named.setdefault(pub, []).append(s.get("table") or "")
    if not named:
        return ""
    word = Words(None, lang)("sources" if len(named) > 1 else "source")
    return f"{word}: " + "; ".join(cite(p, ids, lang) for p, ids in named.items())


def source_line(df_or_name: Any, lang: str) -> str:
    """The source line of a processed table or of some of its rows."""
    from analysis.data import tables

    from analysis.i18n import LANGS

    if lang not in LANGS:
        raise ParameterError(f"unknown language {lang!r}", column="lang", valid=", ".join(LANGS))
    return line(tables.sources(df_or_name), lang)


def _where(url: str) -> str:
    """'github.com/owner/repo' for a GitHub address, else the host."""
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    if parts.netloc == "github.com":
        return parts.netloc + "/" + "/".join(parts.path.strip("/").split("/")[:2])
    return parts.netloc


def obtained(name: str, lang: str) -> str:
    """How this copy of a table was obtained: 'API (api.statbank.dk), fetched 2026-12-01' or 'copy retrieved
    from github.com/owner/repo on 2026-11-27' (from the sidecar of the snapshot it was built from)."""
    from analysis.data import tables
    from analysis.data.snapshot import read_meta

    built = tables.table_meta(name).get("built_from")
    if not built:
        return ""
    w = Words(None, lang)
    meta = read_meta(paths.root() / built)
    day = meta.get("date_accessed") or ""
    if meta.get("api"):
        host = _where(str(meta.get("source_url") or ""))
        return w("obtained_api", host=f" ({host})" if host else "", day=day)
    urls = [u for u in [meta.get("source_url"), *(meta.get("source_urls") or [])]
            if str(u or "").startswith(("http://", "https://"))]
    places = list(dict.fromkeys(_where(u) for u in urls))
    if len(places) == 1:
        return w("obtained_copy", where=places[0], day=day)
    count = len(tables.sources(name)) if not places else len(places)
    return w("obtained_copies", n=count, day=day)


def official_source(name: str, lang: str) -> dict:
    """{'official': 'Statistics Denmark, table REGK31', 'official_url': its page, 'obtained': how this copy was
    obtained, 'licence'}; official fields empty when the table has no single official source."""
    from analysis.data import catalogue

    off = catalogue.get(name).official
    named = cite(publisher(off.publisher, lang), [off.table] if off.table else [], lang) if off else ""
    return {"official": named, "official_url": (off.page or "") if off else "", "obtained": obtained(name, lang),
            "licence": off.licence if off else ""}


def sources(df_or_name: Any, lang: str) -> list[dict]:
    """The distinct sources of a table or of some of its rows, in the reader's language."""
    from analysis.data import tables

    return in_language(tables.sources(df_or_name), lang)


def official_entries(names: list[str], lang: str) -> list[dict]:
    """One sources-appendix entry per table with an official source: the publisher's table (linked) and how this
    copy was obtained."""
    from analysis.data import tables
    out = []
    for name in names:
        try:
            item = official_source(name, lang)
        except WorkbenchError:
            continue
        if item["official"]:
            out.append({**item, "file": tables.table_meta(name).get("built_from") or ""})
    return out


def appendix(names: list[str], lang: str = "en") -> tuple[list[dict], list[dict]]:
    """(vintage rows, distinct sources) of a report's appendix, from the sidecar of every raw file behind its
    tables: one vintage row per table, each source once."""
    from analysis.data import snapshot, tables

    vintage, found, seen = [], [], set()
    for name in names:
        metas, entries_of_table = [], []
        for raw in tables.raw_files(name):
            meta = snapshot.read_meta(raw)
            rel = str(Path(raw).resolve().relative_to(paths.root())) if Path(raw).is_absolute() else str(raw)
            metas.append((rel, meta))
            if str(meta.get("source_url", "")).startswith(("http://", "https://")):
                entries = [{"title": meta.get("title"), "publisher": meta.get("publisher"),
                            "url": meta.get("source_url"), "date_accessed": meta.get("date_accessed"),
                            "licence": meta.get("licence")}]
            else:  # the file names its sources row by row: list the distinct ones
                entries = row_sources(name, meta, lang)
            for entry in entries:
                key = (entry.get("title"), entry.get("url"))
                if key not in seen:
                    seen.add(key)
                    entries_of_table.append({**entry, "file": rel})
        found += merge_copies(name, entries_of_table)
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


def row_sources(table: str, meta: dict, lang: str = "en", most: int = 5) -> list[dict]:
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
    count = Words(None, lang)("row_sources_count", n=len(rows)) if rows else ""
    return [{"title": f"{meta.get('title')}{count}", "publisher": meta.get("publisher"), "url": None,
             "date_accessed": meta.get("date_accessed"), "licence": meta.get("licence")}]


def merge_copies(table: str, entries: list[dict]) -> list[dict]:
    """One entry for the copies of one source a table was built from (one file a year from the same
    repository and publisher, under the same licence): the table's description, and a link per copy labelled
    by its year; other entries as they are."""
    import re
    from urllib.parse import urlsplit

    from analysis.data import catalogue

    groups: dict[tuple, list[dict]] = {}
    for e in entries:
        url = str(e.get("url") or "")
        parts = urlsplit(url)
        place = parts.netloc + "/".join(parts.path.split("/")[:3]) if url else ""
        groups.setdefault((e.get("publisher"), e.get("licence"), place), []).append(e)
    out = []
    for (pub, lic, place), items in groups.items():
        if len(items) < 2 or not place:
            out += items
            continue
        years = [re.search(r"\b(?:19|20)\d\d\b", f"{e.get('title')} {e.get('file')}") for e in items]
        labels = [y.group(0) for y in years if y]
        if len(set(labels)) < len(items):  # not one copy a year: different sources, listed each
            out += items
            continue
        copies = [{"label": y, "url": e.get("url") or "", "file": e.get("file") or ""} for y, e in zip(labels, items)]
        dates = sorted(str(e.get("date_accessed")) for e in items if e.get("date_accessed"))
        out.append({"title": catalogue.get(table).what, "publisher": pub, "url": None,
                    "date_accessed": dates[-1] if dates else None, "licence": lic,
                    "file": str(Path(items[0]["file"]).parent) + "/", "copies": copies})
    return out
