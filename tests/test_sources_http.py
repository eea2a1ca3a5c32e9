"""HTTP behaviour of the live sources: retries on 429/5xx/timeouts, the cache, and refusal of bodies that are not data.

Each failing case runs the real `workbench fetch` command and checks its one-line message and that data/raw holds
no file afterwards (not even a temporary one).
"""
from __future__ import annotations

import json

import requests

from analysis.data import sources
from analysis.data.sources import http, statbank
from test_sources_support import (api, assert_one_line_error, files_under, fixture_bytes, root,  # noqa: F401
                                  run_cli, waits)

FOLK1A = fixture_bytes("statbank", "folk1a_population_annual_en.csv")
FOLK1A_ROWS = len([ln for ln in FOLK1A.decode("utf-8-sig").splitlines() if ln.strip()]) - 1
PX_URL = "https://data.ssb.no/api/v0/no/table/99999"


def _fetch_folk1a(capsys):
    return run_cli(["fetch", "statbank", "FOLK1A", "--filter", "OMRÅDE=*", "--filter", "Tid=*"], capsys)


def test_429_then_success_honours_retry_after_and_writes_the_snapshot(root, waits, api, capsys):
    api.add("POST", statbank.URL, status=429, headers={"Retry-After": "7"}, body="Too Many Requests")
    api.add("POST", statbank.URL, status=200, body=FOLK1A, content_type="text/csv; charset=utf-8")
    code, out, err = _fetch_folk1a(capsys)
    assert code == 0, err
    assert len(api.calls) == 2
    assert waits == [7.0]
    written = [p for p in files_under(root / "data" / "raw") if not p.name.endswith(".meta.json")]
    assert len(written) == 1 and written[0].read_bytes() == FOLK1A
    assert f"{FOLK1A_ROWS} cells" in out


def test_500_exhausting_retries_fails_with_one_line_and_no_file(root, waits, api, capsys):
    for _ in range(3):
        api.add("POST", statbank.URL, status=500, body="Internal Server Error")
    code, _, err = _fetch_folk1a(capsys)
    assert_one_line_error(code, err, statbank.URL, "HTTP 500", "after 3 attempts")
    assert len(api.calls) == 3
    assert waits == [2.0, 4.0]  # exponential backoff between the three attempts
    assert files_under(root / "data" / "raw") == []


def test_timeout_is_retried_then_reported(root, waits, api, capsys):
    for _ in range(3):
        api.add("POST", statbank.URL, body=requests.exceptions.ReadTimeout("read timed out"))
    code, _, err = _fetch_folk1a(capsys)
    assert_one_line_error(code, err, statbank.URL, "no answer within", "after 3 attempts")
    assert len(api.calls) == 3
    assert files_under(root / "data" / "raw") == []


def test_timeout_then_success_returns_data(root, waits, api):
    api.add("POST", statbank.URL, body=requests.exceptions.ConnectTimeout("connect timed out"))
    api.add("POST", statbank.URL, status=200, body=FOLK1A)
    got = sources.fetch("statbank", "FOLK1A", {"Tid": ["*"]})
    assert len(got.parsed.frame) == FOLK1A_ROWS
    assert waits == [2.0]


def test_statbank_error_json_is_not_retried_and_names_the_api_message(root, waits, api, capsys):
    body = fixture_bytes("statbank", "error_extract_notfound.json")
    api.add("POST", statbank.URL, status=400, body=body, content_type="application/json")
    code, _, err = run_cli(["fetch", "statbank", "NOSUCH"], capsys)
    message = json.loads(body)["message"]
    assert_one_line_error(code, err, statbank.URL, "HTTP 400", "EXTRACT-NOTFOUND", message)
    assert len(api.calls) == 1 and waits == []
    assert files_under(root / "data" / "raw") == []


def test_error_json_with_status_200_is_refused(root, waits, api, capsys):
    body = fixture_bytes("statbank", "error_extract_notfound.json")
    api.add("POST", statbank.URL, status=200, body=body, content_type="application/json")
    code, _, err = run_cli(["fetch", "statbank", "NOSUCH"], capsys)
    assert_one_line_error(code, err, statbank.URL, "EXTRACT-NOTFOUND")
    assert files_under(root / "data" / "raw") == []


def test_html_page_instead_of_data_is_refused_and_not_cached(root, waits, api, capsys):
    page = fixture_bytes("pxweb", "html_page.html")
    api.add("POST", PX_URL, status=200, body=page, content_type="text/html; charset=utf-8")
    api.add("POST", PX_URL, status=200, body=page, content_type="text/html; charset=utf-8")
    for _ in range(2):
        code, _, err = run_cli(["fetch", "pxweb", "99999", "--api", "v0"], capsys)
        assert_one_line_error(code, err, PX_URL, "HTML page", "json-stat2")
    assert len(api.calls) == 2  # the refused page was not kept in the cache
    assert files_under(root / "data" / "raw") == []


