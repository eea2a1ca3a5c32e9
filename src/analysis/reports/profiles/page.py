"""One municipality profile as the reader sees it: its sentences, charts and tables, in the order the notebook
shows them. Numbers come from compute.build_profile; words from text.yaml."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import atomic, data_text, report
from analysis.data import tables
from analysis.figures import charts, export, maps, style
from analysis.figures.labels import join_names, ordinal
from analysis.i18n import Words, decimals_of, fmt_kr, fmt_number, fmt_percent, genitive
from analysis.report import Finding
from analysis.reports.profiles import REPORT, compute, load
from analysis.reports.profiles.compute import NATIONAL_CODE, TABLES, UNIT, Profile
from analysis.reports.profiles.params import Params


class Page:
    """The profile's numbers and its words in the reader's language, shared by its sections."""

    def __init__(self, P: Params):
        self.P, self.L = P, P.lang
        self.w = Words(REPORT.id, P.lang)
        self.prof: Profile = compute.build_profile(
            P.code, **load.tables_for_profile(), peers=P.peers, size_band=P.size_band,
            groups=load.table("groups") if P.peers == "group" else None, compare=P.compare_codes)
        self.v = compute.latest_values(self.prof)

    def rank(self, n: int) -> str:
        """A rank as the sentences write it ('nr. 3' / '3rd')."""
        return ordinal(n, self.L)

    def vs(self, value: float, reference: float) -> str:
        """'4.2% above' / '4,2 % under' (one decimal, as computed)."""
        diff = compute.pct_diff(value, reference)
        return self.w("above" if diff >= 0 else "below", p=fmt_percent(abs(diff), self.L, 1))

    def places(self, k: int) -> str:
        return self.w("place" if abs(k) == 1 else "places")

    def kr(self, value: float) -> str:
        return fmt_kr(value, self.L)


# --- title, findings, header ------------------------------------------------------------------------------------

def title(pg: Page) -> None:
    """The report title, stating the finding."""
    p, v = pg.prof, pg.v
    report.title(pg.w("title", name=p.name, kr=pg.kr(v["municipality"]),
                      diff=pg.vs(v["municipality"], v["national"])), P=pg.P)


def finding_texts(pg: Page) -> list[str]:
    """The key findings' sentences."""
    p, v, r, w = pg.prof, pg.v, pg.prof.rank, pg.w
    moved, k = r.change_since_first, len(p.partnerships)
    if moved:
        move = w("f_moved_up" if moved > 0 else "f_moved_down", y1=r.first_year, k=abs(moved),
                 places=pg.places(moved), r1=pg.rank(r.first_rank), r2=pg.rank(r.latest_rank))
    else:
        move = w("f_same_place", y1=r.first_year)
    parts = w("f_partnerships_0") if not k else w("f_partnerships_1") if k == 1 else w("f_partnerships_n", k=k)
    return [w("f_spend", name=p.name, kr=pg.kr(v["municipality"]), y=r.latest_year),
            w("f_national", diff=pg.vs(v["municipality"], v["national"]), kr=pg.kr(v["national"])),
            rank_finding_text(pg), move, parts]


def rank_finding_text(pg: Page) -> str:
    """The rank sentence; near the top of the list it names the smallest municipalities that hold the top places."""
    p, r, w = pg.prof, pg.prof.rank, pg.w
    small = p.smallest_top
    if not small or (p.code not in small and r.latest_rank > compute.SMALLEST_CONTEXT_RANKS):
        return w("f_rank", rank=pg.rank(r.latest_rank), n=r.n, y=r.latest_year)
    names = dict(zip(p.latest["geo_code"].astype(str), p.latest["name"]))
    k = w.lookup("counts", str(len(small)), fmt_number(len(small), pg.L))
    return w("f_rank_smallest" if p.code in small else "f_rank_below_smallest", rank=pg.rank(r.latest_rank), n=r.n,
             y=r.latest_year, k=k, names=join_names([names[c] for c in small], pg.L), name=p.name)


