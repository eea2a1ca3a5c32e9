"""The IT-spend report as the reader sees it: its sentences, charts and tables, in the order the notebook
shows them. Numbers come from compute.derive; words from text.yaml."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from analysis import data_text, layout, provenance, report
from analysis.data import tables
from analysis.figures import charts, export, maps, style
from analysis.figures.labels import join_names
from analysis.i18n import Words, fmt_kr, fmt_number, fmt_percent
from analysis.report import Finding
from analysis.reports.spend import REPORT, compute
from analysis.reports.spend.compute import TABLES
from analysis.reports.spend.params import Params


class Page:
    """The report's words in the reader's language and its numbers, shared by its sections."""

    def __init__(self, P: Params):
        self.P, self.L = P, P.lang
        self.w = Words(REPORT.id, P.lang)
        self.d: SimpleNamespace = compute.derive({k: REPORT.load(name) for k, name in TABLES.items()}, P)

    def pct(self, v, d=1):
        """A signed percentage change."""
        return ("+" if v > 0 else "") + fmt_percent(v, self.L, d)

    def dkk(self, v, d=0):
        return fmt_kr(v, self.L, d, currency="DKK")

    def b24_label(self) -> str:
        top24 = self.d.top24
        return top24["barrier_en"] if self.L == "en" else self.w.lookup("barriers_2024", top24["barrier_en"],
                                                                        top24["barrier"])


    def size(self, v: float) -> str:
        """A change's size without its sign (the sentence says more or less)."""
        return fmt_percent(abs(v), self.L, 1)

    def direction(self, v: float) -> str:
        return self.w("more" if v >= 0 else "less")

    def small_top_text(self) -> str:
        """The top of the per-inhabitant list when it is the smallest municipalities, said with their size."""
        top, L = self.d.small_top, self.L
        key = "f_dk_small_top_islands" if set(top["geo_code"]) <= set(compute.SMALL_ISLANDS) else "f_dk_small_top"
        n = self.w.lookup("counts", str(len(top)), fmt_number(len(top), L))
        return self.w(key, n=n, y=int(self.d.last["year"]), names=join_names(list(top["geography"]), L),
                      lo=fmt_number(top["population"].min(), L), hi=fmt_number(top["population"].max(), L),
                      py=int(top["population_year"].iloc[0]))


def title(pg: Page) -> None:
    """The title leads with the latest Danish accounts (nominal and real change, years only in the lead, since
    the accounts years are inferred from the copy's file names); Norway's latest table year follows in the lead."""
    w, d, L = pg.w, pg.d, pg.L
    latest = int(d.dk_last["year"]) == int(d.dk_accounts["year"].max())
    report.title(w("title", dk=pg.dkk(float(d.dk_last["value"])), p=pg.size(d.dk_change),
                   when=w("latest_accounts" if latest else "last_shown"),
                   dir_nom=pg.direction(d.dk_change), r=pg.size(d.dk_change_real),
                   dir_real=pg.direction(d.dk_change_real)),
                 w("lead", y1=int(d.dk_first["year"]), y2=int(d.dk_last["year"]), c=fmt_percent(d.cpi_change, L, 1),
                   no=fmt_number(d.mun["value_to"] / 1000, L, 0), ny=int(d.mun["year_to"])), pg.P)


