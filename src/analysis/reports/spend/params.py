"""The IT-spend report's parameters."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from analysis.params import StepParams


class Params(StepParams):
    """Parameters of the IT-spend report: which Danish accounts years to show and how many municipalities
    to list at each end of the ranking."""

    year_from: int | None = Field(None, ge=2000, le=2100)
    year_to: int | None = Field(None, ge=2000, le=2100)
    top_n: int = Field(10, ge=3, le=49)

    descriptions: ClassVar[dict[str, str]] = {
        "year_from": "first accounts year of the Danish function 6.45.51 series (default: first in the data)",
        "year_to": "last accounts year of the Danish series and of the municipal ranking (default: latest)",
        "top_n": "number of municipalities shown at each end of the per-inhabitant ranking (3-49)",
    }

    @model_validator(mode="after")
    def _order(self) -> "Params":
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise ValueError(f"year_from ({self.year_from}) must not be after year_to ({self.year_to})")
        return self
