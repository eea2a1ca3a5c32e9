"""What changed since the last edition, in the reader's words: the index's "What changed since" lines and a
report's "revised: …" first line (from reports/changes.json and the findings of the published report; the
words from the house catalogue)."""
from __future__ import annotations

import json
from pathlib import Path

from analysis.data import changes
from analysis.i18n import Words, fmt_number


def table_summary(item: dict, lang: str) -> str:
    """One line per changed table: 'dk_population: years added 2023, 2024; 98 values revised; 105 rows added'."""
    w = Words(None, lang)
    parts = []
    if item.get("new_table"):
        parts.append(w("change_new_table"))
    if item.get("years_added"):
        parts.append(w("change_years_added", years=", ".join(map(str, item["years_added"]))))
    if item.get("years_removed"):
        parts.append(w("change_years_removed", years=", ".join(map(str, item["years_removed"]))))
    if item.get("values_revised"):
        parts.append(w("change_values_revised", n=item["values_revised"]))
    if item.get("rows_added") and not item.get("new_table"):
        parts.append(w("change_rows_added", n=item["rows_added"]))
    if item.get("rows_removed"):
        parts.append(w("change_rows_removed", n=item["rows_removed"]))
    return f"{item['table']}: " + "; ".join(parts)


def summary(lang: str) -> dict | None:
    """For the index page: {'since': date, 'lines': [...]} of the last recorded changes, or None."""
    doc = changes.load()
    if not doc or not doc.get("tables"):
        return None
    return {"since": doc.get("since") or doc.get("built", "")[:10],
            "lines": [table_summary(i, lang) for i in doc["tables"]]}


def revised_line(table_names: list[str], lang: str) -> str | None:
    """A report's first line when the tables it reads changed in the last build: 'revised: …', else None."""
    doc = changes.load()
    if not doc:
        return None
    hits = [i for i in doc.get("tables", []) if i["table"] in set(table_names)]
    if not hits:
        return None
    w = Words(None, lang)
    since = doc.get("since")
    head = w("revised_since", since=since) if since else w("revised")
    return f"{head}: " + "; ".join(table_summary(i, lang) for i in hits)


def _findings(path: Path) -> dict[str, dict]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(f.get("id")): f for f in doc.get("findings", []) if isinstance(f, dict)}


def findings_moved(previous: Path, current: Path, lang: str) -> str | None:
    """A report's 'revised: …' first line when key findings moved since its last edition, else None.

    previous / current are the findings.json of the published report and of the new run."""
    w = Words(None, lang)
    old, new = _findings(previous), _findings(current)
    moved = []
    for fid, f in new.items():
        before = old.get(fid)
        if before is None or before.get("value") == f.get("value"):
            continue
        text = str(f.get("text") or fid).replace("**", "")
        moved.append(w("finding_was", finding=text, value=_fmt(before.get("value"), lang)))
    if not moved:
        return None
    return f"{w('revised')}: " + "; ".join(moved)


def _fmt(value, lang: str) -> str:
    """A previous finding's value as the report prints numbers (1,234.5 / 1.234,5)."""
    if value is None:
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    decimals = 0 if number.is_integer() else min(3, len(repr(number).split(".")[1]))
    return fmt_number(number, lang, decimals)
