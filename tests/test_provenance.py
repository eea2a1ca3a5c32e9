"""Provenance as readers see it: source lines name each publisher once with its own table ids, in the
reader's language; publishers' annotations and licences are translated from the house catalogue, and every
annotated publisher the data print has its Danish text."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import paths, provenance
from analysis.data import tables
from analysis.errors import ParameterError
from analysis.i18n import house

# Words that say a publisher string holds more than a name (who is cited, how the copy came).
ANNOTATED = re.compile(r"\b(citing|via|report by|earlier|formerly|secondary|listing|fixture|codes|committed|"
                       r"underlying|Zealand|Danish|Norwegian|United Nations)\b")


def test_a_line_names_each_publisher_once_with_its_tables():
    rows = [{"publisher": "Danmarks Statistik", "table": "FOLK1A"}, {"publisher": "Statistics Denmark",
                                                                   "table": "REGK31"},
            {"publisher": "Eurostat (via Europolitics, secondary)", "table": ""}]
    assert provenance.line(rows, "en") == ("Sources: Statistics Denmark, tables FOLK1A, REGK31; "
                                           "Eurostat (via Europolitics, secondary)")
    assert provenance.line(rows, "da") == ("Kilder: Danmarks Statistik, tabeller FOLK1A, REGK31; "
                                           "Eurostat (via Europolitics, sekundær kilde)")
    assert provenance.line(rows[:1], "da") == "Kilde: Danmarks Statistik, tabel FOLK1A"
    assert provenance.line([], "en") == ""


def test_appendix_entries_translate_licence_and_publisher_but_keep_titles():
    src = [{"title": "Europolitics 18 Dec 2013", "publisher": "Eurostat (via Europolitics, secondary)",
            "licence": ""}]
    da = provenance.in_language(src, "da")[0]
    assert da["publisher"] == "Eurostat (via Europolitics, sekundær kilde)" and da["title"] == src[0]["title"]
    assert provenance.in_language(src, "en")[0] == src[0]


def test_an_unknown_language_is_a_parameter_error(built):
    with pytest.raises(ParameterError, match="unknown language 'fr'"):
        provenance.source_line("dk_population", "fr")


def data_publishers() -> set[str]:
    """Every publisher a report can print: the rows' and the official declarations'."""
    from analysis.data import catalogue

    found: set[str] = {d.official.publisher for d in catalogue.declarations().values() if d.official}
    for name in tables.table_names():
        df = tables.load(name)
        if "publisher" in df.columns:
            found |= set(df["publisher"].dropna().astype(str))
    return found


def test_every_annotated_publisher_has_its_danish_text_and_no_entry_is_stale(built):
    printed = data_publishers()
    known = house().table("publisher_texts")
    missing = sorted(p for p in printed if ANNOTATED.search(p) and p not in known)
    assert not missing, f"publishers with English annotations and no Danish text in house.yaml: {missing}"
    stale = sorted(set(known) - printed)
    assert not stale, f"house.yaml publisher_texts no table prints: {stale}"
    for name, entry in known.items():
        assert entry["en"] == name, name


def test_official_source_names_the_publishers_table_and_how_the_copy_came(built):
    item = provenance.official_source("dk_population", "da")
    assert item["official"] == "Danmarks Statistik, tabel FOLK1A"
    assert item["official_url"].startswith("https://")
    assert re.match(r"(API|kopi|kopier)", item["obtained"]), item["obtained"]


def test_the_appendix_lists_each_source_once_with_one_vintage_row_per_table(built):
    vintage, found = provenance.appendix(["dk_population", "dk_regk31_64551_administration"], "da")
    assert [v["table"] for v in vintage] == ["dk_population", "dk_regk31_64551_administration"]
    assert vintage[1]["snapshot"].endswith("/ (10 filer)")  # a folder of copies, counted in the reader's words
    assert provenance.appendix(["dk_regk31_64551_administration"], "en")[0][0]["snapshot"].endswith("(10 files)")
    keys = [(s.get("official") or s.get("title"), s.get("url")) for s in found]
    assert len(keys) == len(set(keys))


def test_the_profiles_appendix_names_each_publishers_table_once_and_every_snapshot(built):
    from analysis.data.catalogue import get
    from analysis import reports

    names = list(reports.get("profiles").tables)
    for lang in ("da", "en"):
        _, found = provenance.appendix(names, lang)
        cited = [s["official"] for s in found if s.get("official")]
        assert len(cited) == len(set(cited)), cited
        assert sum("FOLK1A" in c.split()[-1:] for c in cited) == 1  # dk_municipalities and dk_population merge
        text = " ".join(f"{s.get('file', '')} " + " ".join(f for t in s.get("tables", []) for f in t["files"])
                        for s in found)
        for name in names:
            for raw in tables.raw_files(name):
                rel = str(raw.resolve().relative_to(paths.root()))
                assert rel in text or f"{raw.parent.resolve().relative_to(paths.root())}/" in text, rel
            off = get(name).official
            if off:  # the licence stays, once per entry
                assert any(s.get("licence") for s in found if s.get("official", "").startswith(
                    provenance.publisher(off.publisher, lang)))
        regk31 = next(s for s in found if s.get("official", "").endswith("REGK31"))
        years = sorted(tables.load("dk_regk31_64551_administration")["year"].dropna().astype(int).unique())
        assert regk31["years"] == f"{years[0]}–{years[-1]}"
        assert [c["label"] for c in regk31["copies"]] == [str(y) for y in years]


def test_year_runs_join_a_run_and_list_years_apart():
    assert provenance.year_runs([2016, 2017, 2018]) == "2016–2018"
    assert provenance.year_runs([2008, 2011, 2015, 2016]) == "2008, 2011, 2015, 2016"
    assert provenance.year_runs([]) == ""


def test_every_official_table_says_what_it_holds_in_both_languages():
    from analysis.data import catalogue

    official = {d.name for d in catalogue.declarations().values() if d.official}
    known = house().table("table_what")
    assert sorted(official - set(known)) == [] and sorted(set(known) - official) == []
    assert all(entry["da"] != entry["en"] for entry in known.values())


def test_a_table_of_rows_cites_only_the_rows_publishers(built):
    mixed = pd.concat([tables.load("un_egov_egdi").head(1), tables.load("dk_population").head(1)])
    assert provenance.source_line(mixed, "en") == "Sources: UN DESA; Statistics Denmark, table FOLK1A"


def test_every_licence_a_report_can_show_has_its_danish_text():
    from analysis.data import catalogue
    from analysis.data.snapshot import read_meta, snapshot_files

    shown = {d.official.licence for d in catalogue.declarations().values() if d.official and d.official.licence}
    shown |= {read_meta(p).get("licence") for p in snapshot_files()} - {None, ""}
    known = house().table("licences")
    missing = sorted(t for t in shown if t not in known)
    assert not missing, f"licences with no Danish text in house.yaml: {missing}"
    untranslated = sorted(t for t in shown if known[t]["da"] == t)
    assert not untranslated, f"licences whose Danish text is the English one: {untranslated}"


def test_one_copy_a_year_of_one_source_is_one_entry_with_a_link_per_year(built):
    made_up = [{"title": f"REGK31 block of data/{y}.csv", "publisher": "Danmarks Statistik", "licence": "L",
                "url": f"https://github.com/someone/repo/blob/abc/data/{y}.csv", "date_accessed": f"2026-11-2{k}",
                "file": f"data/raw/dst/t/{y}.csv"} for k, y in enumerate((2016, 2017, 2018))]
    merged = provenance.merge_copies("dk_regk31_64551_administration", made_up)
    assert len(merged) == 1 and [c["label"] for c in merged[0]["copies"]] == ["2016", "2017", "2018"]
    assert merged[0]["date_accessed"] == "2026-11-22" and merged[0]["licence"] == "L"
    other = {**made_up[0], "title": "FOLK1AM block", "file": "data/raw/dst/t/m.csv", "url": made_up[0]["url"] + "x"}
    assert len(provenance.merge_copies("dk_population", [made_up[0], other])) == 2  # no year each: two sources
