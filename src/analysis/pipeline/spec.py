"""Read pipeline.yaml into steps, check it, and order the steps (cycles are errors)."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis import paths, yaml_text
from analysis.errors import PipelineError, suggest

STEP_KEYS = {"id", "title", "notebook", "call", "report", "model", "depends_on", "tables", "reads", "writes",
             "foreach", "foreach_values"}
# What a report package declares (analysis.reports.<id>.REPORT); a step naming a report takes these from it.
REPORT_KEYS = ("model", "tables", "foreach", "foreach_values")
TOP_KEYS = {"editions", "steps"}


@dataclass
class Step:
    """One step of the pipeline: a notebook (rendered to a report) or a python callable."""

    id: str
    title: str
    notebook: Path | None = None
    call: str | None = None
    model: str | None = None
    depends_on: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    foreach: str | None = None
    foreach_values: str | None = None
    report: str | None = None
    extra_pages: list[str] = field(default_factory=list)

    def model_class(self):
        """The step's parameter model class (a StepParams subclass)."""
        from analysis.params import StepParams

        return resolve(self.model, f"step '{self.id}' model") if self.model else StepParams


@dataclass
class Pipeline:
    """All steps in file order, plus the default editions (parameter sets)."""

    path: Path
    steps: dict[str, Step]
    editions: list[Path]

    def order(self) -> list[str]:
        """Step ids in an order where every step comes after the steps it depends on."""
        done: list[str] = []
        state: dict[str, int] = {}

        def visit(sid: str, trail: list[str]) -> None:
            if state.get(sid) == 2:
                return
            if state.get(sid) == 1:
                cycle = trail[trail.index(sid):] + [sid]
                raise PipelineError(f"the steps depend on each other in a cycle: {' -> '.join(cycle)}",
                                    file=self.path.name, valid="depends_on must form a graph without cycles")
            state[sid] = 1
            for dep in self.steps[sid].depends_on:
                visit(dep, trail + [sid])
            state[sid] = 2
            done.append(sid)

        for sid in self.steps:
            visit(sid, [])
        return done

    def descendants(self, sid: str) -> set[str]:
        """Every step that depends on sid, directly or not."""
        out: set[str] = set()
        frontier = [sid]
        while frontier:
            cur = frontier.pop()
            for s in self.steps.values():
                if cur in s.depends_on and s.id not in out:
                    out.add(s.id)
                    frontier.append(s.id)
        return out

    def ancestors(self, sid: str) -> set[str]:
        out: set[str] = set()
        frontier = list(self.steps[sid].depends_on)
        while frontier:
            cur = frontier.pop()
            if cur not in out:
                out.add(cur)
                frontier.extend(self.steps[cur].depends_on)
        return out


