"""Publish figures and tables: files beside the report (SVG, PNG, CSV of exactly the plotted data, JSON
metadata) and an HTML block in the notebook with the image, alt text, source line and download links.

    publish_figure(fig, "egdi", data, title=..., units="index (0-1)", sources=tables.sources(df), P=P)
    publish_table(df, "egdi_table", title=..., sources=tables.sources(df), P=P)

Files go to Path(P.output_dir); links point to f"{P.output_href}/<name>.<ext>". Both functions
return None, so nothing leaks into the report as a Python repr.
"""
from __future__ import annotations

import base64
import html
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from analysis import atomic, provenance
from analysis.safe_links import safe_href
from analysis.errors import ParameterError
from analysis.figures import style
from analysis.figures.labels import label
from analysis.i18n import fmt_kr, fmt_number, fmt_percent

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PHONE_MAX_PX = 600  # screens up to this width (CSS px) get a figure's phone rendition
Sources = list[dict] | str


# --- sources -----------------------------------------------------------------------------------

def source_text(sources: Sources, lang: str) -> str:
    """One source line from provenance dicts ("Source: Statistics Norway; Eurostat") or a ready string."""
    return sources if isinstance(sources, str) else provenance.line(sources, lang)


def source_html(sources: Sources, lang: str) -> str:
    """The source line as HTML: each publisher linked to its source URL, title and access date on hover."""
    if isinstance(sources, str):
        return html.escape(sources)
    seen: dict[str, list[dict]] = {}
    for s in sources or []:
        pub = provenance.publisher(str(s.get("publisher") or s.get("title") or "").strip(), lang)
        if pub:
            seen.setdefault(pub, []).append(s)
    if not seen:
        return ""
    parts = []
    for pub, items in seen.items():
        links = []
        for k, s in enumerate(items):
            url = safe_href(s.get("url") or s.get("source_url"))
            tip = s.get("title") or s.get("source_title") or ""
            if s.get("date_accessed"):
                tip = f"{tip} ({label('accessed', lang)} {s['date_accessed']})"
            text = html.escape(pub) if k == 0 else f"[{k + 1}]"
            if url:
                links.append(f'<a href="{html.escape(str(url))}" title="{html.escape(tip)}">{text}</a>')
            else:
                links.append(f'<span title="{html.escape(tip)}">{text}</span>')
        parts.append(" ".join(links))
    word = label("sources" if len(seen) > 1 else "source", lang)
    return f"{word}: " + "; ".join(parts)


def _json_sources(sources: Sources) -> list[dict] | str:
    """Sources made JSON-safe (dates and NaN as strings/null)."""
    if isinstance(sources, str):
        return sources
    out = []
    for s in sources or []:
        out.append({k: (None if isinstance(v, float) and math.isnan(v) else
                        v if isinstance(v, (str, int, float, bool)) or v is None else str(v))
                    for k, v in dict(s).items()})
    return out


# --- alt text ----------------------------------------------------------------------------------

def describe(meta: Mapping[str, Any], data: pd.DataFrame, lang: str) -> str:
    """Alt text derived from the plotted data, e.g. 'Line chart: Denmark rose from 0.85 to 0.98 ...'."""
    kind = meta.get("kind")
    dec = int(meta.get("decimals") or 0)
    pct = bool(meta.get("percent"))

    def f(v):
        return fmt_percent(v, lang, dec) if pct else fmt_number(v, lang, dec)

    try:
        if kind == "line":
            return _describe_line(meta, data, lang, f)
        if kind == "bar":
            return _describe_bar(meta, data, lang, f)
        if kind == "dot":
            return _describe_dot(meta, data, lang, f)
        if kind == "timeline":
            return _describe_timeline(meta, data, lang)
    except (KeyError, ValueError, TypeError):
        pass
    title = meta.get("title", "")
    return f"{label('chart', lang)}: {title}. " + label("table_rows", lang, n=fmt_number(len(data), lang))


