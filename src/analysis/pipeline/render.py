"""Executed notebook -> self-contained HTML report, the same HTML -> PDF (WeasyPrint), and reports/index.html.

The nbconvert exporter, the Jinja environment, the house CSS and WeasyPrint's font configuration are built
once per process and reused: the profiles step renders hundreds of reports.
"""
from __future__ import annotations

import datetime as dt
import functools
import html as htmlmod
import math
import os
import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import nbformat

from analysis import provenance
from analysis.atomic import atomic_path, write_text
from analysis.errors import ParameterError, PipelineError
from analysis.i18n import LANGS, Words, fmt_number

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
REPORT_TEMPLATE = "report"

# Parameters for the runner's or JupyterLab's bookkeeping; they are not shown to readers.
HIDDEN_PARAMS = frozenset({"output_dir", "output_href", "interactive"})

# Every word of the page around the notebook comes from the house catalogue (analysis/house.yaml).
LABELS: dict[str, dict[str, str]] = {lang: Words(None, lang).table("report_page") for lang in LANGS}
EDITION_NAMES = {lang: Words(None, lang)("edition_name") for lang in LANGS}
_MONTHS = {lang: Words(None, lang)("months") for lang in LANGS}

# Cell tags whose cell (or outputs) never reach a reader.
_REMOVE_CELL_TAGS = frozenset({"remove_cell", "remove-cell", "hide", "hide-cell", "parameters",
                               "injected-parameters"})
_REMOVE_OUTPUT_TAGS = frozenset({"remove_output", "remove-output", "hide-output", "hide_output"})
_DROP_MIMETYPES = ("application/javascript", "application/vnd.jupyter.widget-view+json",
                   "application/vnd.jupyter.widget-state+json")
# Python reprs and object dumps that must not appear in a report.
_REPR = re.compile(r"<[A-Za-z_][\w.]*(?: object)? at 0x[0-9a-fA-F]+>|<Axes[:\s>]|<Figure size|"
                   r"<matplotlib\.|\[<matplotlib|<class '|<IPython\.|\bDataFrame\b|^Text\(", re.M)

_MD_H1 = re.compile(r"^[ ]{0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_HTML_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#[^"]*"(?: ?/>|>[^<]*</a>)')  # as nbconvert's markdown writes it
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.I)

_render_lock = threading.Lock()
_pdf_lock = threading.Lock()


# ---------------------------------------------------------------------------------------------- caches

@functools.lru_cache(maxsize=1)
def _exporter():
    """The one nbconvert HTMLExporter with the house template: outputs only, no prompts."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class HouseExporter(HTMLExporter):
        """HTMLExporter without its last pass, which parses and rewrites the whole page with BeautifulSoup to give
        JupyterLab's classes a tabindex and alt-less images a stock English alt text: the house template has none
        of those classes and writes every alt itself (the browser tests' accessibility check holds it to that).
        On a profile that pass cost more than drawing its map."""

        def from_notebook_node(self, nb, resources=None, **kw):
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", Highlight2HTML(pygments_lexer="python", parent=self))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return HouseExporter(template_name=REPORT_TEMPLATE, extra_template_basedirs=[str(TEMPLATES)],
                         exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                         exclude_output_stdin=True, anchor_link_text="", embed_images=True)


@functools.lru_cache(maxsize=1)
def house_css() -> str:
    """The house stylesheet (screen and print), read once."""
    return (TEMPLATES / REPORT_TEMPLATE / "report.css").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _index_env():
    """Jinja environment for the index page (autoescaping on)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES / "index")),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


