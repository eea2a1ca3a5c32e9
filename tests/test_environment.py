"""environment.yml (conda) lists exactly the dependencies of pyproject.toml, with the same version bounds."""
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= set(dep.get("pip", []))
        elif not dep.startswith(("python", "pip")) or dep.startswith("python-"):
            listed.add(dep)
    assert listed == wanted, {"only in pyproject": wanted - listed, "only in environment.yml": listed - wanted}
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python>="))
    assert python.removeprefix("python") == project["requires-python"]


def test_lock_file_pins_every_dependency():
    lock = (REPO / "requirements.lock").read_text()
    pinned = {line.split("==")[0].lower() for line in lock.splitlines() if "==" in line and not line.startswith("#")}
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for dep in project["dependencies"] + project["optional-dependencies"]["test"]:
        name = dep.split(">")[0].split("<")[0].split("=")[0].split("[")[0].strip().lower()
        assert name in pinned, f"{name} is not pinned in requirements.lock"
