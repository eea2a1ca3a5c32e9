"""Municipality profile: what the runner needs to know about this report."""
from analysis.reports import Report

REPORT = Report(
    id="profiles",
    model="analysis.reports.profiles.params:Params",
    tables=(
        "dk_municipalities",
        "dk_regk31_64551_administration",
        "dk_population",
        "dk_it_partnerships",
        "catalogue_partnerships",
        "catalogue_facts",
        "dk_municipality_boundaries",
        "dk_municipality_groups",
        "dk_cpi_annual",
    ),
    foreach="municipality",
    foreach_values="analysis.reports.profiles.load:all_municipalities",
    extra_pages=("analysis.reports.profiles.index_page:write",),
)
