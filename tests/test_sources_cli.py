"""`workbench import` from saved files and the command-line checks of `workbench fetch` (no network at all)."""
from __future__ import annotations

import hashlib

import pytest

from analysis.data.snapshot import read_meta, verify_all
from analysis.data.sources import cli as sources_cli
from analysis.errors import ParameterError
from test_sources_support import (FIXTURES, api, assert_one_line_error, files_under, root, run_cli,  # noqa: F401
                                  waits)

FOLK1A_FILE = FIXTURES / "statbank" / "folk1a_population_annual_en.csv"
DST_URL = "https://www.statbank.dk/FOLK1A"


def _import(capsys, source, path, dataset="saved", url=DST_URL, *extra):
    return run_cli(["import", source, str(path), "--dataset", dataset, "--url", url, *extra], capsys)


def test_import_csv_writes_snapshot_with_sidecar(root, capsys):
    code, out, err = _import(capsys, "statbank", FOLK1A_FILE, "FOLK1A population", DST_URL,
                             "--accessed", "2026-03-01")
    assert code == 0, err
    data = root / "data" / "raw" / "dst" / "folk1a_population" / "folk1a_population_2026-03-01.csv"
    assert data.read_bytes() == FOLK1A_FILE.read_bytes()
    meta = read_meta(data)
    lines = [ln for ln in FOLK1A_FILE.read_text("utf-8-sig").splitlines() if ln.strip()]
    assert meta["source_url"] == DST_URL and meta["query"] is None
    assert meta["date_accessed"] == "2026-03-01"
    assert meta["rows"] == len(lines) - 1 == meta["cells"]
    assert meta["sha256"] == hashlib.sha256(FOLK1A_FILE.read_bytes()).hexdigest()
    assert FOLK1A_FILE.name in meta["notes"]
    assert verify_all(root / "data" / "raw") == []


def test_import_jsonstat_for_each_source(root, capsys):
    for source, path in [("statbank", FIXTURES / "statbank" / "folk1a_jsonstat.json"),
                         ("pxweb", FIXTURES / "pxweb" / "testdata_jsonstat2.json"),
                         ("eurostat", FIXTURES / "eurostat" / "isoc_ciegi_ac_EU27_I_IUGOV1.json")]:
        code, _, err = _import(capsys, source, path, f"{source} test", "https://example.org/saved")
        assert code == 0, err
    folders = sorted({p.relative_to(root / "data" / "raw").parts[0] for p in files_under(root / "data" / "raw")})
    assert folders == ["dst", "eurostat", "ssb"]
    assert verify_all(root / "data" / "raw") == []


@pytest.mark.parametrize("source, name, content, needles", [
    ("pxweb", "page.json", (FIXTURES / "pxweb" / "html_page.html").read_bytes(), ["HTML page"]),
    ("statbank", "error.json", (FIXTURES / "statbank" / "error_extract_notfound.json").read_bytes(),
     ["EXTRACT-NOTFOUND"]),
    ("eurostat", "error.json", (FIXTURES / "eurostat" / "error_404_not_found.json").read_bytes(),
     ["ERR_NOT_FOUND_4"]),
    ("statbank", "empty.csv", b"", ["empty body"]),
    ("statbank", "header.csv", (FIXTURES / "statbank" / "testdata_header_only.csv").read_bytes(),
     ["empty result"]),
    ("statbank", "latin1.csv", "OMRÅDE;TID;INDHOLD\r\nKøge;2022;5\r\n".encode("latin-1"), ["not UTF-8"]),
    ("statbank", "truncated.csv", FOLK1A_FILE.read_bytes()[:-9], ["row", "fields where the header has"]),
    ("pxweb", "nodim.json", (FIXTURES / "pxweb" / "testdata_missing_dimension.json").read_bytes(),
     ["dimension 'Tid'"]),
    ("eurostat", "cut.json", (FIXTURES / "eurostat" / "isoc_ciegi_ac_EU27_I_IUGOV1.json").read_bytes()[:300],
     ["not valid JSON"]),
])
def test_import_refuses_bad_files_naming_the_file(root, capsys, tmp_path, source, name, content, needles):
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(content)
    code, _, err = _import(capsys, source, path)
    assert_one_line_error(code, err, str(path), *needles)
    assert files_under(root / "data" / "raw") == []


def test_import_missing_file_and_bad_url(root, capsys, tmp_path):
    code, _, err = _import(capsys, "statbank", tmp_path / "nope.csv")
    assert_one_line_error(code, err, "nope.csv", "file not found")
    code, _, err = _import(capsys, "statbank", FOLK1A_FILE, "x", "statbank.dk/FOLK1A")
    assert_one_line_error(code, err, "--url", "not a web address", "http")
    assert files_under(root / "data" / "raw") == []


@pytest.mark.parametrize("bad", ["OMRÅDE", "=000", "Tid=", "Tid=2021,,2022", "Tid 2022"])
def test_bad_filter_syntax_says_the_valid_form(root, api, capsys, bad):
    code, _, err = run_cli(["fetch", "statbank", "FOLK1A", "--filter", bad], capsys)
    assert_one_line_error(code, err, "--filter", f"'{bad}'", "VAR=V1,V2")
    assert len(api.calls) == 0
    assert files_under(root / "data" / "raw") == []


def test_filter_parsing():
    assert sources_cli.parse_filters(["OMRÅDE=000, 101", "Tid=2022K1"]) == {"OMRÅDE": ["000", "101"],
                                                                           "Tid": ["2022K1"]}
    with pytest.raises(ParameterError, match="twice"):
        sources_cli.parse_filters(["Tid=2021", "Tid=2022"])


def test_unknown_lang_is_a_parameter_error(root, api, capsys):
    code, _, err = run_cli(["fetch", "eurostat", "isoc_ciegi_ac", "--lang", "sv"], capsys)
    assert_one_line_error(code, err, "--lang", "'sv'", "en, fr, de")
    assert len(api.calls) == 0