def findings(pg: Page) -> None:
    """The key findings, each number recorded with the table rows it comes from (findings.json)."""
    p, v, r = pg.prof, pg.v, pg.prof.rank
    year, code, spend = r.latest_year, p.code, TABLES["spend"]
    texts = finding_texts(pg)
    report.key_findings([
        Finding(texts[0], v["municipality"], UNIT, spend, geo=code, year=year, how="value",
                id="spend", link="#fig-spend_over_time", lead=True),
        Finding(texts[1], compute.pct_diff(v["municipality"], v["national"]), "percent", spend,
                geo=[code, NATIONAL_CODE], year=year, how="pct_diff", id="vs-national", link="#fig-spend_over_time"),
        Finding(texts[2], r.latest_rank, "rank", spend, geo=code, year=year, how="rank",
                query={"among": "municipality", "order": "descending", "ties": "min"}, id="rank",
                link="#fig-all_municipalities", context="smallest_municipalities" if pg.prof.smallest_top else None),
        Finding(texts[3], r.change_since_first, "places", spend, geo=code, year=[r.first_year, year],
                how="rank_change", query={"among": "municipality", "order": "descending",
                                          "sign": "first_rank - latest_rank"}, id="rank-change"),
        Finding(texts[4], len(p.partnerships), "partnerships", TABLES["dk_partnerships"], geo=code, how="count",
                query={"also": TABLES["catalogue"]}, id="partnerships"),
    ], pg.P)


def header(pg: Page) -> None:
    """Region, population (with its date) and code."""
    p = pg.prof
    report.markdown(pg.w("header", region=p.region, pop=fmt_number(p.population, pg.L),
                         period=compute.short_period(p.population_period), code=p.code))


# --- partnerships -----------------------------------------------------------------------------------------------

def partnerships_frame(pg: Page) -> pd.DataFrame:
    """The partnerships as a table for publishing: name, start year, scope, source (names and scopes of the
    catalogue's entries in the reader's language, from the house translation tables)."""
    w = pg.w
    cols = [w("col_partnership"), w("col_start"), w("col_scope"), w("col_source")]
    rows = [[w.lookup("partnership_names", p["id"], p["name"]) if p.get("id") else
             data_text.member_names(p["name"], pg.L), p["since"],
             (w.lookup("partnership_scopes", p["id"], p["scope"]) if p.get("id") else p["scope"]) or "–",
             f"{p['publisher']}: {p['source_title']}".strip(": ")]
            for p in pg.prof.partnerships]
    frame = pd.DataFrame(rows, columns=cols)
    frame[cols[1]] = frame[cols[1]].astype("Int64")
    return frame


def partnerships(pg: Page) -> None:
    """The partnerships the data name the municipality in, or the plain statement that there are none."""
    p = pg.prof
    report.heading(pg.w("h_partnerships"))
    if not p.partnerships:
        report.markdown(pg.w("no_partnerships", name=p.name))
        return
    export.publish_table(partnerships_frame(pg), "partnerships", P=pg.P,
                         title=pg.w("partnerships_table", name=p.name),
                         sources=[{"publisher": x["publisher"], "title": x["source_title"], "url": x["url"]}
                                  for x in p.partnerships], formats={pg.w("col_start"): "year"},
                         published=[pg.w("col_source")])


# --- spend per inhabitant over time -----------------------------------------------------------------------------

def peer_description(pg: Page) -> str:
    """Who the peers are: the rule and, when few, their names."""
    p, w, L = pg.prof, pg.w, pg.L
    munis = load.table("municipalities")
    names = munis.assign(code=munis["code"].astype(str)).set_index("code")["name"]
    k = len(p.peer_codes)
    listed = ", ".join(names[c] for c in p.peer_codes) if 0 < k <= 15 else ""
    if p.peers == "size":
        low, high = compute.size_band_limits(p.population, p.size_band)
        rule = w("peer_rule_size", low=fmt_number(low, L), high=fmt_number(high, L),
                 band=fmt_percent(p.size_band * 100, L, 0))
    elif p.peers == "region":
        rule = w("peer_rule_region", region=p.region)
    elif p.peers == "group":
        rule = w("peer_rule_group", group=w.lookup("group_names", p.group, p.group_name), k=p.group)
    else:
        rule = w("peer_rule_all")
    if k == 0:
        return w("no_peers", name=p.name, rule=rule)
    count = w("municipalities_1") if k == 1 else w("municipalities_n", k=k)
    return w("peer_group", rule=rule, count=count) + (f" ({listed})." if listed else ".")


