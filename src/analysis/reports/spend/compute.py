"""Computations of the IT-spend report: Norway's ICT expenditure and survey answers (SSB), Denmark's best public
proxies (municipal accounts function 6.45.51, national administration and IT-purchase totals).

Every function takes processed tables (tidy DataFrames from analysis.data.tables.load) and returns a
small DataFrame or number; nothing here reads files or formats text.
"""
from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd

from analysis import prices, ranks
from analysis.errors import DataError
from analysis.reports.spend.params import Params

TABLES = {
    "no_expenditure": "ssb_ikt_expenditure_2005_2006",
    "no_headlines": "ssb_ikt_headline_figures_release_texts_2002_2018",
    "no_strategy": "ssb_ikt_it_strategy_by_county_2002",
    "no_barriers_2002": "ssb_ikt_barriers_2002",
    "no_barriers_2024": "ssb_digitalisation_barriers_2024",
    "dk_national": "dk_admin_it_spending",
    "dk_accounts": "dk_regk31_64551_administration",
    "dk_population": "dk_population",
    "boundaries": "dk_municipality_boundaries",
    "cpi": "dk_cpi_annual",
}

NO_TOTAL = "Totale utgifter"          # start of the SSB indicator for total ICT expenditure
SECTORS = {"municipalities (kommuner)": "municipalities", "county authorities (fylkeskommuner)": "counties",
           "central government agencies (statlige virksomheter)": "state"}
BARRIER_LARGE_2002 = "Stor (large)"
SMALL_ISLANDS = ("825", "741", "563", "492")  # Læsø, Samsø, Fanø, Ærø: the smallest municipalities, islands
SMALLEST_MAX = 10  # how far down the per-inhabitant list to look for the smallest municipalities at its top
STRATEGY_UPDATED = "Share with IT strategy updated in the last two years"  # headline table, 2004


# --- helpers -----------------------------------------------------------------------------------

def _require(df: pd.DataFrame, mask: pd.Series, what: str, table: str) -> pd.DataFrame:
    """Rows where mask holds, or a DataError naming what is missing from which table."""
    out = df[mask]
    if out.empty:
        raise DataError(f"no rows for {what}", file=table)
    return out


def distinct_rows(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per key: sources that print the same figure twice (two editions) count once.

    Raises DataError when duplicates disagree, since then the choice would be a guess.
    """
    clash = df.groupby(keys, dropna=False)["value"].nunique(dropna=False)
    if (clash > 1).any():
        bad = clash[clash > 1].index[0]
        raise DataError(f"two different values for {dict(zip(keys, bad if isinstance(bad, tuple) else (bad,)))}",
                        file="duplicate rows")
    return df.drop_duplicates(subset=keys, keep="first")


def english(label: str) -> str:
    """The English text in brackets of an SSB bilingual label ('Datautstyr (computer equipment)')."""
    m = re.search(r"\(([^()]*)\)\s*$", str(label))
    return m.group(1) if m else str(label)


def norwegian(label: str) -> str:
    """The Norwegian part of an SSB bilingual label, without the bracketed translation."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", str(label)).strip()


# --- Norway ------------------------------------------------------------------------------------

def no_ict_expenditure(df: pd.DataFrame) -> pd.DataFrame:
    """Total ICT expenditure (NOK 1 000) by sector and year: columns year, sector, value, unit, + provenance."""
    rows = _require(df, df["indicator"].str.startswith(NO_TOTAL), "total ICT expenditure",
                    TABLES["no_expenditure"])
    rows = distinct_rows(rows, ["year", "sector", "indicator"]).copy()
    rows["sector_key"] = rows["sector"].map(SECTORS).fillna(rows["sector"])
    return rows.sort_values(["sector_key", "year"]).reset_index(drop=True)


def no_ict_change(expenditure: pd.DataFrame) -> pd.DataFrame:
    """Per sector: first and last year, their values and the change in per cent (NaN if a value is missing)."""
    out = []
    for key, part in expenditure.groupby("sector_key", sort=False):
        part = part.dropna(subset=["value"]).sort_values("year")
        if len(part) < 2:
            continue
        a, b = part.iloc[0], part.iloc[-1]
        out.append({"sector_key": key, "sector": a["sector"], "year_from": int(a["year"]),
                    "year_to": int(b["year"]), "value_from": float(a["value"]), "value_to": float(b["value"]),
                    "change_pct": (float(b["value"]) / float(a["value"]) - 1.0) * 100.0})
    return pd.DataFrame(out)


