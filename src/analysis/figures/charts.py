"""Reusable charts in the house style. Each takes a tidy DataFrame plus labels and returns a Figure.

Charts know nothing of files or provenance: they are handed the title, units and source line text.
Publish the result with `analysis.figures.export.publish_figure(fig, name, data, ...)`, passing the
same DataFrame (the rows plotted) as `data`; the chart records its kind and columns on the figure so
the export can derive alt text from the data.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.figures import style
from analysis.i18n import fmt_number, fmt_percent


def _fmt(value: float, lang: str, decimals: int, percent: bool) -> str:
    """One value formatted for a label in the report language."""
    return fmt_percent(value, lang, decimals) if percent else fmt_number(value, lang, decimals)


def _record(fig: Figure, **meta) -> None:
    """Remember what the chart plots (kind, columns, labels) for alt text and checks in export."""
    style.meta(fig).update(meta)


def _series_color(key, i: int, colors: Mapping | None, countries: bool = False) -> str:
    """Colour for a series: from an explicit mapping (keys not in it muted), else the country colour
    (peers muted) when the series are countries, else the house sequence by position."""
    if colors is not None:
        return colors.get(key, style.MUTED)  # an explicit mapping: everything else is context
    if countries or str(key) in style.COUNTRY_COLORS:
        return style.country_color(key)
    return style.SEQUENCE[i % len(style.SEQUENCE)]


def _is_countries(keys) -> bool:
    """True when any series key is a known country/aggregate code, so other keys are peers."""
    return any(str(k) in style.COUNTRY_COLORS for k in keys)


def _draw_lines(ax, df: pd.DataFrame, *, x: str, y: str, series: str | None, labels: Mapping | None,
                colors: Mapping | None, order: Iterable | None, markers: bool,
                countries: bool | None = None, band: str | None = None) -> tuple[list, list]:
    """One line per series on ax, muted (context) lines first so highlighted ones sit on top; returns what was
    drawn (muted, position, key, rows, colour) and every x. With band (its name), the muted series are drawn as
    one grey band from their lowest to their highest value instead of lines that cannot be told apart."""
    groups = [(None, df)] if series is None else list(df.groupby(series, sort=False))
    if order is not None:
        rank = {k: i for i, k in enumerate(order)}
        groups.sort(key=lambda g: rank.get(g[0], len(rank)))
    drawn = []
    countries = _is_countries(k for k, _ in groups) if countries is None else countries
    for i, (key, part) in enumerate(groups):
        color = _series_color(key, i, colors, countries)
        drawn.append((color == style.MUTED, i, key, part, color))
    drawn.sort(key=lambda d: (not d[0], d[1]))
    all_x = []
    context = [part for muted, _i, _key, part, _color in drawn if muted] if band else []
    if context:
        _draw_band(ax, pd.concat(context), x=x, y=y, name=band)
    for muted, _i, key, part, color in drawn:
        part = part.sort_values(x)
        if context and muted:
            all_x.extend(part[x].dropna().tolist())
            continue
        name = (labels or {}).get(key, key) if key is not None else y
        ls = style.country_linestyle(key) if key is not None else "-"
        ax.plot(part[x].astype(float), part[y].astype(float), color=color, label=str(name),
                linestyle=ls, linewidth=1.6 if muted else 2.4, zorder=2 if muted else 3,
                marker="o" if markers else None, markersize=3.2 if muted else 4.2)
        all_x.extend(part[x].dropna().tolist())
    return drawn, all_x


def _draw_band(ax, rows: pd.DataFrame, *, x: str, y: str, name: str) -> None:
    """The range of some series as a grey band, named at its end (label_line_ends adds its lowest and highest
    value there) by a point-less line that carries the name."""
    g = rows.dropna(subset=[y]).groupby(x)[y].agg(["min", "max"]).sort_index()
    xs = g.index.astype(float)
    ax.fill_between(xs, g["min"].astype(float), g["max"].astype(float), color=style.MUTED, alpha=0.45,
                    linewidth=0, zorder=1)
    lo, hi = float(g["min"].iloc[-1]), float(g["max"].iloc[-1])
    ax.plot([xs[-1]], [(lo + hi) / 2], linestyle="none", color=style.MUTED, label=name, gid=style.BAND_GID)
    style.meta(ax.figure)["band_range"] = (lo, hi)


def line_panels(df: pd.DataFrame, *, panel: str, panel_labels: Mapping, x: str = "year", y: str = "value",
                series: str = "geo_code", labels: Mapping | None = None, colors: Mapping | None = None,
                title: str, units: str, lang: str = "en", percent: bool = False, ylim: tuple | None = None,
                decimals: int | None = None, stacked: bool = False) -> Figure:
    """Lines over time in one panel per value of `panel` (a survey question each, say), side by side on a shared
    value axis, so series that answer different questions are never read against each other; stacked (one panel
    under the other) on a phone."""
    keys = list(dict.fromkeys(df[panel]))
    n = len(keys)
    fig, axes = style.new_figure("narrow" if stacked else "wide", height=(1.2 + 2.1 * n) if stacked else 3.9,
                                 nrows=n if stacked else 1, ncols=1 if stacked else n, sharey=True, squeeze=False)
    dec = decimals if decimals is not None else value_decimals(df[y])
    for ax, key in zip(axes.flat, keys):
        part = df[df[panel] == key]
        drawn, _ = _draw_lines(ax, part, x=x, y=y, series=series, labels=labels, colors=colors, order=None,
                               markers=True, countries=True)
        for _muted, _i, _key, rows, color in drawn:  # a point standing alone before a gap gets its value
            rows = rows.sort_values(x).reset_index(drop=True)
            for k in range(len(rows) - 1):
                v = rows.loc[k, y]
                before = rows.loc[k - 1, y] if k else float("nan")
                if v == v and before != before and rows.loc[k + 1, y] != rows.loc[k + 1, y]:
                    ax.annotate(_fmt(float(v), lang, dec, percent), (float(rows.loc[k, x]), float(v)),
                                xytext=(5, 0), textcoords="offset points", ha="left", va="center", fontsize=8.5,
                                color=style.text_color(color))
        if ylim:
            ax.set_ylim(*ylim)
        held = part.dropna(subset=[y])[x].astype(int)
        style.year_axis(ax, range(int(held.min()), int(held.max()) + 1), max_ticks=4)
        ax.set_title(str(panel_labels.get(key, key)), loc="left", fontsize=9.5, fontweight="bold",
                     color=style.TEXT, pad=6)
    style.format_axis(axes.flat[0], lang, "y", percent=percent)
    fig.supylabel(units, fontsize=9, color=style.SUBTLE)
    style.finish(fig, title=title)
    for ax in axes.flat:
        style.label_line_ends(ax, lambda v: _fmt(v, lang, dec, percent))
    _record(fig, kind="line", x=x, y=y, series=series, labels=dict(labels or {}), units=units, lang=lang,
            decimals=dec, percent=percent, order=list(dict.fromkeys(df[series])))
    if not stacked:
        style.meta(fig)["phone"] = lambda: line_panels(df, panel=panel, panel_labels=panel_labels, x=x, y=y,
                                                       series=series, labels=labels, colors=colors, title=title,
                                                       units=units, lang=lang, percent=percent, ylim=ylim,
                                                       decimals=decimals, stacked=True)
    return fig


def line_chart(df: pd.DataFrame, *, x: str = "year", y: str = "value", series: str | None = "geo_code",
               labels: Mapping | None = None, colors: Mapping | None = None, title: str,
               units: str, source: str | None = None, lang: str = "en", width: str = "wide",
               decimals: int | None = None, percent: bool = False, ylim: tuple | None = None,
               end_values: bool = True, markers: bool = True, order: Iterable | None = None,
               band: str | None = None) -> Figure:
    """Lines over time, labelled at their ends (no legend); highlighted series drawn on top.

    series: column naming each line (None for one line); labels maps series keys to display names;
    colors maps keys to colours (default: country colours, else the house sequence); band names the grey band
    that replaces the muted (context) lines: their range, labelled with its lowest and highest last value.
    """
    fig, ax = style.new_figure(width)
    drawn, all_x = _draw_lines(ax, df, x=x, y=y, series=series, labels=labels, colors=colors, order=order,
                               markers=markers, band=band)
    if ylim:
        ax.set_ylim(*ylim)
    if x == "year" or pd.api.types.is_integer_dtype(df[x]):
        style.year_axis(ax, all_x)
    style.format_axis(ax, lang, "y", percent=percent)
    style.unit_label(ax, units)
    style.finish(fig, title=title, source=source)
    dec = decimals if decimals is not None else value_decimals(df[y])
    fmt = (lambda v: _fmt(v, lang, dec, percent)) if end_values else None
    style.label_line_ends(ax, fmt)
    prominent = [d[2] for d in sorted(drawn, key=lambda d: (d[0], d[1]))]  # highlighted series first
    _record(fig, kind="line", x=x, y=y, series=series, labels=dict(labels or {}), units=units,
            lang=lang, decimals=dec, percent=percent, order=prominent)
    return fig


def _wrap_label(text, width: str) -> str:
    """Wrap a category label so long names do not squeeze the plot (about a third of the figure width)."""
    import textwrap
    return "\n".join(textwrap.wrap(str(text), 30 if width == "wide" else 20)) or str(text)


def value_decimals(values: pd.Series, cap: int = 3) -> int:
    """Decimals needed to show values as the data holds them (0..cap)."""
    vals = [float(v) for v in values.dropna()]
    for d in range(cap + 1):
        if all(abs(round(v, d) - v) < 1e-9 for v in vals):
            return d
    return cap


def bar_ranking(df: pd.DataFrame, *, category: str, value: str = "value", title: str, units: str,
                highlight: Iterable | None = None, labels: Mapping | None = None,
                source: str | None = None, lang: str = "en", width: str = "wide",
                decimals: int | None = None, percent: bool = False, ascending: bool = False,
                highlight_colors: Mapping | None = None, groups: Mapping | None = None) -> Figure:
    """Horizontal bars ranked by value (largest on top), highlighted categories in colour, values at bar ends.

    groups: {category: group name}; where the group changes down the ranking, a gap and the group's name
    (the top and the bottom of a ranking shown together never read as one list)."""
    data = df.dropna(subset=[value]).sort_values(value, ascending=not ascending)
    n = len(data)
    keys = list(data[category])
    # the top bar of each group (rows run from the smallest at the bottom up to the largest on top)
    tops = [i for i in range(n) if groups and (i == n - 1 or groups.get(keys[i]) != groups.get(keys[i + 1]))]
    height = max(2.6, min(11.0, 1.3 + 0.32 * (n + 1.2 * len(tops))))
    fig, ax = style.new_figure(width, height=height)
    highlight = set(highlight or [])
    colors = []
    for key in data[category]:
        if key in highlight:
            colors.append((highlight_colors or {}).get(key, style.country_color(key)
                          if str(key) in style.COUNTRY_COLORS else style.HIGHLIGHT))
        else:
            colors.append(style.MUTED)
    names = [_wrap_label((labels or {}).get(k, k), width) for k in data[category]]
    pos = np.arange(n) + np.array([1.2 * sum(t < i for t in tops) for i in range(n)])  # a gap above each group
    ax.barh(pos, data[value].astype(float), color=colors, height=0.68, zorder=2)
    for t in tops:  # the group's name in the gap above its top bar, in that bar's colour
        ax.text(0, pos[t] + 0.95, str(groups[keys[t]]), ha="left", va="center", fontsize=9, fontweight="bold",
                color=style.text_color(colors[t]))
    ax.set_yticks(pos)
    ax.set_yticklabels(names)
    emphasise = len(highlight) <= 5  # bold names only when a few bars stand out
    for tick, key in zip(ax.get_yticklabels(), data[category]):
        if key in highlight and emphasise:
            tick.set_fontweight("bold")
            tick.set_color(style.TEXT)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=False)
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(axis="x", bottom=False, labelbottom=False)
    ax.tick_params(axis="y", length=0, pad=6)
    dec = decimals if decimals is not None else value_decimals(data[value])
    vmax = float(data[value].max()) if n else 1.0
    vmin = float(min(0.0, data[value].min())) if n else 0.0
    for p, v, key in zip(pos, data[value].astype(float), data[category]):
        strong = key in highlight and emphasise
        ax.text(v, p, " " + _fmt(v, lang, dec, percent), va="center", ha="left", fontsize=8.5,
                color=style.TEXT if strong else style.SUBTLE, fontweight="bold" if strong else "normal")
    ax.set_xlim(vmin, vmax * 1.14 if vmax > 0 else 1)
    ax.set_ylim(-0.6, float(pos[-1]) + (1.6 if tops else 0.4)) if n else ax.set_ylim(-0.6, 0.6)
    style.unit_label(ax, units)
    style.finish(fig, title=title, source=source)
    _record(fig, kind="bar", category=category, y=value, labels=dict(labels or {}), units=units,
            lang=lang, decimals=dec, percent=percent, highlight=sorted(map(str, highlight)))
    return fig


def dot_plot(df: pd.DataFrame, *, category: str, value: str = "value", series: str, title: str,
             units: str, labels: Mapping | None = None, category_labels: Mapping | None = None,
             colors: Mapping | None = None, source: str | None = None, lang: str = "en",
             width: str = "wide", decimals: int | None = None, percent: bool = False,
             sort_by: object | None = None, xlim: tuple | None = None,
             value_labels: bool | None = None) -> Figure:
    """Dots per category (rows) and series (colours), joined by a grey bar: compares two or three series.

    sort_by: a series key whose value orders the rows (largest on top); default keeps data order.
    A one-line key above the plot names the series in their colours (a legend of direct labels).
    value_labels: print each value by its dot (default: at most 12 dots in one or two series).
    """
    data = df.dropna(subset=[value])
    cats = list(dict.fromkeys(data[category]))
    keys = list(dict.fromkeys(df[series]))
    if sort_by is not None:
        ref = data[data[series] == sort_by].set_index(category)[value]
        cats.sort(key=lambda c: ref.get(c, -math.inf))
    else:
        cats = cats[::-1]
    n = len(cats)
    height = max(2.8, min(11.0, 1.6 + 0.36 * n))
    fig, ax = style.new_figure(width, height=height)
    ypos = {c: i for i, c in enumerate(cats)}
    for c in cats:
        vals = data.loc[data[category] == c, value].astype(float)
        if len(vals) > 1:
            ax.plot([vals.min(), vals.max()], [ypos[c]] * 2, color=style.GRID, linewidth=4,
                    solid_capstyle="round", zorder=1)
    handles = []
    countries = _is_countries(keys)
    for i, key in enumerate(keys):
        part = data[data[series] == key]
        color = _series_color(key, i, colors, countries)
        h = ax.scatter(part[value].astype(float), [ypos[c] for c in part[category]], s=58,
                       color=color, edgecolor="white", linewidth=0.8, zorder=3,
                       label=str((labels or {}).get(key, key)),
                       marker="o" if i % 2 == 0 else "D")
        handles.append(h)
    ax.set_yticks(range(n))
    ax.set_yticklabels([_wrap_label((category_labels or {}).get(c, c), width) for c in cats])
    ax.set_ylim(-0.7, n - 0.3)
    dec = decimals if decimals is not None else value_decimals(data[value])
    if value_labels if value_labels is not None else (len(data) <= 12 and len(keys) <= 2):
        for i, key in enumerate(keys):  # first series labelled above its dots, the others below
            part = data[data[series] == key]
            for v, c in zip(part[value].astype(float), part[category]):
                ax.annotate(_fmt(v, lang, dec, percent), (v, ypos[c]), xytext=(0, 9 if i % 2 == 0 else -9),
                            textcoords="offset points", ha="center", va="bottom" if i % 2 == 0 else "top",
                            fontsize=8, color=style.SUBTLE)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0, pad=6)
    if xlim:
        ax.set_xlim(*xlim)
    style.format_axis(ax, lang, "x", percent=percent)
    style.unit_label(ax, units, axis="x")
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(handles),
              handletextpad=0.3, columnspacing=1.4, borderaxespad=0.3, fontsize=9)
    style.finish(fig, title=title, source=source)
    _record(fig, kind="dot", category=category, y=value, series=series, labels=dict(labels or {}),
            category_labels=dict(category_labels or {}), units=units, lang=lang, decimals=dec,
            percent=percent)
    return fig


def timeline(df: pd.DataFrame, *, when: str = "year", label: str = "label", title: str,
             group: str | None = None, colors: Mapping | None = None, source: str | None = None,
             lang: str = "en", width: str = "wide", wrap_at: int = 22) -> Figure:
    """Events on a time axis: a dot per event and its label on a stem, alternating up and down.

    group: optional column whose values colour the events (e.g. programme vs. target); keys are
    named in a key above the chart.
    """
    import textwrap

    data = df.dropna(subset=[when]).sort_values(when).reset_index(drop=True)
    fig, ax = style.new_figure(width, height=3.6 if width == "wide" else 4.4)
    keys = list(dict.fromkeys(data[group])) if group else [None]
    levels = [1.0, -1.0, 2.0, -2.0]
    last_x_at_level: dict[float, float] = {}
    span = float(data[when].max() - data[when].min()) or 1.0
    for i, row in data.iterrows():
        x = float(row[when])
        # choose the first level whose previous label is far enough away
        level = levels[i % 2]
        for cand in levels:
            if x - last_x_at_level.get(cand, -math.inf) > span * 0.14:
                level = cand
                break
        last_x_at_level[level] = x
        key = row[group] if group else None
        color = _series_color(key, keys.index(key), colors) if group else style.HIGHLIGHT
        # stem from the axis to a marker in the event's colour; events sharing a year keep their own marker
        ax.plot([x, x], [0, level * 0.8], color=style.MUTED, linewidth=0.9, zorder=1)
        ax.scatter([x], [0], s=16, color="#8c8c8c", zorder=2)
        ax.scatter([x], [level * 0.8], s=46, color=color, zorder=3, edgecolor="white", linewidth=0.8)
        lines = textwrap.wrap(str(row[label]), wrap_at, break_long_words=False)  # a long word stays whole
        text = f"{int(x) if x.is_integer() else x}\n" + "\n".join(lines)
        ax.text(x, level * 0.8 + (0.18 if level > 0 else -0.18), text, ha="center",
                va="bottom" if level > 0 else "top", fontsize=9, color=style.TEXT, linespacing=1.15)
    ax.axhline(0, color="#8c8c8c", linewidth=1, zorder=0)
    top = max(last_x_at_level) if last_x_at_level else 1.0
    bottom = min(last_x_at_level) if last_x_at_level else -1.0
    ax.set_ylim(bottom - 1.5 if bottom < 0 else -0.6, top + 1.5 if top > 0 else 0.6)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.grid(False)
    pad = max(1.0, span * 0.08)
    ax.set_xlim(float(data[when].min()) - pad, float(data[when].max()) + pad)
    ax.tick_params(axis="x", bottom=False, labelbottom=False)
    if group:
        for i, key in enumerate(keys):
            ax.scatter([], [], s=46, color=_series_color(key, i, colors), label=str(key))
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(keys), fontsize=9)
    style.finish(fig, title=title, source=source)
    _record(fig, kind="timeline", x=when, label=label, series=group, lang=lang, units="")
    style.meta(fig)["phone"] = lambda: _timeline_list(data, when=when, label=label, group=group, keys=keys,
                                                      colors=colors, title=title)
    return fig


def _timeline_list(data: pd.DataFrame, *, when: str, label: str, group: str | None, keys: list,
                   colors: Mapping | None, title: str) -> Figure:
    """The phone rendition of a timeline: one event per row, year, dot and label read top to bottom (labels
    side by side on a time axis would collide at phone width)."""
    import textwrap

    rows = [(float(r[when]), textwrap.wrap(str(r[label]), 34, break_long_words=False) or [""],
             r[group] if group else None)
            for _, r in data.iterrows()]
    lines = sum(len(text) for _, text, _ in rows)
    fig, ax = style.new_figure("narrow", height=1.3 + 0.2 * lines + 0.12 * len(rows))
    fig.set_size_inches(style.PHONE_WIDTH, fig.get_size_inches()[1])
    y = 0.0
    for x, text, key in rows:
        color = _series_color(key, keys.index(key), colors) if group else style.HIGHLIGHT
        ax.text(0, y, f"{int(x) if x.is_integer() else x}", ha="right", va="top", fontsize=9.5,
                fontweight="bold", color=style.TEXT)
        ax.scatter([0.35], [y - 0.32], s=46, color=color, edgecolor="white", linewidth=0.8, zorder=3)
        ax.text(0.7, y, "\n".join(text), ha="left", va="top", fontsize=9.5, color=style.TEXT, linespacing=1.2)
        y -= len(text) + 0.6
    ax.set_xlim(-1.6, 9.0)
    ax.set_ylim(y + 0.3, 0.4)
    ax.set_axis_off()
    if group:
        for i, key in enumerate(keys):
            ax.scatter([], [], s=46, color=_series_color(key, i, colors), label=str(key))
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=1, fontsize=9.5)
    style.meta(fig)["width"] = "phone"  # title and source line wrap to the phone's width
    style.finish(fig, title=title)
    return fig
