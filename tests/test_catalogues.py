"""The text catalogues: every key has Danish and English, no key is unused, fields fill in, and names sort
in Danish alphabetical order."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis import i18n, reports
from analysis.i18n import Catalogue, CatalogueError, Words, danish_key, sort_names

SRC = Path(i18n.__file__).resolve().parent
NOTEBOOKS = SRC.parents[1] / "notebooks"


def catalogues() -> dict[str, Path]:
    """house plus every report package that has a catalogue."""
    out = {"house": i18n.HOUSE}
    for rid in reports.ids():
        path = i18n.report_catalogue_path(rid)
        if path.exists():
            out[rid] = path
    return out


def string_constants(files) -> set[str]:
    """Every string literal in these Python files (catalogue keys are asked for by name, never built)."""
    out: set[str] = set()
    for f in files:
        for node in ast.walk(ast.parse(Path(f).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    return out


def users_of(cat_id: str) -> list[Path]:
    """The code that may ask a catalogue for a key: its report package and notebook, or (house) everything."""
    if cat_id == "house":
        return list(SRC.rglob("*.py")) + list(NOTEBOOKS.glob("*.py"))
    rep = reports.get(cat_id)
    notebooks = [nb for nb in NOTEBOOKS.glob("*.py") if f"analysis.reports.{rep.id}" in nb.read_text("utf-8")]
    runner_pages = [SRC / "pipeline" / "index.py",   # asks a report for its index_title
                    SRC / "pipeline" / "render.py"]  # for its params and param_values (About this report)
    return list((SRC / "reports" / cat_id).rglob("*.py")) + notebooks + runner_pages


@pytest.mark.parametrize("cat_id", sorted(catalogues()))
def test_every_key_has_danish_and_english(cat_id):
    cat = Catalogue(catalogues()[cat_id])  # the constructor checks every key
    assert cat.keys()
    for key in cat.keys():
        entry = cat.entries[key]
        items = entry.values() if Catalogue.is_table(entry) else [entry]
        for item in items:
            assert set(item) == {"da", "en"}, (cat_id, key)
            assert all(item[lang] for lang in ("da", "en")), (cat_id, key)


@pytest.mark.parametrize("cat_id", sorted(catalogues()))
def test_no_key_is_unused(cat_id):
    used = string_constants(users_of(cat_id))
    unused = [k for k in Catalogue(catalogues()[cat_id]).keys() if k not in used]
    assert not unused, f"{cat_id}: keys no code asks for: {unused}"


def test_a_key_without_danish_is_an_error_naming_file_and_key(tmp_path):
    path = tmp_path / "text.yaml"
    path.write_text("title:\n  en: Only English\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"text.yaml: key 'title' needs exactly da and en \(missing: da"):
        Catalogue(path)
    path.write_text("names:\n  Oslo: {en: Oslo}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="table 'names', item 'Oslo'"):
        Catalogue(path)


def test_fields_fill_in_and_a_missing_field_names_the_key():
    w = Words("spend", "da")
    assert w("no_chart", y1=2005, y2=2006) == "IKT-udgifter, 2005 og 2006"
    assert Words("spend", "en")("no_chart", y1=2005, y2=2006) == "ICT expenditure, 2005 and 2006"
    with pytest.raises(CatalogueError, match="key 'no_chart' .da. needs field 'y2'"):
        w("no_chart", y1=2005)
    with pytest.raises(CatalogueError, match="no text 'nope'"):
        w("nope")


def test_report_words_fall_back_to_the_house_and_tables_translate_data():
    w = Words("spend", "da")
    assert w("key_findings") == "Hovedresultater"
    assert w.lookup("barriers_2024", "Higher ICT costs than expected") == "Højere IKT-udgifter end forventet"
    assert w.lookup("barriers_2024", "not in the table") == "not in the table"
    assert Words(None, "en").lookup("countries", "NO") == "Norway"


def test_danish_alphabetical_order():
    names = ["Vejle", "Aabenraa", "Ærø", "Odsherred", "Ålborg", "Ørsted", "Aarhus", "Albertslund", "Zealand"]
    assert sort_names(names, "da") == ["Albertslund", "Odsherred", "Vejle", "Zealand", "Ærø", "Ørsted",
                                       "Aabenraa", "Ålborg", "Aarhus"]
    assert danish_key("Aabenraa") > danish_key("Vejle")
    assert sort_names(["b", "A", "c"], "en") == ["A", "b", "c"]


def test_a_key_written_twice_is_an_error_naming_both_lines(tmp_path):
    """scenarios/text.yaml held four keys twice; YAML kept the later one, so an edit to the earlier was lost."""
    path = tmp_path / "text.yaml"
    path.write_text("a:\n  da: et\n  en: one\nb:\n  da: to\n  en: two\na:\n  da: tre\n  en: three\n",
                    encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"text.yaml: key 'a' is written twice \(lines 1 and 7\)"):
        Catalogue(path)
