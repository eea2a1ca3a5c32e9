"""The peers report as the reader sees it: sentences, charts and tables in the order the notebook shows
them. Numbers come from compute.derive; words from text.yaml."""
from __future__ import annotations

import pandas as pd

from analysis import provenance, report
from analysis.data import tables
from analysis.figures import charts, export, style
from analysis.figures.labels import country_names, join_names, ordinal
from analysis.i18n import Words, fmt_number, fmt_percent
from analysis.report import Finding
from analysis.reports.peers import REPORT
from analysis.reports.peers import compute as peers
from analysis.reports.peers.compute import TABLES
from analysis.reports.peers.params import KNOWN_COUNTRIES, Params

EGDI_DEC = 4  # the UN prints the index with four decimals
# finding ids by measure (then focus country), the order of the key findings
ORDER = ["egdi_", "egdi_rank_", "egdi_gap_", "egdi_rank_change_", "egdi_world_rank_", "benchmark_", "oecd_rank_", "use_", "desi_",
         "desi_rank_", "desi_revised_", "desi_revised_rank_"]


class Page:
    """The report's words in the reader's language, its colours and its numbers, shared by its sections."""

    def __init__(self, P: Params):
        self.P, self.L = P, P.lang
        self.tx = Words(REPORT.id, P.lang)
        self.tables = {k: REPORT.load(name) for k, name in TABLES.items()}
        self.D = peers.derive(self.tables, P)
        # DK and NO keep their house colours; any other focus country takes the highlight/accent in order
        if all(c in style.COUNTRY_COLORS for c in P.focus):
            self.focus_colors = {c: style.country_color(c) for c in P.focus}
        else:
            self.focus_colors = dict(zip(P.focus, (style.HIGHLIGHT, style.ACCENT)))
        self.line_colors = self.focus_colors | {a: style.MID for a in peers.EU_AGGREGATES}
        self.bar_colors = self.focus_colors | {"EU27_2020": style.MID}
        self.names = country_names(list(KNOWN_COUNTRIES) + list(peers.EU_AGGREGATES) + ["EU27_PLUS"], P.lang)
        self.bench_period = self.tx("bench_period", y0=self.D.bench_year - 1, y1=self.D.bench_year)

    def num(self, v, d=EGDI_DEC):
        """An index value as the UN prints it."""
        return fmt_number(v, self.L, d)

    def pct1(self, v):
        """A DESI share as shown in text and chart: one decimal."""
        return fmt_percent(v, self.L, 1)


def title(pg: Page) -> None:
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    rank_of = dict(zip(D.ranked["geo_code"], D.ranked["rank_among"]))
    ranks_text = join_names([rank_phrase(pg, c, rank_of[c], "title_rank") for c in P.focus if c in rank_of], L)
    report.title(tx("title", lead=join_names([names[c] for c in P.focus], L), year=D.y2, ranks=ranks_text),
                 tx("lead", n=D.n_countries - len(P.focus), y1=D.y1), P)


def rank_phrase(pg: Page, c: str, rank: int, key: str) -> str:
    """'Norway ranks 9th of 9' and, for a close call (compute.CLOSE_CALL), ', 0.0011 behind Sweden'."""
    L, tx, D, names = pg.L, pg.tx, pg.D, pg.names
    text = tx(key, name=names[c], rank=ordinal(rank, L), n=D.n_countries)
    near = peers.close_call(D.ranked, c)
    if near is None:
        return text
    key = "close_behind" if near["side"] == "behind" else "close_ahead"
    return text + tx(key, gap=pg.num(near["gap"]), other=names[near["geo_code"]])


