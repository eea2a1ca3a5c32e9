"""The summary report's parameters."""
from __future__ import annotations

from typing import ClassVar

from analysis.params import StepParams


class Params(StepParams):
    """Parameters of the summary report."""

    egdi_year: int | None = None

    descriptions: ClassVar[dict[str, str]] = {
        "egdi_year": "UN survey year compared (default: the latest year with both Denmark and Norway)",
    }