def comparison_text(pg: Page) -> str:
    """The latest year's figure against the national figure, the region's weighted mean and the peers."""
    p, v, w = pg.prof, pg.v, pg.w
    text = w("comparison", y=p.rank.latest_year, name=p.name, kr=pg.kr(v["municipality"]),
             nat=pg.vs(v["municipality"], v["national"]), kr_nat=pg.kr(v["national"]),
             reg=pg.vs(v["municipality"], v["region"]), region=p.region, kr_reg=pg.kr(v["region"]))
    if not pd.isna(v["peers"]):
        text += " " + w("comparison_peers", kr=pg.kr(v["peers"]), name=p.name, diff=pg.vs(v["municipality"],
                                                                                           v["peers"]))
    if p.compare_codes and not pd.isna(v.get("compare", float("nan"))):
        text += "\n\n" + compare_text(pg)
    return text


def compare_text(pg: Page) -> str:
    """The reader's comparison set in the latest year: its mean and, for more than one, each municipality."""
    p, v, w = pg.prof, pg.v, pg.w
    latest = p.latest.set_index("geo_code")
    names = [str(latest.loc[c, "name"]) for c in p.compare_codes]
    diff = pg.vs(v["municipality"], v["compare"])
    if len(names) == 1:
        return w("compare_one", other=names[0], kr=pg.kr(v["compare"]), y=p.rank.latest_year, name=p.name, diff=diff)
    each = join_names([f"{latest.loc[c, 'name']} ({pg.kr(latest.loc[c, 'value'])})" for c in p.compare_codes],
                      pg.L)
    return w("compare_many", names=each, kr=pg.kr(v["compare"]), y=p.rank.latest_year, name=p.name, diff=diff)


def rank_text(pg: Page) -> str:
    """Rank among all municipalities in the latest year and how it moved."""
    p, r, w = pg.prof, pg.prof.rank, pg.w
    moved = r.change_since_first
    text = w("rank_text", name=p.name, rank=pg.rank(r.latest_rank), n=r.n, y=r.latest_year, y1=r.first_year,
             r1=pg.rank(r.first_rank))
    if r.previous_year is not None and r.previous_year != r.first_year:
        text += w("rank_previous", y=r.previous_year, r=pg.rank(r.previous_rank))
    if moved == 0:
        return text + w("rank_same")
    # a move up means its spend rose relative to the other municipalities', not that it spends more than all
    return text + w("rank_up" if moved > 0 else "rank_down", k=abs(moved), places=pg.places(moved), y1=r.first_year)


def series_frame(pg: Page) -> pd.DataFrame:
    """The line chart's data: year, series, label, value (empty series dropped)."""
    p = pg.prof
    labels = {"municipality": p.name, "national": pg.w("national"),
              "region": pg.w("region_weighted", region=p.region), "peers": pg.w("peers_label", k=len(p.peer_codes))}
    if len(p.compare_codes) == 1:
        labels["compare"] = str(p.latest.set_index("geo_code").loc[p.compare_codes[0], "name"])
    elif p.compare_codes:
        labels["compare"] = pg.w("compare_label", k=len(p.compare_codes))
    long = compute.series_long(p)
    return long.assign(label=long["series"].map(labels))[["year", "series", "label", "value"]]


def line_title(pg: Page, data: pd.DataFrame) -> str:
    """The line chart's title, naming only the series it shows."""
    peers = bool(data["series"].eq("peers").any())
    if data["series"].eq("compare").any():
        return pg.w("line_title_compare", name=pg.prof.name)
    return pg.w("line_title_peers" if peers else "line_title", name=pg.prof.name)


