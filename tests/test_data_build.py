"""The shipped snapshots verify, build into valid tables, reconcile, and keep their provenance."""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from analysis import provenance
from analysis.data import tables
from analysis.data.clean import load_all
from analysis.data.snapshot import read_meta, snapshot_files, verify_all
from analysis.errors import DataError, ParameterError
from conftest import REPO

CONTRACT_TABLES = {
    "dk_municipalities", "dk_population", "dk_admin_it_spending", "dk_it_partnerships", "dk_digitalisation",
    "dk_regk31_64551_administration", "ssb_ikt_expenditure_2005_2006", "ssb_ikt_it_strategy_by_county_2002",
    "ssb_ikt_barriers_2002", "ssb_ikt_barriers_eadmin_2004", "ssb_ikt_intermunicipal_cooperation_2003_2004",
    "ssb_ikt_internet_services_population_share_2006", "ssb_ikt_open_source_2005_2008",
    "ssb_ikt_strategy_content_areas_2004_2005", "ssb_digitalisation_barriers_2024",
    "ssb_ikt_headline_figures_release_texts_2002_2018", "ssb_population_agder_knutepunkt_municipalities_2003_2010",
    "ikt_intermunicipal_cooperation_agder_figures", "un_egov_egdi", "eurostat_egov_use_individuals",
    "eu_egov_benchmark_2023", "oecd_digital_government_index_2023", "catalogue_facts", "catalogue_partnerships",
    "catalogue_initiatives", "no_regions",
}


def test_shipped_snapshots_verify():
    assert verify_all(REPO / "data" / "raw") == []
    assert len(snapshot_files(REPO / "data" / "raw")) >= 46


def test_every_shipped_snapshot_has_full_provenance():
    for path in snapshot_files(REPO / "data" / "raw"):
        meta = read_meta(path)
        assert meta["title"] and meta["licence"] and meta["date_accessed"], path
        assert meta["source_url"] or meta["query"], path
        # a copy gathered by hand says where it was copied from; an API answer says which API (fetch, import)
        assert meta.get("api") in ("statbank", "pxweb", "eurostat") or meta["origin"].startswith(
            ("gathered for this project, copied from shared/data on",
             "gathered for this project, copied from found/ on",
             "copied for this project from a snapshot of the public repository",
             "transcribed for this project from the stored text of the public repository")), path


def test_build_writes_every_contract_table_with_its_files(built):
    names = set(load_all())
    assert CONTRACT_TABLES <= names
    for name in names:
        for suffix in (".parquet", ".csv", ".meta.json"):
            assert (built / "data" / "processed" / f"{name}{suffix}").exists(), (name, suffix)
    assert not list((built / "data" / "processed").glob(".staging-*"))


def test_table_meta_lists_raw_files_with_their_checksums(built):
    for name in load_all():
        meta = tables.table_meta(name)
        assert meta["rows"] == len(tables.load(name)) > 0
        for raw in meta["raw_files"]:
            assert hashlib.sha256((built / raw["path"]).read_bytes()).hexdigest() == raw["sha256"]
            assert raw["path"].startswith("data/raw/")


def test_tidy_tables_have_contract_types(built):
    for name, ds in load_all().items():
        if ds.schema != "tidy":
            continue
        df = tables.load(name)
        assert str(df["year"].dtype) == "Int64", name
        assert df["value"].dtype == "float64", name
        assert all(isinstance(c, str) for c in df["geo_code"]), name
        assert df["source_id"].str.startswith("data/raw/").all(), name


def test_csv_twin_has_the_same_rows(built):
    df = tables.load("dk_regk31_64551_administration")
    csv = pd.read_csv(built / "data" / "processed" / "dk_regk31_64551_administration.csv", dtype={"geo_code": str})
    assert len(csv) == len(df)
    assert list(csv["geo_code"]) == list(df["geo_code"])
    assert csv["value"].tolist() == df["value"].tolist()


def test_geo_codes_keep_leading_zeros(built):
    dk = tables.load("dk_regk31_64551_administration")
    assert set(dk.loc[dk.geo_level == "country", "geo_code"]) == {"000"}
    no = tables.load("no_regions")
    assert set(no.loc[no.geo_level == "county", "code"].str.len()) == {2}
    assert "01" in set(no["code"]) and "0926" in set(no["code"])


