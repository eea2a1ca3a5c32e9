"""Denmark and Norway compared: what the runner needs to know about this report."""
from analysis.reports import Report

REPORT = Report(
    id="summary",
    model="analysis.reports.summary.params:Params",
    tables=(
        "ssb_ikt_expenditure_2005_2006",
        "dk_admin_it_spending",
        "un_egov_egdi",
        "eurostat_egov_use_individuals",
        "ssb_ikt_intermunicipal_cooperation_2003_2004",
        "catalogue_partnerships",
        "catalogue_initiatives",
        "dk_digitalisation",
    ),
)
