"""IT-spend report (01): parameter validation, metrics on made-up tables, every key finding recomputed
independently from the processed tables, and one execution of the notebook per language."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from notebook_runs import execute, outputs_html, run_both_langs

from analysis.errors import DataError, ParameterError
from analysis.reports.spend import compute as spend

NOTEBOOK = "01_it_spend.py"
FIGURES = {"no_ict_expenditure", "no_it_strategy", "no_barriers_2002", "no_barriers_2024",
           "dk_admin_per_inhabitant", "dk_admin_ranking", "dk_admin_map"}
TABLES = {"no_ict_expenditure_items", "dk_admin_spread", "dk_national_figures"}


# --- parameters -------------------------------------------------------------------------------

def test_year_range_and_top_n_are_validated():
    with pytest.raises(ParameterError, match="year_from"):
        spend.Params.validate_params({"year_from": 2024, "year_to": 2016})
    with pytest.raises(ParameterError, match="top_n"):
        spend.Params.validate_params({"top_n": 100})
    with pytest.raises(ParameterError, match="did you mean: top_n"):
        spend.Params.validate_params({"topn": 5})


# --- metrics on made-up data (NOT real figures) -----------------------------------------------

def made_up_expenditure(second_2005: float = 100.0) -> pd.DataFrame:
    """MADE-UP expenditure rows: the 2005 municipal total printed twice (two editions)."""
    mun, cty = "municipalities (kommuner)", "county authorities (fylkeskommuner)"
    total = spend.NO_TOTAL + " (total)"
    rows = [(2005, mun, 100.0), (2005, mun, second_2005), (2006, mun, 90.0), (2005, cty, 10.0), (2006, cty, 15.0)]
    return pd.DataFrame([{"year": y, "sector": s, "indicator": total, "value": v} for y, s, v in rows])


def test_expenditure_counts_a_repeated_edition_once_and_computes_change():
    ch = spend.no_ict_change(spend.no_ict_expenditure(made_up_expenditure())).set_index("sector_key")
    assert ch.loc["municipalities", "change_pct"] == pytest.approx(-10.0)
    assert ch.loc["counties", "change_pct"] == pytest.approx(50.0)


def test_disagreeing_editions_are_a_data_error_not_a_guess():
    with pytest.raises(DataError, match="two different values"):
        spend.no_ict_expenditure(made_up_expenditure(second_2005=101.0))


def made_up_accounts() -> pd.DataFrame:
    """MADE-UP accounts: a country row and four municipalities in two years."""
    rows = []
    for year, values in ((2020, [10.0, 20.0, 30.0, 40.0]), (2021, [12.0, 22.0, 35.0, 50.0])):
        rows.append({"year": year, "geo_code": "000", "geography": "Whole", "geo_level": "country",
                     "value": sum(values) / 4})
        for i, v in enumerate(values):
            rows.append({"year": year, "geo_code": f"10{i}", "geography": f"M{i}", "geo_level": "municipality",
                         "value": v})
    return pd.DataFrame(rows)


def test_years_spread_and_ranking_on_made_up_accounts():
    acc = made_up_accounts()
    assert spend.dk_years(acc, spend.Params(year_from=2021)) == [2021]
    with pytest.raises(ParameterError, match="2020-2021"):
        spend.dk_years(acc, spend.Params(year_from=2030))
    spread = spend.dk_municipal_spread(acc, [2020, 2021]).set_index("year")
    assert spread.loc[2021, "median"] == pytest.approx(28.5)
    assert (spread.loc[2021, "lowest_name"], spread.loc[2021, "highest_name"]) == ("M0", "M3")
    ranked = spend.dk_ranking(acc, 2021, 3)
    assert list(ranked["geography"]) == ["M3", "M2", "M1", "M0"]  # 3 highest + 3 lowest, overlap once
    assert list(ranked["end"]) == ["high", "high", "high", "low"]


# --- the notebook, executed against the processed tables ---------------------------------------

@pytest.fixture(scope="module")
def runs(built_root, tmp_path_factory):
    """The notebook executed once in each language: {lang: (out_dir, findings)}."""
    return run_both_langs(NOTEBOOK, built_root, tmp_path_factory, "spend", href="spend_files")


@pytest.mark.parametrize("lang", ["en", "da"])
def test_figures_and_tables_have_data_metadata_source_and_links(runs, lang):
    out_dir, findings = runs[lang]
    html = outputs_html(out_dir)
    for name in FIGURES | TABLES:
        meta = json.loads((out_dir / f"{name}.json").read_text(encoding="utf-8"))
        assert meta["lang"] == lang and meta["title"]
        assert meta["source_line"].startswith(("Kilde", "Kilder") if lang == "da" else ("Source", "Sources"))
        assert len(pd.read_csv(out_dir / f"{name}.csv")) == meta["rows"] > 0
        prefix = "tab" if name in TABLES else "fig"
        block = html.split(f'id="{prefix}-{name}"')[1].split("</figure>")[0]
        assert f'href="spend_files/{name}.csv"' in block and 'class="wb-source"' in block
        if name in FIGURES:
            assert meta["units"] and meta["alt"]
            assert 'alt="' in block or f'<desc id="wb-map-desc">' in block  # an image, or the map's own SVG
            for ext in ("svg", "png"):
                assert (out_dir / f"{name}.{ext}").stat().st_size > 1000
    for bad in ("<Axes:", "DataFrame", "Traceback", "<Figure size", "dtype:"):
        assert bad not in html, bad
    assert findings["lang"] == lang


def test_both_languages_record_the_same_numbers(runs):
    en = {f["id"]: f["value"] for f in runs["en"][1]["findings"]}
    da = {f["id"]: f["value"] for f in runs["da"][1]["findings"]}
    assert en == da and len(en) == 11


def _rows(load, f) -> pd.DataFrame:
    df = load(f["table"])
    if f.get("indicator"):
        df = df[df["indicator"] == f["indicator"]]
    for key, value in f["query"].items():
        if key in df.columns:
            df = df[df[key] == value]
    return df.dropna(subset=["value"])


def recompute(f: dict, load) -> float:
    """A finding's number recomputed from its processed table, without the metrics module."""
    rows = _rows(load, f)
    if f["how"] == "value":
        hit = rows[(rows["geo_code"] == f["geo"]) & (rows["year"] == f["year"])]["value"].unique()
        assert len(hit) == 1, f["id"]
        return float(hit[0])
    if f["how"] == "change_pct":
        y1, y2 = f["year"]
        own = rows[rows["geo_code"] == f["geo"]]
        a = own[own["year"] == y1]["value"].unique()
        b = own[own["year"] == y2]["value"].unique()
        assert len(a) == len(b) == 1, f["id"]
        return (b[0] / a[0] - 1) * 100
    if f["how"] == "max":
        return float(rows[rows["year"] == f["year"]]["value"].max())
    if f["how"] == "median":
        return float(rows[rows["year"] == f["year"]]["value"].median())
    if f["how"] == "per_inhabitant":
        total = rows[(rows["geo_code"] == f["geo"]) & (rows["year"] == f["year"])]["value"]
        pop = load(f["query"]["population_table"])
        people = pop[(pop["geo_level"] == "country") & (pop["year"] == f["year"])]["value"]
        assert len(total) == len(people) == 1
        return float(total.iloc[0]) * f["query"]["scale"] / float(people.iloc[0])
    if f["how"] == "real_change_pct":
        nominal = recompute({**f, "how": "change_pct"}, load)
        cpi = load(f["query"]["cpi_table"]).set_index("year")["value"]
        y1, y2 = f["year"]
        return ((1 + nominal / 100) / (cpi[y2] / cpi[y1]) - 1) * 100
    if f["how"] == "smallest_at_top":
        # the k highest per inhabitant are the k municipalities with the fewest inhabitants (and k is the largest)
        year_rows = rows[(rows["year"] == f["year"]) & (rows["geo_level"] == "municipality")]
        top = year_rows.sort_values("value", ascending=False)["geo_code"].tolist()
        pop = load(f["query"]["population_table"])
        pop = pop[(pop["geo_level"] == "municipality") & (pop["year"] == f["query"]["population_year"])]
        small = pop.sort_values("value")["geo_code"].tolist()
        k = max(n for n in range(1, 11) if set(top[:n]) == set(small[:n]))
        assert set(f["geo"]) == set(top[:k])
        return k
    raise AssertionError(f"unexpected finding kind {f['how']}")


