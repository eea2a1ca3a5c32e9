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
from analysis.figures.export import display_html, source_html
from analysis.safe_links import safe_href
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
    """The report's title (h1), which states the main finding; optional lead paragraph. Both are recorded in
    findings.json (`title`, `lead`) beside the findings, so the headline rules can be tested on them; the
    finding whose number the title states is the one key_findings records with `lead=True`."""
    sub = f'<p class="wb-lead" style="font-size:1.1em;color:#3c3c3c">{_inline(subtitle)}</p>' if subtitle else ""
    if P is not None and getattr(P, "output_dir", None):
        path = Path(P.output_dir) / FINDINGS_FILE
        doc = _read_findings(path)
        doc.update({"lang": getattr(P, "lang", "en"), "title": text, "lead": subtitle or ""})
        atomic.write_text(path, json.dumps(doc, ensure_ascii=False, indent=2, default=str))
    display_html(f'<h1 id="{_slug(text)}">{_inline(text)}</h1>{sub}')


def heading(text: str, level: int = 2) -> None:
    """A section heading (h2 by default; levels 1-4), with a stable id for links."""
    if level not in (1, 2, 3, 4):
        raise ValueError(f"heading level must be 1-4, got {level}")
    display_html(f'<h{level} id="{_slug(text)}">{_inline(text)}</h{level}>')


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
    display_html("".join(parts))


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
    # headline rules (tests/test_headline_rules.py):
    lead: bool = False              # the finding whose number the report's title states
    model: bool = False             # computed by a model under assumptions, not observed
    assumptions: str | None = None  # a model finding's link to its assumptions ("#assumptions")
    prices: str | None = None       # an amount's change over time: "current" (nominal) or "real" (deflated)
    real: str | None = None         # a nominal change's real-terms companion (that finding's id)
    context: str | None = None      # what a rank needs said with it ("smallest_municipalities", "close_call")

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


def _read_findings(path: Path) -> dict:
    """What findings.json holds so far in this run (the title is written before the findings), or {}."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


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
    doc = {k: v for k, v in _read_findings(path).items() if k in ("title", "lead")}
    atomic.write_text(path, json.dumps({"lang": lang, **doc, "findings": records}, ensure_ascii=False,
                                       indent=2, default=str))
    items = []
    for f, rec in zip(findings, records):
        if not f.text:
            continue  # recorded only: a number quoted inside another finding's sentence
        more = f' <a href="{html.escape(f.link)}" class="wb-finding-link">→</a>' if f.link else ""
        if f.model and f.assumptions:
            more += (f' <a href="{html.escape(f.assumptions)}" class="wb-finding-assumptions">'
                     f'({label("model_assumptions", lang)})</a>')
        items.append(f'<li id="{rec["id"]}">{_inline(f.text)}{more}</li>')
    display_html(
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
    from analysis import provenance

    lang = getattr(P, "lang", "en")
    heading(label("sources", lang), 2)
    rows = []
    for name in names:
        for s in provenance.sources(name, lang):
            url = safe_href(s.get("url")) or ""
            title_ = html.escape(str(s.get("title") or ""))
            link = f'<a href="{html.escape(str(url))}">{title_}</a>' if url else title_
            acc = f' ({label("accessed", lang)} {html.escape(str(s["date_accessed"]))})' \
                if s.get("date_accessed") else ""
            lic = f'. {html.escape(str(s["licence"]))}' if s.get("licence") else ""
            rows.append(f'<li>{html.escape(str(s.get("publisher") or ""))}: {link}{acc}{lic}</li>')
    rows = list(dict.fromkeys(rows))
    display_html(f'<ul class="wb-sources" style="font-size:0.9em">{"".join(rows)}</ul>')


__all__ = ["Finding", "caveats", "heading", "key_findings", "markdown", "methods", "sources", "title",
           "source_html"]