def resolve(target: str, what: str) -> Any:
    """Import 'module:attribute'; a bad reference is a PipelineError naming what referred to it."""
    if ":" not in target:
        raise PipelineError(f"{what} '{target}' is not of the form module:attribute", file="pipeline.yaml")
    module, attr = target.split(":", 1)
    try:
        obj = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise PipelineError(f"{what} '{target}': module '{exc.name}' not found", file="pipeline.yaml") from None
    try:
        return getattr(obj, attr)
    except AttributeError:
        names = [n for n in dir(obj) if not n.startswith("_")]
        raise PipelineError(f"{what} '{target}': '{module}' has no '{attr}'{suggest(attr, names)}",
                            file="pipeline.yaml") from None


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error is a one-line PipelineError with the line number."""
    if not path.exists():
        raise PipelineError("file not found", file=path)
    try:
        return yaml_text.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PipelineError(f"not valid YAML: {line}{problem}", file=path) from None


def load(path: str | Path | None = None) -> Pipeline:
    """Read and check the pipeline file: known keys, unique ids, existing notebooks, known dependencies, no cycle."""
    path = Path(path) if path else paths.root() / "pipeline.yaml"
    data = read_yaml(path)
    name = path.name
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise PipelineError("must be a mapping with a 'steps' list", file=name, valid="editions: [...], steps: [...]")
    for key in data:
        if key not in TOP_KEYS:
            raise PipelineError(f"unknown key '{key}'{suggest(key, TOP_KEYS)}", file=name,
                                valid=", ".join(sorted(TOP_KEYS)))
    steps: dict[str, Step] = {}
    for i, raw in enumerate(data["steps"], start=1):
        if not isinstance(raw, dict) or "id" not in raw:
            raise PipelineError(f"step {i} has no 'id'", file=name)
        sid = str(raw["id"])
        for key in raw:
            if key not in STEP_KEYS:
                raise PipelineError(f"step '{sid}': unknown key '{key}'{suggest(key, STEP_KEYS)}", file=name,
                                    valid=", ".join(sorted(STEP_KEYS)))
        if sid in steps:
            raise PipelineError(f"step id '{sid}' is used twice", file=name)
        if bool(raw.get("notebook")) == bool(raw.get("call")):
            raise PipelineError(f"step '{sid}' needs exactly one of 'notebook' or 'call'", file=name)
        nb = None
        if raw.get("notebook"):
            nb = paths.root() / raw["notebook"]
            if not nb.exists():
                existing = sorted(str(p.relative_to(paths.root())) for p in paths.notebooks_dir().glob("*.py"))
                raise PipelineError(f"step '{sid}': notebook '{raw['notebook']}' does not exist"
                                    f"{suggest(raw['notebook'], existing)}", file=name,
                                    valid=", ".join(existing) or "a notebook under notebooks/")
        steps[sid] = Step(id=sid, title=str(raw.get("title", sid)), notebook=nb, call=raw.get("call"),
                          model=raw.get("model"), depends_on=list(raw.get("depends_on") or []),
                          tables=list(raw.get("tables") or []), reads=list(raw.get("reads") or []),
                          writes=list(raw.get("writes") or []), foreach=raw.get("foreach"),
                          foreach_values=raw.get("foreach_values"))
        if raw.get("report"):
            take_report(steps[sid], str(raw["report"]), raw, name)
    for s in steps.values():
        for dep in s.depends_on:
            if dep not in steps:
                raise PipelineError(f"step '{s.id}' depends on unknown step '{dep}'{suggest(dep, steps)}",
                                    file=name, valid=", ".join(steps))
    editions = [paths.root() / e for e in (data.get("editions") or [])]
    pipeline = Pipeline(path=path, steps=steps, editions=editions)
    pipeline.order()
    return pipeline


def take_report(step: Step, report_id: str, raw: dict, name: str) -> None:
    """Fill a step from its report package: model, tables, foreach and extra pages are declared there once."""
    from analysis import reports

    twice = [k for k in REPORT_KEYS if k in raw]
    if twice:
        raise PipelineError(f"step '{step.id}': {', '.join(twice)} come from report '{report_id}' "
                            f"(analysis/reports/{report_id}/__init__.py), not from the pipeline file", file=name)
    rep = reports.get(report_id)
    step.report = rep.id
    step.model, step.tables = rep.model, list(rep.tables)
    step.foreach, step.foreach_values = rep.foreach, rep.foreach_values
    step.extra_pages = list(rep.extra_pages)


def notebook_step_for(pipeline: Pipeline, notebook: str | Path) -> Step:
    """The step that runs a notebook; a notebook not in the pipeline is an error listing those that are."""
    target = Path(notebook).name
    for s in pipeline.steps.values():
        if s.notebook and s.notebook.name == target:
            return s
    listed = [s.notebook.name for s in pipeline.steps.values() if s.notebook]
    raise PipelineError(f"notebook '{target}' is not in the pipeline{suggest(target, listed)}",
                        file=pipeline.path.name, valid=", ".join(listed))
