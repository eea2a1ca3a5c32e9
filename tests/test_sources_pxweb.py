"""The Statistics Norway PxWeb reader: json-stat2 in SSB's shape, missing markers, broken structure, the POST query."""
from __future__ import annotations

import json
import math

import pytest

from analysis.data import sources
from analysis.data.snapshot import read_meta, verify_all
from analysis.data.sources import pxweb
from analysis.errors import DataError, ParameterError
from test_sources_support import (api, assert_one_line_error, files_under, fixture_bytes, fixture_json,  # noqa: F401
                                  root, run_cli, waits)

URL = "https://data.ssb.no/api/v0/no/table/99999"


def expected_rows(doc: dict) -> list[dict]:
    """Cells of a JSON-stat 2.0 document in row-major order, computed directly from id/size/category.index."""
    codes = []
    for dim in doc["id"]:
        index = doc["dimension"][dim]["category"]["index"]
        codes.append(sorted(index, key=index.get))
    rows = [{}]
    for dim, dim_codes in zip(doc["id"], codes):
        rows = [{**r, dim: c} for r in rows for c in dim_codes]
    for i, row in enumerate(rows):
        row["value"] = doc["value"][i]
        row["status"] = doc.get("status", {}).get(str(i), "")
    return rows


def test_jsonstat2_parses_to_the_cells_of_the_fixture():
    doc = fixture_json("pxweb", "testdata_jsonstat2.json")
    parsed = pxweb.parse(fixture_bytes("pxweb", "testdata_jsonstat2.json"), "fixture")
    frame = parsed.frame
    want = expected_rows(doc)
    assert len(frame) == len(want) == len(doc["value"])
    for got, exp in zip(frame.to_dict("records"), want):
        for dim in doc["id"]:
            assert got[dim] == exp[dim]
            assert got[f"{dim}_label"] == doc["dimension"][dim]["category"]["label"][exp[dim]]
        if exp["value"] is None:
            assert math.isnan(got["value"]) and got["flag"] == exp["status"] != ""
            assert got["flag"] in pxweb.MISSING_MARKERS and got["value_as_printed"] == exp["status"]
        else:
            assert got["value"] == exp["value"] and got["flag"] == ""
    assert set(frame.loc[frame["flag"] != "", "flag"]) == {"..", "."}
    assert parsed.title == doc["label"]


def test_missing_values_are_never_zero():
    frame = pxweb.parse(fixture_bytes("pxweb", "testdata_jsonstat2.json"), "fixture").frame
    missing = frame[frame["flag"] != ""]
    assert len(missing) == 2 and missing["value"].isna().all()


def test_missing_dimension_is_refused_with_one_line():
    with pytest.raises(DataError) as info:
        pxweb.parse(fixture_bytes("pxweb", "testdata_missing_dimension.json"), "saved.json")
    text = str(info.value)
    assert text.startswith("saved.json: ") and "'Tid'" in text and "Region, ContentsCode" in text


def test_fetch_missing_dimension_names_url_and_leaves_no_file(root, waits, api, capsys):
    api.add("POST", URL, status=200, body=fixture_bytes("pxweb", "testdata_missing_dimension.json"),
            content_type="application/json")
    for _ in range(2):
        code, _, err = run_cli(["fetch", "pxweb", "99999", "--api", "v0", "--filter", "Region=0301,4204"], capsys)
        assert_one_line_error(code, err, URL, "dimension 'Tid'", "missing from 'dimension'")
    assert len(api.calls) == 2  # the refused answer was dropped from the cache
    assert files_under(root / "data" / "raw") == []


def test_fetch_empty_result_is_refused(root, waits, api, capsys):
    api.add("POST", URL, status=200, body=fixture_bytes("pxweb", "testdata_empty.json"))
    code, _, err = run_cli(["fetch", "pxweb", "99999", "--api", "v0"], capsys)
    assert_one_line_error(code, err, URL, "empty result")
    assert files_under(root / "data" / "raw") == []


def test_fetch_posts_the_documented_query_and_writes_snapshot(root, waits, api, capsys):
    body = fixture_bytes("pxweb", "testdata_jsonstat2.json")
    api.add("POST", URL, status=200, body=body, content_type="application/json; charset=utf-8")
    code, out, err = run_cli(["fetch", "pxweb", "99999", "--api", "v0", "--filter", "Region=0301,4204",
                              "--filter", "Tid=*"], capsys)
    assert code == 0, err
    sent = json.loads(api.calls[0].request.body)
    assert sent == {"query": [{"code": "Region", "selection": {"filter": "item", "values": ["0301", "4204"]}},
                              {"code": "Tid", "selection": {"filter": "all", "values": ["*"]}}],
                    "response": {"format": "json-stat2"}}
    [data] = [p for p in files_under(root / "data" / "raw" / "ssb" / "99999") if not p.name.endswith(".meta.json")]
    assert data.read_bytes() == body
    meta = read_meta(data)
    assert meta["query"]["json"] == sent and meta["source_url"] == URL
    assert meta["publisher"] == pxweb.PUBLISHER and meta["format"] == "json"
    assert meta["cells"] == len(fixture_json("pxweb", "testdata_jsonstat2.json")["value"])
    assert meta["missing_cells"] == 2
    assert verify_all(root / "data" / "raw") == []


def test_english_url_and_bad_table_and_lang():
    assert pxweb.build_request("07459", {}, "en", api="v0").url == "https://data.ssb.no/api/v0/en/table/07459"
    assert pxweb.build_request("07459", {}, "en").url == "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data"
    with pytest.raises(ParameterError, match="five digits"):
        pxweb.build_request("7459x", {}, "no")
    with pytest.raises(ParameterError) as info:
        sources.fetch("pxweb", "07459", lang="sv")
    assert "--lang 'sv'" in str(info.value) and "no, en" in str(info.value)
