"""`workbench new report NAME`: in a temporary copy of the project, the scaffold writes a report package,
its notebook, its pipeline step and its test; the new step renders in both languages, its catalogue is
complete and spelled, its own test passes; bad names are refused in one line."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from spelling_check import available, unknown_words

from analysis.i18n import Catalogue
from analysis.pipeline import scaffold

REPO = Path(__file__).resolve().parents[1]


def workbench(project: Path, *args, timeout=900):
    env = {**os.environ, "PYTHONPATH": str(project / "src")}  # the copy's package, in the kernels too
    env.pop("WORKBENCH_ROOT", None)  # found from the working directory, as a user's shell would
    return subprocess.run([sys.executable, "-c", "import sys; from analysis.cli import main; sys.exit(main())",
                           *args], cwd=project, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def project(built_root, tmp_path):
    """A copy of the project with the session's built tables."""
    root = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for part in ("src", "notebooks", "params", "tests"):
        shutil.copytree(REPO / part, root / part, ignore=ignore)
    shutil.copy(REPO / "pipeline.yaml", root / "pipeline.yaml")
    shutil.copytree(built_root / "data", root / "data")
    return root


def test_new_report_scaffolds_renders_and_passes_its_test(project):
    done = workbench(project, "new", "report", "it_staff")
    assert done.returncode == 0, done.stderr
    package = project / "src" / "analysis" / "reports" / "it_staff"
    assert sorted(p.name for p in package.iterdir()) == ["__init__.py", "compute.py", "page.py", "params.py",
                                                         "text.yaml"]
    notebooks = sorted(p.name for p in (project / "notebooks").glob("[0-9][0-9]_*.py"))
    assert notebooks[-1] == "08_it_staff.py"
    steps = {s["id"]: s for s in yaml.safe_load((project / "pipeline.yaml").read_text("utf-8"))["steps"]}
    assert steps["it_staff"] == {"id": "it_staff", "title": "It staff", "notebook": "notebooks/08_it_staff.py",
                                 "report": "it_staff", "depends_on": ["data"]}
    assert "# The pipeline" in (project / "pipeline.yaml").read_text("utf-8")  # its comments kept

    # every word in both languages, spelled, and asked for by the page
    cat = Catalogue(package / "text.yaml")
    code = (package / "page.py").read_text("utf-8")
    assert [k for k in cat.keys() if f'"{k}"' not in code] == []
    if available():
        for lang in ("da", "en"):
            words = [v for e in cat.entries.values() for item in (e.values() if Catalogue.is_table(e) else [e])
                     for v in (item[lang] if isinstance(item[lang], list) else [item[lang]])]
            assert unknown_words("\n".join(words), lang) == []

    run = workbench(project, "run", "--only", "it_staff")
    assert run.returncode == 0, run.stdout + run.stderr
    for lang in ("en", "da"):
        assert (project / "reports" / lang / "it_staff.html").stat().st_size > 1000
        findings = json.loads((project / "reports" / lang / "it_staff_files" / "findings.json").read_text("utf-8"))
        assert findings["findings"][0]["id"] == "latest" and findings["findings"][0]["value"] > 0
    assert "Hele landet" in (project / "reports" / "da" / "it_staff.html").read_text("utf-8")

    test = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/reports/it_staff/test_it_staff.py"], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(project / "src")}, timeout=900)
    assert test.returncode == 0, test.stdout[-3000:]
    assert "2 passed" in test.stdout


@pytest.mark.parametrize("args, message", [
    (["It-Staff"], "report name 'It-Staff' is not usable as a package name"),
    (["spend"], "report name 'spend' is taken"),
    (["it_staff", "--table", "dk_popultion"], "unknown table 'dk_popultion' (did you mean: dk_population?)"),
    (["it_staff", "--table", "catalogue_facts"], "table 'catalogue_facts' has no column"),
])
def test_bad_names_and_tables_are_one_line_errors_and_write_nothing(project, args, message):
    before = (project / "pipeline.yaml").read_text("utf-8")
    done = workbench(project, "new", "report", *args, timeout=300)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert (project / "pipeline.yaml").read_text("utf-8") == before
    assert not (project / "src" / "analysis" / "reports" / "it_staff").exists()


def test_the_new_notebook_takes_the_next_free_number(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for name in ("01_a.py", "07_b.py", "dashboard.ipynb"):
        (tmp_path / "notebooks" / name).write_text("", encoding="utf-8")
    assert scaffold.next_notebook(tmp_path, "x").name == "08_x.py"
    step = scaffold.pipeline_step("x", "X", tmp_path / "notebooks" / "08_x.py", tmp_path)
    assert yaml.safe_load("steps:" + step)["steps"] == [{"id": "x", "title": "X", "notebook": "notebooks/08_x.py",
                                                         "report": "x", "depends_on": ["data"]}]
