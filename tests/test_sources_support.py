"""Shared fixtures for the live-source tests: an isolated workbench root, a no-sleep retry policy, CLI runner.

No network: every test registers recorded responses with `responses`, which refuses any unregistered request.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import responses

from analysis import cli
from analysis.data.sources import http

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(*parts: str) -> bytes:
    return FIXTURES.joinpath(*parts).read_bytes()


def fixture_json(*parts: str) -> dict:
    return json.loads(fixture_bytes(*parts).decode("utf-8-sig"))


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A temporary workbench root, so snapshots and the HTTP cache land in tmp_path."""
    monkeypatch.setenv("WORKBENCH_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def waits(monkeypatch):
    """Record retry waits instead of sleeping; 3 attempts, base wait 2 s."""
    recorded: list[float] = []
    monkeypatch.setattr(http, "DEFAULT_POLICY", http.RetryPolicy(attempts=3, base_wait=2.0,
                                                                 sleep=recorded.append))
    return recorded


@pytest.fixture
def api():
    """Recorded-response replay; an unregistered request fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def files_under(folder: Path) -> list[Path]:
    """Every file (hidden and temporary ones included) under folder."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    """The CLI failed with exit 2 and printed exactly one line containing every needle."""
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
