"""Words of figures, tables and report sections from the house catalogue (analysis/house.yaml)."""
from __future__ import annotations

from analysis.i18n import house


def label(key: str, lang: str, **fields) -> str:
    """The text for key in lang, with {fields} filled in."""
    return house().text(key, lang, **fields)


def country(code: str, lang: str) -> str:
    """Country or aggregate name in lang for an ISO/Eurostat code; the code itself when unknown."""
    names = house().table("countries").get(str(code))
    return names[lang] if names else str(code)


def country_names(codes, lang: str) -> dict[str, str]:
    """{code: name} for chart labels."""
    return {c: country(c, lang) for c in codes}


def ordinal(n: int, lang: str) -> str:
    """'1st', '2nd' (en) or 'nr. 1' (da) for ranks in sentences."""
    n = int(n)
    if lang == "da":
        return label("rank_number", lang, n=n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join_names(names: list[str], lang: str) -> str:
    """'a, b and c' (en) / 'a, b og c' (da)."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {label('and', lang)} {names[-1]}"
