"""The municipality profile's parameters."""
from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, PrivateAttr, field_validator

from analysis.params import StepParams
from analysis.reports.profiles.compute import DEFAULT_SIZE_BAND


class Params(StepParams):
    """Parameters of one municipality profile; the name is resolved to its code before any kernel starts."""

    municipality: str = "København"
    peers: Literal["size", "region", "all"] = "size"
    size_band: float = Field(DEFAULT_SIZE_BAND, ge=0.05, le=1.0)

    descriptions: ClassVar[dict[str, str]] = {
        "municipality": "Danish municipality (name; variants such as Aarhus/Århus or Copenhagen are accepted)",
        "peers": "peer group: size (population within the size band), region (same region), all (all others)",
        "size_band": "size peer group: population within ± this fraction of the municipality's (0.05–1.0)",
    }

    _code: str = PrivateAttr("")

    @field_validator("municipality")
    @classmethod
    def _known_municipality(cls, value: str) -> str:
        """Replace a name variant by the reference name; a misspelling raises ParameterError with suggestions."""
        from analysis.reports.profiles import load
        return str(load.lookup(value)["name"])

    @property
    def code(self) -> str:
        """The municipality's DAGI code (set by derive())."""
        return self._code

    def derive(self) -> "Params":
        """Resolve the municipality name to its code."""
        from analysis.reports.profiles import load
        self._code = str(load.lookup(self.municipality)["code"])
        return self
