"""Figure/table export and report text: files written, CSV equals the plotted data, HTML carries alt text,
source line and download links, numbers follow the language, no figure is left open.

All data in this file is MADE UP for testing (labelled 'test data'); it is never published.
"""
from __future__ import annotations

import json
import re
import types

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import report
from analysis.errors import ParameterError
from analysis.figures import charts, export, style

SOURCES = [{"title": "Test table (made up)", "publisher": "Test Publisher A", "url": "https://example.org/a",
            "date_accessed": "2026-11-24", "licence": "CC BY"},
           {"title": "Other test table", "publisher": "Test Publisher B", "url": "https://example.org/b",
            "date_accessed": "2026-11-24", "licence": "CC BY"}]


@pytest.fixture
def shown(monkeypatch):
    """Collect the HTML the export and report functions display."""
    out: list[str] = []
    monkeypatch.setattr(export, "display_html", out.append)
    monkeypatch.setattr(report, "display_html", out.append)
    return out


def params(tmp_path, lang):
    return types.SimpleNamespace(lang=lang, output_dir=str(tmp_path / "out"), output_href="spend_files")


def line_data():
    """Test data (made up): two countries and one peer over four years, one gap."""
    rows = []
    for geo, base in (("DK", 1200.5), ("NO", 900.0), ("SE", 1000.0)):
        for k, year in enumerate((2018, 2019, 2020, 2021)):
            value = float("nan") if (geo == "SE" and year == 2019) else base + 150.25 * k
            rows.append({"year": year, "geo_code": geo, "value": value})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_publish_figure_writes_files_html_and_closes(tmp_path, shown, lang):
    P = params(tmp_path, lang)
    data = line_data()
    fig = charts.line_chart(data, labels={"DK": "Denmark", "NO": "Norway", "SE": "Sweden"},
                            title="Test chart (made-up data)", units="kr. per inhabitant", lang=lang)
    export.publish_figure(fig, "test_line", data, title="Test chart", units="kr. per inhabitant",
                          sources=SOURCES, P=P)
    out = tmp_path / "out"
    for ext in ("svg", "png", "csv", "json"):
        assert (out / f"test_line.{ext}").stat().st_size > 0, ext
    assert not list(out.glob(".*")), "temporary files left behind"
    # CSV is exactly the plotted data
    back = pd.read_csv(out / "test_line.csv")
    pd.testing.assert_frame_equal(back, data, check_dtype=False)
    meta = json.loads((out / "test_line.json").read_text())
    assert meta["title"] == "Test chart" and meta["units"] == "kr. per inhabitant" and meta["lang"] == lang
    assert [s["publisher"] for s in meta["sources"]] == ["Test Publisher A", "Test Publisher B"]
    # the drawn figure carries the source line (SVG keeps text as text)
    svg = (out / "test_line.svg").read_text()
    assert "Test Publisher A; Test Publisher B" in svg
    # the HTML: id, embedded PNG, alt derived from the data, source line, download links
    html = shown[-1]
    assert 'id="fig-test_line"' in html and "data:image/png;base64," in html
    alt = re.search(r'alt="([^"]+)"', html).group(1)
    assert alt == meta["alt"]
    first, last = ("1.200,5", "1.651,25") if lang == "da" else ("1,200.5", "1,651.25")
    assert first in alt and last in alt and "2018" in alt and "2021" in alt
    assert "Test Publisher A" in html and "https://example.org/a" in html
    for ext in ("csv", "json", "svg"):
        assert f'href="spend_files/test_line.{ext}"' in html
    assert ("Hent data (CSV)" if lang == "da" else "Download data (CSV)") in html
    assert "<Figure" not in html and "<Axes" not in html
    assert plt.get_fignums() == []


