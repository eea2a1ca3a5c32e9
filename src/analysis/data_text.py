"""Text that comes with the data, in the reader's language: the fact catalogue's indicators and notes, keyed by
fact id in the house catalogue (`fact_indicators`, `fact_notes`; the English is the catalogue's own text), and
its units (`fact_units`, keyed by the unit as the catalogue writes it)."""
from __future__ import annotations

from analysis.i18n import Words


def fact_note(fact_id: str | None, text: str, lang: str) -> str:
    """A fact's note in lang (the catalogue's note exactly; any other text is returned as given)."""
    return _translated("fact_notes", fact_id, text, lang)


def fact_indicator(fact_id: str | None, text: str, lang: str) -> str:
    """A fact's indicator ('members: municipalities') in lang; one the catalogue does not hold as given."""
    return _translated("fact_indicators", fact_id, text, lang)


def fact_unit(text: str, lang: str) -> str:
    """A fact's unit ('DKK per year') in lang; a unit the catalogue does not hold as given."""
    return Words(None, lang).lookup("fact_units", text) if text else text


def member_names(text: str, lang: str) -> str:
    """Partnership names as the member rows write them ('OS2 - … (founder)'), the founder mark in lang."""
    return str(text).replace(" (founder)", f" ({Words(None, lang)('founder')})")


def _translated(table: str, fact_id: str | None, text: str, lang: str) -> str:
    words = Words(None, lang)
    if not fact_id or not words.has(table, fact_id):
        return text
    english = Words(None, "en").lookup(table, fact_id)
    if text == english:
        return words.lookup(table, fact_id)
    return text
