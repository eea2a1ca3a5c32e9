"""Digitalisation initiatives and outcomes: what the runner needs to know about this report."""
from analysis.reports import Report

REPORT = Report(
    id="initiatives",
    model="analysis.reports.initiatives.params:Params",
    tables=(
        "catalogue_initiatives",
        "catalogue_facts",
        "dk_digitalisation",
        "eurostat_egov_use_individuals",
        "ssb_public_online_services",
    ),
)
