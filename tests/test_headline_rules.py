"""Headlines that hold up (issue 13): each rule checked on the reports' findings.json, in both languages.

The notebooks run once each (spend, partnerships, initiatives, peers, scenarios, summary, and the profiles of Læsø, the smallest
municipality, and Ishøj, the first below the small islands) against the processed tables; every rule is a function
that returns its problems, so each test also shows that a made-up bad finding (labelled as such) fails it.

- a model finding carries the model flag, its wording says so and its assumptions are one link away; a negative
  model result is worded, never printed as a negative number;
- every nominal change of an amount over time says "current prices" or has a real-terms companion;
- the lead finding's year is the latest its table holds; a year the source gives only by inference is not in the
  title;
- where the smallest municipalities top the per-inhabitant list, the list's findings say so (computed from the
  data);
- UN index levels are not compared across editions; close calls are called close (peers' CLOSE_CALL);
- the figures in one row of the summary's table share a unit and a year.
"""
from __future__ import annotations

import copy
import re

import pandas as pd
import pytest

from analysis.reports.peers import compute as peers
from analysis.reports.profiles import compute as profiles
from notebook_runs import execute

MODEL_WORDS = {"en": "under these assumptions", "da": "under disse antagelser"}
CURRENT_PRICES = {"en": "current prices", "da": "løbende priser"}
REAL_TERMS = {"en": "real terms", "da": "faste priser"}
FEWEST = {"en": "fewest inhabitants", "da": "færrest indbyggere"}
METHOD_CHANGED = {"en": "method has changed", "da": "metode er ændret"}
CLOSE = {"en": "close call", "da": "tæt løb"}
AMOUNT_CHANGES = {"change", "change_pct", "real_change_pct"}  # how a finding changes an amount over time
CURRENCY = re.compile(r"\b(DKK|NOK|kr\.?|kroner)\b", re.I)
INFERRED_YEAR = re.compile(r"year (?:taken|inferred) from|year labels? inferred|inferred year", re.I)
NEGATIVE = re.compile(r"(?<![\w\d])[−-]\s?\d")
SPEND = "dk_regk31_64551_administration"

RUNS = {  # report -> (notebook, extra parameters)
    "spend": ("01_it_spend.py", {}),
    "partnerships": ("02_partnerships.py", {}),
    "initiatives": ("03_initiatives.py", {}),
    "peers": ("04_peers.py", {}),
    "scenarios": ("05_scenarios.py", {}),
    "summary": ("07_summary.py", {}),
    "profile-laesoe": ("06_profile.py", {"municipality": "Læsø"}),
    "profile-ishoej": ("06_profile.py", {"municipality": "Ishøj"}),
}


@pytest.fixture(scope="module")
def docs(built_root, tmp_path_factory):
    """{(report, lang): (out_dir, findings.json)} of every notebook above in both languages."""
    out = {}
    for key, (notebook, params) in RUNS.items():
        for lang in ("en", "da"):
            d = tmp_path_factory.mktemp(f"{key}_{lang}")
            out[(key, lang)] = (d, execute(notebook, built_root, d, lang, **params))
    return out


def _years(f: dict) -> list[int]:
    y = f.get("year")
    return [] if y is None else [int(v) for v in (y if isinstance(y, list) else [y])]


def _rows(load, f: dict) -> pd.DataFrame:
    """The processed-table rows a finding names (indicator and the query keys that are columns)."""
    df = load(f["table"])
    ind = f.get("indicator")
    if ind and "indicator" in df.columns:
        df = df[df["indicator"].isin(ind if isinstance(ind, list) else [ind])]
    for k, v in (f.get("query") or {}).items():
        if k in df.columns and not isinstance(v, (list, dict)):
            df = df[df[k] == v]
    return df


def _said(f: dict, doc: dict) -> str:
    """What the reader sees of a finding: its sentence, or the title for a lead recorded without one."""
    return f["text"] or (doc.get("title", "") if f.get("lead") else "")


# --- the rules ---------------------------------------------------------------------------------------------------

