"""What a run consists of: its units (a step for an edition and one foreach value), and the hashed inputs
that decide whether a unit is stale. Pure planning: nothing here executes or writes a report."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis import layout, paths
from analysis.errors import DataError, PipelineError, suggest
from analysis.pipeline import paramsets, spec, state, variants


@dataclass
class Unit:
    """One executable piece: a step for an edition (and one foreach value), or the data step."""

    key: str
    step: spec.Step
    edition: paramsets.Edition | None
    values: dict[str, Any] = field(default_factory=dict)
    foreach_value: Any = None
    variant: str | None = None  # set when the unit's values differ from its edition's (see variants.py)

    @property
    def stem(self) -> str:
        return variants.stem(self.variant, layout.report_stem(self.step.id, self.edition.name, self.foreach_value))

    @property
    def where(self) -> str:
        """The parameter file and step an error about this unit's values names."""
        return f"{self.edition.path.name if self.edition and self.edition.path else 'parameters'} " \
               f"(step '{self.step.id}')"


def step_id(pipeline: spec.Pipeline, name: str) -> str:
    """The step id for a step id or a notebook file name; PipelineError with close matches otherwise."""
    if name in pipeline.steps:
        return name
    if name.endswith((".py", ".ipynb")):
        return spec.notebook_step_for(pipeline, name).id
    raise PipelineError(f"--only: unknown step '{name}'{suggest(name, pipeline.steps)}",
                        valid=", ".join(pipeline.steps))


def select_steps(pipeline: spec.Pipeline, only: list[str]) -> list[str]:
    """Step ids to consider: --only names (ids or notebook files) plus what they depend on."""
    if not only:
        return pipeline.order()
    chosen: set[str] = set()
    for name in only:
        sid = step_id(pipeline, name)
        chosen |= {sid} | pipeline.ancestors(sid)
    return [s for s in pipeline.order() if s in chosen]


def with_downstream(pipeline: spec.Pipeline, names: list[str]) -> list[str]:
    """The named steps plus every step that depends on one of them, directly or not, in pipeline order
    (--downstream, as Kedro's --from-nodes and DVC's --downstream)."""
    chosen = list(names)
    for name in names:
        sid = step_id(pipeline, name)
        chosen += [s for s in pipeline.order() if s in pipeline.descendants(sid) and s not in chosen]
    return chosen


def plan(pipeline: spec.Pipeline, editions: list[paramsets.Edition], sets, step_ids: list[str],
         manifest: state.Manifest | None = None, foreach: bool = True, variant: str | None = None) -> list[Unit]:
    """Every unit of the run; parameters that differ from the last good run are validated here, up front.
    With `variant`, units whose values differ from their edition's are that variant's, not the edition's."""
    units: list[Unit] = []
    for sid in step_ids:
        step = pipeline.steps[sid]
        if step.call:
            units.append(Unit(key=sid, step=step, edition=None))
            continue
        for ed in editions:
            values = paramsets.step_values(step, ed, sets)
            if step.foreach:
                if foreach:
                    units.extend(foreach_units(step, ed, values, manifest, variant))
                continue
            key = f"{ed.name}/{sid}"
            var = variant if variant and variants.differs(values, paramsets.step_values(step, ed, [])) else None
            unit = Unit(key=variants.key(var, key) if var else key, step=step, edition=ed, values=values,
                        variant=var)
            if not known_good(manifest, unit.key, values):
                paramsets.validate(step, values, unit.where)
            units.append(unit)
    return units


def known_good(manifest: state.Manifest | None, key: str, values: dict[str, Any]) -> bool:
    """True when these exact values succeeded last time (so the model need not even be imported)."""
    e = manifest.entry(key) if manifest else None
    return bool(e and e.get("status") == "ok" and e.get("inputs", {}).get("params") == state.text_hash(values))