def test_empty_body_is_refused(root, waits, api, capsys):
    api.add("POST", statbank.URL, status=200, body=b"")
    code, _, err = _fetch_folk1a(capsys)
    assert_one_line_error(code, err, statbank.URL, "empty body")
    assert files_under(root / "data" / "raw") == []


def test_empty_result_header_only_is_refused(root, waits, api, capsys):
    api.add("POST", statbank.URL, status=200, body=fixture_bytes("statbank", "testdata_header_only.csv"))
    code, _, err = _fetch_folk1a(capsys)
    assert_one_line_error(code, err, statbank.URL, "empty result")
    assert files_under(root / "data" / "raw") == []


def test_multiline_api_error_is_printed_on_one_line(root, waits, api, capsys):
    body = json.dumps({"errorTypeCode": "REQUEST-MISSING", "message": "Format ikke angivet,\neller ikke gyldigt."})
    api.add("POST", statbank.URL, status=400, body=body)
    code, _, err = _fetch_folk1a(capsys)
    assert_one_line_error(code, err, "REQUEST-MISSING", "Format ikke angivet, eller ikke gyldigt.")


def test_pxweb_404_and_400_name_status_and_body(root, waits, api, capsys):
    api.add("POST", PX_URL, status=404, body=fixture_bytes("pxweb", "error_404.txt"))
    code, _, err = run_cli(["fetch", "pxweb", "99999", "--api", "v0"], capsys)
    assert_one_line_error(code, err, PX_URL, "HTTP 404", "Not Found")
    api.add("POST", PX_URL, status=400, body=fixture_bytes("pxweb", "error_400.txt"))
    code, _, err = run_cli(["fetch", "pxweb", "99999", "--api", "v0"], capsys)
    assert_one_line_error(code, err, PX_URL, "HTTP 400", "Bad Request")
    assert len(api.calls) == 2 and waits == []
    assert files_under(root / "data" / "raw") == []


def test_pxweb_429_every_time_reports_rate_limit(root, waits, api, capsys):
    for _ in range(3):
        api.add("POST", PX_URL, status=429, body=fixture_bytes("pxweb", "error_429.txt"))
    code, _, err = run_cli(["fetch", "pxweb", "99999", "--api", "v0"], capsys)
    assert_one_line_error(code, err, PX_URL, "HTTP 429", "after 3 attempts")
    assert waits == [2.0, 4.0]  # no Retry-After header: exponential backoff
    assert files_under(root / "data" / "raw") == []


def test_second_fetch_is_answered_from_the_cache(root, waits, api):
    api.add("POST", statbank.URL, status=200, body=FOLK1A)
    first = sources.fetch("statbank", "FOLK1A", {"Tid": ["*"]})
    second = sources.fetch("statbank", "FOLK1A", {"Tid": ["*"]})
    assert len(api.calls) == 1
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.body == first.body == FOLK1A
    assert (http.cache_dir()).is_dir() and str(http.cache_dir()).startswith(str(root))


def test_refresh_asks_the_api_again(root, waits, api):
    api.add("POST", statbank.URL, status=200, body=FOLK1A)
    sources.fetch("statbank", "FOLK1A", {"Tid": ["*"]})
    again = sources.fetch("statbank", "FOLK1A", {"Tid": ["*"]}, refresh=True)
    assert len(api.calls) == 2 and again.from_cache is False


def test_cache_is_keyed_on_the_query(root, waits, api):
    api.add("POST", statbank.URL, status=200, body=FOLK1A)
    sources.fetch("statbank", "FOLK1A", {"Tid": ["*"]})
    sources.fetch("statbank", "FOLK1A", {"Tid": ["2022K1"]})
    assert len(api.calls) == 2
    sent = [json.loads(c.request.body) for c in api.calls]
    assert [s["variables"] for s in sent] == [[{"code": "Tid", "values": ["*"]}],
                                              [{"code": "Tid", "values": ["2022K1"]}]]


def test_retry_after_as_http_date_and_caps():
    assert http._retry_after_seconds("12") == 12.0
    assert http._retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert http._retry_after_seconds("soon") is None
    policy = http.RetryPolicy(base_wait=3.0, max_wait=10.0)
    assert [policy.backoff(n) for n in (1, 2, 3)] == [3.0, 6.0, 10.0]
