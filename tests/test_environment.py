"""The lock pins every dependency with hashes; environment.yml (conda) carries exactly the lock's pins."""
import importlib.util
import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def envscript():
    spec = importlib.util.spec_from_file_location("environment_from_lock", REPO / "scripts" / "environment_from_lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lock_entries(text: str) -> dict[str, list[str]]:
    """name==version -> its hashes, read from the lock's continuation lines."""
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if m := PIN.match(line):
            current = m.group(1) + "==" + m.group(2).rstrip(" \\")
            out[current] = []
        elif current and line.strip().startswith("--hash=sha256:"):
            out[current].append(line.strip().removeprefix("--hash=sha256:").rstrip(" \\"))
        elif not line.startswith(" "):
            current = None
    return out


def test_environment_yml_carries_the_lock_pins():
    lock = (REPO / "requirements.lock").read_text()
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(pip) == sorted(lock_entries(lock))
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert f"--python-version {python.removeprefix('python=')}" in lock
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11" and python.removeprefix("python=") >= "3.11"
    assert envscript().main(["--check"]) == 0


def test_check_fails_when_the_lock_moves(tmp_path, capsys):
    lock = (REPO / "requirements.lock").read_text()
    moved = tmp_path / "requirements.lock"
    moved.write_text(re.sub(r"^pandas==\S+", "pandas==2.2.0", lock, flags=re.M))
    assert envscript().main(["--check", "--lock", str(moved), "--out", str(REPO / "environment.yml")]) == 1
    assert "environment.yml is out of step with requirements.lock" in capsys.readouterr().err
    out = tmp_path / "environment.yml"
    assert envscript().main(["--lock", str(moved), "--out", str(out)]) == 0
    assert "  - pandas==2.2.0" in out.read_text().splitlines()


def test_lock_file_pins_every_dependency_with_hashes():
    lock = lock_entries((REPO / "requirements.lock").read_text())
    pinned = {k.split("==")[0].lower() for k in lock}
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for dep in project["dependencies"] + project["optional-dependencies"]["test"]:
        name = re.split(r"[<>=\[ ;]", dep, maxsplit=1)[0].strip().lower()
        assert name in pinned, f"{name} is not pinned in requirements.lock"
    unhashed = [k for k, hashes in lock.items() if not hashes or any(len(h) != 64 for h in hashes)]
    assert not unhashed, f"pinned without sha256 hashes: {unhashed}"


