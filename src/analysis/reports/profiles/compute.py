"""Computations of the municipality profiles: peer groups, national, regional and peer means, ranks and the
partnerships one Danish municipality belongs to.

Pure functions on tidy DataFrames (the processed tables as in docs/architecture.md): tables in, frames and numbers
out, no text and no files, so tests can feed hand-made tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis import prices, ranks

TABLES = {
    "spend": "dk_regk31_64551_administration",
    "municipalities": "dk_municipalities",
    "population": "dk_population",
    "dk_partnerships": "dk_it_partnerships",
    "catalogue": "catalogue_partnerships",
    "facts": "catalogue_facts",
    "boundaries": "dk_municipality_boundaries",
    "groups": "dk_municipality_groups",
    "cpi": "dk_cpi_annual",
}
NATIONAL_CODE = "000"
DEFAULT_SIZE_BAND = 0.25  # size peers: population within ±25 %
SMALLEST_CONTEXT_RANKS = 10  # a rank this high or higher is said with the smallest municipalities at the top
UNIT = "DKK per inhabitant, current prices"  # the unit recorded with the spend findings (findings.json)


def municipality_population(population: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Municipal populations of one year (default: the latest): columns geo_code, population, year, period."""
    rows = population[population["geo_level"] == "municipality"]
    year = int(rows["year"].max()) if year is None else int(year)
    rows = rows[rows["year"] == year]
    period = rows["note"].astype(str).str.extract(r"period (\S+)", expand=False) if "note" in rows else None
    return pd.DataFrame({
        "geo_code": rows["geo_code"].astype(str).to_numpy(),
        "population": rows["value"].astype(float).to_numpy(),
        "year": year,
        "period": (period.fillna(str(year)).to_numpy() if period is not None else str(year)),
    })


def spend_wide(spend: pd.DataFrame) -> pd.DataFrame:
    """Spend per inhabitant as a year × geo_code table (national figure under code 000)."""
    wide = spend.pivot_table(index="year", columns="geo_code", values="value", aggfunc="first")
    wide.index = wide.index.astype(int)
    wide.columns = wide.columns.astype(str)
    return wide.sort_index()


def municipal_codes(spend: pd.DataFrame) -> list[str]:
    """The codes of the municipalities in the spend table (not the national row)."""
    rows = spend[spend["geo_level"] == "municipality"]
    return sorted(rows["geo_code"].astype(str).unique())


def national_series(spend: pd.DataFrame) -> pd.Series:
    """The published national figure ('Hele landet', code 000) by year."""
    return spend_wide(spend)[NATIONAL_CODE].rename("national")


def weight_year(accounts_year: int, population_years: list[int]) -> int:
    """The population year used to weight an accounts year: the nearest available, ties going to the earlier."""
    return min(population_years, key=lambda y: (abs(y - accounts_year), y))


def weight_years(years: list[int], population: pd.DataFrame) -> dict[int, int]:
    """Map each accounts year to the population year that weights it."""
    available = sorted(int(y) for y in population.loc[population["geo_level"] == "municipality", "year"].unique())
    return {int(y): weight_year(int(y), available) for y in years}


def weighted_mean_series(spend: pd.DataFrame, population: pd.DataFrame, codes: list[str],
                         wide: pd.DataFrame | None = None) -> pd.Series:
    """Population-weighted mean spend per inhabitant of the given municipalities, by year (wide: spend_wide)."""
    wide = spend_wide(spend) if wide is None else wide
    years = weight_years(list(wide.index), population)
    by_year = {y: municipality_population(population, y).set_index("geo_code")["population"]
               for y in set(years.values())}
    out = {}
    for year, pop_year in years.items():
        pops = by_year[pop_year]
        values = wide.loc[year, codes].astype(float)
        weights = pops.reindex(codes).astype(float)
        ok = values.notna() & weights.notna()
        out[year] = float((values[ok] * weights[ok]).sum() / weights[ok].sum()) if ok.any() else float("nan")
    return pd.Series(out, name="weighted_mean", dtype=float)


def mean_series(spend: pd.DataFrame, codes: list[str], wide: pd.DataFrame | None = None) -> pd.Series:
    """Simple mean (each municipality counted once) of spend per inhabitant, by year (wide: spend_wide)."""
    wide = spend_wide(spend) if wide is None else wide
    return wide[codes].astype(float).mean(axis=1).rename("mean")


def region_codes(municipalities: pd.DataFrame, region: str) -> list[str]:
    """Codes of the municipalities in a region."""
    return sorted(municipalities.loc[municipalities["region"] == region, "code"].astype(str))


