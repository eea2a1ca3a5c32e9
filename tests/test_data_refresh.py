"""`workbench refresh` over real HTTP against a local server on 127.0.0.1: dry run, offline, all-or-nothing, and
the whole path from the official query through a new snapshot and rebuilt tables to a report and changes.json."""
from __future__ import annotations

import json
import shutil
import socket
from datetime import date

import pytest

from analysis.cli import main
from analysis.data import tables
from analysis.data.snapshot import read_meta
from analysis.data.sources import statbank
from conftest import REPO, resave_snapshot
from test_sources_support import FIXTURES, files_under, waits  # noqa: F401

FOLK1A = (FIXTURES / "statbank" / "folk1a_population_annual_en.csv").read_bytes()
REGK31 = (FIXTURES / "statbank" / "regk31_64551_2016_2024_composed.csv").read_bytes()
REGK31_DIR = "data/raw/dst/dk_regk31_64551_administration"


@pytest.fixture(scope="session")
def httpserver_listen_address():
    return ("127.0.0.1", 0)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in files_under(root / "data")}


def _body(table: str, lang: str, query: dict) -> dict:
    return {"table": table, "format": "CSV", "lang": lang,
            "variables": [{"code": k, "values": v} for k, v in query.items()]}


def test_dry_run_lists_every_official_query_and_changes_nothing(built_copy, capsys):
    before = _tree(built_copy)
    assert main(["refresh", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert 'dk_population: POST https://api.statbank.dk/v1/data {"table": "FOLK1A"' in out
    assert 'dk_regk31_64551_administration: POST https://api.statbank.dk/v1/data {"table": "REGK31"' in out
    assert '"FUNKTION", "values": ["64551"]' in out and "nothing was changed" in out
    assert _tree(built_copy) == before


def test_offline_refresh_says_why_per_table_and_leaves_every_file(built_copy, waits, monkeypatch, capsys):
    monkeypatch.setattr(statbank, "URL", f"http://127.0.0.1:{_closed_port()}/v1/data")
    before = _tree(built_copy)
    assert main(["refresh", "--no-reports"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in captured.err
    for line, name in zip(lines, ("dk_population", "dk_regk31_64551_administration")):
        assert line.startswith(f"error: {name}: 127.0.0.1:") and "connection failed" in line
        assert "try: check the network connection" in line
    assert "every file is as it was" in captured.out
    assert _tree(built_copy) == before


def test_a_fetched_table_that_does_not_validate_keeps_nothing(built_copy, waits, httpserver, monkeypatch, capsys):
    """Made-up test data: one municipality's FOLK1A figure changed, so 2022 no longer adds up to the country."""
    monkeypatch.setattr(statbank, "URL", httpserver.url_for("/v1/data"))
    broken = FOLK1A.replace(b"Copenhagen;Total;Age, total;Total;2022Q1;644431", b"Copenhagen;Total;Age, total;"
                                                                                 b"Total;2022Q1;644432")
    assert broken != FOLK1A
    httpserver.expect_request("/v1/data", method="POST").respond_with_data(broken, content_type="text/csv")
    before = _tree(built_copy)
    assert main(["refresh", "dk_population", "--no-reports"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "do not build, so none were kept" in err[0] and "reconcile" in err[0]
    assert _tree(built_copy) == before


@pytest.mark.e2e
def test_refresh_carries_an_added_year_into_the_report_and_changes(tmp_path, waits, httpserver, monkeypatch,
                                                                   capsys):
    root = tmp_path / "wb"
    for name in ("pipeline.yaml", "params/en.yaml", "params/da.yaml", "notebooks", "data/raw"):
        src = REPO / name
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    monkeypatch.setenv("WORKBENCH_ROOT", str(root))
    # The previous edition, made for this test from the shipped copy: the same real figures without 2024.
    tidy = root / REGK31_DIR / "dk_regk31_64551_administration.csv"
    lines = tidy.read_bytes().splitlines(keepends=True)
    resave_snapshot(tidy, b"".join(ln for ln in lines if not ln.startswith(b"2024,")))
    from analysis.pipeline import run
    assert run.run(only=["spend"]).ok
    assert 2024 not in set(tables.load("dk_regk31_64551_administration")["year"])
    old_html = (root / "reports/en/spend.html").read_text(encoding="utf-8")

    monkeypatch.setattr(statbank, "URL", httpserver.url_for("/v1/data"))
    from analysis.data import catalogue
    off = catalogue.get("dk_regk31_64551_administration").official
    httpserver.expect_request("/v1/data", method="POST", json=_body("REGK31", "da", off.query)) \
        .respond_with_data(REGK31, content_type="text/csv; charset=utf-8")
    assert main(["refresh", "dk_regk31_64551_administration", "--only", "spend"]) == 0, capsys.readouterr().err
    new = root / REGK31_DIR / f"dk_regk31_64551_administration_{date.today().isoformat()}.csv"
    assert new.read_bytes() == REGK31 and tidy.exists()  # the previous snapshot stays
    meta = read_meta(new)
    assert (meta["api"], meta["publisher"], meta["table"]) == ("statbank", "Statistics Denmark", "REGK31")
    assert tables.table_meta("dk_regk31_64551_administration")["built_from"] == f"{REGK31_DIR}/{new.name}"
    df = tables.load("dk_regk31_64551_administration")
    assert sorted(df["year"].unique()) == list(range(2016, 2025))

    changes = json.loads((root / "reports/changes.json").read_text(encoding="utf-8"))
    [item] = [i for i in changes["tables"] if i["table"] == "dk_regk31_64551_administration"]
    assert item["years_added"] == [2024] and item["rows_added"] == 99 and item["values_revised"] == 0
    assert item["snapshot"] == f"{REGK31_DIR}/{new.name}"
    assert item["previous_snapshot"] == f"{REGK31_DIR}/dk_regk31_64551_administration.csv"

    html = (root / "reports/en/spend.html").read_text(encoding="utf-8")
    assert html != old_html and 'id="revised"' in html and "revised" in html
    national_2024 = df.loc[(df.year == 2024) & (df.geo_level == "country"), "value"].item()
    assert "2024" in html and f"{national_2024:,.0f}" in html
    assert "Statistics Denmark, table REGK31" in html and "https://www.statbank.dk/REGK31" in html
    assert "API (127.0.0.1" in html
    index = (root / "reports/index.html").read_text(encoding="utf-8")
    assert "What changed since" in index and "years added 2024" in index
