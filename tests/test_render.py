"""Rendering: executed notebook -> HTML report (no code, params/vintage table, sources), PDF, index.

Every notebook, parameter, source and figure in this file is MADE-UP TEST DATA, not a real figure.
"""
from __future__ import annotations

import base64
import io
import re
import subprocess
import zlib
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from PIL import Image

from analysis.errors import ParameterError, PipelineError
from analysis.pipeline import render

CODE_MARKERS = ("secret_code_marker", "made_up_frame.plot(", "P = Params.from_namespace")
STDERR_TEXT = "MadeUpWarning: noisy stderr line"
STDOUT_TEXT = "Made-up stdout line: 42 rows"
NB_TITLE = "Made-up test data: spending rose in every year"


def _png(color: tuple[int, int, int]) -> str:
    """A small real PNG, base64 (made-up image)."""
    buf = io.BytesIO()
    Image.new("RGB", (120, 60), color).save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


PNG_PLAIN = _png((40, 80, 120))
PNG_FIGURE = _png((200, 120, 40))


def _figure_html(name: str) -> str:
    return (f'<figure id="fig-{name}"><img src="data:image/png;base64,{PNG_FIGURE}" '
            f'alt="Made-up bar chart {name}"><figcaption><strong>Made-up figure {name}.</strong> '
            f'Source: Made-up Statistics Office. <a href="spend_files/{name}.csv">Download data</a>'
            f'</figcaption></figure>')


def made_up_notebook() -> nbformat.NotebookNode:
    """An executed notebook as papermill leaves it (made-up content throughout)."""
    return new_notebook(cells=[
        new_code_cell("lang = 'en'\nsecret_code_marker = 1", metadata={"tags": ["parameters"]}),
        new_code_cell("P = Params.from_namespace(globals())", execution_count=2),
        new_code_cell("report.title(...)", execution_count=3, outputs=[new_output(
            "display_data", data={"text/markdown": f"# {NB_TITLE}",
                                  "text/plain": "<IPython.core.display.Markdown object>"})]),
        new_markdown_cell("Made-up introduction.\n\n## Key findings\n\n- Made-up finding: 1,234.5 units.\n\n"
                          "#### A skipped level\n\nMade-up text.\n\n# A second top-level heading"),
        new_code_cell("fig, ax = plt.subplots()\nmade_up_frame.plot(ax=ax)\nprint('x')", execution_count=4,
                      outputs=[
                          new_output("stream", name="stdout", text=STDOUT_TEXT + "\n"),
                          new_output("stream", name="stderr", text=STDERR_TEXT + "\n"),
                          new_output("execute_result", execution_count=4, data={"text/plain": "<Axes: >"}),
                          new_output("display_data", data={"text/plain": "<Axes: title={'center': 'x'}>"}),
                          new_output("stream", name="stdout",
                                     text="[<matplotlib.lines.Line2D object at 0x7f00deadbeef>]\n"),
                          new_output("display_data", data={
                              "image/png": PNG_PLAIN, "text/plain": "<Figure size 640x480 with 1 Axes>"}),
                      ]),
        new_code_cell("made_up_frame", execution_count=5, outputs=[new_output(
            "execute_result", execution_count=5,
            data={"text/plain": "   a  b\n0  1  2\n[2 rows x 2 columns] DataFrame",
                  "text/html": '<table class="dataframe"><td>made-up-echo</td></table>'})]),
        new_code_cell("publish_figure(...)", execution_count=6, outputs=[new_output(
            "display_data", data={"text/html": _figure_html("spend"),
                                  "text/plain": "<IPython.core.display.HTML object>"})]),
        new_markdown_cell("## Methods and caveats\n\nMade-up caveats."),
    ])


PARAMS = {"lang": "en", "years": [2010, 2020], "per_capita": True, "threshold": 0.5,
          "output_dir": "/tmp/made-up-staging", "output_href": "spend_files"}
VINTAGE = [{"table": "made_up_table", "snapshot": "data/raw/made-up/t1_2026-11-01.csv",
            "date_accessed": "2026-11-01", "sha256": "ab" * 32}]
