"""The partnerships report as the reader sees it: Statistics Norway's cooperation survey by task, size
and county, and the catalogue of Danish and Norwegian IT partnerships with their members and claimed
savings. Numbers come from compute.derive; words from text.yaml (partnership names, scopes and notes
from the house catalogue's translation tables)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import atomic, data_text, provenance, report
from analysis.data import tables
from analysis.figures import charts, maps, style
from analysis.figures.export import publish_figure, publish_table, source_text
from analysis.figures.labels import country, join_names
from analysis.i18n import Words, fmt_number, fmt_percent
from analysis.report import Finding
from analysis.reports.partnerships import REPORT
from analysis.reports.partnerships import compute as pm
from analysis.reports.partnerships.compute import COOP
from analysis.reports.partnerships.params import Params


def in_sentence(text: str) -> str:
    """A label for use inside a sentence: first letter lower-cased unless it starts an acronym ('IT')."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def task_label(words: Words, task: str) -> str:
    """SSB's task name, short, in the reader's language."""
    return words.lookup("tasks", task)


def in_language(catalogue: pd.DataFrame, words: Words) -> pd.DataFrame:
    """Partnership names, scopes and notes in the reader's language (house translation tables by id)."""
    out = catalogue.copy()
    for col, table in (("name", "partnership_names"), ("scope", "partnership_scopes"), ("note", "partnership_notes")):
        if col in out:
            out[col] = [words.lookup(table, pid, default=text) if isinstance(text, str) and text else text
                        for pid, text in zip(out["partnership_id"], out[col])]
    return out


class Page:
    """The report's words in the reader's language, its tables and numbers, shared by its sections."""

    def __init__(self, P: Params):
        self.P, self.L = P, P.lang
        self.tx = Words(REPORT.id, P.lang)
        self.t = {name: REPORT.load(name) for name in REPORT.tables}
        self.D = pm.derive(self.t, P)
        self.catalogue = in_language(self.D.catalogue, self.tx)
        self.country_name = {c: country(c, P.lang) for c in ("DK", "NO")}
        self.limit = fmt_number(pm.size_limit(pm.SMALL), P.lang)   # the size class boundary, as SSB labels it

    def pct(self, v: float) -> str:
        return fmt_percent(v, self.L, 1)

    def task_label(self, task: str) -> str:
        return task_label(self.tx, task)

    def task_in(self, task: str) -> str:
        """The task's label inside a sentence."""
        return in_sentence(self.task_label(task))


def title(pg: Page) -> None:
    tx, D = pg.tx, pg.D
    share_word = tx("most") if D.top_m["value"] > 50 else tx("minority")
    survey = tx("norwegian_municipalities_shared_ict", share_word=share_word, year=D.year,
                top_m_value=pg.pct(D.top_m['value']), task_in_top_m_task=pg.task_in(D.top_m['task']))
    lead = tx("statistics_norway_s_survey", sum_counts_values=sum(D.counts.values()))
    if len(D.sbsys_members) >= 2:
        # lead with the latest year the data hold (the Danish catalogue); the survey's years are inferred from its
        # labels, so the title names no survey year
        last = D.sbsys_members.iloc[-1]
        report.title(tx("title_sbsys", n=fmt_number(last["value"], pg.L), y=int(last["year"]), pub=last["publisher"],
                        top_m_value=pg.pct(D.top_m['value']), task_in_top_m_task=pg.task_in(D.top_m['task'])),
                     f"{survey}. {lead}", P=pg.P)
        return
    report.title(survey, lead, P=pg.P)