def foreach_units(step: spec.Step, ed: paramsets.Edition, values: dict[str, Any],
                  manifest: state.Manifest | None, variant: str | None = None) -> list[Unit]:
    """One unit per foreach value; a value given with --set or in the edition renders just that one."""
    where = str(ed.path.name if ed.path else "parameters") + f" (step '{step.id}')"
    if step.foreach in values:  # the one canonical value (a code or variant names the same report)
        chosen = [getattr(paramsets.validate(step, values, where), step.foreach)]
    else:
        chosen = foreach_values(step, manifest)
    var = variant if variant and variants.differs(values, paramsets.step_values(step, ed, []), step.foreach) else None
    units = []
    for v in chosen:
        key = f"{ed.name}/{step.id}/{layout.slug(v)}"
        key = variants.key(var, key) if var else key
        vals = {**values, step.foreach: v}
        if not known_good(manifest, key, vals):
            paramsets.validate(step, vals, where)
        units.append(Unit(key=key, step=step, edition=ed, values=vals, foreach_value=v, variant=var))
    return units


def foreach_values(step: spec.Step, manifest: state.Manifest | None) -> list[Any]:
    """The values a foreach step runs over, cached in the manifest against its code and tables."""
    module = step.foreach_values.split(":")[0]
    tables = {}
    for name in step.tables:
        f = paths.processed_dir() / f"{name}.parquet"
        tables[name] = state.file_hash(f) if f.exists() else None
    key = state.text_hash({"code": state.module_closure(f"import {module}"), "tables": tables,
                           "target": step.foreach_values})
    cached = (manifest.data.get("foreach", {}) if manifest else {}).get(step.id)
    if cached and cached.get("key") == key:
        return list(cached["values"])
    values = list(spec.resolve(step.foreach_values, f"step '{step.id}' foreach_values")())
    if manifest is not None:
        with manifest.lock:
            manifest.data.setdefault("foreach", {})[step.id] = {"key": key, "values": values}
    return values


def expand_foreach(pipeline: spec.Pipeline, editions, sets, wanted: list[str], manifest: state.Manifest | None,
                   variant: str | None = None) -> list[Unit]:
    """The units of the wanted foreach steps, listed once the tables their values come from are built."""
    out: list[Unit] = []
    for sid in [s for s in wanted if pipeline.steps[s].foreach]:
        out.extend(plan(pipeline, editions, sets, [sid], manifest, variant=variant))
    return out


class Inputs:
    """Everything a unit's output depends on, hashed; module closures and table hashes computed once a step, the
    renderer's hash once (an instance lives for one run, after its data step; package versions are state's)."""

    def __init__(self):
        self._closures: dict[str, dict[str, str]] = {}
        self._tables: dict[str, dict[str, str]] = {}  # per step: every unit of a step reads the same tables
        self._render: str | None = None

    def __call__(self, unit: Unit) -> dict[str, Any]:
        step = unit.step
        if step.call:
            module = step.call.split(":")[0]
            from analysis.data import catalogue  # the declarations and the readers they name (imported by name)
            readers = "".join(f"\nimport {m}" for m in catalogue.reader_modules())
            return {"raw": state.tree_hash(paths.raw_dir()),
                    "modules": state.module_closure(f"import {module}{readers}"),
                    "catalogue": state.file_hash(catalogue.CATALOGUE_FILE), "packages": state.package_versions()}
        if step.id not in self._closures:
            nb_source = step.notebook.read_text(encoding="utf-8")
            model_module = (step.model or "analysis.params:x").split(":")[0]
            self._closures[step.id] = state.module_closure(nb_source + f"\nimport {model_module}\n")
        if step.id not in self._tables:
            self._tables[step.id] = table_hashes(step)
        if self._render is None:
            self._render = state.render_hash()
        return {"notebook": state.file_hash(step.notebook), "params": state.text_hash(unit.values),
                "modules": self._closures[step.id], "tables": self._tables[step.id],
                "packages": state.package_versions(), "render": self._render}


def table_hashes(step: spec.Step) -> dict[str, str]:
    """The hash of each processed table the step reads; a table not built is a DataError naming it."""
    out = {}
    for name in step.tables:
        f = paths.processed_dir() / f"{name}.parquet"
        if not f.exists():
            known = sorted(p.stem for p in paths.processed_dir().glob("*.parquet"))
            raise DataError(f"step '{step.id}' reads table '{name}', which was not built{suggest(name, known)}",
                            file=f.relative_to(paths.root()), valid="tables listed in docs/architecture.md; "
                            "run `workbench run --only data`")
        out[name] = state.file_hash(f)
    return out
