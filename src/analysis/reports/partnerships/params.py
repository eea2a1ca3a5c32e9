"""The partnerships report's parameters."""
from __future__ import annotations

from typing import ClassVar, Literal

from analysis.errors import ParameterError
from analysis.params import StepParams


class Params(StepParams):
    """Parameters of the partnerships report."""

    cooperation_year: int = 2004
    countries: list[Literal["DK", "NO"]] = ["DK", "NO"]

    descriptions: ClassVar[dict[str, str]] = {
        "cooperation_year": "year of SSB's cooperation survey shown by task and county (2003 or 2004; "
                            "year labels are inferred by the data compiler)",
        "countries": "countries whose partnerships are listed (DK, NO)",
    }

    def derive(self) -> "Params":
        """Refuse a survey year the report cannot show, naming the years it can (before any kernel starts)."""
        from analysis.reports.partnerships import REPORT
        from analysis.reports.partnerships.compute import COOP, reportable_years

        years = reportable_years(REPORT.load(COOP))
        if self.cooperation_year not in years:
            raise ParameterError(f"parameter 'cooperation_year': {self.cooperation_year} has no national "
                                 "cooperation figures for both municipalities and county authorities",
                                 valid=", ".join(map(str, years)))
        return self
