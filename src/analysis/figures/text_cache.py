"""What matplotlib measures of text, kept across drawings instead of measured again in each.

A profile lays its two charts out and draws them about 15 times (wide, phone, SVG, PNG), and each time matplotlib
makes a new renderer, so two things it works out anew per text are the same every time:
- a font's vertical metrics: `Text._get_layout` (about 1,900 calls a profile) opens the font and reads two of its
  tables into new dictionaries; `FontTables` reads each table once;
- the size of a string: matplotlib caches it per renderer, so each new renderer measures every label again;
  `shared_metrics` keeps one cache per kind of renderer (its class, its resolution and the settings that change
  a measurement).
`install()` puts both in place (the house style calls it). The numbers are the same, so the figures are the same
byte for byte (tests/test_figures_text_cache.py), for about a fifth less of a profile's kernel time
(docs/performance.md).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import matplotlib
import matplotlib.text as mtext
from matplotlib import font_manager

# the settings besides the renderer's class and resolution that a text's measured size depends on
_MEASURE_RC = ("text.hinting", "text.hinting_factor", "text.kerning_factor", "mathtext.fontset", "text.usetex")
_MAX_SIZES = 50_000  # strings kept per kind of renderer (some 25 MB) before that cache starts again


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


_sizes: dict[tuple, dict[tuple, tuple[float, float, float]]] = {}


def shared_metrics(renderer, _cache=None) -> Callable[[str, Any, Any, float], tuple[float, float, float]]:
    """In place of `matplotlib.text._get_text_metrics_function`: measure with this renderer, from the cache of
    every renderer of its class, resolution and settings (matplotlib keeps one per renderer)."""
    settings = tuple(dict.get(matplotlib.rcParams, k) for k in _MEASURE_RC)  # as stored: no deprecation warning
    kind = (type(renderer), getattr(renderer, "dpi", None), settings)
    sizes = _sizes.setdefault(kind, {})

    def measure(text: str, fontprop, ismath, dpi: float) -> tuple[float, float, float]:
        key = (text, fontprop, ismath, dpi)  # fontprop is a copy (matplotlib passes one): it will not change
        found = sizes.get(key)
        if found is None:
            if len(sizes) >= _MAX_SIZES:
                sizes.clear()
            found = sizes[key] = renderer.get_text_width_height_descent(text, fontprop, ismath)
        return found

    return measure


for _ours in (font_with_tables, shared_metrics):
    _ours._workbench_text_cache = True  # what install() looks for (a reloaded copy of this module counts too)


replaced: dict[str, Callable] = {}
"""matplotlib's own functions that install() replaced, by name (for comparison in tests)."""


def _is_ours(fn: Any) -> bool:
    return getattr(fn, "_workbench_text_cache", False)


def install() -> bool:
    """Let matplotlib measure text through both caches; True when in place. Only names inside `matplotlib.text`
    are replaced (drawing glyphs still uses the real font); a matplotlib whose text module no longer has them as
    expected is left as it is (False)."""
    get_font, metrics = getattr(mtext, "get_font", None), getattr(mtext, "_get_text_metrics_function", None)
    if _is_ours(get_font) and _is_ours(metrics):
        return True
    if get_font is not font_manager.get_font or getattr(metrics, "__module__", None) != "matplotlib.text":
        return False
    replaced.update(get_font=get_font, _get_text_metrics_function=metrics)
    mtext.get_font = font_with_tables
    mtext._get_text_metrics_function = shared_metrics
    return True