def findings(pg: Page) -> None:
    """The key findings, each with the rows its number comes from (findings.json)."""
    w, d, L = pg.w, pg.d, pg.L
    mun, cty, ns, top24 = d.mun, d.cty, d.national_strategy, d.top24
    dk_first, dk_last, last, purchases = d.dk_first, d.dk_last, d.last, d.purchases
    y1, y2 = int(dk_first["year"]), int(dk_last["year"])
    dk_rows = dict(table=TABLES["dk_accounts"], indicator=dk_last["indicator"], geo=dk_last["geo_code"])
    small = d.small_top
    report.key_findings([
        Finding(id="dk_admin_country", lead=True,
                text=w("f_dk_level", v=pg.dkk(float(dk_last["value"])), y=y2),
                value=float(dk_last["value"]), unit="DKK per inhabitant", year=y2, how="value",
                link="#fig-dk_admin_per_inhabitant", **dk_rows),
        Finding(id="dk_admin_change", text=w("f_dk_change", p=pg.size(d.dk_change), dir=pg.direction(d.dk_change),
                                             y1=y1),
                value=d.dk_change, unit="%", year=[y1, y2], how="change_pct", prices="current",
                real="dk_admin_change_real", **dk_rows),
        Finding(id="dk_admin_change_real",
                text=w("f_dk_change_real", r=pg.size(d.dk_change_real), dir=pg.direction(d.dk_change_real),
                       c=fmt_percent(d.cpi_change, L, 1), y1=y1, y2=y2),
                value=d.dk_change_real, unit="%", year=[y1, y2], how="real_change_pct", prices="real",
                query={"cpi_table": TABLES["cpi"]}, **dk_rows),
        *([Finding(id="dk_admin_smallest_at_top", text=pg.small_top_text(), value=len(small),
                   unit="municipalities", table=TABLES["dk_accounts"], indicator=dk_last["indicator"],
                   geo=list(small["geo_code"]), year=int(last["year"]), how="smallest_at_top",
                   query={"population_table": TABLES["dk_population"],
                          "population_year": int(small["population_year"].iloc[0])},
                   context="smallest_municipalities", link="#fig-dk_admin_ranking")] if len(small) else []),
        Finding(id="dk_admin_median", text=w("f_dk_median", v=pg.dkk(float(last["median"]),
                                                                      1 if float(last["median"]) % 1 else 0),
                                              y=int(last["year"])),
                value=float(last["median"]), unit="DKK per inhabitant", table=TABLES["dk_accounts"],
                indicator=dk_last["indicator"], year=int(last["year"]), how="median",
                query={"geo_level": "municipality"}),
        Finding(id="dk_it_purchases_per_inhabitant",
                text=w("f_dk_purchases", b=fmt_number(purchases["purchases_bn"], L, 1), y=purchases["year"],
                       v=pg.dkk(purchases["per_inhabitant"])),
                value=purchases["per_inhabitant"], unit="DKK per inhabitant", table=TABLES["dk_national"],
                indicator="it_purchases_total", geo="000", year=purchases["year"], how="per_inhabitant",
                query={"population_table": TABLES["dk_population"], "scale": 1e9}),
        Finding(id="no_top_barrier_2024", text=w("f_barrier", y=int(top24["year"]), b=pg.b24_label(),
                                                  v=fmt_percent(top24["value"], L, 1)),
                value=float(top24["value"]), unit="%", table=TABLES["no_barriers_2024"], geo="NO",
                year=int(top24["year"]), how="max", query={"sector": top24["sector"]}, link="#fig-no_barriers_2024"),
        Finding(id="no_ict_municipalities", text=w("f_no_level", v=fmt_number(mun["value_to"], L),
                                                    y=int(mun["year_to"])),
                value=float(mun["value_to"]), unit="NOK 1000", table=TABLES["no_expenditure"],
                indicator=d.no_total, geo="NO", year=int(mun["year_to"]), how="value", prices="current",
                query={"sector": mun["sector"]}, link="#fig-no_ict_expenditure"),
        *[Finding(id=f"no_ict_change_{key}", text=w("f_no_rose" if row["change_pct"] >= 0 else "f_no_fell", who=w(key),
                                                    p=fmt_percent(abs(row["change_pct"]), L, 1),
                                                    y1=int(row["year_from"]), y2=int(row["year_to"])),
                  value=float(row["change_pct"]), unit="%", table=TABLES["no_expenditure"], indicator=d.no_total,
                  geo="NO", year=[int(row["year_from"]), int(row["year_to"])], how="change_pct", prices="current",
                  query={"sector": row["sector"]}) for key, row in (("municipalities", mun), ("counties", cty))],
        Finding(id="no_it_strategy", text=w("f_strategy", v=fmt_percent(ns["value"], L, 1), y=int(ns["year"])),
                value=float(ns["value"]), unit="%", table=TABLES["no_strategy"], indicator=ns["indicator"],
                geo="NO", year=int(ns["year"]), how="value", link="#fig-no_it_strategy"),
    ], pg.P)


