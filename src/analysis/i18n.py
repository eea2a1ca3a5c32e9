"""Danish and English number formats and labels; every report text that shows a number goes through here."""
from __future__ import annotations

import math

LANGS = ("da", "en")


def fmt_number(value: float | int | None, lang: str = "en", decimals: int = 0) -> str:
    """Format a number in the report language: 1.234,5 in Danish, 1,234.5 in English; '–' for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", "−") if text.startswith("-") else text


def fmt_percent(value: float | None, lang: str = "en", decimals: int = 0) -> str:
    """A percentage (value already in per cent): '45,1 %' in Danish, '45.1%' in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = fmt_number(value, lang, decimals)
    return f"{number} %" if lang == "da" else f"{number}%"


def fmt_kr(value: float | None, lang: str = "en", decimals: int = 0, currency: str = "DKK") -> str:
    """An amount of money with its currency: '3.238 kr.' (da) or 'DKK 3,238' (en)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = fmt_number(value, lang, decimals)
    if lang == "da":
        return f"{number} kr." if currency in ("DKK", "NOK") else f"{number} {currency}"
    return f"{currency} {number}"


def t(labels: dict[str, str], lang: str) -> str:
    """Pick the label for lang from {'da': ..., 'en': ...}."""
    return labels.get(lang) or labels["en"]
