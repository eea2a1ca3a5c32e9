"""The one house style of the publication: palette, fonts, sizes, titles, unit labels and source lines.

Every chart goes through `new_figure()` and `finish()`, so all reports look like one publication.
The palette is built on lightness, not hue: a dark blue highlight, one mid-lightness accent and greys,
so series stay distinct for colour-blind readers and in greyscale print.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import offset_copy

from analysis.figures import text_cache
from analysis.i18n import fmt_number, fmt_percent

# --- colours (approximate CIE lightness in brackets) -------------------------------------------
HIGHLIGHT = "#0b3a66"   # dark blue (L≈24): the thing the chart is about
MID = "#5a5a5a"         # dark grey (L≈38): reference series such as the EU average (dashed in line charts)
ACCENT = "#d0631b"      # burnt orange (L≈55): a second highlighted series
MUTED = "#c8c8c8"       # light grey (L≈81): context series, other bars
MUTED_TEXT = "#767676"  # labels of muted series: 4.5:1 on white, still recessive
COMPARE = "#762a83"     # purple (L≈30): a comparison set the reader chose, beside the highlighted series
ACCENT_TEXT = "#a94d12"  # labels in the accent colour, dark enough to read as text
TEXT = "#1f1f1f"
SUBTLE = "#5c5c5c"      # secondary text: units, source line
GRID = "#e6e6e6"
BACKGROUND = "#ffffff"

COUNTRY_COLORS: dict[str, str] = {
    "DK": HIGHLIGHT,
    "NO": ACCENT,
    "EU": MID, "EU27_2020": MID, "EU28": MID,
}
"""Fixed colours by geo_code; any other country (a peer) is MUTED."""

COUNTRY_LINESTYLES: dict[str, str] = {"EU": "--", "EU27_2020": "--", "EU28": "--"}
"""Aggregates are dashed so they read as references even in greyscale."""

SEQUENCE = [HIGHLIGHT, ACCENT, MID, MUTED]
"""Colours for up to four unnamed series, in order of importance."""

# Map classes: ColorBrewer's single-hue "Blues" (Brewer & Harrower), light to dark, its palest step dropped so
# the lowest class still reads as a colour against the white sea and the white-hatched "no figure". Lightness
# rises steadily, so the classes stay ordered for colour-blind readers and in greyscale print.
SEQUENTIAL: dict[int, tuple[str, ...]] = {
    3: ("#c6dbef", "#6baed6", "#08519c"),
    4: ("#c6dbef", "#9ecae1", "#4292c6", "#08519c"),
    5: ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    6: ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    7: ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"),
}
# Map categories: Okabe & Ito's colour-blind-safe palette (vermillion, blue, bluish green, reddish purple, …).
CATEGORICAL = ("#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MISSING_FILL = "#ffffff"
MISSING_HATCH = "////"
MISSING_EDGE = "#9a9a9a"
BORDER = "#ffffff"       # municipal borders on a map
FRAME = "#b0b0b0"        # the frame of an inset


def sequential(k: int) -> tuple[str, ...]:
    """k map-class colours, light to dark (3 to 7 classes)."""
    if k not in SEQUENTIAL:
        raise ValueError(f"a map has 3 to 7 classes, got {k}")
    return SEQUENTIAL[k]


WIDTHS = {"wide": 8.0, "narrow": 5.2}   # inches; the PNG is saved at DPI below
HEIGHT = {"wide": 4.6, "narrow": 4.4}
DPI = 150
FONT = ["DejaVu Sans", "Liberation Sans", "Arial", "sans-serif"]
TITLE_WRAP = {"wide": 72, "narrow": 46, "tall": 48, "phone": 36}  # tall: the profiles' maps (figures.maps.LAYOUTS)
PHONE_WIDTH = 3.8      # inches: the phone rendition, shown about 358 px wide, so 9.5 pt text reads at 11 px or more
PHONE_MIN_FONT = 9.5   # points: no text of the phone rendition is smaller
PHONE_LABEL_WRAP = 22  # characters per line of a row label on a phone


def country_color(geo_code: str) -> str:
    """Colour for a country/aggregate code: DK blue, NO orange, EU dark grey, every peer light grey."""
    return COUNTRY_COLORS.get(str(geo_code), MUTED)


def text_color(color: str) -> str:
    """The colour to write a label in for a series of `color`: same hue, dark enough to read on white."""
    return {MUTED: MUTED_TEXT, ACCENT: ACCENT_TEXT}.get(color, color)


def country_linestyle(geo_code: str) -> str:
    """Line style for a code: dashed for EU aggregates, solid otherwise."""
    return COUNTRY_LINESTYLES.get(str(geo_code), "-")


def apply() -> None:
    """Set matplotlib's defaults to the house style (fonts, spines, grid, sizes), with text measured once a
    process (figures.text_cache); idempotent."""
    text_cache.install()
    plt.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": FONT,
        "font.size": 10,
        "text.color": TEXT,
        "axes.labelcolor": SUBTLE,
        "axes.edgecolor": "#8c8c8c",
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "axes.titlesize": 9.5,
        "axes.titlecolor": SUBTLE,
        "axes.prop_cycle": matplotlib.cycler(color=SEQUENCE),
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "xtick.color": SUBTLE,
        "ytick.color": SUBTLE,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "xtick.major.size": 3,
        "ytick.major.size": 0,
        "legend.frameon": False,
        "legend.fontsize": 9,
        "lines.linewidth": 2.2,
        "lines.solid_capstyle": "round",
        "figure.facecolor": BACKGROUND,
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "savefig.facecolor": BACKGROUND,
        "svg.fonttype": "none",      # text stays text in the SVG: searchable, editable, small
        "svg.hashsalt": "muni-it-workbench",  # stable ids, so reruns give identical SVGs
        "path.simplify": True,
    })


def new_figure(width: str = "wide", height: float | None = None, nrows: int = 1,
               ncols: int = 1, **kwargs) -> tuple[Figure, Axes]:
    """A figure in the house style: width "wide" (full column) or "narrow"; returns (fig, ax)."""
    if width not in WIDTHS:
        raise ValueError(f"width must be one of {sorted(WIDTHS)}, got {width!r}")
    apply()
    fig, ax = plt.subplots(nrows, ncols, figsize=(WIDTHS[width], height or HEIGHT[width]),
                           layout="constrained", **kwargs)
    fig.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    fig._workbench = {"width": width}  # chart metadata read by export (kind, columns, source drawn)
    return fig, ax


def meta(fig: Figure) -> dict:
    """The chart metadata dict on a figure (created if the figure did not come from new_figure)."""
    if not hasattr(fig, "_workbench"):
        fig._workbench = {"width": "wide"}
    return fig._workbench


def wrap(text: str, width: str = "wide") -> str:
    """Wrap a title to the figure width so it never runs off the image."""
    return "\n".join(textwrap.wrap(str(text), TITLE_WRAP.get(width, 72)))


def set_title(fig: Figure, title: str, subtitle: str | None = None) -> None:
    """Left-aligned bold title saying what the chart shows, with an optional grey subtitle line."""
    width = meta(fig).get("width", "wide")
    text = wrap(title, width)
    fig.suptitle(text, x=0.01, ha="left", fontsize=12.5, fontweight="bold", color=TEXT)
    meta(fig)["title"] = title
    if subtitle:
        ax = fig.axes[0]
        ax.set_title(wrap(subtitle, width), loc="left", fontsize=9.5, color=SUBTLE, pad=10)


def phone_layout(fig: Figure, laid_out: bool = False) -> Figure | None:
    """Re-lay a finished figure for a phone: PHONE_WIDTH wide at its height, titles and source line wrapped to
    that width, no text under PHONE_MIN_FONT, and tick labels that would touch thinned to every k-th; a chart
    that registered a phone layout of its own (meta "phone") is drawn anew that way, as a new figure; a map
    has none (None). laid_out: fig was laid out wide just now (saving it leaves it marked stale all the same)."""
    from matplotlib.text import Text
    if meta(fig).get("kind") == "map":
        return None  # a map keeps its shape and its legend (figures.maps sizes them for a phone)
    if "phone" in meta(fig):  # a chart with a layout of its own for phones (a timeline as a list)
        phone = meta(fig)["phone"]()  # a layout of its own: drawn for the phone ("phone" wide) or re-laid
        if meta(fig).get("source_drawn"):
            source_line(phone, meta(fig)["source_drawn"])
        return phone if meta(phone).get("width") == "phone" else phone_layout(phone)
    width = meta(fig).get("width", "wide")
    if fig.stale and not laid_out:  # positions as laid out wide
        fig.draw_without_rendering()
    heights = [ax.get_position().height * fig.get_size_inches()[1] for ax in fig.axes]  # as laid out wide
    fig.set_size_inches(PHONE_WIDTH, fig.get_size_inches()[1] * (1.1 if width == "wide" else 1.0))
    for text in fig.findobj(Text):
        if text.get_text() and text.get_fontsize() < PHONE_MIN_FONT:
            text.set_fontsize(PHONE_MIN_FONT)
    if fig._suptitle is not None and meta(fig).get("title"):
        fig._suptitle.set_text(wrap(meta(fig)["title"], "phone"))
    for ax in fig.axes:
        left = ax._left_title  # the unit line or a panel's name: re-wrapped, its weight and colour kept
        if left.get_text():
            left.set_text(wrap(" ".join(left.get_text().split()), "phone"))
    if fig._supxlabel is not None and meta(fig).get("source_drawn"):
        fig._supxlabel.set_text("\n".join(textwrap.wrap(meta(fig)["source_drawn"], TITLE_WRAP["phone"] + 14)))
    for ax in fig.axes:  # row labels wrapped for the wide figure would leave the phone's plot no room
        labels = ax.get_yticklabels()
        if any(len(t.get_text()) > PHONE_LABEL_WRAP for t in labels):
            ax.set_yticklabels(["\n".join(textwrap.wrap(" ".join(t.get_text().split()), PHONE_LABEL_WRAP))
                                for t in labels])  # the same label artists: bold highlights stay bold
    for ax, texts in meta(fig).get("end_labels", []):
        _end_labels_as_legend(ax, texts)
    collapsed = _draw_noting_collapse(fig)
    if _fit_legends(fig):
        collapsed = _draw_noting_collapse(fig)
    _grow_until_plots_keep_their_height(fig, heights, collapsed)
    for ax in fig.axes:  # last: the plot's width is now final
        _thin_tick_labels(fig, ax)
    return fig


def _rows_touch(fig: Figure) -> bool:
    """True when two row labels of a plot (wrapped onto several lines) overlap."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        boxes = sorted((t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()),
                       key=lambda b: b.y0)
        if any(a.y1 > b.y0 for a, b in zip(boxes, boxes[1:])):
            return True
    return False


