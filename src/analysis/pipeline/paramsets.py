"""Parameter sets (params/*.yaml) and --set overrides, resolved into each step's typed values."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from analysis.errors import ParameterError, PipelineError, suggest
from analysis.pipeline.spec import Pipeline, Step, read_yaml
from analysis.runner_params import RUNNER_PARAMS

if TYPE_CHECKING:  # the models import pydantic, which a run with nothing to do does without
    from analysis.params import StepParams


@dataclass
class Edition:
    """One parameter set: global values plus per-step overrides; its name labels the reports."""

    name: str
    path: Path | None
    values: dict[str, Any] = field(default_factory=dict)
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)


EDITION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def check_params_file(path: Path) -> None:
    """A parameter set must be a UTF-8 file whose stem is a plain edition name (it names folders in reports/)."""
    if path.is_dir():
        raise PipelineError("is a folder, not a parameter file", file=path, valid="a YAML file such as params/en.yaml")
    if not EDITION_NAME.match(path.stem) or path.suffix not in (".yaml", ".yml"):
        raise PipelineError(f"edition name '{path.stem}' (the file's stem) is not allowed; it names the reports' "
                            "folder", file=path, valid="a .yaml file named with letters, digits, '-' and '_', "
                            "e.g. params/da.yaml")
    if path.exists():
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PipelineError(f"not UTF-8 text (byte {exc.start})", file=path,
                                valid="a YAML file saved as UTF-8") from None
        except OSError as exc:
            raise PipelineError(f"cannot be read ({exc.strerror})", file=path) from None


def load_edition(path: str | Path, pipeline: Pipeline) -> Edition:
    """Read a parameter set; unknown steps and names are errors with close matches."""
    path = Path(path)
    check_params_file(path)
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise PipelineError("a parameter set must be a mapping of name: value", file=path,
                            valid="e.g. 'lang: en' and 'steps: {profiles: {peers: size}}'")
    steps = data.pop("steps", None) or {}
    if not isinstance(steps, dict):
        raise PipelineError("'steps' must map step ids to parameter mappings", file=path)
    for sid, values in steps.items():
        if sid not in pipeline.steps:
            raise ParameterError(f"unknown step '{sid}'{suggest(sid, pipeline.steps)}", file=path,
                                 valid=", ".join(pipeline.steps))
        if not isinstance(values, dict):
            raise PipelineError(f"steps.{sid} must be a mapping of name: value", file=path)
        fields = user_fields(pipeline.steps[sid])
        for name in values:
            if name not in fields:
                raise ParameterError(f"unknown parameter '{name}' for step '{sid}'{suggest(name, fields)}",
                                     file=path, valid=", ".join(sorted(fields)))
    known = all_fields(pipeline)
    for name in data:
        if name not in known:
            raise ParameterError(f"unknown parameter '{name}'{suggest(name, known)}", file=path,
                                 valid=", ".join(sorted(known)))
    return Edition(name=path.stem, path=path, values=data, steps=steps)


# model path -> (hash of the model's module closure, its user fields); filled from the manifest so that a run
# with nothing changed need not import the models (and pandas with them).
FIELD_HINTS: dict[str, tuple[str, list[str]]] = {}


def model_closure_hash(step: Step) -> str:
    """Hash of every `analysis` module the step's model module imports: the fields can change only with it."""
    from analysis.pipeline import state

    module = (step.model or "analysis.params:StepParams").split(":")[0]
    if not module.startswith("analysis"):
        return "external:" + module  # models outside the package (tests) are always imported
    return state.text_hash(state.module_closure(f"import {module}"))


def user_fields(step: Step) -> list[str]:
    """The parameters a user may set for a step (its model's fields, less the runner's)."""
    key = step.model or "analysis.params:StepParams"
    hint = FIELD_HINTS.get(key)
    if hint and not hint[0].startswith("external:") and hint[0] == model_closure_hash(step):
        return list(hint[1])
    fields = [f for f in step.model_class().model_fields if f not in RUNNER_PARAMS]
    FIELD_HINTS[key] = (model_closure_hash(step), fields)
    return fields


def all_fields(pipeline: Pipeline) -> set[str]:
    return {f for s in pipeline.steps.values() if s.notebook for f in user_fields(s)}


def parse_sets(items: list[str], pipeline: Pipeline) -> list[tuple[str | None, str, Any]]:
    """Parse --set items 'name=value' or 'step.name=value'; values are read as YAML scalars."""
    out = []
    known = all_fields(pipeline)
    for item in items or []:
        if "=" not in item:
            raise ParameterError(f"--set '{item}' has no '='", valid="name=value or step.name=value")
        key, raw = item.split("=", 1)
        key = key.strip()
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        if isinstance(value, int) and _LEADING_ZERO.match(raw.strip()):
            value = raw.strip()  # '0101' is text, never YAML 1.1's octal 65
        step = None
        if "." in key:
            step, key = key.split(".", 1)
            if step not in pipeline.steps:
                raise ParameterError(f"--set: unknown step '{step}'{suggest(step, pipeline.steps)}",
                                     valid=", ".join(pipeline.steps))
            fields = user_fields(pipeline.steps[step])
            if key not in fields:
                raise ParameterError(f"--set: unknown parameter '{key}' for step '{step}'{suggest(key, fields)}",
                                     valid=", ".join(sorted(fields)))
        elif key not in known:
            raise ParameterError(f"--set: unknown parameter '{key}'{suggest(key, known)}",
                                 valid=", ".join(sorted(known)))
        out.append((step, key, value))
    return out


def step_values(step: Step, edition: Edition, sets: list[tuple[str | None, str, Any]]) -> dict[str, Any]:
    """The raw values for one step: edition globals it knows, its overrides, then --set."""
    fields = set(user_fields(step))
    values = {k: v for k, v in edition.values.items() if k in fields}
    values.update(edition.steps.get(step.id, {}))
    for target, key, value in sets:
        if (target is None or target == step.id) and key in fields:
            values[key] = value
    return as_text_where_text(step, values)


_LEADING_ZERO = re.compile(r"^[+-]?0\d+$")


def as_text_where_text(step: Step, values: dict[str, Any]) -> dict[str, Any]:
    """A number given for a text parameter is its text: YAML reads `municipality=101` as the integer 101."""
    numeric = [k for k, v in values.items() if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numeric:
        return values
    fields = step.model_class().model_fields
    out = dict(values)
    for k in numeric:
        if k in fields and _text_only(fields[k].annotation):
            out[k] = str(values[k])
    return out


def _text_only(annotation: Any) -> bool:
    """True for `str` and `str | None`: a field that takes text and no number."""
    import typing

    args = set(typing.get_args(annotation)) if annotation is not str else {str}
    return str in args and not args & {int, float}


def validate(step: Step, values: dict[str, Any], where: str) -> StepParams:
    """Check values against the step's model before any kernel starts (types, ranges, unknown names)."""
    return step.model_class().validate_params(values, where=where)