def test_danish_population_reconciles_with_country_total(built):
    pop = tables.load("dk_population")
    ref = tables.load("dk_municipalities")
    year = int(ref["population_period"].str[:4].unique()[0])
    part = pop[pop.year == year]
    country = part.loc[part.geo_level == "country", "value"].item()
    other = part.loc[part.geo_level.str.startswith("other"), "value"].sum()
    assert len(ref) == 98 and ref["code"].is_unique
    assert int(ref["population"].sum()) == country - other
    assert part.loc[part.geo_level == "municipality", "value"].sum() == ref["population"].sum()


def test_missing_markers_become_nan_with_flag_never_zero(built):
    exp = tables.load("ssb_ikt_expenditure_2005_2006")
    marked = exp[exp["value_as_printed"] == ":"]
    assert len(marked) > 0
    assert marked["value"].isna().all() and (marked["flag"] == ":").all()
    oss = tables.load("ssb_ikt_open_source_2005_2008")
    dots = oss[oss["value_as_printed"] == ".."]
    assert len(dots) > 0 and dots["value"].isna().all() and (dots["flag"] == "..").all()


def test_printed_numbers_agree_with_values(built):
    exp = tables.load("ssb_ikt_expenditure_2005_2006")
    row = exp[(exp.year == 2005) & exp.sector.str.startswith("municipalities") & exp.indicator.str.startswith("Totale")]
    printed = row["value_as_printed"].iloc[0]
    assert float(printed.replace(" ", "")) == row["value"].iloc[0]
    egdi = tables.load("un_egov_egdi")
    artefacts = egdi[egdi["value_as_printed"].str.len() > 12]
    assert len(artefacts) > 0
    assert (artefacts["value_as_printed"].astype(float).round(5) == artefacts["value"]).all()


def test_value_checks_name_file_and_row(built):
    import re
    checks = {name: tables.table_meta(name)["value_checks"] for name in load_all()}
    for line in (c for lines in checks.values() for c in lines):
        assert re.match(r"^data/raw/\S+ row \d+: ", line), line
    # the StatBank-derived tables agree row by row with the verbatim files kept beside them
    assert checks["dk_population"] == [] and checks["dk_regk31_64551_administration"] == []


def test_catalogue_members_resolve_to_danish_codes(built):
    members = tables.load("catalogue_partnership_members")
    parts = tables.load("catalogue_partnerships")
    assert set(members["partnership_id"]) <= set(parts["partnership_id"])
    named = parts.set_index("partnership_id")["members_named"]
    assert members.groupby("partnership_id").size().to_dict() == named[named > 0].to_dict()
    ref = set(tables.load("dk_municipalities")["code"])
    dk = members[(members.country == "DK") & (members.municipality_code != "")]
    assert set(dk["municipality_code"]) <= ref
    assert (members.loc[members.partnership_id == "P07", "municipality_code"] == "").all()


def test_every_row_has_a_source(built):
    for name in load_all():
        df = tables.load(name)
        assert (df["source_title"].str.len() > 0).all() or name == "dk_municipalities", name
        assert (df["publisher"].str.len() > 0).all(), name


def test_sources_and_source_line(built):
    items = tables.sources("ssb_ikt_expenditure_2005_2006")
    assert {s["url"] for s in items} == set(tables.load("ssb_ikt_expenditure_2005_2006")["source_url"])
    assert all(s["licence"].startswith("NLOD") for s in items)
    assert provenance.source_line("ssb_ikt_expenditure_2005_2006", "en") == "Source: Statistics Norway"
    assert provenance.source_line("dk_population", "da") == "Kilde: Danmarks Statistik, tabel FOLK1A"
    mixed = pd.concat([tables.load("un_egov_egdi").head(1), tables.load("dk_population").head(1)])
    assert provenance.source_line(mixed, "en") == "Sources: UN DESA; Statistics Denmark, table FOLK1A"
    with pytest.raises(ParameterError, match="unknown language"):
        provenance.source_line("dk_population", "fr")


def test_raw_files_behind_a_table(built):
    files = tables.raw_files("dk_population")
    names = {p.name for p in files}
    assert "dk_population_folk1a.csv" in names
    assert "dst_folk1a_population_annual__DennisHedegreen.csv" in names
    assert all(p.exists() for p in files)


