"""The initiatives report as the reader sees it: joint strategies and programmes on a timeline, targets
against outcomes, online contact with authorities. Numbers come from compute.derive; words from text.yaml."""
from __future__ import annotations

import pandas as pd

from analysis import data_text, report
from analysis.data import tables
from analysis.figures import charts, export, style
from analysis.figures.export import publish_figure, publish_table
from analysis.i18n import Words, decimals_of, fmt_kr, fmt_number, fmt_percent
from analysis.report import Finding
from analysis.reports.initiatives import REPORT
from analysis.reports.initiatives import compute as im
from analysis.reports.initiatives.compute import CONTACT, USED
from analysis.reports.initiatives.params import Params

KIND_KEYS = {"programme": "programme_starts", "target": "target_year", "budget": "budget_or_grant"}


def money_text(value: float, unit: str, lang: str) -> str:
    """An amount in millions or billions with its currency: 'DKK 150 million' / '150 mio. kr.'."""
    currency = str(unit).split()[0]
    w = Words(REPORT.id, lang)
    if abs(value) >= 1e9:
        n, word = value / 1e9, w("billion")
    elif abs(value) >= 1e6:
        n, word = value / 1e6, w("million")
    else:
        n, word = value, ""
    return fmt_kr(n, lang, decimals_of(round(n, 9)), currency, scale=word)  # the decimals it has: never rounded


