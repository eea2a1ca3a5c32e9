"""Municipality profiles (analysis.reports.profiles): peer groups and means on made-up tables, ranks and national figures against the real
processed table, name variants through Params, and the no-partnership statement."""
from __future__ import annotations

import pandas as pd
from pathlib import Path

import pytest

from analysis.errors import ParameterError
from analysis.i18n import Words
from analysis.reports.profiles import compute, load
from analysis.reports.profiles.params import Params

@pytest.fixture(scope="module", autouse=True)
def _built_tables(built_root):
    """Every test here reads the session's built copy of the processed tables (kernels inherit it too)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(built_root))
        yield



# ----------------------------------------------------------------------------------------------------------
# MADE-UP tables (not real figures): four municipalities in two regions, two years, two population years.

def made_up_municipalities() -> pd.DataFrame:
    return pd.DataFrame({"code": ["001", "002", "003", "004"], "name": ["Aby", "Bby", "Cby", "Dby"],
                         "region": ["R1", "R1", "R2", "R2"], "population": [100, 140, 60, 1000]})


def made_up_population() -> pd.DataFrame:
    rows = []
    for year, pops in {2015: [100, 140, 60, 1000], 2019: [100, 300, 60, 1000]}.items():
        for code, p in zip(["001", "002", "003", "004"], pops):
            rows.append({"year": year, "geo_code": code, "geo_level": "municipality", "value": float(p),
                         "note": f"made-up period {year}Q1"})
    return pd.DataFrame(rows)


def made_up_spend() -> pd.DataFrame:
    values = {2016: {"000": 20.0, "001": 10.0, "002": 30.0, "003": 30.0, "004": 5.0},
              2019: {"000": 25.0, "001": 40.0, "002": 20.0, "003": 10.0, "004": 30.0}}
    return pd.DataFrame([{"year": y, "geo_code": c, "geo_level": "country" if c == "000" else "municipality",
                          "value": v} for y, vals in values.items() for c, v in vals.items()])


def made_up_partnerships() -> pd.DataFrame:
    return pd.DataFrame([{"year": 2014, "geo_code": "001", "geo_level": "municipality",
                          "indicator": "member:Made-up Alliance", "value": 1.0, "source_title": "T",
                          "publisher": "P", "source_url": "http://example.invalid/a"}])


def made_up_catalogue() -> pd.DataFrame:
    return pd.DataFrame([
        {"name": "Made-up Alliance (catalogue copy)", "country": "DK", "members": "Aby;Bby", "member_count": 2,
         "since": 2014, "scope": "ops", "source_title": "T", "publisher": "P",
         "source_url": "http://example.invalid/a"},
        {"name": "Made-up Club", "country": "DK", "members": "Bby;Cby", "member_count": 2, "since": None,
         "scope": "licences", "source_title": "T2", "publisher": "P2", "source_url": "http://example.invalid/b"},
        {"name": "Made-up Outsourcing", "country": "DK", "members": "Cby", "member_count": 1, "since": 2010,
         "scope": "vendor", "source_title": "T3", "publisher": "P3", "source_url": "http://example.invalid/c"},
        {"name": "Made-up Norwegian", "country": "NO", "members": "Dby;Eby", "member_count": 2, "since": 2006,
         "scope": "x", "source_title": "T4", "publisher": "P4", "source_url": "http://example.invalid/d"},
    ])


def test_size_peers_use_the_band_and_exclude_the_municipality_itself():
    pops = compute.municipality_population(made_up_population(), 2015)
    munis = made_up_municipalities()
    # Aby has 100 inhabitants: ±50 % is 50..150, so Bby (140) and Cby (60) but not Dby (1000)
    assert compute.peer_codes(munis, pops, "001", "size", 0.5) == ["002", "003"]
    # ±30 % is 70..130: nobody
    assert compute.peer_codes(munis, pops, "001", "size", 0.3) == []
    # the band edges are inclusive: ±40 % is 60..140, exactly Cby and Bby
    assert compute.peer_codes(munis, pops, "001", "size", 0.4) == ["002", "003"]
    assert compute.peer_codes(munis, pops, "001", "size", 0.39) == []


def test_region_and_all_peers():
    pops = compute.municipality_population(made_up_population(), 2015)
    munis = made_up_municipalities()
    assert compute.peer_codes(munis, pops, "003", "region") == ["004"]
    assert compute.peer_codes(munis, pops, "003", "all") == ["001", "002", "004"]


def test_weight_year_is_nearest_and_ties_go_to_the_earlier_year():
    assert compute.weight_year(2016, [2015, 2019]) == 2015
    assert compute.weight_year(2017, [2015, 2019]) == 2015      # tie: 2 years either way
    assert compute.weight_year(2018, [2015, 2019]) == 2019
    assert compute.weight_year(2024, [2015, 2019]) == 2019


def test_region_mean_is_population_weighted_with_the_weight_year():
    series = compute.weighted_mean_series(made_up_spend(), made_up_population(), ["001", "002"])
    # 2016 weighted by 2015: (10*100 + 30*140) / 240
    assert series[2016] == pytest.approx((10 * 100 + 30 * 140) / 240)
    # 2019 weighted by 2019: (40*100 + 20*300) / 400
    assert series[2019] == pytest.approx((40 * 100 + 20 * 300) / 400)


def test_peer_mean_counts_each_municipality_once():
    series = compute.mean_series(made_up_spend(), ["002", "003"])
    assert series[2016] == pytest.approx(30.0)
    assert series[2019] == pytest.approx(15.0)


def test_ranks_put_the_highest_first_and_ties_share_the_best_rank():
    ranks = compute.rank_table(made_up_spend())
    assert list(ranks.columns) == ["001", "002", "003", "004"]      # the national row is not ranked
    assert ranks.loc[2016].tolist() == [3, 1, 1, 4]
    assert ranks.loc[2019].tolist() == [1, 3, 4, 2]
    move = compute.rank_move(ranks, "001")
    assert (move.first_rank, move.latest_rank, move.change_since_first) == (3, 1, 2)
    assert (move.previous_year, move.previous_rank) == (2016, 3)


def test_build_profile_on_made_up_tables():
    prof = compute.build_profile("002", spend=made_up_spend(), municipalities=made_up_municipalities(),
                            population=made_up_population(), dk_partnerships=made_up_partnerships(),
                            catalogue=made_up_catalogue(), peers="size", size_band=0.5)
    # latest population year is 2019: Bby 300 → 150..450 → nobody else; national is the 000 row
    assert prof.population == 300 and prof.peer_codes == []
    assert prof.series["national"].tolist() == [20.0, 25.0]
    assert prof.series["peers"].isna().all()
    assert prof.rank.latest_rank == 3 and prof.rank.n == 4
    # Bby has no member row, so the catalogue's copy of the alliance counts; dated entries come first
    assert [p["name"] for p in prof.partnerships] == ["Made-up Alliance (catalogue copy)", "Made-up Club"]


def test_partnerships_skip_duplicates_single_member_and_other_countries():
    dk, cat = made_up_partnerships(), made_up_catalogue()
    aby = compute.partnerships_of("001", "Aby", dk, cat)
    assert [(p["name"], p["since"]) for p in aby] == [("Made-up Alliance", 2014)]   # catalogue copy: same source
    assert compute.partnerships_of("003", "Cby", dk, cat)[0]["name"] == "Made-up Club"
    assert len(compute.partnerships_of("003", "Cby", dk, cat)) == 1                    # the 1-member entry is not one
    assert compute.partnerships_of("004", "Dby", dk, cat) == []                        # Norwegian entry ignored


def test_axis_limit_clips_far_outliers_only():
    values = pd.Series([10, 11, 12, 13, 14, 15, 16, 100.0])
    limit = compute.axis_limit(values)
    assert 16 < limit < 100
    assert compute.axis_limit(pd.Series([1.0, 2.0, 3.0])) == 3.0


# ----------------------------------------------------------------------------------------------------------
# The real processed tables

@pytest.fixture(scope="module")
def real(built_root):
    """The processed tables of the session's built copy; WORKBENCH_ROOT points there (kernels included)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(built_root))
        yield {"spend": load.table("spend"), "munis": load.table("municipalities"),
               "pop": load.table("population"), "dk": load.table("dk_partnerships"),
               "cat": load.table("catalogue")}