def model_problems(doc: dict, *, all_models: bool = False) -> list[str]:
    lang, out = doc["lang"], []
    for f in doc["findings"]:
        if all_models and not f.get("model"):
            out.append(f"{f['id']}: a model result without the model flag")
        if not f.get("model"):
            continue
        text = _said(f, doc)
        if MODEL_WORDS[lang] not in text:
            out.append(f"{f['id']}: a model result not worded as one ({MODEL_WORDS[lang]!r}): {text}")
        if not str(f.get("assumptions") or "").startswith("#"):
            out.append(f"{f['id']}: no link to its assumptions")
        if NEGATIVE.search(text):
            out.append(f"{f['id']}: a negative number printed instead of said: {text}")
    return out


def prices_problems(doc: dict, load) -> list[str]:
    lang, out = doc["lang"], []
    by_id = {f["id"]: f for f in doc["findings"]}
    for f in doc["findings"]:
        years = _years(f)
        if f["how"] not in AMOUNT_CHANGES or len(set(years)) < 2 or not f.get("table"):
            continue
        units = set(_rows(load, f)["unit"].astype(str))
        if not any(CURRENCY.search(u) for u in units):
            continue  # not an amount of money
        if f.get("prices") == "real":
            if REAL_TERMS[lang] not in f["text"]:
                out.append(f"{f['id']}: a real-terms change not said to be one")
            continue
        companion = by_id.get(f.get("real") or "")
        if CURRENT_PRICES[lang] not in _said(f, doc) and not (companion and companion.get("prices") == "real"):
            out.append(f"{f['id']}: a nominal change over time neither in current prices nor beside a real-terms one")
        if f.get("prices") != "current":
            out.append(f"{f['id']}: a nominal change without prices='current'")
    return out


def lead_problems(doc: dict, load) -> list[str]:
    leads = [f for f in doc["findings"] if f.get("lead")]
    if len(leads) != 1:
        return [f"{len(leads)} lead findings (expected the one whose number the title states)"]
    lead, out = leads[0], []
    years = _years(lead)
    if not years:
        return out
    year = max(years)
    rows = _rows(load, lead).dropna(subset=["value"])
    latest = int(rows["year"].max())
    if year != latest:
        out.append(f"{lead['id']}: the lead is about {year}, but {lead['table']} holds {latest}")
    later = [f["id"] for f in doc["findings"] if _years(f) and max(_years(f)) > year]
    if later:
        out.append(f"{lead['id']}: the lead ({year}) is older than findings {later}")
    inferred = rows[(rows["year"] == year) & rows["note"].astype(str).str.contains(INFERRED_YEAR)]
    if len(inferred) and re.search(rf"\b{year}\b", doc.get("title", "")):
        out.append(f"the title states {year}, a year {lead['table']} has only by inference")
    return out


def smallest_top(load) -> list[str]:
    """Names of the k highest per inhabitant in the latest accounts that are the k smallest municipalities
    (population on 1 January of the latest year up to the accounts year), recomputed from the tables."""
    acc = load(SPEND)
    year = int(acc["year"].max())
    mun = acc[(acc["year"] == year) & (acc["geo_level"] == "municipality")].dropna(subset=["value"])
    top = mun.sort_values("value", ascending=False)["geo_code"].tolist()
    pop = load("dk_population")
    pop = pop[pop["geo_level"] == "municipality"]
    pop_year = max(int(y) for y in pop["year"].unique() if int(y) <= year)
    small = pop[pop["year"] == pop_year].sort_values("value")["geo_code"].tolist()
    k = max([n for n in range(1, 11) if set(top[:n]) == set(small[:n])], default=0)
    names = dict(zip(mun["geo_code"], mun["geography"]))
    return [names[c] for c in top[:k]]


def smallest_problems(doc: dict, load, *, publishes_the_list: bool) -> list[str]:
    """The top of the per-inhabitant list is said with its context where it matters: in a report that publishes the
    list, and in a rank near the top (profiles' SMALLEST_CONTEXT_RANKS)."""
    names, lang = smallest_top(load), doc["lang"]
    if not names:
        return []
    needs = [f for f in doc["findings"] if f.get("table") == SPEND and f["how"] == "rank"
             and f["value"] <= profiles.SMALLEST_CONTEXT_RANKS]
    if publishes_the_list:
        needs += [f for f in doc["findings"] if f.get("context") == "smallest_municipalities"] or \
            [{"id": "(none)", "text": ""}]
    out = []
    for f in needs:
        missing = [n for n in names if n not in f["text"]]
        if missing or FEWEST[lang] not in f["text"]:
            out.append(f"{f['id']}: the {len(names)} smallest municipalities top the list, not said: {f['text']!r}")
    return out