def _describe_line(meta, data, lang, f) -> str:
    x, y, series = meta["x"], meta["y"], meta.get("series")
    groups = [(None, data)] if not series else list(data.groupby(series, sort=False))
    rank = {k: i for i, k in enumerate(meta.get("order") or [])}
    groups.sort(key=lambda g: rank.get(g[0], len(rank)))  # the highlighted series are described first
    parts = []
    for key, part in groups[:6]:
        part = part.dropna(subset=[y]).sort_values(x)
        if part.empty:
            continue
        name = meta.get("labels", {}).get(key, key) if key is not None else meta.get("units", "")
        a, b = float(part[y].iloc[0]), float(part[y].iloc[-1])
        y1, y2 = part[x].iloc[0], part[x].iloc[-1]
        if len(part) == 1:
            parts.append(f"{name} {label('only', lang, y=y1, a=f(a))}")
            continue
        verb = label("rose" if b > a else "fell" if b < a else "unchanged", lang)
        parts.append(f"{name} {verb} " + label("from_to", lang, a=f(a), b=f(b), y1=y1, y2=y2))
    if len(groups) > 6:
        parts.append(label("and_more", lang, n=len(groups) - 6))
    units = meta.get("units", "")
    return f"{label('line_chart', lang)} ({units}): " + "; ".join(parts) + "."


def _describe_bar(meta, data, lang, f) -> str:
    cat, y = meta["category"], meta["y"]
    d = data.dropna(subset=[y]).sort_values(y, ascending=False)
    names = meta.get("labels", {})
    top, bottom = d.iloc[0], d.iloc[-1]
    text = (f"{label('bar_chart', lang)}, " + label("ranking", lang, n=len(d), units=meta.get("units", ""))
            + f": {label('highest', lang)} {names.get(top[cat], top[cat])} ({f(float(top[y]))}), "
            + f"{label('lowest', lang)} {names.get(bottom[cat], bottom[cat])} ({f(float(bottom[y]))})")
    hl = [r for _, r in d.iterrows() if str(r[cat]) in meta.get("highlight", [])]
    for r in hl[:4]:
        rank = list(d[cat]).index(r[cat]) + 1
        text += f"; {names.get(r[cat], r[cat])}: {f(float(r[y]))} (#{rank})"
    return text + "."


def _describe_dot(meta, data, lang, f) -> str:
    cat, y, series = meta["category"], meta["y"], meta["series"]
    names, cnames = meta.get("labels", {}), meta.get("category_labels", {})
    d = data.dropna(subset=[y])
    rows = []
    for c, part in list(d.groupby(cat, sort=False))[:8]:
        vals = ", ".join(f"{names.get(k, k)} {f(float(v))}" for k, v in zip(part[series], part[y]))
        rows.append(f"{cnames.get(c, c)}: {vals}")
    more = d[cat].nunique() - len(rows)
    if more > 0:
        rows.append(label("and_more", lang, n=more))
    return f"{label('dot_plot', lang)} ({meta.get('units', '')}): " + "; ".join(rows) + "."


def _describe_timeline(meta, data, lang) -> str:
    x, lab = meta["x"], meta["label"]
    d = data.dropna(subset=[x]).sort_values(x)
    events = "; ".join(f"{r[x]}: {r[lab]}" for _, r in d.head(10).iterrows())
    if len(d) > 10:
        events += "; " + label("and_more", lang, n=len(d) - 10)
    head = label("events", lang, n=len(d), y1=d[x].iloc[0], y2=d[x].iloc[-1])
    return f"{label('timeline', lang)}, {head}: {events}."


# --- files -------------------------------------------------------------------------------------

def _check_name(name: str) -> None:
    """Names become file names and HTML ids: lower-case letters, digits, '_' and '-'."""
    if not NAME_RE.match(name or ""):
        raise ParameterError(f"figure/table name {name!r} is not a valid file name",
                             valid="lower-case letters, digits, '_' and '-', e.g. 'egdi_over_time'")


PAD_INCHES = 0.18  # white margin around a saved figure's content


def _render(fig: Figure, fmt: str, bbox=None) -> bytes:
    """fig as bytes in fmt, trimmed to its content (or to bbox, in inches), with no date or software stamp
    (reruns give equal bytes)."""
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, dpi=style.DPI, bbox_inches=bbox or "tight", pad_inches=PAD_INCHES,
                metadata=metadata)
    return buf.getvalue()


def _render_laid_out(fig: Figure, fmts: tuple[str, ...]) -> dict[str, bytes]:
    """fig in each format, laid out once: the layout and the trimmed box are computed in one pass, then each
    format is drawn once with the layout engine at rest (a saved format would otherwise lay out and measure the
    figure again, twice); the engine is back afterwards for the phone rendition."""
    if not hasattr(fig.canvas, "get_renderer"):  # a Figure made without pyplot (the maps) has no canvas yet
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        FigureCanvasAgg(fig)
    fig.set_dpi(style.DPI)
    fig.draw_without_rendering()
    bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(PAD_INCHES)
    engine = fig.get_layout_engine()
    with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # no engine at all ("none" leaves a placeholder, for which savefig would
        # lay the figure out once more, without drawing, before each format)
    try:
        return {fmt: _render(fig, fmt, bbox) for fmt in fmts}
    finally:
        fig.set_layout_engine(engine)


