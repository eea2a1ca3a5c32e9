"""Snapshots: written atomically with a computed sidecar, never overwritten, verified against the sidecar."""
from __future__ import annotations

import hashlib
import json

import pytest

from analysis.data.snapshot import count_rows, read_meta, verify_all, write_snapshot
from analysis.errors import DataError
from conftest import REPO

META = {"title": "Made-up test table", "source_url": "https://example.org/made_up.csv", "query": None,
        "date_published": None, "date_accessed": "2026-11-27", "licence": "CC BY 4.0 (test)", "notes": "made up"}
CONTENT = b"year,value\n2020,1\n2021,2\n"  # made-up test data


def test_write_snapshot_writes_file_and_sidecar(data_copy):
    path = write_snapshot(CONTENT, publisher="test", dataset="made_up", filename="t_2026-11-27.csv", meta=META)
    assert path == data_copy / "data" / "raw" / "test" / "made_up" / "t_2026-11-27.csv"
    assert path.read_bytes() == CONTENT
    meta = read_meta(path)
    assert meta["sha256"] == hashlib.sha256(CONTENT).hexdigest()
    assert meta["rows"] == 2 and meta["format"] == "csv" and meta["publisher"] == "test"
    assert [p.name for p in path.parent.iterdir()] == sorted([path.name, path.name + ".meta.json"]) or \
        sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, path.name + ".meta.json"])
    assert verify_all() == []


def test_write_snapshot_never_overwrites(data_copy):
    write_snapshot(CONTENT, publisher="test", dataset="made_up", filename="t.csv", meta=META)
    with pytest.raises(DataError) as info:
        write_snapshot(b"year,value\n2020,9\n", publisher="test", dataset="made_up", filename="t.csv", meta=META)
    assert "never overwritten" in info.value.format() and "t_<YYYY-MM-DD>.csv" in info.value.format()
    assert (data_copy / "data/raw/test/made_up/t.csv").read_bytes() == CONTENT


@pytest.mark.parametrize("field", ["title", "date_accessed", "licence", "notes", "query"])
def test_write_snapshot_requires_each_sidecar_field(data_copy, field):
    meta = {k: v for k, v in META.items() if k != field}
    with pytest.raises(DataError, match=f"sidecar fields missing: {field}"):
        write_snapshot(CONTENT, publisher="test", dataset="made_up", filename="t.csv", meta=meta)
    assert not (data_copy / "data/raw/test").exists()


def test_write_snapshot_needs_url_or_query(data_copy):
    with pytest.raises(DataError, match="source_url or an exact query"):
        write_snapshot(CONTENT, publisher="test", dataset="made_up", filename="t.csv",
                       meta={**META, "source_url": None})


def test_write_snapshot_rejects_bad_names(data_copy):
    with pytest.raises(DataError, match="not a folder name"):
        write_snapshot(CONTENT, publisher="Test Publisher", dataset="x", filename="t.csv", meta=META)
    with pytest.raises(DataError, match="not a plain file name"):
        write_snapshot(CONTENT, publisher="test", dataset="x", filename="../t.csv", meta=META)


def test_json_snapshot_rows_count_data_points(data_copy):
    doc = {"version": "2.0", "class": "dataset", "id": ["geo"], "size": [3],
           "dimension": {"geo": {"category": {"index": {"DK": 0, "NO": 1, "SE": 2}}}}, "value": [1, None, 3]}
    path = write_snapshot(json.dumps(doc).encode(), publisher="test", dataset="js", filename="x.json", meta=META)
    assert read_meta(path)["rows"] == 3


def test_geojson_snapshot_rows_count_features(data_copy):
    # made-up test data: two features, one of them with a nested coordinate array
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"KOMKODE": "0001"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
        {"type": "Feature", "properties": {"KOMKODE": "0002"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
    path = write_snapshot(json.dumps(doc).encode(), publisher="test", dataset="geo", filename="x.geojson", meta=META)
    assert read_meta(path)["format"] == "geojson"
    assert read_meta(path)["rows"] == 2
    assert verify_all(data_copy / "data" / "raw") == []


def test_shipped_statbank_file_row_count():
    path = REPO / "data/raw/dst/dk_population/dst_folk1a_population_annual__DennisHedegreen.csv"
    meta = read_meta(path)
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert meta["rows"] == len(lines) - 1 == count_rows(path.read_bytes(), "csv", delimiter=";")
    assert lines[0].startswith("OMRÅDE;")


def test_verify_reports_row_count_mismatch(data_copy):
    path = write_snapshot(CONTENT, publisher="test", dataset="made_up", filename="t.csv", meta=META)
    side = path.with_name(path.name + ".meta.json")
    meta = json.loads(side.read_text())
    meta["rows"] = 5
    side.write_text(json.dumps(meta))
    assert verify_all() == ["test/made_up/t.csv: row count 2 but sidecar says 5"]


def test_no_temporary_files_left_after_a_failed_write(data_copy, monkeypatch):
    import analysis.data.snapshot as snapshot
    calls = {"n": 0}
    real = snapshot.os.replace

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full (simulated)")
        return real(src, dst)
    monkeypatch.setattr(snapshot.os, "replace", flaky)
    with pytest.raises(OSError):
        write_snapshot(CONTENT, publisher="test", dataset="made_up", filename="t.csv", meta=META)
    folder = data_copy / "data/raw/test/made_up"
    assert list(folder.iterdir()) == []
