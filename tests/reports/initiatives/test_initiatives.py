"""Initiatives report: metrics on hand-made tables, key findings against the processed tables, and one
execution of the notebook per language."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.errors import DataError, ParameterError
from analysis.reports.initiatives import compute as m
from analysis.reports.initiatives.params import Params
from analysis.reports.initiatives.page import money_text
from notebook_runs import by_id, check_outputs, execute, run_both_langs

NOTEBOOK = "03_initiatives.py"
USED = "egov_used_public_authority_website_or_app_12m"
CONTACT = "egov_interaction_public_authorities_internet_12m"
SSB = "ssb_public_online_services"
SSB_SERIES = "no_pop_used_public_online_services_12m"


# --- made-up tables (NOT real figures: invented for the tests) --------------------------------

def made_up_initiatives() -> pd.DataFrame:
    return pd.DataFrame([
        {"initiative_id": "A1", "country": "DK", "name": "Plan X: part one", "start_year": 2020, "end_year": 2023,
         "publisher": "Paper"},
        {"initiative_id": "A2", "country": "DK", "name": "Plan X: part two", "start_year": 2020, "end_year": 2024,
         "publisher": "Paper"},
        {"initiative_id": "A3", "country": "NO", "name": "Solo plan", "start_year": 2010, "end_year": None,
         "publisher": "Paper"},
    ])


def made_up_facts() -> pd.DataFrame:
    base = {"note": "", "publisher": "Paper", "value_as_printed": "x"}
    return pd.DataFrame([
        {**base, "fact_id": "B1", "country": "DK", "entity": "Assoc", "entity_type": "association", "topic": "initiative",
         "year": 2020, "indicator": "budget of plan", "value": 5e6, "unit": "DKK"},
        {**base, "fact_id": "B2", "country": "DK", "entity": "All", "entity_type": "sector", "topic": "target",
         "year": 2022, "indicator": "share of citizen contacts that are digital (target)", "value": 40.0,
         "unit": "percent"},
        {**base, "fact_id": "B3", "country": "DK", "entity": "All", "entity_type": "sector", "topic": "target",
         "year": 2021, "indicator": "share of citizen contacts that are digital (target)", "value": 20.0,
         "unit": "percent"},
        {**base, "fact_id": "B4", "country": "DK", "entity": "Town", "entity_type": "municipality", "topic": "target",
         "year": 2021, "indicator": "share self-served", "value": 10.0, "unit": "percent"},
        {**base, "fact_id": "B5", "country": "DK", "entity": "Assoc", "entity_type": "association", "topic": "initiative",
         "year": 2021, "indicator": "number of sub-programmes", "value": 2.0, "unit": "programmes"},
    ])


def made_up_egov() -> pd.DataFrame:
    rows = [("DK", 2010, CONTACT, 50.0), ("DK", 2011, CONTACT, 55.0), ("DK", 2020, USED, 90.0),
            ("NO", 2010, CONTACT, 40.0), ("NO", 2015, CONTACT, 48.0), ("EU27_2020", 2020, USED, 60.0),
            ("EU", 2010, CONTACT, 30.0), ("EU", 2020, "egov_obtained_information_via_egov_12m", 20.0),
            ("EU27_2020", 2021, "egov_interaction_public_authorities_12m_I_IUGOV1", 44.0)]
    return pd.DataFrame([{"geo_code": g, "year": y, "indicator": i, "value": v, "unit": "%"} for g, y, i, v in rows])


# --- metrics on made-up data ------------------------------------------------------------------

def test_programmes_group_sub_programmes():
    p = m.programmes(made_up_initiatives()).set_index("programme")
    assert p.loc["Plan X", "parts"] == 2 and p.loc["Plan X", "end_year"] == 2024
    assert p.loc["Solo plan", "parts"] == 0 and pd.isna(p.loc["Solo plan", "end_year"])
    assert list(p.index) == ["Solo plan", "Plan X"]      # ordered by start year


def test_programme_facts_keep_joint_targets_and_money_only():
    pf = m.programme_facts(made_up_facts())
    assert dict(zip(pf["fact_id"], pf["kind"])) == {"B1": "budget", "B3": "target", "B2": "target"}
    targets = m.digital_contact_targets(made_up_facts())
    assert list(targets["year"]) == [2021, 2022] and list(targets["value"]) == [20.0, 40.0]


def test_budget_is_matched_to_the_programme_starting_that_year():
    b = m.budget_for(m.programmes(made_up_initiatives()), m.programme_facts(made_up_facts()), "DK")
    assert (b["programme"], b["parts"], b["value"], b["end_year"]) == ("Plan X", 2, 5e6, 2024)
    assert m.budget_for(m.programmes(made_up_initiatives()), m.programme_facts(made_up_facts()), "NO") is None


def test_targets_vs_outcomes_gap_by_hand():
    d = pd.DataFrame([
        {"indicator": "target_share_digitisable_letters_sent_digitally", "year": 2015, "value": 80.0,
         "value_as_printed": "80"},
        {"indicator": "share_digitisable_letters_sent_via_Digital_Post", "year": 2015, "value": 71.0,
         "value_as_printed": "71"},
        {"indicator": "target_share_applications_received_digitally", "year": 2015, "value": 80.0,
         "value_as_printed": "80"},   # no outcome: left out, never guessed
    ])
    t = m.targets_vs_outcomes(d)
    assert len(t) == 1 and t["gap"].iloc[0] == -9.0


def test_online_outcomes_series_and_eu_reference():
    out = m.online_outcomes(made_up_egov(), ["DK", "NO"])
    assert set(out["geo"]) == {"DK", "NO", "EU"}
    # EU kept only for questions a charted country was asked; EU codes grouped
    assert set(out.loc[out["geo"] == "EU", "measure"]) == {CONTACT, USED}
    assert m.same_year_gap(out, "DK", "EU", USED) == {"year": 2020, "value": 90.0, "other": 60.0, "gap": 30.0}
    a, b = m.first_and_last(out, "NO", CONTACT)
    assert (a["year"], b["year"], b["value"] - a["value"]) == (2010, 2015, 8.0)
    assert m.latest(out, "DK")["value"] == 90.0
    assert "EU" not in set(m.online_outcomes(made_up_egov(), ["DK"], include_eu=False)["geo"])


def test_unknown_country_is_a_parameter_error_with_suggestion():
    with pytest.raises(ParameterError, match="did you mean: DK"):
        m.online_outcomes(made_up_egov(), ["Dk"])


def test_break_gaps_inserts_one_empty_row_per_jump():
    out = m.online_outcomes(made_up_egov(), ["NO"], include_eu=False)
    gapped = m.break_gaps(out, max_gap=3)
    assert len(gapped) == len(out) + 1
    gap = gapped[gapped["value"].isna()]
    assert list(gap["year"]) == [2011]


def made_up_ssb() -> pd.DataFrame:
    """MADE-UP SSB-like rows: the all-ages series, a by-age row and a row on another base (internet users)."""
    rows = [(2011, SSB_SERIES, 50.0, "% of population aged 16-79"),
            (2010, SSB_SERIES, 40.0, "% of population aged 16-79"),
            (2011, SSB_SERIES + "_age45_54", 90.0, "% of population aged 45-54"),
            (2010, "egov_interaction_public_authorities_pc_internet_users_12m", 70.0, "% of internet users")]
    return pd.DataFrame([{"geo_code": "NO", "year": y, "indicator": i, "value": v, "unit": u} for y, i, v, u in rows])


def test_ssb_series_keeps_one_base_only():
    out = m.ssb_online_services(made_up_ssb())
    assert list(out["year"]) == [2010, 2011] and list(out["value"]) == [40.0, 50.0]
    assert m.age_range(out["unit"]) == "16-79"
    with pytest.raises(DataError, match="no 'no_pop_used_public_online_services_12m' figures"):
        m.ssb_online_services(made_up_ssb().iloc[2:])


def test_age_range_from_units():
    assert m.age_range(pd.Series([None, "% of individuals aged 16 - 74"])) == "16-74"
    assert m.age_range(pd.Series(["percent"])) == "–"


def test_money_text():
    assert money_text(150e6, "DKK", "en") == "DKK\u00a0150\u00a0million"
    assert money_text(150e6, "DKK", "da") == "150\u00a0mio.\u00a0kr."
    assert money_text(1.5e9, "DKK per year", "da") == "1,5\u00a0mia.\u00a0kr."
    assert money_text(800000, "NOK", "en") == "NOK\u00a0800,000"
    assert money_text(1.25e9, "NOK", "da") == "1,25\u00a0mia.\u00a0NOK"  # never Danish kroner, never rounded


# --- the notebook -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runs(built_root, tmp_path_factory):
    """The notebook executed once in each language: {lang: (out_dir, findings)}."""
    return run_both_langs(NOTEBOOK, built_root, tmp_path_factory, "initiatives")


@pytest.mark.parametrize("lang", ["en", "da"])
def test_every_figure_has_data_metadata_and_source(runs, lang):
    out_dir, findings = runs[lang]
    figures = check_outputs(out_dir)
    assert {"initiatives_timeline", "targets_vs_outcomes", "online_outcomes", "no_online_services"} <= set(figures)
    assert findings["lang"] == lang
    # the outcome chart never draws a line through a gap of years: its CSV carries the break
    online = pd.read_csv(out_dir / "online_outcomes.csv")
    for _, g in online.groupby("series"):
        g = g.sort_values("year")
        for (ya, va), (yb, vb) in zip(zip(g["year"], g["value"]), list(zip(g["year"], g["value"]))[1:]):
            assert not (va == va and vb == vb and yb - ya > 3), f"line drawn across {ya}-{yb}"


def test_languages_agree_on_values(runs):
    en, da = by_id(runs["en"][1]), by_id(runs["da"][1])
    assert {k: v["value"] for k, v in en.items()} == {k: v["value"] for k, v in da.items()}
    assert "mio.\u00a0kr." in da["programme_budget"]["text"] and "million" in en["programme_budget"]["text"]


def test_key_findings_equal_independent_recomputation(runs, real):
    f = by_id(runs["en"][1])
    facts = real("catalogue_facts")
    t = facts[facts["indicator"] == "share of citizen contacts that are digital (target)"].sort_values("year")
    assert f["contact_target"]["value"] == t["value"].iloc[-1]

    dk = real("dk_digitalisation")
    for fid, rec in f.items():
        if fid.startswith("gap_"):
            target_ind, outcome_ind = rec["indicator"]
            tv = dk[dk["indicator"] == target_ind]["value"].iloc[-1]
            ov = dk[(dk["indicator"] == outcome_ind) & (dk["year"] == rec["year"][1])]["value"].iloc[0]
            assert rec["value"] == pytest.approx(ov - tv)
    assert {"gap_target_share_digitisable_letters_sent_digitally",
            "gap_target_share_applications_received_digitally"} <= set(f)

    b = facts[facts["indicator"] == "budget of the municipal digitalisation programme 2021-2025"]
    assert f["programme_budget"]["value"] == b["value"].iloc[0]
    ini = real("catalogue_initiatives")
    n_parts = ((ini["country"] == "DK") & (ini["start_year"] == b["year"].iloc[0])).sum()
    assert f"across {n_parts} sub-programmes" in f["programme_budget"]["text"]

    eg = real("eurostat_egov_use_individuals")
    dk_used = eg[(eg["geo_code"] == "DK") & (eg["indicator"] == USED)]
    eu_used = eg[eg["geo_code"].isin(["EU", "EU27_2020", "EU28"]) & (eg["indicator"] == USED)]
    common = sorted(set(dk_used["year"]) & set(eu_used["year"]))
    assert f["dk_used_online"]["year"] == common[-1]
    assert f["dk_used_online"]["value"] == dk_used[dk_used["year"] == common[-1]]["value"].iloc[0]

    no = eg[(eg["geo_code"] == "NO") & (eg["indicator"] == CONTACT)].sort_values("year")
    assert f["no_contact_change"]["value"] == pytest.approx(no["value"].iloc[-1] - no["value"].iloc[0], abs=1e-9)
    assert f["no_contact_change"]["year"] == [no["year"].iloc[0], no["year"].iloc[-1]]
    assert not any(isinstance(r["value"], float) and math.isnan(r["value"]) for r in f.values())


def ssb_series(real) -> pd.DataFrame:
    """Norway's all-ages SSB rows, straight from the processed table."""
    ssb = real(SSB)
    return ssb[(ssb["indicator"] == SSB_SERIES) & (ssb["geo_code"] == "NO")].dropna(subset=["value"]).sort_values("year")


