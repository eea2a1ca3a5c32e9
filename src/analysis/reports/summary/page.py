"""The summary as the reader sees it: five Denmark-Norway findings linked to their charts, the headline
numbers side by side, methods and caveats. Numbers come from compute.derive; words from text.yaml."""
from __future__ import annotations

import math

import pandas as pd

from analysis import report
from analysis.data import tables
from analysis.figures.export import publish_table
from analysis.i18n import Words, fmt_number, fmt_percent
from analysis.reports.partnerships import compute as pm
from analysis.reports.partnerships import page as partnerships_page
from analysis.report import Finding
from analysis.reports.summary import REPORT
from analysis.reports.summary import compute as sm
from analysis.reports.summary.params import Params


class Page:
    """The summary's words in the reader's language, its tables and its five pairs."""

    def __init__(self, P: Params):
        self.P, self.L = P, P.lang
        self.tx = Words(REPORT.id, P.lang)
        self.tables = {name: REPORT.load(name) for name in REPORT.tables}
        self.D = sm.derive(self.tables, P)

    def pct(self, v: float) -> str:
        return fmt_percent(v, self.L, 0 if float(v).is_integer() else 1)

    def num(self, v: float) -> str:
        """A number with the decimals it has (up to 6), never rounded further."""
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "–"
        for d in range(7):
            if abs(round(v, d) - v) < 1e-9:
                return fmt_number(v, self.L, d)
        return fmt_number(v, self.L, 6)


def findings_list(pg: Page) -> list[Finding]:
    """The five findings, each linked to the chart that shows it."""
    tx, L, num, pct = pg.tx, pg.L, pg.num, pg.pct
    e, o, s, c, g = pg.D.e, pg.D.o, pg.D.s, pg.D.c, pg.D.g
    task = partnerships_page.in_sentence(partnerships_page.task_label(Words("partnerships", L), c["task"]))
    return [
        Finding(
            text=tx("e_government_denmark_s", e_dk=num(e['dk']), e_year=e['year'], e_dk_rank=e['dk_rank'],
                    e_no=num(e['no']), e_no_rank=e['no_rank']),
            value=round(e["dk"] - e["no"], 5), unit="index points (0-1)", table="un_egov_egdi", indicator="EGDI",
            geo=["DK", "NO"], year=e["year"], how="difference", id="egdi_gap", link=sm.figure_href("egdi"),
            lead=True),
        Finding(
            text=tx("citizens_online_danes_aged", o_dk=pct(o['dk']), ages=pg.D.ages, o_dk_year=o['dk_year'],
                    o_eu=pct(o['eu']), o_no=pct(o['no']), o_no_year=o['no_year']),
            value=o["dk"], unit="per cent", table="eurostat_egov_use_individuals", indicator=sm.DK_ONLINE,
            geo="DK", year=o["dk_year"], how="value", id="dk_online", link=sm.figure_href("online")),
        Finding(
            text=tx("targets_denmark_s_joint", g_target=pct(g['target']), g_target_year=g['target_year'],
                    g_outcome=pct(g['outcome']), sign='+' if g['gap'] > 0 else '', gap=fmt_number(g['gap'], L)),
            value=g["gap"], unit="percentage points", table="dk_digitalisation",
            indicator=sm.APPLICATIONS_TARGET, geo="DK", year=g["target_year"], how="difference",
            id="applications_gap", link=sm.figure_href("targets")),
        Finding(
            text=tx("cooperation_norway_municipalities_cooperated", c_share=pct(c['share']), task=task,
                    c_year=c['year'], c_dk_partnerships=c['dk_partnerships'], c_no_partnerships=c['no_partnerships']),
            value=c["share"], unit="per cent", table="ssb_ikt_intermunicipal_cooperation_2003_2004",
            indicator=pm.TASK_PREFIX + c["task"], geo="NO", year=c["year"], how="max",
            query={"sector": pm.MUNICIPALITIES}, id="no_cooperation", link=sm.figure_href("cooperation")),
        Finding(
            text=tx("spending_no_common_measure", no_bn=fmt_number(s['no_bn'], L, 2), no_thousand=num(s['no_bn'] * 1e6),
                    s_no_year=s['no_year'], s_dk_bn=num(s['dk_bn']), s_dk_year=s['dk_year']),
            value=s["no_bn"], unit="NOK billion", table="ssb_ikt_expenditure_2005_2006",
            indicator=sm.NO_TOTAL_ICT, geo="NO", year=s["no_year"], how="value",
            query={"sector": sm.NO_MUNICIPALITIES, "scale": 1e-6}, id="no_spend", link=sm.figure_href("spend")),
    ]


