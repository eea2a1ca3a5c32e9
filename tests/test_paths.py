"""Finding the project root (search up for pipeline.yaml; WORKBENCH_ROOT overrides) and the project's kernel
(located or registered; one line when neither works)."""
from __future__ import annotations

import pytest

from analysis import cli, paths
from analysis.errors import PipelineError
from analysis.pipeline import kernelspec


def test_root_is_the_nearest_folder_with_pipeline_yaml(tmp_path, monkeypatch):
    outer, inner = tmp_path / "outer", tmp_path / "outer" / "inner"
    (inner / "notebooks" / "deep").mkdir(parents=True)
    (outer / "pipeline.yaml").write_text("steps: []\n")
    (inner / "pipeline.yaml").write_text("steps: []\n")
    monkeypatch.delenv("WORKBENCH_ROOT", raising=False)
    monkeypatch.chdir(inner / "notebooks" / "deep")
    assert paths.root() == inner.resolve()
    assert paths.find_root(outer) == outer.resolve()
    monkeypatch.setenv("WORKBENCH_ROOT", str(outer))
    assert paths.root() == outer.resolve() and paths.reports_dir() == outer.resolve() / "reports"


def test_outside_a_project_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("WORKBENCH_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path / "not-a-checkout")
    assert paths.find_root() is None
    assert cli.main(["list"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err.startswith(f"error: no pipeline.yaml in {tmp_path} or any folder above it")
    assert "WORKBENCH_ROOT" in err


def test_the_checkout_is_the_fallback_of_an_editable_install(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert paths.root() == paths._CHECKOUT and (paths._CHECKOUT / "pipeline.yaml").exists()


def test_kernel_found_when_registered():
    spec_dir = kernelspec.ensure()
    assert (spec_dir / "kernel.json").exists()


def test_missing_kernel_that_cannot_be_registered_is_one_line(monkeypatch):
    import ipykernel.kernelspec

    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(kernelspec, "find", lambda name=kernelspec.KERNEL_NAME: None)
    monkeypatch.setattr(ipykernel.kernelspec, "install", refuse)
    with pytest.raises(PipelineError) as exc:
        kernelspec.ensure()
    text = exc.value.format()
    assert "the Jupyter kernel 'muni-it-workbench' is missing and could not be registered" in text
    assert "Permission denied" in text and "ipykernel install --user --name muni-it-workbench" in text
    assert "\n" not in text