def _save_figure(fig: Figure, path: Path, fmt: str, content: bytes | None = None) -> bytes:
    """Render fig to bytes in fmt (unless given) and write them atomically to path."""
    content = _render(fig, fmt) if content is None else content
    if fmt == "svg" and style.meta(fig).get("svg_decimals") is not None:  # maps: coordinates to 0.1 pt
        from analysis.figures.maps import compact_svg
        content = compact_svg(content, style.meta(fig)["svg_decimals"])
    atomic.write_bytes(path, content)
    return content


def _write_data(df: pd.DataFrame, out: Path, name: str, meta: dict) -> None:
    """CSV of the data (machine format: decimal point, no thousands separator) and JSON metadata."""
    atomic.write_text(out / f"{name}.csv", df.to_csv(index=False))
    atomic.write_text(out / f"{name}.json", json.dumps(meta, ensure_ascii=False, indent=2, default=str))


def _links(name: str, href: str, lang: str, svg: bool) -> str:
    """The download links under a figure or table."""
    base = (href or ".").rstrip("/")
    items = [(f"{base}/{name}.csv", label("download_csv", lang), "csv"),
             (f"{base}/{name}.json", label("metadata_json", lang), "json")]
    if svg:
        items.append((f"{base}/{name}.svg", label("svg", lang), "svg"))
    links = " · ".join(f'<a href="{html.escape(u)}" download class="wb-download wb-{k}">{html.escape(t)}</a>'
                       for u, t, k in items)
    return f'<span class="wb-downloads">{links}</span>'


def display_html(markup: str) -> None:
    """Show HTML as the cell's output (Jupyter) or do nothing visible outside IPython."""
    try:
        from IPython.display import HTML, display
    except ImportError:  # pragma: no cover - IPython ships with the kernel
        return
    display(HTML(markup))


def _svg_figure(name: str, title: str, svg: str, sources: Sources, href: str, lang: str,
                print_svg: str | None = None) -> str:
    """The page markup of a figure shown as inline SVG (which carries its own <title> and <desc>): its title as
    text above it, source line and download links below; with print_svg, that one on paper (the PDF) and the
    other on screen (the house CSS's .wb-screen-only and .wb-print-only)."""
    if print_svg:
        svg = f'<div class="wb-screen-only">{svg}</div><div class="wb-print-only">{print_svg}</div>'
    return (f'<figure id="fig-{name}" class="wb-figure wb-map-figure" aria-label="{html.escape(title)}" '
            f'style="margin:1.2em 0"><div class="wb-figure-title" style="font-family:sans-serif;font-weight:bold;'
            f'margin-bottom:0.4em">{html.escape(title)}</div>{svg}'
            f'<figcaption class="wb-caption" style="font-size:0.85em;color:#5c5c5c;margin-top:0.3em">'
            f'<span class="wb-source">{source_html(sources, lang)}</span><br>'
            f'{_links(name, href, lang, svg=True)}</figcaption></figure>')


def publish_svg(svg: str, name: str, data: pd.DataFrame, *, title: str, units: str, sources: Sources, alt: str,
                P, kind: str = "map", print_svg: str | None = None) -> None:
    """A figure drawn as SVG text (a map from figures.maps.interactive_svg, which carries its own <title> and
    <desc>): saved as <name>.svg beside its data (.csv, exactly what it draws) and metadata (.json), shown in the
    page as inline SVG under its title, with source line and download links. No matplotlib and no PNG: it scales
    to a phone's width with legible labels and prints sharp."""
    _check_name(name)
    lang = getattr(P, "lang", "en")
    out = Path(P.output_dir)
    src_text = source_text(sources, lang)
    atomic.write_text(out / f"{name}.svg", svg)
    _write_data(data, out, name, {
        "name": name, "kind": kind, "title": title, "units": units, "sources": _json_sources(sources),
        "source_line": src_text, "alt": alt, "lang": lang, "columns": list(map(str, data.columns)),
        "rows": int(len(data)), "files": {ext: f"{name}.{ext}" for ext in ("svg", "csv", "json")},
    })
    display_html(_svg_figure(name, title, svg, sources, P.output_href, lang, print_svg))


