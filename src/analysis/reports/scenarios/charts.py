"""The scenarios report's charts in the house style: the data plotted (a DataFrame) and the figure built from it.

Used by the static report (published with its data) and by the live controls (redrawn on every change);
their words come from text.yaml.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis.figures import style
from analysis.i18n import Words, fmt_kr, fmt_number, fmt_percent
from analysis.reports.scenarios import REPORT
from analysis.reports.scenarios import compute as m

TARGET_STEP = 5  # the sensitivity curve is drawn at every 5 percentage points of digital share



def source_text(assumptions, lang: str) -> str:
    """'Source: publisher: title; …; scenario model' from the sourced assumptions, in first-seen order."""
    w = Words(REPORT.id, lang)
    seen = []
    for a in assumptions:
        if a.fact_id and a.source not in seen:
            seen.append(a.source)
    return f"{w('source')}: " + "; ".join(seen + [w("model")])


def channel_curve(result: m.ChannelShiftResult) -> pd.DataFrame:
    """Yearly cost after the shift at every TARGET_STEP points of digital share (plus the chosen target)."""
    targets = sorted(set(range(0, 101, TARGET_STEP)) | {result.shares_after["digital"]})
    if result.shares_now["letter"] + result.shares_now["phone"] == 0:
        targets = [100.0]
    rows = [{"digital_share": float(x),
             "cost_per_year": m.mix_cost(result.contacts, m.shift_shares(result.shares_now, x),
                                         result.unit_costs),
             "cost_now": result.cost_now} for x in targets]
    return pd.DataFrame(rows)


def channel_figure(result: m.ChannelShiftResult, lang: str = "en", scale: int | None = None,
                   width: str = "wide") -> Figure:
    """Line of yearly cost against the digital share reached, with today's cost and the target marked
    (width "narrow" for the live controls, which phones show at full width)."""
    w = Words(REPORT.id, lang)
    data = channel_curve(result)
    fig, ax = style.new_figure(width, height=4.2)
    ax.plot(data["digital_share"], data["cost_per_year"], color=style.HIGHLIGHT, marker=None)
    ax.axhline(result.cost_now, color=style.MID, linestyle="--", linewidth=1.4)
    ax.annotate(f"{w('cost_now')}: {fmt_kr(result.cost_now, lang)}", (100, result.cost_now),
                xytext=(0, 5), textcoords="offset points", ha="right", va="bottom", color=style.MID,
                fontsize=9)
    target = result.shares_after["digital"]
    ax.plot([target], [result.cost_after], "o", color=style.ACCENT, markersize=8, zorder=4)
    ax.annotate(f"{w('target')} {fmt_percent(target, lang)}: {fmt_kr(result.cost_after, lang)}",
                (target, result.cost_after), xytext=(8, 8), textcoords="offset points", color=style.ACCENT,
                fontsize=9, fontweight="bold")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, max(data["cost_per_year"].max(), result.cost_now) * 1.15 or 1)
    style.format_axis(ax, lang, "y")
    style.format_axis(ax, lang, "x", decimals=0)
    ax.set_xlabel(w("share_axis"), fontsize=9, color=style.SUBTLE, loc="left")
    units = w("chart_per_scale", n=fmt_number(scale, lang)) if scale else w("dkk_year")
    style.finish(fig, title=w("channel_title"), subtitle=units,
                 source=source_text(result.assumptions, lang))
    return fig


def payback_table(result: m.SharedOperationsResult, years: int = 10) -> pd.DataFrame:
    """Net position at the end of each of the first `years` years of savings."""
    return result.cumulative(years)


def payback_figure(result: m.SharedOperationsResult, lang: str = "en", years: int = 10,
                   width: str = "wide") -> Figure:
    """Bars of the cumulative net position per year; the payback year is where the bars turn positive."""
    w = Words(REPORT.id, lang)
    data = payback_table(result, years)
    fig, ax = style.new_figure(width, height=3.8)
    colors = [style.HIGHLIGHT if v >= 0 else style.ACCENT for v in data["net"]]
    ax.bar(data["year"].astype(str), data["net"], color=colors, width=0.7)
    ax.axhline(0, color="#8c8c8c", linewidth=0.8)
    style.format_axis(ax, lang, "y")
    style.finish(fig, title=w("payback_title"),
                 subtitle=f"{w('payback_sub')} ({w('dkk')})",
                 source=source_text(result.assumptions, lang))
    ax.grid(axis="x", visible=False)
    return fig