def size_band_limits(population: float, size_band: float) -> tuple[float, float]:
    """The population range of the size peer group: ± size_band around the municipality's population."""
    return population * (1 - size_band), population * (1 + size_band)


def peer_codes(municipalities: pd.DataFrame, populations: pd.DataFrame, code: str,
               peers: str, size_band: float = DEFAULT_SIZE_BAND, groups: pd.DataFrame | None = None) -> list[str]:
    """Codes of the peer group of `code` (itself excluded): size band, same region, same Statistics Denmark
    municipality group (groups: code, group), or all other municipalities."""
    code = str(code)
    table = municipalities.assign(code=municipalities["code"].astype(str))
    others = table[table["code"] != code]
    if peers == "all":
        return sorted(others["code"])
    if peers == "region":
        region = table.loc[table["code"] == code, "region"].iloc[0]
        return sorted(others.loc[others["region"] == region, "code"])
    if peers == "group":
        if groups is None:
            raise ValueError("peers='group' needs the municipality groups table")
        group_of = dict(zip(groups["code"].astype(str), groups["group"]))
        return sorted(c for c in others["code"] if c in group_of and group_of[c] == group_of.get(code))
    if peers == "size":
        pops = populations.set_index("geo_code")["population"]
        low, high = size_band_limits(float(pops[code]), size_band)
        other_pops = pops.reindex(others["code"])
        return sorted(other_pops[(other_pops >= low) & (other_pops <= high)].index)
    raise ValueError(f"unknown peer group {peers!r}")


