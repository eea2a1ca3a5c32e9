"""figures.font_tables: matplotlib's text layout reads a font's tables once, and the figures stay byte for byte
the same. All data here is MADE UP for testing."""
from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.text as mtext
import pandas as pd
import pytest
from matplotlib import font_manager

from analysis.figures import charts, export, font_tables, style


def _made_up_charts():
    """A line chart and a dot plot of made-up test data, with titles, tick labels, end labels and a legend."""
    years = pd.DataFrame([{"year": y, "geo_code": g, "value": v + 10 * k}
                          for g, v in (("DK", 2600.0), ("NO", 2610.0)) for k, y in enumerate(range(2012, 2025))])
    dots = pd.DataFrame({"cat": ["Made-up hindrance one", "Made-up hindrance two"] * 2,
                         "s": ["Agencies"] * 2 + ["Municipalities"] * 2, "value": [67.0, 53.0, 77.0, 65.0]})
    return [charts.line_chart(years, labels={"DK": "Made-up country", "NO": "Made-up median"},
                              title="Made-up spending per inhabitant, 2012-2024", units="DKK per inhabitant"),
            charts.dot_plot(dots, category="cat", series="s", percent=True, units="% of made-up organisations",
                            title="Made-up hindrances, 2024")]


def _drawn(monkeypatch, layout_get_font) -> list[bytes]:
    """SVG, PNG and phone SVG of the made-up charts, with matplotlib's text layout given layout_get_font."""
    figures = _made_up_charts()  # made with style.apply(), which installs the cache
    monkeypatch.setattr(mtext, "get_font", layout_get_font)
    out = []
    for fig in figures:
        drawn = export._render_laid_out(fig, ("svg", "png"))
        out += [drawn["svg"], drawn["png"], export._render(style.phone_layout(fig, laid_out=True), "svg")]
    plt.close("all")
    return out


def test_figures_are_the_same_bytes_with_the_tables_read_once(monkeypatch):
    read = []
    real = font_tables.FontTables.get_sfnt_table

    def counted(self, name):
        read.append(name)
        return real(self, name)

    monkeypatch.setattr(font_tables.FontTables, "get_sfnt_table", counted)
    font_tables._tables.cache_clear()
    with_cache = _drawn(monkeypatch, font_tables.font_with_tables)
    assert len(read) > 100  # the layout went through the cache, many times ...
    assert font_tables._tables.cache_info().currsize <= 4  # ... for the few fonts the charts use
    without = _drawn(monkeypatch, font_manager.get_font)
    assert len(with_cache) == len(without) == 6
    assert with_cache == without


def test_a_font_s_tables_are_the_font_s_own_and_read_once():
    paths = font_manager.fontManager._find_fonts_by_props(font_manager.FontProperties(family=["sans-serif"]))
    font = font_manager.get_font(paths)
    cached = font_tables.font_with_tables(paths)
    assert cached is font_tables.font_with_tables(list(paths))  # one object per list of files
    for name in ("OS/2", "hhea", "head"):
        assert cached.get_sfnt_table(name) == font.get_sfnt_table(name)
        assert cached.get_sfnt_table(name) is cached.get_sfnt_table(name)  # not read again
    assert cached.get_sfnt_table("pclt") == font.get_sfnt_table("pclt")  # a table the font may lack: the same


def test_installed_by_the_house_style():
    style.apply()
    assert mtext.get_font is font_tables.font_with_tables
    assert font_tables.install() is True  # idempotent


def test_a_matplotlib_that_no_longer_uses_get_font_there_is_left_alone(monkeypatch):
    def other(*args, **kwargs):  # what a later matplotlib might have there instead
        raise AssertionError("not to be called")

    monkeypatch.setattr(mtext, "get_font", other)
    assert font_tables.install() is False
    assert mtext.get_font is other


@pytest.fixture(autouse=True)
def _restore_install():
    """Each test leaves matplotlib's text layout with the cache, as the house style sets it."""
    yield
    font_tables.install()
