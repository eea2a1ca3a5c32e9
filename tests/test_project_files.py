"""The files a packager and a citing researcher look for: LICENSE, CITATION.cff, CHANGELOG.md, in step with
pyproject.toml."""
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def test_license_file_matches_pyproject():
    assert PROJECT["license"] == {"text": "MIT"}
    text = (REPO / "LICENSE").read_text()
    assert text.startswith("MIT License\n") and "THE SOFTWARE IS PROVIDED \"AS IS\"" in text


def test_citation_file_is_valid_cff_in_step_with_the_package():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    assert {"message", "title", "authors", "version", "license"} <= set(cff)
    assert str(cff["version"]) == PROJECT["version"] and cff["license"] == "MIT"
    assert all("name" in a or "family-names" in a for a in cff["authors"])


def test_changelog_has_the_current_version():
    text = (REPO / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in text and f"## [{PROJECT['version']}]" in text