def norway_spend(pg: Page) -> None:
    """Norway's ICT expenditure: text, the dot chart and the table by item."""
    w, d, L, P = pg.w, pg.d, pg.L, pg.P
    mun, cty = d.mun, d.cty
    report.heading(w("h_no"))
    report.markdown(w("no_text", a=fmt_number(mun["value_from"], L), y1=int(mun["year_from"]),
                      b=fmt_number(mun["value_to"], L), y2=int(mun["year_to"]), p=pg.pct(mun["change_pct"]),
                      c=fmt_number(cty["value_from"], L), d=fmt_number(cty["value_to"], L), q=pg.pct(cty["change_pct"])))
    plot = d.no_exp[["year", "sector_key", "value"]].rename(columns={"value": "nok_thousand"})
    plot["nok_million"] = plot["nok_thousand"] / 1000
    plot["sector"] = plot["sector_key"].map(lambda k: w(k))
    plot["year"] = plot["year"].astype(int).astype(str)
    y1s, y2s = plot["year"].min(), plot["year"].max()
    fig = charts.dot_plot(plot, category="sector_key", series="year", value="nok_million",
                          category_labels={k: w(k) for k in plot["sector_key"]},
                          colors={y1s: style.MUTED, y2s: style.HIGHLIGHT}, sort_by=y2s,
                          title=w("no_chart", y1=y1s, y2=y2s), units=w("no_units"), lang=L, decimals=0)
    export.publish_figure(fig, "no_ict_expenditure", plot, title=w("no_chart", y1=y1s, y2=y2s), units=w("no_units"),
                          sources=tables.sources(d.no_exp), P=P)
    items = compute.distinct_rows(d.no_expenditure, ["year", "sector", "indicator"])
    item_key = items["indicator"].map(lambda s: "total" if s.startswith(compute.NO_TOTAL) else
                                      "equipment" if s.startswith("Datautstyr") else "software")
    detail = pd.DataFrame({w("col_year"): items["year"].astype(int),
                           w("col_sector"): items["sector"].map(compute.SECTORS).map(lambda k: w(k)),
                           w("col_item"): item_key.map(lambda k: w(k)),
                           w("col_value"): items["value"]}).sort_values([w("col_sector"), w("col_year")])
    export.publish_table(detail, "no_ict_expenditure_items", title=w("no_table"), sources=tables.sources(items),
                         formats={w("col_value"): 0}, P=P)


def norway_strategy(pg: Page) -> None:
    """Norway's IT strategies in 2002 and 2004, with the chart by county."""
    w, d, L, P = pg.w, pg.d, pg.L, pg.P
    ns, counties = d.national_strategy, d.counties
    report.heading(w("h_strategy"))
    lo_c, hi_c = counties.loc[counties["value"].idxmin()], counties.loc[counties["value"].idxmax()]
    report.markdown(w("strategy_text", y=int(ns["year"]), a=fmt_percent(ns["value"], L, 1),
                      lo=fmt_percent(lo_c["value"], L, 1), lo_name=lo_c["geography"],
                      hi=fmt_percent(hi_c["value"], L, 1), hi_name=hi_c["geography"]))
    upd_m = compute.no_headline(d.no_headlines, compute.STRATEGY_UPDATED, 2004)
    upd_c = compute.no_headline(d.no_headlines, compute.STRATEGY_UPDATED, 2004, "county authorities (fylkeskommuner)")
    report.markdown(w("strategy_2004", m=fmt_percent(upd_m["value"], L), c=fmt_percent(upd_c["value"], L),
                      pub=upd_m["publisher"], mp=upd_m["value_as_printed"], cp=upd_c["value_as_printed"]))
    plot = d.strategy[["year", "geo_code", "geography", "value"]].copy()
    names = dict(zip(plot["geo_code"], plot["geography"])) | {ns["geo_code"]: w("all_norway")}
    fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=[ns["geo_code"]],
                             highlight_colors={ns["geo_code"]: style.ACCENT},
                             title=w("strategy_chart", y=int(ns["year"])),
                             units=w("pct_municipalities"), lang=L, percent=True, decimals=1)
    export.publish_figure(fig, "no_it_strategy", plot, title=w("strategy_chart", y=int(ns["year"])),
                          units=w("pct_municipalities"), sources=tables.sources(d.strategy), P=P)