def test_source_line_drawn_once_and_given_alt_kept(tmp_path, shown):
    P = params(tmp_path, "en")
    data = pd.DataFrame({"name": ["a", "b", "c"], "value": [3.0, 1.0, 2.0]})  # test data (made up)
    fig = charts.bar_ranking(data, category="name", highlight=["b"], title="Made-up ranking",
                             units="count", source="Source: handed line", lang="en")
    export.publish_figure(fig, "rank", data, title="Made-up ranking", units="count", sources=SOURCES,
                          alt="My own alt text", P=P)
    svg = (tmp_path / "out" / "rank.svg").read_text()
    assert svg.count("Source: handed line") == 1 and "Test Publisher A" not in svg
    assert 'alt="My own alt text"' in shown[-1]


@pytest.mark.parametrize("kind", ["bar", "dot", "timeline"])
def test_every_chart_kind_gets_alt_from_data(tmp_path, shown, kind):
    P = params(tmp_path, "en")
    if kind == "bar":
        data = pd.DataFrame({"geo_code": ["DK", "NO", "SE"], "value": [0.9, 0.8, 0.85]})  # made up
        fig = charts.bar_ranking(data, category="geo_code", highlight=["DK"], title="t", units="index")
        expect = ["DK (0.90)", "NO (0.80)"]
    elif kind == "dot":
        data = pd.DataFrame({"cat": ["x", "x", "y", "y"], "s": ["2002", "2024", "2002", "2024"],
                             "value": [10.0, 20.5, 30.0, 5.0]})  # made up
        fig = charts.dot_plot(data, category="cat", series="s", title="t", units="%", percent=True)
        expect = ["2002 10.0%", "2024 20.5%"]
    else:
        data = pd.DataFrame({"year": [2011, 2002], "label": ["Second event", "First event"]})  # made up
        fig = charts.timeline(data, title="t")
        expect = ["2 events from 2002 to 2011", "2002: First event"]
    export.publish_figure(fig, f"k_{kind}", data, title="t", units="u", sources=SOURCES, P=P)
    alt = json.loads((tmp_path / "out" / f"k_{kind}.json").read_text())["alt"]
    for text in expect:
        assert text in alt, (text, alt)


def test_bad_name_is_a_parameter_error(tmp_path, shown):
    fig, _ = style.new_figure()
    with pytest.raises(ParameterError, match="valid file name"):
        export.publish_figure(fig, "Bad Name!", pd.DataFrame(), title="t", units="u", sources="s",
                              P=params(tmp_path, "en"))
    plt.close("all")


@pytest.mark.parametrize("lang,expected", [("da", ["1.234,5", "45,1\u00a0%", "2024"]),
                                           ("en", ["1,234.5", "45.1%", "2024"])])
def test_publish_table_formats_numbers_per_language(tmp_path, shown, lang, expected):
    P = params(tmp_path, lang)
    df = pd.DataFrame({"year": [2024], "spend": [1234.5], "share": [45.1]})  # test data (made up)
    export.publish_table(df, "tab", title="Made-up table", sources=SOURCES, P=P,
                         formats={"share": "percent:1"})
    html = shown[-1]
    for text in expected:
        assert f">{text}<" in html
    assert 'id="tab-tab"' in html and 'href="spend_files/tab.csv"' in html and "Test Publisher B" in html
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "out" / "tab.csv"), df)
    assert json.loads((tmp_path / "out" / "tab.json").read_text())["columns"] == ["year", "spend", "share"]


def test_axis_formatter_and_source_text_follow_language():
    assert style.number_formatter("da", 1)(1234.5, 0) == "1.234,5"
    assert style.number_formatter("en", 1)(1234.5, 0) == "1,234.5"
    assert style.number_formatter("da", 0, percent=True)(45, 0) == "45\u00a0%"
    assert export.source_text(SOURCES, "da") == "Kilder: Test Publisher A; Test Publisher B"
    assert export.source_text(SOURCES[:1], "en") == "Source: Test Publisher A"