@functools.lru_cache(maxsize=1)
def _font_config():
    """WeasyPrint's font configuration; building it scans the system fonts, so do it once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.lru_cache(maxsize=1)
def _house_stylesheet():
    """The house CSS parsed once by WeasyPrint; render_pdf swaps it in for the inline copy."""
    from weasyprint import CSS

    return CSS(string=house_css(), font_config=_font_config())


# ---------------------------------------------------------------------------------------------- small formatting

def labels(lang: str) -> dict[str, str]:
    """The report labels in lang; ParameterError for a language we do not publish in."""
    if lang not in LABELS:
        raise ParameterError(f"unknown report language '{lang}'", column="lang", valid=", ".join(LANGS))
    return LABELS[lang]


def format_date(value: Any, lang: str) -> tuple[str, str]:
    """(display, iso) for a run date given as date, datetime or ISO string; unparseable strings as given."""
    if value in (None, ""):
        return "", ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value, ""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        month = _MONTHS[lang][day.month - 1]
        shown = f"{day.day}. {month} {day.year}" if lang == "da" else f"{day.day} {month} {day.year}"
        return shown, value.isoformat()
    return str(value), ""


def format_value(value: Any, lang: str) -> str:
    """A parameter value as a reader sees it (no Python reprs, numbers in the report language)."""
    lab = LABELS[lang]
    if value is None:
        return "–"
    if isinstance(value, bool):
        return lab["yes"] if value else lab["no"]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        text = repr(value)
        return text.replace(".", ",") if lang == "da" else text
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {format_value(v, lang)}" for k, v in value.items()) or "–"
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return ", ".join(format_value(v, lang) for v in items) or "–"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def format_duration(value: Any, lang: str) -> str:
    """Seconds as '12,3 s' / '12.3 s'; strings as given."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{fmt_number(float(value), lang, 1)} s"
    return "" if value is None else str(value)


def _css_string(text: str) -> str:
    """text as the inside of a CSS double-quoted string that is safe inside <style>."""
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def _plain(fragment: str) -> str:
    """Visible text of an HTML or markdown heading fragment."""
    text = htmlmod.unescape(_TAG.sub("", fragment))
    text = re.sub(r"[*_`]+", "", text) if "<" not in fragment else text
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------- notebook cleaning

def _as_text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def _clean_output(output: dict) -> dict | None:
    """The output as a reader should see it, or None: no stderr, errors, widgets, scripts or reprs.

    execute_result (the echo of a cell's last expression, e.g. a bare DataFrame) is dropped too: report
    content is shown deliberately with display() via analysis.report / figures.export.
    """
    kind = output.get("output_type")
    if kind in ("error", "execute_result"):
        return None
    if kind == "stream":
        text = _as_text(output.get("text"))
        if output.get("name") != "stdout" or not text.strip() or _REPR.search(text):
            return None
        return {**output, "text": text}
    if kind != "display_data":
        return None
    data = {k: v for k, v in output.get("data", {}).items() if k not in _DROP_MIMETYPES}
    if any(k != "text/plain" for k in data):
        data.pop("text/plain", None)
    elif len(data) < len(output.get("data", {})):
        return None  # a widget's or script's plain-text fallback
    elif not data or _REPR.search(_as_text(data.get("text/plain"))):
        return None
    return {**output, "data": data}


def _readable_cells(nb) -> list[dict]:
    """Cells minus removed ones, code cells reduced to their readable outputs (input kept out by the template)."""
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & _REMOVE_CELL_TAGS:
            continue
        if cell.cell_type == "code":
            outputs = [] if tags & _REMOVE_OUTPUT_TAGS else cell.get("outputs", [])
            outputs = [o for o in (_clean_output(out) for out in outputs) if o is not None]
            if outputs:
                cells.append({**cell, "source": "", "execution_count": None, "outputs": outputs})
        elif cell.cell_type == "markdown":
            cells.append({**cell, "source": _as_text(cell.source)})
        elif cell.cell_type == "raw":
            cells.append(cell)
    return cells


def _take_title(cells: list[dict]) -> str | None:
    """Find the first h1 (markdown '# ' or HTML <h1>) in prose or outputs, remove it there, return its text."""
    for cell in cells:
        if cell["cell_type"] == "markdown":
            match = _MD_H1.search(cell["source"])
            if match:
                cell["source"] = cell["source"][:match.start()] + cell["source"][match.end():]
                return _plain(match.group(1))
            continue
        for i, out in enumerate(cell.get("outputs", [])):
            data, title = dict(out.get("data", {})), None
            for mime, pattern in (("text/html", _HTML_H1), ("text/markdown", _MD_H1)):
                text = _as_text(data.get(mime))
                match = pattern.search(text) if text else None
                if match:  # take it out of every representation, so whichever is shown has no h1
                    title = title or _plain(match.group(1))
                    data[mime] = text[:match.start()] + text[match.end():]
            if title:
                if any(_as_text(data.get(m)).strip() for m in ("text/html", "text/markdown")):
                    cell["outputs"][i] = {**out, "data": data}
                else:  # the output was only the title: drop it rather than leave an empty block
                    del cell["outputs"][i]
                return title
    return None


