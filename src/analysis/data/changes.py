"""What changed between two builds of the processed tables: years added or removed, values revised (old → new,
each with its source row), rows added or removed. The build writes the result to `reports/changes.json`; the
index page and the reports read it back (`summary`, `revised_line`).

A figure revised by its publisher is never replaced in silence: the previous snapshot stays in data/raw and
the change names both rows (`data/raw/<…>/<old file>#row=N` → `…/<new file>#row=M`).
"""
from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from analysis import paths

FINDINGS = "findings.json"  # what analysis.report.key_findings writes beside each report
MAX_LISTED = 200  # revised values and added/removed rows listed per table (the counts are always complete)
# Key columns per schema; a tidy table is keyed by year, geography, indicator (and sector where present).
KEYS = {"tidy": ["year", "geo_code", "geography", "sector", "indicator"], "dk_municipalities": ["code"],
        "no_regions": ["code"], "catalogue_facts": ["fact_id"], "catalogue_partnerships": ["partnership_id"],
        "catalogue_initiatives": ["initiative_id"], "catalogue_partnership_members": ["partnership_id", "member"]}
IGNORED = {"source_id", "source_url", "source_title", "publisher", "date_accessed", "note", "licence"}


def changes_path() -> Path:
    return paths.reports_dir() / "changes.json"


def _key(row: pd.Series, cols: list[str]) -> tuple:
    return tuple("" if pd.isna(row[c]) else (int(row[c]) if c == "year" else str(row[c])) for c in cols)


