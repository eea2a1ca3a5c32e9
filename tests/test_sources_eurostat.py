"""The Eurostat reader: sparse JSON-stat 2.0 values, status symbols, error and warning JSON, the GET query."""
from __future__ import annotations

import json
import math
from urllib.parse import parse_qsl, urlsplit

import pytest

from analysis.data.snapshot import read_meta, verify_all
from analysis.data.sources import eurostat
from analysis.errors import DataError
from test_sources_support import (api, assert_one_line_error, files_under, fixture_bytes, fixture_json,  # noqa: F401
                                  root, run_cli, waits)

DATA_URL = f"{eurostat.BASE}/isoc_ciegi_ac"


def test_real_extract_parses_to_its_values():
    doc = fixture_json("eurostat", "isoc_ciegi_ac_EU27_I_IUGOV1.json")
    frame = eurostat.parse(fixture_bytes("eurostat", "isoc_ciegi_ac_EU27_I_IUGOV1.json"), "fixture").frame
    times = doc["dimension"]["time"]["category"]["index"]
    assert len(frame) == len(times)
    for row in frame.itertuples():
        assert row.value == doc["value"][str(times[row.time])]
        assert row.geo == "EU27_2020" and row.indic_is == "I_IUGOV1" and row.flag == ""


def test_status_colon_is_missing_and_p_is_kept_as_status():
    doc = fixture_json("eurostat", "testdata_status_missing.json")
    frame = eurostat.parse(fixture_bytes("eurostat", "testdata_status_missing.json"), "fixture").frame
    for i, row in enumerate(frame.itertuples()):
        status = doc["status"].get(str(i), "")
        assert row.status == status
        if str(i) in doc["value"]:
            assert row.value == doc["value"][str(i)] and row.flag == ""
        else:
            assert math.isnan(row.value) and row.flag == ":"


def test_fetch_builds_get_query_and_writes_snapshot(root, waits, api, capsys):
    body = fixture_bytes("eurostat", "isoc_ciegi_ac_EU27_I_IUGOV1.json")
    api.add("GET", DATA_URL, status=200, body=body, content_type="application/json")
    code, _, err = run_cli(["fetch", "eurostat", "isoc_ciegi_ac", "--filter", "geo=EU27_2020",
                            "--filter", "indic_is=I_IUGOV1", "--filter", "unit=PC_IND"], capsys)
    assert code == 0, err
    sent = urlsplit(api.calls[0].request.url)
    assert sent.path.endswith("/statistics/1.0/data/isoc_ciegi_ac")
    assert parse_qsl(sent.query) == [("format", "JSON"), ("lang", "EN"), ("geo", "EU27_2020"),
                                     ("indic_is", "I_IUGOV1"), ("unit", "PC_IND")]
    [data] = [p for p in files_under(root / "data" / "raw" / "eurostat") if not p.name.endswith(".meta.json")]
    assert data.read_bytes() == body
    meta = read_meta(data)
    assert meta["source_url"] == api.calls[0].request.url
    assert meta["query"]["params"] == [list(p) for p in parse_qsl(sent.query)]
    assert meta["publisher"] == "Eurostat" and meta["cells"] == 4
    assert meta["date_published"] == fixture_json("eurostat", "isoc_ciegi_ac_EU27_I_IUGOV1.json")["updated"][:10]
    assert verify_all(root / "data" / "raw") == []


def test_several_values_become_repeated_parameters(root, waits, api):
    req = eurostat.build_request("isoc_ciegi_ac", {"geo": ["DK", "NO", "SE"]}, "en")
    assert [v for k, v in req.params if k == "geo"] == ["DK", "NO", "SE"]
    assert req.full_url().endswith("geo=DK&geo=NO&geo=SE")


def test_error_json_names_the_url_and_label(root, waits, api, capsys):
    api.add("GET", f"{eurostat.BASE}/isoc_nosuch", status=404, body=fixture_bytes("eurostat",
                                                                                  "error_404_not_found.json"))
    code, _, err = run_cli(["fetch", "eurostat", "isoc_nosuch", "--filter", "geo=DK"], capsys)
    label = fixture_json("eurostat", "error_404_not_found.json")["error"][0]["label"]
    assert_one_line_error(code, err, f"{eurostat.BASE}/isoc_nosuch?format=JSON&lang=EN&geo=DK", "HTTP 404", label)
    assert len(api.calls) == 1
    assert files_under(root / "data" / "raw") == []


def test_async_warning_with_200_is_not_data(root, waits, api, capsys):
    api.add("GET", DATA_URL, status=200, body=fixture_bytes("eurostat", "warning_async_413.json"))
    code, _, err = run_cli(["fetch", "eurostat", "isoc_ciegi_ac"], capsys)
    assert_one_line_error(code, err, DATA_URL, "ASYNCHRONOUS_RESPONSE")
    assert files_under(root / "data" / "raw") == []


def test_empty_value_object_is_an_empty_result(root, waits, api, capsys):
    api.add("GET", DATA_URL, status=200, body=fixture_bytes("eurostat", "testdata_empty_value.json"))
    code, _, err = run_cli(["fetch", "eurostat", "isoc_ciegi_ac", "--filter", "geo=XX"], capsys)
    assert_one_line_error(code, err, DATA_URL, "empty result", "geo=XX")
    assert files_under(root / "data" / "raw") == []


def test_a_string_value_is_refused_not_turned_into_nan():
    doc = fixture_json("eurostat", "testdata_status_missing.json")
    doc["value"]["1"] = "12,5"
    with pytest.raises(DataError) as info:
        eurostat.parse(json.dumps(doc).encode(), "saved.json")
    assert str(info.value).startswith("saved.json: JSON-stat value 1 is '12,5', not a number")