def test_all_municipalities_are_the_98(real):
    names = load.all_municipalities()
    assert len(names) == 98 == len(set(names))
    assert set(names) == set(real["munis"]["name"])


def test_every_profile_rank_and_national_figure_match_the_processed_table(real):
    spend = real["spend"]
    latest = int(spend["year"].max())
    table = spend[(spend["year"] == latest) & (spend["geo_level"] == "municipality")]
    national = spend[spend["geo_code"].astype(str) == "000"].set_index("year")["value"]
    for code in real["munis"]["code"].astype(str):
        prof = compute.build_profile(code, spend=spend, municipalities=real["munis"], population=real["pop"],
                                dk_partnerships=real["dk"], catalogue=real["cat"])
        mine = float(table.loc[table["geo_code"].astype(str) == code, "value"].iloc[0])
        expected_rank = int((table["value"] > mine).sum()) + 1
        assert prof.rank.latest_rank == expected_rank, code
        assert prof.rank.latest_year == latest
        assert prof.series["municipality"][latest] == mine
        for year, value in national.items():
            assert prof.series.loc[int(year), "national"] == float(value)


@pytest.mark.parametrize("variant, expected", [
    ("Høje-Taastrup", "Høje-Taastrup"), ("Høje Taastrup", "Høje-Taastrup"),
    ("Aarhus", "Aarhus"), ("Århus", "Aarhus"), ("København", "København"), ("Copenhagen", "København"),
])
def test_name_variants_resolve_through_params(variant, expected, real):
    params = Params.validate_params({"municipality": variant}).derive()
    assert params.municipality == expected
    munis = real["munis"]
    assert params.code == str(munis.loc[munis["name"] == expected, "code"].iloc[0])