def egdi_findings(pg: Page, c: str) -> list[Finding]:
    """The UN index findings of one focus country: value, rank among the peers, change, world rank."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    row = D.ranked[D.ranked["geo_code"] == c]
    if row.empty:
        return []
    rank = int(row["rank_among"].iloc[0])
    near = peers.close_call(D.ranked, c)
    out = [Finding(
        id=f"egdi_{c}", text=tx("f_egdi", name=names[c], v=pg.num(float(row["value"].iloc[0])), year=D.y2,
                                rank=rank_phrase(pg, c, rank, "f_egdi_rank")),
        value=float(row["value"].iloc[0]), unit="index (0-1)", table=TABLES["egdi"], indicator=peers.EGDI,
        geo=c, year=D.y2, how="value", link="#fig-egdi_over_time", context="close_call" if near else None,
        lead=c == P.focus[0]),
        Finding(id=f"egdi_rank_{c}", text="", value=rank, unit="rank", table=TABLES["egdi"],
                indicator=peers.EGDI, geo=c, year=D.y2, how="rank", query={"among": P.countries})]
    if near is not None:
        out.append(Finding(id=f"egdi_gap_{c}", text="", value=near["gap"], unit="index points", table=TABLES["egdi"],
                           indicator=peers.EGDI, geo=[c, near["geo_code"]], year=D.y2, how="gap",
                           query={"close_call": peers.CLOSE_CALL}, context="close_call"))
    # Ranks, not index levels, across editions: the UN has changed the index's method between surveys.
    world = D.world[D.world["geo_code"] == c].dropna(subset=["value"]).sort_values("year")
    if len(world) >= 2 and int(world["year"].iloc[-1]) == D.y2:
        first, last = world.iloc[0], world.iloc[-1]
        r1, r2 = int(first["value"]), int(last["value"])
        out.append(Finding(
            id=f"egdi_rank_change_{c}", text=tx("f_wrank_change", name=names[c], r1=ordinal(r1, L),
                                                y1=int(first["year"]), r2=ordinal(r2, L), y2=D.y2),
            value=r1 - r2, unit="places", table=TABLES["egdi"], indicator=peers.EGDI_RANK, geo=c,
            year=[int(first["year"]), D.y2], how="rank_change"))
    w = D.world[(D.world["geo_code"] == c) & (D.world["year"] == D.y2)]
    if not w.empty:
        out.append(Finding(
            id=f"egdi_world_rank_{c}", text="" if len(world) >= 2 else tx(
                "f_wrank", name=names[c], rank=ordinal(int(w["value"].iloc[0]), L), year=D.y2),
            value=int(w["value"].iloc[0]), unit="rank", table=TABLES["egdi"], indicator=peers.EGDI_RANK,
            geo=c, year=D.y2, how="value"))
    return out


def other_findings(pg: Page, c: str) -> list[Finding]:
    """Benchmark, OECD rank, e-government use and DESI findings of one focus country."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    out = []
    b = D.bench[D.bench["geo_code"] == c]
    if not b.empty and len(D.eu_bench):
        out.append(Finding(
            id=f"benchmark_{c}", text=tx("f_bench", name=names[c], v=fmt_number(float(b["value"].iloc[0]), L, 1),
                                         period=pg.bench_period, eu=fmt_number(float(D.eu_bench.iloc[0]), L, 1)),
            value=float(b["value"].iloc[0]), unit="score (0-100)", table=TABLES["benchmark"],
            indicator=peers.BENCHMARK_OVERALL, geo=c, year=D.bench_year, how="value", link="#fig-egov_benchmark"))
    o = D.oecd[D.oecd["geo_code"] == c]
    if not o.empty and len(D.oecd_n):
        out.append(Finding(
            id=f"oecd_rank_{c}", text=tx("f_oecd", name=names[c], rank=ordinal(int(o["oecd_rank"].iloc[0]), L),
                                         n=int(D.oecd_n.iloc[0]), year=D.oecd_year),
            value=int(o["oecd_rank"].iloc[0]), unit="rank", table=TABLES["oecd"], indicator=peers.OECD_RANK,
            geo=c, year=D.oecd_year, how="value", link="#fig-oecd_dgi"))
    u = D.use[D.use["geo_code"] == c]
    if not u.empty and len(D.eu_use):
        out.append(Finding(
            id=f"use_{c}", text=tx("f_use", name=names[c], v=fmt_percent(float(u["value"].iloc[0]), L),
                                   year=D.use_year, eu=fmt_percent(float(D.eu_use.iloc[0]), L)),
            value=float(u["value"].iloc[0]), unit="%", table=TABLES["eurostat"], indicator=peers.USE_LATEST,
            geo=c, year=D.use_year, how="value", link="#fig-egov_use"))
    return out + desi_findings(pg, c)