def test_line_end_labels_do_not_overlap():
    data = pd.DataFrame({"year": [2020, 2021] * 3, "geo_code": ["DK", "DK", "NO", "NO", "SE", "SE"],
                         "value": [1.0, 1.0, 1.0, 1.001, 1.0, 1.002]})  # made up: ends almost equal
    fig = charts.line_chart(data, title="t", units="u")
    ax = fig.axes[0]
    fig.canvas.draw()
    boxes = sorted((t.get_window_extent() for t in ax.texts), key=lambda b: b.y0)
    assert len(boxes) == 3
    for lower, upper in zip(boxes, boxes[1:]):
        assert upper.y0 >= lower.y1 - 1, "end labels overlap"
    plt.close(fig)


def test_key_findings_written_and_shown(tmp_path, shown):
    P = params(tmp_path, "en")
    findings = [report.Finding(text="Made-up finding **one**", value=1.5, unit="x", table="t",
                               indicator="i", geo="DK", year=2024),
                report.Finding(text="Made-up finding two", value=float("nan"), how="count")]
    report.key_findings(findings, P)
    rec = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert rec["lang"] == "en"
    assert [f["value"] for f in rec["findings"]] == [1.5, None]
    assert rec["findings"][0]["year"] == 2024 and rec["findings"][0]["table"] == "t"
    assert "<strong>one</strong>" in shown[-1] and "Key findings" in shown[-1]


def test_plain_matplotlib_figure_still_gets_source_line_and_generic_alt(tmp_path, shown):
    fig, ax = plt.subplots()
    data = pd.DataFrame({"x": [1, 2], "y": [3.0, 4.0]})  # test data (made up)
    ax.plot(data["x"], data["y"])
    export.publish_figure(fig, "plain", data, title="Made-up plain chart", units="u",
                          sources=SOURCES[:1], P=params(tmp_path, "da"))
    assert "Kilde: Test Publisher A" in (tmp_path / "out" / "plain.svg").read_text()
    alt = json.loads((tmp_path / "out" / "plain.json").read_text())["alt"]
    assert alt.startswith("Diagram: Made-up plain chart") and "2 rækker" in alt
    assert plt.get_fignums() == []


def test_a_table_scrolls_in_a_named_keyboard_region_and_marks_published_text():
    df = pd.DataFrame({"Title": ["Sådan skal it redde kommuner"], "Year": [2012]})  # made-up row
    markup = export.table_html(df, "en", published=["Title"], label="Sources of the facts")
    assert markup.startswith('<div class="wb-scroll" role="region" tabindex="0" aria-label="Sources of the facts"')
    assert '<td class="wb-as-published"' in markup and markup.count("wb-as-published") == 1
    with pytest.raises(ParameterError, match="published: no column 'Titel'"):
        export.table_html(df, "en", published=["Titel"])


# --- the phone rendition ------------------------------------------------------------------------------

PHONE_CSS_PX = 358  # what a 390-px phone leaves a figure (the page's margins)


def made_up_charts():
    """One chart of each kind, on made-up test data, with the long labels that crowd a phone."""
    long = ["Difficult to release resources for development work", "Higher ICT costs than expected",
            "Dependent on development in other public or private enterprises"]
    dots = pd.DataFrame({"cat": long * 3, "s": ["Central government agencies"] * 3 + ["Municipalities"] * 3
                         + ["County authorities"] * 3, "value": [67, 53, 50, 77, 65, 52, 57, 43, 30]})
    bars = pd.DataFrame({"name": [f"Municipality number {k}" for k in range(12)],
                         "value": [100.0 - 7 * k for k in range(12)]})
    events = pd.DataFrame({"year": [2006, 2011, 2012, 2015, 2015, 2021],
                           "label": ["grant for IT coordination: NOK 800,000", "a joint strategy (channel shift)",
                                     "digital share of contacts: 30%", "yearly savings of DKK 1 billion",
                                     "digital share of contacts: 50%", "programme budget: DKK 150 million"],
                           "kind": ["budget", "start", "target", "target", "target", "budget"]})
    years = pd.DataFrame([{"year": y, "geo_code": g, "value": v + 10 * k}
                          for g, v in (("DK", 2600.0), ("NO", 2610.0)) for k, y in enumerate(range(2012, 2025))])
    return {
        "line": charts.line_chart(years, labels={"DK": "Whole country", "NO": "Median municipality"},
                                  title="Net spending on secretariats and administrations per inhabitant, 2012-2024",
                                  units="DKK per inhabitant, current prices"),
        "bar": charts.bar_ranking(bars, category="name", highlight=["Municipality number 3"],
                                  title="The 12 made-up municipalities, ranked", units="DKK per inhabitant"),
        "dot": charts.dot_plot(dots, category="cat", series="s", percent=True, units="% of organisations",
                               title="Hindrances to digital development to a large or very large extent, 2024"),
        "timeline": charts.timeline(events, group="kind", title="Made-up programmes and their targets, 2006-2021"),
        "panels": charts.line_panels(years.assign(q=["contact online" if y < 2019 else "used a website"
                                                     for y in years["year"]]),
                                     panel="q", panel_labels={}, labels={"DK": "Denmark", "NO": "Norway"},
                                     title="Made-up shares by question, 2012-2024", units="% of people"),
    }


