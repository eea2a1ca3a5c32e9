"""The live sources over real HTTP: a local server on 127.0.0.1 (pytest-httpserver) replays answers in each API's
real format (see tests/fixtures/*/README.md), and the fetchers are pointed at it. Nothing reaches the internet."""
from __future__ import annotations

import json
import time

import pytest
from werkzeug import Response

from analysis.data.snapshot import read_meta, verify_all
from analysis.data.sources import http, pxweb, statbank
from test_sources_support import (FIXTURES, assert_one_line_error, files_under, root, run_cli,  # noqa: F401
                                  waits)

V2_05300 = (FIXTURES / "pxweb" / "v2" / "data_05300_v2.json").read_bytes()
V2_QUERY = {"lang": "no", "outputFormat": "json-stat2", "valueCodes[Avstand1]": "*", "valueCodes[Kulturtilbud]": "*",
            "valueCodes[ContentsCode]": "Avstand", "valueCodes[Tid]": "*"}
V2_ARGS = ["fetch", "pxweb", "05300", "--filter", "Avstand1=*", "--filter", "Kulturtilbud=*",
           "--filter", "ContentsCode=Avstand", "--filter", "Tid=*"]


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver on 127.0.0.1 (any free port), so every URL in a message names 127.0.0.1."""
    return ("127.0.0.1", 0)


@pytest.fixture
def local(httpserver, monkeypatch):
    """Every live source pointed at the local server."""
    monkeypatch.setattr(pxweb, "BASE_V2", httpserver.url_for("/api/pxwebapi/v2"))
    monkeypatch.setattr(pxweb, "BASE", httpserver.url_for("/api/v0"))
    monkeypatch.setattr(statbank, "URL", httpserver.url_for("/v1/data"))
    return httpserver


def _data_files(root):
    return [p for p in files_under(root / "data" / "raw") if not p.name.endswith(".meta.json")]


def test_pxweb_v2_get_with_value_codes_keeps_missing_cells_flagged_never_zero(root, waits, local, capsys):
    local.expect_request("/api/pxwebapi/v2/tables/05300/data", method="GET", query_string=V2_QUERY) \
        .respond_with_data(V2_05300, content_type="application/json; charset=utf-8")
    code, out, err = run_cli(V2_ARGS, capsys)
    assert code == 0, err
    [path] = _data_files(root)
    assert path.read_bytes() == V2_05300
    meta = read_meta(path)
    assert meta["api"] == "pxweb" and meta["cells"] == 432 and meta["missing_cells"] == 28
    assert meta["source_stated"] == "Statistisk sentralbyrå" and meta["date_published"] == "2022-05-24"
    assert meta["query"]["method"] == "GET" and ["valueCodes[Tid]", "*"] in [list(p) for p in meta["query"]["params"]]
    frame = pxweb.parse(path.read_bytes(), str(path)).frame
    flagged = frame[frame["flag"] != ""]
    assert sorted(flagged["flag"].value_counts().items()) == [(".", 20), ("..", 8)]
    assert flagged["value"].isna().all() and (flagged["value_as_printed"] == flagged["flag"]).all()
    assert (frame.loc[frame["flag"] == "", "value"].notna()).all()
    # a real zero stays a zero (e.g. 'Bokhandel', 50 km or more, 1991) and is not a flagged cell
    assert ((frame["value"] == 0) & (frame["flag"] == "")).sum() > 0
    assert verify_all(root / "data" / "raw") == []


def test_pxweb_v0_stays_available(root, waits, local, capsys):
    local.expect_request("/api/v0/no/table/05300", method="POST").respond_with_data(
        (FIXTURES / "pxweb" / "v2" / "data_05300_jsonstat2_recorded.json").read_bytes(),
        content_type="application/json")
    code, _, err = run_cli([*V2_ARGS, "--api", "v0"], capsys)
    assert code == 0, err
    assert read_meta(_data_files(root)[0])["query"]["method"] == "POST"


def test_429_with_retry_after_is_honoured_then_the_answer_is_kept(root, waits, local, capsys):
    url = "/api/pxwebapi/v2/tables/05300/data"
    local.expect_ordered_request(url).respond_with_data("Too Many Requests", status=429,
                                                        headers={"Retry-After": "7"})
    local.expect_ordered_request(url).respond_with_data(V2_05300, content_type="application/json")
    code, _, err = run_cli(V2_ARGS, capsys)
    assert code == 0, err
    assert waits == [7.0] and len(local.log) == 2
    assert len(_data_files(root)) == 1


def test_5xx_until_the_retries_run_out_is_one_line_and_no_file(root, waits, local, capsys):
    local.expect_request("/api/pxwebapi/v2/tables/05300/data").respond_with_data("Service Unavailable", status=503)
    code, _, err = run_cli(V2_ARGS, capsys)
    assert_one_line_error(code, err, "127.0.0.1", "HTTP 503", "after 3 attempts")
    assert len(local.log) == 3 and waits == [2.0, 4.0]
    assert files_under(root / "data" / "raw") == []


def test_an_html_page_instead_of_data_is_refused(root, waits, local, capsys):
    local.expect_request("/api/pxwebapi/v2/tables/05300/data").respond_with_data(
        (FIXTURES / "pxweb" / "html_page.html").read_bytes(), content_type="text/html; charset=utf-8")
    code, _, err = run_cli(V2_ARGS, capsys)
    assert_one_line_error(code, err, "127.0.0.1", "an HTML page, not data", "JSON-stat")
    assert files_under(root / "data" / "raw") == []


def test_a_server_that_does_not_answer_in_time_is_retried_then_reported(root, waits, local, capsys, monkeypatch):
    monkeypatch.setattr(http, "DEFAULT_TIMEOUT", (2.0, 0.3))

    def slow(request):
        time.sleep(0.8)
        return Response(V2_05300, content_type="application/json")

    local.expect_request("/api/pxwebapi/v2/tables/05300/data").respond_with_handler(slow)
    code, _, err = run_cli(V2_ARGS, capsys)
    assert_one_line_error(code, err, "127.0.0.1", "no answer within 0.3 s", "after 3 attempts")
    assert files_under(root / "data" / "raw") == []


def test_statbank_post_body_is_the_declared_official_query(root, waits, local, capsys):
    from analysis.data import catalogue
    decl = catalogue.get("dk_population")
    body = {"table": "FOLK1A", "format": "CSV", "lang": "en",
            "variables": [{"code": k, "values": v} for k, v in decl.official.query.items()]}
    local.expect_request("/v1/data", method="POST", json=body).respond_with_data(
        (FIXTURES / "statbank" / "folk1a_population_annual_en.csv").read_bytes(), content_type="text/csv")
    from analysis.data import refresh
    _, req = refresh.request_of(decl)
    assert req.json == body
    code, out, err = run_cli(["refresh", "--dry-run"], capsys)
    assert code == 0 and f"dk_population: POST {statbank.URL} {json.dumps(body, ensure_ascii=False)}" in out
    assert len(local.log) == 0 and files_under(root / "data" / "raw") == []