def title_and_findings(pg: Page) -> None:
    e, tx, num = pg.D.e, pg.tx, pg.num
    findings = findings_list(pg)
    report.title(
        tx("title_leads" if e["dk"] > e["no"] else "title_trails", e_dk=num(e['dk']), e_no=num(e['no']),
           e_year=e['year'], e_dk_rank=e['dk_rank'], e_no_rank=e['no_rank']),
        tx("findings_from_reports_on", len_findings=len(findings)),
        P=pg.P)
    report.key_findings(findings, pg.P)


def side_by_side(pg: Page) -> None:
    """The headline numbers of both countries in one table, with the rows they come from as its sources."""
    tx, num, t = pg.tx, pg.num, pg.tables
    e, o, s, c, g = pg.D.e, pg.D.o, pg.D.s, pg.D.c, pg.D.g
    egdi, egov = t["un_egov_egdi"], t["eurostat_egov_use_individuals"]
    ssb_exp, dk_spend = t["ssb_ikt_expenditure_2005_2006"], t["dk_admin_it_spending"]
    report.heading(tx("denmark_norway_side_by"))
    rows = [
        (tx("un_e_government_development"), tx("index_0_1"), e["dk"], e["year"], e["no"], e["year"]),
        (tx("un_e_government_rank"), tx("rank"), e["dk_rank"], e["year"], e["no_rank"], e["year"]),
        # one measure, unit and year per row: the two countries' online and spending figures are different
        # measures (and years), so each has its own row with the other country's cells empty
        (tx("people_website_or_app"), tx("pct_of_ages", ages=pg.D.ages), o["dk"], o["dk_year"], None, None),
        (tx("people_online_contact"), tx("pct_of_ages", ages=pg.D.ages), None, None, o["no"], o["no_year"]),
        (tx("dk_it_purchases_row"), tx("dkk_million_current"), s["dk_bn"] * 1000, s["dk_year"], None, None),
        (tx("no_ict_expenditure_row"), tx("nok_million_current"), None, None, s["no_bn"] * 1000, s["no_year"]),
        (tx("it_partnerships_catalogue"), tx("count"), c["dk_partnerships"], None, c["no_partnerships"], None),
        (tx("joint_programmes_catalogue"), tx("count_2"), g["dk_programmes"], None, g["no_programmes"], None),
    ]
    used_rows = pd.concat([
        egdi[egdi["geo_code"].isin(["DK", "NO"]) & (egdi["year"] == e["year"])
             & egdi["indicator"].isin(["EGDI", "EGDI_rank"])],
        egov[((egov["geo_code"] == "DK") & (egov["indicator"] == sm.DK_ONLINE) & (egov["year"] == o["dk_year"]))
             | ((egov["geo_code"] == "NO") & (egov["indicator"] == sm.NO_ONLINE) & (egov["year"] == o["no_year"]))],
        ssb_exp[(ssb_exp["indicator"] == sm.NO_TOTAL_ICT) & (ssb_exp["year"] == s["no_year"])],
        dk_spend[(dk_spend["indicator"] == sm.DK_IT_PURCHASES) & (dk_spend["year"] == s["dk_year"])],
        t["catalogue_partnerships"], t["catalogue_initiatives"]], ignore_index=True)
    side = pd.DataFrame(rows, columns=[tx("measure"), tx("unit"), tx("denmark"), tx("denmark_year"), tx("norway"),
                                       tx("norway_year")])
    for col in (side.columns[3], side.columns[5]):
        side[col] = side[col].astype("Int64")
    publish_table(side, "dk_vs_no", title=tx("denmark_norway_headline_numbers"), sources=tables.sources(used_rows),
                  formats={side.columns[2]: num, side.columns[4]: num, side.columns[3]: "year",
                           side.columns[5]: "year"}, P=pg.P)
    report.markdown(tx("read_across_rows_with"))


def methods_and_caveats(pg: Page) -> None:
    tx, e, s = pg.tx, pg.D.e, pg.D.s
    report.methods([tx("every_number_is_recomputed"), tx("un_comparison_uses_latest", e_year=e['year'])], pg.P)
    report.caveats([tx("un_index_is_revised"),
                    tx("spending_figures_are_not", s_no_year=s['no_year'], s_dk_year=s['dk_year']),
                    tx("norway_s_cooperation_shares"), tx("partnership_programme_catalogues_are")], pg.P)