@pytest.mark.parametrize("kind", ["line", "bar", "dot", "timeline", "panels"])
def test_phone_rendition_text_reads_at_11_px_on_a_390_px_phone(kind):
    """Today's reports showed 1,200-px PNGs on phones, with labels of about 5 px: the phone rendition (an SVG,
    scaled to the phone's width) is narrow, nothing in it is set below PHONE_MIN_FONT, and it is narrow enough
    that at 358 CSS px its smallest text is 11 px."""
    from matplotlib.text import Text
    fig = made_up_charts()[kind]
    style.source_line(fig, "Sources: Test Publisher A (made-up data); Test Publisher B, a second made-up source")
    phone = style.phone_layout(fig)
    sizes = [t.get_fontsize() for t in phone.findobj(Text) if t.get_text() and t.get_visible()]
    svg = export._render(phone, "svg").decode()
    width_pt = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1))
    smallest_css_px = min(sizes) * PHONE_CSS_PX / width_pt  # text and width both in points: the scale cancels
    plt.close("all")
    assert min(sizes) >= style.PHONE_MIN_FONT
    assert smallest_css_px >= 11, f"{kind}: smallest text {smallest_css_px:.1f} px in a {width_pt}-pt image"


def test_phone_rendition_keeps_row_labels_apart_and_legends_inside():
    fig = made_up_charts()["dot"]
    phone = style.phone_layout(fig)
    renderer = phone.canvas.get_renderer()
    ax = phone.axes[0]
    assert not style._rows_touch(phone)
    legends = [a.get_legend() for a in phone.axes if a.get_legend()] + phone.legends
    assert legends and all(g.get_window_extent(renderer).x1 <= phone.get_window_extent(renderer).x1 for g in legends)
    assert ax.get_position().height * phone.get_size_inches()[1] > 1.0  # the plot was not squeezed away
    plt.close("all")


def test_a_phone_gets_its_rendition_and_the_pdf_the_wide_one(tmp_path, shown):
    P = params(tmp_path, "en")
    data = line_data()
    fig = charts.line_chart(data, labels={"DK": "Denmark", "NO": "Norway", "SE": "Sweden"},
                            title="Test chart (made-up data)", units="kr. per inhabitant")
    export.publish_figure(fig, "test_line", data, title="Test chart", units="u", sources=SOURCES, P=P)
    html = shown[-1]
    source = re.search(r'<source media="\(max-width: (\d+)px\)" type="image/svg\+xml" '
                       r'srcset="data:image/svg\+xml;base64,([^"]+)">', html)
    img = re.search(r'<img src="data:image/png;base64,([^"]+)"', html)
    assert source and img and int(source.group(1)) == export.PHONE_MAX_PX
    assert source.group(2) != img.group(1)  # two renditions; the <img> (what WeasyPrint prints) is the wide one
    assert img.group(1) == __import__("base64").b64encode((tmp_path / "out" / "test_line.png").read_bytes()).decode()
    assert plt.get_fignums() == []


