"""Typed parameter models: one per notebook, validated before any kernel starts.

Every model derives from StepParams: unknown names are errors (with close matches), types and
ranges are checked by pydantic, and derived values are computed after injection via `derive()`.
"""
from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from analysis.errors import ParameterError, suggest
from analysis.runner_params import RUNNER_PARAMS


class StepParams(BaseModel):
    """Base of every step's parameter model: `lang` plus the runner's output locations."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
    lang: Literal["da", "en"] = "en"
    output_dir: str = "."
    output_href: str = "."

    # human descriptions shown by `workbench list`, keyed by field name (optional)
    descriptions: ClassVar[dict[str, str]] = {}

    @classmethod
    def validate_params(cls, values: dict[str, Any], *, where: str = "parameters") -> "StepParams":
        """Validate values; raise ParameterError naming the parameter and what is valid."""
        fields = set(cls.model_fields)
        for name in values:
            if name not in fields:
                user_fields = sorted(f for f in fields if f not in RUNNER_PARAMS)
                raise ParameterError(
                    f"unknown parameter '{name}'{suggest(name, user_fields)}",
                    file=where, valid=", ".join(user_fields))
        try:
            return cls(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err.get("loc", ()))
            if loc:
                raise ParameterError(f"parameter '{loc}': {err['msg']} (got {err.get('input')!r})",
                                     file=where) from None
            raise ParameterError(f"{_named(err['msg'], values)}: {err['msg'].removeprefix('Value error, ')}",
                                 file=where) from None

    @classmethod
    def from_namespace(cls, namespace: dict[str, Any]) -> "StepParams":
        """Build the model from a notebook's globals after papermill injected its parameters."""
        values = {k: namespace[k] for k in cls.model_fields if k in namespace}
        return cls.validate_params(values, where="notebook parameters").derive()

    def derive(self) -> "StepParams":
        """Compute derived values after injection; override in subclasses. Returns self."""
        return self


def _named(message: str, values: dict[str, Any]) -> str:
    """'parameters 'a' and 'b'' for a check across parameters, naming those its message mentions."""
    import re

    names = [n for n in values if re.search(rf"\b{re.escape(n)}\b", message)]
    if not names:
        return "parameters"
    if len(names) == 1:
        return f"parameter '{names[0]}'"
    return "parameters " + ", ".join(f"'{n}'" for n in names[:-1]) + f" and '{names[-1]}'"
