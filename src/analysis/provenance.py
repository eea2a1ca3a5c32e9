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
    """'github.com/owner/repo' for a GitHub address, else the host (without 'www.')."""
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    if parts.netloc == "github.com":
        return parts.netloc + "/" + "/".join(parts.path.strip("/").split("/")[:2])
    return parts.netloc.removeprefix("www.")


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


def appendix(names: list[str], lang: str = "en") -> tuple[list[dict], list[dict]]:
    """(vintage rows, entries) of a report's sources appendix: one vintage row per table; one entry per
    publisher's table behind the tables with an official source (tables sharing one merge), then each other
    source once."""
    from analysis.data import snapshot, tables

    vintage, found, seen = [], [], set()
    groups: dict[tuple, dict] = {}
    for name in names:
        metas = [(_rel(raw), snapshot.read_meta(raw)) for raw in tables.raw_files(name)]
        off = _official(name)
        if off is not None:
            found += _group_official(name, off, metas, groups, seen)
        else:
            found += _other_entries(name, metas, seen, lang)
        vintage += _vintage_row(name, metas, lang)
    return vintage, [official_entry(g, lang) for g in groups.values()] + found


def _rel(raw: Any) -> str:
    """A snapshot's path relative to the project root."""
    return str(Path(raw).resolve().relative_to(paths.root())) if Path(raw).is_absolute() else str(raw)


def _official(name: str) -> Any:
    """A table's declared official source, or None (also for a table the catalogue does not know)."""
    from analysis.data import catalogue

    try:
        return catalogue.get(name).official
    except WorkbenchError:
        return None


def own_table(title: str | None, declared: str) -> str:
    """The publisher's table a source is: the id its title names when it extends the declared one ('FOLK1AM'
    in a table declared FOLK1A), else the declared id."""
    import re

    found = re.search(rf"\b{re.escape(declared)}[A-Z0-9]*\b", str(title or ""))
    return found.group(0) if found else declared


def _file_sources(name: str, meta: dict) -> list[dict]:
    """The sources of one snapshot: its sidecar's, or (a file citing them row by row) the table's rows'."""
    from analysis.data import tables

    if str(meta.get("source_url", "")).startswith(("http://", "https://")):
        return [{"title": meta.get("title"), "publisher": meta.get("publisher"), "url": meta.get("source_url"),
                 "date_accessed": meta.get("date_accessed"), "licence": meta.get("licence"), "api": meta.get("api")}]
    try:
        rows = tables.sources(name)
    except WorkbenchError:
        rows = []
    return [{**r, "licence": r.get("licence") or meta.get("licence")} for r in rows] or [
        {"title": meta.get("title"), "publisher": meta.get("publisher"), "url": None,
         "date_accessed": meta.get("date_accessed"), "licence": meta.get("licence"), "api": meta.get("api")}]


def _group_official(name: str, off: Any, metas: list[tuple[str, dict]], groups: dict, seen: set) -> list[dict]:
    """File a table's sources under their publisher's table in groups (keyed by publisher and table id, or by
    the table when the publisher gives no id); return the sources of a table with an id that another publisher
    gave, each once."""
    from analysis.data.tables import publisher_id

    others = []
    for rel, meta in metas:
        for src in _file_sources(name, meta):
            if off.table and src.get("publisher") and publisher_id(str(src["publisher"])) != publisher_id(off.publisher):
                if (src.get("title"), src.get("url")) not in seen:
                    seen.add((src.get("title"), src.get("url")))
                    others.append({k: v for k, v in src.items() if k not in ("api", "table")} | {"file": rel})
                continue
            table_id = own_table(src.get("title"), off.table) if off.table else ""
            key = (publisher_id(off.publisher), table_id) if table_id else ("", name)
            group = groups.setdefault(key, {"official": off, "table": table_id, "tables": {}, "sources": []})
            files = group["tables"].setdefault(name, [])
            if rel not in files:
                files.append(rel)
            group["sources"].append(src)
    return others


def _other_entries(name: str, metas: list[tuple[str, dict]], seen: set, lang: str) -> list[dict]:
    """The entries of a table without an official source: each source of each snapshot once (a file citing
    many row by row as one entry), one source's copies a year merged."""
    entries_of_table = []
    for rel, meta in metas:
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
    return merge_copies(name, entries_of_table)


def _vintage_row(name: str, metas: list[tuple[str, dict]], lang: str) -> list[dict]:
    """The table's row of the data-vintage table: its snapshot, or its folder and how many files (in lang)."""
    if len(metas) == 1:
        rel, meta = metas[0]
        return [{"table": name, "snapshot": rel, "date_accessed": meta.get("date_accessed"),
                 "sha256": (meta.get("sha256") or "")[:12]}]
    if not metas:
        return []
    folder = str(Path(metas[0][0]).parent)
    dates = sorted(str(m.get("date_accessed")) for _, m in metas if m.get("date_accessed"))
    files = Words(None, lang)("vintage_files", n=len(metas))
    return [{"table": name, "snapshot": f"{folder}/ ({files})",
             "date_accessed": dates[-1] if dates else None, "sha256": ""}]


