"""The initiatives report's parameters."""
from __future__ import annotations

from typing import ClassVar

from analysis.params import StepParams


class Params(StepParams):
    """Parameters of the initiatives report."""

    countries: list[str] = ["DK", "NO"]
    include_eu: bool = True

    descriptions: ClassVar[dict[str, str]] = {
        "countries": "country codes whose online outcomes are charted (e.g. DK, NO, SE, FI, NL)",
        "include_eu": "add the EU aggregate to the outcome chart as a reference",
    }

    def derive(self) -> "Params":
        """Refuse a country without online-use figures, naming those with figures (before any kernel starts)."""
        from analysis.reports.initiatives import REPORT
        from analysis.reports.initiatives.compute import check_countries

        check_countries(REPORT.load("eurostat_egov_use_individuals"), self.countries)
        return self
