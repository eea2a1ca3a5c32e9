"""Computations of the peers report, Denmark and Norway among their peers: UN e-government indices over time, the EU eGovernment
Benchmark, the OECD Digital Government Index, Eurostat's e-government use by individuals and the DESI
e-government users (a share of internet users, kept apart from Eurostat's share of all individuals).

Functions take processed tables (tidy DataFrames) and return small DataFrames; nothing reads files.
"""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from analysis.errors import DataError
from analysis.reports.peers.params import KNOWN_COUNTRIES, Params

TABLES = {
    "egdi": "un_egov_egdi",
    "eurostat": "eurostat_egov_use_individuals",
    "benchmark": "eu_egov_benchmark_2023",
    "oecd": "oecd_digital_government_index_2023",
    "desi": "desi_egov_users",
    "ssb_online": "ssb_public_online_services",
}

# Country codes the international tables cover (ISO 3166-1 alpha-2, as in the data).
NORDIC = ("DK", "NO", "SE", "FI", "IS")
EU_AGGREGATES = ("EU27_2020", "EU28", "EU")

EGDI = "EGDI"
EGDI_RANK = "EGDI_rank"
EGDI_COMPONENTS = ("OSI", "HCI", "TII")
BENCHMARK_OVERALL = "egov_benchmark_overall"
OECD_COMPOSITE = "oecd_dgi_composite_index"
OECD_RANK = "oecd_dgi_composite_rank"
# A close call: a gap to the neighbouring country in the ranking below this many index points (the UN index runs
# 0-1 and is printed with four decimals, so 0.005 is half a hundredth). Such a rank is said with its gap.
CLOSE_CALL = 0.005
USE_LATEST = "egov_used_public_authority_website_or_app_12m"
USE_NORWAY_SERIES = "egov_interaction_public_authorities_internet_12m"
DESI_EGOV_USERS = "desi_egov_users_pc_internet_users_12m"
INTERNET_USERS_CONTACT = "egov_interaction_public_authorities_pc_internet_users_12m"
"""The one secondary figure on the DESI base (% of internet users) in ssb_public_online_services (Norway)."""
DESI_BREAK_YEAR = 2022
"""First DESI data year from Eurostat's revised e-government module (sidecar of desi_egov_users): a break."""


def _rows(df: pd.DataFrame, table: str, indicator: str, countries: list[str] | None = None,
          with_aggregates: bool = False) -> pd.DataFrame:
    """Rows of one indicator for the given countries (plus EU aggregates if asked), non-missing."""
    rows = df[df["indicator"] == indicator]
    if countries is not None:
        keep = list(countries) + (list(EU_AGGREGATES) if with_aggregates else [])
        rows = rows[rows["geo_code"].isin(keep)]
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        raise DataError(f"no rows for indicator {indicator!r} and countries {countries}", file=table)
    return rows.sort_values(["geo_code", "year"]).reset_index(drop=True)


def egdi_series(egdi: pd.DataFrame, P: Params) -> pd.DataFrame:
    """EGDI (0-1) by country and survey year from P.year_from, for P.countries."""
    rows = _rows(egdi, TABLES["egdi"], EGDI, P.countries)
    return rows[rows["year"] >= P.year_from].reset_index(drop=True)


def latest_year(rows: pd.DataFrame) -> int:
    """The most recent year present in rows."""
    return int(rows["year"].max())


