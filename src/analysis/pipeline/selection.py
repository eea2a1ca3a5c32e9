"""Which steps a run covers beyond --only: --downstream adds what follows (Kedro's --from-nodes, DVC's
--downstream)."""
from __future__ import annotations

from analysis.pipeline import spec


def step_id(pipeline: spec.Pipeline, name: str) -> str | None:
    """The step id for a step id or a notebook file name; None when neither (the runner names the error)."""
    if name in pipeline.steps:
        return name
    if name.endswith((".py", ".ipynb")):
        return spec.notebook_step_for(pipeline, name).id
    return None


def with_downstream(pipeline: spec.Pipeline, names: list[str]) -> list[str]:
    """The named steps plus every step that depends on one of them, directly or not, in pipeline order."""
    chosen = list(names)
    for name in names:
        sid = step_id(pipeline, name)
        if sid is not None:
            chosen += [s for s in pipeline.order() if s in pipeline.descendants(sid) and s not in chosen]
    return chosen