def test_key_findings_equal_independent_recomputation(runs, load):
    findings = runs["en"][1]["findings"]
    assert {f["how"] for f in findings} == {"value", "change_pct", "max", "median", "per_inhabitant",
                                            "real_change_pct", "smallest_at_top"}
    for f in findings:
        assert f["value"] == pytest.approx(recompute(f, load), rel=1e-12), f["id"]


def test_latest_years_are_the_latest_in_the_data(runs, load):
    f = {x["id"]: x for x in runs["en"][1]["findings"]}
    acc = load(spend.TABLES["dk_accounts"])
    assert f["dk_admin_country"]["year"] == int(acc["year"].max())
    assert f["dk_admin_change"]["year"] == [int(acc["year"].min()), int(acc["year"].max())]


def test_finding_texts_show_their_numbers_in_each_language(runs):
    en = {f["id"]: f for f in runs["en"][1]["findings"]}
    da = {f["id"]: f for f in runs["da"][1]["findings"]}
    v = en["no_ict_municipalities"]["value"]
    assert f"{v:,.0f}" in en["no_ict_municipalities"]["text"]
    assert f"{v:,.0f}".replace(",", ".") in da["no_ict_municipalities"]["text"]
    p = en["no_it_strategy"]["value"]
    assert f"{p:.1f}%" in en["no_it_strategy"]["text"] and f"{p:.1f}".replace(".", ",") + "\u00a0%" in \
        da["no_it_strategy"]["text"]
    d = en["dk_admin_country"]["value"]
    assert f"DKK\u00a0{d:,.0f}" in en["dk_admin_country"]["text"] and f"{d:,.0f}\u00a0kr.".replace(",", ".") in \
        da["dk_admin_country"]["text"]
