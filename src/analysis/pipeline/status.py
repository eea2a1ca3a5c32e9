"""What a run would do, and why, without running it: `workbench status` and `workbench run --dry-run`.

Each unit's reasons name the changed input: the parameter with its old and new value, the table, the module,
the package with its versions, the notebook or the renderer. On a fresh clone the data step is due first and
the reports wait for it (their tables are not built yet), which is said rather than raised.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import WorkbenchError
from analysis.pipeline.reasons import describe_changes, model_defaults

STATES = ("fresh", "stale", "waits")  # waits: can only be judged after the data step has (re)built the tables
LABELS = {"fresh": "up to date", "stale": "would run", "waits": "after data"}


@dataclass
class UnitStatus:
    key: str
    step: str
    edition: str | None
    state: str
    reasons: list[str] = field(default_factory=list)
    foreach: Any = None
    variant: str | None = None


def unit_statuses(params_file: str | None = None, sets: list[str] | None = None, only: list[str] | None = None,
                  force: bool = False, variant: str | None = None) -> list[UnitStatus]:
    """The status of every unit a `workbench run` with these options would consider."""
    from analysis.pipeline import paramsets, plan, spec, state, variants

    pipeline = spec.load()
    manifest = state.Manifest()
    paramsets.FIELD_HINTS.update({k: tuple(v) for k, v in manifest.data.get("models", {}).items()})
    state.IMPORT_CACHE.update(manifest.data.get("imports", {}))
    edition_paths = [Path(params_file)] if params_file else pipeline.editions
    editions = [paramsets.load_edition(p, pipeline) for p in edition_paths]
    parsed = paramsets.parse_sets(sets or [], pipeline)
    step_ids = plan.select_steps(pipeline, only or [])
    units = plan.plan(pipeline, editions, parsed, step_ids, manifest, foreach=False, variant=variant)
    inputs_of = plan.Inputs()
    out: list[UnitStatus] = []
    data_due = False
    for u in [u for u in units if u.step.call]:
        inputs = inputs_of(u)
        fresh = not force and manifest.is_fresh(u.key, inputs)
        data_due |= not fresh
        reasons = [] if fresh else (["--force"] if force else describe_changes(manifest.entry(u.key), inputs))
        out.append(UnitStatus(u.key, u.step.id, None, "fresh" if fresh else "stale", reasons))
    tables_built = paths.processed_dir().exists() and any(paths.processed_dir().glob("*.parquet"))
    waiting_groups: list[UnitStatus] = []
    if tables_built:
        try:
            units += plan.expand_foreach(pipeline, editions, parsed, step_ids, manifest, variant)
        except WorkbenchError as exc:  # the values come from a table that is missing or broken
            waiting_groups = _foreach_placeholders(pipeline, step_ids, editions, f"one report per value, after data "
                                                   f"({exc.format()})")
    else:
        waiting_groups = _foreach_placeholders(pipeline, step_ids, editions,
                                               "one report per value, once the data step has built the tables")
    for u in [u for u in units if not u.step.call]:
        notebook = str(u.step.notebook.relative_to(paths.root())) if u.step.notebook else None
        st = UnitStatus(u.key, u.step.id, u.edition.name if u.edition else None, "stale",
                        foreach=u.foreach_value, variant=u.variant)
        try:
            inputs = inputs_of(u)
        except WorkbenchError as exc:
            st.state = "waits" if data_due else "stale"
            st.reasons = [f"{'the data step builds first; ' if data_due else ''}{_table_problem(exc)}"]
            out.append(st)
            continue
        if force:
            st.reasons = ["--force"]
        elif manifest.is_fresh(u.key, inputs):
            st.state = "waits" if data_due else "fresh"
            st.reasons = ["up to date now; reruns if the data step changes a table it reads"] if data_due else []
        else:
            entry = variants.entry_for(manifest, u.key, u.variant)
            st.reasons = describe_changes(entry, inputs, u.values, notebook, model_defaults(u.step))
        out.append(st)
    return out + waiting_groups


def _table_problem(exc: WorkbenchError) -> str:
    msg = exc.message
    if "which was not built" in msg and "table '" in msg:
        name = msg.split("table '", 1)[1].split("'", 1)[0]
        return f"table '{name}' is not built yet"
    return exc.format()


def _foreach_placeholders(pipeline, step_ids, editions, why: str) -> list[UnitStatus]:
    """One 'waits' entry per foreach step and edition whose values cannot be listed yet."""
    out = []
    for sid in step_ids:
        step = pipeline.steps[sid]
        if step.foreach:
            for ed in editions:
                out.append(UnitStatus(f"{ed.name}/{sid}/*", sid, ed.name, "waits", [why]))
    return out


def counts(statuses: list[UnitStatus]) -> dict[str, int]:
    return {s: sum(u.state == s for u in statuses) for s in STATES}


def summary_lines(statuses: list[UnitStatus], most_reasons: int = 4) -> list[str]:
    """One line per unit; a foreach step's units as one line per edition with its reasons counted."""
    lines: list[str] = []
    groups: dict[str, list[UnitStatus]] = {}
    for st in statuses:
        if st.foreach is not None:
            groups.setdefault(st.key.rsplit("/", 1)[0], []).append(st)
        else:
            lines.append(_line(st.key, LABELS[st.state], st.reasons, most_reasons))
    for group, items in groups.items():
        c = counts(items)
        label = ", ".join(f"{n} {LABELS[s]}" for s, n in c.items() if n)
        tally: dict[str, int] = {}
        for st in items:
            for r in st.reasons:
                tally[r] = tally.get(r, 0) + 1
        reasons = [f"{r} ({n})" if n > 1 else r for r, n in sorted(tally.items(), key=lambda kv: -kv[1])]
        lines.append(_line(f"{group} ({len(items)})", label, reasons, most_reasons))
    return lines


