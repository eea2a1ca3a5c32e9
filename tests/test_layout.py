"""Where reports land: file-safe slugs of Danish names, one stem rule for editions and foreach reports."""
from __future__ import annotations

from analysis import layout


def test_slugs_fold_danish_letters_and_punctuation():
    assert layout.slug("Høje-Taastrup") == "hoeje-taastrup"
    assert layout.slug("Ærø") == "aeroe" and layout.slug("Lyngby-Taarbæk") == "lyngby-taarbaek"
    assert layout.slug("København") == "koebenhavn" and layout.slug("!!!") == "x"


def test_report_stems_and_their_files_folder():
    assert layout.report_stem("spend", "da") == "da/spend"
    assert layout.report_stem("profiles", "en", "Ærø") == "profiles/en/aeroe"
    assert layout.files_dir("da/spend") == "da/spend_files"
