"""DAGI boundaries: one simplified shape per municipality code, equal to the reference, borders still shared."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.build import build_all
from analysis.data.clean import boundaries as bd
from analysis.data.schemas import Context, validate
from analysis.data.snapshot import read_meta
from analysis.errors import DataError
from conftest import resave_snapshot

SNAPSHOT = Path("data/raw/sdfi/dk_municipality_boundaries/kommuner_dagi500_2014-02-13.geojson")


def test_every_code_has_one_shape_and_the_codes_equal_the_reference(real):
    shapes, ref = real("dk_municipality_boundaries"), real("dk_municipalities")
    assert len(ref) == 98
    assert shapes["code"].is_unique
    assert sorted(shapes["code"]) == sorted(ref["code"])
    assert "411" not in set(shapes["code"])  # Christiansø is not a municipality
    for geometry in shapes["geometry"]:
        geo = json.loads(geometry)
        assert geo["type"] == "MultiPolygon" and geo["coordinates"]


def test_simplified_shapes_keep_their_area_and_fit_a_map(real):
    shapes = real("dk_municipality_boundaries").set_index("code")
    assert shapes["vertices"].sum() < 7000 < shapes["vertices_published"].sum()
    published: dict[str, float] = {}
    for f in json.loads((Path(__file__).resolve().parents[1] / SNAPSHOT).read_text(encoding="utf-8"))["features"]:
        rings = [[tuple(p[:2]) for p in r] for r in f["geometry"]["coordinates"]]
        area = abs(bd.ring_area_km2(rings[0])) - sum(abs(bd.ring_area_km2(r)) for r in rings[1:])
        code = f["properties"]["KOMKODE"][-3:]
        published[code] = published.get(code, 0.0) + area
    for code, area in shapes["area_km2"].items():
        assert area == pytest.approx(published[code], rel=0.04, abs=2.5), code  # Dragør: 18.4 -> 16.3
    assert shapes.loc["147", "area_km2"] == pytest.approx(8.7, abs=0.3)       # Frederiksberg
    assert shapes.loc["400", "min_lon"] > 14.6                               # Bornholm, without Christiansø


def test_neighbours_still_share_their_simplified_border(real):
    """No slivers or gaps: municipalities that meet in the published file still meet in the same vertices, and
    the enclave Frederiksberg's whole outline is København's hole."""
    shapes = real("dk_municipality_boundaries").set_index("code")

    def points(geometry: dict) -> set:
        return {(round(p[0], 5), round(p[1], 5)) for poly in geometry["coordinates"] for ring in poly for p in ring}

    simple = {c: points(json.loads(g)) for c, g in shapes["geometry"].items()}
    published: dict[str, set] = {}
    for f in json.loads((Path(__file__).resolve().parents[1] / SNAPSHOT).read_text(encoding="utf-8"))["features"]:
        code = f["properties"]["KOMKODE"][-3:]
        published.setdefault(code, set()).update(points({"coordinates": [f["geometry"]["coordinates"]]}))
    codes = sorted(simple)
    pairs = [(a, b) for i, a in enumerate(codes) for b in codes[i + 1:] if len(published[a] & published[b]) >= 2]
    assert len(pairs) == 186  # the land borders between the 98 in the published file
    assert all(len(simple[a] & simple[b]) >= 2 for a, b in pairs)
    assert simple["147"] <= simple["101"]
    assert ("151", "240") in pairs  # Ballerup and Egedal


def test_shared_simplifier_gives_both_neighbours_one_line():
    # made-up test data: two unit squares side by side with a wiggly shared border
    border = [(1.0, 0.0)] + [(1.0 + (0.0001 if i % 2 else 0), i / 10) for i in range(1, 10)] + [(1.0, 1.0)]
    left = [(0.0, 0.0)] + border + [(0.0, 1.0), (0.0, 0.0)]
    right = [(2.0, 0.0), (2.0, 1.0)] + border[::-1] + [(2.0, 0.0)]
    simp = bd.SharedSimplifier({"a": [left], "b": [right]}, tolerance_km=0.5)
    a, b = simp.ring(left), simp.ring(right)
    assert set(a) & set(b) == {(1.0, 0.0), (1.0, 1.0)}  # the wiggles go on both sides alike
    assert a[0] == a[-1] and b[0] == b[-1]


def test_douglas_peucker_keeps_the_ends_and_far_points():
    pts = [(10.0, 56.0), (10.1, 56.0251), (10.2, 56.05), (10.3, 56.0)]  # the 2nd is 10 m off the chord
    assert bd.douglas_peucker(pts, 0.5) == [(10.0, 56.0), (10.2, 56.05), (10.3, 56.0)]


def test_a_missing_municipality_is_named(built_copy):
    # made-up damage: Læsø's feature removed from a copy of the snapshot
    path = built_copy / SNAPSHOT
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["KOMKODE"] != "0825"]
    resave_snapshot(path, json.dumps(doc).encode())
    with pytest.raises(DataError, match=r"no boundary for 1 municipality: 825 Læsø") as exc:
        build_all()
    assert "dk_municipality_boundaries" in str(exc.value) and "98 codes" in str(exc.value)


def test_a_bad_code_is_named_with_its_feature(built_copy):
    path = built_copy / SNAPSHOT
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][2]["properties"]["KOMKODE"] = "K665"   # made-up damage
    resave_snapshot(path, json.dumps(doc).encode())
    with pytest.raises(DataError, match=r"feature 3: municipality code 'K665' is not a DAGI code"):
        build_all()


def test_schema_refuses_a_duplicate_or_a_missing_shape(real):
    shapes, ref = real("dk_municipality_boundaries"), real("dk_municipalities")
    ctx = Context(dk_codes=frozenset(ref["code"]))
    validate("dk_municipality_boundaries", "dk_municipality_boundaries", shapes, ctx)
    doubled = pd.concat([shapes, shapes.iloc[[0]]], ignore_index=True)
    with pytest.raises(DataError, match=r"table dk_municipality_boundaries fails the check 'one row for each of "
                                        r"the 98 municipality codes' \(99 rows\)"):
        validate("dk_municipality_boundaries", "dk_municipality_boundaries", doubled, ctx)
    with pytest.raises(DataError, match=r"one row for each of the 98 municipality codes' \(97 rows\)"):
        validate("dk_municipality_boundaries", "dk_municipality_boundaries", shapes.iloc[1:], ctx)


def test_snapshot_sidecar_records_repository_commit_vintage_and_licence():
    meta = read_meta(Path(__file__).resolve().parents[1] / SNAPSHOT)
    assert meta["upstream_repository"] == "https://github.com/Neogeografen/dagi"
    assert len(meta["upstream_commit"]) == 40 and meta["upstream_commit"] in meta["source_url"]
    assert meta["upstream_path"] == "geojson/kommuner.geojson"
    assert meta["dagi_vintage"].startswith("2014-02-13") and "1:500 000" in meta["dagi_vintage"]
    assert "Vilkår for brug af frie geografiske data" in meta["licence"] and "CC BY 4.0" in meta["licence"]
    assert meta["rows"] == 311 and meta["format"] == "geojson"
    assert meta["attribution"].startswith("Indeholder data fra Geodatastyrelsen, DAGI")
