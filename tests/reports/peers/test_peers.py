"""Peers report (04): parameter validation, metrics on made-up tables, every key finding recomputed
independently from the processed tables, and one execution of the notebook per language."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from notebook_runs import execute, outputs_html, run_both_langs

from analysis.errors import ParameterError
from analysis.reports.peers import compute as peers

NOTEBOOK = "04_peers.py"
FIGURES = {"egdi_over_time", "egdi_ranking", "egdi_components", "egov_benchmark", "oecd_dgi", "egov_use",
           "egov_use_older", "desi_egov_users"}
DESI = "desi_egov_users"


# --- parameters -------------------------------------------------------------------------------

def test_unknown_country_names_the_valid_codes():
    with pytest.raises(ParameterError, match=r"unknown country code 'DNK'.*did you mean: DK") as err:
        peers.Params.validate_params({"countries": ["DK", "NO", "DNK"]})
    assert "SE" in err.value.valid


def test_focus_must_be_among_countries_and_codes_are_normalised():
    with pytest.raises(ParameterError, match="focus"):
        peers.Params.validate_params({"countries": ["DK", "SE"], "focus": ["NO"]})
    p = peers.Params.validate_params({"countries": ["dk", "no", "se"], "focus": ["no"]})
    assert p.countries == ["DK", "NO", "SE"] and p.focus == ["NO"]


def test_unknown_parameter_is_suggested():
    with pytest.raises(ParameterError, match="did you mean: countries"):
        peers.Params.validate_params({"countrys": ["DK"]})


# --- metrics on made-up data (NOT real figures) -----------------------------------------------

def made_up_index() -> pd.DataFrame:
    """MADE-UP index rows: three countries, two years, with a tie in the last year."""
    rows = [(2020, "DK", 0.5), (2020, "NO", 0.7), (2020, "SE", 0.6),
            (2022, "DK", 0.9), (2022, "NO", 0.8), (2022, "SE", 0.9)]
    return pd.DataFrame([{"year": y, "geo_code": g, "indicator": peers.EGDI, "value": v} for y, g, v in rows])


def test_ranking_shares_ties_and_peer_median_excludes_focus():
    ranked = peers.ranking(made_up_index())
    assert dict(zip(ranked["geo_code"], ranked["rank_among"])) == {"DK": 1, "SE": 1, "NO": 3}
    med = peers.peer_median(made_up_index(), ["DK"])
    assert med.set_index("year")["peer_median"].to_dict() == {2020: pytest.approx(0.65), 2022: pytest.approx(0.85)}


def made_up_desi() -> pd.DataFrame:
    """MADE-UP DESI rows: two countries and the EU over three years, the last from the revised module."""
    rows = [(y, g, v) for g, base in (("DK", 90.0), ("SE", 80.0), ("EU", 60.0))
            for y, v in ((peers.DESI_BREAK_YEAR - 2, base), (peers.DESI_BREAK_YEAR - 1, base + 1),
                         (peers.DESI_BREAK_YEAR, base + 5))]
    return pd.DataFrame([{"year": y, "geo_code": g, "indicator": peers.DESI_EGOV_USERS, "value": v}
                         for y, g, v in rows])


def test_desi_rows_are_split_at_the_break_and_never_joined():
    p = peers.Params(countries=["DK", "SE"], focus=["DK"])
    rows = peers.desi_egov_users(made_up_desi(), p)
    assert set(peers.before_break(rows)["year"]) == {peers.DESI_BREAK_YEAR - 2, peers.DESI_BREAK_YEAR - 1}
    assert set(peers.after_break(rows)["year"]) == {peers.DESI_BREAK_YEAR}
    assert set(peers.countries_only(rows)["geo_code"]) == {"DK", "SE"}
    plot = peers.gap_at_break(rows)
    for _, g in plot.groupby("geo_code"):   # one empty point between the last year before and the break
        g = g.sort_values("year")
        gap = g[g["value"].isna()]
        assert list(gap["year"]) == [peers.DESI_BREAK_YEAR - 0.5]
        assert len(g) == 4


def test_series_respects_countries_and_first_year():
    p = peers.Params(countries=["DK", "SE"], focus=["DK"], year_from=2021)
    out = peers.egdi_series(made_up_index(), p)
    assert set(out["geo_code"]) == {"DK", "SE"} and set(out["year"]) == {2022}


# --- the notebook, executed against the processed tables ---------------------------------------

@pytest.fixture(scope="module")
def runs(built_root, tmp_path_factory):
    """The notebook executed once in each language: {lang: (out_dir, findings)}."""
    return run_both_langs(NOTEBOOK, built_root, tmp_path_factory, "peers", href="peers_files")


@pytest.mark.parametrize("lang", ["en", "da"])
def test_figures_have_files_data_metadata_source_and_links(runs, lang):
    out_dir, findings = runs[lang]
    html = outputs_html(out_dir)
    for name in FIGURES:
        meta = json.loads((out_dir / f"{name}.json").read_text(encoding="utf-8"))
        assert meta["lang"] == lang and meta["title"] and meta["units"] and meta["alt"]
        assert meta["source_line"].startswith("Kilde" if lang == "da" else "Source"), name
        assert len(pd.read_csv(out_dir / f"{name}.csv")) == meta["rows"] > 0
        for ext in ("svg", "png"):
            assert (out_dir / f"{name}.{ext}").stat().st_size > 1000
        block = html.split(f'id="fig-{name}"')[1].split("</figure>")[0]
        assert f'href="peers_files/{name}.csv"' in block and 'class="wb-source"' in block
        assert 'alt="' in block
    assert (out_dir / "focus_summary.csv").exists()
    for bad in ("<Axes:", "DataFrame", "Traceback", "<Figure size", "dtype:"):
        assert bad not in html, bad
    assert findings["lang"] == lang


def test_both_languages_record_the_same_numbers(runs):
    en = {f["id"]: f["value"] for f in runs["en"][1]["findings"]}
    da = {f["id"]: f["value"] for f in runs["da"][1]["findings"]}
    assert en == da and len(en) >= 10


def test_plotted_csv_equals_processed_rows(runs, load):
    out_dir, _ = runs["en"]
    egdi = load(peers.TABLES["egdi"])
    plotted = pd.read_csv(out_dir / "egdi_over_time.csv", dtype={"geo_code": str})
    expected = egdi[(egdi["indicator"] == "EGDI") & egdi["geo_code"].isin(peers.KNOWN_COUNTRIES)]
    merged = plotted.merge(expected, on=["year", "geo_code"], suffixes=("", "_table"))
    assert len(merged) == len(plotted) == len(expected)
    assert (merged["value"] == merged["value_table"]).all()


def recompute(f: dict, load) -> float:
    """A finding's number recomputed from its processed table, without the metrics module."""
    df = load(f["table"])
    rows = df[(df["indicator"] == f["indicator"])].dropna(subset=["value"])
    if f["how"] == "value":
        hit = rows[(rows["geo_code"] == f["geo"]) & (rows["year"] == f["year"])]["value"]
        assert len(hit) == 1, f["id"]
        return float(hit.iloc[0])
    if f["how"] == "change":
        y1, y2 = f["year"]
        own = rows[rows["geo_code"] == f["geo"]].set_index("year")["value"]
        return float(own[y2] - own[y1])
    if f["how"] == "rank_change":  # places gained in the UN's own world rank (ranks, not index levels, over time)
        y1, y2 = f["year"]
        own = rows[rows["geo_code"] == f["geo"]].set_index("year")["value"]
        return float(own[y1] - own[y2])
    if f["how"] == "gap":  # a close call: the gap to the neighbouring country, below the rule's threshold
        me, other = f["geo"]
        year = rows[rows["year"] == f["year"]].set_index("geo_code")["value"]
        gap = abs(float(year[me] - year[other]))
        assert gap < f["query"]["close_call"]
        return gap
    if f["how"] == "rank":
        year = rows[rows["year"] == f["year"]]
        year = year[year["geo_code"].isin(f["query"]["among"])]
        mine = float(year[year["geo_code"] == f["geo"]]["value"].iloc[0])
        return 1 + int((year["value"] > mine).sum())
    raise AssertionError(f"unexpected finding kind {f['how']}")


