"""Denmark vs Norway in five findings, each computed from the processed tables and linked to the
chart in the topic report where the reader can see the data behind it."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from analysis.errors import ParameterError
from analysis.reports.initiatives import compute as ini
from analysis.reports.partnerships import compute as par
from analysis.reports.summary.params import Params

# Where each finding's chart is published: (report page, figure name as given to publish_figure).
FIGURE_LINKS: dict[str, tuple[str, str]] = {
    "egdi": ("peers", "egdi_over_time"),
    "online": ("initiatives", "online_outcomes"),
    "spend": ("spend", "no_ict_expenditure"),
    "cooperation": ("partnerships", "cooperation_by_task"),
    "targets": ("initiatives", "targets_vs_outcomes"),
}

NO_TOTAL_ICT = "Totale utgifter (total expenditure on computer equipment, software and related consultancy services)"
NO_MUNICIPALITIES = "municipalities (kommuner)"
DK_IT_PURCHASES = "it_purchases_total"
DK_ONLINE = "egov_used_public_authority_website_or_app_12m"
NO_ONLINE = "egov_interaction_public_authorities_internet_12m"
APPLICATIONS_TARGET = "target_share_applications_received_digitally"


def figure_href(key: str) -> str:
    """Relative link from the summary to a finding's chart: '<report>.html#fig-<name>'."""
    if key not in FIGURE_LINKS:
        raise ParameterError(f"no chart for finding '{key}'", valid=", ".join(FIGURE_LINKS))
    page, name = FIGURE_LINKS[key]
    return f"{page}.html#fig-{name}"


def egdi_pair(egdi: pd.DataFrame, year: int | None = None) -> dict:
    """EGDI value and rank of Denmark and Norway in year (default: latest year with both)."""
    rows = egdi[egdi["geo_code"].isin(["DK", "NO"]) & egdi["indicator"].isin(["EGDI", "EGDI_rank"])]
    rows = rows.dropna(subset=["value"])
    both = rows.groupby("year")["geo_code"].nunique()
    years = sorted(int(y) for y in both[both == 2].index)
    if not years:
        raise ParameterError("no UN survey year with EGDI for both Denmark and Norway")
    if year is None:
        year = years[-1]
    elif int(year) not in years:
        raise ParameterError(f"parameter 'egdi_year': no EGDI for both countries in {year}",
                             valid=", ".join(map(str, years)))
    y = rows[rows["year"] == year].set_index(["geo_code", "indicator"])["value"]
    return {"year": int(year), "dk": float(y[("DK", "EGDI")]), "no": float(y[("NO", "EGDI")]),
            "dk_rank": int(y[("DK", "EGDI_rank")]), "no_rank": int(y[("NO", "EGDI_rank")]),
            "first_year": years[0]}


def online_pair(egov: pd.DataFrame) -> dict:
    """Latest share of people using public-authority websites/apps in Denmark (and the EU that year),
    and Norway's latest share in online contact with public authorities (a different question)."""
    out = ini.online_outcomes(egov, ["DK", "NO"], include_eu=True)
    dk = ini.latest(out, "DK", DK_ONLINE)
    eu = out[(out["geo"] == "EU") & (out["measure"] == DK_ONLINE) & (out["year"] == dk["year"])]
    no = ini.latest(out, "NO", NO_ONLINE)
    return {"dk_year": int(dk["year"]), "dk": float(dk["value"]),
            "eu": float(eu["value"].iloc[0]) if len(eu) else float("nan"),
            "no_year": int(no["year"]), "no": float(no["value"])}


def spend_pair(ssb_exp: pd.DataFrame, dk_spend: pd.DataFrame) -> dict:
    """Norway's municipal ICT expenditure (latest SSB year, NOK billion) and Denmark's municipal IT
    purchases (latest year, DKK billion): the best published national totals, not the same measure."""
    no = ssb_exp[(ssb_exp["indicator"] == NO_TOTAL_ICT) & (ssb_exp["sector"] == NO_MUNICIPALITIES)]
    no = no.dropna(subset=["value"]).drop_duplicates(["year"]).sort_values("year")
    dk = dk_spend[(dk_spend["indicator"] == DK_IT_PURCHASES)
                  & dk_spend["geography"].astype(str).str.contains("98 municipalities")]
    dk = dk.dropna(subset=["value"]).sort_values("year")
    if no.empty or dk.empty:
        raise ParameterError("missing national ICT spending totals for Norway or Denmark")
    unit = str(no["unit"].iloc[-1])
    factor = 1000 if unit == "NOK 1 000" else 1
    return {"no_year": int(no["year"].iloc[-1]), "no_bn": float(no["value"].iloc[-1]) * factor / 1e9,
            "no_unit": unit, "dk_year": int(dk["year"].iloc[-1]), "dk_bn": float(dk["value"].iloc[-1]),
            "dk_unit": str(dk["unit"].iloc[-1])}


def cooperation_pair(coop: pd.DataFrame, partnerships: pd.DataFrame) -> dict:
    """Norway: the task most municipalities cooperated on (latest year) and its share; Denmark and
    Norway: number of partnerships in the catalogue."""
    year = par.cooperation_years(coop)[-1]
    top = par.top_task(coop, year, par.MUNICIPALITIES)
    counts = par.country_counts(par.catalogue(partnerships))
    return {"year": int(year), "task": str(top["task"]), "share": float(top["value"]),
            "dk_partnerships": counts.get("DK", 0), "no_partnerships": counts.get("NO", 0)}


def targets_pair(dk_digital: pd.DataFrame, initiatives: pd.DataFrame) -> dict:
    """Denmark's 2015 target and outcome for applications received digitally, and the number of
    joint programmes listed per country."""
    tvo = ini.targets_vs_outcomes(dk_digital).set_index("measure")
    if APPLICATIONS_TARGET not in tvo.index:
        raise ParameterError("no target/outcome pair for applications received digitally")
    row = tvo.loc[APPLICATIONS_TARGET]
    progs = ini.programmes(initiatives)
    counts = progs.groupby("country").size()
    return {"target_year": int(row["target_year"]), "target": float(row["target"]),
            "outcome_year": int(row["outcome_year"]), "outcome": float(row["outcome"]),
            "gap": float(row["gap"]), "dk_programmes": int(counts.get("DK", 0)),
            "no_programmes": int(counts.get("NO", 0))}


def derive(t: dict[str, pd.DataFrame], P: Params) -> SimpleNamespace:
    """The five Denmark-Norway pairs the summary compares, from its tables (keyed by table name)."""
    return SimpleNamespace(
        e=egdi_pair(t["un_egov_egdi"], P.egdi_year),
        o=online_pair(t["eurostat_egov_use_individuals"]),
        s=spend_pair(t["ssb_ikt_expenditure_2005_2006"], t["dk_admin_it_spending"]),
        c=cooperation_pair(t["ssb_ikt_intermunicipal_cooperation_2003_2004"], t["catalogue_partnerships"]),
        g=targets_pair(t["dk_digitalisation"], t["catalogue_initiatives"]),
        ages=ini.age_range(t["eurostat_egov_use_individuals"]["unit"]))
