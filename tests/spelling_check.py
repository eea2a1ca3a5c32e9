"""Spelling of what readers see, with Debian's hunspell dictionaries (da_DK, en_US) and the project's
word lists (tests/spelling/words.<lang>.txt: names, terms, British spellings)."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

WORDS = Path(__file__).resolve().parent / "spelling"
DICTIONARIES = {"da": "da_DK", "en": "en_US"}
# Parts of a page that are not the report's own words: the text that comes with the data (source titles,
# licences and notes as the publishers print them), file names and code.
SKIP_CLASSES = {"wb-sources", "wb-source", "wb-downloads", "vintage-table", "run-meta", "wb-as-published",
                "src-title", "src-publisher", "src-url", "src-file", "src-licence", "src-official"}
SKIP_TAGS = {"script", "style", "code", "pre", "title"}  # <title> repeats the h1 (which marks its languages)


VOID = ("br", "img", "meta", "link", "input", "hr", "col", "source", "wbr")


class _Text(HTMLParser):
    """The visible text of an HTML page outside the skipped parts, by the language each part is in
    (the nearest `lang` attribute: a Danish line on the English index is checked as Danish)."""

    def __init__(self, lang: str):
        super().__init__()
        self.parts: dict[str, list[str]] = {}
        self.stack: list[tuple[bool, str]] = [(False, lang)]

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        skip, lang = self.stack[-1]
        classes = set((a.get("class") or "").split())
        skip = skip or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        self.stack.append((skip, (a.get("lang") or lang).split("-")[0].lower()))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        skip, lang = self.stack[-1]
        if not skip:
            self.parts.setdefault(lang, []).append(data)


def texts_by_language(html: str, lang: str) -> dict[str, str]:
    """{language: visible text in it} of a page whose own language is lang."""
    parser = _Text(lang)
    parser.feed(html)
    return {k: " ".join(v) for k, v in parser.parts.items()}


def visible_text(html: str, lang: str = "en") -> str:
    return texts_by_language(html, lang).get(lang, "")


def available() -> bool:
    return shutil.which("hunspell") is not None and all(
        Path(f"/usr/share/hunspell/{d}.dic").exists() for d in DICTIONARIES.values())


def unknown_words(text: str, lang: str, names: Iterable[str] = ()) -> list[str]:
    """Words hunspell does not know in lang (with the project's word list and `names`, proper names taken
    from the data), ignoring {fields}, numbers, URLs, e-mail addresses, identifiers and paths."""
    text = re.sub(r"(?<!\w)'[^'\n]+'(?!\w)|»[^«]+«|“[^”]+”|„[^“]+“", " ", text)  # quoted verbatim: not our words
    text = re.sub(r"\{[^}]*\}|https?://\S+|\S+@\S+|\S*\d\S*|\S*[_/]\S*|\S*\w\.\w\S*", " ", text)  # ids, paths, hosts
    text = re.sub(r"(?<=\w)\.(?=\s|$)", " ", text)  # a sentence's full stop is not part of its last word
    if lang == "en":  # a possessive of a name ("Aarhus's"): the name is checked; hunspell gives names no affixes
        text = re.sub(r"(?<=\w)['’]s\b", "", text)
    words = WORDS / f"words.{lang}.txt"
    names = sorted(set(names))
    with tempfile.NamedTemporaryFile("w", suffix=".dic", encoding="utf-8") as personal:
        if names:
            personal.write(words.read_text(encoding="utf-8") + "\n" + "\n".join(names) + "\n")
            personal.flush()
        out = subprocess.run(["hunspell", "-d", DICTIONARIES[lang], "-p", personal.name if names else str(words),
                              "-l"], input=text, capture_output=True, text=True, check=True).stdout.split()
    return sorted({w for w in out if len(w.strip("-–'’.")) > 1})


def page_unknown_words(html: str, lang: str, names: Iterable[str] = ()) -> dict[str, list[str]]:
    """{language: unknown words} of a rendered page, each part checked in its own language (parts in a
    language we have no dictionary for are left alone)."""
    out = {}
    for part_lang, text in texts_by_language(html, lang).items():
        if part_lang in DICTIONARIES:
            found = unknown_words(text, part_lang, names)
            if found:
                out[part_lang] = found
    return out


NAME_COLUMNS = ("geography", "name", "entity", "region", "municipality", "member", "partnership")


def data_names(processed: Path) -> set[str]:
    """Proper names the data hold (places, municipalities, partnerships): the words of their name columns."""
    import pandas as pd

    names: set[str] = set()
    for f in processed.glob("*.parquet"):
        df = pd.read_parquet(f)
        for col in [c for c in df.columns if c in NAME_COLUMNS]:
            for value in df[col].dropna().astype(str).unique():
                names |= {w.strip(".,;:()'’\"") for w in re.split(r"[\s/;,()-]+", value)}
        if "publisher" in df.columns:  # publishers named in prose ("as reported by HK Danmark"): their names
            for value in df["publisher"].dropna().astype(str).unique():
                names |= {w for w in re.split(r"[\s/;,()-]+", value) if w[:1].isupper()}
        if "indicator" in df.columns:  # partnerships named in member rows ("member:Digitaliseringsforening …")
            for value in df["indicator"].dropna().astype(str).unique():
                if value.startswith("member:"):
                    names |= {w.strip(".,;:()'’\"") for w in re.split(r"[\s/;,()-]+", value[7:])}
    return {n for n in names if n and not n.isdigit()}