def test_key_findings_equal_independent_recomputation(runs, load):
    findings = runs["en"][1]["findings"]
    assert {f["how"] for f in findings} == {"value", "rank", "rank_change", "gap"}
    for f in findings:
        assert f["value"] == pytest.approx(recompute(f, load), rel=1e-12, abs=1e-12), f["id"]


def test_finding_texts_show_their_numbers_in_each_language(runs):
    en = {f["id"]: f for f in runs["en"][1]["findings"]}
    da = {f["id"]: f for f in runs["da"][1]["findings"]}
    v = en["egdi_DK"]["value"]
    assert f"{v:.4f}" in en["egdi_DK"]["text"]
    assert f"{v:.4f}".replace(".", ",") in da["egdi_DK"]["text"]
    use = en["use_DK"]["value"]
    assert f"{use:.0f}%" in en["use_DK"]["text"] and f"{use:.0f}\u00a0%" in da["use_DK"]["text"]
    rank = en["egdi_rank_DK"]["value"]
    assert en["egdi_rank_DK"]["text"] == "" and f"nr. {rank} af" in da["egdi_DK"]["text"]


# --- DESI e-government users (% of internet users) --------------------------------------------

def desi_break_year(desi: pd.DataFrame) -> int:
    """The first year the table's own notes mark as a break in series (independent of the metrics module)."""
    marked = desi[desi["note"].astype(str).str.contains("break in series", case=False)]
    assert not marked.empty, "the DESI table no longer marks its break"
    return int(marked["year"].min())


