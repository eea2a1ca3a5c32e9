"""Partnerships report: metrics on hand-made tables, key findings against the processed tables, and
one execution of the notebook per language."""
from __future__ import annotations

import pandas as pd
import pytest
from notebook_runs import by_id, check_outputs, execute, run_both_langs

from analysis.errors import ParameterError
from analysis.reports.partnerships import compute as m
from analysis.reports.partnerships.params import Params
from analysis.reports.partnerships.page import in_sentence
from analysis.figures.labels import join_names

P = m.TASK_PREFIX


# --- made-up tables (NOT real figures: invented for the tests) --------------------------------

def made_up_cooperation() -> pd.DataFrame:
    """MADE-UP cooperation table: two tasks, two years, two counties."""
    rows = []
    def add(year, level, code, geo, sector, task, value, note=""):
        rows.append({"year": year, "geo_code": code, "geography": geo, "geo_level": level, "sector": sector,
                     "indicator": P + task, "value": value, "unit": "per cent", "note": note})
    for task, (m3, m4, c4, s4, l4) in {"Support": (10.0, 30.0, 50.0, 35.0, 20.0),
                                       "Joint website/portal": (40.0, 45.0, 20.0, 44.0, 48.0)}.items():
        add(2003, "country", "NO", "Norway", m.MUNICIPALITIES, task, m3, "Year label INFERRED; TRUNCATED")
        add(2004, "country", "NO", "Norway", m.MUNICIPALITIES, task, m4)
        add(2004, "country", "NO", "Norway", m.COUNTY_AUTHORITIES, task, c4)
        add(2004, "country", "NO", "Norway", m.SMALL, task, s4)
        add(2004, "country", "NO", "Norway", m.LARGE, task, l4)
        add(2004, "county (fylke)", "01", "Alpha", m.MUNICIPALITIES, task, 60.0 if task == "Support" else 5.0)
        add(2004, "county (fylke)", "02", "Beta", m.MUNICIPALITIES, task, 15.0 if task == "Support" else None)
    return pd.DataFrame(rows)


def made_up_partnerships() -> pd.DataFrame:
    """MADE-UP catalogue of three partnerships."""
    return pd.DataFrame([
        {"partnership_id": "X1", "name": "Shared Ops (Aby, Bby)", "country": "DK", "members": "Aby;Bby",
         "member_count": 2, "since": 2014, "scope": "operations", "note": "", "publisher": "Paper A"},
        {"partnership_id": "X2", "name": "Casefile Club", "country": "DK", "members": "Bby;Cby",
         "member_count": 9, "since": None, "scope": "case system", "note": "", "publisher": "Paper B"},
        {"partnership_id": "X3", "name": "Fjord IKT", "country": "NO", "members": "Dby;Eby;Fby",
         "member_count": 3, "since": 2006, "scope": "ICT", "note": "", "publisher": "Paper C"},
    ])


def made_up_facts() -> pd.DataFrame:
    """MADE-UP catalogue facts: two savings that belong to partnerships, one that does not."""
    return pd.DataFrame([
        {"fact_id": "Z1", "country": "DK", "entity": "Aby; Bby", "entity_type": "municipal partnership",
         "year": 2014, "indicator": "expected saving per member", "value": 1000.0, "unit": "DKK",
         "value_as_printed": "1000", "note": "", "publisher": "Paper A", "topic": "partnership"},
        {"fact_id": "Z2", "country": "DK", "entity": "Cby", "entity_type": "municipality", "year": None,
         "indicator": "saving from joining Casefile", "value": 50.0, "unit": "DKK per year",
         "value_as_printed": "50", "note": "", "publisher": "Paper B", "topic": "spending"},
        {"fact_id": "Z3", "country": "DK", "entity": "Gby", "entity_type": "municipality", "year": 2013,
         "indicator": "expected saving from self-service", "value": 7.0, "unit": "DKK",
         "value_as_printed": "7", "note": "", "publisher": "Paper D", "topic": "spending"},
        {"fact_id": "Z4", "country": "DK", "entity": "Casefile Club", "entity_type": "user club", "year": 2018,
         "indicator": "members: municipalities", "value": 12.0, "unit": "municipalities",
         "value_as_printed": "12", "note": "", "publisher": "Paper E", "topic": "partnership"},
    ])


# --- metrics on made-up data ------------------------------------------------------------------

def test_cooperation_by_task_sorted_within_sector():
    out = m.cooperation_by_task(made_up_cooperation(), 2004)
    assert list(out["sector"]) == [m.MUNICIPALITIES] * 2 + [m.COUNTY_AUTHORITIES] * 2
    assert list(out["task"])[:2] == ["Joint website/portal", "Support"]   # 45 before 30
    assert list(out["value"]) == [45.0, 30.0, 50.0, 20.0]


def test_unknown_year_names_the_valid_years():
    with pytest.raises(ParameterError, match="2003, 2004"):
        m.cooperation_by_task(made_up_cooperation(), 2005)