def peers_problems(doc: dict, load) -> list[str]:
    """No change in UN index level across editions (unless the sentence says the method changed); a close call
    (a gap to the neighbouring country below peers.CLOSE_CALL) is called close with its gap, in the title too."""
    lang, out = doc["lang"], []
    by_id = {f["id"]: f for f in doc["findings"]}
    for f in doc["findings"]:
        if f.get("table") == "un_egov_egdi" and f.get("indicator") == "EGDI" and f["how"] in AMOUNT_CHANGES \
                and len(set(_years(f))) > 1 and METHOD_CHANGED[lang] not in f["text"]:
            out.append(f"{f['id']}: a change in index level across UN editions")
    egdi = load("un_egov_egdi")
    for f in doc["findings"]:
        if f.get("table") != "un_egov_egdi" or f["how"] != "rank":
            continue
        year = egdi[(egdi["indicator"] == "EGDI") & (egdi["year"] == f["year"])
                    & egdi["geo_code"].isin(f["query"]["among"])].set_index("geo_code")["value"]
        mine = year[f["geo"]]
        gaps = [abs(v - mine) for c, v in year.items() if c != f["geo"]]
        said = by_id.get(f"egdi_{f['geo']}", {}).get("text", "")
        nearest = min(gaps)
        if nearest < peers.CLOSE_CALL:
            gap = f"{nearest:.4f}" if lang == "en" else f"{nearest:.4f}".replace(".", ",")
            for where, text in (("finding", said), ("title", doc.get("title", ""))):
                if CLOSE[lang] not in text or gap not in text:
                    out.append(f"{f['geo']}: a close call ({gap}) not called close in the {where}: {text!r}")
        elif CLOSE[lang] in said:
            out.append(f"{f['geo']}: called close with a gap of {nearest:.4f}")
    return out


def row_problems(table: pd.DataFrame) -> list[str]:
    """Each row of the side-by-side table: one unit (never two currencies) and one year for its figures."""
    out = []
    measure, unit, dk, dk_year, no, no_year = table.columns[:6]
    for _, r in table.iterrows():
        if len(set(m.group(1).upper().rstrip(".") for m in CURRENCY.finditer(str(r[unit])))) > 1:
            out.append(f"{r[measure]}: two currencies in one unit ({r[unit]})")
        if pd.notna(r[dk]) and pd.notna(r[no]) and pd.notna(r[dk_year]) and pd.notna(r[no_year]) \
                and int(r[dk_year]) != int(r[no_year]):
            out.append(f"{r[measure]}: figures of {int(r[dk_year])} and {int(r[no_year])} in one row")
    return out


# --- on the reports ----------------------------------------------------------------------------------------------

LANGS = ["en", "da"]


@pytest.mark.parametrize("lang", LANGS)
def test_model_findings_are_flagged_worded_and_linked_to_their_assumptions(docs, lang):
    _, doc = docs[("scenarios", lang)]
    assert model_problems(doc, all_models=True) == []
    assert sum(1 for f in doc["findings"] if f.get("model")) == len(doc["findings"]) >= 4
    for key in RUNS:
        if key != "scenarios":
            assert not any(f.get("model") for f in docs[(key, lang)][1]["findings"]), key
    bad = copy.deepcopy(doc)   # made up: the old wording, a cut of −23 % and no assumptions link
    bad["findings"][0].update(text="Moving the digital share cuts their cost by −23 %", assumptions=None)
    bad["findings"].append({**bad["findings"][0], "id": "made-up", "model": False})
    problems = model_problems(bad, all_models=True)
    assert len(problems) == 4 and any("negative" in p for p in problems)