SOURCES = [
    {"title": "Made-up table one", "publisher": "Made-up Statistics Office", "url": "https://example.org/one",
     "date_accessed": "2026-11-01", "licence": "CC BY 4.0", "file": "data/raw/made-up/t1.csv"},
    {"title": "Made-up survey two", "publisher": "Made-up Agency", "url": "https://example.org/two",
     "date_accessed": "2026-10-15", "licence": "NLOD 2.0", "file": "data/raw/made-up/t2.csv"},
]
RUN_INFO = {"date": "2026-11-27T09:40:00+00:00", "commit": "0123456789abcdef", "duration": 12.34,
            "edition": "en"}


def _render(lang: str = "en", nb=None, **overrides) -> str:
    kwargs = dict(title="Fallback title", lang=lang, params={**PARAMS, "lang": lang}, vintage=VINTAGE,
                  sources=SOURCES, run_info={**RUN_INFO, "edition": lang})
    kwargs.update(overrides)
    return render.render_html(nb if nb is not None else made_up_notebook(), **kwargs)


@pytest.fixture(scope="module")
def html_en() -> str:
    return _render("en")


@pytest.fixture(scope="module")
def soup_en(html_en) -> BeautifulSoup:
    return BeautifulSoup(html_en, "html.parser")


def test_no_code_prompts_stderr_or_reprs(html_en):
    for marker in CODE_MARKERS:
        assert marker not in html_en
    assert STDERR_TEXT not in html_en
    for bad in ("In&nbsp;[", "In [", "Out[", "<Axes", "&lt;Axes", "<Figure size", "&lt;Figure size",
                "DataFrame", "made-up-echo", "IPython.core.display", "Line2D", "0x7f00", "jp-InputArea",
                "<script"):
        assert bad not in html_en, bad


def test_outputs_kept_and_embedded(soup_en, html_en):
    assert STDOUT_TEXT in html_en
    sources = [img["src"] for img in soup_en.find_all("img")]
    assert f"data:image/png;base64,{PNG_PLAIN}" in sources
    figure = soup_en.find("figure", id="fig-spend")
    assert figure.img["alt"] == "Made-up bar chart spend"
    assert figure.find("a", string="Download data")["href"] == "spend_files/spend.csv"
    assert not [s for s in sources if not s.startswith("data:")]  # nothing fetched from elsewhere
    assert not soup_en.find("link", rel="stylesheet")
    assert soup_en.find("style", id="house-css").string.strip()


def test_title_from_notebook_heading(soup_en):
    assert soup_en.title.string == NB_TITLE
    h1s = soup_en.find_all("h1")
    assert [h.get_text(strip=True) for h in h1s] == [NB_TITLE]


def test_title_falls_back_without_heading():
    nb = made_up_notebook()
    nb.cells = [c for c in nb.cells if "report.title" not in c.source]
    nb.cells[2].source = nb.cells[2].source.replace("# A second top-level heading", "")
    soup = BeautifulSoup(_render(nb=nb), "html.parser")
    assert soup.title.string == "Fallback title"
    assert soup.h1.get_text(strip=True) == "Fallback title"


def test_about_this_report_comes_last_collapsed_with_parameters_as_readers_say_them(soup_en):
    about = soup_en.find("details", id="about")
    assert about.summary.h2.get_text(strip=True) == "About this report" and not about.has_attr("open")
    body, sources = soup_en.find("div", class_="report-body"), soup_en.find("section", id="sources")
    assert body.sourceline < sources.sourceline < about.sourceline  # findings first, metadata last
    rows = {tr.th.get_text(strip=True): tr.td.get_text(strip=True)
            for tr in about.find("table", class_="params").tbody.find_all("tr")}
    assert rows == {"Language": "English", "years": "2010, 2020", "per_capita": "yes", "threshold": "0.5"}
    vintage = " ".join(td.get_text("", strip=True)
                       for td in about.find("table", class_="vintage-table").tbody.find_all("td"))
    for value in VINTAGE[0].values():
        assert value in vintage


LONG_NAME = "made_up_table_of_monthly_counts_by_municipality_and_kind"  # made up, longer than its column
LONG_PATH = "data/raw/test-only/quarterly_source_files_from_a_fictional_publisher/quarterly_source_file.csv"