def desi_findings(pg: Page, c: str) -> list[Finding]:
    """DESI e-government users of one focus country before and after the break, with ranks."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    out = []
    d = D.desi_pre_ranked[D.desi_pre_ranked["geo_code"] == c]
    if not d.empty and len(D.desi_eu_pre):
        out.append(Finding(
            id=f"desi_{c}", text=tx("f_desi", v=pg.pct1(float(d["value"].iloc[0])), name=names[c],
                                    year=D.desi_pre_year, rank=ordinal(int(d["rank_among"].iloc[0]), L),
                                    n=len(D.desi_pre_ranked), eu=pg.pct1(float(D.desi_eu_pre.iloc[0]))),
            value=float(d["value"].iloc[0]), unit="% of internet users 16-74", table=TABLES["desi"],
            indicator=peers.DESI_EGOV_USERS, geo=c, year=D.desi_pre_year, how="value", link="#fig-desi_egov_users"))
        out.append(Finding(
            id=f"desi_rank_{c}", text="", value=int(d["rank_among"].iloc[0]), unit="rank", table=TABLES["desi"],
            indicator=peers.DESI_EGOV_USERS, geo=c, year=D.desi_pre_year, how="rank", query={"among": P.countries}))
    d = D.desi_post_ranked[D.desi_post_ranked["geo_code"] == c]
    if not d.empty:
        out.append(Finding(
            id=f"desi_revised_{c}", text=tx("f_desi_revised", year=D.desi_post_year, name=names[c],
                                            v=pg.pct1(float(d["value"].iloc[0])), n=len(D.desi_post_ranked),
                                            rank=ordinal(int(d["rank_among"].iloc[0]), L)),
            value=float(d["value"].iloc[0]), unit="% of internet users 16-74 (revised module)",
            table=TABLES["desi"], indicator=peers.DESI_EGOV_USERS, geo=c, year=D.desi_post_year, how="value",
            link="#fig-desi_egov_users"))
        out.append(Finding(
            id=f"desi_revised_rank_{c}", text="", value=int(d["rank_among"].iloc[0]), unit="rank",
            table=TABLES["desi"], indicator=peers.DESI_EGOV_USERS, geo=c, year=D.desi_post_year, how="rank",
            query={"among": P.countries}))
    return out


def findings(pg: Page) -> None:
    """The key findings by measure, then focus country; ranks quoted in another sentence are recorded only."""
    found = [f for c in pg.P.focus for f in egdi_findings(pg, c)]
    found += [f for c in pg.P.focus for f in other_findings(pg, c)]
    found.sort(key=lambda f: ORDER.index(f.id.rsplit("_", 1)[0] + "_"))
    report.key_findings(found, pg.P)


def egdi(pg: Page) -> None:
    """The UN index: text per focus country, the series and the ranking."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    report.heading(tx("h_egdi"))
    for c in P.focus:
        s = D.egdi[D.egdi["geo_code"] == c].sort_values("year")
        w = D.world[(D.world["geo_code"] == c) & (D.world["year"] == D.y2)]
        if len(s) and len(w):
            report.markdown(tx("egdi_text", name=names[c], a=pg.num(float(s["value"].iloc[0])),
                               y1=int(s["year"].iloc[0]), b=pg.num(float(s["value"].iloc[-1])),
                               y2=int(s["year"].iloc[-1]), wrank=ordinal(int(w["value"].iloc[0]), L)))
    plot = D.egdi[["year", "geo_code", "value"]].assign(country=D.egdi["geo_code"].map(names))
    fig = charts.line_chart(plot, series="geo_code", labels=names, colors=pg.line_colors,
                            title=tx("egdi_chart", y1=D.y1, y2=D.y2),
                            units=tx("egdi_units"), lang=L, decimals=EGDI_DEC, order=P.focus,
                            band=tx("egdi_band", n=plot.loc[~plot["geo_code"].isin(P.focus), "geo_code"].nunique()))
    for year in peers.missing_editions(plot["year"]):  # the UN's survey is biennial: say which edition is missing
        style.mark_missing_year(fig.axes[0], year, tx("egdi_missing", y=year))
    export.publish_figure(fig, "egdi_over_time", plot, title=tx("egdi_chart", y1=D.y1, y2=D.y2),
                          units=tx("egdi_units"), sources=tables.sources(D.egdi), P=P)
    lead_name = names[D.ranked.iloc[0]["geo_code"]]
    plot = D.ranked[["geo_code", "value", "rank_among"]].assign(country=D.ranked["geo_code"].map(names), year=D.y2)
    fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=P.focus,
                             highlight_colors=pg.bar_colors, title=tx("egdi_rank_chart", leader=lead_name, year=D.y2),
                             units=tx("egdi_units"), lang=L, decimals=EGDI_DEC)
    export.publish_figure(fig, "egdi_ranking", plot, title=tx("egdi_rank_chart", leader=lead_name, year=D.y2),
                          units=tx("egdi_units"), sources=tables.sources(D.ranked), P=P)