def norway_barriers(pg: Page) -> None:
    """The barriers Norwegian municipalities named in 2002 and the hindrances of 2024."""
    w, d, L, P = pg.w, pg.d, pg.L, pg.P
    b02, b24, top24 = d.b02, d.b24, d.top24
    top02 = b02.iloc[0]
    b02_names = w.table("barriers_2002")
    report.markdown(w("barriers02_text", y=int(top02["year"]), b=b02_names.get(top02["barrier"], top02["barrier"]),
                      v=fmt_percent(top02["value"], L, 1)))
    plot = b02[["year", "barrier", "answer", "value"]].copy()
    fig = charts.bar_ranking(plot, category="barrier", labels=b02_names, highlight=[top02["barrier"]],
                             title=w("barriers02_chart", y=int(top02["year"])), units=w("pct_municipalities"),
                             lang=L, percent=True, decimals=1)
    export.publish_figure(fig, "no_barriers_2002", plot, title=w("barriers02_chart", y=int(top02["year"])),
                          units=w("pct_municipalities"), sources=tables.sources(b02), P=P)
    cost24 = b24[(b24["sector_key"] == "municipalities")
                 & (b24["barrier_en"] == "Higher ICT costs than expected")]["value"]
    report.markdown(w("barriers24_text", y=int(top24["year"]), v=fmt_percent(top24["value"], L, 1), b=pg.b24_label(),
                      c=fmt_percent(float(cost24.iloc[0]), L, 1) if len(cost24) else "–"))
    plot = b24[["year", "barrier_en", "sector_key", "value"]].copy()
    b24_names = {k: (k if L == "en" else w.lookup("barriers_2024", k)) for k in plot["barrier_en"]}
    fig = charts.dot_plot(plot, category="barrier_en", series="sector_key", category_labels=b24_names,
                          labels={k: w(k) for k in plot["sector_key"].unique()},
                          colors={"municipalities": style.HIGHLIGHT, "counties": style.ACCENT, "state": style.MUTED},
                          sort_by="municipalities", title=w("barriers24_chart", y=int(top24["year"])),
                          units=w("barriers24_units"), lang=L, percent=True, decimals=1)
    export.publish_figure(fig, "no_barriers_2024", plot, title=w("barriers24_chart", y=int(top24["year"])),
                          units=w("barriers24_units"), sources=tables.sources(b24), P=P)


