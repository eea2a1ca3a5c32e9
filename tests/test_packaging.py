"""A packager's path: `make lock` on a fresh clone, and `pip install .` (with uv) into a clean venv, then
`workbench list` and a one-step run from inside a project folder (root found by searching up, kernel
registered on first use). The notebook here is a made-up test notebook."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
UV = Path(sys.executable).with_name("uv")

HELLO_NB = '''\
# %% tags=["parameters"]
lang = "en"
# %%
from analysis.params import StepParams
P = StepParams.from_namespace(globals())
from analysis import i18n
print("hello", i18n.fmt_number(1234567, P.lang))
'''
PIPELINE = """\
editions: [params/en.yaml]
steps:
  - id: hello
    title: Hello
    notebook: notebooks/01_hello.py
"""


def clean_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("WORKBENCH_ROOT", "PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "JUPYTER_DATA_DIR")}
    return {**env, **extra}


def sh(args, cwd, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env or clean_env(), capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A clean venv with the project installed from a copy of the source (not editable), deps from the lock."""
    base = tmp_path_factory.mktemp("pkg")
    src = base / "src-copy"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "src"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(
            REPO / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__", "*.egg-info")}
                                        if (REPO / name).is_dir() else {}))
    env = base / "venv"
    made = sh([UV, "venv", "--quiet", "--python", sys.executable, env], cwd=base)
    assert made.returncode == 0, made.stderr
    inst = sh([UV, "pip", "install", "--quiet", "--python", env / "bin" / "python", "-r",
               REPO / "requirements.lock", src], cwd=base)
    assert inst.returncode == 0, inst.stderr[-2000:]
    return env


def test_installed_package_finds_the_project_and_registers_its_kernel(venv, tmp_path):
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / "params").mkdir()
    (project / "pipeline.yaml").write_text(PIPELINE)
    (project / "params" / "en.yaml").write_text("lang: en\n")
    (project / "notebooks" / "01_hello.py").write_text(HELLO_NB)
    workbench = venv / "bin" / "workbench"
    env = clean_env(JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"))
    assert not (venv / "share" / "jupyter" / "kernels" / "muni-it-workbench").exists()

    # outside any project: one line saying what is missing
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    lost = sh([workbench, "list"], cwd=elsewhere, env=env)
    assert lost.returncode == 2 and "Traceback" not in lost.stderr
    assert lost.stderr.strip().splitlines() == [lost.stderr.strip()]
    assert f"no pipeline.yaml in {elsewhere.resolve()} or any folder above it" in lost.stderr

    # from a sub-folder of the project: the root is found by searching up
    listed = sh([workbench, "list"], cwd=project / "notebooks", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "hello: Hello  [notebooks/01_hello.py]" in listed.stdout

    ran = sh([workbench, "run"], cwd=project / "notebooks", env=env)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert f"workbench run: {project.resolve()}" in ran.stdout and "Traceback" not in ran.stderr
    html = (project / "reports" / "en" / "hello.html").read_text(encoding="utf-8")
    assert "hello 1,234,567" in html
    assert (project / "reports" / "en" / "hello.pdf").read_bytes()[:5] == b"%PDF-"
    spec = json.loads((venv / "share" / "jupyter" / "kernels" / "muni-it-workbench" / "kernel.json").read_text())
    assert Path(spec["argv"][0]) == venv / "bin" / "python"
    again = sh([workbench, "run"], cwd=project, env=env)
    assert again.returncode == 0 and "up to date" in again.stdout


def test_make_lock_works_on_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("Makefile", "pyproject.toml", "README.md", "requirements.lock", "environment.yml",
                 "scripts/environment_from_lock.py"):
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, clone / name)
    assert not (clone / ".venv").exists()
    made = sh(["make", "lock", f"PYTHON={sys.executable}"], cwd=clone)
    assert made.returncode == 0, made.stdout + made.stderr
    assert (clone / "requirements.lock").read_text() == (REPO / "requirements.lock").read_text()
    assert (clone / "environment.yml").read_text() == (REPO / "environment.yml").read_text()