def ranking(rows: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Rows of one year ranked by value (1 = highest; ties share the best rank, as the UN prints them)."""
    year = latest_year(rows) if year is None else year
    part = rows[rows["year"] == year].copy()
    part["rank_among"] = part["value"].rank(ascending=False, method="min").astype(int)
    return part.sort_values(["rank_among", "geo_code"]).reset_index(drop=True)


def nearest_neighbour(ranked: pd.DataFrame, code: str) -> dict | None:
    """The country next to code in a ranking (ranked by value, 1 = highest) whose gap is the smaller, with the
    gap in index points and whether code is behind or ahead of it; None for a ranking of one."""
    part = ranked.sort_values("value", ascending=False).reset_index(drop=True)
    i = int(part.index[part["geo_code"] == code][0])
    mine = float(part.loc[i, "value"])
    options = []
    if i > 0:
        options.append({"geo_code": part.loc[i - 1, "geo_code"], "gap": float(part.loc[i - 1, "value"]) - mine,
                        "side": "behind"})
    if i < len(part) - 1:
        options.append({"geo_code": part.loc[i + 1, "geo_code"], "gap": mine - float(part.loc[i + 1, "value"]),
                        "side": "ahead"})
    return min(options, key=lambda o: o["gap"]) if options else None


def close_call(ranked: pd.DataFrame, code: str, threshold: float = CLOSE_CALL) -> dict | None:
    """The nearest neighbour of code when its gap is below threshold (a close call), else None."""
    near = nearest_neighbour(ranked, code)
    return near if near is not None and near["gap"] < threshold else None


def egdi_world_rank(egdi: pd.DataFrame, P: Params) -> pd.DataFrame:
    """The UN's own world rank (EGDI rank) of the focus countries by survey year."""
    rows = _rows(egdi, TABLES["egdi"], EGDI_RANK, P.focus)
    return rows[rows["year"] >= P.year_from].reset_index(drop=True)


def egdi_components(egdi: pd.DataFrame, P: Params, year: int | None = None) -> pd.DataFrame:
    """The three EGDI components (OSI, HCI, TII) for P.countries in one survey year (latest by default)."""
    rows = egdi[egdi["indicator"].isin(EGDI_COMPONENTS) & egdi["geo_code"].isin(P.countries)].dropna(subset=["value"])
    if rows.empty:
        raise DataError("no EGDI component rows", file=TABLES["egdi"])
    year = latest_year(rows) if year is None else year
    return rows[rows["year"] == year].reset_index(drop=True)


def peer_median(rows: pd.DataFrame, exclude: list[str]) -> pd.DataFrame:
    """Per year (and indicator) the median of the countries not in exclude: the peer benchmark."""
    peers = rows[~rows["geo_code"].isin(exclude) & ~rows["geo_code"].isin(EU_AGGREGATES)]
    return (peers.groupby(["indicator", "year"], as_index=False)["value"].median()
            .rename(columns={"value": "peer_median"}))


def benchmark(bench: pd.DataFrame, P: Params, indicator: str = BENCHMARK_OVERALL) -> pd.DataFrame:
    """EU eGovernment Benchmark score (0-100) for P.countries plus the EU27 average, latest period."""
    rows = _rows(bench, TABLES["benchmark"], indicator, P.countries, with_aggregates=True)
    return rows[rows["year"] == latest_year(rows)].reset_index(drop=True)


def oecd_dgi(oecd: pd.DataFrame, P: Params) -> pd.DataFrame:
    """OECD Digital Government Index 2023 composite (0-1) with the OECD's rank, for P.countries present."""
    idx = _rows(oecd, TABLES["oecd"], OECD_COMPOSITE, P.countries)
    rank = _rows(oecd, TABLES["oecd"], OECD_RANK, P.countries)[["geo_code", "year", "value"]]
    return idx.merge(rank.rename(columns={"value": "oecd_rank"}), on=["geo_code", "year"], how="left")


def egov_use_latest(euro: pd.DataFrame, P: Params) -> pd.DataFrame:
    """Share of people 16-74 who used a public authority's website or app (latest year), P.countries + EU27."""
    rows = _rows(euro, TABLES["eurostat"], USE_LATEST, P.countries, with_aggregates=True)
    return rows[rows["year"] == latest_year(rows)].reset_index(drop=True)


def egov_use_older(euro: pd.DataFrame, P: Params) -> pd.DataFrame:
    """The older (pre-2022 module) 'interaction with public authorities online' series: Norway's years and any
    other country or EU value printed for it."""
    return _rows(euro, TABLES["eurostat"], USE_NORWAY_SERIES, P.countries, with_aggregates=True)


def missing_countries(rows: pd.DataFrame, countries: list[str]) -> list[str]:
    """Countries asked for that have no row in rows (so the report can say so)."""
    present = set(rows["geo_code"])
    return [c for c in countries if c not in present]


# --- DESI "e-Government users" (% of internet users, 16-74) -----------------------------------

def desi_egov_users(desi: pd.DataFrame, P: Params) -> pd.DataFrame:
    """DESI e-government users (% of internet users 16-74) for P.countries plus the EU, every data year,
    with `revised_module` True from DESI_BREAK_YEAR (Eurostat's revised e-government module)."""
    rows = _rows(desi, TABLES["desi"], DESI_EGOV_USERS, P.countries, with_aggregates=True).copy()
    rows["revised_module"] = rows["year"] >= DESI_BREAK_YEAR
    return rows


def before_break(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows from years before the series break (the comparable 2017-2021 stretch)."""
    return rows[~rows["revised_module"].astype(bool)].reset_index(drop=True)


def after_break(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows from the revised survey module on (not comparable with the years before)."""
    return rows[rows["revised_module"].astype(bool)].reset_index(drop=True)


def countries_only(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of countries, without EU aggregates (for rankings among countries)."""
    return rows[~rows["geo_code"].isin(EU_AGGREGATES)].reset_index(drop=True)


UN_SURVEY_EVERY = 2  # years: the UN E-Government Survey is biennial


def missing_editions(years: pd.Series, every: int = UN_SURVEY_EVERY) -> list[int]:
    """Survey years between the first and the last the data hold that the data lack (2020 in the UN series)."""
    held = sorted({int(y) for y in years.dropna()})
    return [y for y in range(held[0], held[-1] + 1, every) if y not in held] if held else []


def gap_at_break(rows: pd.DataFrame, x: str = "year", series: str = "geo_code") -> pd.DataFrame:
    """Rows for a line chart with one empty (NaN) point per series half a year before the break, so no
    line is drawn across it and the revised-module years stand apart. For plotting only, not for export."""
    gaps = (rows[rows["revised_module"].astype(bool)].groupby(series, as_index=False).first()
            .assign(**{x: DESI_BREAK_YEAR - 0.5, "value": float("nan")}))
    out = pd.concat([rows.assign(**{x: rows[x].astype(float)}), gaps], ignore_index=True)
    return out.sort_values([series, x]).reset_index(drop=True)


def internet_user_base_elsewhere(ssb_online: pd.DataFrame, countries: list[str]) -> pd.DataFrame:
    """Figures on the DESI base (% of internet users) for countries the DESI data lack, from the SSB table's
    secondary row(s): quoted beside the DESI chart, never plotted on it (other source, other years)."""
    rows = ssb_online[(ssb_online["indicator"] == INTERNET_USERS_CONTACT)
                      & ssb_online["geo_code"].isin(countries)].dropna(subset=["value"])
    return rows.sort_values(["geo_code", "year"]).reset_index(drop=True)


def derive(t: dict[str, pd.DataFrame], P: Params) -> SimpleNamespace:
    """Everything the report shows, from its tables (keyed as in TABLES): frames and numbers, no text."""
    D = SimpleNamespace()
    D.egdi = egdi_series(t["egdi"], P)
    D.y1, D.y2 = int(D.egdi["year"].min()), latest_year(D.egdi)
    D.ranked = ranking(D.egdi, D.y2)
    D.world = egdi_world_rank(t["egdi"], P)
    D.n_countries = int(D.ranked["geo_code"].nunique())
    D.bench = benchmark(t["benchmark"], P)
    D.bench_year = int(D.bench["year"].iloc[0])
    D.eu_bench = D.bench[D.bench["geo_code"] == "EU27_2020"]["value"]
    D.oecd = oecd_dgi(t["oecd"], P)
    D.oecd_year = int(D.oecd["year"].iloc[0])
    D.oecd_n = t["oecd"][t["oecd"]["indicator"] == OECD_RANK]["unit"].str.extract(r"of (\d+)")[0].dropna()
    D.use = egov_use_latest(t["eurostat"], P)
    D.use_year = int(D.use["year"].iloc[0])
    D.eu_use = D.use[D.use["geo_code"] == "EU27_2020"]["value"]
    D.desi = desi_egov_users(t["desi"], P)
    D.desi_pre, D.desi_post = before_break(D.desi), after_break(D.desi)
    D.desi_pre_year, D.desi_post_year = latest_year(D.desi_pre), latest_year(D.desi_post)
    D.desi_pre_ranked = ranking(countries_only(D.desi_pre), D.desi_pre_year)
    D.desi_post_ranked = ranking(countries_only(D.desi_post), D.desi_post_year)
    D.desi_eu_pre = D.desi_pre[D.desi_pre["geo_code"].isin(EU_AGGREGATES)
                               & (D.desi_pre["year"] == D.desi_pre_year)]["value"]
    return D
