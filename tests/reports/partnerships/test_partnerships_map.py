"""The partnerships report's map: which municipalities belong to which Danish partnership, from the catalogue
tables; one small map per partnership, so a municipality in several appears on each of theirs."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pandas as pd

from analysis.figures import export, maps, style
from analysis.reports.partnerships import compute as m
from analysis.reports.partnerships import page as pp
from analysis.reports.partnerships.params import Params


def test_map_members_from_made_up_catalogue_tables():
    cat = pd.DataFrame([  # MADE-UP catalogue: one shared operation, one system club, one pre-2007 merger
        {"partnership_id": "X1", "name": "Ops A-B", "country": "DK", "member_count": 2, "since": 2014,
         "scope": "shared IT operations"},
        {"partnership_id": "X2", "name": "Case Club", "country": "DK", "member_count": 9, "since": None,
         "scope": "shared case system"},
        {"partnership_id": "X3", "name": "Old merger", "country": "DK", "member_count": 2, "since": 2006,
         "scope": "joint IT ahead of a merger"},
        {"partnership_id": "X4", "name": "Fjord IKT", "country": "NO", "member_count": 1, "since": 2006,
         "scope": "ICT"},
    ])
    members = pd.DataFrame([  # MADE-UP coded members (the old merger's members have no current code)
        {"partnership_id": p, "country": c, "member": n, "municipality_code": code, "publisher": "Paper",
         "source_url": "https://example.org/a"}
        for p, c, n, code in (("X1", "DK", "Aby", "101"), ("X1", "DK", "Bby", "147"), ("X2", "DK", "Bby", "147"),
                              ("X3", "DK", "Oldby", ""), ("X3", "DK", "Elder", None), ("X4", "NO", "Dby", "4201"))])
    dk = pd.DataFrame([  # MADE-UP Danish list: X1 again under another name, and a digitalisation association
        {"year": 2014, "geo_code": "101", "geography": "Aby", "indicator": "member:Shared operations Aby-Bby"},
        {"year": 2014, "geo_code": "147", "geography": "Bby", "indicator": "member:Shared operations Aby-Bby"},
        {"year": 2016, "geo_code": "101", "geography": "Aby", "indicator": "member:Digi Forening (founder)"},
        {"year": 2017, "geo_code": "825", "geography": "Cby", "indicator": "member:Digi Forening (founder)"},
        {"year": 2018, "geo_code": "", "geography": "Digi Forening", "indicator": "member_municipalities",
         "value": 30.0},
    ]).assign(publisher="Web", source_url="https://example.org/b")
    out = m.map_members(cat, members, dk)
    assert list(dict.fromkeys(out["key"])) == ["X1", "X2", "Digi Forening (founder)"]   # kinds in map order
    assert dict(zip(out["key"], out["kind"])) == {"X1": "operations", "X2": "system",
                                                  "Digi Forening (founder)": "digitalisation"}
    assert set(out.loc[out["key"] == "X1", "code"]) == {"101", "147"}          # the duplicate list entry once
    assert "X3" not in set(out["key"])                                           # no current codes: not mapped
    known = out.drop_duplicates("key").set_index("key")["members_known"]
    assert known["X2"] == 9 and pd.isna(known["X1"]) and known["Digi Forening (founder)"] == 30
    assert out.loc[out["key"] == "Digi Forening (founder)", "since"].unique().tolist() == [2016]
    counts = m.membership_counts(out).set_index("code")
    assert counts.loc["101", "partnerships"] == 2 and counts.loc["101", "keys"] == ["X1", "Digi Forening (founder)"]
    assert counts.loc["147", "keys"] == ["X1", "X2"] and counts.loc["825", "partnerships"] == 1
    assert m.partnership_kind("digitalisation and IT cooperation (pre-analysis)") == "analysis"


def drawn(lang, out, monkeypatch) -> SimpleNamespace:
    shown: list[str] = []
    monkeypatch.setattr(export, "display_html", shown.append)
    monkeypatch.setattr(pp.report, "markdown", shown.append)
    monkeypatch.setattr(pp.report, "heading", lambda *a, **k: None)
    P = Params.from_namespace({"lang": lang, "output_dir": str(out), "output_href": "x"})
    pp.members_map(pp.Page(P))
    html = "".join(shown)
    narrow = html[html.index('<div class="wb-map-narrow">'):html.index('<div class="wb-map-wide">')]
    panels = []   # per small map of the narrow SVG: {member title: fill}
    for group in re.findall(r'<g class="wb-pm-n-members"[^>]*>(.*?)</g></g>', narrow):
        panels.append({t: f for f, t in re.findall(r'<path d="[^"]+" fill="([^"]+)"><title>([^<]+)</title>', group)})
    return SimpleNamespace(html=html, narrow=narrow, panels=panels,
                           csv=pd.read_csv(out / "partnership_map.csv", dtype={"code": str}),
                           meta=json.loads((out / "partnership_map.json").read_text(encoding="utf-8")))


def test_named_municipalities_are_on_the_maps_of_their_partnerships(built, tmp_path, monkeypatch):
    d = drawn("en", tmp_path, monkeypatch)
    csv = d.csv

    def panel_of(word):
        hits = csv.loc[csv["partnership"].str.contains(word, regex=False), "panel"].unique()
        assert len(hits) == 1, word
        return int(hits[0])

    def members(panel):
        return set(csv.loc[csv["panel"] == panel, "municipality"])

    ops, k14, sbsys, digit = panel_of("IT-forsyningen"), panel_of("K14"), panel_of("SBSYS"), panel_of("DIGIT")
    assert members(ops) == {"Egedal", "Ballerup", "Furesø"}
    assert {"Holbæk", "Roskilde", "Sorø", "Lolland"} <= members(k14) and len(members(k14)) == 14
    assert members(sbsys) == {"Faxe", "Struer", "Hedensted"}
    # a municipality in several partnerships is on each of their maps, and the CSV counts them
    holbaek = csv[csv["municipality"] == "Holbæk"]
    assert set(holbaek["panel"]) == {k14, digit} and set(holbaek["partnerships"]) == {2}
    assert set(csv.loc[csv["municipality"] == "Ballerup", "partnerships"]) == {2}
    assert csv.loc[csv["panel"] == ops, "color"].unique().tolist() == [style.CATEGORICAL[0]]
    assert "West Sønderjylland IT merger" in d.html.split("<figure")[0]     # said to be left out, not hidden
    assert "3 of 17 members named" in d.narrow                               # SBSYS: only named members coloured


def test_the_csv_is_what_each_small_map_colours(built, tmp_path, monkeypatch):
    d = drawn("da", tmp_path, monkeypatch)
    csv = d.csv
    assert len(d.panels) == csv["panel"].nunique()
    for number, panel in enumerate(d.panels, start=1):
        rows = csv[csv["panel"] == number]
        names = {t.split(" – ")[0]: f for t, f in panel.items()}
        assert names == dict(zip(rows["municipality"], rows["color"])), number
    also = [t for p in d.panels for t in p if " – også i: " in t]
    assert len(also) == int((csv["partnerships"] > 1).sum())
    assert "DAGI" in d.meta["source_line"] and "Computerworld" in d.meta["source_line"]
    assert d.meta["alt"].startswith("Små kort over Danmark") and "Egedal" in d.meta["alt"]
    for part in d.html.split("<svg")[1:]:
        assert len(("<svg" + part.split("</svg>")[0]).encode()) <= 150 * 1024
    assert d.html.count("<svg") == 2 and ".wb-map-narrow{display:none}" in d.html
    saved = (tmp_path / "partnership_map.svg").read_text(encoding="utf-8")   # the download: title, maps, sources
    assert len(saved.encode()) <= 150 * 1024 and d.meta["title"] in saved and "DAGI" in saved
    assert saved.count('<g id="wb-pm-w-base"') == 1


def test_panel_svg_draws_the_country_once_and_members_on_top(built):
    shapes = maps.load_shapes()
    panels = [maps.Panel("A", "1", {"101": "#D55E00"}), maps.Panel("B", "2", {"101": "#0072B2", "825": "#0072B2"})]
    svg = maps.panels_svg(shapes, panels, title="t", desc="d", legend=[("#D55E00", "x")], id_prefix="p")
    assert svg.count('<g id="p-base"') == 1 and svg.count('<use ') == 2
    assert svg.count('fill="#0072B2"><title>') == 2 and svg.count('fill="#D55E00"><title>') == 1
