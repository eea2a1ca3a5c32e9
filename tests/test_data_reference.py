"""Municipality lookup accepts common variants and otherwise names the closest matches; number parsing."""
from __future__ import annotations

import math

import pytest

from analysis.data.clean.common import parse_plain_number, printed_candidates, value_matches_printed
from analysis.data.reference import all_municipalities, lookup_municipality
from analysis.errors import DataError, ParameterError


@pytest.mark.parametrize("variant,name", [
    ("Høje-Taastrup", "Høje-Taastrup"), ("Høje Taastrup", "Høje-Taastrup"), ("hoeje taastrup", "Høje-Taastrup"),
    ("Hojetastrup", None),
    ("Aarhus", "Aarhus"), ("Århus", "Aarhus"), ("København", "København"), ("Copenhagen", "København"),
    ("KØBENHAVN", "København"), ("Kobenhavn", "København"), ("101", "København"), (751, "Aarhus"),
    ("Lyngby-Taarbæk", "Lyngby-Taarbæk"), ("Vesthimmerland", "Vesthimmerlands"), ("Aabenraa Kommune", "Aabenraa"),
])
def test_lookup_variants(built, variant, name):
    if name is None:
        with pytest.raises(ParameterError):
            lookup_municipality(variant)
        return
    hit = lookup_municipality(variant)
    assert hit["name"] == name
    ref = all_municipalities()
    assert hit["code"] == ref.loc[ref.name == name, "code"].item()
    assert hit["population"] == ref.loc[ref.name == name, "population"].item()


def test_normalised_names_stay_distinct(built):
    from analysis.data.reference import normalise
    names = all_municipalities()["name"]
    assert names.map(normalise).is_unique


def test_lookup_unknown_names_closest_matches(built):
    with pytest.raises(ParameterError) as info:
        lookup_municipality("Frederiksbjerg")
    message = info.value.format()
    assert "did you mean:" in message and "Frederiksberg" in message
    assert "valid: one of the 98 Danish municipality names" in message


def test_lookup_unknown_code(built):
    with pytest.raises(ParameterError, match="unknown municipality '999'"):
        lookup_municipality("999")


@pytest.mark.parametrize("printed,expected", [
    ("1 324 328", 1324328.0), ("52,3 mia. kr.", 52.3), ("8.994 kr. pr. indbygger", 8994.0), ("20.0", 20.0),
    ("0.8096800000000001", 0.8096800000000001), ("45,1", 45.1), ("509 458", 509458.0),
])
def test_printed_numbers_parse_exactly(printed, expected):
    assert expected in printed_candidates(printed)


def test_value_matches_printed_with_rounding_and_scale():
    assert value_matches_printed(0.80968, "0.8096800000000001")
    assert value_matches_printed(20.0, "20.0")
    assert value_matches_printed(4e9, "fire milliarder kroner")
    assert not value_matches_printed(1.4, "1 280 188")
    assert value_matches_printed(math.nan, "..")


def test_plain_number_refuses_printed_forms():
    assert parse_plain_number("52.3", where="f", row=2, column="value") == 52.3
    assert math.isnan(parse_plain_number("", where="f", row=2, column="value"))
    for bad in ("52,3", "1 324 328", "8.994,5", "n/a"):
        with pytest.raises(DataError) as info:
            parse_plain_number(bad, where="f.csv", row=7, column="value")
        assert info.value.format().startswith("f.csv, row 7, column 'value': ")
