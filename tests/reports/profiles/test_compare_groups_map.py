"""The reader's comparison set (`compare`), peers by Statistics Denmark's municipality groups (`peers: group`)
and the profile's map: made-up tables for the arithmetic, the real pipeline for the refusals (no kernel started),
and one executed profile whose line, map and CSVs are recomputed from the processed tables."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.reports.profiles import compute, load
from analysis.reports.profiles.params import Params

REPO = Path(__file__).resolve().parents[3]


# --- MADE-UP tables (not real figures) --------------------------------------------------------------------------

def made_up():
    munis = pd.DataFrame({"code": ["001", "002", "003", "004"], "name": ["Aby", "Bby", "Cby", "Dby"],
                          "region": ["R1", "R1", "R2", "R2"]})
    pop = pd.DataFrame([{"year": 2019, "geo_code": c, "geo_level": "municipality", "value": v, "note": ""}
                        for c, v in zip(munis["code"], [100.0, 300.0, 60.0, 1000.0])])
    spend = pd.DataFrame([{"year": y, "geo_code": c, "geo_level": "country" if c == "000" else "municipality",
                           "value": v} for y, vals in {2018: {"000": 20.0, "001": 10.0, "002": 30.0, "003": 30.0,
                                                              "004": 5.0},
                                                       2019: {"000": 25.0, "001": 40.0, "002": 20.0, "003": 10.0,
                                                              "004": 30.0}}.items() for c, v in vals.items()])
    groups = pd.DataFrame({"code": ["001", "002", "003", "004"], "group": [3, 5, 3, 3],
                           "group_name": ["P", "L", "P", "P"]})
    empty = pd.DataFrame(columns=["year", "geo_code", "geo_level", "indicator"])
    cat = pd.DataFrame(columns=["country", "members", "member_count", "name", "source_url"])
    return dict(spend=spend, municipalities=munis, population=pop, dk_partnerships=empty, catalogue=cat), groups


def test_group_peers_are_the_same_group_without_the_municipality():
    tables, groups = made_up()
    pops = compute.municipality_population(tables["population"])
    assert compute.peer_codes(tables["municipalities"], pops, "001", "group", groups=groups) == ["003", "004"]
    assert compute.peer_codes(tables["municipalities"], pops, "002", "group", groups=groups) == []
    prof = compute.build_profile("003", **tables, peers="group", groups=groups)
    assert prof.peer_codes == ["001", "004"] and (prof.group, prof.group_name) == (3, "P")
    assert prof.series.loc[2019, "peers"] == pytest.approx((40.0 + 30.0) / 2)


def test_compare_is_its_own_series_the_mean_of_the_chosen_without_the_municipality():
    tables, _ = made_up()
    prof = compute.build_profile("001", **tables, compare=["002", "001", "004"])
    assert prof.compare_codes == ["002", "004"]
    assert prof.series["compare"].tolist() == [pytest.approx((30 + 5) / 2), pytest.approx((20 + 30) / 2)]
    assert "compare" not in compute.build_profile("001", **tables).series.columns


# --- refused before any kernel starts ---------------------------------------------------------------------------

@pytest.fixture
def project(built_copy) -> Path:
    """The real pipeline, notebooks and editions over a private copy of the built tables, with its own reports/."""
    for name in ("pipeline.yaml", "notebooks", "params"):
        (built_copy / name).symlink_to(REPO / name)
    return built_copy


def test_a_misspelled_compare_name_fails_before_any_kernel_starts(project):
    done = subprocess.run([sys.executable, "-m", "analysis.cli", "run", "--only", "profiles", "--set",
                           "municipality=Holbæk", "--set", "compare=Roskilde,Silkborg"], capture_output=True,
                          text=True, env={**os.environ, "WORKBENCH_ROOT": str(project)}, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: ") and "compare" in line and "'Silkborg'" in line and "Silkeborg" in line
    assert not (project / "reports" / "profiles").exists()          # nothing rendered
    assert not list((project / "reports").rglob("*.ipynb"))         # no notebook executed


def test_compare_from_set_or_a_parameter_file_resolves_names_and_codes(project, tmp_path):
    from analysis.pipeline import paramsets, spec
    pipeline = spec.load()
    step = pipeline.steps["profiles"]
    sets = paramsets.parse_sets(["compare=Koge,265"], pipeline)
    values = paramsets.step_values(step, paramsets.load_edition(REPO / "params/en.yaml", pipeline), sets)
    assert paramsets.validate(step, values, "--set").compare == ["Køge", "Roskilde"]
    file = tmp_path / "mine.yaml"
    file.write_text("lang: da\nsteps:\n  profiles:\n    peers: group\n    compare: [Aarhus, 101]\n", encoding="utf-8")
    edition = paramsets.load_edition(file, pipeline)
    params = paramsets.validate(step, paramsets.step_values(step, edition, []), str(file)).derive()
    assert params.compare == ["Aarhus", "København"] and params.compare_codes == ["751", "101"]
    assert params.peers == "group"
    with pytest.raises(ParameterError, match="column 'compare'.*did you mean: Roskilde"):
        Params.validate_params({"compare": ["Roskidle"]})


# --- one executed profile ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def executed(built_root, tmp_path_factory):
    """Holbæk's Danish profile with peers by group and Roskilde and Køge to compare with, in a kernel."""
    from analysis.pipeline.execute import execute_many
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(built_root))
        files = tmp_path_factory.mktemp("profile") / "files"
        files.mkdir()
        params = {"municipality": "Holbæk", "peers": "group", "compare": ["Roskilde", "Køge"], "lang": "da",
                  "output_dir": str(files), "output_href": "files"}
        [result] = execute_many(REPO / "notebooks" / "06_profile.py", [params], [files.parent / "p.ipynb"])
        assert result.error is None, result.error and result.error.describe()
        html = "".join(o.get("data", {}).get("text/html", "") for c in result.nb.cells if c.cell_type == "code"
                       for o in c.get("outputs", []))
        yield files, html, {k: load.table(k) for k in ("spend", "groups", "municipalities")}