def _draw_noting_collapse(fig: Figure) -> bool:
    """Lay out (no pixels); True when the layout collapsed a plot ("axes sizes collapsed"), which
    _grow_until_plots_keep_their_height answers by growing the figure."""
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        fig.draw_without_rendering()
    return any("collapsed" in str(w.message) for w in caught)


def _grow_until_plots_keep_their_height(fig: Figure, heights: list[float], collapsed: bool) -> None:
    """Make the phone rendition taller (a few steps) while wrapped titles, labels and legends squeeze a plot
    below 85% of its height in the wide figure; the figure comes laid out (collapsed: how that went)."""
    for _ in range(12):
        now = [ax.get_position().height * fig.get_size_inches()[1] for ax in fig.axes]
        if not collapsed and all(n >= 0.85 * h for n, h in zip(now, heights)) and not _rows_touch(fig):
            return
        fig.set_size_inches(PHONE_WIDTH, fig.get_size_inches()[1] + 0.4)
        collapsed = _draw_noting_collapse(fig)


def _end_labels_as_legend(ax: Axes, texts: list) -> None:
    """Line-end labels become a one-column legend under the plot: at phone width they would take half of it."""
    from matplotlib.lines import Line2D
    handles, names = [], []
    for text in texts:
        text.set_visible(False)
        handles.append(Line2D([], [], color=text.get_color(), linewidth=2.2))
        names.append(text.get_text())
    if handles:
        ax.legend(handles, names, loc="upper left", bbox_to_anchor=(0, -0.14), ncol=1, fontsize=PHONE_MIN_FONT,
                  handlelength=1.4, borderaxespad=0)


