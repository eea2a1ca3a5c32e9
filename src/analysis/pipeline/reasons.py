"""Why a unit reruns, in words: each changed input named (the parameter with its old and new value, the
table, the module, the package with its versions, the notebook or the renderer). Used by the run line and by
`workbench status`."""
from __future__ import annotations

import json
from typing import Any

from analysis import paths
from analysis.errors import WorkbenchError


def _short(value: Any) -> str:
    if value is None:
        return "none"
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"


def param_changes(old: dict[str, Any] | None, new: dict[str, Any], complete: bool,
                  defaults: dict[str, Any] | None = None) -> list[str]:
    """'params top_n 10→7' for each value that differs; `complete` says old lists every value set (not only
    the validated ones), so a name missing from it was at its default (shown when `defaults` has it)."""
    old, defaults = old or {}, defaults or {}
    names = sorted(set(new) | (set(old) if complete else set()))
    out = []
    for name in names:
        if name not in old and not complete:
            continue
        before = old.get(name, defaults.get(name, "(default)"))
        after = new.get(name, defaults.get(name, "(default)"))
        if before != after:
            out.append(f"params {name} {_short(before)}→{_short(after)}")
    return out


def model_defaults(step) -> dict[str, Any]:
    """The default of each parameter of a step's model ({} when the model cannot be imported)."""
    try:
        fields = step.model_class().model_fields
    except WorkbenchError:
        return {}
    return {name: f.get_default(call_default_factory=True) for name, f in fields.items()}


def describe_changes(entry: dict[str, Any] | None, inputs: dict[str, Any], values: dict[str, Any] | None = None,
                     notebook: str | None = None, defaults: dict[str, Any] | None = None) -> list[str]:
    """Why a unit reruns, one phrase per changed input; ['new'] when it never ran."""
    if not entry or "inputs" not in entry:
        return ["new"]
    old_inputs = entry["inputs"]
    out: list[str] = []
    for name, value in inputs.items():
        old = old_inputs.get(name)
        if value == old:
            continue
        if name == "params":
            complete = "values" in entry
            found = param_changes(entry.get("values", entry.get("params")), values or {}, complete, defaults)
            out += found or ["params"]
        elif name == "notebook":
            out.append(f"notebook {notebook}" if notebook else "notebook")
        elif name == "render":
            out.append("renderer")
        elif name == "raw":
            out.append("data/raw snapshots")
        elif isinstance(value, dict) and isinstance(old, dict):
            kind = {"modules": "module", "tables": "table", "packages": "package"}.get(name, name)
            for k in sorted(set(value) | set(old)):
                if value.get(k) == old.get(k):
                    continue
                if kind == "package":
                    out.append(f"package {k} {old.get(k, 'absent')}→{value.get(k, 'absent')}")
                elif k not in old:
                    out.append(f"{kind} {k} (new)")
                elif k not in value:
                    gone = "no longer read" if kind == "table" else "no longer imported"
                    out.append(f"{kind} {k} ({gone})")
                else:
                    out.append(f"{kind} {k}")
        else:
            out.append(name)
    if entry.get("status") != "ok":
        out.insert(0, f"last run {entry.get('status')}")
    if not out:
        missing = [o for o in entry.get("outputs", []) if not (paths.root() / o).exists()]
        out = [f"output missing: {missing[0]}"] if missing else []
    return out


def run_note(why: list[str], most: int = 4) -> str:
    """The note on a run line: 'changed: params top_n 10→7; table dk_population', or 'new'."""
    if why == ["new"]:
        return "new"
    return "changed: " + "; ".join(why[:most]) + (f"; … {len(why) - most} more" if len(why) > most else "")