def normalise_headings(html: str) -> str:
    """Keep one h1 and no skipped levels: later h1s become h2, a jump of two or more levels is closed up."""
    state = {"prev": 0, "open": []}

    def fix(match: re.Match) -> str:
        closing, level = match.group(1), int(match.group(2))
        if closing:
            new = state["open"].pop() if state["open"] else level
            return f"</h{new}"
        if not state["prev"]:
            new = 1
        else:
            new = min(max(level, 2), state["prev"] + 1)
        state["prev"] = new
        state["open"].append(new)
        return f"<h{new}"

    return _HEADING_TAG.sub(fix, html)


# ---------------------------------------------------------------------------------------------- HTML

def reader_params(params: Mapping[str, Any], lang: str, report: str | None = None) -> list[tuple[str, str]]:
    """(name as readers say it, value as readers read it) of the parameters a reader should see: names from
    the report's `params` table (else the house's), coded values from its `param_values` table ("peers=size"),
    the language by its name; runner-only ones left out."""
    words = Words(report, lang)
    names = words.table("params") if "params" in words else {}
    values = words.table("param_values") if "param_values" in words else {}  # "peers=size": a code as words
    out = []
    for key, value in (params or {}).items():
        if key in HIDDEN_PARAMS:
            continue
        # keys are asked for by name (the catalogue test finds unused ones by their literal names)
        shown = words({"da": "language_da", "en": "language_en"}[value]) if key == "lang" \
            else values.get(f"{key}={value}") or format_value(value, lang)
        out.append((names.get(key) or words.lookup("param_names", key), shown))
    return out


def _breakable(text: str) -> str:
    """text escaped for HTML, with a line-break opportunity (<wbr>) after each "/" and "_": a file path or table
    name then wraps at its separators instead of between any two letters."""
    return htmlmod.escape(text).replace("/", "/<wbr>").replace("_", "_<wbr>")


def _vintage_cells(row: Mapping[str, Any]) -> dict:
    """One row of the data-vintage table as the template shows it; the table name and the snapshot's path come
    escaped, breakable at their separators (the PDF lays the table out with fixed column widths; WeasyPrint
    ignores a <wbr> inside an inline element, so the name is the cell's own text)."""
    cells = {k: str(row.get(k) or "–") for k in ("table", "snapshot", "date_accessed", "sha256")}
    return {**cells, "table_html": _breakable(cells["table"]), "snapshot_html": _breakable(cells["snapshot"])}


def _context(*, title: str, lang: str, params: dict, vintage: list[dict], sources: list[dict],
             run_info: dict, report: str | None = None) -> dict:
    """Everything the report template shows around the notebook body, formatted for lang."""
    lab = labels(lang)
    run_info = run_info or {}
    date_shown, date_iso = format_date(run_info.get("date"), lang)
    commit = str(run_info.get("commit") or "")
    short = commit[:10]
    edition = str(run_info.get("edition") or "")
    duration = format_duration(run_info.get("duration"), lang)
    run_meta = [f"{lab['report_date']}: {date_shown}" if date_shown else "",
                f"{lab['edition']}: {edition}" if edition else "",
                f"{lab['commit']}: {short}" if short else "",
                f"{lab['duration']}: {duration}" if duration else ""]
    colophon = [lab["generated"], f"{lab['commit']} {short}" if short else "", date_shown]
    footer_left = " · ".join(x for x in (date_shown, f"muni-it-workbench {short}".strip()) if x)
    page_labels = {k: _css_string(v) for k, v in lab.items()}
    return {
        "title": title,
        "lang": lang,
        "labels": {**lab, "page": page_labels["page"], "of": page_labels["of"]},
        "kicker": lab["kicker"],
        "commit": short,
        "date_iso": date_iso,
        "revised": str(run_info.get("revised") or ""),
        "run_meta": [x for x in run_meta if x],
        "colophon": [x for x in colophon if x],
        "footer_left": _css_string(footer_left),
        "params": reader_params(params, lang, report),
        "vintage": [_vintage_cells(row) for row in vintage or []],
        "sources": [{**{k: str(src.get(k) or "") for k in ("title", "publisher", "url", "date_accessed",
                                                           "licence", "file", "official", "official_url",
                                                           "obtained", "years")},
                     "copies": [c for c in src.get("copies") or [] if c.get("url")],
                     "tables": [{"what": str(t.get("what") or ""), "files": [str(f) for f in t.get("files") or []]}
                                for t in src.get("tables") or []]}
                    for src in provenance.in_language(list(sources or []), lang)],
        "css": house_css(),
    }