def test_vintage_names_and_paths_may_break_only_at_their_separators():
    soup = BeautifulSoup(_render(vintage=[{**VINTAGE[0], "table": LONG_NAME, "snapshot": LONG_PATH}]),
                         "html.parser")
    name, file, _ = soup.find("table", class_="vintage-table").tbody.tr.find_all("td")
    assert name.get_text("") == LONG_NAME and "name" in name["class"]  # the cell's own text: it reads whole
    assert file.get_text("").startswith(LONG_PATH)
    for cell in (name, file):
        for wbr in cell.find_all("wbr"):
            assert str(wbr.previous_sibling).endswith(("/", "_"))
    assert len(name.find_all("wbr")) == LONG_NAME.count("_")


def test_pdf_vintage_table_wraps_names_and_paths_at_their_separators(tmp_path):
    """WeasyPrint measured every letter of a path that could break anywhere to size the table's columns (a
    tenth of a profile's PDF); the columns now have set widths and a long name or path wraps after a "/" or
    "_" (made-up rows)."""
    rows = [{**VINTAGE[0], "table": LONG_NAME, "snapshot": LONG_PATH}, VINTAGE[0]]
    text = _pdftotext(render.render_pdf(_render(vintage=rows), tmp_path / "r.pdf", base_url=tmp_path))
    first_row = text[text.index("Data vintage"):text.index(VINTAGE[0]["sha256"][:20])]
    tokens = first_row.split()
    for whole in (LONG_NAME, LONG_PATH):
        pieces = [t for t in tokens if len(t) > 4 and t in whole]
        assert whole not in tokens and "".join(pieces) == whole  # wrapped, each piece found in order ...
        assert all(p.endswith(("/", "_")) for p in pieces[:-1])  # ... after a separator
    assert text.count(VINTAGE[0]["date_accessed"]) >= 2  # the "accessed" column kept on the page


def test_runner_only_parameters_are_not_shown():
    soup = BeautifulSoup(_render(params={**PARAMS, "lang": "da", "interactive": False, "output_dir": "x"},
                                 lang="da"), "html.parser")
    names = [th.get_text(strip=True) for th in soup.find("table", class_="params").tbody.find_all("th")]
    assert names[0] == "Sprog" and "interactive" not in names and "output_dir" not in names


def test_sources_appendix(soup_en):
    appendix = soup_en.find("section", id="sources")
    assert appendix.h2.get_text(strip=True) == "Sources"
    items = appendix.find_all("li")
    assert len(items) == len(SOURCES)
    for item, src in zip(items, SOURCES):
        assert item.a["href"] == src["url"]
        text = item.get_text(" ", strip=True)
        for key in ("title", "publisher", "date_accessed", "licence", "file"):
            assert src[key] in text