def publish_figure(fig: Figure, name: str, data: pd.DataFrame, *, title: str, units: str,
                   sources: Sources, alt: str | None = None, P, inline_svg: str | None = None,
                   print_svg: str | None = None) -> None:
    """Save fig as <name>.svg/.png, its plotted data as .csv and metadata as .json under P.output_dir,
    display it as an HTML <figure id="fig-<name>"> with alt text, source line and download links,
    and close it. alt defaults to a sentence derived from the data.

    inline_svg (a map's accessible SVG, which carries its own <title> and <desc>) is shown in the page instead
    of the PNG, under the title as text: it scales to a phone's width with legible labels and prints sharp;
    print_svg (figures.maps.print_svg) is the one drawn on paper.
    """
    _check_name(name)
    lang = getattr(P, "lang", "en")
    out = Path(P.output_dir)
    meta = dict(getattr(fig, "_workbench", {}))
    meta.setdefault("title", title)
    src_text = source_text(sources, lang)
    phone_fig = None
    try:
        if src_text and not meta.get("source_drawn"):
            style.source_line(fig, src_text)  # every saved image carries its source line
        alt_text = alt or describe(meta, data, lang)
        drawn = _render_laid_out(fig, ("svg", "png"))
        _save_figure(fig, out / f"{name}.svg", "svg", drawn["svg"])
        png = _save_figure(fig, out / f"{name}.png", "png", drawn["png"])
        phone_fig = None if inline_svg is not None else style.phone_layout(fig, laid_out=True)
        phone = phone_fig and _render(phone_fig, "svg")  # vector: sharp at any pixel density, text stays text
    finally:
        plt.close(fig)
        if phone_fig is not None:
            plt.close(phone_fig)
    _write_data(data, out, name, {
        "name": name, "kind": meta.get("kind"), "title": title, "units": units,
        "sources": _json_sources(sources), "source_line": src_text, "alt": alt_text, "lang": lang,
        "columns": list(map(str, data.columns)), "rows": int(len(data)),
        "files": {ext: f"{name}.{ext}" for ext in ("svg", "png", "csv", "json")},
    })
    if inline_svg is not None:
        display_html(_svg_figure(name, title, inline_svg, sources, P.output_href, lang, print_svg))
        return
    b64 = base64.b64encode(png).decode("ascii")
    # a phone gets the phone rendition (an SVG, text of 11 px at 358 px); a wider screen and the PDF the <img>
    for_phone = (f'<source media="(max-width: {PHONE_MAX_PX}px)" type="image/svg+xml" '
                 f'srcset="data:image/svg+xml;base64,{base64.b64encode(phone).decode("ascii")}">' if phone else "")
    markup = (
        f'<figure id="fig-{name}" class="wb-figure" aria-label="{html.escape(title)}" '
        f'style="margin:1.2em 0"><picture>{for_phone}'
        f'<img src="data:image/png;base64,{b64}" alt="{html.escape(alt_text)}" '
        f'style="max-width:100%;height:auto;display:block"></picture>'
        f'<figcaption class="wb-caption" style="font-size:0.85em;color:#5c5c5c;margin-top:0.3em">'
        f'<span class="wb-source">{source_html(sources, lang)}</span><br>'
        f'{_links(name, P.output_href, lang, svg=True)}</figcaption></figure>'
    )
    display_html(markup)


# --- tables ------------------------------------------------------------------------------------

Format = int | str | Callable[[Any], str]


def _formatter(spec: Format | None, values: pd.Series, lang: str) -> Callable[[Any], str]:
    """A cell formatter from a spec: int decimals, 'percent[:d]', 'kr[:d]', 'int', a callable, or None
    (numbers shown with the decimals they have, never silently rounded beyond 3)."""
    if callable(spec):
        return spec
    if spec is None:
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            return lambda v: "–" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
        from analysis.figures.charts import value_decimals
        dec = value_decimals(values)
        return lambda v: fmt_number(_num(v), lang, dec)
    if isinstance(spec, int):
        return lambda v: fmt_number(_num(v), lang, spec)
    kind, _, dec = str(spec).partition(":")
    d = int(dec) if dec else 0
    if kind == "percent":
        return lambda v: fmt_percent(_num(v), lang, d)
    if kind == "kr":
        return lambda v: fmt_kr(_num(v), lang, d)
    if kind in ("int", "year"):
        return lambda v: "–" if _num(v) is None else str(int(v))
    raise ParameterError(f"unknown table format {spec!r}",
                         valid="int decimals, 'percent[:d]', 'kr[:d]', 'int', 'year' or a function")


