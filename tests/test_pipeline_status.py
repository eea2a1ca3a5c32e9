"""`workbench status` / `run --dry-run` name what changed (parameter old→new, notebook, table, module, package,
renderer) without running anything; --only is repeatable, --downstream adds what follows; --version,
`python -m analysis`, shell completion.

The notebooks here are made-up test notebooks; the tables they read are the real processed tables.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli
from analysis.pipeline import run, state, status

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from test_pipeline_run import COUNT_NB, FAIL_NB, LABEL_NB  # noqa: E402

PIPELINE = """
editions: [params/en.yaml]
steps:
  - id: data
    call: analysis.data.build:build_all
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
  - id: after
    title: After count
    notebook: notebooks/03_after.py
    model: pipeline_testmodels:FailParams
    depends_on: [count]
    tables: [dk_municipalities]
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A fresh project (nothing built, never run); the first test runs it once."""
    root = tmp_path_factory.mktemp("status")
    shutil.copytree(REPO / "data" / "raw", root / "data" / "raw")
    (root / "notebooks").mkdir()
    (root / "params").mkdir()
    (root / "notebooks" / "01_count.py").write_text(COUNT_NB)
    (root / "notebooks" / "02_label.py").write_text(LABEL_NB)
    (root / "notebooks" / "03_after.py").write_text(FAIL_NB)
    (root / "params" / "en.yaml").write_text("lang: en\nsteps:\n  count:\n    threshold: 10\n")
    (root / "pipeline.yaml").write_text(PIPELINE)
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBENCH_ROOT", str(root))
    mp.setenv("PYTHONPATH", str(Path(__file__).parent))
    yield root
    mp.undo()


def by_key(statuses) -> dict[str, status.UnitStatus]:
    return {s.key: s for s in statuses}


def cli_json(capsys, *args) -> dict:
    capsys.readouterr()
    assert cli.main(["status", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_fresh_clone_says_the_data_step_builds_first(project, capsys):
    assert not (project / "data" / "processed").exists()
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "data" in out and "never run" in out
    assert "en/count" in out and "the data step builds first; table 'dk_municipalities' is not built yet" in out
    assert "1 of 4 would run, 3 after the data step (nothing was run)" in out
    assert not (project / "data" / "processed").exists() and not (project / "reports").exists()
    assert cli.main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "  status: stale (1 of 1): never run" in listed
    assert "  status: after data: the data step builds first; table 'dk_municipalities' is not built yet" in listed
    first = run.run(jobs=2)
    assert first.ok


def test_nothing_changed_is_all_up_to_date(project, capsys):
    data = cli_json(capsys)
    assert data["counts"] == {"fresh": 4, "stale": 0, "waits": 0}
    assert cli.main(["list"]) == 0
    assert capsys.readouterr().out.count("status: up to date") == 4


def test_parameter_change_names_old_and_new_value(project, capsys):
    data = cli_json(capsys, "--set", "threshold=7", "--set", "label.mode=full", "--publish")
    units = {u["key"]: u for u in data["units"]}
    assert units["en/count"]["reasons"] == ["params threshold 10→7"]
    assert units["en/label"]["reasons"] == ["params mode fast→full"]  # the model's default, then the --set value
    assert units["en/after"]["state"] == "fresh" and units["data"]["state"] == "fresh"
    # without --publish the same run is a variant, compared with the edition it departs from
    units = {u["key"]: u for u in cli_json(capsys, "--set", "threshold=7")["units"]}
    assert units["variants/threshold-7/en/count"]["reasons"] == ["params threshold 10→7"]
    assert units["variants/threshold-7/en/count"]["variant"] == "threshold-7"
    assert units["en/label"]["state"] == "fresh" and "en/count" not in units
    manifest = (project / "reports" / "run.json").read_bytes()
    report = (project / "reports" / "en" / "count.html").read_bytes()
    assert cli.main(["run", "--dry-run", "--set", "threshold=7"]) == 0
    assert "variants/threshold-7/en/count" in (out := capsys.readouterr().out)
    assert "changed: params threshold 10→7" in out
    assert (project / "reports" / "run.json").read_bytes() == manifest, "a dry run must not run"
    assert (project / "reports" / "en" / "count.html").read_bytes() == report


def test_run_line_names_the_changed_parameter(project):
    result = run.run(sets=["threshold=7"], jobs=1)
    note = {o.unit.key: o.message for o in result.outcomes}
    assert note["en/count"] == "changed: params threshold 10→7"
    back = run.run(jobs=1)
    assert {o.unit.key: o.message for o in back.outcomes}["en/count"] == "changed: params threshold 7→10"


def test_notebook_change_is_named(project):
    nb = project / "notebooks" / "02_label.py"
    before = nb.read_text()
    nb.write_text(before + "print('one more line')\n")
    try:
        st = by_key(status.unit_statuses())
        assert st["en/label"].reasons == ["notebook notebooks/02_label.py"]
        assert st["en/count"].state == "fresh"
    finally:
        nb.write_text(before)
    assert by_key(status.unit_statuses())["en/label"].state == "fresh"


def test_table_change_is_named(project):
    table = project / "data" / "processed" / "un_egov_egdi.parquet"
    saved = table.read_bytes()
    df = pd.read_parquet(table)
    df.iloc[:-1].to_parquet(table)
    try:
        st = by_key(status.unit_statuses())
        assert st["en/label"].reasons == ["table un_egov_egdi"]
        assert st["en/count"].state == "fresh" and st["data"].state == "fresh"
    finally:
        table.write_bytes(saved)


def test_module_change_is_named(project, monkeypatch, tmp_path):
    copy = tmp_path / "analysis"
    shutil.copytree(state.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(state, "PACKAGE_ROOT", copy)
    (copy / "i18n.py").write_text((copy / "i18n.py").read_text() + "\n# changed\n")
    st = by_key(status.unit_statuses())
    assert st["en/label"].reasons == ["module analysis.i18n"]
    assert st["en/count"].state == "fresh"


def test_package_and_renderer_changes_are_named(project, monkeypatch):
    real = state.package_versions()
    monkeypatch.setattr(state, "package_versions", lambda: {**real, "pandas": "9.9.9"})
    st = by_key(status.unit_statuses())
    for key in ("data", "en/count", "en/label", "en/after"):
        assert st[key].reasons == [f"package pandas {real['pandas']}→9.9.9"], key
    monkeypatch.setattr(state, "package_versions", lambda: real)
    monkeypatch.setattr(state, "render_hash", lambda: "0" * 64)
    st = by_key(status.unit_statuses())
    assert st["en/count"].reasons == ["renderer"] and st["data"].state == "fresh"


def test_only_is_repeatable_and_downstream_adds_what_follows(project, capsys):
    args = cli.build_parser().parse_args(["run", "--only", "count", "--only", "label"])
    assert args.only == ["count", "label"]
    keys = [u["key"] for u in cli_json(capsys, "--only", "count", "--only", "label")["units"]]
    assert keys == ["data", "en/count", "en/label"]
    keys = [u["key"] for u in cli_json(capsys, "--only", "count", "--downstream")["units"]]
    assert keys == ["data", "en/count", "en/after"]
    keys = [u["key"] for u in cli_json(capsys, "--only", "02_label.py", "--downstream")["units"]]
    assert keys == ["data", "en/label"]
    assert cli.main(["status", "--downstream"]) == 2
    assert "--downstream needs --only STEP" in capsys.readouterr().err


def test_version_module_entry_and_completion(tmp_path):
    from importlib import metadata

    expected = f"workbench {metadata.version('muni-it-workbench')}"
    for cmd in ([str(Path(sys.executable).with_name("workbench")), "--version"],
                [sys.executable, "-m", "analysis", "--version"]):
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and out.stdout.strip() == expected, out
    script = subprocess.run([sys.executable, "-m", "analysis", "completion", "bash"], capture_output=True,
                            text=True, timeout=60, check=True).stdout
    (tmp_path / "workbench.bash").write_text(script)
    probe = ('source "$1"; complete_at() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _shtab_workbench; '
             'printf "%s\\n" "${COMPREPLY[@]}"; }; complete_at workbench st; echo --; complete_at workbench run --do')
    done = subprocess.run(["bash", "-c", probe, "probe", str(tmp_path / "workbench.bash")], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.split("--\n")
    assert first.split() == ["status"] and second.split() == ["--downstream"]