def test_headings_in_order(soup_en):
    levels = [int(h.name[1]) for h in soup_en.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    texts = [h.get_text(strip=True) for h in soup_en.find_all(re.compile(r"^h[1-6]$"))]
    assert texts.index("Key findings") < texts.index("Sources") < texts.index("About this report")


@pytest.mark.parametrize("lang, vintage_label, sources_label, yes", [
    ("da", "Om rapporten", "Kilder", "ja"),
    ("en", "About this report", "Sources", "yes"),
])
def test_language(lang, vintage_label, sources_label, yes):
    soup = BeautifulSoup(_render(lang), "html.parser")
    assert soup.html["lang"] == lang
    assert soup.find("details", id="about").summary.get_text(strip=True) == vintage_label
    assert soup.find("section", id="sources").h2.get_text(strip=True) == sources_label
    assert soup.find("table", class_="params").find(string=yes)


def test_unknown_language_is_a_parameter_error():
    with pytest.raises(ParameterError, match="valid: da, en"):
        _render("sv")


def test_normalise_headings_closes_gaps():
    out = render.normalise_headings("<h1>a</h1><h3 id='x'>b</h3><h1>c</h1><h5>d</h5>")
    assert out == "<h1>a</h1><h2 id='x'>b</h2><h2>c</h2><h3>d</h3>"


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.parametrize("lang, page_word, of_word, date", [
    ("en", "Page", "of", "27 November 2026"),
    ("da", "Side", "af", "27. november 2026"),
])
def test_pdf_has_pages_footer_and_date(tmp_path, lang, page_word, of_word, date):
    pdf = render.render_pdf(_render(lang), tmp_path / "spend.pdf", base_url=tmp_path)
    assert pdf == tmp_path / "spend.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = _pdftotext(pdf)
    footers = re.findall(rf"{page_word} (\d+) {of_word} (\d+)", text)
    assert footers and footers[0] == ("1", footers[0][1])
    pages = int(footers[0][1])
    assert pages >= 1 and [int(p) for p, _ in footers] == list(range(1, pages + 1))
    assert text.count(date) >= pages  # the report date on every page
    assert STDOUT_TEXT in text and "secret_code_marker" not in text
    assert [p.name for p in tmp_path.iterdir()] == ["spend.pdf"]  # no temp file left behind


def test_pdf_is_tagged_for_screen_readers(tmp_path):
    pdf = render.render_pdf(_render("da"), tmp_path / "spend.pdf", base_url=tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info


def _pdf_objects(path: Path) -> bytes:
    """The PDF's bytes plus every inflated stream (links live in compressed object streams)."""
    raw = path.read_bytes()
    parts = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


def test_pdf_links_stay_relative_for_publishing(tmp_path):
    pdf = render.render_pdf(_render("en"), tmp_path / "spend.pdf", base_url=tmp_path)
    objects = _pdf_objects(pdf)
    assert b"/URI (spend_files/spend.csv)" in objects
    assert b"/URI (https://example.org/one)" in objects
    assert b"file://" not in objects


def test_a_picture_inside_an_svg_is_found_beside_the_page_and_embedded_as_it_is(tmp_path):
    """An SVG's <image href> relative to the page (the profiles' print map) is resolved like an <img src>, and a
    JPEG goes into the PDF as its own bytes (no re-encoding: that is what makes it cheap)."""
    jpeg = io.BytesIO()
    Image.new("RGB", (60, 40), (31, 119, 180)).save(jpeg, format="JPEG", quality=88)  # a made-up picture
    (tmp_path / "p_files").mkdir()
    (tmp_path / "p_files" / "map-print.jpg").write_bytes(jpeg.getvalue())
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 40" width="100%"><title>Made-up map</title>'
            '<image href="p_files/map-print.jpg" x="0" y="0" width="60" height="40"/></svg></body></html>')
    pdf = render.render_pdf(page, tmp_path / "p.pdf", base_url=tmp_path)
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert [line.split()[5:7] for line in listed.splitlines()[2:]] == [["rgb", "3"]]
    assert " jpeg " in listed and jpeg.getvalue() in pdf.read_bytes()


def _entries(root: Path) -> list[dict]:
    """Made-up index entries whose files exist under root."""
    entries = []
    for edition in ("en", "da"):
        for step in ("spend", "peers"):
            files = {"html": f"{edition}/{step}.html", "pdf": f"{edition}/{step}.pdf",
                     "data": [f"{edition}/{step}_files/fig-a.csv", f"{edition}/{step}_files/fig-b.csv"]}
            for href in [files["html"], files["pdf"], *files["data"]]:
                (root / href).parent.mkdir(parents=True, exist_ok=True)
                (root / href).write_text("made-up")
            entries.append({"step": step, "edition": edition, "lang": edition,
                            "title": f"Made-up {step} report ({edition})", "date": "2026-11-27",
                            "commit": "0123456789abcdef", "params": {"lang": edition, "year": 2020},
                            **files})
    return entries


def test_index_lists_every_report_and_links_resolve(tmp_path):
    entries = _entries(tmp_path)
    index = render.write_index(tmp_path, entries)
    assert index == tmp_path / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    items = soup.find_all("li", class_="index-entry")
    assert len(items) == len(entries)
    for item, entry in zip(items, entries):
        text = item.get_text(" ", strip=True)
        assert entry["title"] in text and "0123456789" in text and "year = 2020" in text
        assert item["lang"] == entry["lang"]
        hrefs = {a["href"] for a in item.find_all("a")}
        assert hrefs == {entry["html"], entry["pdf"], *entry["data"]}
    for a in soup.find_all("a"):
        assert (tmp_path / a["href"]).is_file(), a["href"]
    assert not soup.find_all(["script", "link"])


def test_index_entry_without_html_is_a_pipeline_error(tmp_path):
    entry = _entries(tmp_path)[0]
    del entry["html"]
    with pytest.raises(PipelineError, match="has no 'html'"):
        render.write_index(tmp_path, [entry])
    assert not (tmp_path / "index.html").exists()


def test_pdf_carries_the_figure_data_as_attachments(tmp_path):
    """A PDF shared on its own still has its data: the CSV and JSON links open embedded files; no relative or local
    path is left in it (the SVG link, a file beside the HTML, is dropped). The data here are MADE UP."""
    files = tmp_path / "x_files"
    files.mkdir()
    (files / "a.csv").write_text("year,value\n2020,1.5\n", encoding="utf-8")
    (files / "a.json").write_text('{"name": "a"}', encoding="utf-8")
    (files / "a.svg").write_text("<svg/>", encoding="utf-8")
    links = ('<a class="wb-download wb-csv" download="" href="x_files/a.csv">Download data (CSV)</a> · '
             '<a class="wb-download wb-json" download="" href="x_files/a.json">Metadata (JSON)</a> · '
             '<a class="wb-download wb-svg" download="" href="x_files/a.svg">SVG file</a> · '
             '<a class="wb-download wb-csv" download="" href="x_files/gone.csv">Missing</a>')
    html = f'<html><body><figure><figcaption>{links}</figcaption></figure></body></html>'
    pdf = render.render_pdf(html, tmp_path / "x.pdf", base_url=tmp_path)
    listed = subprocess.run(["pdfdetach", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.findall(r"^\d+: (\S+)$", listed, re.M) == ["a.csv", "a.json"]
    text = _pdftotext(pdf)
    assert "Download data (CSV)" in text and "SVG file" not in text and "Missing" in text
    objects = _pdf_objects(pdf)
    assert b"file://" not in objects and str(tmp_path).encode() not in objects
    assert b"x_files/a.csv" not in objects and b"/URI (x_files/gone.csv)" in objects   # a file not there: as it was


def test_copies_of_one_source_are_linked_by_year():
    copies = [{"label": "2016", "url": "https://example.org/2016.csv"}, {"label": "2017", "url": "https://example.org/2017.csv"}]
    src = [{**SOURCES[0], "copies": copies}]
    soup = BeautifulSoup(_render(sources=src), "html.parser")
    links = soup.find("span", class_="src-copies").find_all("a")
    assert [(a.get_text(), a["href"]) for a in links] == [("2016", copies[0]["url"]), ("2017", copies[1]["url"])]


@pytest.mark.parametrize("lang, expected", [
    ("da", [("Sprog", "dansk"), ("Sammenligningsgruppe", "kommuner af samme størrelse")]),
    ("en", [("Language", "English"), ("Peer group", "municipalities of a similar size")])])
def test_coded_parameter_values_are_shown_in_words(lang, expected):
    """A Danish editor found "Sammenligningsgruppe size" in the About block: a code, in English."""
    shown = render.reader_params({"lang": lang, "peers": "size"}, lang, "profiles")
    assert shown == expected


def test_an_official_entry_names_the_publishers_table_once_with_its_years_copies_and_snapshots():
    entry = {"official": "Made-up Office, table T1", "official_url": "https://example.org/T1", "years": "2016–2018",
             "obtained": "Copies retrieved from example.org on 2026-11-01", "licence": "CC BY 4.0",
             "copies": [{"label": str(y), "url": f"https://example.org/{y}.csv"} for y in (2016, 2017, 2018)],
             "tables": [{"what": "Made-up spending", "files": ["data/raw/made-up/t1/"]},
                        {"what": "Made-up people", "files": ["data/raw/made-up/t2.csv", "data/raw/made-up/t3.csv"]}]}
    item = BeautifulSoup(_render("en", sources=[entry]), "html.parser").find("ol", class_="source-list").li
    assert item.find("span", class_="src-official").a["href"] == entry["official_url"]
    text = item.get_text(" ", strip=True)
    assert text.count("Made-up Office, table T1") == 1 and "Years: 2016–2018" in text and text.count("CC BY 4.0") == 1
    assert [a["href"] for a in item.find("span", class_="src-copies").find_all("a")] == [
        c["url"] for c in entry["copies"]]
    assert [c.get_text() for c in item.find_all("code")] == [f for t in entry["tables"] for f in t["files"]]
    assert "Made-up spending" in text and "Made-up people" in text
