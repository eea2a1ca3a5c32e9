"""The parameter base now lives below the runner, in analysis.params; kept so `module:Class` references
in older parameter files and pipeline files keep resolving."""
from analysis.params import RUNNER_PARAMS, StepParams

__all__ = ["RUNNER_PARAMS", "StepParams"]