def denmark_accounts(pg: Page) -> None:
    """Denmark's municipal accounts, function 6.45.51: text, the series, the ranking and the spread."""
    w, d, L, P = pg.w, pg.d, pg.L, pg.P
    dk_first, dk_last, last, spread = d.dk_first, d.dk_last, d.last, d.spread
    report.heading(w("h_dk"))
    report.markdown(w("dk_text", a=pg.dkk(float(dk_first["value"])), y1=int(dk_first["year"]),
                      b=pg.dkk(float(dk_last["value"])), y2=int(dk_last["year"]), p=pg.pct(d.dk_change),
                      r=pg.pct(d.dk_change_real),
                      m=pg.dkk(float(last["median"]), 1 if last["median"] % 1 else 0),
                      lo=pg.dkk(float(last["lowest"])), lo_name=last["lowest_name"], hi=pg.dkk(float(last["highest"])),
                      hi_name=last["highest_name"]))
    plot = pd.concat([
        d.dk_nat[["year", "value"]].assign(series="country"),
        spread[["year", "median"]].rename(columns={"median": "value"}).assign(series="median"),
    ], ignore_index=True)
    plot["year"] = plot["year"].astype(int)
    y1, y2 = int(plot["year"].min()), int(plot["year"].max())
    fig = charts.line_chart(plot, series="series", labels={"country": w("whole_country"), "median": w("median_mun")},
                            colors={"country": style.HIGHLIGHT, "median": style.ACCENT},
                            title=w("dk_chart", y1=y1, y2=y2), units=w("dk_units"), lang=L)
    export.publish_figure(fig, "dk_admin_per_inhabitant", plot, title=w("dk_chart", y1=y1, y2=y2),
                          units=w("dk_units"), sources=tables.sources(d.dk_nat), P=P)
    if len(d.small_top):
        report.markdown(pg.small_top_text())
    ranked = compute.dk_ranking(d.dk_accounts, int(last["year"]), P.top_n)
    plot = ranked[["year", "geo_code", "geography", "value", "rank", "end"]].copy()
    fig = charts.bar_ranking(plot, category="geography", highlight=list(plot["geography"]),
                             highlight_colors={g: style.HIGHLIGHT if e == "high" else style.ACCENT
                                               for g, e in zip(plot["geography"], plot["end"])},
                             title=w("dk_rank_chart", n=P.top_n, y=int(last["year"])), units=w("dk_units"), lang=L,
                             decimals=0, groups={g: w("dk_rank_high" if e == "high" else "dk_rank_low", n=P.top_n)
                                                 for g, e in zip(plot["geography"], plot["end"])})
    export.publish_figure(fig, "dk_admin_ranking", plot, title=w("dk_rank_chart", n=P.top_n, y=int(last["year"])),
                          units=w("dk_units"), sources=tables.sources(ranked), P=P)
    table = spread.rename(columns={c: w(key) for c, key in SPREAD_COLUMNS.items()})
    export.publish_table(table, "dk_admin_spread", title=w("dk_spread_table"),
                         sources=tables.sources(d.dk_accounts[d.dk_accounts["year"].isin(d.years)]), P=P)


MAP_CLASSES = 5