def components(pg: Page) -> None:
    """The three components of the UN index against the peer median."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    report.heading(tx("h_components"))
    comp = peers.egdi_components(pg.tables["egdi"], P, D.y2)
    med = peers.peer_median(comp, P.focus)
    comp_plot = (comp[comp["geo_code"].isin(P.focus)][["indicator", "geo_code", "value"]]
                 .assign(series=lambda d: d["geo_code"].map(names)))
    med_plot = med.assign(geo_code="peer_median", series=tx("peer_median")).rename(columns={"peer_median": "value"})
    comp_plot = pd.concat([comp_plot, med_plot[["indicator", "geo_code", "value", "series"]]], ignore_index=True)
    first = P.focus[0]
    osi = comp[(comp["geo_code"] == first) & (comp["indicator"] == "OSI")]["value"]
    osi_med = med[med["indicator"] == "OSI"]["peer_median"]
    if len(osi) and len(osi_med):
        report.markdown(tx("comp_text", year=D.y2, name=names[first], osi=pg.num(float(osi.iloc[0])),
                           med=pg.num(float(osi_med.iloc[0]))))
    fig = charts.dot_plot(comp_plot, category="indicator", series="geo_code", value="value",
                          labels={**names, "peer_median": tx("peer_median")},
                          category_labels={k: tx(k) for k in peers.EGDI_COMPONENTS},
                          colors=pg.focus_colors | {"peer_median": style.MUTED},
                          title=tx("comp_chart", year=D.y2), units=tx("egdi_units"), lang=L, decimals=EGDI_DEC)
    export.publish_figure(fig, "egdi_components", comp_plot, title=tx("comp_chart", year=D.y2),
                          units=tx("egdi_units"), sources=tables.sources(comp), P=P)


def benchmark(pg: Page) -> None:
    """The EU eGovernment Benchmark: text per focus country and the ranking."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    report.heading(tx("h_bench"))
    if len(D.eu_bench):
        for c in P.focus:
            b = D.bench[D.bench["geo_code"] == c]
            if len(b):
                report.markdown(tx("bench_text", name=names[c], a=fmt_number(float(b["value"].iloc[0]), L, 1),
                                   eu=fmt_number(float(D.eu_bench.iloc[0]), L, 1)))
    plot = D.bench[["geo_code", "value", "year"]].assign(country=D.bench["geo_code"].map(names))
    fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=list(P.focus) + ["EU27_2020"],
                             highlight_colors=pg.bar_colors, title=tx("bench_chart", period=pg.bench_period),
                             units=tx("bench_units"), lang=L, decimals=1)
    export.publish_figure(fig, "egov_benchmark", plot, title=tx("bench_chart", period=pg.bench_period),
                          units=tx("bench_units"), sources=tables.sources(D.bench), P=P)


def oecd(pg: Page) -> None:
    """The OECD Digital Government Index: ranks of the focus countries and the ranking."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    report.heading(tx("h_oecd"))
    if len(D.oecd_n):
        items = [tx("oecd_item", name=names[c], rank=ordinal(int(r), L))
                 for c, r in zip(D.oecd["geo_code"], D.oecd["oecd_rank"]) if c in P.focus]
        report.markdown(tx("oecd_text", n=int(D.oecd_n.iloc[0]), year=D.oecd_year, items=join_names(items, L)))
    plot = D.oecd[["geo_code", "value", "oecd_rank", "year"]].assign(country=D.oecd["geo_code"].map(names))
    fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=P.focus,
                             highlight_colors=pg.bar_colors, title=tx("oecd_chart", year=D.oecd_year),
                             units=tx("egdi_units"), lang=L, decimals=3)
    export.publish_figure(fig, "oecd_dgi", plot, title=tx("oecd_chart", year=D.oecd_year), units=tx("egdi_units"),
                          sources=tables.sources(D.oecd), P=P)


def egov_use(pg: Page) -> list[str]:
    """Eurostat's e-government use: text per focus country and the ranking; returns the focus countries
    the latest survey lacks."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    report.heading(tx("h_use"))
    missing = peers.missing_countries(D.use, P.focus)
    for c in P.focus:
        u = D.use[D.use["geo_code"] == c]
        if len(u) and len(D.eu_use):
            report.markdown(tx("use_text", year=D.use_year, a=fmt_percent(float(u["value"].iloc[0]), L),
                               name=names[c], eu=fmt_percent(float(D.eu_use.iloc[0]), L),
                               missing=join_names([names[m] for m in missing], L) if missing else "–"))
    plot = D.use[["geo_code", "value", "year"]].assign(country=D.use["geo_code"].map(names))
    fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=list(P.focus) + ["EU27_2020"],
                             highlight_colors=pg.bar_colors, title=tx("use_chart", year=D.use_year),
                             units=tx("use_units"), lang=L, percent=True, decimals=0)
    export.publish_figure(fig, "egov_use", plot, title=tx("use_chart", year=D.use_year), units=tx("use_units"),
                          sources=tables.sources(D.use), P=P)
    return missing