def test_unknown_table_suggests_close_names(built):
    with pytest.raises(DataError) as info:
        tables.load("dk_populaton")
    assert "did you mean: dk_population" in info.value.format()


def test_table_not_built_yet_says_what_to_run(data_copy):
    with pytest.raises(DataError) as info:
        tables.load("dk_population")
    message = info.value.format()
    assert "not built yet" in message and "workbench run --only data" in message


def test_rebuild_is_deterministic(built_copy):
    from analysis.data.build import build_all
    processed = built_copy / "data" / "processed"
    before = {p.name: p.read_bytes() for p in processed.glob("*.csv")}
    metas = {p.name: json.loads(p.read_text()) for p in processed.glob("*.meta.json")}
    build_all()
    assert {p.name: p.read_bytes() for p in processed.glob("*.csv")} == before
    assert {p.name: json.loads(p.read_text()) for p in processed.glob("*.meta.json")} == metas


def test_cli_verify_ok_and_failing(built_copy, capsys):
    from analysis.cli import main
    assert main(["data", "verify"]) == 0
    out = capsys.readouterr().out
    assert "OK   dst/dk_population: 3 files" in out and "FAIL" not in out
    path = built_copy / "data/raw/oecd/oecd_digital_government_index_2023/oecd_digital_government_index_2023.csv"
    path.write_bytes(path.read_bytes() + b"\n2023,DK,Denmark,country,x,1,1,index (0-1),,,,,\n")  # made-up row
    assert main(["data", "verify"]) == 1
    out = capsys.readouterr().out
    assert "FAIL oecd/oecd_digital_government_index_2023/oecd_digital_government_index_2023.csv: checksum" in out


def test_cli_build_lists_tables(built_copy, capsys):
    from analysis.cli import main
    assert main(["data", "build"]) == 0
    out = capsys.readouterr().out
    rows = tables.table_meta("dk_regk31_64551_administration")["rows"]
    assert f"dk_regk31_64551_administration: {rows} rows" in out


def test_refresh_writes_a_new_dated_file_and_the_build_uses_it(built_copy):
    """A refreshed snapshot (made-up: one figure restated) sits beside the old one; the newest is used."""
    from analysis.data.build import build_all
    from analysis.data.snapshot import write_snapshot
    folder = built_copy / "data/raw/oecd/oecd_digital_government_index_2023"
    old = folder / "oecd_digital_government_index_2023.csv"
    meta = read_meta(old)
    text = old.read_text(encoding="utf-8").replace("2026-11-24", "2026-12-01")
    text = text.replace(",0.811,0.811,", ",0.812,0.812,", 1)  # made-up restatement, test only
    for key in ("sha256", "rows", "format"):
        meta.pop(key)
    write_snapshot(text.encode(), publisher="oecd", dataset="oecd_digital_government_index_2023",
                   filename="oecd_digital_government_index_2023_2026-12-01.csv",
                   meta={**meta, "date_accessed": "2026-12-01"})
    build_all()
    df = tables.load("oecd_digital_government_index_2023")
    assert df.loc[(df.geo_code == "DK") & (df.indicator == "oecd_dgi_composite_index"), "value"].item() == 0.812
    assert old.exists() and verify_all() == []
    assert df["source_id"].str.contains("_2026-12-01.csv#row=").all()


def test_a_newer_snapshot_the_table_cannot_read_stops_the_build_naming_it(built_copy):
    """Reported defect: a file the cleaner could not read was passed over in silence; now the build says so."""
    from analysis.data.build import build_all
    from analysis.data.snapshot import write_snapshot
    folder = built_copy / "data/raw/oecd/oecd_digital_government_index_2023"
    meta = read_meta(folder / "oecd_digital_government_index_2023.csv")
    for key in ("sha256", "rows", "format"):
        meta.pop(key)
    write_snapshot(b'{"note": "made-up: not a table"}', publisher="oecd",
                   dataset="oecd_digital_government_index_2023", filename="api_response.json",
                   meta={**meta, "date_accessed": "2026-12-02"})
    before = (built_copy / "data/processed/oecd_digital_government_index_2023.csv").read_bytes()
    with pytest.raises(DataError) as info:
        build_all()
    message = info.value.format()
    assert "api_response.json" in message and "cannot be built from" in message and "tidy CSV" in message
    assert (built_copy / "data/processed/oecd_digital_government_index_2023.csv").read_bytes() == before
