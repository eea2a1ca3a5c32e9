"""A font's tables read once, not at every text layout.

matplotlib lays a text out (`Text._get_layout`) about 1,900 times a profile, and each time it opens the font and
reads two of its tables ('OS/2' or 'hhea', and 'head') into new dictionaries, for the font's line gap, ascent and
descent. Those tables never change, so `install()` hands that one call a font whose tables are read once: the
same numbers, so the same figures byte for byte (tests/test_figures_font_tables.py), for a tenth less of a
profile's kernel time (docs/performance.md).
"""
from __future__ import annotations

import functools
from typing import Any

import matplotlib.text as mtext
from matplotlib import font_manager


class FontTables:
    """The font of a list of font files as `Text._get_layout` uses it: its sfnt tables, each read once."""

    __slots__ = ("_paths", "_tables")

    def __init__(self, paths: tuple[str, ...]):
        self._paths = paths
        self._tables: dict[str, Any] = {}

    def get_sfnt_table(self, name: str) -> Any:
        """The table as FT2Font.get_sfnt_table gives it (None when the font has none), read on first use."""
        if name not in self._tables:
            self._tables[name] = font_manager.get_font(list(self._paths)).get_sfnt_table(name)
        return self._tables[name]


@functools.lru_cache(maxsize=64)
def _tables(paths: tuple[str, ...]) -> FontTables:
    return FontTables(paths)


def font_with_tables(font_filepaths, hinting_factor=None) -> FontTables:
    """What `Text._get_layout` asks `get_font` for (it reads tables only), from a cache per list of files."""
    paths = (font_filepaths,) if isinstance(font_filepaths, (str, bytes)) else tuple(font_filepaths)
    return _tables(paths)


def install() -> bool:
    """Let matplotlib's text layout read font tables through the cache; True when in place. Only the name that
    `matplotlib.text` imported is replaced, so drawing and measuring glyphs still use the real font; a
    matplotlib whose text module no longer uses `get_font` is left as it is (False)."""
    current = getattr(mtext, "get_font", None)
    if current is font_with_tables:
        return True
    if current is not font_manager.get_font:
        return False
    mtext.get_font = font_with_tables
    return True