def egov_use_older(pg: Page, missing: list[str]) -> None:
    """The older Eurostat series for the countries the latest survey lacks."""
    P, L, tx, names = pg.P, pg.L, pg.tx, pg.names
    old_all = peers.egov_use_older(pg.tables["eurostat"], P)
    old = old_all[old_all.groupby("geo_code")["year"].transform("count") > 1]  # lines need two or more years
    for c in missing:
        s = old[old["geo_code"] == c].sort_values("year")
        if len(s) > 1:
            singles = old_all[~old_all.index.isin(old.index)].sort_values(["year", "value"], ascending=[True, False])
            others = "; ".join(f"{names.get(g, g)} {int(y)}: {fmt_percent(float(v), L, 1 if float(v) % 1 else 0)}"
                               for g, y, v in zip(singles["geo_code"], singles["year"], singles["value"]))
            report.markdown(tx("old_text", name=names[c], a=fmt_percent(float(s["value"].iloc[0]), L, 1),
                               y1=int(s["year"].iloc[0]), b=fmt_percent(float(s["value"].iloc[-1]), L, 1),
                               y2=int(s["year"].iloc[-1]), others=others or "–"))
    oy1, oy2 = int(old["year"].min()), int(old["year"].max())
    plot = old[["year", "geo_code", "value"]].assign(country=old["geo_code"].map(names))
    old_title = tx("old_chart", names=join_names([names[c] for c in dict.fromkeys(old["geo_code"])], L),
                   y1=oy1, y2=oy2)
    fig = charts.line_chart(plot, series="geo_code", labels=names, colors=pg.line_colors, title=old_title,
                            units=tx("use_units"), lang=L, percent=True, order=P.focus)
    export.publish_figure(fig, "egov_use_older", plot, title=old_title, units=tx("use_units"),
                          sources=tables.sources(old), P=P)


def desi_text(pg: Page) -> None:
    """DESI e-government users: the focus country's series, and the user base published elsewhere."""
    P, tx, D, names = pg.P, pg.tx, pg.D, pg.names
    report.heading(tx("h_desi"))
    desi_missing = peers.missing_countries(D.desi, P.countries)
    for c in P.focus:
        s = D.desi_pre[D.desi_pre["geo_code"] == c].sort_values("year")
        if len(s) > 1:
            report.markdown(tx("desi_text", name=names[c], a=pg.pct1(float(s["value"].iloc[0])),
                               y1=int(s["year"].iloc[0]), b=pg.pct1(float(s["value"].iloc[-1])),
                               y2=int(s["year"].iloc[-1]), brk=peers.DESI_BREAK_YEAR,
                               missing=join_names([names[m] for m in desi_missing], pg.L) if desi_missing else "–"))
            break
    elsewhere = peers.internet_user_base_elsewhere(pg.tables["ssb_online"], [c for c in P.focus if c in desi_missing])
    for r in elsewhere.itertuples():
        report.markdown(tx("desi_elsewhere", name=names[r.geo_code], v=pg.pct1(float(r.value)), year=int(r.year),
                           who=provenance.publisher_text(r.publisher, pg.L)))


