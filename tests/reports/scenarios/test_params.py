"""ScenarioParams: defaults read from the processed catalogue, validation errors, saved scenarios round-trip."""
from __future__ import annotations

import pytest
import yaml

from analysis.data import tables
from analysis.data.reference import lookup_municipality
from analysis.errors import ParameterError
from analysis.reports.scenarios import compute as m
from analysis.reports.scenarios.params import (CONTACTS_SCALE, Params as ScenarioParams, check_scenario_name, load_scenario,
                                       save_scenario)


def fact(fact_id: str) -> float:
    facts = tables.load("catalogue_facts")
    return float(facts.loc[facts["fact_id"] == fact_id, "value"].iloc[0])


def derive(**values) -> ScenarioParams:
    return ScenarioParams.validate_params(values).derive()


def test_defaults_come_from_the_catalogue_with_their_sources(built):
    P = derive()
    inputs = P.inputs()
    for key, fid in m.DEFAULT_FACTS.items():
        assert inputs[key].value == fact(fid) and inputs[key].fact_id == fid, key
        assert inputs[key].publisher and inputs[key].source.startswith(inputs[key].publisher)
    # inputs with no sourced figure are labelled as assumptions, never passed off as data
    for key in ("contacts_per_year", "letter_share", "phone_share"):
        assert inputs[key].fact_id is None and inputs[key].source.startswith("assumption"), key
    assert inputs["letter_share"].value == inputs["phone_share"].value == (100 - fact("F12")) / 2
    assert inputs["contacts_per_year"].value == CONTACTS_SCALE


def test_default_scenarios_match_the_models_by_hand(built):
    P = derive()
    c = P.channel()
    letter, phone, digital = fact("F14"), fact("F15"), fact("F16")
    now, target = fact("F12"), fact("F13")
    rest_now, rest_after = (100 - now) / 2, (100 - target) / 2
    assert c.cost_now == pytest.approx(CONTACTS_SCALE * (rest_now * (letter + phone) + now * digital) / 100)
    assert c.cost_after == pytest.approx(CONTACTS_SCALE * (rest_after * (letter + phone) + target * digital) / 100)
    s = P.shared()
    yearly = 3 * fact("F02")  # Egedal, Ballerup, Furesø
    assert s.members == 3 and s.yearly_saving == yearly
    assert s.payback_year == int(fact("F01")) + max(1, -(-fact("F44") // yearly)) - 1
    faxe = lookup_municipality("Faxe")
    assert P.municipality_name == "Faxe"
    assert P.licence().club_cost == pytest.approx(faxe["population"] * fact("F20"))
    chk = P.check()
    assert chk.implied_current_low == pytest.approx(faxe["population"] * fact("F20") + fact("F22"))
    assert chk.implied_current_high == pytest.approx(faxe["population"] * fact("F20") + fact("F23"))


def test_user_values_replace_defaults_and_are_marked_as_user_input(built):
    P = derive(municipality="Aarhus", contacts_per_year=50_000, current_licence_cost=4_000_000,
               letter_share=10, phone_share=20, digital_share=70, target_digital_share=90)
    aarhus = lookup_municipality("Aarhus")
    lic = P.licence()
    assert lic.municipality == "Aarhus" and lic.population == aarhus["population"]
    assert lic.saving == pytest.approx(4_000_000 - aarhus["population"] * fact("F20"))
    c = P.channel()
    assert c.contacts == 50_000 and c.shares_now == {"letter": 10, "phone": 20, "digital": 70}
    assert P.inputs()["target_digital_share"].source == m.USER_INPUT
    assert P.check().licence.municipality == "Faxe"  # the check always uses the documented case


@pytest.mark.parametrize("values, needle, valid", [
    ({"letter_share": 120, "phone_share": 0}, "letter_share", "less than or equal to 100"),
    ({"phone_cost": -1}, "phone_cost", "greater than or equal to 0"),
    ({"members": 0}, "members", "greater than or equal to 1"),
    ({"letter_share": 40}, "letter_share", "both letter_share and phone_share"),
    ({"letter_share": 40, "phone_share": 40, "digital_share": 40}, "add up to 120 %", "sum to 100"),
    ({"target_digital": 50}, "unknown parameter 'target_digital'", "target_digital_share"),
])
def test_invalid_parameters_name_the_parameter_and_what_is_valid(values, needle, valid):
    with pytest.raises(ParameterError) as exc:
        ScenarioParams.validate_params(values)
    assert needle in str(exc.value) and valid in str(exc.value)


def test_shares_checked_against_the_default_digital_share(built):
    # letter + phone must leave exactly the default digital share (F12)
    with pytest.raises(ParameterError, match="add up to"):
        derive(letter_share=50, phone_share=50)
    ok = derive(letter_share=100 - fact("F12"), phone_share=0)
    assert ok.channel().shares_now["letter"] == 100 - fact("F12")


def test_unknown_municipality_suggests_close_names(built):
    with pytest.raises(ParameterError) as exc:
        derive(municipality="Faxxe")
    assert "Faxe" in str(exc.value) and "municipality" in str(exc.value)


def test_saved_scenario_round_trips(built, tmp_path):
    P = derive(lang="da", target_digital_share=65, members=5, municipality="Høje Taastrup")
    path = save_scenario(P, "test-scenario", tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data == {"lang": "da", "steps": {"scenarios": {"municipality": "Høje Taastrup",
                                                          "target_digital_share": 65.0, "members": 5}}}
    Q = load_scenario(path).derive()
    assert Q.lang == "da" and Q.channel().cost_after == P.channel().cost_after
    assert Q.shared().payback_year == P.shared().payback_year
    assert Q.licence().club_cost == P.licence().club_cost


@pytest.mark.parametrize("name", ["", "../evil", "a b", "da", "en", "x" * 65])
def test_bad_scenario_names_are_refused(name, tmp_path):
    with pytest.raises(ParameterError, match="scenario name"):
        check_scenario_name(name)
