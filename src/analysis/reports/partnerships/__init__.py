"""Inter-municipal IT partnerships: what the runner needs to know about this report."""
from analysis.reports import Report

REPORT = Report(
    id="partnerships",
    model="analysis.reports.partnerships.params:Params",
    tables=(
        "catalogue_partnerships",
        "dk_it_partnerships",
        "catalogue_facts",
        "dk_municipalities",
        "ssb_ikt_intermunicipal_cooperation_2003_2004",
        "ikt_intermunicipal_cooperation_agder_figures",
        "catalogue_partnership_members",
        "dk_municipality_boundaries",
    ),
)