def test_phone_rendition_thins_touching_ticks_and_keeps_the_latest_year():
    fig = made_up_charts()["line"]  # 13 years: too many labels for a phone's width
    phone = style.phone_layout(fig)
    renderer = phone.canvas.get_renderer()
    ax = phone.axes[0]
    lo, hi = sorted(ax.get_xlim())
    labels = [t for x, t in zip(ax.get_xticks(), ax.get_xticklabels()) if lo <= x <= hi and t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert 3 <= len(labels) < 13 and labels[-1].get_text() == "2024"
    assert not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:]))
    plt.close("all")


def test_a_ranking_of_two_groups_has_a_gap_and_names_each_group():
    """The spend report's top and bottom 10 read as one list of 20: each group now has its name above it."""
    data = pd.DataFrame({"name": list("abcdef"), "value": [60.0, 50, 40, 3, 2, 1]})  # test data (made up)
    groups = {k: ("The 3 highest" if v > 10 else "The 3 lowest") for k, v in zip(data["name"], data["value"])}
    fig = charts.bar_ranking(data, category="name", title="t", units="u", groups=groups)
    ax = fig.axes[0]
    bars = sorted(p.get_y() + p.get_height() / 2 for p in ax.patches)
    steps = [round(b - a, 2) for a, b in zip(bars, bars[1:])]
    assert steps == [1, 1, 2.2, 1, 1]  # one wider gap, between the groups
    names = {t.get_text(): t.get_position()[1] for t in ax.texts if "The 3" in t.get_text()}
    assert names["The 3 highest"] > bars[-1] and bars[2] < names["The 3 lowest"] < bars[3]
    plt.close("all")


def test_panels_keep_questions_apart_and_stack_on_a_phone():
    """Seven series answering three different questions shared one axis: now one panel per question, side by
    side, stacked on a phone; a point standing alone before a gap carries its value."""
    rows = [("q1", "DK", 2008, 33.0), ("q1", "DK", 2009, float("nan")), ("q1", "DK", 2019, 44.0),
            ("q1", "DK", 2020, 47.0), ("q2", "NO", 2008, 72.0), ("q2", "NO", 2014, 81.9),
            ("q3", "DK", 2023, 98.0), ("q3", "DK", 2024, 99.0)]  # test data (made up)
    data = pd.DataFrame(rows, columns=["measure", "geo", "year", "value"])
    fig = charts.line_panels(data, panel="measure", panel_labels={"q1": "Question one", "q2": "Question two",
                                                                  "q3": "Question three"},
                             series="geo", labels={"DK": "Denmark", "NO": "Norway"}, title="Made-up panels",
                             units="% of people", percent=True, ylim=(0, 100))
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Question one", "Question two", "Question three"]
    assert [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("33")] == ["33.0%"]
    phone = style.phone_layout(fig)
    boxes = [ax.get_position() for ax in phone.axes]
    assert len(boxes) == 3 and all(a.y0 > b.y1 for a, b in zip(boxes, boxes[1:]))  # one under the other
    assert [ax.get_title(loc="left") for ax in phone.axes] == titles
    assert phone.axes[0]._left_title.get_fontweight() == "bold"
    plt.close("all")


def test_grey_lines_are_named_where_they_begin():
    """The DESI chart's grey peer lines ended before the break with no name: they are named at their start,
    apart from each other, and the value ticks step aside for the names."""
    fig, ax = style.new_figure()
    for name, start in (("Finland", 88.0), ("Estonia", 87.5), ("Sweden", 87.0)):  # made-up test data
        ax.plot([2017, 2018, 2019], [start, start + 1, start + 2], color=style.MUTED, label=name)
    ax.plot([2017, 2019], [91.0, 93.0], color=style.HIGHLIGHT, label="Denmark")
    texts = style.label_line_starts(ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert sorted(t.get_text() for t in texts) == ["Estonia", "Finland", "Sweden"]  # the highlighted line is not
    boxes = sorted((t.get_window_extent(renderer) for t in texts), key=lambda b: b.y0)
    assert not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:]))
    ticks = [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()]
    assert all(tick.x1 < min(b.x0 for b in boxes) for tick in ticks)
    plt.close("all")


