"""The pipeline file, parameter sets and --set: every user mistake is a one-line error naming what is valid."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analysis.errors import ParameterError, PipelineError
from analysis.pipeline import paramsets, plan, spec
from analysis.cli import main

NB = '# %% tags=["parameters"]\nthreshold = 10\n# %%\nprint(threshold)\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A tiny made-up project: two notebooks and a pipeline file (test data only)."""
    monkeypatch.setenv("WORKBENCH_ROOT", str(tmp_path))
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params").mkdir()
    (tmp_path / "notebooks" / "01_count.py").write_text(NB)
    (tmp_path / "notebooks" / "02_label.py").write_text(NB.replace("threshold = 10", "label = 'x'"))
    (tmp_path / "params" / "en.yaml").write_text("lang: en\n")

    def write(body: str) -> Path:
        p = tmp_path / "pipeline.yaml"
        p.write_text(textwrap.dedent(body))
        return p

    write("""
        editions: [params/en.yaml]
        steps:
          - id: count
            notebook: notebooks/01_count.py
            model: pipeline_testmodels:CountParams
          - id: label
            notebook: notebooks/02_label.py
            model: pipeline_testmodels:LabelParams
            depends_on: [count]
        """)
    return tmp_path, write


def test_order_puts_dependencies_first(project):
    p = spec.load()
    assert p.order() == ["count", "label"]
    assert p.descendants("count") == {"label"}


def test_cycle_is_named(project):
    _, write = project
    write("""
        steps:
          - {id: a, notebook: notebooks/01_count.py, depends_on: [b]}
          - {id: b, notebook: notebooks/02_label.py, depends_on: [a]}
        """)
    with pytest.raises(PipelineError, match=r"cycle: (a -> b -> a|b -> a -> b)"):
        spec.load()


def test_invalid_yaml_names_file_and_line(project):
    _, write = project
    write("steps:\n  - id: a\n    notebook: [unclosed\n")
    with pytest.raises(PipelineError) as e:
        spec.load()
    assert "pipeline.yaml" in str(e.value) and "not valid YAML: line" in str(e.value)


def test_missing_notebook_suggests_existing(project):
    _, write = project
    write("steps:\n  - {id: a, notebook: notebooks/01_cuont.py}\n")
    with pytest.raises(PipelineError, match=r"01_cuont.py' does not exist \(did you mean: notebooks/01_count.py"):
        spec.load()


def test_unknown_step_key_and_dependency(project):
    _, write = project
    write("steps:\n  - {id: a, notebook: notebooks/01_count.py, depend_on: [b]}\n")
    with pytest.raises(PipelineError, match="unknown key 'depend_on' \\(did you mean: depends_on"):
        spec.load()
    write("steps:\n  - {id: a, notebook: notebooks/01_count.py, depends_on: [cuont]}\n"
          "  - {id: count, notebook: notebooks/02_label.py}\n")
    with pytest.raises(PipelineError, match="unknown step 'cuont' \\(did you mean: count"):
        spec.load()


def test_notebook_not_in_pipeline(project):
    p = spec.load()
    with pytest.raises(PipelineError, match="'03_other.py' is not in the pipeline"):
        plan.select_steps(p, ["03_other.py"])
    assert plan.select_steps(p, ["02_label.py"]) == ["count", "label"]


def test_unknown_parameter_suggests_close_match(project):
    p = spec.load()
    with pytest.raises(ParameterError, match="unknown parameter 'treshold' \\(did you mean: threshold"):
        paramsets.parse_sets(["treshold=3"], p)


def test_wrong_type_and_range_say_what_is_valid(project):
    p = spec.load()
    ed = paramsets.load_edition(spec.paths.root() / "params/en.yaml", p)
    sets = paramsets.parse_sets(["threshold=many"], p)
    with pytest.raises(ParameterError, match="threshold.*valid integer"):
        plan.plan(p, [ed], sets, ["count"])
    sets = paramsets.parse_sets(["threshold=5000"], p)
    with pytest.raises(ParameterError, match="threshold.*less than or equal to 1000"):
        plan.plan(p, [ed], sets, ["count"])
    sets = paramsets.parse_sets(["label.mode=slow"], p)
    with pytest.raises(ParameterError, match="mode.*'fast' or 'full'"):
        plan.plan(p, [ed], sets, ["label"])


def test_parameter_file_errors(project):
    root, _ = project
    p = spec.load()
    bad = root / "params" / "bad.yaml"
    bad.write_text("lang: [en\n")
    with pytest.raises(PipelineError, match="bad.yaml: not valid YAML: line"):
        paramsets.load_edition(bad, p)
    bad.write_text("steps:\n  lable: {label: y}\n")
    with pytest.raises(ParameterError, match="unknown step 'lable' \\(did you mean: label"):
        paramsets.load_edition(bad, p)
    bad.write_text("lang: en\nthreshhold: 3\n")
    with pytest.raises(ParameterError, match="bad.yaml: unknown parameter 'threshhold'"):
        paramsets.load_edition(bad, p)


def test_set_values_reach_only_steps_that_have_them(project):
    p = spec.load()
    ed = paramsets.load_edition(spec.paths.root() / "params/en.yaml", p)
    sets = paramsets.parse_sets(["threshold=3", "label.label=abc"], p)
    units = {u.key: u for u in plan.plan(p, [ed], sets, p.order())}
    assert units["en/count"].values == {"lang": "en", "threshold": 3}
    assert units["en/label"].values == {"lang": "en", "label": "abc"}


def test_cli_prints_one_line_without_traceback(project, capsys):
    code = main(["run", "--set", "treshold=3"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "did you mean: threshold" in err


def test_list_shows_steps_params_and_status(project, capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "count:" in out and "[notebooks/01_count.py]" in out
    assert "param threshold: int = 10" in out
    assert "param mode: Literal['fast', 'full'] = 'fast'" in out
    assert "status: stale (1 of 1)" in out


def test_clean_removes_outputs_never_raw(project, capsys):
    root, _ = project
    for rel in ("reports/en/x.html", "data/processed/t.parquet", "data/raw/pub/ds/f.csv"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("made-up test content")
    assert main(["clean"]) == 0
    assert not (root / "reports" / "en").exists() and not (root / "data/processed/t.parquet").exists()
    assert (root / "data/raw/pub/ds/f.csv").exists()


def test_bad_jobs_and_only_are_one_line_errors(project, capsys):
    assert main(["run", "--jobs", "0"]) == 2
    assert "--jobs 0 is not a positive number" in capsys.readouterr().err
    assert main(["run", "--only", "cuont"]) == 2
    assert "unknown step 'cuont' (did you mean: count?)" in capsys.readouterr().err
