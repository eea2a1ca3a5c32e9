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
