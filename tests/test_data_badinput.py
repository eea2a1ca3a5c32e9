"""Bad raw data gets one clear error naming file, row and column and saying what is valid; nothing is lost.

Every test damages a copy of the shipped snapshots (made-up damage, labelled as such) and runs the real build.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from analysis.data.build import build_all
from analysis.data.snapshot import read_meta, verify_all, write_snapshot
from analysis.errors import DataError
from conftest import resave_snapshot

EXPENDITURE = Path("data/raw/ssb/ssb_ikt_expenditure_2005_2006/ssb_ikt_expenditure_2005_2006.csv")
EGDI = Path("data/raw/un_desa/un_egov_egdi/un_egov_egdi.csv")
POPULATION = Path("data/raw/dst/dk_population/dk_population_folk1a.csv")
REGK31 = Path("data/raw/dst/dk_regk31_64551_administration/dk_regk31_64551_administration.csv")


def processed_state(root: Path) -> dict[str, str]:
    """Name -> sha256 of every file under data/processed (hidden staging folders included)."""
    base = root / "data" / "processed"
    return {str(p.relative_to(base)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(base.rglob("*")) if p.is_file()}


def lines(root: Path, rel: Path) -> list[str]:
    return (root / rel).read_text(encoding="utf-8").splitlines(keepends=True)


def damage(root: Path, rel: Path, text: str | bytes) -> None:
    resave_snapshot(root / rel, text.encode("utf-8") if isinstance(text, str) else text)


def fails(root: Path, *needles: str) -> str:
    """Run the build, expect a DataError containing every needle, and check processed/ is untouched."""
    before = processed_state(root)
    with pytest.raises(DataError) as info:
        build_all()
    message = info.value.format()
    assert "\n" not in message
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"
    assert processed_state(root) == before, "a failing build changed data/processed"
    return message


def first_non_ascii_line(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if not line.isascii())


def replace_field(line: str, old: str, new: str) -> str:
    assert old in line
    return line.replace(old, new, 1)


def test_malformed_csv_names_file_and_line(built_copy):
    rows = lines(built_copy, EXPENDITURE)
    rows[3] = replace_field(rows[3], '",', '"x,')  # made-up damage: text after a closing quote
    damage(built_copy, EXPENDITURE, "".join(rows))
    problems = verify_all()
    assert problems == [f"{EXPENDITURE.relative_to('data/raw')}: cannot count rows: malformed CSV at line 4 "
                        "(',' expected after '\"')"]
    fails(built_copy, str(EXPENDITURE.relative_to("data/raw")), "malformed CSV at line 4")


def test_malformed_csv_is_refused_by_the_cleaner_too(built_copy, monkeypatch):
    import analysis.data.build as build
    rows = lines(built_copy, EXPENDITURE)
    rows[3] = replace_field(rows[3], '",', '"x,')
    damage(built_copy, EXPENDITURE, "".join(rows))
    monkeypatch.setattr(build, "verify_all", lambda: [])
    fails(built_copy, str(EXPENDITURE), "row 4", "malformed CSV", "valid: comma-separated fields")


def test_wrong_delimiter(built_copy):
    text = (built_copy / EGDI).read_text(encoding="utf-8").replace(",", ";")
    damage(built_copy, EGDI, text)
    fails(built_copy, str(EGDI), "row 1", "wrong delimiter", "comma-separated")


def test_missing_column(built_copy):
    import csv
    import io
    rows = list(csv.reader(io.StringIO((built_copy / EGDI).read_text(encoding="utf-8"))))
    i = rows[0].index("unit")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])
    damage(built_copy, EGDI, out.getvalue())
    fails(built_copy, str(EGDI), "column 'unit'", "missing column", "valid: header with")


def test_unknown_geography_code(built_copy):
    rows = lines(built_copy, EGDI)
    i = next(i for i, r in enumerate(rows) if ",DK,Denmark," in r)
    rows[i] = replace_field(rows[i], ",DK,Denmark,", ",XX,Denmark,")  # made-up code
    damage(built_copy, EGDI, "".join(rows))
    fails(built_copy, str(EGDI), f"row {i + 1}", "column 'geo_code'", "'XX'", "known geography code")


def test_unknown_danish_municipality_code(built_copy):
    rows = lines(built_copy, REGK31)
    rows[2] = replace_field(rows[2], ",101,København,", ",999,København,")  # made-up code
    damage(built_copy, REGK31, "".join(rows))
    fails(built_copy, str(REGK31), "row 3", "'999'", "known geography code")


def test_duplicate_key(built_copy):
    rows = lines(built_copy, EGDI)
    damage(built_copy, EGDI, "".join(rows + [rows[7]]))  # made-up duplicate of a real row
    fails(built_copy, str(EGDI), "duplicate key", f"in rows 8, {len(rows) + 1} ", "valid: one row per year, geo_code")


def test_unit_not_allowed(built_copy):
    rows = lines(built_copy, EGDI)
    rows[4] = replace_field(rows[4], "index (0-1)", "furlongs")  # made-up unit
    damage(built_copy, EGDI, "".join(rows))
    fails(built_copy, str(EGDI), "row 5", "column 'unit'", "'furlongs'", "schemas.UNITS")


def test_negative_expenditure(built_copy):
    rows = lines(built_copy, EXPENDITURE)
    rows[1] = replace_field(rows[1], ",509458,", ",-509458,")  # made-up sign error
    damage(built_copy, EXPENDITURE, "".join(rows))
    fails(built_copy, str(EXPENDITURE), "row 2", "column 'value'", "must not be negative")


def test_year_out_of_range(built_copy):
    rows = lines(built_copy, EGDI)
    rows[1] = "1890" + rows[1][4:]  # made-up year
    damage(built_copy, EGDI, "".join(rows))
    fails(built_copy, str(EGDI), "row 2", "column 'year'", "1890", "year 1990-2035")


def test_year_not_a_year(built_copy):
    rows = lines(built_copy, EGDI)
    rows[1] = "20x0" + rows[1][4:]
    damage(built_copy, EGDI, "".join(rows))
    fails(built_copy, str(EGDI), "row 2", "column 'year'", "four-digit year")


def test_checksum_mismatch_is_named_by_verify_and_build(built_copy):
    path = built_copy / EGDI
    path.write_bytes(path.read_bytes().replace(b"0.73085", b"0.73086", 1))  # edited in place, sidecar stale
    problems = verify_all()
    assert len(problems) == 1 and problems[0].startswith("un_desa/un_egov_egdi/un_egov_egdi.csv: checksum mismatch")
    fails(built_copy, "un_desa/un_egov_egdi/un_egov_egdi.csv", "checksum mismatch", "valid:")


def test_truncated_file_cut_mid_line(built_copy):
    text = (built_copy / EXPENDITURE).read_text(encoding="utf-8")
    cut = text[: text.index("\n", len(text) // 2) - 40]  # made-up cut: the download stopped mid-row
    damage(built_copy, EXPENDITURE, cut)
    fails(built_copy, str(EXPENDITURE), "truncated line", "fields, header has 14", "valid: 14")


def test_truncated_file_shorter_than_its_sidecar(built_copy):
    path = built_copy / EXPENDITURE
    keep = "".join(lines(built_copy, EXPENDITURE)[:-3])
    meta = read_meta(path)
    damage(built_copy, EXPENDITURE, keep)
    side = path.with_name(path.name + ".meta.json")
    fresh = json.loads(side.read_text())
    fresh["rows"] = meta["rows"]  # the sidecar still promises the full table
    side.write_text(json.dumps(fresh))
    assert any("row count 15 but sidecar says 18" in p for p in verify_all())
    fails(built_copy, "row count 15 but sidecar says 18")


def test_empty_file(built_copy):
    damage(built_copy, EXPENDITURE, b"")
    fails(built_copy, str(EXPENDITURE), "empty file", "valid: a CSV file with a header")


def test_latin1_file(built_copy):
    text = (built_copy / POPULATION).read_text(encoding="utf-8")
    damage(built_copy, POPULATION, text.encode("latin-1"))  # same text, saved as Latin-1
    line = first_non_ascii_line(text)
    fails(built_copy, "dst/dk_population/dk_population_folk1a.csv", "not UTF-8", f"line {line}", "UTF-8")


def test_latin1_file_is_refused_by_the_cleaner_too(built_copy, monkeypatch):
    """Even when the snapshot check is skipped, the cleaner refuses Latin-1 and names the line."""
    import analysis.data.build as build
    text = (built_copy / POPULATION).read_text(encoding="utf-8")
    damage(built_copy, POPULATION, text.encode("latin-1"))
    monkeypatch.setattr(build, "verify_all", lambda: [])
    fails(built_copy, str(POPULATION), f"row {first_non_ascii_line(text)}", "not UTF-8", "valid: UTF-8")


def test_write_snapshot_refuses_latin1(data_copy):
    meta = {"title": "t", "source_url": "https://example.org/x.csv", "query": None, "date_published": None,
            "date_accessed": "2026-11-27", "licence": "CC BY 4.0", "notes": ""}
    with pytest.raises(DataError, match="not UTF-8"):
        write_snapshot("område\nKøbenhavn\n".encode("latin-1"), publisher="test", dataset="made_up",
                       filename="x.csv", meta=meta)
    assert not (data_copy / "data" / "raw" / "test").exists()


def test_decimal_comma_in_value(built_copy):
    rows = lines(built_copy, EGDI)
    rows[1] = replace_field(rows[1], ",0.73085,", ',"0,73085",')  # made-up: printed form in the value column
    damage(built_copy, EGDI, "".join(rows))
    fails(built_copy, str(EGDI), "row 2", "column 'value'", "decimal comma", "decimal point")


def test_html_instead_of_data(built_copy):
    damage(built_copy, EGDI, "<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>\n")
    fails(built_copy, str(EGDI), "HTML page instead of data", "valid: the CSV file itself")


def test_value_where_source_printed_missing_marker(built_copy):
    rows = lines(built_copy, EXPENDITURE)
    i = next(i for i, r in enumerate(rows) if ",,:," in r)
    rows[i] = rows[i].replace(",,:,", ",0,:,", 1)  # made-up: a ':' cell turned into zero
    damage(built_copy, EXPENDITURE, "".join(rows))
    fails(built_copy, str(EXPENDITURE), f"row {i + 1}", "missing marker ':'", "empty value")


def test_population_totals_must_reconcile(built_copy, monkeypatch):
    """The row-by-row StatBank check would catch this first; without it the reconciliation still does."""
    import analysis.data.clean.dk as dk
    monkeypatch.setattr(dk, "check_population", lambda df, files: [])
    rows = lines(built_copy, POPULATION)
    i = next(i for i, r in enumerate(rows) if r.startswith("2022,101,"))
    rows[i] = rows[i].replace(",644431,644431,", ",644432,644432,")  # made-up: one person too many
    damage(built_copy, POPULATION, "".join(rows))
    fails(built_copy, "do not reconcile", "2022", "valid: municipalities + Christiansø = All Denmark")


def test_sidecar_missing_a_field(built_copy):
    side = built_copy / (str(EGDI) + ".meta.json")
    meta = json.loads(side.read_text())
    del meta["licence"]
    side.write_text(json.dumps(meta))
    assert verify_all() == ["un_desa/un_egov_egdi/un_egov_egdi.csv: sidecar fields missing: licence"]
    fails(built_copy, "un_egov_egdi.csv", "sidecar fields missing: licence")


def test_missing_sidecar_and_orphan_sidecar(built_copy):
    side = built_copy / (str(EGDI) + ".meta.json")
    orphan = side.with_name("gone.csv.meta.json")
    side.rename(orphan)
    problems = verify_all()
    assert "un_desa/un_egov_egdi/un_egov_egdi.csv: no sidecar" in problems
    assert "un_desa/un_egov_egdi/gone.csv.meta.json: sidecar without its data file" in problems


def test_write_snapshot_refuses_meta_without_field_and_writes_nothing(data_copy):
    meta = {"title": "t", "source_url": "https://example.org/x.csv", "query": None, "date_published": None,
            "date_accessed": "2026-11-27", "notes": ""}  # licence missing
    with pytest.raises(DataError) as info:
        write_snapshot(b"a,b\n1,2\n", publisher="test", dataset="made_up", filename="x.csv", meta=meta)
    assert "sidecar fields missing: licence" in info.value.format()
    assert not (data_copy / "data" / "raw" / "test").exists()


def test_write_snapshot_refuses_empty_content(data_copy):
    meta = {"title": "t", "source_url": "https://example.org/x.csv", "query": None, "date_published": None,
            "date_accessed": "2026-11-27", "licence": "CC BY 4.0", "notes": ""}
    with pytest.raises(DataError, match="empty content"):
        write_snapshot(b"", publisher="test", dataset="made_up", filename="x.csv", meta=meta)
    assert not (data_copy / "data" / "raw" / "test").exists()


def test_tidy_row_disagreeing_with_verbatim_statbank_file(built_copy):
    rows = lines(built_copy, REGK31)
    i = next(i for i, r in enumerate(rows) if r.startswith("2019,101,"))
    value = rows[i].split(",")[5]
    rows[i] = rows[i].replace(f",{value},{value},", f",{int(value) + 1},{int(value) + 1},", 1)  # made-up typo
    damage(built_copy, REGK31, "".join(rows))
    fails(built_copy, str(REGK31), f"row {i + 1}", "column 'value'", "disagrees with the publisher's file",
          "dst_regk31_64551_2019_excerpt__marieleth.csv")
