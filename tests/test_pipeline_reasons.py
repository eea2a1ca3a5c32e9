"""Why a unit reruns, in words: each changed input is named, parameters with their old and new values."""
from __future__ import annotations

from analysis.pipeline import reasons


def entry(**inputs):
    return {"status": "ok", "inputs": inputs, "values": {"top_n": 10}, "outputs": []}


def test_each_kind_of_input_is_named():
    old = entry(params="p1", notebook="n1", render="r1", raw="w1", tables={"dk_population": "h1"},
                modules={"analysis.report": "m1"}, packages={"pandas": "2.2.0"})
    new = {"params": "p2", "notebook": "n2", "render": "r2", "raw": "w2", "tables": {"dk_population": "h2",
           "dk_regk31": "h3"}, "modules": {}, "packages": {"pandas": "2.2.3"}}
    why = reasons.describe_changes(old, new, {"top_n": 7}, "notebooks/01_it_spend.py")
    assert why == ["params top_n 10→7", "notebook notebooks/01_it_spend.py", "renderer", "data/raw snapshots",
                   "table dk_population", "table dk_regk31 (new)", "module analysis.report (no longer imported)",
                   "package pandas 2.2.0→2.2.3"]


def test_new_failed_and_missing_output():
    assert reasons.describe_changes(None, {"params": "p"}) == ["new"]
    failed = {**entry(params="p"), "status": "failed"}
    assert reasons.describe_changes(failed, {"params": "p"}) == ["last run failed"]
    gone = {**entry(params="p"), "outputs": ["reports/en/nowhere.html"]}
    assert reasons.describe_changes(gone, {"params": "p"}) == ["output missing: reports/en/nowhere.html"]


def test_a_value_back_at_its_default_and_the_run_note():
    assert reasons.param_changes({"top_n": 7}, {}, True, {"top_n": 10}) == ["params top_n 7→10"]
    assert reasons.run_note(["new"]) == "new"
    assert reasons.run_note(["a", "b", "c", "d", "e", "f"]) == "changed: a; b; c; d; … 2 more"
