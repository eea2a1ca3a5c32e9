"""Spelling of what readers see, with Debian's hunspell dictionaries (da_DK, en_US) and the project's
word lists (tests/spelling/words.<lang>.txt: names, terms, British spellings)."""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

WORDS = Path(__file__).resolve().parent / "spelling"
DICTIONARIES = {"da": "da_DK", "en": "en_US"}
# Parts of a page that are not the report's own words: the text that comes with the data (source titles,
# licences and notes as the publishers print them), file names and code.
SKIP_CLASSES = {"wb-sources", "wb-source", "wb-downloads", "vintage-table", "run-meta", "wb-as-published"}
SKIP_TAGS = {"script", "style", "code", "pre"}


class _Text(HTMLParser):
    """The visible text of an HTML page outside the skipped parts."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append(bool(tag in SKIP_TAGS or classes & SKIP_CLASSES or (self.stack and self.stack[-1])))

    def handle_endtag(self, tag):
        if tag in ("br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"):
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def available() -> bool:
    return shutil.which("hunspell") is not None and all(
        Path(f"/usr/share/hunspell/{d}.dic").exists() for d in DICTIONARIES.values())


def unknown_words(text: str, lang: str) -> list[str]:
    """Words hunspell does not know in lang (with the project's word list), ignoring {fields}, numbers,
    URLs and e-mail addresses."""
    text = re.sub(r"\{[^}]*\}|https?://\S+|\S+@\S+|\S*\d\S*", " ", text)
    text = re.sub(r"(?<=\w)\.(?=\s|$)", " ", text)  # a sentence's full stop is not part of its last word
    out = subprocess.run(["hunspell", "-d", DICTIONARIES[lang], "-p", str(WORDS / f"words.{lang}.txt"), "-l"],
                         input=text, capture_output=True, text=True, check=True).stdout.split()
    return sorted({w for w in out if len(w.strip("-–'’.")) > 1})
