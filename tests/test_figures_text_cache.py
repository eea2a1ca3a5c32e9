"""figures.text_cache: what matplotlib measures of text is kept across drawings, and the figures stay byte for
byte the same. All data here is MADE UP for testing."""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.text as mtext
import pandas as pd
import pytest
from matplotlib import font_manager

from analysis.figures import charts, export, style, text_cache


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


def _drawn(monkeypatch, get_font, metrics_function) -> list[bytes]:
    """SVG, PNG and phone SVG of the made-up charts, measured through the given functions."""
    figures = _made_up_charts()  # made with style.apply(), which installs the caches
    monkeypatch.setattr(mtext, "get_font", get_font)
    monkeypatch.setattr(mtext, "_get_text_metrics_function", metrics_function)
    out = []
    for fig in figures:
        drawn = export._render_laid_out(fig, ("svg", "png"))
        out += [drawn["svg"], drawn["png"], export._render(style.phone_layout(fig, laid_out=True), "svg")]
    plt.close("all")
    return out


def test_figures_are_the_same_bytes_with_text_measured_once(monkeypatch):
    measured, tables_read = [], []
    real_table = text_cache.FontTables.get_sfnt_table

    def counted_table(self, name):
        tables_read.append(name)
        return real_table(self, name)

    def counted_metrics(renderer, _cache=None):
        inner = text_cache.shared_metrics(renderer)

        def measure(*args):
            measured.append(args[0])
            return inner(*args)
        return measure

    monkeypatch.setattr(text_cache.FontTables, "get_sfnt_table", counted_table)
    text_cache._tables.cache_clear()
    text_cache._sizes.clear()
    cached = _drawn(monkeypatch, text_cache.font_with_tables, counted_metrics)
    assert len(tables_read) > 100 and text_cache._tables.cache_info().currsize <= 4  # few fonts, read often
    distinct = sum(len(s) for s in text_cache._sizes.values())
    assert 0 < distinct < len(measured) / 2  # most strings were measured before, by another renderer
    own = _drawn(monkeypatch, text_cache.replaced["get_font"],
                 text_cache.replaced["_get_text_metrics_function"])
    assert len(cached) == len(own) == 6
    assert cached == own


def test_a_font_s_tables_are_the_font_s_own_and_read_once():
    paths = font_manager.fontManager._find_fonts_by_props(font_manager.FontProperties(family=["sans-serif"]))
    font = font_manager.get_font(paths)
    cached = text_cache.font_with_tables(paths)
    assert cached is text_cache.font_with_tables(list(paths))  # one object per list of files
    for name in ("OS/2", "hhea", "head"):
        assert cached.get_sfnt_table(name) == font.get_sfnt_table(name)
        assert cached.get_sfnt_table(name) is cached.get_sfnt_table(name)  # not read again
    assert cached.get_sfnt_table("pclt") == font.get_sfnt_table("pclt")  # a table the font may lack: the same


def test_a_size_is_shared_only_by_renderers_of_one_kind():
    from matplotlib.backends.backend_agg import RendererAgg
    prop = font_manager.FontProperties(family=["sans-serif"], size=10)
    text_cache._sizes.clear()
    at_100, again_100, at_200 = RendererAgg(10, 10, 100), RendererAgg(10, 10, 100), RendererAgg(10, 10, 200)
    first = text_cache.shared_metrics(at_100)("Made-up label", prop.copy(), False, 100)
    assert text_cache.shared_metrics(again_100)("Made-up label", prop.copy(), False, 100) == first
    assert len(text_cache._sizes) == 1  # one kind so far
    wider = text_cache.shared_metrics(at_200)("Made-up label", prop.copy(), False, 200)
    assert wider[0] > first[0] * 1.9 and len(text_cache._sizes) == 2  # another resolution measures anew
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):
        text_cache.shared_metrics(at_100)("Made-up label", prop.copy(), False, 100)
    assert len(text_cache._sizes) == 3  # and so do other settings
    assert first == at_100.get_text_width_height_descent("Made-up label", prop, False)


def test_installed_by_the_house_style():
    style.apply()
    assert mtext.get_font is text_cache.font_with_tables
    assert mtext._get_text_metrics_function is text_cache.shared_metrics
    assert text_cache.install() is True  # idempotent


def test_a_matplotlib_without_those_names_is_left_alone(monkeypatch):
    def other(*args, **kwargs):  # what a later matplotlib might have there instead
        raise AssertionError("not to be called")

    monkeypatch.setattr(mtext, "get_font", font_manager.get_font)
    monkeypatch.setattr(mtext, "_get_text_metrics_function", other)
    assert text_cache.install() is False
    assert mtext._get_text_metrics_function is other and mtext.get_font is font_manager.get_font


@pytest.fixture(autouse=True)
def _installed_after():
    """Each test leaves matplotlib's text measured through the caches, as the house style sets it."""
    yield
    text_cache.install()