def test_context_lines_as_one_named_band():
    """The UN index chart's seven grey peer lines could not be told apart: with band, the muted series are one
    grey band from their lowest to their highest value, named at its end with that range; the focus lines stay."""
    rows = []  # test data (made up): two focus countries and three peers over three years
    for geo, values in {"DK": (5.0, 6.0, 7.0), "NO": (4.0, 4.5, 5.0), "SE": (3.0, 3.5, 4.5),
                        "FI": (5.5, 6.5, 8.0), "IS": (2.0, 3.0, 4.0)}.items():
        rows += [{"year": y, "geo_code": geo, "value": v} for y, v in zip((2020, 2021, 2022), values)]
    data = pd.DataFrame(rows)
    colors = {"DK": "#0b3a66", "NO": "#c8602a", "SE": style.MUTED, "FI": style.MUTED, "IS": style.MUTED}
    fig = charts.line_chart(data, series="geo_code", labels={"DK": "Denmark", "NO": "Norway"}, colors=colors,
                            title="Test (made-up data)", units="u", decimals=1, band="The other 3")
    ax = fig.axes[0]
    drawn = {line.get_label(): line for line in ax.get_lines()}
    assert set(drawn) >= {"Denmark", "Norway", "The other 3"} and not {"SE", "FI", "IS"} & set(drawn)
    (band,) = ax.collections
    ys = band.get_paths()[0].vertices[:, 1]
    assert min(ys) == 2.0 and max(ys) == 8.0  # lowest and highest of the three peers
    labels = [t.get_text() for t in ax.texts]
    assert "The other 3  4.0–8.0" in labels and "Denmark  7.0" in labels
    plt.close(fig)


@pytest.mark.parametrize("kind", ["line", "dot"])
def test_a_chart_is_laid_out_once_then_drawn_once_a_format(kind, monkeypatch):
    """Issue 16: saving each format laid the figure out again (matplotlib's savefig does so, without drawing,
    whenever a figure has a layout engine, even the placeholder that 'none' leaves): a chart saved as SVG and
    PNG is now drawn three times (one layout, one each format), byte for byte as before; the phone rendition of a
    figure just laid out wide starts from that layout, one pass fewer, and draws the same (to the SVG's six
    decimals: only the names of its clip paths, hashes of their unrounded boxes, differ)."""
    from matplotlib.figure import Figure

    draws = []
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(self) or real_draw(self, renderer))
    fig, twin = made_up_charts()[kind], made_up_charts()[kind]
    draws.clear()
    drawn = export._render_laid_out(fig, ("svg", "png"))
    assert len(draws) == 3
    twin.set_dpi(style.DPI)
    twin.draw_without_rendering()  # the way before: the placeholder engine, which savefig lays out again
    bbox = twin.get_tightbbox(twin.canvas.get_renderer()).padded(export.PAD_INCHES)
    engine = twin.get_layout_engine()
    twin.set_layout_engine("none")
    assert drawn == {fmt: export._render(twin, fmt, bbox) for fmt in ("svg", "png")}
    twin.set_layout_engine(engine)
    twin.stale = True
    draws.clear()
    phone = export._render(style.phone_layout(fig, laid_out=True), "svg")
    quick = len(draws)
    export._render_laid_out(twin, ("svg", "png"))
    draws.clear()
    slow = export._render(style.phone_layout(twin), "svg")
    plt.close("all")
    clip_names = re.compile(rb"p[0-9a-f]{10}\b")
    assert clip_names.sub(b"", phone) == clip_names.sub(b"", slow) and quick == len(draws) - 1
