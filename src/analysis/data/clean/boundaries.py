"""Cleaner for the DAGI municipality boundaries: one simplified MultiPolygon per municipality code.

The published file has one Polygon per island, 98 municipalities plus Christiansø (0411, not a municipality,
left out). Parts are joined per code and simplified for a national map with Douglas–Peucker on each stretch of
border between two junctions, so neighbours keep one shared line and no slivers or gaps open between them.
"""
from __future__ import annotations

import json

import pandas as pd

from analysis.data.clean import Cleaned
from analysis.data.clean.common import rel
from analysis.data.snapshot import read_meta
from analysis.errors import DataError
from analysis.geometry import SharedSimplifier, douglas_peucker, km  # noqa: F401  (the cleaner's simplifier)

PUBLISHER, DATASET = "sdfi", "dk_municipality_boundaries"
NOT_MUNICIPALITIES = {"411": "Christiansø"}
TOLERANCE_KM = 0.5        # Douglas–Peucker tolerance: ~0.6 pt on a 15 cm wide map of Denmark
MIN_ISLAND_KM2 = 1.5      # smaller islands are left out (a municipality always keeps its largest part)
DECIMALS = 5              # ~1 m in latitude; rounding keeps shared vertices identical
GENERALISATION = (f"Douglas–Peucker {TOLERANCE_KM} km on each border stretch between junctions (shared borders "
                  f"simplified once), islands under {MIN_ISLAND_KM2} km² left out, coordinates rounded to "
                  f"{DECIMALS} decimals")
COLUMNS = ["code", "name", "geometry", "parts", "vertices", "parts_published", "vertices_published", "area_km2",
           "min_lon", "min_lat", "max_lon", "max_lat", "generalisation", "source_url", "source_title", "publisher",
           "date_accessed", "licence", "attribution", "source_id"]

Point = tuple[float, float]
Ring = list[Point]


def ring_area_km2(ring: Ring) -> float:
    """Signed area of a closed ring in km² (positive when counter-clockwise)."""
    pts = [km(p) for p in ring]
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:]))


def _read_features(path) -> list[tuple[int, str, str, list[Ring]]]:
    """(feature number, 3-digit code, name, rings) of every Polygon/MultiPolygon part in the GeoJSON file."""
    where = rel(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"not valid GeoJSON ({exc})", file=where, valid="a GeoJSON FeatureCollection") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DataError("not a GeoJSON FeatureCollection", file=where, valid='{"type": "FeatureCollection", ...}')
    out = []
    for number, feature in enumerate(doc.get("features") or [], start=1):
        props = feature.get("properties") or {}
        code = str(props.get("KOMKODE") or "").strip()
        if not code.isdigit() or len(code) not in (3, 4) or (len(code) == 4 and code[0] != "0"):
            raise DataError(f"feature {number}: municipality code {code!r} is not a DAGI code", file=where,
                            column="KOMKODE", valid="a code such as 0101 or 851")
        geom = feature.get("geometry") or {}
        if geom.get("type") == "Polygon":
            polygons = [geom["coordinates"]]
        elif geom.get("type") == "MultiPolygon":
            polygons = geom["coordinates"]
        else:
            raise DataError(f"feature {number} ({code}): geometry {geom.get('type')!r} is not a polygon",
                            file=where, column="geometry", valid="Polygon or MultiPolygon")
        for polygon in polygons:
            rings = [[(round(float(p[0]), DECIMALS), round(float(p[1]), DECIMALS)) for p in r] for r in polygon]
            if any(len(r) < 4 for r in rings):
                raise DataError(f"feature {number} ({code}): a ring with fewer than 4 points", file=where,
                                column="geometry", valid="closed rings of at least 4 points")
            out.append((number, code[-3:], str(props.get("KOMNAVN") or ""), rings))
    return out


def _oriented(ring: Ring, outer: bool) -> Ring:
    """The ring counter-clockwise when outer, clockwise when a hole (GeoJSON's right-hand rule)."""
    return ring if (ring_area_km2(ring) > 0) == outer else ring[::-1]