def survey_findings(pg: Page) -> list[Finding]:
    """Top tasks of municipalities and county authorities, the largest rise, and the size gap."""
    tx, D, L, pct, task_in = pg.tx, pg.D, pg.L, pg.pct, pg.task_in
    top_m, top_c, year = D.top_m, D.top_c, D.year
    out = [
        Finding(
            text=tx("norwegian_municipalities_cooperated_with", year=year, top_m_value=pct(top_m['value']),
                    task_in_top_m_task=task_in(top_m['task']), by_task_task_nunique=D.by_task['task'].nunique()),
            value=float(top_m["value"]), unit="per cent", table=COOP, indicator=pm.TASK_PREFIX + top_m["task"],
            geo="NO", year=year, how="max", query={"sector": pm.MUNICIPALITIES}, id="top_task_municipalities",
            link="#fig-cooperation_by_task"),
        Finding(
            text=tx("among_county_authorities_cooperated", top_c_value=pct(top_c['value']),
                    task_in_top_c_task=task_in(top_c['task']), year=year),
            value=float(top_c["value"]), unit="per cent", table=COOP, indicator=pm.TASK_PREFIX + top_c["task"],
            geo="NO", year=year, how="max", query={"sector": pm.COUNTY_AUTHORITIES},
            id="top_task_county_authorities", link="#fig-cooperation_by_task"),
    ]
    if D.change is not None:
        best = D.change.iloc[0]
        out.append(Finding(
            text=tx("municipal_cooperation_rose_on", rose=int((D.change["change"] > 0).sum()), len_change=len(D.change),
                    base=D.base, year=year, task_in_best_task=task_in(best['task']),
                    number_best_change_l_1=fmt_number(best['change'], L, 1)),
            value=round(float(best["change"]), 1), unit="percentage points", table=COOP,
            indicator=pm.TASK_PREFIX + best["task"], geo="NO", year=[D.base, year], how="change",
            query={"sector": pm.MUNICIPALITIES}, id="largest_rise", link="#fig-cooperation_change"))
    g0 = D.gap.iloc[0]
    out.append(Finding(
        text=tx("municipalities_under_inhabitants_cooperated", limit=pg.limit, more=int((D.gap["gap"] > 0).sum()),
                len_gap=len(D.gap), task_in_g0_task=task_in(g0['task']), g0_small=pct(g0['small']),
                g0_large=pct(g0['large'])),
        value=round(float(g0["gap"]), 1), unit="percentage points", table=COOP,
        indicator=pm.TASK_PREFIX + g0["task"], geo="NO", year=year, how="difference",
        query={"sector": [pm.SMALL, pm.LARGE]}, id="size_gap", link="#tab-cooperation_by_size"))
    return out


def catalogue_findings(pg: Page) -> list[Finding]:
    """SBSYS membership and the number of claimed savings in the catalogue."""
    tx, D, L = pg.tx, pg.D, pg.L
    out = []
    if len(D.sbsys_members) >= 2:
        first, last = D.sbsys_members.iloc[0], D.sbsys_members.iloc[-1]
        out.append(Finding(
            text=tx("brugerklubben_sbsys_shared_case", number_first_value_l=fmt_number(first['value'], L),
                    first_publisher=first['publisher'], number_last_value_l=fmt_number(last['value'], L),
                    int_last_year=int(last['year']), last_publisher=last['publisher']),
            value=float(last["value"]), unit="municipalities", table="catalogue_facts",
            indicator="members: municipalities", geo="DK", year=int(last["year"]), how="value",
            query={"entity": "Brugerklubben SBSYS"}, id="sbsys_members", link="#tab-sbsys", lead=True))
    out.append(Finding(
        text=tx("catalogue_records_claimed_savings", len_savings=len(D.savings),
                savings_partnership_id_n=D.savings['partnership_id'].nunique()),
        value=len(D.savings), unit="claims", table="catalogue_facts", indicator="saving", how="count",
        id="savings_claims", link="#tab-claimed_savings"))
    return out


def findings(pg: Page) -> None:
    report.key_findings(survey_findings(pg) + catalogue_findings(pg), pg.P)