def test_norway_ssb_finding_equals_recomputation(runs, real):
    rows = ssb_series(real)
    f = by_id(runs["en"][1])["no_ssb_online_change"]
    first, last = rows.iloc[0], rows.iloc[-1]
    assert f["value"] == last["value"] - first["value"]
    assert f["year"] == [int(first["year"]), int(last["year"])] and f["table"] == SSB
    assert (f"from {first['value']:.0f}% in {int(first['year'])} to {last['value']:.0f}% in {int(last['year'])}"
            in f["text"])
    assert f"aged {m.age_range(rows['unit'])}" in f["text"]
    da = by_id(runs["da"][1])["no_ssb_online_change"]
    assert f"fra {first['value']:.0f}\u00a0% i {int(first['year'])}" in da["text"]


@pytest.mark.parametrize("lang", ["en", "da"])
def test_norway_ssb_chart_plots_one_base_with_its_own_source(runs, real, lang):
    import json
    out_dir, _ = runs[lang]
    rows = ssb_series(real)
    plotted = pd.read_csv(out_dir / "no_online_services.csv")
    assert list(plotted["year"]) == list(rows["year"]) and list(plotted["value"]) == list(rows["value"])
    assert plotted["unit"].nunique() == 1 and "population" in plotted["unit"].iloc[0]
    meta = json.loads((out_dir / "no_online_services.json").read_text(encoding="utf-8"))
    from analysis import provenance
    assert meta["source_line"] == provenance.source_line(rows, lang)   # SSB only: the Difi row is not charted
    assert "Difi" not in meta["source_line"]
    assert m.age_range(rows["unit"]) in meta["title"] and m.age_range(rows["unit"]) in meta["units"]
    # never on the same chart as Eurostat's 16-74 series
    online = pd.read_csv(out_dir / "online_outcomes.csv")
    assert SSB_SERIES not in set(online["measure"])


def test_the_report_reads_its_tables_through_its_declaration(monkeypatch, built_root):
    """Every table the page loads goes through REPORT.load, so an undeclared one is an error (and the
    Statistics Norway table is declared)."""
    from analysis import reports
    from analysis.reports.initiatives import page

    rep = reports.get("initiatives")
    assert SSB in rep.tables
    asked, load = [], reports.Report.load
    monkeypatch.setattr(reports.Report, "load", lambda self, name: asked.append(name) or load(self, name))
    monkeypatch.setenv("WORKBENCH_ROOT", str(built_root))
    page.Page(Params())
    assert set(asked) == set(rep.tables)
