"""Every word a reader sees, and the number formats it is written with.

Words live in YAML catalogues that translators can edit: one house catalogue (`analysis/house.yaml`:
chart labels, report sections, index pages, country names) and one per report
(`analysis/reports/<id>/text.yaml`). Each key holds `da` and `en` (a string, or a list of strings for
methods and caveats); code asks for a key with fields:

    words = Words("spend", "da")          # the report's catalogue, then the house catalogue
    words("no_chart", y1=2005, y2=2006)   # 'IKT-udgifter, 2005 og 2006'

A key whose value is a mapping of mappings is a translation table for text that comes with the data
(`words.lookup("barriers_2002", label)`).
"""
from __future__ import annotations

import functools
import math
import unicodedata
from pathlib import Path
from typing import Any

import yaml

LANGS = ("da", "en")
PACKAGE = Path(__file__).resolve().parent
HOUSE = PACKAGE / "house.yaml"
NBSP = "\u00a0"  # between a number and its unit


def fmt_number(value: float | int | None, lang: str = "en", decimals: int = 0) -> str:
    """Format a number in the report language: 1.234,5 in Danish, 1,234.5 in English; '–' for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", "−") if text.startswith("-") else text


def decimals_of(value: float) -> int:
    """Decimals a value has (0-2), so 9 shows as 9 and 9.5 as 9.5: never rounded silently."""
    for d in range(3):
        if round(value, d) == value:
            return d
    return 2


def fmt_percent(value: float | None, lang: str = "en", decimals: int = 0) -> str:
    """A percentage (value already in per cent): '45,1 %' in Danish, '45.1%' in English; a no-break space
    keeps a Danish number and its sign on one line."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = fmt_number(value, lang, decimals)
    return f"{number}{NBSP}%" if lang == "da" else f"{number}%"


def fmt_kr(value: float | None, lang: str = "en", decimals: int = 0, currency: str = "DKK", scale: str = "") -> str:
    """An amount of money with its currency: '3.238 kr.' (da) or 'DKK 3,238' (en), joined by no-break spaces, with
    an optional scale word ('150 mio. kr.', 'DKK 150 million'); Norwegian kroner are 'NOK' in Danish too, so they
    are never read as Danish kroner."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    amount = NBSP.join(part for part in (fmt_number(value, lang, decimals), scale) if part)
    if lang == "da":
        return f"{amount}{NBSP}{'kr.' if currency == 'DKK' else currency}"
    return f"{currency}{NBSP}{amount}"


def genitive(name: str, lang: str = "en") -> str:
    """A name's possessive: 'Aarhus'' and 'Odenses' in Danish (an apostrophe after s, x or z), 'Aarhus's' in English."""
    if lang == "da":
        return f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"
    return f"{name}'s"


def t(labels: dict[str, str], lang: str) -> str:
    """Pick the label for lang from {'da': ..., 'en': ...} (a catalogue entry or a data translation)."""
    return labels.get(lang) or labels["en"]


# --- Danish alphabetical order ---------------------------------------------------------------------

_DA_ORDER = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}  # the three characters after 'z' in ASCII


def danish_key(text: Any) -> str:
    """Sort key for Danish alphabetical order: Æ, Ø, Å after Z, 'Aa' sorted as Å (Aabenraa after Vejle),
    other accents ignored (é as e)."""
    s = "".join(_DA_ORDER.get(ch, ch) for ch in str(text).lower().replace("aa", "å"))
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch))


def sort_names(names, lang: str) -> list:
    """Names in the reader's alphabetical order (Danish rules for da)."""
    return sorted(names, key=danish_key if lang == "da" else (lambda n: str(n).lower()))


# --- catalogues ------------------------------------------------------------------------------------

class CatalogueError(ValueError):
    """A catalogue file that is not valid: names the file and the key."""