def _fit_legends(fig: Figure) -> bool:
    """A plot's legend that would end outside the figure is drawn again in one column, from the figure's left
    edge (over the row labels) at the height it had (a one-row legend of three entries would otherwise widen
    the phone rendition and shrink everything in it); True when one was drawn again (the figure needs laying
    out anew)."""
    from matplotlib.transforms import blended_transform_factory
    moved = False
    renderer = fig.canvas.get_renderer()
    limit = fig.get_window_extent(renderer).x1
    for ax in fig.axes:
        old = ax.get_legend()
        if old is None or old.get_window_extent(renderer).x1 <= limit:
            continue
        _, y = ax.transAxes.inverted().transform(old.get_bbox_to_anchor().p0)  # its height, in axes fractions
        ax.legend(handles=old.legend_handles, labels=[t.get_text() for t in old.texts], loc=old._loc,
                  bbox_to_anchor=(0.01, y), bbox_transform=blended_transform_factory(fig.transFigure, ax.transAxes),
                  ncol=1, fontsize=old.texts[0].get_fontsize(), handletextpad=0.3, borderaxespad=0.3)
        moved = True
    return moved


def _thin_tick_labels(fig: Figure, ax: Axes) -> None:
    """Keep every k-th x tick (counted back from the last, so the latest year stays), the smallest k at which
    no two labels touch."""
    renderer = fig.canvas.get_renderer()
    lo, hi = sorted(ax.get_xlim())
    pairs = [(x, t) for x, t in zip(ax.get_xticks(), ax.get_xticklabels()) if lo <= x <= hi and t.get_text()]
    boxes = [t.get_window_extent(renderer).expanded(1.15, 1.0) for _, t in pairs]
    for k in range(1, len(pairs) + 1):
        shown = boxes[::-1][::k]
        if not any(a.overlaps(b) for a, b in zip(shown, shown[1:])):
            break
    if len(pairs) > 1 and k > 1:
        kept = pairs[::-1][::k][::-1]
        ax.set_xticks([x for x, _ in kept], [t.get_text() for _, t in kept],
                      fontsize=max(kept[0][1].get_fontsize(), PHONE_MIN_FONT))


