"""Parameter models for the made-up test notebooks of the pipeline tests (test data only)."""
from typing import Literal

from pydantic import Field

from analysis.pipeline.params import StepParams


class CountParams(StepParams):
    threshold: int = Field(10, ge=0, le=1000)


class LabelParams(StepParams):
    label: str = "egdi"
    mode: Literal["fast", "full"] = "fast"


class FailParams(StepParams):
    fail: bool = False


class SleepParams(StepParams):
    seconds: float = Field(0.0, ge=0, le=600)