def shapes(features: list[tuple[int, str, str, list[Ring]]]) -> dict[str, dict]:
    """Per code: name, simplified polygons (lists of rings), published part and vertex counts, feature numbers."""
    by_code: dict[str, dict] = {}
    for number, code, name, rings in features:
        entry = by_code.setdefault(code, {"name": name, "polygons": [], "features": []})
        entry["polygons"].append(rings)
        entry["features"].append(number)
    simplifier = SharedSimplifier({c: [r for p in e["polygons"] for r in p] for c, e in by_code.items()},
                                  TOLERANCE_KM)
    for entry in by_code.values():
        published = entry["polygons"]
        simple = [[simplifier.ring(r) for r in polygon] for polygon in published]
        areas = [abs(ring_area_km2(p[0])) for p in simple]
        largest = max(range(len(simple)), key=areas.__getitem__)
        kept = [[_oriented(r, k == 0) for k, r in enumerate(p)] for i, p in enumerate(simple)
                if i == largest or (len(p[0]) >= 4 and areas[i] >= MIN_ISLAND_KM2)]
        entry.update(polygons=kept, parts_published=len(published),
                     vertices_published=sum(len(r) for p in published for r in p),
                     area_km2=sum(abs(ring_area_km2(p[0])) - sum(abs(ring_area_km2(h)) for h in p[1:])
                                  for p in kept))
    return by_code


def check_codes(found: set[str], reference: pd.DataFrame, where: str) -> None:
    """Exactly the reference's municipality codes: name what is missing or unknown."""
    names = dict(zip(reference["code"], reference["name"]))
    missing = sorted(set(names) - found)
    if missing:
        listed = ", ".join(f"{c} {names[c]}" for c in missing[:5])
        raise DataError(f"no boundary for {len(missing)} municipalit{'y' if len(missing) == 1 else 'ies'}: "
                        f"{listed}", file=where, column="KOMKODE",
                        valid="one shape for each of the 98 codes of dk_municipalities")
    unknown = sorted(found - set(names))
    if unknown:
        raise DataError(f"codes that are not municipalities: {', '.join(unknown)}", file=where, column="KOMKODE",
                        valid="the 98 codes of dk_municipalities (Christiansø 0411 is left out)")


def dk_municipality_boundaries(path, decl, tables: dict[str, Cleaned]) -> Cleaned:
    """One row per municipality: code, DAGI name, simplified GeoJSON MultiPolygon (WGS84), counts, provenance."""
    where, meta = rel(path), read_meta(path)
    features = [f for f in _read_features(path) if f[1] not in NOT_MUNICIPALITIES]
    by_code = shapes(features)
    check_codes(set(by_code), tables["dk_municipalities"].df, where)
    rows = []
    for code in sorted(by_code):
        e = by_code[code]
        lons = [p[0] for poly in e["polygons"] for p in poly[0]]
        lats = [p[1] for poly in e["polygons"] for p in poly[0]]
        geometry = {"type": "MultiPolygon", "coordinates": [[[list(p) for p in r] for r in poly]
                                                            for poly in e["polygons"]]}
        rows.append({
            "code": code, "name": e["name"], "geometry": json.dumps(geometry, separators=(",", ":")),
            "parts": len(e["polygons"]), "vertices": sum(len(r) for p in e["polygons"] for r in p),
            "parts_published": e["parts_published"], "vertices_published": e["vertices_published"],
            "area_km2": round(e["area_km2"], 1), "min_lon": min(lons), "min_lat": min(lats),
            "max_lon": max(lons), "max_lat": max(lats), "generalisation": GENERALISATION,
            "source_url": str(meta.get("source_url") or ""), "source_title": str(meta.get("title", "")),
            "publisher": str(meta.get("publisher", "")), "date_accessed": str(meta.get("date_accessed", "")),
            "licence": str(meta.get("licence", "")), "attribution": str(meta.get("attribution", "")),
            "source_id": f"{where}#features={','.join(map(str, e['features']))}",
        })
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("parts", "vertices", "parts_published", "vertices_published"):
        df[col] = df[col].astype("Int64")
    return Cleaned(df, [path])