def timeline_events(programmes_df: pd.DataFrame, pfacts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Dated events for the timeline: programme starts, targets and budgets, labelled in lang."""
    w = Words(REPORT.id, lang)
    rows = [{"year": int(r.start_year), "country": r.country, "kind": "programme",
             "label": f"{w.lookup('programmes', r.programme)} ({r.country})", "value": float("nan"), "unit": ""}
            for r in programmes_df.dropna(subset=["start_year"]).itertuples()]
    for r in pfacts.dropna(subset=["year"]).itertuples():
        what = w.lookup("facts", r.indicator)
        if str(r.unit).startswith("percent"):
            amount = fmt_percent(r.value, lang)
        else:
            amount = money_text(r.value, r.unit, lang)
        rows.append({"year": int(r.year), "country": r.country, "kind": r.kind,
                     "label": f"{what}: {amount} ({r.country})", "value": float(r.value), "unit": r.unit})
    out = pd.DataFrame(rows, columns=["year", "country", "kind", "label", "value", "unit"])
    out["kind_label"] = out["kind"].map(lambda k: w(KIND_KEYS[k]))
    return out.sort_values(["year", "kind"]).reset_index(drop=True)


class Page:
    """The report's words in the reader's language, its tables and numbers, shared by its sections."""

    def __init__(self, P: Params):
        self.P, self.L = P, P.lang
        self.tx = Words(REPORT.id, P.lang)
        self.t = {name: REPORT.load(name) for name in REPORT.tables}
        self.D = im.derive(self.t, P)

    def pct(self, v: float, d: int = 0) -> str:
        return fmt_percent(v, self.L, d)

    def geo_name(self, code: str) -> str:
        return self.tx.lookup("geo", code)

    def measure(self, key: str) -> str:
        return self.tx.lookup("measures", key)


def title(pg: Page) -> None:
    tx, D, pct = pg.tx, pg.D, pg.pct
    text = tx("denmark_met_targets_for", len_met=len(D.met), len_tvo=len(D.tvo),
              int_tvo_target_year_max=int(D.tvo['target_year'].max()))
    if D.dk_used is not None:  # the latest year the data hold leads; the 2015 targets follow
        text = tx("danes_used_public_websites", dk_used_value=pct(D.dk_used['value']),
                  int_dk_used_year=int(D.dk_used['year']), targets=text)
    report.title(text, tx("timeline_joint_municipal_strategies", len_progs=len(D.progs)), P=pg.P)


def target_findings(pg: Page) -> list[Finding]:
    """The joint strategy's contact targets, each target against its outcome, and the programme budget."""
    tx, D, pct, L = pg.tx, pg.D, pg.pct, pg.L
    out = []
    if len(D.contact_targets) >= 2:
        a, b = D.contact_targets.iloc[0], D.contact_targets.iloc[-1]
        out.append(Finding(
            text=tx("joint_municipal_strategy_aimed", a_value=pct(a['value']), int_a_year=int(a['year']),
                    b_value=pct(b['value']), int_b_year=int(b['year'])),
            value=float(b["value"]), unit="per cent (target)", table="catalogue_facts",
            indicator="share of citizen contacts that are digital (target)", geo="DK", year=int(b["year"]),
            how="value", id="contact_target", link="#fig-initiatives_timeline"))
    for r in D.tvo.itertuples():
        verb = tx("verb_exceeded" if r.gap > 0 else "verb_met" if r.gap == 0 else "verb_missed")
        out.append(Finding(
            text=tx("denmark_target_with_points", what=pg.measure(r.measure), verb=verb, r_target_year=r.target_year,
                    r_target=pct(r.target), r_outcome=pct(r.outcome), r_outcome_year=r.outcome_year,
                    gap=('+' if r.gap > 0 else '') + fmt_number(r.gap, L, 0)),
            value=float(r.gap), unit="percentage points", table="dk_digitalisation",
            indicator=[r.measure, r.outcome_indicator], geo="DK", year=[r.target_year, r.outcome_year],
            how="difference", id=f"gap_{r.measure}", link="#fig-targets_vs_outcomes"))
    budget = D.budget
    if budget and budget["programme"]:
        out.append(Finding(
            text=tx("has_budget_shared_across", budget_programme=tx.lookup("programmes", budget['programme']),
                    im_money_text_budget_val=money_text(budget['value'], budget['unit'], L),
                    budget_parts=budget['parts']),
            value=budget["value"], unit=str(budget["unit"]), table="catalogue_facts",
            indicator="budget of the municipal digitalisation programme 2021-2025", geo="DK", year=budget["year"],
            how="value", id="programme_budget", link="#tab-programmes"))
    return out


def online_findings(pg: Page) -> list[Finding]:
    """Danes' use of public websites against the EU, and Norway's online contact by two measures."""
    tx, D, pct, P, L = pg.tx, pg.D, pg.pct, pg.P, pg.L
    out = []
    if D.dk_used is not None and P.include_eu:
        g = im.same_year_gap(D.outcomes, "DK", "EU", USED)
        out.append(Finding(
            text=tx("danes_aged_used_public", g_year=g['year'], g_value=pct(g['value']), ages=D.ages,
                    g_other=pct(g['other'])),
            value=g["value"], unit="per cent", table="eurostat_egov_use_individuals", indicator=USED, geo="DK",
            year=g["year"], how="value", id="dk_used_online", link="#fig-online_outcomes", lead=True))
    if "NO" in P.countries and ((D.outcomes["geo"] == "NO") & (D.outcomes["measure"] == CONTACT)).sum() >= 2:
        a, b = im.first_and_last(D.outcomes, "NO", CONTACT)
        out.append(Finding(
            text=tx("norway_share_online_contact", a_value_1=pct(a['value'], 1), int_a_year=int(a['year']),
                    b_value_1=pct(b['value'], 1), int_b_year=int(b['year'])),
            value=round(float(b["value"] - a["value"]), 1), unit="percentage points",
            table="eurostat_egov_use_individuals", indicator=CONTACT, geo="NO",
            year=[int(a["year"]), int(b["year"])], how="change", id="no_contact_change",
            link="#fig-online_outcomes"))
    if D.no_ssb is not None and len(D.no_ssb) >= 2:
        a, b = D.no_ssb.iloc[0], D.no_ssb.iloc[-1]
        change = float(b["value"] - a["value"])
        out.append(Finding(
            text=tx("statistics_norway_s_own", no_ages=D.no_ages,
                    verb=tx("verb_rose" if change > 0 else "verb_fell" if change < 0 else "verb_stayed"),
                    a=pct(a['value']), y1=int(a['year']), b=pct(b['value']), y2=int(b['year']),
                    change=('+' if change > 0 else '') + fmt_number(change, L, 0)),
            value=change, unit="percentage points", table="ssb_public_online_services",
            indicator=im.SSB_ONLINE_SERVICES, geo="NO", year=[int(a["year"]), int(b["year"])], how="change",
            id="no_ssb_online_change", link="#fig-no_online_services"))
    return out


def findings(pg: Page) -> None:
    report.key_findings(target_findings(pg) + online_findings(pg), pg.P)


def programmes(pg: Page) -> None:
    """The timeline of strategies and programmes, and the tables of programmes and of targets and budgets."""
    tx, D, L, P, t = pg.tx, pg.D, pg.L, pg.P, pg.t
    facts = t["catalogue_facts"]
    report.heading(tx("strategies_programmes"))
    events = timeline_events(D.progs, D.pfacts, L)
    span = f"{int(events['year'].min())}-{int(events['year'].max())}"
    title = tx("joint_municipal_digitalisation_programmes", len_progs=len(D.progs), span=span)
    fig = charts.timeline(events, when="year", label="label", group="kind_label", title=title, lang=L,
                          colors={tx("programme_starts"): style.HIGHLIGHT, tx("target_year"): style.ACCENT,
                                  tx("budget_or_grant"): style.MID})
    publish_figure(fig, "initiatives_timeline", events, title=title, units="",
                   sources=tables.sources(t["catalogue_initiatives"]) + tables.sources(
                       facts[facts["fact_id"].isin(D.pfacts["fact_id"])]), P=P)
    progs = D.progs
    pt = progs.assign(country=progs["country"].map(pg.geo_name),
                      programme=progs["programme"].map(lambda p: tx.lookup("programmes", p)))[
        ["programme", "country", "start_year", "end_year", "parts", "part_names"]]
    pt.columns = [tx("programme"), tx("country"), tx("start"), tx("end"), tx("sub_programmes"),
                  tx("sub_programmes_names")]
    publish_table(pt, "programmes", title=tx("joint_municipal_programmes_catalogue"),
                  sources=tables.sources(t["catalogue_initiatives"]),
                  formats={pt.columns[2]: "year", pt.columns[3]: "year", pt.columns[4]: "int"}, P=P)
    what = [data_text.fact_indicator(f, i, L) for f, i in zip(D.pfacts["fact_id"], D.pfacts["indicator"])]
    ft = D.pfacts.assign(kind=D.pfacts["kind"].map({"target": tx("target_3"), "budget": tx("budget")}),
                         indicator=what, unit=D.pfacts["unit"].map(lambda u: data_text.fact_unit(u, L)))[["country", "year", "kind", "indicator", "value", "unit", "value_as_printed"]]
    ft.columns = [tx("country_2"), tx("year"), tx("kind"), tx("what"), tx("value"), tx("unit"), tx("as_printed")]
    publish_table(ft, "targets_and_budgets", title=tx("targets_budgets_joint_programmes"),
                  sources=tables.sources(facts[facts["fact_id"].isin(D.pfacts["fact_id"])]),
                  formats={ft.columns[1]: "year", ft.columns[4]: 0}, published=[ft.columns[6]], P=P)


def targets(pg: Page) -> None:
    """Each target against its outcome, as a dot chart."""
    tx, D, L, P, pct = pg.tx, pg.D, pg.L, pg.P, pg.pct
    tvo, dk_digital = D.tvo, pg.t["dk_digitalisation"]
    report.heading(tx("targets_against_outcomes"))
    tv = pd.concat([
        tvo.assign(what=tx("target_2"), value=tvo["target"], year=tvo["target_year"]),
        tvo.assign(what=tx("outcome_2"), value=tvo["outcome"], year=tvo["outcome_year"])])
    tv["measure_label"] = tv["measure"].map(pg.measure)
    tv = tv[["measure", "measure_label", "what", "year", "value"]]
    parts = [tx("against", what_lower=pg.measure(r.measure).lower(), r_outcome=pct(r.outcome), r_target=pct(r.target))
             for r in tvo.itertuples()]
    title = tx("targets_chart", year=int(tvo['target_year'].max()), parts="; ".join(parts))
    units = tx("target_outcome")
    fig = charts.dot_plot(tv, category="measure_label", series="what", title=title, units=units, lang=L,
                          percent=True, xlim=(50, 100),
                          colors={tx("target"): style.MUTED, tx("outcome"): style.HIGHLIGHT})
    publish_figure(fig, "targets_vs_outcomes", tv, title=title, units=units,
                   sources=tables.sources(dk_digital[dk_digital["indicator"].isin(
                       list(tvo["measure"]) + list(tvo["outcome_indicator"]))]), P=P)
    report.markdown(tx("targets_for_are_those", int_tvo_target_year_max=int(tvo['target_year'].max())))


def online(pg: Page) -> None:
    """People dealing with public authorities online, by country and measure."""
    tx, D, L, P, pct, geo_name = pg.tx, pg.D, pg.L, pg.P, pg.pct, pg.geo_name
    outcomes, egov = D.outcomes, pg.t["eurostat_egov_use_individuals"]
    report.heading(tx("people_dealing_with_public"))
    series_labels = {s: f"{geo_name(s.split('|')[0])}: {tx.lookup('online_measures', s.split('|')[1])}"
                     for s in outcomes["series"].unique()}
    latest_rows = outcomes.sort_values("year").groupby("geo").tail(1)
    title = tx("online_chart", items="; ".join(f"{geo_name(r.geo)} {pct(r.value, 1 if r.value % 1 else 0)} ({r.year})"
                                               for r in latest_rows.itertuples()))
    units = tx("individuals_aged_last_12", ages=D.ages)
    plot = im.break_gaps(outcomes[["year", "geo", "geo_code", "measure", "series", "value", "unit"]])
    measures = {m: (lambda t: t[:1].upper() + t[1:])(tx.lookup("online_measures", m)) for m in plot["measure"].unique()}
    geos = list(dict.fromkeys(plot["geo"]))
    fig = charts.line_panels(plot, panel="measure", panel_labels=measures, series="geo",
                             labels={g: geo_name(g) for g in geos}, colors={g: style.country_color(g) for g in geos},
                             title=title, units=units, lang=L, percent=True, ylim=(0, 100))
    alt = export.describe({"kind": "line", "x": "year", "y": "value", "series": "series", "labels": series_labels,
                           "percent": True, "decimals": charts.value_decimals(plot["value"]), "lang": L, "title": title}, plot.dropna(subset=["value"]), L)
    publish_figure(fig, "online_outcomes", plot, title=title, units=units, alt=alt,
                   sources=tables.sources(egov[egov["indicator"].isin(outcomes["measure"].unique())
                                               & egov["geo_code"].isin(outcomes["geo_code"].unique())]), P=P)
    report.markdown(tx("each_line_is_one"))


def norway_survey(pg: Page) -> None:
    """Statistics Norway's own series of public online services, when Norway is compared."""
    tx, D, L, P, pct = pg.tx, pg.D, pg.L, pg.P, pg.pct
    no_ssb, no_ages, ssb_online = D.no_ssb, D.no_ages, pg.t["ssb_public_online_services"]
    if no_ssb is None:
        return
    report.heading(tx("norway_s_own_survey"), 3)
    ny1, ny2 = int(no_ssb["year"].min()), int(no_ssb["year"].max())
    title = tx("norway_share_people_aged", no_ages=no_ages, ny1=ny1, ny2=ny2)
    units = tx("population_aged_last_12", no_ages=no_ages)
    plot = no_ssb[["year", "geo_code", "measure", "value", "unit"]]
    fig = charts.line_chart(plot, x="year", y="value", series="geo_code", labels={"NO": pg.geo_name("NO")},
                            title=title, units=units, lang=L, percent=True, ylim=(0, 100), width="wide")
    first = no_ssb.iloc[0]  # the starting value labelled too, so the rise can be read off the chart
    fig.axes[0].annotate(pct(first["value"]), (first["year"], first["value"]), xytext=(0, 8),
                         textcoords="offset points", ha="center", va="bottom", fontsize=8.5, fontweight="bold",
                         color=style.text_color(style.country_color("NO")))
    publish_figure(fig, "no_online_services", plot, title=title, units=units, sources=tables.sources(
        ssb_online[(ssb_online["indicator"] == im.SSB_ONLINE_SERVICES) & (ssb_online["geo_code"] == "NO")]), P=P)
    report.markdown(tx("statistics_norway_asks_people", no_ages=no_ages, ages=D.ages))


def methods_and_caveats(pg: Page) -> None:
    tx, D, pct, geo_name = pg.tx, pg.D, pg.pct, pg.geo_name
    outcomes, egov = D.outcomes, pg.t["eurostat_egov_use_individuals"]
    report.methods([tx("programmes_are_catalogue_s"), tx("each_target_is_paired"), tx("online_use_is_eurostat"),
                    tx("norway_s_own_series")], pg.P)
    target_span = " → ".join(f"{pct(r.value)} ({int(r.year)})" for r in D.contact_targets.itertuples())
    no_rows = outcomes[outcomes["geo"] == "NO"]
    no_last = int(no_rows["year"].max()) if len(no_rows) else "–"
    charted = egov[egov["indicator"].isin(outcomes["measure"].unique())
                   & egov["geo_code"].isin(outcomes["geo_code"].unique())]
    sec = charted[charted["note"].astype(str).str.contains("SECONDARY", case=False)]
    secondary = ", ".join(f"{geo_name(im.geo_group(r.geo_code))} {int(r.year)}" for r in sec.itertuples()) or "–"
    eu_codes = sorted(outcomes.loc[outcomes["geo"] == "EU", "geo_code"].unique())
    report.caveats([
        tx("strategy_s_target_for"),
        tx("no_measured_outcome_for", target_span=target_span),
        tx("norway_s_online_contact", no_last=no_last, secondary=secondary, join_eu_codes=', '.join(eu_codes)),
        *([tx("statistics_norway_s_series", no_ages=D.no_ages, ages=D.ages)] if D.no_ssb is not None else []),
        tx("budgets_are_nominal_kroner"),
        tx("programme_names_descriptions_are"),
    ], pg.P)
