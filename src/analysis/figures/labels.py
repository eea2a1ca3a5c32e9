"""Fixed texts of figures, tables and report sections in Danish and English (pick with analysis.i18n.t)."""
from __future__ import annotations

from analysis.i18n import t

TEXTS: dict[str, dict[str, str]] = {
    "source": {"da": "Kilde", "en": "Source"},
    "sources": {"da": "Kilder", "en": "Sources"},
    "download_csv": {"da": "Hent data (CSV)", "en": "Download data (CSV)"},
    "metadata_json": {"da": "Metadata (JSON)", "en": "Metadata (JSON)"},
    "svg": {"da": "SVG", "en": "SVG"},
    "key_findings": {"da": "Hovedresultater", "en": "Key findings"},
    "methods": {"da": "Metode", "en": "Methods"},
    "caveats": {"da": "Forbehold", "en": "Caveats"},
    "accessed": {"da": "hentet", "en": "accessed"},
    "line_chart": {"da": "Kurvediagram", "en": "Line chart"},
    "bar_chart": {"da": "Søjlediagram", "en": "Bar chart"},
    "dot_plot": {"da": "Punktdiagram", "en": "Dot plot"},
    "timeline": {"da": "Tidslinje", "en": "Timeline"},
    "chart": {"da": "Diagram", "en": "Chart"},
    "rose": {"da": "steg", "en": "rose"},
    "fell": {"da": "faldt", "en": "fell"},
    "unchanged": {"da": "var uændret", "en": "was unchanged"},
    "from_to": {"da": "fra {a} til {b} mellem {y1} og {y2}", "en": "from {a} to {b} between {y1} and {y2}"},
    "only": {"da": "kun {y}: {a}", "en": "only {y}: {a}"},
    "highest": {"da": "højest", "en": "highest"},
    "lowest": {"da": "lavest", "en": "lowest"},
    "ranking": {"da": "rangordner {n} efter {units}", "en": "ranking {n} by {units}"},
    "events": {"da": "{n} begivenheder fra {y1} til {y2}", "en": "{n} events from {y1} to {y2}"},
    "and_more": {"da": "og {n} flere", "en": "and {n} more"},
    "table_rows": {"da": "{n} rækker", "en": "{n} rows"},
}


def label(key: str, lang: str, **fields) -> str:
    """The text for key in lang, with {fields} filled in."""
    text = t(TEXTS[key], lang)
    return text.format(**fields) if fields else text


COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "DK": {"da": "Danmark", "en": "Denmark"},
    "NO": {"da": "Norge", "en": "Norway"},
    "SE": {"da": "Sverige", "en": "Sweden"},
    "FI": {"da": "Finland", "en": "Finland"},
    "IS": {"da": "Island", "en": "Iceland"},
    "EE": {"da": "Estland", "en": "Estonia"},
    "NL": {"da": "Holland", "en": "Netherlands"},
    "DE": {"da": "Tyskland", "en": "Germany"},
    "GB": {"da": "Storbritannien", "en": "United Kingdom"},
    "EU27_2020": {"da": "EU-27", "en": "EU-27"},
    "EU28": {"da": "EU-28", "en": "EU-28"},
    "EU": {"da": "EU (som angivet af kilden)", "en": "EU (as stated by the source)"},
    "EU27_PLUS": {"da": "EU-27+", "en": "EU-27+"},
}


def country(code: str, lang: str) -> str:
    """Country or aggregate name in lang for an ISO/Eurostat code; the code itself when unknown."""
    names = COUNTRY_NAMES.get(str(code))
    return t(names, lang) if names else str(code)


def country_names(codes, lang: str) -> dict[str, str]:
    """{code: name} for chart labels."""
    return {c: country(c, lang) for c in codes}


def ordinal(n: int, lang: str) -> str:
    """'1st', '2nd' (en) or 'nr. 1' (da) for ranks in sentences."""
    n = int(n)
    if lang == "da":
        return f"nr. {n}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join_names(names: list[str], lang: str) -> str:
    """'a, b and c' (en) / 'a, b og c' (da)."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    word = "og" if lang == "da" else "and"
    return f"{', '.join(names[:-1])} {word} {names[-1]}"
