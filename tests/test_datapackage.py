"""Data that travels: a report's figure folder as a Frictionless data package (validated with the frictionless
library) and an index page listing its files. The figures and tables here are MADE UP for the tests."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import matplotlib
import pandas as pd
import pytest

from analysis.figures import datapackage, export, style

matplotlib.use("Agg")
frictionless = pytest.importorskip("frictionless")

SOURCES = [{"title": "Made-up table T1", "publisher": "Statistics Nowhere", "url": "https://example.org/t1",
            "date_accessed": "2026-01-01", "licence": "free reuse (copy states CC BY 4.0)", "table": "T1"}]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A figure folder with one MADE-UP chart and one MADE-UP table, as a report's notebook leaves it."""
    monkeypatch.setattr(export, "display_html", lambda markup: None)
    P = SimpleNamespace(output_dir=str(tmp_path), output_href="x_files", lang="da")
    data = pd.DataFrame({"year": [2020, 2021], "value": [1.5, 2.25], "flag": [True, False]})
    fig, ax = style.new_figure()
    ax.plot(data["year"], data["value"])
    export.publish_figure(fig, "made_up_line", data, title="Opdigtet linje", units="kr. pr. indbygger",
                          sources=SOURCES, alt="opdigtet", P=P)
    table = pd.DataFrame({"Kommune": ["A", "B"], "Antal": pd.array([3, None], dtype="Int64")})
    export.publish_table(table, "made_up_table", title="Opdigtet tabel", sources=SOURCES, P=P)
    (tmp_path / "findings.json").write_text('{"findings": []}', encoding="utf-8")
    return tmp_path


def test_the_folder_is_a_valid_data_package_with_types_units_sources_and_licence(folder):
    path = datapackage.write_package(folder, name="X Report da", title="Opdigtet rapport", lang="da")
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    pkg = json.loads(path.read_text(encoding="utf-8"))
    assert pkg["name"] == "x-report-da" and pkg["language"] == "da"
    res = {r["name"]: r for r in pkg["resources"]}
    assert set(res) == {"made_up_line", "made_up_table"}            # findings.json is not a CSV resource
    line = res["made_up_line"]
    assert {f["name"]: f["type"] for f in line["schema"]["fields"]} == {"year": "integer", "value": "number",
                                                                        "flag": "boolean"}
    assert line["units"] == "kr. pr. indbygger" and line["kind"] == "figure" and line["path"] == "made_up_line.csv"
    assert line["sources"][0]["path"] == "https://example.org/t1" and line["sources"][0]["table"] == "T1"
    assert pkg["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                "title": "CC BY 4.0"}]
    assert {f["name"]: f["type"] for f in res["made_up_table"]["schema"]["fields"]} == {"Kommune": "string",
                                                                                        "Antal": "number"}


def test_a_csv_that_breaks_its_schema_fails_validation(folder):
    path = datapackage.write_package(folder, name="x", title="x", lang="en")
    (folder / "made_up_line.csv").write_text("year,value,flag\n2020,lots,True\n", encoding="utf-8")
    assert not frictionless.validate(str(path)).valid


def test_the_index_lists_and_links_every_file(folder):
    datapackage.write_package(folder, name="x", title="Opdigtet rapport", lang="da")
    page = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<td><a href="([^"]+)">', page)
    assert set(links) == {p.name for p in folder.iterdir() if p.name != "index.html"}
    assert "datapackage.json" in links and "made_up_line.svg" in links
    assert "Filer til »Opdigtet rapport«" in page and 'lang="da"' in page
    assert "<script" not in page and "http" not in page


def test_a_folder_without_data_gets_an_index_but_no_empty_package(tmp_path):
    (tmp_path / "findings.json").write_text('{"findings": []}', encoding="utf-8")
    path = datapackage.write_package(tmp_path, name="x", title="A &amp; B", lang="en")
    assert not path.exists()
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Files of &#x27;A &amp; B&#x27;" in page and "findings.json" in page and "datapackage" not in page