@pytest.mark.parametrize("lang", LANGS)
def test_every_nominal_change_says_current_prices_or_has_a_real_terms_companion(docs, lang, load):
    for key in RUNS:
        assert prices_problems(docs[(key, lang)][1], load) == [], key
    _, spend = docs[("spend", lang)]
    f = {x["id"]: x for x in spend["findings"]}
    assert f["dk_admin_change"]["real"] == "dk_admin_change_real" and f["dk_admin_change_real"]["prices"] == "real"
    assert f["no_ict_change_municipalities"]["prices"] == "current"   # no Norwegian deflator in the data
    bad = copy.deepcopy(spend)   # made up: a nominal change with neither
    for x in bad["findings"]:
        if x["id"] == "no_ict_change_counties":
            x.update(text=x["text"].replace(CURRENT_PRICES[lang], "x"), prices=None)
    assert len(prices_problems(bad, load)) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_the_lead_is_the_latest_year_and_an_inferred_year_stays_out_of_the_title(docs, lang, load):
    for key in RUNS:
        assert lead_problems(docs[(key, lang)][1], load) == [], key
    _, spend = docs[("spend", lang)]
    assert next(f for f in spend["findings"] if f["lead"])["year"] == int(load(SPEND)["year"].max())
    bad = copy.deepcopy(spend)   # made up: the old headline about Norway in 2006, with its year in the title
    for x in bad["findings"]:
        x["lead"] = x["id"] == "no_ict_municipalities"
    assert any("holds" in p or "older" in p for p in lead_problems(bad, load))
    inferred = copy.deepcopy(spend)   # made up: the accounts year (from the copy's file names) stated as fact
    inferred["title"] += " 2024"
    assert any("by inference" in p for p in lead_problems(inferred, load))


@pytest.mark.parametrize("lang", LANGS)
def test_the_smallest_municipalities_at_the_top_of_the_list_are_said_so(docs, lang, load):
    names = smallest_top(load)
    assert len(names) == 4 and set(names) == {"Læsø", "Samsø", "Fanø", "Ærø"}
    assert smallest_problems(docs[("spend", lang)][1], load, publishes_the_list=True) == []
    for key in ("profile-laesoe", "profile-ishoej"):
        doc = docs[(key, lang)][1]
        assert any(f["how"] == "rank" and f["value"] <= profiles.SMALLEST_CONTEXT_RANKS for f in doc["findings"])
        assert smallest_problems(doc, load, publishes_the_list=False) == [], key
    bad = copy.deepcopy(docs[("profile-ishoej", lang)][1])   # made up: the rank without its context
    for x in bad["findings"]:
        if x["how"] == "rank":
            x["text"] = "Ranked 5th of 98 municipalities in 2024."
    assert len(smallest_problems(bad, load, publishes_the_list=False)) == 1
    spend = copy.deepcopy(docs[("spend", lang)][1])
    spend["findings"] = [x for x in spend["findings"] if x.get("context") != "smallest_municipalities"]
    assert len(smallest_problems(spend, load, publishes_the_list=True)) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_ranks_not_index_levels_across_editions_and_close_calls_called_close(docs, lang, load):
    _, doc = docs[("peers", lang)]
    assert peers_problems(doc, load) == []
    assert any(f.get("context") == "close_call" for f in doc["findings"])   # Norway, 0.0011 behind Sweden
    bad = copy.deepcopy(doc)   # made up: the old change in level and a close call said plainly
    bad["findings"].append({"id": "made-up-change", "text": "Denmark's score rose by 0.1975 points.",
                            "table": "un_egov_egdi", "indicator": "EGDI", "how": "change", "year": [2010, 2024]})
    for x in bad["findings"]:
        if x["id"] == "egdi_NO":
            x["text"] = "Norway scored 0.9315, 9th of the 9 countries compared."
    assert len(peers_problems(bad, load)) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_figures_in_one_row_share_a_unit_and_a_year(docs, lang):
    out_dir, _ = docs[("summary", lang)]
    table = pd.read_csv(out_dir / "dk_vs_no.csv")
    assert row_problems(table) == []
    bad = pd.DataFrame([["Municipal ICT spending, national total", "million kroner (DKK purchases / NOK "
                         "expenditure)", 5000.0, 2022, 1280.188, 2006]], columns=table.columns)   # made up: the old row
    assert len(row_problems(bad)) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_qualifiers_the_source_printed_are_kept(docs, lang, load):
    """'næsten 11 mia. kr.' as the source's lead printed it, not the bare '11 mia. kr.'."""
    out_dir, _ = docs[("spend", lang)]
    printed = pd.read_csv(out_dir / "dk_national_figures.csv").iloc[:, 2].astype(str).tolist()
    national = load("dk_admin_it_spending")
    quoted = national["note"].astype(str).str.extract(r'^"([^"]+)"')[0].dropna()
    assert len(quoted) and all(q in printed for q in quoted if any(p in q for p in national["value_as_printed"]))