def official_entry(group: dict, lang: str) -> dict:
    """One appendix entry for one publisher's table: the table linked to the publisher's page, the years the
    data hold, how the copies were obtained, the licence once, the copies' links and each table's snapshots."""
    off, table_id = group["official"], group["table"]
    page = off.page or ""
    if page and table_id and off.table and page.endswith(off.table):
        page = page[: -len(off.table)] + table_id
    copies = _copies(group["sources"])
    licences = list(dict.fromkeys(licence(s["licence"], lang) for s in group["sources"] if s.get("licence")))
    w = Words(None, lang)
    return {"official": cite(publisher(off.publisher, lang), [table_id] if table_id else [], lang),
            "official_url": page, "years": years_text(group), "obtained": _capital(obtained_copies(group, lang)),
            "licence": "; ".join(licences) or licence(off.licence, lang),
            "url": copies[0]["url"] if len(copies) == 1 else None, "copies": copies if len(copies) > 1 else [],
            "tables": [{"what": w.lookup("table_what", name), "files": _compact(name, files)}
                       for name, files in group["tables"].items()]}


def _capital(text: str) -> str:
    """The text with its first letter a capital."""
    return text[:1].upper() + text[1:]


def _copies(sources: list[dict]) -> list[dict]:
    """Each distinct web address of a publisher's table's copies once, labelled by its year when each copy has
    its own year, else by its title."""
    import re

    first: dict[str, dict] = {}
    for s in sources:
        url = str(s.get("url") or "")
        if url.startswith(("http://", "https://")) and url not in first:
            first[url] = s
    found = [re.search(r"\b(?:19|20)\d\d\b", f"{s.get('title')} {u}") for u, s in first.items()]
    labels = [y.group(0) if y else "" for y in found]
    if "" in labels or len(set(labels)) < len(labels):
        labels = [str(s.get("title") or u) for u, s in first.items()]
    return [{"label": label, "url": u} for label, u in zip(labels, first)]


def _compact(name: str, files: list[str]) -> list[str]:
    """A table's snapshots as the appendix names them: the folder when they are all of its several files, else
    each file."""
    from analysis.data import tables

    every = [_rel(raw) for raw in tables.raw_files(name)]
    folders = {str(Path(f).parent) for f in files}
    if len(files) > 2 and len(folders) == 1 and set(files) == set(every):
        return [folders.pop() + "/"]
    return files


def years_text(group: dict) -> str:
    """The years a publisher's table covers in the data ('2016–2024', '2008, 2011, 2015'): the rows' years,
    else a table's declared years when they are only years; '' when the data do not say."""
    import re

    from analysis.data import catalogue, tables

    years: set[int] = set()
    for name in group["tables"]:
        df = tables.load(name)
        if "year" in df.columns:
            if group["table"] and "source_title" in df.columns:
                mine = df["source_title"].map(lambda t: own_table(t, group["official"].table)) == group["table"]
                df = df[mine]
            years |= {int(y) for y in df["year"].dropna().unique()}
        else:
            declared = catalogue.get(name).years
            bounds = re.fullmatch(r"((?:19|20)\d\d)(?:–((?:19|20)\d\d))?", declared.strip())
            if bounds:
                years |= set(range(int(bounds.group(1)), int(bounds.group(2) or bounds.group(1)) + 1))
    return year_runs(sorted(years))


def year_runs(years: list[int]) -> str:
    """'2016–2024' for a run of years, '2008, 2011, 2015' for years apart, mixed as the years fall."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def obtained_copies(group: dict, lang: str) -> str:
    """How the copies of a publisher's table were obtained: 'API (api.statbank.dk), fetched 2026-12-01', 'copy
    retrieved from github.com/owner/repo on 2026-11-27' or 'copies retrieved from … on …'."""
    w = Words(None, lang)
    sources = group["sources"]
    dates = sorted(str(s["date_accessed"]) for s in sources if s.get("date_accessed"))
    day = dates[-1] if dates else ""
    api = [s for s in sources if s.get("api")]
    if api:
        host = _where(str(api[0].get("url") or ""))
        return w("obtained_api", host=f" ({host})" if host else "", day=day)
    urls = [c["url"] for c in _copies(sources)]
    places = list(dict.fromkeys(_where(u) for u in urls))
    if not places:
        return ""
    if len(urls) == 1:
        return w("obtained_copy", where=places[0], day=day)
    return w("obtained_copies_from", where=", ".join(places), day=day)


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
