"""Incremental, never stale, and safe on failure: the runner on made-up notebooks over the real shipped data.

The notebooks here are test notebooks (made up); the tables they read are the real processed tables.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import kernel_children

from analysis.data import snapshot
from analysis.pipeline import kernels, run, state

REPO = Path(__file__).resolve().parents[1]

COUNT_NB = '''\
# %% tags=["parameters"]
threshold = 10
# %%
from pipeline_testmodels import CountParams
P = CountParams.from_namespace(globals())
from analysis.data import tables
from analysis.errors import DataError
df = tables.load("dk_municipalities")
print("municipalities above threshold:", int((df["population"] > P.threshold * 1000).sum()))
'''

LABEL_NB = '''\
# %% tags=["parameters"]
label = "egdi"
mode = "fast"
# %%
from pipeline_testmodels import LabelParams
P = LabelParams.from_namespace(globals())
from analysis import i18n
from analysis.data import tables
df = tables.load("un_egov_egdi")
print(P.label, i18n.fmt_number(len(df), P.lang))
'''

FAIL_NB = '''\
# %% tags=["parameters"]
fail = False
# %%
if fail:
    raise ValueError("made-up failure for the test")
print("fine")
'''

PIPELINE = """
editions: [params/en.yaml]
steps:
  - id: data
    call: analysis.data.build:build_all
    reads: [data/raw]
    writes: [data/processed]
  - id: count
    title: Count
    notebook: notebooks/01_count.py
    model: pipeline_testmodels:CountParams
    depends_on: [data]
    tables: [dk_municipalities]
  - id: label
    title: Label
    notebook: notebooks/02_label.py
    model: pipeline_testmodels:LabelParams
    depends_on: [data]
    tables: [un_egov_egdi]
  - id: fragile
    title: Fragile
    notebook: notebooks/03_fragile.py
    model: pipeline_testmodels:FailParams
    depends_on: [data]
    tables: [dk_municipalities]
  - id: after
    title: After fragile
    notebook: notebooks/04_after.py
    model: pipeline_testmodels:FailParams
    depends_on: [fragile]
    tables: [dk_municipalities]
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A temporary project over a copy of the real data/raw; one first run shared by the tests in order."""
    root = tmp_path_factory.mktemp("proj")
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    (root / "notebooks").mkdir()
    (root / "params").mkdir()
    (root / "notebooks" / "01_count.py").write_text(COUNT_NB)
    (root / "notebooks" / "02_label.py").write_text(LABEL_NB)
    (root / "notebooks" / "03_fragile.py").write_text(FAIL_NB)
    (root / "notebooks" / "04_after.py").write_text(FAIL_NB)
    (root / "params" / "en.yaml").write_text("lang: en\n")
    (root / "pipeline.yaml").write_text(PIPELINE)
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBENCH_ROOT", str(root))
    mp.setenv("PYTHONPATH", str(Path(__file__).parent))
    first = run.run(jobs=2)
    yield root, first
    mp.undo()


def statuses(result) -> dict[str, str]:
    return {o.unit.key: o.status for o in result.outcomes}


def test_first_run_builds_everything(project):
    root, first = project
    assert statuses(first) == {"data": "ok", "en/count": "ok", "en/label": "ok", "en/fragile": "ok",
                               "en/after": "ok"}
    for stem in ("en/count", "en/label"):
        html = (root / "reports" / f"{stem}.html").read_text()
        assert "<html" in html and "Traceback" not in html
        assert (root / "reports" / f"{stem}.pdf").read_bytes()[:5] == b"%PDF-"
        assert (root / "reports" / f"{stem}_files" / "index.html").exists()  # the "Data" link lists the files
    manifest = json.loads((root / "reports" / "run.json").read_text())
    unit = manifest["units"]["en/count"]
    assert set(unit["inputs"]) == {"notebook", "params", "modules", "tables", "packages", "render"}
    assert "analysis.data.tables" in unit["inputs"]["modules"]
    assert len(unit["cell_seconds"]) >= 2 and unit["params"]["threshold"] == 10
    assert (root / "reports" / "index.html").exists()


def test_nothing_changed_reruns_nothing(project):
    again = run.run(jobs=2)
    assert set(statuses(again).values()) == {"fresh"}


def test_nothing_changed_reads_no_snapshot_and_hashes_the_renderer_once(project, monkeypatch):
    """A run with nothing to do (issue 16: at most 0.3 s) does not check the snapshots again: the data step's
    inputs hash every raw file and sidecar, and only a build whose snapshots passed recorded them; the
    renderer's hash is taken once for all units, not once a unit; git is not asked for the commit."""
    verified, rendered, asked, started = [], [], [], []
    monkeypatch.setattr(kernels.KernelPool, "prestart", lambda *a, **k: started.append(1))
    monkeypatch.setattr(snapshot, "verify_all", lambda *a, **k: verified.append(1) or [])
    monkeypatch.setattr(run, "git_commit", lambda: asked.append(1) or "")
    real_render_hash = state.render_hash
    monkeypatch.setattr(state, "render_hash", lambda: rendered.append(1) or real_render_hash())
    again = run.run(jobs=2)
    assert set(statuses(again).values()) == {"fresh"}
    assert verified == [] and len(rendered) == 1 and asked == [] and started == []


