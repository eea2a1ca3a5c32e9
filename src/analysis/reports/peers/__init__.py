"""Denmark and Norway among their peers: what the runner needs to know about this report."""
from analysis.reports import Report

REPORT = Report(
    id="peers",
    model="analysis.reports.peers.params:Params",
    tables=(
        "un_egov_egdi",
        "eurostat_egov_use_individuals",
        "eu_egov_benchmark_2023",
        "oecd_digital_government_index_2023",
        "desi_egov_users",
        "ssb_public_online_services",
    ),
)
