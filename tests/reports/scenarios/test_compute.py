"""Scenario models: hand-computed expected values for each model and each validation error.

The inputs here are made-up test numbers (not data); the expected values are worked out in the comments.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.errors import DataError, ParameterError
from analysis.reports.scenarios import compute as m

# made-up inputs (test data, not figures)
CHANNEL = dict(contacts_per_year=2000, letter_share=20, phone_share=30, digital_share=50,
               letter_cost=100, phone_cost=50, digital_cost=10, target_digital_share=80)


def test_channel_shift_costs_now_and_after():
    r = m.channel_shift(**CHANNEL)
    # now: 2000 * (0.20*100 + 0.30*50 + 0.50*10) = 2000 * 40 = 80,000
    assert r.cost_now == pytest.approx(80_000)
    # after: the 20 % left split 20:30 -> letter 8 %, phone 12 %, digital 80 %
    assert r.shares_after == pytest.approx({"letter": 8, "phone": 12, "digital": 80})
    # 2000 * (0.08*100 + 0.12*50 + 0.80*10) = 2000 * 22 = 44,000
    assert r.cost_after == pytest.approx(44_000)
    assert r.saving == pytest.approx(36_000)


def test_channel_shift_target_below_today_costs_more():
    r = m.channel_shift(**{**CHANNEL, "target_digital_share": 0})
    # digital 0 %: letter 40 %, phone 60 % -> 2000 * (40 + 30) = 140,000
    assert r.cost_after == pytest.approx(140_000)
    assert r.saving == pytest.approx(80_000 - 140_000)


def test_channel_shift_all_digital_already():
    r = m.channel_shift(**{**CHANNEL, "letter_share": 0, "phone_share": 0, "digital_share": 100,
                           "target_digital_share": 100})
    assert r.cost_now == r.cost_after == pytest.approx(2000 * 10)
    with pytest.raises(ParameterError, match="target_digital_share"):
        m.channel_shift(**{**CHANNEL, "letter_share": 0, "phone_share": 0, "digital_share": 100,
                           "target_digital_share": 90})


def test_channel_shift_carries_its_assumptions():
    src = m.Assumption("letter_cost", 100, "DKK per contact", "Publisher: Title", "X1")
    r = m.channel_shift(**{**CHANNEL, "letter_cost": src})
    by_key = {a.key: a for a in r.assumptions}
    assert set(by_key) == set(CHANNEL)
    assert by_key["letter_cost"] is src
    assert by_key["phone_cost"].source == m.USER_INPUT and by_key["phone_cost"].value == 50


@pytest.mark.parametrize("key, value, valid", [
    ("letter_share", 120, "0 to 100"),
    ("phone_share", -5, "0 to 100"),
    ("target_digital_share", 101, "0 to 100"),
    ("letter_cost", -1, "0 or more"),
    ("digital_cost", float("nan"), "a finite number"),
    ("contacts_per_year", -10, "0 or more"),
    ("phone_cost", True, "a finite number"),
])
def test_channel_shift_rejects_each_bad_input(key, value, valid):
    values = dict(CHANNEL)
    values[key] = value
    if key in ("letter_share", "phone_share"):  # keep the sum at 100 so the range check is what fails
        other = "phone_share" if key == "letter_share" else "letter_share"
        values[other] = 100 - value - values["digital_share"]
    with pytest.raises(ParameterError) as exc:
        m.channel_shift(**values)
    assert f"'{key}'" in str(exc.value) and valid in str(exc.value)


def test_channel_shift_shares_must_sum_to_100():
    with pytest.raises(ParameterError) as exc:
        m.channel_shift(**{**CHANNEL, "letter_share": 25})  # 25 + 30 + 50 = 105
    text = str(exc.value)
    assert "add up to 105 %" in text and "sum to 100" in text
    assert "letter_share" in text and "phone_share" in text and "digital_share" in text


def test_shared_operations_payback():
    r = m.shared_operations(members=4, one_off_cost=1_000_000, saving_per_member=100_000, start_year=2020)
    assert r.yearly_saving == 400_000
    assert r.one_off_per_member == 250_000
    # 1,000,000 / 400,000 = 2.5 years -> covered by the end of the third year: 2022
    assert r.payback_years == 3 and r.payback_year == 2022
    net = r.cumulative(3)
    assert net["year"].tolist() == [2020, 2021, 2022]
    assert net["net"].tolist() == [-600_000, -200_000, 200_000]


def test_shared_operations_exact_and_degenerate_paybacks():
    exact = m.shared_operations(members=2, one_off_cost=800_000, saving_per_member=200_000, start_year=2015)
    assert exact.payback_year == 2016  # 800,000 / 400,000 = exactly 2 years
    free = m.shared_operations(members=3, one_off_cost=0, saving_per_member=1, start_year=2014)
    assert free.payback_year == 2014
    never = m.shared_operations(members=3, one_off_cost=10, saving_per_member=0, start_year=2014)
    assert never.payback_year is None and never.payback_years is None


@pytest.mark.parametrize("key, value, valid", [
    ("members", 0, "a whole number, 1 or more"),
    ("members", 2.5, "a whole number, 1 or more"),
    ("one_off_cost", -1, "0 or more"),
    ("saving_per_member", -100, "0 or more"),
    ("start_year", 1800, "a whole number, 1900 or more"),
])
def test_shared_operations_rejects_each_bad_input(key, value, valid):
    values = dict(members=3, one_off_cost=100, saving_per_member=10, start_year=2014)
    values[key] = value
    with pytest.raises(ParameterError) as exc:
        m.shared_operations(**values)
    assert f"'{key}'" in str(exc.value) and valid in str(exc.value)


def test_joint_licence_and_check():
    r = m.joint_licence(municipality="Testby", population=20_000, licence_per_citizen=9.5,
                        current_licence_cost=250_000)
    assert r.club_cost == pytest.approx(190_000)          # 20,000 x 9.5
    assert r.saving == pytest.approx(60_000)              # 250,000 - 190,000
    no_current = m.joint_licence(municipality="Testby", population=20_000, licence_per_citizen=9.5)
    assert no_current.saving is None
    check = m.licence_check(no_current, 300_000, 500_000)
    assert check.implied_current_low == pytest.approx(490_000)   # 190,000 + 300,000
    assert check.implied_current_high == pytest.approx(690_000)  # 190,000 + 500,000
    assert [a.key for a in check.assumptions] == ["population", "licence_per_citizen",
                                                  "check_saving_low", "check_saving_high"]


@pytest.mark.parametrize("kwargs, key, valid", [
    (dict(population=0), "population", "a positive population"),
    (dict(population=-3), "population", "0 or more"),
    (dict(licence_per_citizen=-9), "licence_per_citizen", "0 or more"),
    (dict(current_licence_cost=-1), "current_licence_cost", "0 or more"),
])
def test_joint_licence_rejects_each_bad_input(kwargs, key, valid):
    values = dict(municipality="Testby", population=1000, licence_per_citizen=9)
    values.update(kwargs)
    with pytest.raises(ParameterError) as exc:
        m.joint_licence(**values)
    assert key in str(exc.value) and valid in str(exc.value)


def test_licence_check_rejects_a_reversed_range():
    base = m.joint_licence(municipality="Testby", population=1000, licence_per_citizen=9)
    with pytest.raises(ParameterError, match="low <= high"):
        m.licence_check(base, 500, 300)


# Made-up catalogue rows (test data): ids deliberately out of order so a positional lookup would fail.
FAKE_FACTS = pd.DataFrame([
    {"fact_id": fid, "entity": ent, "value": val, "unit": "u", "note": "", "publisher": "Pub",
     "source_title": f"Title {fid}", "source_url": f"https://example.org/{fid}", "year": 2000}
    for fid, ent, val in [("F23", "Testby", 7), ("F22", "Testby", 6), ("F20", "Club", 5.5),
                          ("F44", "A; B", 44), ("F01", "A; B; C; D", 1999), ("F02", "A; B; C; D", 22),
                          ("F13", "x", 60), ("F12", "x", 20), ("F16", "x", 2), ("F15", "x", 20),
                          ("F14", "x", 90)]
])


def test_defaults_are_looked_up_by_fact_id():
    d = m.defaults_from_facts(FAKE_FACTS)
    assert {k: d[k].value for k in ("letter_cost", "phone_cost", "digital_cost", "digital_share",
                                    "target_digital_share", "one_off_cost", "licence_per_citizen",
                                    "check_saving_low", "check_saving_high", "saving_per_member")} == \
        {"letter_cost": 90, "phone_cost": 20, "digital_cost": 2, "digital_share": 20, "target_digital_share": 60,
         "one_off_cost": 44, "licence_per_citizen": 5.5, "check_saving_low": 6, "check_saving_high": 7,
         "saving_per_member": 22}
    assert d["members"].value == 4 and d["members"].fact_id == "F02"  # counted from 'A; B; C; D'
    assert d["letter_cost"].source == "Pub: Title F14" and d["letter_cost"].url.endswith("/F14")
    assert d["saving_per_member"].unit == "DKK per year" and d["saving_per_member"].remarks == (("note_read_yearly", ()),)
    assert d["members"].remarks == (("note_members", (("names", "A, B, C, D"),)),)
    assert m.fact_year(FAKE_FACTS, "F12") == 2000
    assert m.fact_entity(FAKE_FACTS, "F22") == "Testby"


def test_defaults_missing_or_empty_fact_is_a_data_error():
    with pytest.raises(DataError, match="F14"):
        m.defaults_from_facts(FAKE_FACTS[FAKE_FACTS["fact_id"] != "F14"])
    empty = FAKE_FACTS.copy()
    empty.loc[empty["fact_id"] == "F16", "value"] = math.nan
    with pytest.raises(DataError, match="F16.*no value"):
        m.defaults_from_facts(empty)


def test_sources_of_lists_each_source_once():
    d = m.defaults_from_facts(FAKE_FACTS)
    srcs = m.sources_of([d["letter_cost"], d["phone_cost"], d["letter_cost"], m.Assumption("x", 1, "")])
    assert srcs == [{"publisher": "Pub", "title": "Title F14", "url": "https://example.org/F14"},
                    {"publisher": "Pub", "title": "Title F15", "url": "https://example.org/F15"}]
