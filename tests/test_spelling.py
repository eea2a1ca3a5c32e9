"""Spelling: every word of every text catalogue (Danish with hunspell's da_DK, English with en_US, both with
the project's word lists of names and terms). The rendered reports are checked in test_e2e."""
from __future__ import annotations

import pytest
from spelling_check import available, unknown_words
from test_catalogues import catalogues

from analysis.i18n import Catalogue

pytestmark = pytest.mark.skipif(not available(), reason="needs hunspell, hunspell-da, hunspell-en-us (.ci/run)")


# Translation tables whose English is the data's own text, as the publishers print it (proper names and all):
# only their Danish is this project's words.
AS_PUBLISHED = {"publisher_texts", "licences", "fact_notes", "fact_indicators", "fact_units", "agder_indicators"}


def catalogue_text(cat_id: str, lang: str) -> str:
    cat = Catalogue(catalogues()[cat_id])
    out = []
    for key, entry in cat.entries.items():
        if lang == "en" and key in AS_PUBLISHED:
            continue
        for item in entry.values() if Catalogue.is_table(entry) else [entry]:
            value = item[lang]
            out += value if isinstance(value, list) else [value]
    return "\n".join(out)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("cat_id", sorted(catalogues()))
def test_catalogue_spelling(cat_id, lang):
    assert unknown_words(catalogue_text(cat_id, lang), lang) == []


def test_the_check_finds_a_misspelling():
    assert unknown_words("Kommunerne brugte mange penge på it-udstyr og medianenkommunen", "da") == \
        ["medianenkommunen"]
    assert unknown_words("The municipalities spent more on equipmnet", "en") == ["equipmnet"]


def test_a_names_possessive_is_checked_as_the_name():
    assert unknown_words("Aarhus's net spending rose; Ishøj's fell", "en", names=["Aarhus", "Ishøj"]) == []
    assert unknown_words("Aarhuss nuværende udgift", "da", names=["Aarhus"]) == ["Aarhuss"]
