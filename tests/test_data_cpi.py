"""Statistics Denmark's annual consumer price index (PRIS8): one row per year 1900-2025, base 100, the values the
copy prints; damaged copies refused with the line named; real-terms changes computed from it."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import prices
from analysis.data.clean import cpi
from analysis.data.build import build_all
from analysis.errors import DataError
from conftest import resave_snapshot

SNAPSHOT = Path("data/raw/dst/dk_cpi_annual/pris8_excerpt.txt")


def test_every_year_once_from_the_base_year_with_the_printed_values(real):
    cpi = real("dk_cpi_annual")
    years = cpi["year"].astype(int).tolist()
    assert years == list(range(1900, 2026))
    by_year = cpi.set_index(cpi["year"].astype(int))["value"]
    assert by_year[1900] == 100 and by_year[2016] == 6909 and by_year[2024] == 8188
    # the sidecar's cross-checks: annual rises 2022 7.7 %, 2023 3.3 %, 2024 1.4 %
    assert [round((by_year[y] / by_year[y - 1] - 1) * 100, 1) for y in (2022, 2023, 2024)] == [7.7, 3.3, 1.4]
    assert cpi["source_id"].str.startswith(str(SNAPSHOT) + "#row=").all()


def test_real_change_divides_by_the_price_change():
    cpi = pd.DataFrame({"year": [2016, 2024], "value": [100.0, 120.0]})  # made-up index
    assert prices.prices_change_pct(cpi, 2016, 2024) == pytest.approx(20.0)
    assert prices.real_change_pct(100.0, 2016, 120.0, 2024, cpi) == pytest.approx(0.0)
    assert prices.real_change_pct(100.0, 2016, 132.0, 2024, cpi) == pytest.approx(10.0)
    with pytest.raises(DataError, match="no consumer price index for 2030"):
        prices.real_change_pct(100.0, 2016, 120.0, 2030, cpi)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    resave_snapshot(path, text.replace(old, new, 1).encode())


def test_a_year_listed_twice_is_named_with_its_line(built_copy):
    _edit(built_copy / SNAPSHOT, "2024: 8188,", "2023: 8188,")   # made-up damage
    with pytest.raises(DataError, match=r"year 2023 is listed twice") as exc:
        build_all()
    assert exc.value.column == "year"


def test_a_value_that_is_not_a_whole_number_is_refused(built_copy):
    _edit(built_copy / SNAPSHOT, "2024: 8188,", "2024: 81.88,")   # made-up damage
    with pytest.raises(DataError, match=r"index value '81.88' for 2024 is not a positive whole number") as exc:
        build_all()
    assert exc.value.column == "value" and exc.value.row is not None


def test_a_missing_year_is_named(built_copy):
    _edit(built_copy / SNAPSHOT, " 2010: 6432,", "")   # made-up damage
    with pytest.raises(DataError, match=r"no index value for 2010"):
        build_all()


def _excerpt(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pris8_excerpt.txt"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "pris8_excerpt.txt.meta.json").write_text(
        '{"title": "made up", "publisher": "made up", "source_url": "https://example.invalid", '
        '"date_accessed": "2026-12-01"}', encoding="utf-8")
    return path


def test_the_reader_reads_the_constant_and_refuses_what_is_not_pris8(tmp_path):
    # made-up excerpts in the copy's shape
    head = "// PRIS8 annual averages\nexport const X: Readonly<Record<number, number>> = {\n"
    ok = cpi.dk_cpi_annual(_excerpt(tmp_path, head + "  1900: 100, 1901: 101,\n  1902: 103,\n};\n"), None)
    assert ok.df["year"].tolist() == [1900, 1901, 1902] and ok.df["value_as_printed"].tolist() == ["100", "101", "103"]
    assert ok.df["source_id"].tolist()[-1].endswith("#row=4")
    with pytest.raises(DataError, match="does not name PRIS8"):
        cpi.dk_cpi_annual(_excerpt(tmp_path, head.replace("PRIS8", "PRIS1") + "  1900: 100,\n};\n"), None)
    with pytest.raises(DataError, match="not closed"):
        cpi.dk_cpi_annual(_excerpt(tmp_path, head + "  1900: 100,\n"), None)
    with pytest.raises(DataError, match="starts in 1901, not in its base year 1900"):
        cpi.dk_cpi_annual(_excerpt(tmp_path, head + "  1901: 100,\n};\n"), None)
    with pytest.raises(DataError, match="base year 1900 has 99, not 100"):
        cpi.dk_cpi_annual(_excerpt(tmp_path, head + "  1900: 99,\n};\n"), None)