def spend_figure(pg: Page, width: str = "wide"):
    """The line chart of the municipality against its comparison lines, and its data (the report and the
    dashboard's comparison view draw the same chart)."""
    data = series_frame(pg)
    labels = dict(zip(data["series"], data["label"]))
    colors = {"municipality": style.HIGHLIGHT, "national": style.MID, "region": style.ACCENT, "peers": style.MUTED,
              "compare": style.COMPARE}
    fig = charts.line_chart(data, series="series", labels=labels, colors=colors, title=line_title(pg, data),
                            units=pg.w("units"), source=load.source_line("spend", pg.L), lang=pg.L, width=width,
                            decimals=0, order=["peers", "region", "national", "compare", "municipality"])
    return fig, data


def spend(pg: Page) -> None:
    """The comparison in words and the line chart of the municipality against its comparison lines."""
    report.heading(pg.w("h_spend"))
    report.markdown("\n\n".join([comparison_text(pg), peer_description(pg), rank_text(pg),
                                 f"**{caveat_text(pg)}**"]))
    fig, data = spend_figure(pg)
    groups = load.sources("groups") if pg.prof.peers == "group" else []
    export.publish_figure(fig, "spend_over_time", data, title=line_title(pg, data), units=pg.w("units"),
                          sources=load.sources("spend") + load.sources("population") + groups, P=pg.P)


# --- all municipalities in the latest year ----------------------------------------------------------------------

def axis_text(pg: Page, data: pd.DataFrame, limit: float) -> str:
    """Says how the axis handles the far outliers, with their values."""
    far = data[data["clipped"]].sort_values("value", ascending=False)
    if far.empty:
        return pg.w("axis_all")
    listed = ", ".join(f"{r['name']} {pg.kr(r['value'])}" for _, r in far.iterrows())
    return pg.w("axis_clipped", lim=pg.kr(limit), k=len(far), listed=listed)


def dot_title(pg: Page, data: pd.DataFrame) -> str:
    p = pg.prof
    return pg.w("dot_title", n=len(data), y=p.rank.latest_year, name=p.name, rank=pg.rank(p.rank.latest_rank))