def test_the_compare_line_and_text_are_recomputed_from_the_table(executed):
    files, html, t = executed
    spend = t["spend"]
    wide = spend.pivot_table(index="year", columns="geo_code", values="value")
    line = pd.read_csv(files / "spend_over_time.csv")
    mine = line[line["series"] == "compare"].set_index("year")["value"]
    assert set(line.loc[line["series"] == "compare", "label"]) == {"Valgte kommuner (2)"}
    for year, value in mine.items():
        assert value == pytest.approx((wide.loc[year, "265"] + wide.loc[year, "259"]) / 2)
    assert "De valgte kommuner til sammenligning, Roskilde" in html and "Køge" in html
    groups = t["groups"].set_index("code")["group"]
    peers = [c for c in groups.index if groups[c] == groups["316"] and c != "316"]
    assert set(line.loc[line["series"] == "peers", "label"]) == {f"Sammenlignelige ({len(peers)})"}
    assert "oplandskommuner" in html or "kommunegruppe" in html


def test_the_map_csv_is_the_latest_figure_of_every_municipality_and_its_class(executed):
    files, html, t = executed
    spend = t["spend"]
    latest = spend[(spend["year"] == spend["year"].max()) & (spend["geo_level"] == "municipality")]
    values = dict(zip(latest["geo_code"].astype(str), latest["value"].astype(float)))
    frame = pd.read_csv(files / "map.csv", dtype={"code": str})
    assert len(frame) == 98 and frame.loc[frame["highlighted"], "code"].tolist() == ["316"]
    for _, r in frame.iterrows():
        assert r["value"] == values[r["code"]]
    from analysis.figures import style
    colours = style.sequential(5)
    for _, r in frame.iterrows():               # each colour is its class's, classes rise with the value
        assert r["color"] == colours[int(r["class"]) - 1]
    order = frame.sort_values("value")["class"].tolist()
    assert order == sorted(order)
    assert frame.set_index("name").loc["Læsø", "class"] == 5 and frame.set_index("name").loc["Læsø", "class_label"] \
        .endswith("og derover")
    assert (files / "map.svg").stat().st_size <= 150 * 1024
    import json
    meta = json.loads((files / "map.json").read_text(encoding="utf-8"))
    assert meta["alt"].startswith("Danmarkskort over de 98 kommuner") and "højest i Læsø" in meta["alt"]
    assert "Holbæk er markeret" in meta["alt"]
    assert "Geodatastyrelsen" in meta["source_line"] and "Danmarks Statistik" in meta["source_line"]
    assert "Region Sjælland" in html                              # the region is named
    year = int(spend["year"].max())                               # a map of one year cites that year's copy only
    for name in ("map", "all_municipalities"):
        cited = json.loads((files / f"{name}.json").read_text(encoding="utf-8"))["sources"]
        copies = [s["url"] for s in cited if s["table"] == "REGK31"]
        assert copies == sorted(set(spend.loc[spend["year"] == year, "source_url"])) and len(copies) == 1, name
        assert f"{year}.csv" in copies[0]


