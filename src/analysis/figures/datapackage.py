"""Data that travels: a report's figure folder described as a Frictionless data package, with a page listing it.

    write_package(files_dir, name="spend-da", title="...", lang="da")

Reads the metadata export.py writes beside every figure's and table's CSV (<name>.json: title, units, sources,
licences) and writes files_dir/datapackage.json (one resource per CSV: column types from the CSV, units, sources
with their licences) and files_dir/index.html (every file of the folder, linked, so a "Data" link never opens a
bare folder, which static hosting answers with 404). Both are written atomically; nothing is read from the network.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd

from analysis import atomic
from analysis.figures.labels import label

PACKAGE_FILE, INDEX_FILE = "datapackage.json", "index.html"
PROFILE = "data-package"
# licences a source's text names, as Open Definition ids with their canonical URL
KNOWN_LICENCES = ((re.compile(r"CC[ -]BY[ -]4\.0", re.I), "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
                  (re.compile(r"NLOD", re.I), "NLOD-2.0", "https://data.norge.no/nlod/en/2.0"))


def field_type(values: pd.Series) -> str:
    """The Table Schema type of a CSV column as pandas reads it: integer, number, boolean or string."""
    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_integer_dtype(values):
        return "integer"
    if pd.api.types.is_float_dtype(values):   # pandas writes floats as "3685.0": numbers, not integers
        return "number"
    return "string"


def licences_of(sources: list[dict]) -> list[dict]:
    """Open licences the sources' licence texts name (each once), as Frictionless licence objects."""
    out: dict[str, dict] = {}
    for s in sources:
        text = str(s.get("licence") or "")
        for pattern, name, url in KNOWN_LICENCES:
            if pattern.search(text):
                out.setdefault(name, {"name": name, "path": url, "title": name.replace("-", " ")})
    return list(out.values())


def _sources(sources) -> list[dict]:
    """Frictionless source objects (title, path) keeping the publisher, table, access date and licence text."""
    if isinstance(sources, str):
        return [{"title": sources}]
    out, seen = [], set()
    for s in sources or []:
        item = {"title": " – ".join(p for p in (str(s.get("publisher") or ""), str(s.get("title") or "")) if p)}
        url = s.get("url") or s.get("source_url")
        if url and str(url).startswith(("http://", "https://")):
            item["path"] = str(url)
        for key in ("table", "date_accessed", "licence"):
            if s.get(key):
                item[key] = str(s[key])
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def resource(files_dir: Path, meta: dict) -> dict | None:
    """The data package resource of one figure's or table's CSV, from its metadata; None when it has no CSV."""
    csv = files_dir / f"{meta['name']}.csv"
    if not csv.exists():
        return None
    df = pd.read_csv(csv)
    fields = [{"name": str(c), "type": field_type(df[c])} for c in df.columns]
    out = {"name": meta["name"], "path": csv.name, "profile": "tabular-data-resource", "format": "csv",
           "mediatype": "text/csv", "encoding": "utf-8", "title": meta.get("title") or meta["name"],
           "schema": {"fields": fields, "missingValues": [""]}, "sources": _sources(meta.get("sources"))}
    if meta.get("units"):
        out["description"] = str(meta["units"])
        out["units"] = str(meta["units"])
    out["kind"] = "figure" if "svg" in (meta.get("files") or {}) else "table"
    licences = licences_of(meta.get("sources") if isinstance(meta.get("sources"), list) else [])
    if licences:
        out["licenses"] = licences
    return out


def package(files_dir: Path, *, name: str, title: str, lang: str) -> dict:
    """The data package descriptor of a figure folder: one resource per figure's or table's CSV."""
    metas = []
    for path in sorted(files_dir.glob("*.json")):
        if path.name == PACKAGE_FILE:
            continue
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        if isinstance(meta, dict) and meta.get("name") == path.stem and "files" in meta:
            metas.append(meta)
    resources = [r for r in (resource(files_dir, m) for m in metas) if r]
    licences = {lic["name"]: lic for r in resources for lic in r.get("licenses", [])}
    out = {"profile": PROFILE, "name": re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-") or "report",
           "title": title, "language": lang, "resources": resources}
    if licences:
        out["licenses"] = list(licences.values())
    return out


def index_html(files_dir: Path, *, title: str, lang: str) -> str:
    """A plain page listing every file of the folder (no script, no external resource)."""
    rows = []
    for path in sorted(p for p in files_dir.iterdir() if p.is_file() and p.name != INDEX_FILE):
        size = path.stat().st_size
        shown = f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"
        rows.append(f'<tr><td><a href="{html.escape(path.name)}">{html.escape(path.name)}</a></td>'
                    f'<td style="text-align:right">{shown}</td></tr>')
    e = html.escape
    return (f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{e(label("files_title", lang, title=title))}</title>'
            '<style>body{font-family:system-ui,Arial,sans-serif;max-width:46rem;margin:auto;padding:1rem;'
            'color:#1b1b1b}td{padding:.25rem .8rem .25rem 0;border-bottom:1px solid #ddd}a{color:#1d4f7a}</style>'
            f'</head><body><h1 style="font-size:1.3rem">{e(label("files_title", lang, title=title))}</h1>'
            + (f'<p>{e(label("files_intro", lang))} <a href="{PACKAGE_FILE}">{PACKAGE_FILE}</a></p>'
               if (files_dir / PACKAGE_FILE).exists() else "") +
            f'<table><thead><tr><th style="text-align:left">{e(label("files_file", lang))}</th>'
            f'<th style="text-align:right">{e(label("files_size", lang))}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></body></html>')


def write_package(files_dir: Path | str, *, name: str, title: str, lang: str) -> Path:
    """Write datapackage.json (when the folder holds a figure's or table's CSV) and index.html into a report's
    figure folder; returns the descriptor's path."""
    files_dir, title = Path(files_dir), html.unescape(title)   # titles taken from a rendered page come escaped
    descriptor = package(files_dir, name=name, title=title, lang=lang)
    target = files_dir / PACKAGE_FILE
    if descriptor["resources"]:   # a data package needs at least one resource; a folder without data gets none
        atomic.write_text(target, json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n")
    atomic.write_text(files_dir / INDEX_FILE, index_html(files_dir, title=title, lang=lang))
    return target