def test_change_and_size_gap_by_hand():
    ch = m.cooperation_change(made_up_cooperation(), 2003, 2004).set_index("task")
    assert ch.loc["Support", "change"] == pytest.approx(20.0)   # 30 - 10
    assert ch.loc["Joint website/portal", "change"] == pytest.approx(5.0)   # 45 - 40
    gap = m.size_gap(made_up_cooperation(), 2004).set_index("task")["gap"]
    assert gap["Support"] == pytest.approx(15.0) and gap["Joint website/portal"] == pytest.approx(-4.0)


def test_top_task_and_county_extremes():
    top = m.top_task(made_up_cooperation(), 2004, m.COUNTY_AUTHORITIES)
    assert top["task"] == "Support" and top["value"] == 50.0
    hi, lo = m.county_extremes(made_up_cooperation(), 2004, "Support")
    assert (hi["geography"], hi["value"], lo["geography"], lo["value"]) == (["Alpha"], 60.0, ["Beta"], 15.0)
    table = m.cooperation_by_county(made_up_cooperation(), 2004)
    assert table["Joint website/portal"].isna().sum() == 1      # a gap stays a gap


def test_caveat_flags_read_from_notes():
    coop = made_up_cooperation()
    assert m.years_inferred(coop) and m.is_truncated(coop)
    assert not m.is_truncated(coop.assign(note=""))


def test_members_links_and_dedup_with_danish_list():
    dk = pd.DataFrame([  # MADE-UP Danish member list: X1 again under another name, plus a new one
        {"year": 2014, "geography": "Aby", "indicator": "member:Shared operations Aby-Bby", "publisher": "Web"},
        {"year": 2014, "geography": "Bby", "indicator": "member:Shared operations Aby-Bby", "publisher": "Web"},
        {"year": 2016, "geography": "Aby", "indicator": "member:Digi Forum", "publisher": "Web"},
        {"year": 2016, "geography": "Hby", "indicator": "member:Digi Forum", "publisher": "Web"},
        {"year": 2016, "geography": "Digi Forum", "indicator": "member_municipalities", "publisher": "Web"},
    ])
    members = m.member_rows(made_up_partnerships(), dk)
    assert set(members["partnership"]) == {"Shared Ops (Aby, Bby)", "Casefile Club", "Fjord IKT", "Digi Forum"}
    links = m.municipality_links(members).set_index("municipality")
    assert links.loc["Aby", "partnerships"] == 2 and links.loc["Aby", "partners"] == 2  # Bby, Hby
    assert links.loc["Bby", "partners"] == 2                                              # Aby, Cby
    assert links.index[0] in ("Aby", "Bby")


def test_claimed_savings_only_for_partnerships():
    s = m.claimed_savings(made_up_facts(), made_up_partnerships())
    assert dict(zip(s["fact_id"], s["partnership_id"])) == {"Z1": "X1", "Z2": "X2"}
    facts = m.partnership_facts(made_up_facts(), made_up_partnerships(), "X2")
    assert list(facts["fact_id"]) == ["Z2", "Z4"]
    with pytest.raises(ParameterError, match="X1"):
        m.partnership_facts(made_up_facts(), made_up_partnerships(), "X9")


def test_catalogue_counts_and_filter():
    cat = m.catalogue(made_up_partnerships(), ["DK"])
    assert list(cat["partnership_id"]) == ["X1", "X2"]       # start year first, unknown last
    assert list(cat["named_members"]) == [2, 2] and list(cat["member_count"]) == [2, 9]
    assert m.country_counts(m.catalogue(made_up_partnerships())) == {"DK": 2, "NO": 1}


def test_size_limit_read_from_the_label():
    assert m.size_limit(m.SMALL) == 15000 and m.size_limit("towns, more than 2 500 inhabitants") == 2500
    with pytest.raises(ParameterError):
        m.size_limit("municipalities")


def test_sentence_helpers():
    assert in_sentence("IT strategy") == "IT strategy" and in_sentence("User support") == "user support"
    assert join_names(["A", "B", "C"], "en") == "A, B and C" and join_names(["A", "B"], "da") == "A og B"


# --- the notebook, executed against the processed tables -------------------------------------

NOTEBOOK = "02_partnerships.py"
COOP = "ssb_ikt_intermunicipal_cooperation_2003_2004"


@pytest.fixture(scope="module")
def runs(built_root, tmp_path_factory):
    """The notebook executed once in each language: {lang: (out_dir, findings)}."""
    return run_both_langs(NOTEBOOK, built_root, tmp_path_factory, "partnerships")


@pytest.mark.parametrize("lang", ["en", "da"])
def test_every_figure_and_table_has_data_metadata_and_source(runs, lang):
    out_dir, findings = runs[lang]
    figures = check_outputs(out_dir)
    assert {"cooperation_by_task", "cooperation_change", "cooperation_by_county"} <= set(figures)
    for table in ("partnerships", "members", "claimed_savings", "sbsys", "cooperation_by_county_table"):
        assert (out_dir / f"{table}.csv").exists(), table
    assert findings["lang"] == lang