def unit_label(ax: Axes, units: str, axis: str = "y") -> None:
    """Name the unit of an axis: above the y axis (read horizontally) or under the x axis."""
    if axis == "y":
        ax.set_title(units, loc="left", fontsize=9, color=SUBTLE, pad=8)
    else:
        ax.set_xlabel(units, fontsize=9, color=SUBTLE, loc="left")


def source_line(fig: Figure, text: str) -> None:
    """Draw the source line at the bottom of the figure, so the PNG/SVG/PDF always carries it."""
    width = meta(fig).get("width", "wide")
    phone = width == "phone"
    wrapped = "\n".join(textwrap.wrap(str(text), TITLE_WRAP.get(width, 72) + (14 if phone else 40)))
    fig.supxlabel(wrapped, x=0.01, ha="left", fontsize=PHONE_MIN_FONT if phone else 8, color=SUBTLE,
                  linespacing=1.3)
    meta(fig)["source_drawn"] = text


def number_formatter(lang: str, decimals: int = 0, percent: bool = False) -> FuncFormatter:
    """Tick formatter in the report language: 1.234,5 (da) or 1,234.5 (en); optional per cent sign."""
    if percent:
        return FuncFormatter(lambda v, _pos: fmt_percent(v, lang, decimals))
    return FuncFormatter(lambda v, _pos: fmt_number(v, lang, decimals))


