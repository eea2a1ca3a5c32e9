"""The dataset catalogue: one declaration per table, and the build takes each table's newest snapshot, whatever
its format (reported defects reproduced first: an imported StatBank answer was ignored, pxweb relabelled)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from analysis.data import catalogue, tables
from analysis.data.snapshot import read_meta
from conftest import REPO
from test_sources_support import FIXTURES, assert_one_line_error, files_under, root, run_cli  # noqa: F401

FOLK1A_FILE = FIXTURES / "statbank" / "folk1a_population_annual_en.csv"


def test_every_table_is_declared_once_with_a_reader_that_exists():
    decls = catalogue.declarations()
    assert tables.table_names() == sorted(decls)
    for name, decl in decls.items():
        for kind in decl.readers:
            assert callable(decl.reader(kind)), (name, kind)
        if decl.official and decl.official.api:
            assert decl.official.table and decl.official.page and decl.official.query, name


def test_looking_up_table_names_imports_no_cleaner_module():
    code = ("import sys; from analysis.data import tables; tables.table_names(); "
            "print([m for m in sys.modules if m.startswith('analysis.data.clean')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_imported_statbank_answer_is_what_the_next_build_uses(built_copy, capsys):
    """Defect: `workbench import statbank FOLK1A.csv --dataset dk_population` was ignored by the next build."""
    from analysis.data.build import build_all
    code, out, err = run_cli(["import", "statbank", str(FOLK1A_FILE), "--dataset", "dk_population",
                              "--url", "https://api.statbank.dk/v1/data"], capsys)
    assert code == 0, err
    written = [p for p in files_under(built_copy / "data/raw/dst/dk_population")
               if p.name.startswith("dk_population_2") and not p.name.endswith(".meta.json")]
    assert len(written) == 1
    meta = read_meta(written[0])
    assert meta["api"] == "statbank" and meta["publisher"] == "Statistics Denmark" and meta["table"] == "FOLK1A"
    build_all()
    assert tables.table_meta("dk_population")["built_from"] == f"data/raw/dst/dk_population/{written[0].name}"
    pop = tables.load("dk_population")
    assert pop["source_id"].str.startswith(f"data/raw/dst/dk_population/{written[0].name}#row=").all()
    assert sorted(pop["year"].unique()) == [2008, 2011, 2015, 2019, 2022]  # what that answer holds
    # the real StatBank figure for All Denmark, 1 January 2022 (row 'All Denmark;…;2022Q1;5873420')
    assert pop.loc[(pop.geo_code == "000") & (pop.year == 2022), "value"].item() == 5873420
    assert (pop["source_url"] == "https://www.statbank.dk/FOLK1A").all()


def test_pxweb_import_refuses_a_file_whose_own_source_is_another_publisher(root, capsys, tmp_path):
    """Defect: `workbench import pxweb` wrote Statistics Norway and its licence into any JSON-stat file."""
    eurostat = FIXTURES / "eurostat" / "isoc_ciegi_ac_EU27_I_IUGOV1.json"
    assert json.loads(eurostat.read_text("utf-8"))["source"] == "ESTAT"
    code, _, err = run_cli(["import", "pxweb", str(eurostat), "--dataset", "egov", "--url",
                            "https://example.org/x"], capsys)
    assert_one_line_error(code, err, str(eurostat), "'ESTAT'", "never relabelled", "eurostat")
    assert files_under(root / "data" / "raw") == []


def test_import_into_a_declared_table_of_another_api_is_refused(root, capsys):
    code, _, err = run_cli(["import", "pxweb", str(FIXTURES / "pxweb" / "testdata_jsonstat2.json"), "--dataset",
                            "dk_population", "--url", "https://example.org/x"], capsys)
    assert_one_line_error(code, err, "--dataset", "Statistics Denmark, table FOLK1A", "workbench import statbank")
    assert files_under(root / "data" / "raw") == []


def test_unknown_declaration_key_is_a_one_line_error(tmp_path, monkeypatch):
    bad = tmp_path / "datasets.yaml"
    bad.write_text("t:\n  folder: x\n  readers: {tidy: a:b}\n  colour: red\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE_FILE", bad)
    with pytest.raises(Exception) as info:
        catalogue.declarations()
    assert "unknown key(s) colour" in info.value.format()


def test_readme_and_data_docs_source_tables_are_generated_from_the_declarations():
    expected = catalogue.sources_table()
    for doc in (REPO / "README.md", REPO / "docs" / "data.md"):
        assert expected in doc.read_text(encoding="utf-8"), f"{doc.name}: run python scripts/source_tables.py"
    for decl in catalogue.declarations().values():
        if decl.official and decl.official.table and decl.official.page:
            assert f"[{decl.official.publisher}, table {decl.official.table}]({decl.official.page})" in expected


def test_declared_official_pages_follow_the_publishers_patterns():
    for decl in catalogue.declarations().values():
        off = decl.official
        if off is None or not off.table:
            continue
        if off.publisher == "Statistics Denmark":
            assert off.page == f"https://www.statbank.dk/{off.table}", decl.name
        if off.publisher == "Eurostat":
            assert off.page == f"https://ec.europa.eu/eurostat/databrowser/view/{off.table}/default/table", decl.name
        if off.publisher == "Statistics Norway":
            assert off.page == f"https://www.ssb.no/statbank/table/{off.table}", decl.name