def test_the_pdf_map_is_the_shared_picture_with_this_profile_outlined(executed, built_root, monkeypatch):
    """On paper the municipalities are one picture per language and set of figures (made once per kernel, saved
    beside the profile's data), Holbæk's outline drawn on it; two profiles of one language share that picture."""
    files, html, _ = executed
    from analysis.figures import maps
    from analysis.reports.profiles import page
    paper = html.split('<div class="wb-print-only">', 1)[1]
    assert f'<image href="files/{page.PRINT_RASTER}"' in paper and paper.count('class="wb-hl"') == 1
    picture = (files / page.PRINT_RASTER).read_bytes()
    monkeypatch.setenv("WORKBENCH_ROOT", str(built_root))
    pages = [page.Page(Params.validate_params({"municipality": m, "lang": "da", "output_dir": "/tmp",
                                               "output_href": "x"}).derive()) for m in ("Holbæk", "Læsø")]
    first, second = (page.national_map(pg) for pg in pages)
    assert first is second and first.raster == picture                 # the kernel's picture is this one
    frame, _ = page.map_frame(pages[0])
    assert maps.print_raster(frame, page.load.shapes()) is first.raster   # the outline is not in the picture


def test_a_municipality_without_a_figure_is_hatched_said_so_and_named_in_the_alt_text(built_root, monkeypatch):
    """MADE-UP gap: Frederiksberg's latest figure removed from the profile before the map is drawn."""
    monkeypatch.setenv("WORKBENCH_ROOT", str(built_root))
    from analysis.reports.profiles import load, page
    P = Params.validate_params({"municipality": "Holbæk", "lang": "da", "output_dir": "/tmp",
                                "output_href": "x"}).derive()
    pg = page.Page(P)
    latest = pg.prof.latest.copy()
    latest.loc[latest["geo_code"] == "147", "value"] = float("nan")
    pg.prof.latest = latest
    frame, classes = page.map_frame(pg)
    svg = page.map_svg(pg, frame, classes, page.map_alt(pg, frame))
    paths = dict(re.findall(r'<a href="[^"]*" aria-label="([^"]*)"><path d="[^"]*"( class="wb-missing"| fill="#[0-9a-fA-F]+")', svg))
    label = lambda name, v: pg.w("idx_map_label", name=name, kr=pg.kr(v))  # noqa: E731
    assert paths[label("Frederiksberg", float("nan"))] == ' class="wb-missing"'   # hatched
    assert "intet tal" in svg                                                     # in the legend
    assert "Kommuner uden tal er skraveret: Frederiksberg." in page.map_text(pg, frame, classes)
    assert page.map_alt(pg, frame).endswith("Intet tal for Frederiksberg.")
    assert svg.count('class="wb-hl"') == 1                                        # Holbæk outlined
    for code, name in (("101", "København"), ("751", "Aarhus"), ("825", "Læsø")):   # three named municipalities
        row = frame.set_index("code").loc[code]
        assert paths[label(name, row["value"])] == f' fill="{classes.colors[int(row["class"]) - 1]}"', name
        assert classes.index(row["value"]) == int(row["class"]) - 1
