"""Parameters and names: one canonical municipality per report, values refused before any kernel starts,
edition names and parameter files checked (real pipeline and real processed tables; no kernel is started)."""
from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from analysis.errors import ParameterError, PipelineError
from analysis.pipeline import paramsets, plan, publish, run, spec

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(built_root, tmp_path, monkeypatch) -> Path:
    """The real pipeline, notebooks and editions over the session's built tables, with its own reports/."""
    root = tmp_path / "wb"
    root.mkdir()
    for name in ("pipeline.yaml", "notebooks", "params"):
        (root / name).symlink_to(REPO / name)
    (root / "data").symlink_to(built_root / "data")
    monkeypatch.setenv("WORKBENCH_ROOT", str(root))
    return root


def planned(sets: list[str], only: list[str], params: str = "params/en.yaml") -> run.Runner:
    """Plan as `workbench run` does, expand foreach steps and derive every stale unit (all before kernels)."""
    pipeline = spec.load()
    editions = [paramsets.load_edition(REPO / params, pipeline)]
    parsed = paramsets.parse_sets(sets, pipeline)
    ids = plan.select_steps(pipeline, only)
    units = [u for u in plan.plan(pipeline, editions, parsed, ids, foreach=False) if not u.step.call]
    runner = run.Runner(pipeline, units, force=True, jobs=1, editions=editions, sets=parsed, wanted=ids)
    runner.add_foreach_units()
    runner.units = [u for u in runner.units if not u.step.call]
    runner.prevalidate({})
    return runner


NFD_TAARNBY = unicodedata.normalize("NFD", "Tårnby")


@pytest.mark.parametrize("value, key", [("101", "en/profiles/koebenhavn"), ("'101'", "en/profiles/koebenhavn"),
                                        ("Copenhagen", "en/profiles/koebenhavn"),
                                        (NFD_TAARNBY, "en/profiles/taarnby"), ("Tårnby", "en/profiles/taarnby")])
def test_a_code_or_variant_names_the_one_canonical_profile(project, value, key):
    assert NFD_TAARNBY != "Tårnby"
    runner = planned([f"municipality={value}"], ["profiles"])
    (unit,) = runner.units
    assert unit.key == key
    assert unit.stem == key.replace("en/profiles/", "profiles/en/")
    assert unit.values["municipality"] == {"koebenhavn": "København", "taarnby": "Tårnby"}[key.rsplit("/", 1)[1]]


def test_a_code_in_a_parameter_file_is_text(project, tmp_path):
    pipeline = spec.load()
    step = pipeline.steps["scenarios"]
    ed = paramsets.Edition(name="x", path=None, values={"municipality": 101})
    assert paramsets.step_values(step, ed, [])["municipality"] == "101"
    (parsed,) = paramsets.parse_sets(["municipality=0101"], pipeline)
    assert parsed[2] == "0101"  # not YAML 1.1's octal 65


@pytest.mark.parametrize("sets, only, names, valid", [
    (["countries=['DK','<img src=x onerror=alert(9)>']"], ["initiatives"], "parameter 'countries'",
     "DE, DK, EE, FI, NL, NO, SE"),
    (["cooperation_year=2003"], ["partnerships"], "parameter 'cooperation_year'", "(valid: 2004)"),
    (["year_from=2020", "year_to=2018"], ["spend"], "parameters 'year_from' and 'year_to'", "2020"),
])
def test_values_that_would_fail_in_the_notebook_are_refused_before_any_kernel(project, sets, only, names, valid):
    with pytest.raises(ParameterError) as exc:
        planned(sets, only)
    text = exc.value.format()
    assert names in text and valid in text and "?" not in text.split(":")[0]


def workbench(root: Path, *args: str) -> subprocess.CompletedProcess:
    import os
    return subprocess.run([sys.executable, "-m", "analysis.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "WORKBENCH_ROOT": str(root)}, timeout=120)


def one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return lines[0]


@pytest.mark.parametrize("name, content, expect", [
    ("...yaml", b"lang: en\n", "edition name '..'"),
    ("../x.yaml", b"lang: en\n", None),
    ("en da.yaml", b"lang: en\n", "edition name 'en da'"),
    ("latin1.yaml", "lang: en\n# Tårnby\n".encode("latin-1"), "not UTF-8"),
    ("folder.yaml", None, "is a folder"),
])
def test_parameter_files_and_edition_names_are_checked(project, tmp_path, name, content, expect):
    target = tmp_path / "p" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        target.mkdir()
    else:
        target.write_bytes(content)
    if expect is None:  # a plain name in another folder is fine: its reports still land under reports/x/
        assert paramsets.load_edition(target, spec.load()).name == "x"
        return
    line = one_line(workbench(project, "run", "--params", str(target), "--only", "spend"))
    assert expect in line and name.rstrip("/") in line
    assert not (project / "reports" / "spend.html").exists() and not (project / "spend.html").exists()


def test_output_paths_must_stay_under_reports(project):
    reports = project / "reports"
    assert publish.inside(reports / "en" / "spend") == reports / "en" / "spend"
    for bad in (reports / ".." / "spend", reports / "en" / ".." / ".." / "x", reports):
        with pytest.raises(PipelineError, match="outside reports/"):
            publish.inside(bad)
