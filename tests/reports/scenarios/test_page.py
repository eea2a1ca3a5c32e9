"""Scenarios page: the assumptions table and the sentences in both languages (reader words, never code names),
a negative saving said in plain words, and one execution of notebook 05 per language."""
from __future__ import annotations

import pandas as pd
import pytest
from notebook_runs import by_id, check_outputs, outputs_html, run_both_langs

from analysis.i18n import Words
from analysis.reports.scenarios import compute as m
from analysis.reports.scenarios import page
from analysis.reports.scenarios.params import Params

NOTEBOOK = "05_scenarios.py"
CHANNEL = dict(contacts_per_year=2000, letter_share=20, phone_share=30, digital_share=50,  # MADE-UP inputs
               letter_cost=100, phone_cost=50, digital_cost=10, target_digital_share=80)


def test_assumptions_table_keeps_years_whole_and_speaks_danish():
    r = m.shared_operations(members=3, one_off_cost=480.5, saving_per_member=10, start_year=2014)
    en = page.assumptions_table(r.assumptions, "en")
    assert list(en.columns) == ["Input", "Value", "Unit", "Source", "Note"]
    assert [page.format_value(v, "en") for v in en["Value"]] == ["3", "480.5", "10", "2014"]
    da = page.assumptions_table(r.assumptions, "da")
    assert list(da.columns) == ["Input", "Værdi", "Enhed", "Kilde", "Note"]
    assert [page.format_value(v, "da") for v in da["Værdi"]] == ["3", "480,5", "10", "2014"]
    assert da["Enhed"].tolist() == ["kommuner", "kr.", "kr. om året", "år"]  # the house fact_units
    assert set(da["Kilde"]) == {"eget input"}
    assert da["Input"].tolist()[0] == "Kommuner i den fælles drift"


def test_remarks_are_reader_words_in_the_readers_language():
    a = m.Assumption("contacts_per_year", 1000, "contacts per year", m.ASSUMPTION).remark("note_scale", n=1000)
    b = m.Assumption("digital_share", 30, "percent", "Pub: T", "F12", "As published.").remark(
        "note_now_from_target", year=2012)
    en = page.assumptions_table([a, b], "en")
    da = page.assumptions_table([a, b], "da")
    assert en["Note"].tolist() == ["no sourced count of contacts: results are per 1,000 contacts until you "
                                   "enter your own count",
                                   "As published. The 2012 joint target is used as today's digital share"]
    assert da["Note"][0].startswith("intet kildebelagt antal henvendelser: resultater pr. 1.000 henvendelser")
    assert da["Note"][1] == "As published. Fællesmålet for 2012 bruges som dagens digitale andel"
    assert da["Kilde"].tolist() == ["antagelse (intet kildebelagt tal)", "Pub: T [F12]"]
    for table in (en, da):
        assert not any("_" in str(v) for v in table.to_numpy().ravel()), "a code name reached the reader"


@pytest.mark.parametrize("lang", ["en", "da"])
def test_a_target_below_todays_share_is_an_extra_cost_in_plain_words(lang):
    r = m.channel_shift(**{**CHANNEL, "target_digital_share": 40})
    assert r.saving < 0
    text = page.channel_sentence(r, Words("scenarios", lang))
    extra = "DKK\u00a012,000" if lang == "en" else "12.000\u00a0kr."  # 2000 x (24 + 18 + 4) = 92,000 against 80,000
    assert extra in text and "−" not in text
    assert ("extra cost" in text and "below the current digital share" in text) if lang == "en" else \
        ("merudgift" in text and "under den nuværende digitale andel" in text)
    ok = page.channel_sentence(m.channel_shift(**CHANNEL), Words("scenarios", lang))
    assert ("saving of DKK\u00a036,000" in ok) if lang == "en" else ("besparelse på 36.000\u00a0kr." in ok)


@pytest.fixture(scope="module")
def runs(built_root, tmp_path_factory):
    return run_both_langs(NOTEBOOK, built_root, tmp_path_factory, "scenarios")


def test_notebook_findings_match_the_models_in_both_languages(runs, built):
    P = Params.validate_params({}).derive()
    for lang, (out_dir, findings) in runs.items():
        f = by_id(findings)
        assert f["channel-saving"]["value"] == pytest.approx(P.channel().saving)
        assert f["shared-payback"]["value"] == P.shared().payback_year
        assert f["licence-club-cost"]["value"] == pytest.approx(P.licence().club_cost)
        assert f["licence-check"]["value"] == pytest.approx(P.check().implied_current_low)
        assert set(check_outputs(out_dir)) == {"channel_shift", "shared_payback"}
        table = pd.read_csv(out_dir / "assumptions.csv")
        assert len(table) == len(page.all_assumptions(page.Page(P)))
        assert "contacts_per_year" not in outputs_html(out_dir)
        if lang == "da":  # the catalogue's notes in Danish too (house fact_notes), not its English
            assert not table["Note"].astype(str).str.contains("Handling cost in Copenhagen").any()


def test_notebook_introduction_is_visible_in_lab_and_kept_out_of_the_report():
    import jupytext

    from analysis import paths

    first = jupytext.read(paths.notebooks_dir() / NOTEBOOK).cells[0]
    assert first.cell_type == "markdown" and "<!--" not in first.source
    assert "interactive = True" in first.source and "scratch/" in first.source
    assert "remove_cell" in first.metadata.get("tags", [])  # the rendered report has its own title
    assert "/scratch/" in (paths.root() / ".gitignore").read_text(encoding="utf-8").split()


def test_interactive_run_in_lab_shows_widgets_first_and_writes_to_scratch(built_root, tmp_path, monkeypatch):
    """As JupyterLab runs it: no runner, output_dir left at '.', cwd notebooks/; interactive = True."""
    import jupytext
    import papermill as pm

    from analysis import paths

    root = tmp_path / "root"
    (root / "notebooks").mkdir(parents=True)
    (root / "data").symlink_to(built_root / "data")
    (root / "pipeline.yaml").write_text("steps: []\n", encoding="utf-8")
    src = root / "notebooks" / "05_scenarios.ipynb"
    jupytext.write(jupytext.read(paths.notebooks_dir() / NOTEBOOK), src)
    monkeypatch.setenv("WORKBENCH_ROOT", str(root))
    out = pm.execute_notebook(str(src), str(tmp_path / "out.ipynb"), kernel_name="muni-it-workbench",
                              parameters={"interactive": True}, progress_bar=False, cwd=str(root / "notebooks"))
    assert sorted(p.name for p in (root / "notebooks").iterdir()) == ["05_scenarios.ipynb"]
    scratch = root / "scratch" / "scenarios"
    assert {"channel_shift.png", "shared_payback.csv", "findings.json"} <= {p.name for p in scratch.iterdir()}
    kinds = [("widget" if "application/vnd.jupyter.widget-view+json" in o.get("data", {}) else "html")
             for c in out.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("data")]
    assert kinds and kinds[0] == "widget", kinds[:3]


def test_an_amount_range_names_its_currency_once():
    assert page.kr_range(300_000, 500_000, "da") == "300.000–500.000\u00a0kr."
    assert page.kr_range(300_000, 500_000, "en") == "DKK\u00a0300,000–500,000"
