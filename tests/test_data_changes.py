"""What changed between two builds (analysis.data.changes): made-up test frames, and a rebuild with a revised
snapshot of a shipped table."""
from __future__ import annotations

import json

import pandas as pd

from analysis import revisions
from analysis.data import changes, tables
from analysis.data.snapshot import read_meta, write_snapshot


def _frame(rows):  # made-up test data
    return pd.DataFrame(rows, columns=["year", "geo_code", "geography", "indicator", "value", "source_id"]).astype(
        {"year": "Int64", "value": "float64"})


def test_compare_lists_added_years_revised_values_with_both_sources_and_removed_rows():
    old = _frame([(2022, "101", "A", "x", 1.0, "old.csv#row=2"), (2023, "101", "A", "x", 2.0, "old.csv#row=3"),
                  (2023, "147", "B", "x", 5.0, "old.csv#row=4")])
    new = _frame([(2022, "101", "A", "x", 1.0, "new.csv#row=2"), (2023, "101", "A", "x", 2.5, "new.csv#row=3"),
                  (2024, "101", "A", "x", 3.0, "new.csv#row=4")])
    diff = changes.compare_table("t", "tidy", old, new)
    assert diff["years_added"] == [2024] and diff["years_removed"] == []
    assert diff["rows_added"] == 1 and diff["rows_removed"] == 1 and diff["values_revised"] == 1
    [rev] = diff["revised"]
    assert (rev["old"], rev["new"], rev["old_source"], rev["new_source"]) == (2.0, 2.5, "old.csv#row=3",
                                                                              "new.csv#row=3")
    assert rev["key"]["year"] == 2023 and rev["key"]["geo_code"] == "101"
    assert changes.compare_table("t", "tidy", old, old.assign(source_id="elsewhere")) is None
    line = revisions.table_summary(diff, "en")
    assert line == "t: years added 2024; 1 values revised; 1 rows added; 1 rows removed"
    assert revisions.table_summary(diff, "da").startswith("t: år tilføjet 2024; 1 værdier revideret")


def test_missing_stays_missing_and_is_not_a_revision():
    old = _frame([(2022, "101", "A", "x", float("nan"), "a#row=2")])
    assert changes.compare_table("t", "tidy", old, old.copy()) is None
    new = _frame([(2022, "101", "A", "x", 7.0, "b#row=2")])
    assert changes.compare_table("t", "tidy", old, new)["revised"][0]["old"] is None


def test_findings_moved_gives_the_reports_revised_line(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"findings": [{"id": "a", "text": "X was 3,094", "value": 3094},
                                            {"id": "b", "text": "Y", "value": 1}]}))
    new.write_text(json.dumps({"findings": [{"id": "a", "text": "X was 3,120", "value": 3120},
                                            {"id": "b", "text": "Y", "value": 1}]}))
    assert revisions.findings_moved(old, new, "en") == "revised: X was 3,120 (previously 3,094)"
    assert revisions.findings_moved(old, new, "da") == "revideret: X was 3,120 (tidligere 3.094)"
    assert revisions.findings_moved(new, new, "en") is None


def test_a_rebuild_with_a_revised_snapshot_writes_changes_json_naming_both_files(built_copy):
    """Made-up test data: one OECD score restated in a newer snapshot; the old file stays and both are named."""
    from analysis.data.build import build_all
    folder = built_copy / "data/raw/oecd/oecd_digital_government_index_2023"
    old = folder / "oecd_digital_government_index_2023.csv"
    meta = read_meta(old)
    for key in ("sha256", "rows", "format"):
        meta.pop(key)
    text = old.read_text(encoding="utf-8").replace(",0.811,0.811,", ",0.812,0.812,", 1)
    write_snapshot(text.encode(), publisher="oecd", dataset="oecd_digital_government_index_2023",
                   filename="oecd_digital_government_index_2023_2026-12-01.csv",
                   meta={**meta, "date_accessed": "2026-12-01"})
    assert not changes.changes_path().exists()
    build_all()
    doc = json.loads(changes.changes_path().read_text(encoding="utf-8"))
    [item] = doc["tables"]
    assert item["table"] == "oecd_digital_government_index_2023" and item["values_revised"] == 2  # value + printed
    rev = next(r for r in item["revised"] if r["field"] == "value")
    assert (rev["old"], rev["new"]) == (0.811, 0.812)
    assert rev["old_source"].startswith("data/raw/oecd/oecd_digital_government_index_2023/"
                                        "oecd_digital_government_index_2023.csv#row=")
    assert "_2026-12-01.csv#row=" in rev["new_source"] and old.exists()
    assert doc["since"] == "2026-11-24"
    assert revisions.summary("en")["since"] == "2026-11-24"
    assert revisions.summary("en")["lines"] == ["oecd_digital_government_index_2023: 2 values revised"]
    assert revisions.revised_line(["oecd_digital_government_index_2023"], "en").startswith("revised (since 2026-11-24)")
    assert tables.table_meta("oecd_digital_government_index_2023")["built_from"].endswith("_2026-12-01.csv")