class _UniqueKeys(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML that refuses a key written twice in one mapping (YAML would keep the last one silently); parsed by
    libyaml when PyYAML has it (ten times faster: the house catalogue took 0.04 s a process)."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise CatalogueError(f"{Path(self.name).name}: key '{key}' is written twice (lines "
                                     f"{seen[key] + 1} and {key_node.start_mark.line + 1}); keep one")
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class Catalogue:
    """One YAML text catalogue: key -> {da, en} (strings or lists), or key -> {item: {da, en}} tables."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with self.path.open(encoding="utf-8") as f:
            loader = _UniqueKeys(f)  # a safe loader that refuses duplicate keys
            loader.name = str(self.path)  # libyaml's parser keeps no name for the error message
            try:
                data = loader.get_single_data() or {}
            finally:
                loader.dispose()
        if not isinstance(data, dict):
            raise CatalogueError(f"{self.path}: must be a mapping of keys to {{da, en}}")
        self.entries: dict[str, Any] = data
        for key, entry in data.items():
            self._check(key, entry)

    def _check(self, key: str, entry: Any) -> None:
        if not isinstance(entry, dict):
            raise CatalogueError(f"{self.path.name}: key '{key}' must be a mapping with 'da' and 'en'")
        if self.is_table(entry):
            for item, sub in entry.items():
                if not isinstance(sub, dict) or set(sub) != set(LANGS):
                    raise CatalogueError(f"{self.path.name}: table '{key}', item '{item}' needs exactly da and en")
            return
        missing = [lang for lang in LANGS if not entry.get(lang)]
        if missing or set(entry) != set(LANGS):
            raise CatalogueError(f"{self.path.name}: key '{key}' needs exactly da and en"
                                 f" (missing: {', '.join(missing) or 'none'}; has: {', '.join(entry)})")

    @staticmethod
    def is_table(entry: Any) -> bool:
        """A translation table (item -> {da, en}) rather than one text."""
        return isinstance(entry, dict) and set(entry) != set(LANGS) and \
            all(isinstance(v, dict) for v in entry.values())

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def keys(self) -> list[str]:
        return list(self.entries)

    def text(self, key: str, lang: str, **fields) -> Any:
        """The text of key in lang with {fields} filled in (each item of a list is filled)."""
        if lang not in LANGS:
            raise CatalogueError(f"unknown language '{lang}' (valid: {', '.join(LANGS)})")
        value = self.entries[key][lang]
        if not fields:
            return value
        try:
            if isinstance(value, list):
                return [v.format(**fields) for v in value]
            return value.format(**fields)
        except KeyError as exc:
            raise CatalogueError(f"{self.path.name}: key '{key}' ({lang}) needs field {exc}") from None

    def table(self, key: str) -> dict[str, dict[str, str]]:
        """A translation table: {item: {da, en}}."""
        return self.entries[key]


@functools.cache
def catalogue(path: str | Path) -> Catalogue:
    """The catalogue at path, read once per process."""
    return Catalogue(Path(path))


def house() -> Catalogue:
    """The house catalogue: words shared by every report and page."""
    return catalogue(HOUSE)


def report_catalogue_path(report_id: str) -> Path:
    """Where a report's catalogue lives."""
    return PACKAGE / "reports" / report_id / "text.yaml"


class Words:
    """The words of one report (or only the house's, with report_id None) in one language."""

    def __init__(self, report_id: str | None, lang: str):
        if lang not in LANGS:
            raise CatalogueError(f"unknown language '{lang}' (valid: {', '.join(LANGS)})")
        self.lang = lang
        path = report_catalogue_path(report_id) if report_id else None
        self.catalogues = ([catalogue(path)] if path and path.exists() else []) + [house()]

    def _find(self, key: str) -> Catalogue:
        for cat in self.catalogues:
            if key in cat:
                return cat
        where = ", ".join(c.path.name for c in self.catalogues)
        raise CatalogueError(f"no text '{key}' in {where}")

    def __contains__(self, key: str) -> bool:
        return any(key in cat for cat in self.catalogues)

    def __call__(self, key: str, **fields) -> Any:
        """The text of key in this language, with fields filled in."""
        return self._find(key).text(key, self.lang, **fields)

    def lookup(self, table: str, item: Any, default: str | None = None) -> str:
        """The reader's-language text of one item of a translation table (default, else the item, when absent)."""
        entry = self._find(table).table(table).get(str(item))
        if entry is None:
            return str(item) if default is None else default
        return entry[self.lang]

    def table(self, table: str) -> dict[str, str]:
        """A whole translation table in this language: {item: text}."""
        return {item: entry[self.lang] for item, entry in self._find(table).table(table).items()}

    def has(self, table: str, item: Any) -> bool:
        """True when a translation table holds item."""
        return str(item) in self._find(table).table(table)
