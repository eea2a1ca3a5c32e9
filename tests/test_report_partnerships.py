"""Partnerships report: metrics on hand-made tables, key findings against the processed tables, and
one execution of the notebook per language."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import ParameterError
from analysis.metrics import partnerships as m

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


def test_sentence_helpers():
    assert m.in_sentence("IT strategy") == "IT strategy" and m.in_sentence("User support") == "user support"
    assert m.join_names(["A", "B", "C"], "en") == "A, B and C" and m.join_names(["A", "B"], "da") == "A og B"
