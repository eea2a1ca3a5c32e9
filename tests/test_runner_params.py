"""analysis.runner_params: the parameters the runner injects, which every model has and no user may set; kept
apart from the models so that the runner's modules load without pydantic."""
from __future__ import annotations

import subprocess
import sys

from analysis.pipeline import paramsets, spec
from analysis.runner_params import RUNNER_PARAMS


def test_every_model_has_them_and_no_user_may_set_them():
    pipeline = spec.load()
    steps = [s for s in pipeline.steps.values() if s.notebook]
    assert steps
    for step in steps:
        fields = set(step.model_class().model_fields)
        assert set(RUNNER_PARAMS) <= fields, step.id
        assert not set(RUNNER_PARAMS) & set(paramsets.user_fields(step)), step.id


def test_the_runner_loads_without_pydantic():
    """Issue 16: importing the models' pydantic cost a run with nothing to do about 0.1 s of its 0.3."""
    code = ("import sys, analysis.cli, analysis.pipeline.run, analysis.pipeline.paramsets, analysis.pipeline.plan; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
