"""Danish municipality lookup that accepts common name variants and otherwise suggests the closest matches."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd
from rapidfuzz import fuzz, process

from analysis.errors import ParameterError

# Spelling variants that are not mere case, hyphen or diacritic differences (names, not figures).
ALIASES = {
    "copenhagen": "København", "kobenhavn": "København", "kobenhavns": "København", "arhus": "Aarhus",
    "aarhus": "Aarhus", "vesthimmerland": "Vesthimmerlands", "nordfyn": "Nordfyns", "bornholms": "Bornholm",
    "frederikssund": "Frederikssund", "lyngby taarbaek": "Lyngby-Taarbæk", "brondby": "Brøndby",
}


def normalise(name: str) -> str:
    """Lower case; æ/ae, ø/oe, å/aa folded to one letter; diacritics, hyphens and 'Kommune' dropped."""
    text = str(name).strip().lower()
    text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = text.replace("aa", "a").replace("ae", "a").replace("oe", "o")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\b(kommune|municipality|kommunes)\b", " ", text)
    text = re.sub(r"[-_.,/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def all_municipalities(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 98 Danish municipalities (code, name, region, population, …) from the processed reference table."""
    if table is not None:
        return table
    from analysis.data.tables import load
    return load("dk_municipalities")


def _index(table: pd.DataFrame) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(table["name"]):
        index[normalise(name)] = i
    for alias, name in ALIASES.items():
        hits = [i for i, n in enumerate(table["name"]) if n == name]
        if hits:
            index[normalise(alias)] = hits[0]
    return index


def find_municipality(name: str | int, table: pd.DataFrame | None = None) -> dict | None:
    """The municipality row for a name, variant or 3-digit code, or None when nothing matches exactly."""
    table = all_municipalities(table).reset_index(drop=True)
    text = str(name).strip()
    if re.fullmatch(r"\d{1,3}", text):
        hit = table[table["code"] == text.zfill(3)]
        return _row(hit.iloc[0]) if len(hit) else None
    i = _index(table).get(normalise(text))
    return _row(table.iloc[i]) if i is not None else None


def _row(row: pd.Series) -> dict:
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def close_municipalities(name: str | int, table: pd.DataFrame | None = None, limit: int = 3) -> list[str]:
    """The names of the municipalities closest to a name that is not one (at most limit, best first)."""
    names = list(all_municipalities(table)["name"])
    return [m[0] for m in process.extract(str(name), names, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)]


def lookup_municipality(name: str | int, table: pd.DataFrame | None = None) -> dict:
    """The municipality (code, name, region, population, …) for a name, variant or code; else ParameterError
    naming the closest matches."""
    found = find_municipality(name, table)
    if found is not None:
        return found
    close = close_municipalities(name, table)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise ParameterError(f"unknown municipality {str(name)!r}{hint}", column="municipality",
                         valid="one of the 98 Danish municipality names or 3-digit codes, e.g. København or 101")