def by_task(pg: Page) -> None:
    """Cooperation on each ICT task by municipalities and county authorities."""
    tx, D, L, P = pg.tx, pg.D, pg.L, pg.P
    coop = pg.t[COOP]
    report.heading(tx("cooperation_on_ict_tasks"))
    report.markdown(tx("statistics_norway_asked_every", by_task_task_nunique=D.by_task['task'].nunique(), year=D.year))
    sector_names = {s: tx.lookup("sectors", s) for s in D.by_task["sector"].unique()}
    plot = D.by_task.assign(task_label=D.by_task["task"].map(pg.task_label),
                            sector_label=D.by_task["sector"].map(sector_names))
    plot = plot[["year", "sector", "sector_label", "task", "task_label", "value", "unit"]]
    title = tx("norwegian_municipalities_cooperated_most", task_in_top_m_task=pg.task_in(D.top_m['task']),
               task_in_top_c_task=pg.task_in(D.top_c['task']), year=D.year)
    units = tx("cooperating_with_other_authorities")
    coop_rows = coop[(coop["year"] == D.year) & (coop["geo_level"] == "country")]
    fig = charts.dot_plot(plot, category="task_label", series="sector_label", title=title, units=units,
                          lang=L, percent=True, sort_by=sector_names[pm.MUNICIPALITIES], xlim=(0, 100),
                          colors={sector_names[pm.MUNICIPALITIES]: charts.style.HIGHLIGHT,
                                  sector_names[pm.COUNTY_AUTHORITIES]: charts.style.ACCENT})
    publish_figure(fig, "cooperation_by_task", plot, title=title, units=units, sources=tables.sources(coop_rows), P=P)


def change_and_size(pg: Page) -> None:
    """The change since the first survey year, and small against large municipalities."""
    tx, D, L, P = pg.tx, pg.D, pg.L, pg.P
    coop, change, base, year = pg.t[COOP], D.change, D.base, D.year
    units = tx("cooperating_with_other_authorities")
    if change is not None:
        cplot = change.assign(task_label=change["task"].map(pg.task_label))
        long = pd.concat([cplot.assign(year=base, value=cplot["base"]), cplot.assign(year=year, value=cplot["latest"])])
        long["year_label"] = long["year"].astype(str) + tx("inferred")
        long = long[["year", "year_label", "task", "task_label", "value", "change"]]
        title = tx("municipal_ict_cooperation_rose", rose=int((change["change"] > 0).sum()), len_change=len(change),
                   base=base, year=year)
        fig = charts.dot_plot(long, category="task_label", series="year_label", title=title, units=units,
                              lang=L, percent=True, sort_by=f"{year}" + tx("inferred"), xlim=(0, 100),
                              colors={f"{base}" + tx("inferred"): charts.style.MUTED,
                                      f"{year}" + tx("inferred"): charts.style.HIGHLIGHT})
        publish_figure(fig, "cooperation_change", long, title=title, units=units,
                       sources=tables.sources(coop[(coop["geo_level"] == "country")
                                                   & (coop["sector"] == pm.MUNICIPALITIES)]), P=P)
    size = D.gap.assign(task=D.gap["task"].map(pg.task_label))[["task", "small", "large", "gap"]]
    size.columns = [tx("task"), tx("under_inhabitants", limit=pg.limit), tx("over_inhabitants", limit=pg.limit),
                    tx("difference_points")]
    publish_table(size, "cooperation_by_size", title=tx("small_municipalities_cooperated_more", year=year),
                  units=tx("municipalities_each_size_class"),
                  sources=tables.sources(coop[(coop["year"] == year) & coop["sector"].isin([pm.SMALL, pm.LARGE])]),
                  formats={size.columns[1]: "percent:1", size.columns[2]: "percent:1", size.columns[3]: 1}, P=P)