def desi_chart(pg: Page) -> None:
    """DESI e-government users over time, with the break of the revised module marked and never joined."""
    P, L, tx, D, names = pg.P, pg.L, pg.tx, pg.D, pg.names
    desi, desi_pre, desi_pre_year = D.desi, D.desi_pre, D.desi_pre_year
    dy1, dy2 = int(desi["year"].min()), int(desi["year"].max())
    desi_title = tx("desi_chart", y1=dy1, y2=dy2)
    plot = desi[["year", "geo_code", "value", "revised_module"]].assign(country=desi["geo_code"].map(names))
    low = float(desi["value"].min())
    fig = charts.line_chart(peers.gap_at_break(plot), series="geo_code", labels=names, colors=pg.line_colors,
                            title=desi_title, units=tx("desi_units"), lang=L, percent=True, decimals=1,
                            order=P.focus, ylim=(max(0.0, 10 * (low // 10) - 10), 100))
    ax = fig.axes[0]
    for c in P.focus:  # the focus country's last value before the break, labelled at its point
        last = desi_pre[(desi_pre["geo_code"] == c) & (desi_pre["year"] == desi_pre_year)]["value"]
        if len(last):
            ax.annotate(pg.pct1(float(last.iloc[0])), (desi_pre_year, float(last.iloc[0])), xytext=(0, 8),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8.5, fontweight="bold",
                        color=style.text_color(pg.line_colors.get(c, style.HIGHLIGHT)))
    style.label_line_starts(ax)  # the grey peers' lines end before the break: named where they begin
    ax.axvline(peers.DESI_BREAK_YEAR - 0.5, color=style.SUBTLE, linestyle=":", linewidth=1.1, zorder=1)
    ax.text(peers.DESI_BREAK_YEAR - 0.55, ax.get_ylim()[0] + 0.03 * (ax.get_ylim()[1] - ax.get_ylim()[0]),
            tx("desi_break", year=peers.DESI_BREAK_YEAR), ha="right", va="bottom", fontsize=8, color=style.SUBTLE)
    # alt text: the lines before the break described as usual, the revised-module points listed apart
    post = plot[plot["revised_module"]].sort_values("value", ascending=False)
    desi_alt = (export.describe(style.meta(fig), plot[~plot["revised_module"]], L).rstrip(".") + "; "
                + tx("desi_alt_post", year=peers.DESI_BREAK_YEAR,
                     items=", ".join(f"{names[g]} {pg.pct1(v)}" for g, v in zip(post["geo_code"], post["value"])))
                + ".")
    export.publish_figure(fig, "desi_egov_users", plot, title=desi_title, units=tx("desi_units"),
                          sources=tables.sources(desi), alt=desi_alt, P=P)


def focus_table(pg: Page) -> None:
    """The focus countries on every measure, in one table."""
    P, tx, D, names = pg.P, pg.tx, pg.D, pg.names
    report.heading(tx("h_table"))
    summary = pd.DataFrame({"geo_code": list(P.focus)})
    summary[tx("col_country")] = summary["geo_code"].map(names)
    for label_, frame, col in ((tx("m_egdi", year=D.y2), D.ranked, "value"),
                               (tx("m_wrank", year=D.y2), D.world[D.world["year"] == D.y2], "value"),
                               (tx("m_bench", year=D.bench_year), D.bench, "value"),
                               (tx("m_oecd", year=D.oecd_year), D.oecd, "value"),
                               (tx("m_oecd_rank", year=D.oecd_year), D.oecd, "oecd_rank")):
        summary[label_] = summary["geo_code"].map(dict(zip(frame["geo_code"], frame[col])))
    summary = summary.drop(columns="geo_code")
    export.publish_table(summary, "focus_summary", title=tx("table_title"),
                         formats={tx("m_egdi", year=D.y2): EGDI_DEC, tx("m_wrank", year=D.y2): "int",
                                  tx("m_bench", year=D.bench_year): 1, tx("m_oecd", year=D.oecd_year): 3,
                                  tx("m_oecd_rank", year=D.oecd_year): "int"},
                         sources=tables.sources(D.ranked) + tables.sources(D.bench) + tables.sources(D.oecd), P=P)


def methods_and_caveats(pg: Page) -> None:
    P, tx, D = pg.P, pg.tx, pg.D
    report.methods(tx("methods", y1=D.y1, y2=D.y2), P)
    desi_caveats = []
    if "DE" in set(D.desi_pre["geo_code"]):
        de = D.desi_pre[D.desi_pre["geo_code"] == "DE"].sort_values("year").set_index("year")["value"].diff()
        if len(de.dropna()) and de.min() < 0:
            desi_caveats.append(tx("desi_de", name=pg.names["DE"], year=int(de.idxmin())))
    report.caveats(tx("caveats", desi_break=peers.DESI_BREAK_YEAR) + desi_caveats, P)