def no_strategy_by_county(df: pd.DataFrame) -> pd.DataFrame:
    """Share of municipalities with their own IT strategy by county (2002); the national row has geo_level country."""
    rows = _require(df, df["value"].notna(), "IT strategy shares", TABLES["no_strategy"]).copy()
    return rows.sort_values("value", ascending=False).reset_index(drop=True)


def no_barriers_2002(df: pd.DataFrame, answer: str = BARRIER_LARGE_2002) -> pd.DataFrame:
    """Share of municipalities calling each barrier to IT use 'large' in 2002: columns barrier, value (+ provenance)."""
    parts = df["indicator"].str.extract(r"^[^:]+:\s*(?P<barrier>.+?)\s+—\s+betydning:\s*(?P<answer>.+)$")
    rows = df.assign(barrier=parts["barrier"], answer=parts["answer"])
    rows = _require(rows, rows["answer"] == answer, f"barrier answer {answer!r}", TABLES["no_barriers_2002"])
    return rows.sort_values("value", ascending=False).reset_index(drop=True)


def no_barriers_2024(df: pd.DataFrame) -> pd.DataFrame:
    """Share (per cent) for whom each factor hinders digital development to a large or very large extent,
    2024, by sector: columns barrier (Norwegian), barrier_en, sector_key, value (+ provenance)."""
    label = df["indicator"].str.replace(r"^[^:]+:\s*", "", regex=True)
    rows = df.assign(barrier=label.map(norwegian), barrier_en=label.map(english),
                     sector_key=df["sector"].map(SECTORS).fillna(df["sector"]))
    return rows.dropna(subset=["value"]).reset_index(drop=True)


def top_barrier(barriers: pd.DataFrame, sector_key: str = "municipalities") -> pd.Series:
    """The row of the barrier with the highest share in a sector."""
    part = barriers[barriers["sector_key"] == sector_key]
    if part.empty:
        raise DataError(f"no barrier rows for sector {sector_key!r}", file=TABLES["no_barriers_2024"])
    return part.sort_values("value", ascending=False).iloc[0]


def no_headline(df: pd.DataFrame, indicator: str, year: int, sector: str = "municipalities (kommuner)") -> pd.Series:
    """One headline figure (row) from the SSB release-text table, by indicator, year and sector."""
    rows = df[(df["indicator"] == indicator) & (df["year"] == year) & (df["sector"] == sector)]
    if rows.empty:
        raise DataError(f"no headline figure {indicator!r} for {year}", file=TABLES["no_headlines"])
    return rows.iloc[0]


# --- Denmark -----------------------------------------------------------------------------------

def dk_years(accounts: pd.DataFrame, P: Params) -> list[int]:
    """Accounts years in the data within P.year_from..P.year_to; ParameterError-like DataError if none."""
    years = sorted(int(y) for y in accounts["year"].dropna().unique())
    lo = P.year_from if P.year_from is not None else years[0]
    hi = P.year_to if P.year_to is not None else years[-1]
    chosen = [y for y in years if lo <= y <= hi]
    if not chosen:
        from analysis.errors import ParameterError
        raise ParameterError(f"no accounts years between {lo} and {hi}", file="year_from/year_to",
                             valid=f"{years[0]}-{years[-1]}")
    return chosen


