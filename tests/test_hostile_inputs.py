"""Data that must not pass: links that are not web addresses, non-finite figures, hostile --url and
--dataset, a broken sidecar delimiter (each refused with one line, or shown as text)."""
from __future__ import annotations

import json

import pytest

from analysis.data import snapshot
from analysis.data.sources import jsonstat, statbank
from analysis.errors import DataError
from analysis.figures.export import source_html
from analysis.safe_links import neutralise_links, safe_href
from test_sources_support import FIXTURES, assert_one_line_error, files_under, root, run_cli  # noqa: F401

# ---- links ------------------------------------------------------------------------------------------------

BAD_LINKS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
             "jav&#x09;ascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
             "vbscript:x", "//evil.example/x", "/etc/passwd", "\\\\evil\\share", "http:/no-host", "mailto:a@b.dk"]
GOOD_LINKS = ["https://www.statbank.dk/FOLK1A", "http://ssb.no/a?b=1#c", "spend_files/fig.csv", "#key-findings",
              "../profiles/index.html"]


@pytest.mark.parametrize("url", BAD_LINKS)
def test_links_that_are_not_web_addresses_are_refused(url):
    assert safe_href(url) is None


@pytest.mark.parametrize("url", GOOD_LINKS)
def test_web_and_relative_links_are_kept(url):
    assert safe_href(url, depth=1) == url


def test_relative_links_must_stay_under_reports():
    assert safe_href("../../x.html", depth=1) is None      # reports/en/spend.html -> outside reports/
    assert safe_href("../../en/spend.html", depth=2) == "../../en/spend.html"
    assert safe_href("../index.html", depth=0) is None


def test_a_javascript_source_url_becomes_text_in_the_source_line_and_in_the_report():
    line = source_html([{"publisher": "KL", "title": "Partnership", "url": "javascript:alert(9)"}], "en")
    assert "<a" not in line and "javascript" not in line and "KL" in line
    doc = ('<p><a href="javascript:alert(9)">SBSYS</a> <a href="https://kl.dk/">KL</a> '
           "<a href='  JAVASCRIPT:x'>x</a> <a class=\"anchor-link\" href=\"#top\">¶</a></p>")
    out = neutralise_links(doc, depth=1)
    assert "javascript" not in out.lower() and "SBSYS</span>" in out
    assert '<a href="https://kl.dk/">KL</a>' in out and 'href="#top"' in out


def test_report_markdown_links_from_data_are_checked():
    from analysis.report import _inline

    assert _inline("[x](javascript:void)") == "x"
    assert _inline("[DST](https://dst.dk)") == '<a href="https://dst.dk">DST</a>'


# ---- non-finite figures ------------------------------------------------------------------------------------

def test_statbank_csv_value_too_large_is_refused_naming_file_row_and_column():
    body = ("OMRÅDE;TID;INDHOLD\r\nAll Denmark;2022;5873420\r\nAll Denmark;2023;" + "9" * 400 + "\r\n").encode()
    with pytest.raises(DataError) as exc:
        statbank.parse_csv(body, "saved.csv")
    text = exc.value.format()
    assert text.startswith("saved.csv, row 3, column 'INDHOLD'") and "too large" in text and len(text) < 300


@pytest.mark.parametrize("raw", ["1e400", "-Infinity", "NaN", "Infinity", "1" + "0" * 400])
def test_jsonstat_non_finite_values_are_refused_naming_file_and_cell(raw):
    doc = ('{"version": "2.0", "class": "dataset", "label": "t", "id": ["geo"], "size": [2], '
           '"dimension": {"geo": {"category": {"index": ["DK", "NO"]}}}, "value": [1.5, ' + raw + ']}')
    js = jsonstat.structure(jsonstat.load(doc.encode(), "t.json"), "t.json")
    with pytest.raises(DataError) as exc:
        jsonstat.to_frame(js, "t.json", frozenset())
    text = exc.value.format()
    assert text.startswith("t.json: JSON-stat value 1 is") and "not a figure" in text and len(text) < 300


# ---- --url and --dataset -----------------------------------------------------------------------------------

FOLK1A_FILE = FIXTURES / "statbank" / "folk1a_population_annual_en.csv"


@pytest.mark.parametrize("url", ["https://www.statbank.dk/FOLK1A\n", 'https://x.dk/"><script>alert(1)</script>',
                                 "https://x.dk/a b", "https://x.dk/'a'", "https://x.dk/\x00"])
def test_import_refuses_a_url_with_line_breaks_quotes_or_angle_brackets(root, capsys, url):
    code, _, err = run_cli(["import", "statbank", str(FOLK1A_FILE), "--dataset", "x", "--url", url], capsys)
    assert_one_line_error(code, err, "--url", "not a web address")
    assert files_under(root / "data" / "raw") == []


@pytest.mark.parametrize("dataset", ["", "..", ".", "a/b", "../../etc"])
def test_import_and_fetch_refuse_an_empty_or_dotted_dataset(root, capsys, dataset):
    code, _, err = run_cli(["import", "statbank", str(FOLK1A_FILE), "--dataset", dataset, "--url",
                            "https://www.statbank.dk/FOLK1A"], capsys)
    assert_one_line_error(code, err, "--dataset", "not a folder name")
    code, _, err = run_cli(["fetch", "statbank", "FOLK1A", "--dataset", dataset], capsys)
    assert_one_line_error(code, err, "--dataset", "not a folder name")
    assert files_under(root / "data" / "raw") == []


# ---- sidecar options ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("options, needle", [({"delimiter": ";;"}, "'delimiter'"), ({"delimiter": 5}, "'delimiter'"),
                                             ({"comment": 3}, "'comment'"), ({"header": "yes"}, "'header'")])
def test_verify_reports_a_bad_sidecar_option_as_one_problem(tmp_path, options, needle):
    folder = tmp_path / "raw" / "dst" / "t"
    folder.mkdir(parents=True)
    content = b"a;b\n1;2\n"
    (folder / "t.csv").write_bytes(content)
    meta = {"title": "t", "publisher": "p", "source_url": "https://x.dk", "query": None, "date_published": None,
            "date_accessed": "2026-01-01", "licence": "x", "sha256": snapshot.sha256_bytes(content), "rows": 1,
            "format": "csv", "notes": "test data", **options}
    (folder / "t.csv.meta.json").write_text(json.dumps(meta))
    problems = snapshot.verify_all(tmp_path / "raw")
    assert len(problems) == 1 and problems[0].startswith("dst/t/t.csv: sidecar ") and needle in problems[0]