def format_axis(ax: Axes, lang: str, axis: str = "y", decimals: int | None = None,
                percent: bool = False) -> None:
    """Format the tick labels of an axis in the report language; decimals inferred from the ticks."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    if decimals is None:
        ticks = [t for t in target.get_ticklocs() if t == t]
        decimals = _decimals_for(ticks)
    target.set_major_formatter(number_formatter(lang, decimals, percent))


def _decimals_for(ticks: Iterable[float]) -> int:
    """Fewest decimals that show every tick exactly (0 to 3)."""
    ticks = list(ticks)
    for d in range(4):
        if all(abs(round(t, d) - t) < 1e-9 for t in ticks):
            return d
    return 3


def mark_missing_year(ax: Axes, year: float, text: str) -> None:
    """A year the series should have but the data lack: a dotted line and a note at the top of the plot, so a
    line drawn across the gap is not read as measured there."""
    ax.axvline(year, color=MUTED, linestyle=":", linewidth=1.2, zorder=0)
    ax.text(year, 0.98, text, transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=8.5,
            color=MUTED_TEXT, bbox={"facecolor": BACKGROUND, "edgecolor": "none", "pad": 1.5})


def year_axis(ax: Axes, years: Iterable[int], max_ticks: int = 10) -> None:
    """Integer year ticks without thousands separators; thinned to at most max_ticks."""
    years = sorted({int(y) for y in years})
    if not years:
        return
    step = max(1, -(-len(years) // max_ticks))
    ticks = years[::step]
    if years[-1] not in ticks:
        ticks.append(years[-1])
    ax.set_xticks(ticks)
    ax.set_xticklabels([str(y) for y in ticks])
    ax.grid(axis="x", visible=False)


BAND_GID = "wb-band"  # the gid of the point-less line that names a band of context series (charts._draw_band)


def label_line_ends(ax: Axes, value_format: Callable[[float], str] | None = None,
                    min_gap_pt: float = 12.0, fontsize: float = 9) -> list:
    """Label each labelled line at its last point, in its own colour, instead of a legend.

    Labels are nudged apart vertically so they never overlap; value_format(v) appends the end value.
    Call after the data and axis limits are set. Returns the text artists.
    """
    band = meta(ax.figure).get("band_range")
    items = [(y, x, (f"{label}  {value_format(band[0])}–{value_format(band[1])}" if gid == BAND_GID and band
                     else f"{label}  {value_format(y)}") if value_format else label, color)
             for y, x, label, color, gid in _labelled_points(ax, -1, with_gid=True)]
    if not items:
        return []
    gap = _gap_in_data(ax, min_gap_pt)
    placed = _spread([it[0] for it in items], gap)
    texts = []
    for (y, x, text, color), yp in zip(items, placed):
        muted = color == MUTED
        texts.append(ax.text(x, yp, text, ha="left", va="center", fontsize=fontsize,
                             color=text_color(color),
                             fontweight="normal" if muted else "bold", clip_on=False,
                             transform=offset_copy(ax.transData, fig=ax.figure, x=6, y=0,
                                                   units="points")))
    _avoid_other_lines(ax, texts, [it[2] for it in items], gap)
    meta(ax.figure).setdefault("end_labels", []).append((ax, texts))  # a phone shows them as a legend
    return texts


def _labelled_points(ax: Axes, at: int, with_gid: bool = False) -> list[tuple]:
    """(y, x, label, colour) of each labelled line's first (at=0) or last (at=-1) point, lowest first (with_gid:
    and the line's gid, BAND_GID for a band's name)."""
    items = []
    for line in ax.get_lines():
        label = line.get_label()
        points = [(x, y) for x, y in zip(line.get_xdata(), line.get_ydata()) if y == y]
        if label and not label.startswith("_") and points:
            x, y = points[at]
            items.append((float(y), x, str(label), line.get_color()) + ((line.get_gid(),) if with_gid else ()))
    return sorted(items, key=lambda it: it[0])


def _gap_in_data(ax: Axes, min_gap_pt: float) -> float:
    """min_gap_pt points of the plot's height in data units (after a layout pass, so the height is known; no
    pixels are drawn for it)."""
    ax.figure.draw_without_rendering()
    ymin, ymax = ax.get_ylim()
    return min_gap_pt / max(ax.get_window_extent().height * 72.0 / ax.figure.dpi, 1.0) * (ymax - ymin)


def label_line_starts(ax: Axes, muted_only: bool = True, min_gap_pt: float = 11.0, fontsize: float = 8.5) -> list:
    """Name lines at their first point, left of the plot, nudged apart (the context lines of a chart whose end
    labels sit after a break, so a grey line before it is not anonymous). Returns the text artists."""
    items = [it for it in _labelled_points(ax, 0) if not muted_only or it[3] == MUTED]
    if not items:
        return []
    gap = _gap_in_data(ax, min_gap_pt)
    texts = [ax.text(x, yp, text, ha="right", va="center", fontsize=fontsize, color=text_color(color),
                     clip_on=False, transform=offset_copy(ax.transData, fig=ax.figure, x=-6, y=0, units="points"))
             for (_, x, text, color), yp in zip(items, _spread([it[0] for it in items], gap))]
    renderer = ax.figure.canvas.get_renderer()
    widest = max(t.get_window_extent(renderer).width for t in texts) * 72.0 / ax.figure.dpi
    ax.tick_params(axis="y", pad=widest + 10)  # the value ticks step aside for the names
    return texts


def _line_samples(ax: Axes, skip_label: str) -> list[tuple[float, float]]:
    """Display-space points along every labelled line but one (segments sampled), for overlap tests."""
    out = []
    for line in ax.get_lines():
        if line.get_label() == skip_label:
            continue
        pts = [(float(x), float(y)) for x, y in zip(line.get_xdata(), line.get_ydata()) if y == y]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] or pts):
            for t in (i / 12 for i in range(13)):
                out.append(tuple(ax.transData.transform((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))))
    return out


def _avoid_other_lines(ax: Axes, texts: list, texts_src: list[str], gap: float) -> None:
    """Move an end label that sits on another line up or down (a gap at a time) to the nearest clear spot."""
    ax.figure.draw_without_rendering()  # the labels themselves change the layout (the axes shrink for them)
    renderer = ax.figure.canvas.get_renderer()
    for text, label_text in zip(texts, texts_src):
        label = label_text.split("  ")[0]
        samples = _line_samples(ax, label)
        x, y0 = text.get_position()

        def clashes() -> bool:
            box = text.get_window_extent(renderer).expanded(1.02, 1.15)
            others = [t.get_window_extent(renderer) for t in texts if t is not text]
            return (any(box.contains(px, py) for px, py in samples)
                    or any(box.overlaps(o) for o in others))

        if not clashes():
            continue
        for step in (1, -1, 2, -2, 3, -3):
            text.set_position((x, y0 + step * gap))
            if not clashes():
                break
        else:
            text.set_position((x, y0))


def _spread(values: list[float], gap: float) -> list[float]:
    """Positions close to sorted values, at least gap apart, centred on the original cluster."""
    placed: list[float] = []
    for v in values:
        placed.append(max(v, placed[-1] + gap) if placed else v)
    shift = (sum(placed) - sum(values)) / len(values)
    placed = [p - shift for p in placed]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    return placed


def finish(fig: Figure, *, title: str | None = None, subtitle: str | None = None,
           source: str | None = None) -> Figure:
    """Set title, subtitle and source line in one call (any may be None); returns fig."""
    if title:
        set_title(fig, title, subtitle)
    if source:
        source_line(fig, source)
    return fig
