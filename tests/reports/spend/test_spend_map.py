"""The spend report's map: classes, colours, missing municipalities, its CSV and SVG, on the real boundaries and
accounts (one municipality's figure removed in a MADE-UP variant to show how missing data is drawn)."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.figures import export, maps, style
from analysis.reports.spend import compute as spend
from analysis.reports.spend import page as spend_page
from analysis.reports.spend.params import Params


def test_map_values_and_far_outliers_on_made_up_accounts():
    acc = pd.DataFrame([  # MADE-UP accounts: a country row, three municipalities, one without a value
        {"year": 2021, "geo_code": "000", "geography": "Whole", "geo_level": "country", "value": 50.0},
        {"year": 2021, "geo_code": "101", "geography": "A", "geo_level": "municipality", "value": 10.0},
        {"year": 2021, "geo_code": "147", "geography": "B", "geo_level": "municipality", "value": None},
        {"year": 2021, "geo_code": "825", "geography": "C", "geo_level": "municipality", "value": 900.0},
        {"year": 2020, "geo_code": "101", "geography": "A", "geo_level": "municipality", "value": 1.0},
    ])
    values = spend.dk_map_values(acc, 2021)
    assert values == {"101": 10.0, "825": 900.0}   # no country row, no missing value, no other year
    far = spend.far_outliers(values, {"101": "A", "825": "C"}, 100.0)
    assert far.to_dict("records") == [{"code": "825", "name": "C", "value": 900.0}]
    bounds = pd.DataFrame({"code": ["101", "147", "825"], "name": ["A (DAGI)", "B (DAGI)", "C (DAGI)"]})
    assert spend.dk_map_names(acc, bounds, 2021) == {"101": "A", "147": "B", "825": "C"}


def draw(lang: str, out, monkeypatch, drop: tuple[str, ...] = ()) -> SimpleNamespace:
    """Run the page's map section on the built tables (optionally without some municipalities' figures) and
    capture what it showed."""
    shown: list[str] = []
    monkeypatch.setattr(export, "display_html", shown.append)
    monkeypatch.setattr(spend_page.report, "markdown", shown.append)
    P = Params.from_namespace({"lang": lang, "output_dir": str(out), "output_href": "spend_files"})
    pg = spend_page.Page(P)
    if drop:
        acc = pg.d.dk_accounts
        pg.d.dk_accounts = acc[~acc["geo_code"].isin(drop)]
    spend_page.denmark_map(pg)
    html = "".join(shown)
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    fills = {}
    for href, attrs in re.findall(r'<a href="([^"]+)" aria-label="[^"]*"><path d="[^"]+"([^>]*)>', svg):
        fills[href] = attrs
    return SimpleNamespace(html=html, svg=svg, fills=fills, csv=pd.read_csv(out / "dk_admin_map.csv",
                                                                          dtype={"code": str}),
                           meta=json.loads((out / "dk_admin_map.json").read_text(encoding="utf-8")), pg=pg)


def profile_href(name: str, lang: str) -> str:
    from analysis.layout import slug
    return f"../profiles/{lang}/{slug(name)}.html"


def test_three_named_municipalities_are_coloured_by_their_class(built, tmp_path, monkeypatch, real):
    m = draw("da", tmp_path, monkeypatch)
    acc = real("dk_regk31_64551_administration")
    year = int(acc["year"].max())
    latest = acc[(acc["year"] == year) & (acc["geo_level"] == "municipality")].set_index("geo_code")["value"]
    csv = m.csv.set_index("code")
    colours = style.sequential(5)
    # classes rise with the values: every value of a class is below every value of the next
    by_class = csv.groupby("class")["value"]
    assert all(by_class.max()[k] < by_class.min()[k + 1] for k in range(1, csv["class"].max()))
    for code, name, expected in (("101", "København", None), ("730", "Randers", 1), ("825", "Læsø", 5)):
        row = csv.loc[code]
        assert row["value"] == latest[code] and row["name"] == name
        if expected is not None:   # Randers is the lowest of all, Læsø far above the rest (open top class)
            assert row["class"] == expected
        assert row["color"] == colours[row["class"] - 1]
        assert f'fill="{row["color"]}"' in m.fills[profile_href(name, "da")]
    assert csv.loc["825", "class_label"].endswith("og derover")


def test_the_csv_is_what_the_map_colours_and_the_source_names_both_tables(built, tmp_path, monkeypatch, real):
    m = draw("en", tmp_path, monkeypatch)
    acc = real("dk_regk31_64551_administration")
    year = int(acc["year"].max())
    latest = acc[(acc["year"] == year) & (acc["geo_level"] == "municipality")]
    assert len(m.csv) == 98 and list(m.csv.columns) == maps.CSV_COLUMNS
    assert dict(zip(m.csv["code"], m.csv["value"])) == dict(zip(latest["geo_code"], latest["value"]))
    for name, color in zip(m.csv["name"], m.csv["color"]):
        assert f'fill="{color}"' in m.fills[profile_href(name, "en")], name
    assert "REGK31" in m.meta["source_line"] and "DAGI" in m.meta["source_line"]
    top, low = latest.loc[latest["value"].idxmax()], latest.loc[latest["value"].idxmin()]
    assert f"highest in {top['geography']}" in m.meta["alt"] and f"lowest in {low['geography']}" in m.meta["alt"]
    assert len(m.svg.encode()) <= 150 * 1024 and (tmp_path / "dk_admin_map.svg").stat().st_size <= 150 * 1024
    # the four small islands, far above the rest, are named with their values in the text
    text = m.html.split("<figure")[0]
    for island in ("Læsø", "Samsø", "Fanø", "Ærø"):
        assert island in text


def test_a_municipality_without_a_figure_is_drawn_as_missing(built, tmp_path, monkeypatch):
    m = draw("da", tmp_path, monkeypatch, drop=("147",))   # MADE-UP gap: Frederiksberg's figure removed
    row = m.csv.set_index("code").loc["147"]
    assert pd.isna(row["value"]) and pd.isna(row["class"]) and row["color"] == style.MISSING_FILL
    assert 'class="wb-missing"' in m.fills[profile_href("Frederiksberg", "da")]
    assert sum('wb-missing' in a for a in m.fills.values()) == 1
    key = m.svg.split("</a>")[-1]
    assert "intet tal" in key and "url(#wb-hatch)" in key    # hatched and named in the legend
    assert "Intet tal for Frederiksberg" in m.meta["alt"]
    assert "intet tal for Frederiksberg" in m.html.split("<figure")[0]


def test_the_report_folder_with_the_map_is_a_valid_data_package(built, tmp_path, monkeypatch):
    frictionless = pytest.importorskip("frictionless")
    from analysis.figures import datapackage
    draw("da", tmp_path, monkeypatch, drop=("147",))   # with a missing value: empty cells in number columns
    path = datapackage.write_package(tmp_path, name="da-spend", title="Kommunernes it-udgifter", lang="da")
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    res = json.loads(path.read_text(encoding="utf-8"))["resources"][0]
    assert res["name"] == "dk_admin_map" and res["units"] == "kr. pr. indbygger"
    assert {f["name"]: f["type"] for f in res["schema"]["fields"]}["highlighted"] == "boolean"
    assert {s["table"] for s in res["sources"] if "table" in s} == {"REGK31"}


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG) of a #rrggbb colour: what a greyscale print keeps of it."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_the_classes_stay_ordered_in_greyscale_and_members_stand_out():
    for k in (3, 4, 5):
        lum = [_luminance(c) for c in style.sequential(k)]
        assert all(a - b > 0.04 for a, b in zip(lum, lum[1:])), k    # light to dark, each step visible in grey
        assert lum[0] < _luminance(style.MISSING_FILL)                # the lowest class is not white like "no figure"
    for colour in style.CATEGORICAL[:4]:                              # partnership kinds against the grey others
        assert _luminance(maps.OTHER_FILL) / _luminance(colour) > 2.5, colour