def by_county(pg: Page) -> None:
    """Cooperation on the top task by county, as a ranking and as the full county table."""
    tx, D, L, P, pct = pg.tx, pg.D, pg.L, pg.P, pg.pct
    coop, year, top_m = pg.t[COOP], D.year, D.top_m
    report.heading(tx("cooperation_by_county"), 3)
    county = pm.cooperation_by_county(coop, year)
    hi, lo = pm.county_extremes(coop, year, top_m["task"])
    coop_rows = coop[(coop["year"] == year) & (coop["geo_level"] == "country")]
    national = coop_rows[(coop_rows["sector"] == pm.MUNICIPALITIES)
                         & (coop_rows["indicator"] == pm.TASK_PREFIX + top_m["task"])]
    bars = pd.concat([
        county[["geo_code", "geography", top_m["task"]]].rename(columns={top_m["task"]: "value"}),
        pd.DataFrame({"geo_code": ["NO"], "geography": [tx("norway_all_municipalities")],
                      "value": national["value"].astype(float).to_numpy()})], ignore_index=True)
    bars["task"] = top_m["task"]
    bars["year"] = year
    title = tx("from_municipalities", task_label_top_m_task=pg.task_label(top_m['task']), hi_value=pct(hi['value']),
               pm_join_names_hi_geograp=join_names(hi['geography'], L), lo_value=pct(lo['value']),
               pm_join_names_lo_geograp=join_names(lo['geography'], L), year=year)
    county_units = tx("county_s_municipalities_cooperating")
    fig = charts.bar_ranking(bars, category="geography", value="value", title=title, units=county_units,
                             highlight=[bars["geography"].iloc[-1]], lang=L, percent=True, decimals=1)
    publish_figure(fig, "cooperation_by_county", bars, title=title, units=county_units,
                   sources=tables.sources(coop[coop["year"] == year]), P=P)
    report.markdown(tx("full_county_table_for", len_county_columns_2=len(county.columns) - 2))
    county_table = county.drop(columns="geo_code").rename(
        columns={"geography": tx("county"), **{c: pg.task_label(c) for c in county.columns[2:]}})
    publish_table(county_table, "cooperation_by_county_table", title=tx("share_municipalities_cooperating_on", year=year),
                  units=county_units, sources=tables.sources(coop[coop["year"] == year]),
                  formats={c: "percent:1" for c in county_table.columns[1:]}, P=P)


def catalogue_tables(pg: Page) -> None:
    """The catalogue of partnerships and the municipalities named as members."""
    tx, D, P, t = pg.tx, pg.D, pg.P, pg.t
    partnerships, cname = t["catalogue_partnerships"], pg.country_name
    report.heading(tx("who_works_with_whom"))
    report.markdown(tx("catalogue_lists_danish_norwegian", counts_get_dk_0=D.counts.get('DK', 0),
                       counts_get_no_0=D.counts.get('NO', 0)))
    cat = pg.catalogue
    cat_table = cat.assign(country=cat["country"].map(cname))[["name", "country", "since", "member_count", "members",
                                                               "scope"]]
    cat_table.columns = [tx("partnership"), tx("country"), tx("since"), tx("members"), tx("named_members"),
                         tx("scope_from_source_english")]
    publish_table(cat_table, "partnerships", title=tx("danish_norwegian_it_partnerships"),
                  sources=tables.sources(partnerships[partnerships["country"].isin(P.countries)]),
                  formats={cat_table.columns[2]: "year", cat_table.columns[3]: "int"}, P=P)
    shared = D.links[D.links["partners"] > 0]
    top_links = shared.iloc[0] if len(shared) else None
    if top_links is not None:
        report.markdown(tx("municipalities_are_named_as", len_shared=len(shared),
                           top_links_municipality=top_links['municipality'],
                           top_links_partnerships=top_links['partnerships'], top_links_partners=top_links['partners']))
    shared = pm.with_region(shared, t["dk_municipalities"])
    mem_table = shared.assign(country=shared["country"].map(cname),
                              partnership_names=shared["partnership_names"].map(
                                  lambda v: data_text.member_names(v, pg.L)))[
        ["municipality", "country", "region", "partnerships", "partners", "partnership_names"]]
    mem_table.columns = [tx("municipality"), tx("country_2"), tx("region_denmark"), tx("partnerships"),
                         tx("partner_municipalities"), tx("which_partnerships")]
    publish_table(mem_table, "members", title=tx("members_municipalities_named_it"),
                  sources=tables.sources(partnerships[partnerships["country"].isin(P.countries)])
                  + (tables.sources(t["dk_it_partnerships"]) + tables.sources(t["dk_municipalities"])
                     if "DK" in P.countries else []),
                  formats={mem_table.columns[3]: "int", mem_table.columns[4]: "int"}, P=P)