def render_html(nb: nbformat.NotebookNode, *, title: str, lang: str, params: dict, vintage: list[dict],
                sources: list[dict], run_info: dict, report: str | None = None) -> str:
    """Render an executed notebook as a self-contained report page (outputs only, house template)."""
    cells = _readable_cells(nb)
    found = _take_title(cells)
    cells = [c for c in cells if c.get("outputs") or c["cell_type"] != "code" and _as_text(c["source"]).strip()]
    context = _context(title=found or title, lang=lang, params=params, vintage=vintage, sources=sources,
                       run_info=run_info, report=report)
    clean = nbformat.from_dict({"cells": cells, "metadata": nb.get("metadata", {}),
                                "nbformat": nb.get("nbformat", 4), "nbformat_minor": nb.get("nbformat_minor", 5)})
    with _render_lock:  # the exporter registers per-notebook filters on a shared environment
        body, _ = _exporter().from_notebook_node(clean, resources={"report": context})
    return normalise_headings(_ANCHOR_LINK.sub("", body))


# ---------------------------------------------------------------------------------------------- PDF

_HOUSE_STYLE_BLOCK = re.compile(r'<style id="house-css">.*?</style>', re.S)
_RESOURCE_SRC = re.compile(r'(<img\b[^>]*?\bsrc="|<image\b[^>]*?\bhref=")([^"]+)(")', re.I)  # an SVG's too


def _absolute_sources(html: str, base_url: str | Path) -> str:
    """Resolve relative <img src> (and an SVG's <image href>) against base_url, so links can stay relative (as
    published) in the PDF."""
    base = str(base_url)
    if "://" not in base:
        path = Path(base).resolve()
        base = path.as_uri() + ("/" if path.is_dir() else "")

    def fix(match: re.Match) -> str:
        src = htmlmod.unescape(match.group(2))
        if src.startswith(("data:", "#")) or re.match(r"^[a-zA-Z][\w+.-]*:", src):
            return match.group(0)
        return match.group(1) + htmlmod.escape(urljoin(base, src)) + match.group(3)

    return _RESOURCE_SRC.sub(fix, html)


_DOWNLOAD_LINK = re.compile(r'( · )?<a\b([^>]*\bwb-download\b[^>]*)>([^<]*)</a>')
_HREF = re.compile(r'\bhref="([^"]*)"')


def _attached_data(html: str, base_url: str | Path) -> str:
    """Each figure's and table's "Download data" and metadata links as PDF attachments (rel="attachment": WeasyPrint
    embeds the file and the link opens it), so a PDF shared on its own still carries its data; the SVG link, which
    would point to a file beside the HTML, is left out of the PDF."""
    base = Path(str(base_url)).resolve()

    def fix(match: re.Match) -> str:
        sep, attrs, text = match.group(1) or "", match.group(2), match.group(3)
        found = _HREF.search(attrs)
        href = htmlmod.unescape(found.group(1)) if found else ""
        if not href or re.match(r"^[a-zA-Z][\w+.-]*:", href) or href.startswith(("/", "#")):
            return match.group(0)
        if href.endswith(".svg"):
            return ""
        path = (base / href).resolve()
        if not href.endswith((".csv", ".json")) or not path.is_file() or not path.is_relative_to(base):
            return match.group(0)
        attrs = _HREF.sub(lambda _m: f'href="{htmlmod.escape(path.as_uri())}"', attrs, count=1)
        return f'{sep}<a rel="attachment"{attrs}>{text}</a>'

    return _DOWNLOAD_LINK.sub(fix, html)


# What only a screen shows (the interactive maps; export._svg_figure): left out before WeasyPrint parses the page,
# which it would otherwise read whole to draw nothing of it. Such a block holds no <div> of its own.
_SCREEN_ONLY = re.compile(r'<div class="wb-screen-only">.*?</div>', re.S)


def warm_pdf() -> None:
    """Build WeasyPrint's font configuration and parse the house CSS now, before the first page needs them."""
    _house_stylesheet()


