"""Scenarios for policy advisors: what the runner needs to know about this report."""
from analysis.reports import Report

REPORT = Report(
    id="scenarios",
    model="analysis.reports.scenarios.params:Params",
    tables=(
        "catalogue_facts",
        "catalogue_partnerships",
        "dk_municipalities",
    ),
)