def denmark_map(pg: Page) -> None:
    """The latest year's function 6.45.51 per inhabitant on a map of the 98 municipalities: round classes with an
    open top class for the far outliers (named, as in the ranking), missing ones hatched and said so."""
    w, d, L, P = pg.w, pg.d, pg.L, pg.P
    year = int(d.last["year"])
    bounds = d.boundaries
    names = compute.dk_map_names(d.dk_accounts, bounds, year)
    values = compute.dk_map_values(d.dk_accounts, year)
    fmt = lambda v: fmt_number(v, L)  # noqa: E731
    classes = maps.Classes.rounded(values.values(), MAP_CLASSES, lambda b: maps.range_labels(
        b, fmt, below=w("map_below"), between=w("map_between"), above=w("map_above")))
    frame = maps.map_frame(values, names, classes)
    limit = maps.far_limit(values.values())
    far = compute.far_outliers(values, names, limit)
    far_names = join_names([f"{r.name} ({pg.dkk(r.value)})" for r in far.itertuples()], L)
    missing = frame.loc[frame["value"].isna(), "name"].tolist()
    text = [w("map_text", y=year, k=len(classes.labels))]
    if len(far):
        key = "map_far_islands" if set(far["code"]) <= set(compute.SMALL_ISLANDS) else "map_far"
        text.append(w(key, lim=pg.dkk(limit), far=far_names))
    if missing:
        text.append(w("map_missing_text", names=join_names(missing, L), y=year))
    text.append(w("map_credit", credit=str(bounds["attribution"].iloc[0])))
    report.markdown(" ".join(text))
    money = lambda v: pg.dkk(v)  # noqa: E731
    alt = maps.describe_map(frame, money, {"summary": w("map_alt"), "missing": w("map_alt_missing")})
    title = w("map_title", y=year)
    sources = tables.sources(d.dk_accounts[d.dk_accounts["year"] == year]) + tables.sources(bounds)
    subtitle = w("map_subtitle", far=join_names([f"{r.name} {fmt(r.value)}" for r in far.itertuples()], L)) \
        if len(far) else None
    shapes = maps.Shapes.from_table(bounds)
    fig = maps.base_map(shapes).draw(
        frame, classes, title=title, subtitle=subtitle, legend_title=w("map_legend"),
        missing_label=w("map_missing"), source=export.source_text(sources, L), inset_label="Bornholm")

    def profile(code: str) -> str:
        """The municipality's profile, beside this report's edition folder (reports/<edition>/spend.html)."""
        return "../" + layout.report_stem("profiles", P.lang, names[code]) + ".html"

    svg = maps.interactive_svg(
        frame, shapes, classes, href=profile,
        label=lambda r: w("map_hover", name=r["name"], value=money(r["value"])) if r["value"] == r["value"]
        else w("map_hover_missing", name=r["name"]),
        title=title, desc=alt, legend_title=w("map_legend"), missing_label=w("map_missing"), width_px=520)
    on_paper = maps.print_svg(frame, shapes, classes, title=title, desc=alt, legend_title=w("map_legend"),
                              missing_label=w("map_missing"), width_px=520)
    export.publish_figure(fig, "dk_admin_map", frame, title=title, units=w("map_legend"), sources=sources,
                          alt=alt, P=P, inline_svg=svg, print_svg=on_paper)


# column of compute.dk_municipal_spread -> its heading's catalogue key
SPREAD_COLUMNS = {"year": "col_year", "municipalities": "col_n", "median": "col_median", "lowest": "col_lowest",
                  "lowest_name": "col_lowest_name", "highest": "col_highest", "highest_name": "col_highest_name",
                  "country": "col_country"}


def denmark_national(pg: Page) -> None:
    """The Danish national totals that bear on municipal IT: text and table."""
    w, d, L, P = pg.w, pg.d, pg.L, pg.P
    national, purchases = d.dk_national, d.purchases
    low = national[national["indicator"] == "it_purchases_per_inhabitant_typical_range_low"]["value"]
    high = national[national["indicator"] == "it_purchases_per_inhabitant_typical_range_high"]["value"]
    report.markdown(w("dk_national_text", y=purchases["year"], v=fmt_number(purchases["purchases_bn"], L, 1),
                      pi=pg.dkk(purchases["per_inhabitant"]), lo=pg.dkk(float(low.iloc[0])) if len(low) else "–",
                      hi=pg.dkk(float(high.iloc[0])) if len(high) else "–"))
    nat = compute.dk_national_figures(national)
    nat_table = pd.DataFrame({w("col_year"): nat["year"], w("col_indicator"): [
        w.lookup("dk_national", f"{k}:{lvl}", w.lookup("dk_national", k))  # a total of another level says so
        for k, lvl in zip(nat["indicator"], nat["geo_level"])], w("col_printed"): nat.apply(compute.as_printed, axis=1),
        w("col_unit"): nat["unit"].map(lambda u: data_text.fact_unit(u, L)),
        w("col_publisher"): nat["publisher"].map(lambda v: provenance.publisher_text(v, L))})
    export.publish_table(nat_table, "dk_national_figures", title=w("dk_national_table"), sources=tables.sources(nat),
                         published=[w("col_printed"), w("col_publisher")], P=P)


def methods_and_caveats(pg: Page) -> None:
    report.methods(pg.w("methods"), pg.P)
    report.caveats(pg.w("caveats"), pg.P)
