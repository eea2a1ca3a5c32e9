"""Number, money and name forms in the reader's language (analysis.i18n)."""
from __future__ import annotations

import math

import pytest

from analysis.i18n import NBSP, decimals_of, fmt_kr, fmt_number, fmt_percent, genitive, sort_names


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (3074, "da", 0, "3.074"), (3074, "en", 0, "3,074"), (-1234.5, "da", 1, "−1.234,5"),
    (None, "da", 0, "–"), (math.nan, "en", 0, "–")])
def test_numbers_follow_the_language(value, lang, decimals, expected):
    assert fmt_number(value, lang, decimals) == expected


def test_a_unit_never_wraps_away_from_its_number():
    """A line break between '45,1' and '%' (or 'kr.') is what a phone showed; the space is a no-break space."""
    assert fmt_percent(45.1, "da", 1) == f"45,1{NBSP}%"
    assert fmt_percent(45.1, "en", 1) == "45.1%"
    assert fmt_kr(3238, "da") == f"3.238{NBSP}kr."
    assert fmt_kr(3238, "en") == f"DKK{NBSP}3,238"
    assert " " not in fmt_kr(1_500_000, "da") + fmt_percent(12, "da")


def test_norwegian_kroner_are_never_written_as_danish_kroner():
    assert fmt_kr(1280, "da", currency="NOK") == f"1.280{NBSP}NOK"
    assert fmt_kr(1280, "en", currency="NOK") == f"NOK{NBSP}1,280"


@pytest.mark.parametrize(("name", "lang", "expected"), [
    ("Aarhus", "da", "Aarhus'"), ("Odense", "da", "Odenses"), ("Halsnæs", "da", "Halsnæs'"),
    ("Aarhus", "en", "Aarhus's"), ("Odense", "en", "Odense's")])
def test_possessive_follows_danish_and_english_rules(name, lang, expected):
    assert genitive(name, lang) == expected


@pytest.mark.parametrize(("value", "expected"), [(9, 0), (9.5, 1), (12.25, 2), (25.0, 0)])
def test_decimals_shown_are_the_decimals_the_value_has(value, expected):
    assert decimals_of(value) == expected


def test_danish_order_puts_the_danish_letters_last():
    assert sort_names(["Århus", "Aabenraa", "Ærø", "Odense", "Zealand"], "da") == \
        ["Odense", "Zealand", "Ærø", "Aabenraa", "Århus"]