def map_frame(pg: Page) -> pd.DataFrame:
    """The table the partnership map colours: one row per (partnership, member municipality) in map order, with
    the partnership's name in the reader's language, its kind and colour, and how many mapped partnerships the
    municipality is in. Every other municipality is drawn grey on every small map."""
    tx, D = pg.tx, pg.D
    mapped = D.mapped
    kinds = [k for k in pm.KIND_ORDER if k in set(mapped["kind"])]
    color = {k: style.CATEGORICAL[i] for i, k in enumerate(pm.KIND_ORDER)}
    keys = list(dict.fromkeys(mapped["key"]))
    counts = dict(zip(D.multi["code"], D.multi["partnerships"]))
    frame = pd.DataFrame({
        "panel": mapped["key"].map({k: i + 1 for i, k in enumerate(keys)}),
        "partnership": [partnership_name(tx, k, n) for k, n in zip(mapped["key"], mapped["partnership"])],
        "kind": mapped["kind"], "kind_label": mapped["kind"].map(lambda k: tx.lookup("map_kinds", k)),
        "code": mapped["code"], "municipality": mapped["municipality"], "color": mapped["kind"].map(color),
        "partnerships": mapped["code"].map(counts).astype(int), "since": mapped["since"],
        "members_known": mapped["members_known"], "publisher": mapped["publisher"],
        "source_url": mapped["source_url"]})
    frame.attrs["kinds"] = kinds
    return frame


def partnership_name(tx: Words, key: str, name: str) -> str:
    """A mapped partnership's name in the reader's language (catalogue id or Danish-list name)."""
    table = "partnership_names" if re.fullmatch(r"P\d+", key) else "map_partnership_names"
    return tx.lookup(table, key, default=name)


def members_map(pg: Page) -> None:
    """Small maps of Denmark, one per Danish partnership, members in their kind's colour: a municipality in
    several partnerships appears on each of their maps."""
    tx, D, L, P, t = pg.tx, pg.D, pg.L, pg.P, pg.t
    if "DK" not in P.countries:
        return
    frame = map_frame(pg)
    bounds = t["dk_municipality_boundaries"]
    shapes = maps.Shapes.from_table(bounds)
    multi = D.multi[D.multi["partnerships"] > 1]
    name_of = dict(zip(frame["code"], frame["municipality"]))
    panels, items, partial = [], [], []
    for _, g in frame.groupby("panel", sort=True):
        first = g.iloc[0]
        n = len(g)
        known = first["members_known"]
        what = tx("map_n_of", n=n, known=int(known)) if pd.notna(known) else \
            tx("map_n_one") if n == 1 else tx("map_n", n=n)
        if pd.notna(known):
            partial.append(tx("map_partial_item", name=first["partnership"], n=n, known=int(known)))
        subtitle = tx("map_since", what=what, y=int(first["since"])) if pd.notna(first["since"]) else what
        others = {c: [p for p in frame.loc[frame["code"] == c, "partnership"] if p != first["partnership"]]
                  for c in g["code"]}
        labels = {c: tx("map_also", name=name_of[c], others="; ".join(o)) if o else name_of[c]
                  for c, o in others.items()}
        panels.append(maps.Panel(first["partnership"], subtitle, dict(zip(g["code"], g["color"])), labels))
        items.append(tx("map_alt_item", name=first["partnership"], members=join_names(list(g["municipality"]), L)))
    legend = [(style.CATEGORICAL[pm.KIND_ORDER.index(k)], tx.lookup("map_kinds", k)) for k in frame.attrs["kinds"]]
    left_out = [partnership_name(tx, r.partnership_id, r.name) for r in D.catalogue.itertuples()
                if r.country == "DK" and r.partnership_id not in set(D.mapped["key"])]
    top = D.multi.iloc[0]
    names = dict(zip(D.mapped["key"], D.mapped["partnership"]))
    text = [tx("map_text", n=len(panels), m=frame["code"].nunique())]
    if len(multi):
        text.append(tx("map_overlap", k=len(multi), most=int(top["partnerships"]), example=top["municipality"],
                       example_in=join_names([partnership_name(tx, k, names[k]) for k in top["keys"]], L)))
    if partial:
        text.append(tx("map_partial", partial="; ".join(partial)))
    if left_out:
        text.append(tx("map_left_out", names=join_names(left_out, L)))
    text.append(tx("map_colours"))
    report.heading(tx("map_heading"), 3)
    report.markdown(" ".join(text))
    title = tx("map_title")
    alt = tx("map_alt", n=len(panels), items="; ".join(items), k=len(multi))
    cm, dl = t["catalogue_partnership_members"], t["dk_it_partnerships"]
    sources = (tables.sources(cm[cm["partnership_id"].isin(D.mapped["key"]) & cm["municipality_code"].isin(
        D.mapped["code"])]) + tables.sources(dl[dl["indicator"].astype(str).str.removeprefix("member:").isin(
            D.mapped["key"])]) + tables.sources(bounds))
    src = source_text(sources, L)
    fig = maps.panel_figure(shapes, panels, title=title, legend=legend, source=src)
    wide = maps.panels_svg(shapes, panels, title=title, desc=alt, legend=legend, ncols=3, width_px=760,
                           id_prefix="wb-pm-w")
    svg = maps.responsive_svgs(
        maps.panels_svg(shapes, panels, title=title, desc=alt, legend=legend, ncols=2, width_px=520,
                        id_prefix="wb-pm-n"), wide)
    publish_figure(fig, "partnership_map", frame, title=title, units=tx("map_units"), sources=sources, alt=alt,
                   P=P, inline_svg=svg)
    # the SVG to download: the page's own drawing with title and source (a tenth of matplotlib's 98 × 10 paths)
    atomic.write_text(Path(P.output_dir) / "partnership_map.svg", maps.standalone_svg(wide, title=title, source=src))