def test_a_run_that_builds_the_data_starts_its_kernels_meanwhile(project, monkeypatch):
    """The kernels boot while the runner checks the snapshots and builds the tables (issue 16: a fresh clone's
    first seconds used one core); the notebooks then run in those kernels."""
    seen, real = [], run.Runner.run_data

    def spy(self, unit):
        seen.append(self.early_pool is not None and self.early_pool._started == self.jobs)
        return real(self, unit)

    monkeypatch.setattr(run.Runner, "run_data", spy)
    forced = run.run(jobs=2, force=True)
    assert seen == [True] and set(statuses(forced).values()) == {"ok"}


def test_a_snapshot_changed_after_a_fresh_run_is_still_refused(project):
    """The shortcut above never hides a change: a raw file edited without its sidecar fails the check."""
    from analysis.errors import DataError

    root, _ = project
    raw = next(p for p in (root / "data" / "raw").rglob("un_egov_egdi.csv"))
    good = raw.read_bytes()
    raw.write_bytes(good + b"made-up row for the test\n")
    try:
        with pytest.raises(DataError, match="fail verification"):
            run.run(jobs=2)
        assert kernel_children() == []  # the kernels started meanwhile are stopped
    finally:
        raw.write_bytes(good)
    assert set(statuses(run.run(jobs=2)).values()) == {"fresh"}


def test_parameter_change_reruns_only_that_step(project):
    changed = run.run(sets=["threshold=50"], jobs=2)
    assert statuses(changed) == {"data": "fresh", "en/count": "ok", "en/label": "fresh", "en/fragile": "fresh",
                                 "en/after": "fresh"}
    root, _ = project
    manifest = json.loads((root / "reports" / "run.json").read_text())
    assert manifest["units"]["en/count"]["params"]["threshold"] == 50
    back = run.run(jobs=2)
    assert statuses(back)["en/count"] == "ok" and statuses(back)["en/label"] == "fresh"


def test_notebook_change_reruns_only_that_step(project):
    root, _ = project
    nb = root / "notebooks" / "02_label.py"
    nb.write_text(nb.read_text() + "print('one more line')\n")
    changed = run.run(jobs=2)
    assert statuses(changed) == {"data": "fresh", "en/count": "fresh", "en/label": "ok", "en/fragile": "fresh",
                                 "en/after": "fresh"}