def _num(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _years(df: pd.DataFrame) -> set[int]:
    return {int(y) for y in df["year"].dropna().unique()} if "year" in df.columns else set()


def compare_table(name: str, schema: str, old: pd.DataFrame, new: pd.DataFrame) -> dict | None:
    """The differences between two versions of one table, or None when they hold the same figures."""
    cols = [c for c in KEYS.get(schema, KEYS["tidy"]) if c in new.columns and c in old.columns]
    old_rows = {_key(r, cols): r for _, r in old.iterrows()}
    new_rows = {_key(r, cols): r for _, r in new.iterrows()}
    added = [k for k in new_rows if k not in old_rows]
    removed = [k for k in old_rows if k not in new_rows]
    revised = []
    compared = [c for c in new.columns if c in old.columns and c not in IGNORED and c not in cols]
    for k in (k for k in new_rows if k in old_rows):
        a, b = old_rows[k], new_rows[k]
        for c in compared:
            va, vb = a[c], b[c]
            if (pd.isna(va) and pd.isna(vb)) or (_num(va) is not None and _num(va) == _num(vb)) or str(va) == str(vb):
                continue
            revised.append({"key": dict(zip(cols, k)), "field": c,
                            "old": _num(va) if c == "value" else str(va), "new": _num(vb) if c == "value" else str(vb),
                            "old_source": str(a.get("source_id", "")), "new_source": str(b.get("source_id", ""))})
    years_added = sorted(_years(new) - _years(old))
    years_removed = sorted(_years(old) - _years(new))
    if not (added or removed or revised):
        return None
    return {"table": name, "years_added": years_added, "years_removed": years_removed,
            "rows_added": len(added), "rows_removed": len(removed), "values_revised": len(revised),
            "added": [dict(zip(cols, k)) for k in added[:MAX_LISTED]],
            "removed": [dict(zip(cols, k)) for k in removed[:MAX_LISTED]],
            "revised": revised[:MAX_LISTED]}


def previous_tables(names: list[str]) -> dict[str, tuple[pd.DataFrame, dict]]:
    """The tables of the last build (frame and meta) that are on disk."""
    out = {}
    for name in names:
        path = paths.processed_dir() / f"{name}.parquet"
        meta = paths.processed_dir() / f"{name}.meta.json"
        if path.exists() and meta.exists():
            out[name] = (pd.read_parquet(path), json.loads(meta.read_text(encoding="utf-8")))
    return out


def _accessed(meta: dict) -> str | None:
    from analysis.data.snapshot import read_meta
    built = meta.get("built_from")
    if not built:
        return None
    try:
        return str(read_meta(paths.root() / built).get("date_accessed") or "") or None
    except Exception:  # the previous snapshot may have been moved away; the date is then unknown
        return None


def compute(tables: dict[str, pd.DataFrame], metas: dict[str, dict],
            previous: dict[str, tuple[pd.DataFrame, dict]]) -> dict | None:
    """Changes of this build against the previous one; None when there was no previous build or nothing changed."""
    if not previous:
        return None
    items = []
    for name, df in tables.items():
        if name not in previous:
            items.append({"table": name, "new_table": True, "rows_added": int(len(df)),
                          "years_added": sorted(_years(df))})
            continue
        old, old_meta = previous[name]
        if old.equals(df):
            continue
        diff = compare_table(name, metas[name].get("schema", "tidy"), old, df)
        if diff is None:
            continue
        diff["previous_snapshot"] = old_meta.get("built_from")
        diff["previous_accessed"] = _accessed(old_meta)
        diff["snapshot"] = metas[name].get("built_from")
        diff["accessed"] = _accessed(metas[name])
        items.append(diff)
    if not items:
        return None
    dates = sorted(d for d in (i.get("previous_accessed") for i in items) if d)
    return {"built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "since": dates[-1] if dates else None, "tables": items}


def write(doc: dict) -> Path:
    """Write reports/changes.json atomically."""
    from analysis.atomic import write_text
    target = changes_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text(target, json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n")
    return target


def load() -> dict | None:
    """The last recorded changes, or None."""
    path = changes_path()
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def table_summary(item: dict, lang: str = "en") -> str:
    """One line per changed table: 'dk_population: years added 2023, 2024; 98 values revised; 105 rows added'."""
    da = lang == "da"
    parts = []
    if item.get("new_table"):
        parts.append("ny tabel" if da else "new table")
    if item.get("years_added"):
        parts.append(("år tilføjet " if da else "years added ") + ", ".join(map(str, item["years_added"])))
    if item.get("years_removed"):
        parts.append(("år fjernet " if da else "years removed ") + ", ".join(map(str, item["years_removed"])))
    if item.get("values_revised"):
        parts.append(f"{item['values_revised']} " + ("værdier revideret" if da else "values revised"))
    if item.get("rows_added") and not item.get("new_table"):
        parts.append(f"{item['rows_added']} " + ("rækker tilføjet" if da else "rows added"))
    if item.get("rows_removed"):
        parts.append(f"{item['rows_removed']} " + ("rækker fjernet" if da else "rows removed"))
    return f"{item['table']}: " + "; ".join(parts)


def summary(lang: str = "en") -> dict | None:
    """For the index page: {'since': date, 'lines': [...]} of the last recorded changes, or None."""
    doc = load()
    if not doc or not doc.get("tables"):
        return None
    return {"since": doc.get("since") or doc.get("built", "")[:10],
            "lines": [table_summary(i, lang) for i in doc["tables"]]}


def revised_line(table_names: list[str], lang: str = "en") -> str | None:
    """A report's first line when the tables it reads changed in the last build: 'revised: …', else None."""
    doc = load()
    if not doc:
        return None
    hits = [i for i in doc.get("tables", []) if i["table"] in set(table_names)]
    if not hits:
        return None
    word = "revideret" if lang == "da" else "revised"
    since = doc.get("since")
    when = (f" (siden {since})" if lang == "da" else f" (since {since})") if since else ""
    return f"{word}{when}: " + "; ".join(table_summary(i, lang) for i in hits)


def _findings(path: Path) -> dict[str, dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(f.get("id")): f for f in doc.get("findings", []) if isinstance(f, dict)}


def findings_moved(previous: Path, current: Path, lang: str = "en") -> str | None:
    """A report's 'revised: …' first line when key findings moved since its last edition, else None.

    previous / current are the findings.json of the published report and of the new run."""
    old, new = _findings(previous), _findings(current)
    moved = []
    for fid, f in new.items():
        before = old.get(fid)
        if before is None or before.get("value") == f.get("value"):
            continue
        text = str(f.get("text") or fid).replace("**", "")
        was = "tidligere" if lang == "da" else "previously"
        moved.append(f"{text} ({was} {_fmt(before.get('value'), lang)})")
    if not moved:
        return None
    return ("revideret: " if lang == "da" else "revised: ") + "; ".join(moved)


def _fmt(value, lang: str) -> str:
    """A previous finding's value as the report prints numbers (1,234.5 / 1.234,5); kept here rather than
    importing analysis.i18n, so that the data step does not depend on the report wording."""
    if value is None:
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    decimals = 0 if number.is_integer() else min(3, len(repr(number).split(".")[1]))
    text = f"{number:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "da" else text