def operations(pg: Page) -> None:
    """SBSYS and the cases of shared or bought IT operations."""
    tx, D, P, t = pg.tx, pg.D, pg.P, pg.t
    facts, partnerships = t["catalogue_facts"], t["catalogue_partnerships"]
    report.heading(tx("sbsys_shared_it_operations"))
    sb = D.sbsys.assign(year=pd.to_numeric(D.sbsys["year"], errors="coerce").astype("Int64"),
                        indicator=[data_text.fact_indicator(f, i, pg.L) for f, i in zip(D.sbsys["fact_id"],
                                                                                       D.sbsys["indicator"])],
                        unit=D.sbsys["unit"].map(lambda u: data_text.fact_unit(u, pg.L)))[
        ["indicator", "year", "value", "unit", "value_as_printed", "publisher"]]
    sb.columns = [tx("figure"), tx("year"), tx("value"), tx("unit"), tx("as_printed"), tx("source")]
    publish_table(sb, "sbsys", title=tx("brugerklubben_sbsys_members_licence"),
                  sources=tables.sources(facts[facts["fact_id"].isin(D.sbsys["fact_id"])]),
                  formats={sb.columns[1]: "year", sb.columns[2]: 0}, published=[sb.columns[4], sb.columns[5]], P=P)
    ops_ids = D.catalogue.loc[D.catalogue["scope"].str.contains("operations", case=False), "partnership_id"]
    ops = pg.catalogue[pg.catalogue["partnership_id"].isin(ops_ids)]
    ops_table = ops.assign(country=ops["country"].map(pg.country_name))[["name", "country", "since", "members",
                                                                         "scope", "note"]]
    ops_table.columns = [tx("case"), tx("country_3"), tx("since_2"), tx("members_2"), tx("scope_english"),
                         tx("note_english")]
    publish_table(ops_table, "shared_operations", title=tx("cases_shared_or_bought", len_ops=len(ops)),
                  sources=tables.sources(partnerships[partnerships["partnership_id"].isin(ops["partnership_id"])]),
                  formats={ops_table.columns[2]: "year"}, P=P)