def dk_national_series(accounts: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Whole-country net kr. per inhabitant on function 6.45.51 by year (Statistics Denmark's 'Hele landet')."""
    rows = accounts[(accounts["geo_level"] == "country") & accounts["year"].isin(years)]
    rows = _require(rows, rows["value"].notna(), "the whole-country row", TABLES["dk_accounts"])
    return rows.sort_values("year").reset_index(drop=True)


def dk_municipal_spread(accounts: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Per year across the municipalities: count, median, lowest and highest (with names), whole country."""
    out = []
    for year in years:
        mun = accounts[(accounts["year"] == year) & (accounts["geo_level"] == "municipality")].dropna(subset=["value"])
        if mun.empty:
            continue
        lo, hi = mun.loc[mun["value"].idxmin()], mun.loc[mun["value"].idxmax()]
        nat = accounts[(accounts["year"] == year) & (accounts["geo_level"] == "country")]["value"]
        out.append({"year": int(year), "municipalities": int(len(mun)), "median": float(mun["value"].median()),
                    "lowest": float(lo["value"]), "lowest_name": lo["geography"],
                    "highest": float(hi["value"]), "highest_name": hi["geography"],
                    "country": float(nat.iloc[0]) if len(nat) else float("nan")})
    return pd.DataFrame(out)


def dk_ranking(accounts: pd.DataFrame, year: int, top_n: int) -> pd.DataFrame:
    """The top_n highest and top_n lowest municipalities in a year, with rank (1 = highest) and end ('high'/'low')."""
    mun = accounts[(accounts["year"] == year) & (accounts["geo_level"] == "municipality")].dropna(subset=["value"])
    mun = mun.sort_values("value", ascending=False).reset_index(drop=True)
    mun["rank"] = range(1, len(mun) + 1)
    high = mun.head(top_n).assign(end="high")
    low = mun.tail(top_n).assign(end="low")
    return pd.concat([high, low]).drop_duplicates(subset=["geo_code"]).reset_index(drop=True)


def dk_map_values(accounts: pd.DataFrame, year: int) -> dict[str, float]:
    """Municipality code -> net kr. per inhabitant in year (Statistics Denmark's own per-inhabitant figure;
    a municipality without a published value is left out, so the map draws it as missing)."""
    mun = accounts[(accounts["year"] == year) & (accounts["geo_level"] == "municipality")].dropna(subset=["value"])
    return {str(c): float(v) for c, v in zip(mun["geo_code"], mun["value"])}


def dk_map_names(accounts: pd.DataFrame, boundaries: pd.DataFrame, year: int) -> dict[str, str]:
    """Code -> name of every municipality on the map: Statistics Denmark's label where the accounts have the
    municipality in year (as the report's other charts spell it), else the boundary file's (DAGI) name."""
    names = dict(zip(boundaries["code"].astype(str), boundaries["name"].astype(str)))
    mun = accounts[(accounts["year"] == year) & (accounts["geo_level"] == "municipality")]
    names.update({str(c): str(g) for c, g in zip(mun["geo_code"], mun["geography"]) if str(c) in names})
    return names


def far_outliers(values: dict[str, float], names: dict[str, str], limit: float) -> pd.DataFrame:
    """The municipalities above limit (the map's far-outlier limit), highest first: code, name, value."""
    rows = [{"code": c, "name": names.get(c, c), "value": v} for c, v in values.items() if v > limit]
    return pd.DataFrame(rows, columns=["code", "name", "value"]).sort_values("value", ascending=False,
                                                                            ignore_index=True)


def smallest_at_top(accounts: pd.DataFrame, population: pd.DataFrame, year: int,
                    limit: int = SMALLEST_MAX) -> pd.DataFrame:
    """The municipalities at the top of the per-inhabitant list in year that are also the ones with the fewest
    inhabitants (ranks.smallest_at_top). Population on 1 January of the latest population year up to year
    (FOLK1A). Columns geo_code, geography, value, rank, population, population_year; empty when the list's top is
    not its smallest municipalities."""
    mun = accounts[(accounts["year"] == year) & (accounts["geo_level"] == "municipality")].dropna(subset=["value"])
    mun = mun.sort_values("value", ascending=False).reset_index(drop=True)
    pop = population[population["geo_level"] == "municipality"].dropna(subset=["value"])
    years = sorted(int(y) for y in pop["year"].unique())
    if not years:
        raise DataError("no municipal population", file=TABLES["dk_population"])
    pop_year = max([y for y in years if y <= year] or [years[0]])
    sizes = pop[pop["year"] == pop_year].set_index("geo_code")["value"]
    k = len(ranks.smallest_at_top(mun.set_index(mun["geo_code"].astype(str))["value"],
                                  sizes.set_axis(sizes.index.astype(str)), limit))
    top = mun.head(k)[["geo_code", "geography", "value"]].copy()
    top["rank"] = range(1, k + 1)
    top["population"] = top["geo_code"].map(sizes).astype(float)
    top["population_year"] = pop_year
    return top.reset_index(drop=True)


def as_printed(row: pd.Series) -> str:
    """The figure as the source printed it, with the qualifier the row's note quotes from the source ("næsten
    11 mia. kr." in the lead) when the quoted words contain the printed figure."""
    printed = str(row.get("value_as_printed") or "")
    m = re.match(r'^\s*"([^"]+)"', str(row.get("note") or ""))
    if m and printed and printed in m.group(1):
        return m.group(1)
    return printed


def change_pct(first: float, last: float) -> float:
    """Change from first to last in per cent."""
    return (last / first - 1.0) * 100.0


def dk_national_figures(national: pd.DataFrame) -> pd.DataFrame:
    """Danish national totals that bear on municipal IT (administration, IT purchases, estimates), with value."""
    return national.dropna(subset=["value"]).sort_values(["indicator", "year"]).reset_index(drop=True)


def dk_population_total(population: pd.DataFrame, year: int) -> pd.Series:
    """Whole-country population row for a year (1 January, FOLK1A): the row with geo_level 'country'."""
    rows = population[(population["geo_level"] == "country") & (population["year"] == year)].dropna(subset=["value"])
    if rows.empty:
        raise DataError(f"no whole-country population for {year}", file=TABLES["dk_population"])
    return rows.iloc[0]


def dk_it_purchases_per_inhabitant(national: pd.DataFrame, population: pd.DataFrame) -> dict:
    """Municipal IT purchases (DKK billion, national total) divided by the population on 1 January of that year."""
    rows = national[(national["indicator"] == "it_purchases_total") & (national["geo_code"] == "000")]
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        raise DataError("no municipal IT-purchases total", file=TABLES["dk_national"])
    row = rows.iloc[0]
    year = int(row["year"])
    pop = dk_population_total(population, year)
    return {"year": year, "purchases_bn": float(row["value"]), "population": float(pop["value"]),
            "per_inhabitant": float(row["value"]) * 1e9 / float(pop["value"])}


def derive(t: dict[str, pd.DataFrame], P: Params) -> SimpleNamespace:
    """Everything the report shows, from its tables (keyed as in TABLES): frames and numbers, no text."""
    d = SimpleNamespace(**t)
    d.no_exp = no_ict_expenditure(t["no_expenditure"])
    d.no_total = d.no_exp["indicator"].iloc[0]  # the full label of the total-expenditure indicator
    d.no_change = no_ict_change(d.no_exp).set_index("sector_key")
    d.mun, d.cty = d.no_change.loc["municipalities"], d.no_change.loc["counties"]
    d.strategy = no_strategy_by_county(t["no_strategy"])
    d.national_strategy = d.strategy[d.strategy["geo_level"] == "country"].iloc[0]
    d.counties = d.strategy[d.strategy["geo_level"] != "country"]
    d.b02 = no_barriers_2002(t["no_barriers_2002"])
    d.b24 = no_barriers_2024(t["no_barriers_2024"])
    d.top24 = top_barrier(d.b24, "municipalities")
    d.years = dk_years(t["dk_accounts"], P)
    d.dk_nat = dk_national_series(t["dk_accounts"], d.years)
    d.spread = dk_municipal_spread(t["dk_accounts"], d.years)
    d.last = d.spread.iloc[-1]
    d.dk_first, d.dk_last = d.dk_nat.iloc[0], d.dk_nat.iloc[-1]
    d.dk_change = change_pct(float(d.dk_first["value"]), float(d.dk_last["value"]))
    y1, y2 = int(d.dk_first["year"]), int(d.dk_last["year"])
    d.dk_change_real = prices.real_change_pct(float(d.dk_first["value"]), y1, float(d.dk_last["value"]), y2, t["cpi"])
    d.cpi_change = prices.prices_change_pct(t["cpi"], y1, y2)
    d.cpi_rows = t["cpi"][t["cpi"]["year"].isin([y1, y2])]
    d.small_top = smallest_at_top(t["dk_accounts"], t["dk_population"], int(d.last["year"]))
    d.purchases = dk_it_purchases_per_inhabitant(t["dk_national"], t["dk_population"])
    return d