def render_pdf(html: str, pdf_path: Path, *, base_url: str | Path | None = None) -> Path:
    """Write html as an A4 PDF with the print stylesheet (page x of y, report date in the footer); atomic.

    base_url resolves any non-embedded image and the figures' data files, which are embedded as attachments (their
    links open them); other links keep their relative form so they work beside the HTML.
    """
    from weasyprint import HTML

    pdf_path = Path(pdf_path)
    stylesheets = []
    if '<style id="house-css">' in html:  # use the pre-parsed house CSS instead of re-parsing the inline copy
        html = _HOUSE_STYLE_BLOCK.sub("", html, count=1)
        stylesheets.append(_house_stylesheet())
    if base_url is not None:
        html = _attached_data(_absolute_sources(html, base_url), base_url)
    html = _SCREEN_ONLY.sub("", html)
    # No base_url for WeasyPrint itself: relative links (figure data) stay relative to the published PDF.
    document = HTML(string=html, base_url=None)
    with _pdf_lock, atomic_path(pdf_path, suffix=".pdf") as tmp:  # shared font config: one at a time
        # pdf_tags: a tagged PDF (structure tree, reading order, alt texts) that screen readers can follow
        document.write_pdf(tmp, stylesheets=stylesheets, font_config=_font_config(), pdf_tags=True)
    return pdf_path


# ---------------------------------------------------------------------------------------------- index

def _href(value: Any, reports_dir: Path) -> str:
    """A link relative to reports_dir, in URL form (absolute paths are made relative)."""
    text = str(value)
    if os.path.isabs(text):
        text = os.path.relpath(text, reports_dir)
    return Path(text).as_posix() if "://" not in text else text


def _data_links(value: Any, reports_dir: Path) -> list[dict]:
    """Figure-data links of an index entry: a href, a list of hrefs, or a list of {name, href}."""
    if not value:
        return []
    items = [value] if isinstance(value, str | Path | Mapping) else list(value)
    links = []
    for item in items:
        if isinstance(item, Mapping):
            href = _href(item["href"], reports_dir)
            links.append({"href": href, "name": item.get("name") or Path(href).name})
        else:
            href = _href(item, reports_dir)
            links.append({"href": href, "name": Path(href.rstrip("/")).name})
    return links


def _index_entry(i: int, entry: Mapping, reports_dir: Path) -> dict:
    """One index row, formatted in the entry's own language; PipelineError when title or html is missing."""
    for key in ("title", "html"):
        if not entry.get(key):
            raise PipelineError(f"index entry {i} ({entry.get('step', '?')}) has no '{key}'",
                                valid="step, edition, title, lang, date, commit, params, html, pdf, data")
    lang = entry.get("lang") if entry.get("lang") in LABELS else "en"
    date_shown, date_iso = format_date(entry.get("date"), lang)
    return {
        "step": str(entry.get("step") or ""),
        "edition": str(entry.get("edition") or ""),
        "title": str(entry["title"]),
        "lang": lang,
        "date": date_shown,
        "date_iso": date_iso,
        "commit": str(entry.get("commit") or "")[:10],
        "params": [(k, format_value(v, lang)) for k, v in (entry.get("params") or {}).items()
                   if k not in HIDDEN_PARAMS],
        "html": _href(entry["html"], reports_dir),
        "pdf": _href(entry["pdf"], reports_dir) if entry.get("pdf") else "",
        "data": _data_links(entry.get("data"), reports_dir),
    }


def _group_by_edition(rows: Iterable[dict]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["edition"], []).append(row)
    return list(groups.items())


def write_index(reports_dir: Path, entries: list[dict], changes: dict | None = None) -> Path:
    """Write reports_dir/index.html listing every report with links to HTML, PDF and figure data; atomic."""
    reports_dir = Path(reports_dir)
    rows = [_index_entry(i, e, reports_dir) for i, e in enumerate(entries, 1)]
    commits = sorted({r["commit"] for r in rows if r["commit"]})
    dates = sorted({r["date_iso"][:10] for r in rows if r["date_iso"]})
    page = _index_env().get_template("index.html.j2").render(
        groups=_group_by_edition(rows), count=len(rows), commits=commits, dates=dates,
        css=house_css(), labels=LABELS, editions=EDITION_NAMES, changes=changes)
    return write_text(reports_dir / "index.html", page)