def norway_cases_and_savings(pg: Page) -> None:
    """The Agder figures on Norwegian inter-municipal ICT, and the savings the catalogue records."""
    tx, D, P, t = pg.tx, pg.D, pg.P, pg.t
    agder, facts = t["ikt_intermunicipal_cooperation_agder_figures"], t["catalogue_facts"]
    ag = agder.assign(indicator=agder["indicator"].map(lambda i: tx.lookup("agder_indicators", i)),
                      unit=agder["unit"].map(lambda u: data_text.fact_unit(u, pg.L)))[
        ["year", "geography", "indicator", "value", "unit", "value_as_printed"]].sort_values("year", na_position="first")
    ag.columns = [tx("year_2"), tx("who"), tx("figure"), tx("value_2"), tx("unit_2"), tx("as_printed_2")]
    word_only = next(iter(agder.loc[agder["value"].isna(), "value_as_printed"].dropna()), "–")
    publish_table(ag, "norway_cases", title=tx("norwegian_inter_municipal_ict", len_ag=len(ag)),
                  note=tx("empty_value_means_source", word_only=word_only),
                  sources=tables.sources(agder), formats={ag.columns[0]: "year", ag.columns[3]: 0},
                  published=[ag.columns[5]], P=P)
    savings = D.savings
    sv = savings.assign(year=pd.to_numeric(savings["year"], errors="coerce").astype("Int64"),
                        indicator=[data_text.fact_indicator(f, i, pg.L) for f, i in zip(savings["fact_id"],
                                                                                       savings["indicator"])],
                        unit=savings["unit"].map(lambda u: data_text.fact_unit(u, pg.L)),
                        publisher=savings["publisher"].map(lambda v: provenance.publisher_text(v, pg.L)))[
        ["partnership", "entity", "indicator", "year", "value", "unit", "value_as_printed", "publisher"]]
    sv.columns = [tx("partnership_2"), tx("who_2"), tx("claim"), tx("year_3"), tx("amount"), tx("unit_3"),
                  tx("as_printed_3"), tx("source_2")]
    publish_table(sv, "claimed_savings", title=tx("claimed_savings_from_it"),
                  sources=tables.sources(facts[facts["fact_id"].isin(savings["fact_id"])]),
                  formats={sv.columns[3]: "year", sv.columns[4]: 0}, published=[sv.columns[6], sv.columns[7]], P=P)


def methods_and_caveats(pg: Page) -> None:
    tx, D, P, t = pg.tx, pg.D, pg.P, pg.t
    coop, facts, base, year = t[COOP], t["catalogue_facts"], D.base, D.year
    report.methods([tx("shares_by_task_sector", len_coop=len(coop), year=year, base=base),
                    tx("members_come_from_catalogue"), tx("saving_is_catalogue_fact")], P)
    caveat_list = []
    if pm.years_inferred(coop):
        caveat_list.append(tx("year_labels_ssb_s", years_1=D.years[-1]))
    if pm.is_truncated(coop):
        base_counties = ", ".join(coop[(coop["year"] == base) & (coop["geo_level"] != "country")]["geography"].unique())
        caveat_list.append(tx("table_is_truncated_for", base=base, counties=base_counties or tx("no_county")))
    cat = D.catalogue
    dk_years = pd.concat([cat.loc[cat["country"] == "DK", "since"],
                          pd.to_numeric(facts.loc[facts["fact_id"].isin(D.savings["fact_id"]) | facts["fact_id"].isin(
                              D.sbsys["fact_id"]), "year"], errors="coerce")]).dropna()
    dk_span = f"{int(dk_years.min())}-{int(dk_years.max())}" if len(dk_years) else "–"
    caveat_list += [tx("catalogue_is_compiled_from"), tx("savings_are_claims_by"),
                    tx("norwegian_survey_figures_are", base=base, year=year, dk_span=dk_span)]
    report.caveats(caveat_list, P)