def rank_table(spend: pd.DataFrame, wide: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rank of every municipality by spend per inhabitant in each year (1 = highest; ties share the best rank)."""
    wide = (spend_wide(spend) if wide is None else wide)[municipal_codes(spend)]
    return wide.rank(axis=1, ascending=False, method="min").astype("Int64")


@dataclass
class RankMove:
    """A municipality's rank in the first, previous and latest year of the data (1 = highest spend)."""

    n: int
    latest_year: int
    latest_rank: int
    first_year: int
    first_rank: int
    previous_year: int | None
    previous_rank: int | None

    @property
    def change_since_first(self) -> int:
        """Places moved since the first year; positive = moved towards the top (higher spend than others)."""
        return self.first_rank - self.latest_rank


def rank_move(ranks: pd.DataFrame, code: str) -> RankMove:
    """Rank movement of one municipality from a rank table."""
    col = ranks[str(code)].dropna()
    years = list(col.index)
    prev = years[-2] if len(years) > 1 else None
    return RankMove(n=int(ranks.shape[1]), latest_year=int(years[-1]), latest_rank=int(col.iloc[-1]),
                    first_year=int(years[0]), first_rank=int(col.iloc[0]),
                    previous_year=int(prev) if prev is not None else None,
                    previous_rank=int(col.loc[prev]) if prev is not None else None)


def axis_limit(values: pd.Series, k: float = 3.0) -> float:
    """A data-driven upper axis limit: the upper quartile plus k interquartile ranges, or the maximum if lower."""
    values = values.dropna().astype(float)
    q1, q3 = values.quantile(0.25), values.quantile(0.75)
    return float(min(values.max(), q3 + k * (q3 - q1)))


def partnerships_of(code: str, name: str, dk_partnerships: pd.DataFrame,
                    catalogue: pd.DataFrame) -> list[dict]:
    """Partnerships the municipality belongs to: member rows of dk_it_partnerships (by code) and Danish catalogue
    entries naming it among at least two members; a catalogue entry citing the same source as a member row is
    the same partnership and is skipped. Each: name, since (int or None), scope, source_title, publisher, url."""
    found: list[dict] = []
    members = dk_partnerships[(dk_partnerships["geo_level"] == "municipality")
                              & (dk_partnerships["geo_code"].astype(str) == str(code))
                              & dk_partnerships["indicator"].astype(str).str.startswith("member:")]
    for _, row in members.iterrows():
        found.append({"name": str(row["indicator"]).removeprefix("member:"),
                      "since": _int_or_none(row.get("year")), "scope": "",
                      "source_title": str(row.get("source_title") or ""), "publisher": str(row.get("publisher") or ""),
                      "url": str(row.get("source_url") or "")})
    seen_urls = {p["url"] for p in found}
    dk = catalogue[catalogue["country"].astype(str) == "DK"]
    for _, row in dk.iterrows():
        names = [m.strip() for m in str(row.get("members") or "").split(";") if m.strip()]
        count = _int_or_none(row.get("member_count")) or len(names)
        if name not in names or count < 2 or str(row.get("source_url") or "") in seen_urls:
            continue
        found.append({"id": str(row.get("partnership_id") or ""), "name": str(row["name"]),
                      "since": _int_or_none(row.get("since")),
                      "scope": str(row.get("scope") or ""), "source_title": str(row.get("source_title") or ""),
                      "publisher": str(row.get("publisher") or ""), "url": str(row.get("source_url") or "")})
    return sorted(found, key=lambda p: (p["since"] is None, p["since"] or 0, p["name"]))


def _int_or_none(value) -> int | None:
    try:
        if value is None or pd.isna(value) or str(value).strip() == "":
            return None
        return int(float(value))
    except (TypeError, ValueError):
        return None



@dataclass
class Profile:
    """Everything a profile shows, computed from the processed tables."""

    code: str
    name: str
    region: str
    population: float
    population_period: str
    peers: str
    size_band: float
    peer_codes: list[str]
    series: pd.DataFrame            # index year; columns municipality, national, region, peers
    weight_years: dict[int, int]
    rank: RankMove
    latest: pd.DataFrame            # latest year, all 98: geo_code, name, region, value, rank
    partnerships: list[dict] = field(default_factory=list)
    compare_codes: list[str] = field(default_factory=list)   # the reader's own comparison set (series "compare")
    group: int | None = None        # Statistics Denmark's municipality group, when peers="group"
    group_name: str = ""
    smallest_top: list[str] = field(default_factory=list)  # the k highest that are the k smallest (codes)


def smallest_at_top(latest: pd.DataFrame, populations: pd.DataFrame,
                    limit: int = SMALLEST_CONTEXT_RANKS) -> list[str]:
    """Codes of the municipalities at the top of the latest per-inhabitant list that are also the ones with the
    fewest inhabitants (ranks.smallest_at_top)."""
    return ranks.smallest_at_top(latest.set_index(latest["geo_code"].astype(str))["value"],
                                 populations.set_index(populations["geo_code"].astype(str))["population"], limit)


def build_profile(code: str, *, spend: pd.DataFrame, municipalities: pd.DataFrame, population: pd.DataFrame,
                  dk_partnerships: pd.DataFrame, catalogue: pd.DataFrame, peers: str = "size",
                  size_band: float = DEFAULT_SIZE_BAND, groups: pd.DataFrame | None = None,
                  compare: list[str] | tuple[str, ...] = ()) -> Profile:
    """Compute one municipality's profile from the tidy tables (pure; tests pass hand-made tables)."""
    code = str(code)
    munis = municipalities.assign(code=municipalities["code"].astype(str))
    me = munis.set_index("code").loc[code]
    pops = municipality_population(population)
    group = peer_codes(munis, pops, code, peers, size_band, groups)
    compare_codes = [str(c) for c in compare if str(c) != code]
    wide = spend_wide(spend)
    series = pd.DataFrame({
        "municipality": wide[code].astype(float),
        "national": wide[NATIONAL_CODE].astype(float),
        "region": weighted_mean_series(spend, population, region_codes(munis, me["region"]), wide),
        "peers": mean_series(spend, group, wide) if group else pd.Series(float("nan"), index=wide.index),
    })
    if compare_codes:
        series["compare"] = mean_series(spend, compare_codes, wide)
    ranks = rank_table(spend, wide)
    latest_year = int(wide.index.max())
    latest = munis[["code", "name", "region"]].rename(columns={"code": "geo_code"})
    latest = latest.assign(value=latest["geo_code"].map(wide.loc[latest_year]).astype(float),
                           rank=latest["geo_code"].map(ranks.loc[latest_year]).astype("Int64"))
    pop_row = pops.set_index("geo_code").loc[code]
    return Profile(code=code, name=str(me["name"]), region=str(me["region"]),
                   population=float(pop_row["population"]), population_period=str(pop_row["period"]),
                   peers=peers, size_band=size_band, peer_codes=group, series=series,
                   weight_years=weight_years(list(wide.index), population), rank=rank_move(ranks, code),
                   latest=latest.sort_values("value").reset_index(drop=True),
                   partnerships=partnerships_of(code, str(me["name"]), dk_partnerships, catalogue),
                   compare_codes=compare_codes, smallest_top=smallest_at_top(latest, pops),
                   **group_of(code, groups if peers == "group" else None))


def group_of(code: str, groups: pd.DataFrame | None) -> dict:
    """{group, group_name} of a municipality in Statistics Denmark's groups table (empty without the table)."""
    if groups is None:
        return {}
    row = groups[groups["code"].astype(str) == str(code)]
    return {"group": int(row["group"].iloc[0]), "group_name": str(row["group_name"].iloc[0])} if len(row) else {}


def weight_years_text(mapping: dict[int, int]) -> list[tuple[int, int, int]]:
    """Group accounts years by their population year: [(population_year, first_year, last_year), ...]."""
    groups: list[tuple[int, int, int]] = []
    for year in sorted(mapping):
        pop_year = mapping[year]
        if groups and groups[-1][0] == pop_year and groups[-1][2] == year - 1:
            groups[-1] = (pop_year, groups[-1][1], year)
        else:
            groups.append((pop_year, year, year))
    return groups


def short_period(period: str) -> str:
    """'2026M02' -> '2026-02', '2022Q1' -> '2022 Q1'; anything else unchanged."""
    if m := re.fullmatch(r"(\d{4})M(\d{2})", period):
        return f"{m[1]}-{m[2]}"
    if m := re.fullmatch(r"(\d{4})Q(\d)", period):
        return f"{m[1]} Q{m[2]}"
    return period


def pct_diff(value: float, reference: float) -> float:
    """How far value is above (+) or below (−) reference, in per cent of reference."""
    return (value / reference - 1.0) * 100.0


def real_terms(prof: Profile, cpi: pd.DataFrame) -> dict:
    """The municipality's spend per inhabitant from the first to the latest accounts year: the change in per cent in
    current prices and in real terms (deflated by the annual consumer price index), and the rise in prices."""
    s = prof.series["municipality"].dropna()
    y1, y2 = int(s.index.min()), int(s.index.max())
    return {"y1": y1, "y2": y2, "nominal": pct_diff(float(s[y2]), float(s[y1])),
            "real": prices.real_change_pct(float(s[y1]), y1, float(s[y2]), y2, cpi),
            "prices": prices.prices_change_pct(cpi, y1, y2)}


def latest_values(prof: Profile) -> dict[str, float]:
    """The latest year's figures of the series (NaN when a series is empty)."""
    row = prof.series.loc[prof.rank.latest_year]
    return {k: float(row[k]) for k in prof.series.columns}


def series_long(prof: Profile) -> pd.DataFrame:
    """The line chart's numbers: year, series, value (empty series dropped)."""
    long = prof.series.rename_axis("year").reset_index().melt(id_vars="year", var_name="series", value_name="value")
    return long.dropna(subset=["value"])


def dot_frame(prof: Profile) -> tuple[pd.DataFrame, float]:
    """The dot plot's data (every municipality, latest year) with the clipped x position, and the axis limit."""
    limit = axis_limit(prof.latest["value"])
    data = prof.latest.assign(plotted=prof.latest["value"].clip(upper=limit),
                              clipped=prof.latest["value"] > limit,
                              highlighted=prof.latest["geo_code"] == prof.code)
    return data, limit


def joint_licence_for(prof: Profile, facts: pd.DataFrame, population_source: str):
    """The joint-licence scenario for this municipality: its population at the sourced default fee."""
    from analysis.reports.scenarios import compute as models
    fee = models.defaults_from_facts(facts)["licence_per_citizen"]
    population = models.Assumption("population", prof.population, "inhabitants", population_source)
    return models.joint_licence(municipality=prof.name, population=population, licence_per_citizen=fee)


def licence_source_rows(prof: Profile, result, facts: pd.DataFrame, population: pd.DataFrame
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows behind the licence scenario's inputs: the fee's catalogue facts and the population rows used."""
    ids = [a.fact_id for a in result.assumptions if a.fact_id]
    pop_rows = population[(population["geo_code"].astype(str) == prof.code)
                          & (population["year"] == population["year"].max())]
    return facts[facts["fact_id"].astype(str).isin(ids)], pop_rows


def map_values(prof: Profile) -> tuple[dict[str, float], dict[str, str]]:
    """What the profile's map colours: code -> latest spend per inhabitant (NaN when none), and code -> name."""
    latest = prof.latest
    return (dict(zip(latest["geo_code"].astype(str), latest["value"].astype(float))),
            dict(zip(latest["geo_code"].astype(str), latest["name"].astype(str))))


def far_above(prof: Profile) -> pd.DataFrame:
    """The municipalities above the dot plot's axis limit (the small islands), highest first: name, value."""
    data, limit = dot_frame(prof)
    return data[data["clipped"]].sort_values("value", ascending=False)[["geo_code", "name", "value"]]
