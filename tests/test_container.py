"""The container recipe and CI install the same Debian packages (apt.txt), and those are what WeasyPrint and
the house style need on Debian bookworm (checked against this machine's installed packages)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The shared libraries WeasyPrint opens with dlopen (weasyprint/text/ffi.py).
WEASYPRINT_LIBS = ("libgobject-2.0.so.0", "libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libharfbuzz.so.0",
                   "libharfbuzz-subset.so.0", "libfontconfig.so.1")

needs_dpkg = pytest.mark.skipif(not shutil.which("dpkg"), reason="needs a Debian system")


def apt_packages() -> list[str]:
    return [line.strip() for line in (REPO / "apt.txt").read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def owning_package(soname: str) -> str:
    """The Debian package that ships the library the dynamic loader would open for soname."""
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    path = next(line.split("=>")[-1].strip() for line in cache.splitlines() if line.strip().startswith(soname + " "))
    owner = subprocess.run(["dpkg", "-S", str(Path(path).resolve())], capture_output=True, text=True, check=True)
    return owner.stdout.split(":")[0]


@needs_dpkg
def test_apt_txt_names_real_installed_packages():
    for pkg in apt_packages():
        assert subprocess.run(["dpkg", "-s", pkg], capture_output=True).returncode == 0, f"{pkg} is not a package here"


@needs_dpkg
@pytest.mark.parametrize("soname", WEASYPRINT_LIBS)
def test_apt_txt_covers_weasyprint_libraries(soname):
    assert owning_package(soname) in apt_packages()


@needs_dpkg
def test_apt_txt_ships_the_house_fonts():
    from analysis.figures import style

    files = {Path(f).name for pkg in apt_packages()
             for f in subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True).stdout.splitlines()}
    assert style.FONT[0] == "DejaVu Sans" and {"DejaVuSans.ttf", "DejaVuSerif.ttf"} <= files


def test_ci_installs_everything_in_apt_txt():
    printed = subprocess.run(["bash", str(REPO / ".ci" / "run"), "--print-packages"], capture_output=True,
                             text=True, check=True).stdout.split()
    assert set(apt_packages()) <= set(printed)
    assert {"chromium", "chromium-driver", "poppler-utils"} <= set(printed)


def test_dockerfile_builds_the_locked_environment_and_renders_the_reports():
    docker = (REPO / "Dockerfile").read_text()
    lock = (REPO / "requirements.lock").read_text()
    base = re.search(r"^FROM python:(\d+\.\d+)-slim-(\w+)$", docker, re.M)
    assert base, "FROM python:<version>-slim-<debian release>"
    assert f"--python-version {base.group(1)}" in lock
    os_release = Path("/etc/os-release")
    if os_release.exists() and "ID=debian" in os_release.read_text():
        assert f"VERSION_CODENAME={base.group(2)}" in os_release.read_text(), "apt.txt was checked on another release"
    assert "COPY apt.txt" in docker and "grep -v '^[[:space:]]*#' apt.txt | xargs apt-get install" in docker
    assert re.search(r"^RUN make venv", docker, re.M) and 'CMD ["make", "reports"]' in docker
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {".venv/", "reports/", "data/processed/"} <= set(ignored)
