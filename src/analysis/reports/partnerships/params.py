"""The partnerships report's parameters."""
from __future__ import annotations

from typing import ClassVar, Literal

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
