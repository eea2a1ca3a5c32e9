"""Text that comes with the data: the fact catalogue's indicators and notes have Danish, their English is the
catalogue's own text, and other texts pass through unchanged."""
from __future__ import annotations


from analysis import data_text
from analysis.data import tables
from analysis.i18n import house


def test_every_fact_with_a_note_or_indicator_has_danish_and_the_english_is_the_catalogues(built):
    facts = tables.load("catalogue_facts").set_index("fact_id")
    for table, column in (("fact_notes", "note"), ("fact_indicators", "indicator")):
        known = house().table(table)
        printed = {k: v for k, v in facts[column].items() if isinstance(v, str) and v.strip()}
        assert set(known) == set(printed), (table, sorted(set(known) ^ set(printed)))
        for fid, entry in known.items():
            assert entry["en"] == printed[fid], (table, fid)
            assert entry["da"] and entry["da"] != entry["en"] or fid in ("F28", "F45", "F46"), (table, fid)


def test_lookups_translate_the_catalogues_text_only():
    en = house().table("fact_notes")["F13"]["en"]
    assert data_text.fact_note("F13", en, "da") == "Cirka 50 procent."
    assert data_text.fact_note("F13", en, "en") == en
    assert data_text.fact_note("F13", en + " (changed)", "da") == en + " (changed)"
    assert data_text.fact_note(None, "free text", "da") == "free text"
    assert data_text.fact_indicator("F18", "members: municipalities", "da") == "medlemmer: kommuner"
    assert data_text.fact_indicator("F99", "x", "da") == "x"


UNIT_TABLES = ("catalogue_facts", "dk_admin_it_spending", "ikt_intermunicipal_cooperation_agder_figures",
               "dk_it_partnerships")  # the tables whose unit column the reports show


def test_every_unit_the_reports_show_has_danish_and_no_entry_is_stale(built):
    units = set().union(*(set(tables.load(t)["unit"].dropna().astype(str)) for t in UNIT_TABLES)) - {""}
    known = house().table("fact_units")
    assert units == set(known), sorted(units ^ set(known))
    assert data_text.fact_unit("DKK per year", "da") == "kr. om året"
    assert data_text.fact_unit("a unit nobody wrote", "da") == "a unit nobody wrote"


def test_the_founder_mark_of_member_rows_in_the_readers_language():
    name = "OS2 - Offentligt Digitaliseringsfællesskab (founder)"
    assert data_text.member_names(name, "da") == "OS2 - Offentligt Digitaliseringsfællesskab (stifter)"
    assert data_text.member_names(name, "en") == name
