"""The municipality profile's parameters."""
from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, PrivateAttr, field_validator

from analysis.params import StepParams
from analysis.reports.profiles.compute import DEFAULT_SIZE_BAND


class Params(StepParams):
    """Parameters of one municipality profile; the name is resolved to its code before any kernel starts."""

    municipality: str = "København"
    peers: Literal["size", "region", "group", "all"] = "size"
    size_band: float = Field(DEFAULT_SIZE_BAND, ge=0.05, le=1.0)
    compare: list[str] = Field(default_factory=list, max_length=20)

    descriptions: ClassVar[dict[str, str]] = {
        "municipality": "Danish municipality (name; variants such as Aarhus/Århus or Copenhagen are accepted)",
        "peers": "peer group: size (population within the size band), region (same region), group (same Statistics "
                 "Denmark municipality group, KOMMUNEGRUPPER), all (all others)",
        "size_band": "size peer group: population within ± this fraction of the municipality's (0.05–1.0)",
        "compare": "your own comparison set, shown as its own line: municipality names or codes, a list or "
                   "comma-separated (e.g. compare=Roskilde,Køge or compare=265,259); at most 20",
    }

    _code: str = PrivateAttr("")
    _compare_codes: list[str] = PrivateAttr(default_factory=list)

    @field_validator("municipality")
    @classmethod
    def _known_municipality(cls, value: str) -> str:
        """Replace a name variant by the reference name; a misspelling raises ParameterError with suggestions."""
        from analysis.reports.profiles import load
        return str(load.lookup(value)["name"])

    @field_validator("compare", mode="before")
    @classmethod
    def _compare_list(cls, value):
        """A comma-separated text (from --set) or a single name or code becomes a list."""
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return [str(int(value))]
        if isinstance(value, list | tuple):
            return [str(int(v)) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
        return value

    @field_validator("compare")
    @classmethod
    def _known_compare(cls, value: list[str]) -> list[str]:
        """Each name, variant or code becomes the reference name (once); a misspelling raises ParameterError
        naming the parameter and the closest matches."""
        from analysis.reports.profiles import load
        out: list[str] = []
        for item in value:
            name = str(load.lookup_name_or_code(item, parameter="compare")["name"])
            if name not in out:
                out.append(name)
        return out

    @property
    def code(self) -> str:
        """The municipality's DAGI code (set by derive())."""
        return self._code

    @property
    def compare_codes(self) -> list[str]:
        """The codes of the comparison set (set by derive())."""
        return list(self._compare_codes)

    def derive(self) -> "Params":
        """Resolve the municipality and the comparison set to their codes."""
        from analysis.reports.profiles import load
        self._code = str(load.lookup(self.municipality)["code"])
        self._compare_codes = [str(load.lookup(n)["code"]) for n in self.compare]
        return self