def step_line(items: list[UnitStatus], most: int = 3) -> str:
    """One step's status for `workbench list`: 'up to date', or 'stale (2 of 2): params top_n 10→7 (2)'."""
    if not items:
        return "not selected"
    c = counts(items)
    tally: dict[str, int] = {}
    for st in items:
        for r in st.reasons:
            tally[r] = tally.get(r, 0) + 1
    reasons = [("never run" if r == "new" else r) + (f" ({n})" if n > 1 else "")
               for r, n in sorted(tally.items(), key=lambda kv: -kv[1])]
    more = f"; … {len(reasons) - most} more" if len(reasons) > most else ""
    why = (": " + "; ".join(reasons[:most]) + more) if reasons else ""
    if c["stale"]:
        return f"stale ({c['stale']} of {len(items)}){why}"
    if c["waits"]:
        return f"after data{why}"
    return "up to date"


def _line(key: str, label: str, reasons: list[str], most: int) -> str:
    text = f"  {key:<40} {label:<11}"
    if reasons == ["new"]:
        reasons = ["never run"]
    if reasons:
        shown = reasons[:most] + ([f"… {len(reasons) - most} more"] if len(reasons) > most else [])
        text += ("  changed: " if label == LABELS["stale"] and reasons != ["never run"] else "  ") + "; ".join(shown)
    return text.rstrip()


def as_json(statuses: list[UnitStatus]) -> str:
    return json.dumps({"root": str(paths.root()), "counts": counts(statuses),
                       "units": [asdict(s) for s in statuses]}, ensure_ascii=False, indent=1, default=str)


def print_status(statuses: list[UnitStatus], echo=print) -> None:
    for line in summary_lines(statuses):
        echo(line)
    c = counts(statuses)
    echo(f"{c['stale']} of {len(statuses)} would run" + (f", {c['waits']} after the data step" if c["waits"] else "")
         + " (nothing was run)")