def test_desi_findings_equal_recomputation_on_each_side_of_the_break(runs, load):
    f = {r["id"]: r for r in runs["en"][1]["findings"]}
    desi = load(DESI)
    brk = desi_break_year(desi)
    countries = desi[~desi["geo_code"].isin(["EU", "EU27_2020", "EU28"])]
    before = countries[countries["year"] < brk]
    y_pre = int(before["year"].max())
    pre = before[before["year"] == y_pre].set_index("geo_code")["value"]
    assert f["desi_DK"]["year"] == y_pre and f["desi_DK"]["value"] == pre["DK"]
    assert f["desi_rank_DK"]["value"] == 1 + int((pre > pre["DK"]).sum())
    y_post = int(countries["year"].max())
    post = countries[countries["year"] == y_post].set_index("geo_code")["value"]
    assert y_post >= brk and f["desi_revised_DK"]["year"] == y_post
    assert f["desi_revised_DK"]["value"] == post["DK"]
    assert f["desi_revised_rank_DK"]["value"] == 1 + int((post > post["DK"]).sum())
    eu = desi[(desi["geo_code"] == "EU") & (desi["year"] == y_pre)]["value"].iloc[0]
    assert f"{f['desi_DK']['value']:.1f}%" in f["desi_DK"]["text"] and f"(EU: {eu:.1f}%)" in f["desi_DK"]["text"]
    assert f"of the {len(pre)} countries" in f["desi_DK"]["text"]
    da = {r["id"]: r for r in runs["da"][1]["findings"]}
    assert f"{post['DK']:.1f}\u00a0%".replace(".", ",") in da["desi_revised_DK"]["text"]
    assert "NO" not in set(desi["geo_code"]) and not any(k.endswith("_NO") and k.startswith("desi") for k in f)


@pytest.mark.parametrize("lang", ["en", "da"])
def test_desi_chart_data_are_the_processed_rows_with_the_break_marked(runs, load, lang):
    out_dir, _ = runs[lang]
    desi = load(DESI)
    brk = desi_break_year(desi)
    plotted = pd.read_csv(out_dir / "desi_egov_users.csv", dtype={"geo_code": str})
    assert plotted["year"].dtype.kind == "i" and plotted["value"].notna().all()  # no plotting gaps exported
    merged = plotted.merge(desi, on=["year", "geo_code"], suffixes=("", "_table"))
    assert len(merged) == len(plotted) == len(desi)
    assert (merged["value"] == merged["value_table"]).all()
    assert (plotted["revised_module"] == (plotted["year"] >= brk)).all()
    meta = json.loads((out_dir / "desi_egov_users.json").read_text(encoding="utf-8"))
    from analysis import provenance
    assert meta["source_line"] == provenance.source_line(desi, lang)
    assert "internet" in meta["units"] and "DESI" in meta["title"]
    # the alt text never describes a change across the break
    first = int(desi["year"].min())
    assert f"{first} and {brk}" not in meta["alt"] and f"{first} og {brk}" not in meta["alt"]
    assert str(brk) in meta["alt"]


def test_norway_on_the_internet_user_base_is_quoted_not_plotted(runs, load):
    out_dir, _ = runs["en"]
    ssb = load("ssb_public_online_services")
    row = ssb[(ssb["geo_code"] == "NO") & ssb["unit"].str.contains("internet users")]
    assert len(row) == 1
    html = outputs_html(out_dir)
    assert f"{row['value'].iloc[0]:.1f}% of internet users had dealt with public authorities online in " \
           f"{int(row['year'].iloc[0])}" in html
    assert "NO" not in set(pd.read_csv(out_dir / "desi_egov_users.csv", dtype={"geo_code": str})["geo_code"])


def test_the_report_declares_every_table_it_reads():
    """The declared tables drive the sources appendix and the rerun: every table in peers.TABLES is declared."""
    from analysis import reports

    declared = reports.get("peers").tables
    assert set(peers.TABLES.values()) <= set(declared), set(peers.TABLES.values()) - set(declared)


def test_a_missing_survey_edition_is_found_and_named():
    assert peers.missing_editions(pd.Series([2010, 2012, 2014, 2016, 2018, 2022, 2024])) == [2020]
    assert peers.missing_editions(pd.Series([2010, 2012])) == [] and peers.missing_editions(pd.Series([])) == []


def test_the_un_chart_says_which_edition_the_data_lack(runs):
    """The UN index chart joined 2018 and 2022 with no word: the chart now names 2020 as not in the data."""
    for lang, text in (("en", "2020: not in the data"), ("da", "2020: ikke i data")):
        out_dir, _ = runs[lang]
        assert text in (out_dir / "egdi_over_time.svg").read_text(encoding="utf-8"), lang