def test_data_change_reruns_data_and_the_steps_reading_it(project):
    root, _ = project
    raw = next(p for p in (root / "data" / "raw").rglob("un_egov_egdi.csv"))
    meta_path = snapshot.sidecar_path(raw)
    lines = raw.read_text(encoding="utf-8").splitlines(keepends=True)
    raw.write_text("".join(lines[:-1]), encoding="utf-8")  # drop the last row: a changed snapshot
    meta = json.loads(meta_path.read_text())
    meta["sha256"] = hashlib.sha256(raw.read_bytes()).hexdigest()
    meta["rows"] = meta["rows"] - 1
    meta_path.write_text(json.dumps(meta, indent=2))
    changed = run.run(jobs=2)
    assert statuses(changed) == {"data": "ok", "en/count": "fresh", "en/label": "ok", "en/fragile": "fresh",
                                 "en/after": "fresh"}


def test_failure_keeps_last_good_report_and_stops_only_dependents(project):
    root, _ = project
    html = root / "reports" / "en" / "fragile.html"
    before = html.read_bytes()
    index_before = (root / "reports" / "index.html").read_bytes()
    after = root / "notebooks" / "04_after.py"
    after.write_text(after.read_text() + "print('changed, so it is due to run')\n")
    result = run.run(sets=["fragile.fail=true"], jobs=2)
    st = statuses(result)
    assert st["en/fragile"] == "failed" and st["en/after"] == "skipped"
    assert st["en/count"] == "fresh" and st["en/label"] == "fresh"
    failed = next(o for o in result.outcomes if o.status == "failed")
    assert "03_fragile.py cell" in failed.message and "ValueError: made-up failure" in failed.message
    assert (root / "reports" / "_failed" / "en-fragile.ipynb").exists()
    assert html.read_bytes() == before
    assert (root / "reports" / "index.html").read_bytes() == index_before
    assert not list((root / "reports" / ".staging").glob("*"))


def test_force_reruns_everything(project):
    forced = run.run(force=True, jobs=2)
    assert set(statuses(forced).values()) == {"ok"}


def test_a_module_closure_is_reused_until_a_file_it_hashed_changes(monkeypatch, tmp_path):
    """A run asks for the same closures dozens of times; the answer is kept, and checked against every file it
    hashed (a changed word catalogue or module is seen at once), per package folder."""
    copy = tmp_path / "analysis"
    shutil.copytree(state.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    first = state.module_closure("import analysis.i18n")
    monkeypatch.setattr(state, "PACKAGE_ROOT", copy)
    again = state.module_closure("import analysis.i18n")
    assert again == first and (str(copy), "import analysis.i18n") in state._CLOSURES
    assert state.module_closure("import analysis.i18n") == again
    (copy / "i18n.py").write_text((copy / "i18n.py").read_text() + "\n# changed\n")
    changed = state.module_closure("import analysis.i18n")
    assert changed["analysis.i18n"] != first["analysis.i18n"]
    assert {k: v for k, v in changed.items() if k != "analysis.i18n"} == \
        {k: v for k, v in first.items() if k != "analysis.i18n"}
    house = copy / "house.yaml"
    house.write_text(house.read_text() + "\n# changed\n")
    assert state.module_closure("import analysis.i18n")["analysis:house.yaml"] != first["analysis:house.yaml"]


def test_source_module_change_reruns_only_importers(project, monkeypatch, tmp_path):
    """Last in the file: it leaves the manifest recording hashes of a patched copy of the package."""
    copy = tmp_path / "analysis"
    shutil.copytree(state.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(state, "PACKAGE_ROOT", copy)
    assert set(statuses(run.run(jobs=2)).values()) == {"fresh"}
    (copy / "i18n.py").write_text((copy / "i18n.py").read_text() + "\n# changed\n")
    changed = run.run(jobs=2)
    assert statuses(changed) == {"data": "fresh", "en/count": "fresh", "en/label": "ok", "en/fragile": "fresh",
                                 "en/after": "fresh"}