def _num(v):
    """A float, or None when missing (so formatters print '–')."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def table_html(df: pd.DataFrame, lang: str, formats: Mapping[str, Format] | None = None,
               published: Iterable[str] = (), label: str = "") -> str:
    """An HTML table with numbers formatted in the report language and right-aligned, in a scrolling region
    a keyboard can reach (named by label). Cells of the `published` columns hold text as its publisher
    printed it (document titles, names), in whatever language that is: they are marked so (class
    wb-as-published), and the spelling check of the reader's language leaves them alone."""
    formats = dict(formats or {})
    published = set(published)
    unknown = published - set(df.columns)
    if unknown:
        raise ParameterError(f"published: no column {sorted(map(str, unknown))[0]!r} in the table",
                             valid=", ".join(map(str, df.columns)))
    for col in df.columns:  # years stay '2024', not '2.024'
        if str(col).lower() in ("year", "år", "start_year") and col not in formats:
            formats[col] = "year"
    fns = {c: _formatter(formats.get(c), df[c], lang) for c in df.columns}
    numeric = {c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) or c in formats}
    head = "".join(f'<th scope="col" style="text-align:{"right" if c in numeric else "left"};'
                   f'padding:0.25em 0.6em;border-bottom:1px solid #8c8c8c">{html.escape(str(c))}</th>'
                   for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        cells = "".join(f'<td{AS_PUBLISHED if c in published else ""} style="text-align:'
                        f'{"right" if c in numeric else "left"};padding:0.2em 0.6em;'
                        f'border-bottom:1px solid #e6e6e6">{html.escape(fns[c](r[c]))}</td>'
                        for c in df.columns)
        rows.append(f"<tr>{cells}</tr>")
    name = f' aria-label="{html.escape(label)}"' if label else ""
    return (f'<div class="wb-scroll" role="region" tabindex="0"{name} style="overflow-x:auto">'
            f'<table class="wb-table" style="border-collapse:collapse;font-size:0.9em;'
            f'font-variant-numeric:tabular-nums"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


AS_PUBLISHED = ' class="wb-as-published"'  # text as its publisher printed it (see table_html)


def publish_table(df: pd.DataFrame, name: str, *, title: str, sources: Sources, P,
                  formats: Mapping[str, Format] | None = None, units: str | None = None,
                  note: str | None = None, published: Iterable[str] = ()) -> None:
    """Save df as <name>.csv + .json under P.output_dir and display it as an HTML table with its title,
    source line and download links. formats maps columns to decimals, 'percent[:d]', 'kr[:d]',
    'int'/'year' or a function; unformatted numbers keep the decimals they have; `published` names the
    columns whose text is as its publisher printed it (see table_html).
    """
    _check_name(name)
    lang = getattr(P, "lang", "en")
    out = Path(P.output_dir)
    src_text = source_text(sources, lang)
    _write_data(df, out, name, {
        "name": name, "kind": "table", "title": title, "units": units, "note": note,
        "sources": _json_sources(sources), "source_line": src_text, "lang": lang,
        "columns": list(map(str, df.columns)), "rows": int(len(df)),
        "files": {ext: f"{name}.{ext}" for ext in ("csv", "json")},
    })
    note_html = f'<div class="wb-note">{html.escape(note)}</div>' if note else ""
    units_html = f'<div class="wb-units" style="color:#5c5c5c;font-size:0.85em">{html.escape(units)}</div>' \
        if units else ""
    markup = (
        f'<figure id="tab-{name}" class="wb-table-figure" style="margin:1.2em 0">'
        f'<div class="wb-table-title" style="font-weight:bold;margin-bottom:0.3em">{html.escape(title)}</div>'
        f'{units_html}{table_html(df, lang, formats, published, title)}'
        f'<figcaption class="wb-caption" style="font-size:0.85em;color:#5c5c5c;margin-top:0.3em">'
        f'{note_html}<span class="wb-source">{source_html(sources, lang)}</span><br>'
        f'{_links(name, P.output_href, lang, svg=False)}</figcaption></figure>'
    )
    display_html(markup)