def test_both_languages_give_the_same_numbers_in_their_own_format(runs):
    en, da = by_id(runs["en"][1]), by_id(runs["da"][1])
    assert {k: v["value"] for k, v in en.items()} == {k: v["value"] for k, v in da.items()}
    top = en["top_task_municipalities"]["value"]
    assert f"{top:.1f}%" in en["top_task_municipalities"]["text"]
    assert f"{top:.1f}".replace(".", ",") + "\u00a0%" in da["top_task_municipalities"]["text"]


def test_key_findings_equal_independent_recomputation(runs, real):
    f = by_id(runs["en"][1])
    coop = real(COOP)
    nat = coop[coop["geo_level"] == "country"]

    def shares(year, sector):
        rows = nat[(nat["year"] == year) & (nat["sector"] == sector)]
        return dict(zip(rows["indicator"], rows["value"]))

    latest = int(coop["year"].max())
    for fid, sector in (("top_task_municipalities", "municipalities (kommuner)"),
                        ("top_task_county_authorities", "county authorities (fylkeskommuner)")):
        s = shares(latest, sector)
        assert f[fid]["value"] == pytest.approx(max(s.values()))
        assert f[fid]["indicator"] == max(s, key=s.get)
        assert f[fid]["year"] == latest
    first = int(coop["year"].min())
    a, b = shares(first, "municipalities (kommuner)"), shares(latest, "municipalities (kommuner)")
    assert f["largest_rise"]["value"] == pytest.approx(max(b[k] - a[k] for k in a), abs=1e-9)
    small = shares(latest, "municipalities (kommuner), less than 15 000 inhabitants")
    large = shares(latest, "municipalities (kommuner), more than 15 000 inhabitants")
    assert f["size_gap"]["value"] == pytest.approx(max(small[k] - large[k] for k in small), abs=1e-9)

    facts = real("catalogue_facts")
    sb = facts[(facts["entity"] == "Brugerklubben SBSYS") & (facts["indicator"] == "members: municipalities")]
    sb = sb.dropna(subset=["year"]).sort_values("year")
    assert f["sbsys_members"]["value"] == sb["value"].iloc[-1]
    assert f["sbsys_members"]["year"] == sb["year"].iloc[-1]

    # savings: facts mentioning a saving whose entity names a catalogue member or partnership
    parts = real("catalogue_partnerships")
    members = {m.strip().lower() for ms in parts["members"] for m in str(ms).split(";")}
    name_words = {w.lower() for n in parts["name"] for w in str(n).replace("(", " ").split() if len(w) > 4}
    sav = facts[facts["indicator"].str.contains("saving", case=False)]

    def linked(entity):
        names = {x.strip().lower() for x in str(entity).replace("(", ";").replace(")", ";").replace(",", ";").split(";")
                 if x.strip()}
        return bool(names & members) or bool({w.lower() for w in str(entity).split()} & name_words)

    assert f["savings_claims"]["value"] == sum(linked(e) for e in sav["entity"])


def test_region_added_for_danish_members_only():
    links = pd.DataFrame({"municipality": ["Aby", "Oldtown", "Dby"], "country": ["DK", "DK", "NO"]})
    munis = pd.DataFrame({"name": ["Aby", "Dby"], "region": ["Region A", "Region B"]})   # MADE-UP
    assert list(m.with_region(links, munis)["region"]) == ["Region A", None, None]


def test_params_name_the_mistake():
    with pytest.raises(ParameterError, match="did you mean: cooperation_year"):
        Params.validate_params({"cooperation_yaer": 2004})
    with pytest.raises(ParameterError, match="countries"):
        Params.validate_params({"countries": ["SE"]})
    assert Params.validate_params({"countries": ["NO"]}).countries == ["NO"]


def test_the_translation_tables_follow_the_catalogue(built):
    """Every partnership's name, scope and note has its Danish; 'en' is the catalogue's own text, so a
    changed catalogue row shows up here until its translation is updated."""
    from analysis.data import tables
    from analysis.i18n import house

    cat = tables.load("catalogue_partnerships")
    for col, table in (("name", "partnership_names"), ("scope", "partnership_scopes"), ("note", "partnership_notes")):
        entries = house().table(table)
        for pid, text in zip(cat["partnership_id"], cat[col]):
            if isinstance(text, str) and text:
                assert pid in entries, f"{table}: no translation of {pid}"
                assert entries[pid]["en"] == text, f"{table}[{pid}]: catalogue now says {text!r}"


def test_municipalities_tied_on_counts_are_in_danish_alphabetical_order():
    members = pd.DataFrame([  # MADE-UP members: one partnership of four, names that sort differently in Danish
        {"partnership": "P", "municipality": n, "country": "DK", "since": 2014}
        for n in ("Aabenraa", "Ærø", "Vejle", "Århus-test")])
    links = m.municipality_links(members)
    assert list(links["municipality"]) == ["Vejle", "Ærø", "Aabenraa", "Århus-test"]
