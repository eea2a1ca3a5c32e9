"""The peers report's parameters: the countries compared and the one or two in focus."""
from __future__ import annotations

from typing import ClassVar

from pydantic import Field, field_validator, model_validator

from analysis.errors import ParameterError, suggest
from analysis.params import StepParams

KNOWN_COUNTRIES = ("DK", "NO", "SE", "FI", "IS", "EE", "NL", "DE", "GB")


class Params(StepParams):
    """Parameters of the peers report: the countries compared, the two in focus, the first survey year."""

    countries: list[str] = Field(default_factory=lambda: list(KNOWN_COUNTRIES), min_length=2)
    focus: list[str] = Field(default_factory=lambda: ["DK", "NO"], min_length=1, max_length=2)
    year_from: int = Field(2010, ge=2000, le=2100)

    descriptions: ClassVar[dict[str, str]] = {
        "countries": "countries compared, as ISO codes (DK, NO, SE, FI, IS, EE, NL, DE, GB)",
        "focus": "one or two of the countries to highlight (default DK and NO)",
        "year_from": "first UN survey year shown in the time series (surveys from 2010)",
    }

    @field_validator("countries", "focus")
    @classmethod
    def _known(cls, codes: list[str]) -> list[str]:
        out = []
        for code in codes:
            up = str(code).strip().upper()
            if up not in KNOWN_COUNTRIES:
                raise ParameterError(f"unknown country code {code!r}{suggest(up, KNOWN_COUNTRIES)}",
                                     file="countries", valid=", ".join(KNOWN_COUNTRIES))
            if up not in out:
                out.append(up)
        return out

    @model_validator(mode="after")
    def _focus_in_countries(self) -> "Params":
        missing = [c for c in self.focus if c not in self.countries]
        if missing:
            raise ValueError(f"focus {missing} must be among countries {self.countries}")
        return self
