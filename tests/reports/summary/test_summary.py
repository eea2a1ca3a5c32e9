"""Summary report: its five findings on hand-made tables, against the processed tables, their links to
charts the other reports really publish, and one execution per language."""
from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from analysis import paths
from analysis.errors import ParameterError
from analysis.reports.summary import compute as m
from notebook_runs import by_id, check_outputs, execute, run_both_langs

NOTEBOOK = "07_summary.py"


# --- made-up tables (NOT real figures: invented for the tests) --------------------------------

def made_up_egdi() -> pd.DataFrame:
    rows = [("DK", 2020, "EGDI", 0.9), ("NO", 2020, "EGDI", 0.8), ("DK", 2020, "EGDI_rank", 2.0),
            ("NO", 2020, "EGDI_rank", 9.0), ("DK", 2022, "EGDI", 0.95), ("DK", 2022, "EGDI_rank", 1.0),
            ("SE", 2022, "EGDI", 0.7)]
    return pd.DataFrame([{"geo_code": g, "year": y, "indicator": i, "value": v} for g, y, i, v in rows])


def test_egdi_pair_uses_latest_year_with_both_countries():
    e = m.egdi_pair(made_up_egdi())   # 2022 has no Norway: 2020 is used
    assert e == {"year": 2020, "dk": 0.9, "no": 0.8, "dk_rank": 2, "no_rank": 9, "first_year": 2020}
    with pytest.raises(ParameterError, match="valid: 2020"):
        m.egdi_pair(made_up_egdi(), 2022)


def test_spend_pair_converts_thousands_to_billions():
    ssb = pd.DataFrame([{"indicator": m.NO_TOTAL_ICT, "sector": m.NO_MUNICIPALITIES, "year": y, "value": v,
                         "unit": "NOK 1 000"} for y, v in ((2001, 2_000_000.0), (2002, 2_500_000.0))])
    dk = pd.DataFrame([{"indicator": m.DK_IT_PURCHASES, "geography": "Hele landet (all 98 municipalities)",
                        "year": 2020, "value": 3.5, "unit": "DKK billion"},
                       {"indicator": m.DK_IT_PURCHASES, "geography": "264 public institutions",
                        "year": 2021, "value": 9.0, "unit": "DKK billion"}])
    s = m.spend_pair(ssb, dk)
    assert (s["no_year"], s["no_bn"], s["dk_year"], s["dk_bn"]) == (2002, 2.5, 2020, 3.5)


def test_figure_href_and_unknown_key():
    page, name = m.FIGURE_LINKS["egdi"]
    assert m.figure_href("egdi") == f"{page}.html#fig-{name}"
    with pytest.raises(ParameterError, match="egdi"):
        m.figure_href("nope")


def test_every_link_points_at_a_figure_its_report_publishes():
    """The summary links '<step>.html#fig-<name>': the step's notebook must publish a figure <name>."""
    spec = yaml.safe_load((paths.root() / "pipeline.yaml").read_text(encoding="utf-8"))
    notebooks = {s["id"]: s.get("notebook") for s in spec["steps"]}
    for key, (page, name) in m.FIGURE_LINKS.items():
        assert notebooks.get(page), f"{key}: no step '{page}' with a notebook"
        package = paths.root() / "src" / "analysis" / "reports" / page  # the report's own code shows its figures
        source = "".join(f.read_text(encoding="utf-8") for f in [paths.root() / notebooks[page],
                                                                  *sorted(package.glob("*.py"))])
        published = set(re.findall(r"publish_figure\(\s*fig\s*,\s*[\"']([a-z0-9_-]+)[\"']", source))
        assert name in published, f"{key}: {notebooks[page]} publishes {sorted(published)}, not {name!r}"


# --- the notebook -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runs(built_root, tmp_path_factory):
    """The notebook executed once in each language: {lang: (out_dir, findings)}."""
    return run_both_langs(NOTEBOOK, built_root, tmp_path_factory, "summary")


@pytest.mark.parametrize("lang", ["en", "da"])
def test_five_linked_findings_and_a_sourced_table(runs, lang):
    out_dir, findings = runs[lang]
    check_outputs(out_dir)
    recs = findings["findings"]
    assert len(recs) == 5
    hrefs = {r["link"] for r in recs}
    assert hrefs == {m.figure_href(k) for k in m.FIGURE_LINKS}
    table = pd.read_csv(out_dir / "dk_vs_no.csv")
    assert len(table) >= 5 and (table.iloc[:, 2].notna() | table.iloc[:, 4].notna()).all()


def test_key_findings_equal_independent_recomputation(runs, real):
    f = by_id(runs["en"][1])
    egdi = real("un_egov_egdi")
    e = egdi[egdi["indicator"] == "EGDI"]
    dk, no = (e[e["geo_code"] == c].set_index("year")["value"] for c in ("DK", "NO"))
    year = max(set(dk.index) & set(no.index))
    assert f["egdi_gap"]["year"] == year
    assert f["egdi_gap"]["value"] == pytest.approx(dk[year] - no[year], abs=1e-9)

    eg = real("eurostat_egov_use_individuals")
    used = eg[(eg["geo_code"] == "DK") & (eg["indicator"] == m.DK_ONLINE)].sort_values("year")
    assert (f["dk_online"]["year"], f["dk_online"]["value"]) == (used["year"].iloc[-1], used["value"].iloc[-1])

    d = real("dk_digitalisation").set_index("indicator")["value"]
    assert f["applications_gap"]["value"] == pytest.approx(
        d["share_applications_via_digital_self_service_waves_1_3"] - d[m.APPLICATIONS_TARGET])

    coop = real("ssb_ikt_intermunicipal_cooperation_2003_2004")
    latest = coop["year"].max()
    nat = coop[(coop["year"] == latest) & (coop["geo_level"] == "country")
               & (coop["sector"] == "municipalities (kommuner)")]
    assert f["no_cooperation"]["value"] == nat["value"].max()

    ssb = real("ssb_ikt_expenditure_2005_2006")
    tot = ssb[(ssb["indicator"] == m.NO_TOTAL_ICT) & (ssb["sector"] == m.NO_MUNICIPALITIES)]
    tot = tot[tot["year"] == tot["year"].max()]
    assert (tot["unit"] == "NOK 1 000").all()
    assert f["no_spend"]["value"] == pytest.approx(tot["value"].iloc[0] * 1000 / 1e9)


def test_danish_edition_uses_danish_number_format(runs):
    da = by_id(runs["da"][1])
    v = da["no_cooperation"]["value"]
    assert f"{v:.1f}".replace(".", ",") + "\u00a0%" in da["no_cooperation"]["text"]
    assert "Digital forvaltning" in da["egdi_gap"]["text"]
