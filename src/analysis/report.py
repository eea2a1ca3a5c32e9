"""What notebooks call to show text: title, headings, prose, key findings (recorded as findings.json so
tests can recompute each number), methods, caveats and the sources appendix.

    report.title(f"Denmark tops ... in {year}", P=P)
    report.key_findings([Finding(text=..., value=v, unit="index", table="un_egov_egdi",
                                 indicator="EGDI", geo="DK", year=2024)], P)
    report.caveats(["...", "..."], P)

Every function displays HTML and returns None, so no Python repr reaches the report.
"""
from __future__ import annotations

import html
import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis import atomic
from analysis.safe_links import safe_href
from analysis.figures.export import _display_html, source_html
from analysis.figures.labels import label

FINDINGS_FILE = "findings.json"


def _slug(text: str) -> str:
    """An HTML id from a heading: lower-case ascii words joined by '-'."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "section"


def _inline(text: str) -> str:
    """Escape text for HTML, keeping **bold** and [link](href) from simple markdown."""
    out = html.escape(str(text))
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)",
                 lambda m: f'<a href="{m[2]}">{m[1]}</a>' if safe_href(m[2]) else m[1], out)
    return out


def title(text: str, subtitle: str | None = None, P: Any = None) -> None:
    """The report's title (h1), which states the main finding; optional lead paragraph."""
    sub = f'<p class="wb-lead" style="font-size:1.1em;color:#3c3c3c">{_inline(subtitle)}</p>' if subtitle else ""
    _display_html(f'<h1 id="{_slug(text)}">{_inline(text)}</h1>{sub}')


def heading(text: str, level: int = 2) -> None:
    """A section heading (h2 by default; levels 1-4), with a stable id for links."""
    if level not in (1, 2, 3, 4):
        raise ValueError(f"heading level must be 1-4, got {level}")
    _display_html(f'<h{level} id="{_slug(text)}">{_inline(text)}</h{level}>')


def markdown(text: str) -> None:
    """Prose: paragraphs separated by blank lines; **bold**, [links](url) and '- ' lists."""
    blocks = [b.strip() for b in str(text).strip().split("\n\n") if b.strip()]
    parts = []
    for block in blocks:
        lines = block.splitlines()
        if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{_inline(line.lstrip()[2:])}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    _display_html("".join(parts))


@dataclass
class Finding:
    """One key finding: its sentence and the number in it, with where the number comes from.

    table/indicator/geo/year (and extra `query` keys such as sector) identify the processed-table rows;
    `how` says how value was computed from them ("value", "change", "ratio", "rank", "count", "share",
    "per_capita", ...), so a test can recompute it independently.
    """

    text: str
    value: float | int | None
    unit: str = ""
    table: str | None = None
    indicator: str | list[str] | None = None
    geo: str | list[str] | None = None
    year: int | list[int] | None = None
    how: str = "value"
    query: dict = field(default_factory=dict)
    id: str | None = None
    link: str | None = None  # e.g. "#fig-egdi_over_time": the chart that shows it

    def record(self) -> dict:
        """JSON-ready form written to findings.json."""
        rec = asdict(self)
        v = rec["value"]
        if isinstance(v, float) and math.isnan(v):
            rec["value"] = None
        elif v is not None and hasattr(v, "item"):
            rec["value"] = v.item()  # numpy scalar
        for k in ("year",):
            y = rec[k]
            if isinstance(y, list):
                rec[k] = [int(i) for i in y]
            elif y is not None:
                rec[k] = int(y)
        return rec


def key_findings(findings: list[Finding], P: Any) -> None:
    """Show the key findings as a list and write them (value, text, table, query) to findings.json.

    A finding with empty text is recorded but not listed: use it for a second number (such as a rank)
    quoted in another finding's sentence, so that number is checked too.
    """
    lang = getattr(P, "lang", "en")
    records = []
    for i, f in enumerate(findings, 1):
        rec = f.record()
        rec["id"] = rec["id"] or f"finding-{i}"
        records.append(rec)
    path = Path(P.output_dir) / FINDINGS_FILE
    atomic.write_text(path, json.dumps({"lang": lang, "findings": records}, ensure_ascii=False,
                                       indent=2, default=str))
    items = []
    for f, rec in zip(findings, records):
        if not f.text:
            continue  # recorded only: a number quoted inside another finding's sentence
        more = f' <a href="{html.escape(f.link)}" class="wb-finding-link">→</a>' if f.link else ""
        items.append(f'<li id="{rec["id"]}">{_inline(f.text)}{more}</li>')
    _display_html(
        f'<section class="wb-findings" style="border-left:4px solid #0b3a66;padding:0.2em 1em;'
        f'margin:1em 0;background:#f4f7fa"><h2 id="key-findings">{label("key_findings", lang)}</h2>'
        f'<ul>{"".join(items)}</ul></section>')


def methods(text: str | list[str], P: Any) -> None:
    """The methods section: what was computed from which tables, in prose or as a list of points."""
    heading(label("methods", getattr(P, "lang", "en")), 2)
    markdown(text if isinstance(text, str) else "\n".join(f"- {t}" for t in text))


def caveats(items: list[str], P: Any) -> None:
    """The caveats section: what the data cannot show (proxies, inferred years, truncations, prices)."""
    if not items:
        return
    heading(label("caveats", getattr(P, "lang", "en")), 2)
    markdown("\n".join(f"- {str(t).strip()}" for t in items))


def sources(names: list[str], P: Any) -> None:
    """Sources appendix: every processed table used, with the provenance of its rows (linked)."""
    from analysis.data import tables

    lang = getattr(P, "lang", "en")
    heading(label("sources", lang), 2)
    rows = []
    for name in names:
        for s in tables.sources(name):
            url = safe_href(s.get("url")) or ""
            title_ = html.escape(str(s.get("title") or ""))
            link = f'<a href="{html.escape(str(url))}">{title_}</a>' if url else title_
            acc = f' ({label("accessed", lang)} {html.escape(str(s["date_accessed"]))})' \
                if s.get("date_accessed") else ""
            lic = f'. {html.escape(str(s["licence"]))}' if s.get("licence") else ""
            rows.append(f'<li>{html.escape(str(s.get("publisher") or ""))}: {link}{acc}{lic}</li>')
    rows = list(dict.fromkeys(rows))
    _display_html(f'<ul class="wb-sources" style="font-size:0.9em">{"".join(rows)}</ul>')


__all__ = ["Finding", "caveats", "heading", "key_findings", "markdown", "methods", "sources", "title",
           "source_html"]
