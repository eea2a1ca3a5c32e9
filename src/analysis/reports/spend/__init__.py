"""Municipal IT spend: what the runner needs to know about this report."""
from analysis.reports import Report

REPORT = Report(
    id="spend",
    model="analysis.reports.spend.params:Params",
    tables=(
        "ssb_ikt_expenditure_2005_2006",
        "ssb_ikt_headline_figures_release_texts_2002_2018",
        "ssb_ikt_it_strategy_by_county_2002",
        "ssb_ikt_barriers_2002",
        "ssb_digitalisation_barriers_2024",
        "dk_admin_it_spending",
        "dk_regk31_64551_administration",
        "dk_population",
        "dk_municipality_boundaries",
        "dk_cpi_annual",
    ),
)