def test_misspelled_name_fails_with_closest_matches():
    with pytest.raises(ParameterError) as err:
        Params.validate_params({"municipality": "Holbek"})
    assert "Holbæk" in str(err.value)


def test_size_band_is_range_checked():
    with pytest.raises(ParameterError, match="size_band"):
        Params.validate_params({"municipality": "Holbæk", "size_band": 3})
    with pytest.raises(ParameterError, match="peers"):
        Params.validate_params({"municipality": "Holbæk", "peers": "sizes"})


def test_municipalities_without_partnerships_exist_and_get_none(real):
    none = [c for c, n in zip(real["munis"]["code"].astype(str), real["munis"]["name"])
            if not compute.partnerships_of(c, n, real["dk"], real["cat"])]
    assert none, "every municipality has a partnership: the plain statement would never be shown"
    members = set(real["dk"].loc[real["dk"]["geo_level"] == "municipality", "geo_code"].astype(str))
    assert not members & set(none)


# ----------------------------------------------------------------------------------------------------------
# One executed profile (a real notebook run in a kernel)

@pytest.fixture(scope="module")
def executed_without_partnership(real, tmp_path_factory):
    """The Danish profile of the first municipality the data name in no partnership, executed in a kernel."""
    from analysis.pipeline.execute import execute_many
    munis = real["munis"]
    name = next(n for c, n in zip(munis["code"].astype(str), munis["name"])
                if not compute.partnerships_of(c, n, real["dk"], real["cat"]))
    out = tmp_path_factory.mktemp("profile")
    files = out / "files"
    files.mkdir()
    params = {"municipality": name, "lang": "da", "output_dir": str(files), "output_href": "files"}
    notebook = Path(__file__).resolve().parents[3] / "notebooks" / "06_profile.py"
    [result] = execute_many(notebook, [params], [out / "profile.ipynb"])
    assert result.error is None, result.error and result.error.describe()
    html = "".join(o.get("data", {}).get("text/html", "") for c in result.nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    return name, files, html


def test_profile_without_partnership_states_it_plainly(executed_without_partnership):
    name, files, html = executed_without_partnership
    assert Words("profiles", "da")("no_partnerships", name=name) in html
    assert not (files / "partnerships.csv").exists()


def test_profile_findings_equal_values_recomputed_from_the_table(executed_without_partnership, real):
    import json
    name, files, _ = executed_without_partnership
    found = {f["id"]: f for f in json.loads((files / "findings.json").read_text())["findings"]}
    spend = real["spend"]
    code = str(real["munis"].set_index("name").loc[name, "code"])
    latest = int(spend["year"].max())
    rows = spend[spend["year"] == latest]
    munis = rows[rows["geo_level"] == "municipality"]
    mine = float(munis.loc[munis["geo_code"].astype(str) == code, "value"].iloc[0])
    national = float(rows.loc[rows["geo_code"].astype(str) == "000", "value"].iloc[0])
    assert found["spend"]["value"] == mine
    assert found["vs-national"]["value"] == pytest.approx((mine / national - 1) * 100)
    assert found["rank"]["value"] == int((munis["value"] > mine).sum()) + 1
    first = spend[(spend["year"] == spend["year"].min()) & (spend["geo_level"] == "municipality")]
    first_mine = float(first.loc[first["geo_code"].astype(str) == code, "value"].iloc[0])
    first_rank = int((first["value"] > first_mine).sum()) + 1
    assert found["rank-change"]["value"] == first_rank - found["rank"]["value"]
    assert found["partnerships"]["value"] == 0
    for name_ in ("spend_over_time", "all_municipalities"):
        for ext in ("png", "svg", "csv", "json"):
            assert (files / f"{name_}.{ext}").is_file()


def test_smallest_at_top_and_real_terms_recomputed_from_the_tables(real, built_root):
    spend, munis, pop = real["spend"], real["munis"], real["pop"]
    prof = compute.build_profile("183", spend=spend, municipalities=munis, population=pop,      # Ishøj
                                 dk_partnerships=real["dk"], catalogue=real["cat"])
    latest = int(spend["year"].max())
    mun = spend[(spend["year"] == latest) & (spend["geo_level"] == "municipality")]
    top = mun.sort_values("value", ascending=False)["geo_code"].astype(str).tolist()
    sizes = compute.municipality_population(pop).sort_values("population")["geo_code"].astype(str).tolist()
    k = len(prof.smallest_top)
    assert k == 4 and set(prof.smallest_top) == set(top[:k]) == set(sizes[:k]) and set(top[:5]) != set(sizes[:5])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_ROOT", str(built_root))
        table = load.table("cpi")
    cpi = table.set_index("year")["value"]
    rt = compute.real_terms(prof, table)
    own = spend[spend["geo_code"].astype(str) == "183"].set_index("year")["value"]
    y1, y2 = int(own.index.min()), int(own.index.max())
    assert (rt["y1"], rt["y2"]) == (y1, y2)
    assert rt["nominal"] == pytest.approx((own[y2] / own[y1] - 1) * 100)
    assert rt["real"] == pytest.approx(((own[y2] / own[y1]) / (cpi[y2] / cpi[y1]) - 1) * 100)
    # made up: a list whose top is not its smallest municipalities has no such context
    made_up = pd.DataFrame({"geo_code": ["1", "2", "3"], "value": [10.0, 5.0, 1.0]})
    sizes = pd.DataFrame({"geo_code": ["1", "2", "3"], "population": [9.0, 1.0, 5.0]})
    assert compute.smallest_at_top(made_up, sizes, limit=2) == []
    assert compute.smallest_at_top(made_up, sizes.assign(population=[1.0, 5.0, 9.0]), limit=2) == ["1", "2"]


@pytest.fixture(scope="module")
def executed_aarhus(tmp_path_factory):
    """The Danish profile of Aarhus (a name ending in s), executed in a kernel: its visible HTML."""
    from analysis.pipeline.execute import execute_many
    out = tmp_path_factory.mktemp("aarhus")
    (out / "files").mkdir()
    params = {"municipality": "Aarhus", "lang": "da", "output_dir": str(out / "files"), "output_href": "files"}
    notebook = Path(__file__).resolve().parents[3] / "notebooks" / "06_profile.py"
    [result] = execute_many(notebook, [params], [out / "profile.ipynb"])
    assert result.error is None, result.error and result.error.describe()
    return "".join(o.get("data", {}).get("text/html", "") for c in result.nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))


def test_danish_profile_writes_possessives_and_no_command_lines(executed_aarhus, built_root):
    """'Aarhuss' and 'workbench run --only scenarios …' in the prose, and the peers parameter's English values
    in the Danish methods, were what a Danish editor found; the page now passes the Danish spelling check."""
    from html import unescape

    from spelling_check import available, data_names, page_unknown_words
    html = unescape(executed_aarhus)
    assert "Aarhus' nuværende licensudgift" in html and "Aarhuss" not in html
    assert "workbench" not in html
    assert "»size«" in html and "(size:" not in html
    if available():
        assert page_unknown_words(html, "da", data_names(built_root / "data" / "processed")) == {}