def dot_figure(pg: Page, data: pd.DataFrame, limit: float):
    """All municipalities in the latest year, one row per region, this one highlighted and labelled."""
    p, L = pg.prof, pg.L
    national = float(p.series["national"].iloc[-1])
    fig, ax = style.new_figure("wide", height=3.9)
    regions = list(dict.fromkeys(data.sort_values("region")["region"]))
    ypos = {r: i for i, r in enumerate(reversed(regions))}
    data = data.sort_values("value")
    offsets = data.groupby("region").cumcount().mod(3).sub(1).mul(0.17)
    y = data["region"].map(ypos) + offsets
    normal = ~data["clipped"] & ~data["highlighted"]
    ax.scatter(data.loc[normal, "plotted"], y[normal], s=22, color=style.MUTED, edgecolor="white", linewidth=0.4,
               zorder=2)
    far = data["clipped"] & ~data["highlighted"]
    ax.scatter(data.loc[far, "plotted"], y[far], s=30, marker=">", color=style.MID, zorder=2)
    for (_, row), yy in zip(data[far].iterrows(), y[far]):
        ax.annotate(f"{row['name']} {fmt_number(row['value'], L)}", (row["plotted"], yy), xytext=(-7, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=7.5, color=style.SUBTLE)
    me = data[data["highlighted"]]
    me_clipped = bool(me["clipped"].iloc[0])
    ax.scatter(me["plotted"], y[data["highlighted"]], s=70, marker=">" if me_clipped else "o",
               color=style.HIGHLIGHT, edgecolor="white", linewidth=0.8, zorder=4)
    ax.annotate(f"{p.name} {fmt_number(float(me['value'].iloc[0]), L)}",
                (float(me["plotted"].iloc[0]), float(y[data["highlighted"]].iloc[0])),
                xytext=(-9, 0) if me_clipped else (0, 9), textcoords="offset points",
                ha="right" if me_clipped else "center", va="center" if me_clipped else "bottom",
                fontsize=9, fontweight="bold", color=style.HIGHLIGHT, zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    ax.axvline(national, color=style.MID, linestyle="--", linewidth=1, zorder=1)
    ax.annotate(f"{pg.w('national')} {fmt_number(national, L)}", (national, len(regions) - 0.5),
                xytext=(4, 0), textcoords="offset points", fontsize=8, color=style.MID, va="bottom")
    ax.set_yticks(list(ypos.values()), list(ypos.keys()))
    ax.set_ylim(-0.6, len(regions) - 0.3)
    ax.set_xlim(float(data["value"].min()) * 0.92, limit * 1.02)
    ax.grid(axis="x", visible=True)
    ax.grid(axis="y", visible=False)
    style.format_axis(ax, L, "x", decimals=0)
    style.unit_label(ax, pg.w("units"), axis="x")
    style.finish(fig, title=dot_title(pg, data), source=load.source_line("spend", L))
    fig._workbench.update(kind="profile_dot", units=pg.w("units"), lang=L)
    return fig


def dot_alt(pg: Page, data: pd.DataFrame) -> str:
    """Alt text of the dot plot, from its data."""
    p, L = pg.prof, pg.L
    lo, hi = data.loc[data["value"].idxmin()], data.loc[data["value"].idxmax()]
    me = float(data.loc[data["highlighted"], "value"].iloc[0])
    return pg.w("dot_alt", n=len(data), y=p.rank.latest_year, units=pg.w("units"), lo=lo["name"],
                lo_v=fmt_number(lo["value"], L), hi=hi["name"], hi_v=fmt_number(hi["value"], L), name=p.name,
                v=fmt_number(me, L), rank=pg.rank(p.rank.latest_rank) if L == "da" else p.rank.latest_rank)


def all_municipalities(pg: Page) -> None:
    """Every municipality's latest figure as a dot plot, the far outliers at the axis edge."""
    dots, limit = compute.dot_frame(pg.prof)
    report.heading(pg.w("h_all", y=pg.prof.rank.latest_year))
    report.markdown(axis_text(pg, dots, limit))
    export.publish_figure(dot_figure(pg, dots, limit), "all_municipalities", dots, title=dot_title(pg, dots),
                          units=pg.w("units"), sources=load.sources("spend", pg.prof.rank.latest_year),
                          alt=dot_alt(pg, dots), P=pg.P)


# --- the map ---------------------------------------------------------------------------------------------------

def map_classes(values, lang: str) -> maps.Classes:
    """Five classes with round limits up to the dot plot's far-outlier limit, the top one open for the islands;
    legend labels in the reader's language and number format (the profiles' and the index's maps alike)."""
    w = Words(REPORT.id, lang)
    fmt = lambda v: fmt_number(v, lang)  # noqa: E731
    return maps.Classes.rounded(values, 5, lambda b: maps.range_labels(
        b, fmt, below=w("map_below"), between=w("map_between"), above=w("map_above")))


def map_sources(lang: str) -> str:
    """The map's source line: the figures' table and the boundaries' snapshot."""
    def cited(key):
        return load.source_line(key, lang).split(": ", 1)[-1]
    return Words(REPORT.id, lang)("map_sources", values=cited("spend"), shapes=cited("boundaries"))


def map_text(pg: Page, frame: pd.DataFrame, classes: maps.Classes) -> str:
    """The map in words: the classes, this municipality's class and who shares it, the open top, the missing."""
    p, w = pg.prof, pg.w
    codes, klass = frame["code"].astype(str).to_numpy(), frame["class"].to_numpy(dtype=float, na_value=np.nan)
    mine = codes == p.code
    regions = dict(zip(p.latest["geo_code"].astype(str), p.latest["region"]))
    same = [c for c, k in zip(codes, klass) if k == klass[mine][0] and c != p.code]
    in_region = sum(regions.get(c) == p.region for c in same)
    key = "map_text_alone" if not same else "map_text" if in_region else "map_text_none_in_region"
    parts = [w(key, k=len(classes.labels), name=p.name, class_label=frame["class_label"].to_numpy()[mine][0],
               same=len(same), same_region=in_region, region=p.region)]
    far = national_map(pg).far_above
    if far:
        parts.append(w("map_open_top", listed=join_names([f"{name} ({pg.kr(value)})" for name, value in far], pg.L)))
    missing = frame.loc[frame["value"].isna(), "name"]
    if len(missing):
        parts.append(w("map_missing_text", names=join_names(list(missing), pg.L)))
    return " ".join(parts)


@dataclass(frozen=True)
class NationalMap:
    """What every profile's map of one language shares: the table it colours (none outlined), its classes, the
    islands above the open top class, the interactive map's links and the print map's picture. Made once per
    kernel and language; a profile's map then costs its outline, its words and its files."""
    frame: pd.DataFrame
    classes: maps.Classes
    far_above: tuple[tuple[str, float], ...]
    links: str
    raster: bytes


_NATIONAL: dict[tuple, NationalMap] = {}  # (language, figures) -> the shared map


def national_map(pg: Page) -> NationalMap:
    """The shared part of the profiles' map for this page's language and figures (see NationalMap); looked up
    once per page, whose map section asks for it four times."""
    if "_national_map" not in pg.__dict__:
        pg._national_map = _national_map(pg)
    return pg._national_map


def _national_map(pg: Page) -> NationalMap:
    from analysis.layout import slug

    values, names = compute.map_values(pg.prof)
    key = (pg.L, tuple((c, None if v != v else v) for c, v in values.items()), tuple(names.items()))
    if key not in _NATIONAL:
        classes = map_classes(values.values(), pg.L)
        frame = maps.map_frame(values, names, classes)
        shapes = load.shapes()
        links = maps.interactive_links(frame, shapes, href=lambda c: f"{slug(names[c])}.html",
                                       label=lambda r: pg.w("idx_map_label", name=r["name"], kr=pg.kr(r["value"])))
        far = compute.far_above(pg.prof)
        if len(_NATIONAL) >= 4:  # a kernel renders one or two languages of one set of figures
            _NATIONAL.clear()
        _NATIONAL[key] = NationalMap(frame, classes, tuple(zip(far["name"], far["value"].astype(float))), links,
                                     maps.print_raster(frame, shapes))
    return _NATIONAL[key]


def map_frame(pg: Page) -> tuple[pd.DataFrame, maps.Classes]:
    """The table this profile's map colours, this municipality outlined, and its classes."""
    nat = national_map(pg)
    return nat.frame.assign(highlighted=nat.frame["code"] == pg.prof.code), nat.classes


def map_svg(pg: Page, frame: pd.DataFrame, classes: maps.Classes, alt: str) -> str:
    """The latest spend per inhabitant of every municipality, this one outlined, as an accessible SVG (each
    municipality a link to its profile, named with its value on hover and focus)."""
    p, w = pg.prof, pg.w
    return maps.interactive_svg(frame, load.shapes(), classes, href=None, label=None, links=national_map(pg).links,
                                title=w("map_title", name=p.name, y=p.rank.latest_year), desc=alt,
                                legend_title=w("units"), missing_label=w("map_missing"))


PRINT_RASTER = "map-print.jpg"


def map_print_svg(pg: Page, frame: pd.DataFrame, classes: maps.Classes, alt: str) -> str:
    """The same map for the PDF (figures.maps.print_svg): its title, description (alt) and key, no links; the
    municipalities a picture saved beside the figure's data (PRINT_RASTER), the outline drawn on it."""
    p, w = pg.prof, pg.w
    atomic.write_bytes(Path(pg.P.output_dir) / PRINT_RASTER, national_map(pg).raster)
    return maps.print_svg(frame, load.shapes(), classes, title=w("map_title", name=p.name, y=p.rank.latest_year),
                          desc=alt, legend_title=w("units"), missing_label=w("map_missing"),
                          raster_href=f"{pg.P.output_href}/{PRINT_RASTER}")


def map_alt(pg: Page, frame: pd.DataFrame) -> str:
    """Alt text of the map, from the table it colours."""
    w = pg.w
    return maps.describe_map(frame, pg.kr, {"summary": w("map_alt", n="{n}", y=pg.prof.rank.latest_year,
                                                           max_name="{max_name}", max_value="{max_value}",
                                                           min_name="{min_name}", min_value="{min_value}"),
                                            "highlight": w("map_alt_highlight", name="{name}", value="{value}",
                                                           class_label="{class_label}"),
                                            "missing": w("map_alt_missing", names="{names}")})


def map_section(pg: Page) -> None:
    """Denmark's municipalities coloured by the latest figure, this one outlined, with its words and data."""
    frame, classes = map_frame(pg)
    alt = map_alt(pg, frame)
    report.markdown(pg.w("map_subtitle", name=pg.prof.name, region=pg.prof.region) + " " + map_text(pg, frame, classes))
    year = pg.prof.rank.latest_year
    export.publish_svg(map_svg(pg, frame, classes, alt), "map", frame,
                       title=pg.w("map_title", name=pg.prof.name, y=year),
                       units=pg.w("units"), sources=load.sources("spend", year) + load.sources("boundaries"),
                       alt=alt, P=pg.P, print_svg=map_print_svg(pg, frame, classes, alt))


# --- the joint licence ------------------------------------------------------------------------------------------

def licence(pg: Page) -> None:
    """What the user-club licence would cost this municipality, with the scenario's inputs and their sources."""
    from analysis.reports.scenarios.page import assumptions_table, format_value
    p, w, L = pg.prof, pg.w, pg.L
    facts = load.table("facts")
    result = compute.joint_licence_for(p, facts, w("population_source",
                                                   period=compute.short_period(p.population_period)))
    fee = next(a for a in result.assumptions if a.key == "licence_per_citizen")
    report.heading(w("h_licence"))
    report.markdown(w("licence_text", per=pg.kr(result.licence_per_citizen), source=fee.source, name=p.name,
                      name_s=genitive(p.name, L), pop=fmt_number(result.population, L), cost=pg.kr(result.club_cost)))
    inputs = assumptions_table(result.assumptions, L)
    fact_rows, pop_rows = compute.licence_source_rows(p, result, facts, load.table("population"))
    export.publish_table(inputs, "joint_licence_assumptions", P=pg.P,
                         formats={inputs.columns[1]: lambda v: format_value(v, L)}, title=w("licence_table"),
                         published=[inputs.columns[3]],
                         sources=tables.sources(fact_rows) + tables.sources(pop_rows))


# --- methods and caveats ----------------------------------------------------------------------------------------

def weights_text(pg: Page) -> str:
    """Which year's population weights which accounts years."""
    parts = [pg.w("m_weight_part", pop_year=pop_year, years=str(first) if first == last else f"{first}–{last}")
             for pop_year, first, last in compute.weight_years_text(pg.prof.weight_years)]
    return pg.w("m_weights", parts=", ".join(parts))


def methods_and_caveats(pg: Page) -> None:
    """How the figures were computed, and what the spend figure is not."""
    w = pg.w
    points = [w("m_spend", art="I alt (netto)"), w("m_national"), weights_text(pg),
              w("m_peers", band=fmt_percent(band := round(pg.P.size_band * 100, 9), pg.L, decimals_of(band))),
              w("m_rank", n=pg.prof.rank.n)]
    if pg.prof.peers == "group":
        points.append(w("m_group"))
    if pg.prof.compare_codes:
        points.append(w("m_compare", compare="compare"))
    report.methods(points, pg.P)
    report.caveats([caveat_text(pg)], pg.P)


def caveat_text(pg: Page) -> str:
    """Not IT spending, and in current prices: the municipality's change with its real-terms companion (CPI)."""
    w, rt = pg.w, compute.real_terms(pg.prof, load.table("cpi"))
    size = lambda v: fmt_percent(abs(v), pg.L, 1)  # noqa: E731
    return w("caveat", name_s=genitive(pg.prof.name, pg.L), y1=rt["y1"], y2=rt["y2"], p=size(rt["nominal"]),
             dir=w("more" if rt["nominal"] >= 0 else "less"), r=size(rt["real"]),
             dir_real=w("more" if rt["real"] >= 0 else "less"), c=fmt_percent(rt["prices"], pg.L, 1))
