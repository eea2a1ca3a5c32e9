"""The StatBank reader on the real FOLK1A API response (CSV) and on StatBank's JSON-stat and error formats."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from datetime import date

import pytest

from analysis.data import sources
from analysis.data.snapshot import read_meta, verify_all
from analysis.data.sources import statbank
from analysis.errors import DataError
from test_sources_support import (FIXTURES, api, assert_one_line_error, files_under, fixture_bytes,  # noqa: F401
                                  fixture_json, root, run_cli, waits)

FOLK1A_FILE = FIXTURES / "statbank" / "folk1a_population_annual_en.csv"


def folk1a_rows() -> list[dict]:
    """The fixture read independently with the csv module (semicolon, BOM stripped)."""
    return list(csv.DictReader(io.StringIO(FOLK1A_FILE.read_text("utf-8-sig")), delimiter=";"))


def test_folk1a_csv_parses_to_the_numbers_in_the_file():
    rows = folk1a_rows()
    frame = statbank.parse(FOLK1A_FILE.read_bytes(), str(FOLK1A_FILE)).frame
    assert len(frame) == len(rows)
    assert list(frame.columns) == ["OMRÅDE", "KØN", "ALDER", "CIVILSTAND", "TID", "value", "value_as_printed",
                                   "status", "flag"]
    expected = next(int(r["INDHOLD"]) for r in rows if r["OMRÅDE"] == "All Denmark" and r["TID"] == "2022Q1")
    got = frame.loc[(frame["OMRÅDE"] == "All Denmark") & (frame["TID"] == "2022Q1"), "value"]
    assert got.tolist() == [float(expected)]
    assert frame["value"].tolist() == [float(r["INDHOLD"]) for r in rows]
    assert (frame["flag"] == "").all()


def test_folk1a_municipalities_reconcile_with_the_country_total_in_the_file():
    """In the file, 98 municipalities plus Christiansø, and the five regions, each add up to All Denmark."""
    frame = statbank.parse(FOLK1A_FILE.read_bytes(), str(FOLK1A_FILE)).frame
    for quarter, group in frame.groupby("TID"):
        total = group.loc[group["OMRÅDE"] == "All Denmark", "value"].item()
        parts = group.loc[~group["OMRÅDE"].isin(["All Denmark"]) & ~group["OMRÅDE"].str.startswith("Region "),
                          "value"]
        regions = group.loc[group["OMRÅDE"].str.startswith("Region "), "value"]
        assert len(parts) == 99, quarter  # 98 municipalities + Christiansø
        assert parts.sum() == total, quarter
        assert len(regions) == 5 and regions.sum() == total, quarter  # Christiansø is counted in a region


def test_statbank_jsonstat_agrees_with_the_csv():
    js = statbank.parse(fixture_bytes("statbank", "folk1a_jsonstat.json"), "folk1a_jsonstat.json")
    assert js.fmt == "json-stat"
    by_label = {(r["OMRÅDE"], r["TID"]): float(r["INDHOLD"]) for r in folk1a_rows()}
    assert len(js.frame) == 4
    for row in js.frame.itertuples():
        assert row.value == by_label[(row.OMRÅDE_label, row.Tid_label)]
    assert set(js.frame["OMRÅDE"]) == {"000", "101"}


def test_missing_marker_and_decimal_comma():
    body = fixture_bytes("statbank", "testdata_missing_marker_da.csv")
    frame = statbank.parse(body, "testdata").frame
    raw = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))[1:]
    for (_, _, printed), row in zip(raw, frame.itertuples()):
        assert row.value_as_printed == printed
        if printed == "..":
            assert math.isnan(row.value) and row.flag == ".."
        else:
            assert row.value == float(printed.replace(",", ".")) and row.flag == ""


@pytest.mark.parametrize("body, needles", [
    ("OMRÅDE;TID;INDHOLD\r\nA;2022;1.234.567\r\n".encode(), ["row 2", "column 'INDHOLD'", "1.234.567"]),
    ("OMRÅDE,TID,INDHOLD\r\nA,2022,5\r\n".encode(), ["row 1", "comma-separated", "semicolon"]),
    ("OMRÅDE;TID;INDHOLD\r\nA;2022\r\n".encode(), ["row 2", "2 fields", "OMRÅDE;TID;INDHOLD"]),
    ("OMRÅDE;TID;INDHOLD\r\nKøge;2022;5\r\n".encode("latin-1"), ["not UTF-8"]),
])
def test_malformed_statbank_csv_names_row_column_and_valid_form(body, needles):
    with pytest.raises(DataError) as info:
        statbank.parse(body, "saved.csv")
    text = str(info.value)
    assert "\n" not in text and text.startswith("saved.csv")
    for needle in needles:
        assert needle in text


def test_build_request_is_the_documented_post_body():
    req = statbank.build_request("FOLK1A", {"OMRÅDE": ["000", "101"], "Tid": ["2022K1"]}, "en")
    assert (req.method, req.url) == ("POST", "https://api.statbank.dk/v1/data")
    assert req.json == {"table": "FOLK1A", "format": "CSV", "lang": "en",
                        "variables": [{"code": "OMRÅDE", "values": ["000", "101"]},
                                      {"code": "Tid", "values": ["2022K1"]}]}


def test_fetch_writes_snapshot_and_sidecar(root, waits, api, capsys):
    body = FOLK1A_FILE.read_bytes()
    api.add("POST", statbank.URL, status=200, body=body, content_type="text/csv; charset=utf-8")
    code, out, err = run_cli(["fetch", "statbank", "FOLK1A", "--filter", "OMRÅDE=*", "--filter",
                              "Tid=2008K1,2011K1,2015K1,2019K1,2022K1"], capsys)
    assert code == 0, err
    sent = json.loads(api.calls[0].request.body)
    assert sent["variables"][1] == {"code": "Tid", "values": ["2008K1", "2011K1", "2015K1", "2019K1", "2022K1"]}
    written = [p for p in files_under(root / "data" / "raw") if not p.name.endswith(".meta.json")]
    assert [p.relative_to(root / "data" / "raw").parts[:2] for p in written] == [("dst", "folk1a")]
    assert written[0].name == f"folk1a_{date.today().isoformat()}.csv"
    assert written[0].read_bytes() == body
    meta = read_meta(written[0])
    assert meta["query"] == {"method": "POST", "url": statbank.URL, "json": sent}
    assert meta["source_url"] == statbank.URL
    assert meta["publisher"] == statbank.PUBLISHER and "CC BY 4.0" in meta["licence"]
    assert meta["date_accessed"] == date.today().isoformat()
    assert meta["sha256"] == hashlib.sha256(body).hexdigest()
    assert meta["rows"] == len(folk1a_rows()) == meta["cells"]
    assert meta["format"] == "csv" and meta["missing_cells"] == 0
    assert verify_all(root / "data" / "raw") == []


def test_refetch_same_day_writes_a_new_file_beside_the_old(root, waits, api, capsys):
    api.add("POST", statbank.URL, status=200, body=FOLK1A_FILE.read_bytes())
    outs = []
    for _ in range(2):
        code, out, err = run_cli(["fetch", "statbank", "FOLK1A"], capsys)
        assert code == 0, err
        outs.append(out)
    assert "--refresh" not in outs[0] and "local cache" in outs[1] and "--refresh" in outs[1]
    names = sorted(p.name for p in files_under(root / "data" / "raw" / "dst" / "folk1a"))
    day = date.today().isoformat()
    assert names == [f"folk1a_{day}.csv", f"folk1a_{day}.csv.meta.json",
                     f"folk1a_{day}_2.csv", f"folk1a_{day}_2.csv.meta.json"]
    assert "cache" in read_meta(root / "data" / "raw" / "dst" / "folk1a" / f"folk1a_{day}_2.csv")["notes"]
    assert len(api.calls) == 1


def test_read_file_detects_csv_and_jsonstat():
    assert sources.read_file("statbank", FOLK1A_FILE)[1].fmt == "csv"
    assert sources.read_file("statbank", FIXTURES / "statbank" / "folk1a_jsonstat.json")[1].fmt == "json-stat"
