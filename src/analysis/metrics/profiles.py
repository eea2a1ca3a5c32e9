"""Municipality profiles: peer groups, national and regional comparisons and ranks for one Danish municipality.

The pure functions take DataFrames (tidy tables as in docs/architecture.md), so tests can feed hand-made tables;
`load_table` caches the processed tables once per process, keyed on file modification time.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
from pydantic import Field, PrivateAttr, field_validator

from analysis import paths
from analysis.i18n import Words, fmt_kr, fmt_number, fmt_percent, t
from analysis.params import StepParams

SPEND_TABLE = "dk_regk31_64551_administration"
MUNICIPALITIES_TABLE = "dk_municipalities"
POPULATION_TABLE = "dk_population"
PARTNERSHIPS_TABLE = "dk_it_partnerships"
CATALOGUE_TABLE = "catalogue_partnerships"
NATIONAL_CODE = "000"
DEFAULT_SIZE_BAND = 0.25  # size peers: population within ±25 %


# ---------------------------------------------------------------------------------------------------------------
# Parameters

class ProfileParams(StepParams):
    """Parameters of one municipality profile; the name is resolved to its code before any kernel starts."""

    municipality: str = "København"
    peers: Literal["size", "region", "all"] = "size"
    size_band: float = Field(DEFAULT_SIZE_BAND, ge=0.05, le=1.0)

    descriptions = {
        "municipality": "Danish municipality (name; variants such as Aarhus/Århus or Copenhagen are accepted)",
        "peers": "peer group: size (population within the size band), region (same region), all (all others)",
        "size_band": "size peer group: population within ± this fraction of the municipality's (0.05–1.0)",
    }

    _code: str = PrivateAttr("")

    @field_validator("municipality")
    @classmethod
    def _known_municipality(cls, value: str) -> str:
        """Replace a name variant by the reference name; a misspelling raises ParameterError with suggestions."""
        return str(_lookup(value)["name"])

    @property
    def code(self) -> str:
        """The municipality's DAGI code (set by derive())."""
        return self._code

    def derive(self) -> "ProfileParams":
        """Resolve the municipality name to its code."""
        self._code = str(_lookup(self.municipality)["code"])
        return self


def _lookup(name: str) -> dict:
    """The reference row for a name or variant (cached reference table); ParameterError with close matches."""
    from analysis.data.reference import lookup_municipality
    return lookup_municipality(name, load_table(MUNICIPALITIES_TABLE))


# ---------------------------------------------------------------------------------------------------------------
# Cached table access (one read per process and file version)

def _mtime(name: str) -> int | None:
    base = paths.processed_dir() / name
    for suffix in (".parquet", ".csv"):
        path = base.with_suffix(suffix)
        if path.exists():
            return path.stat().st_mtime_ns
    return None


@functools.lru_cache(maxsize=32)
def _load_cached(name: str, root: str, mtime: int | None) -> pd.DataFrame:
    from analysis.data.tables import load
    return load(name)


def load_table(name: str) -> pd.DataFrame:
    """A processed table, read once per process while its file is unchanged. Do not modify the result."""
    return _load_cached(name, str(paths.root()), _mtime(name))


@functools.lru_cache(maxsize=64)
def _sources_cached(name: str, root: str, mtime: int | None, lang: str | None):
    from analysis import provenance
    from analysis.data import tables
    return provenance.source_line(name, lang) if lang else tables.sources(name)


def table_sources(name: str) -> list[dict]:
    """tables.sources(name), computed once per process and file version (a fresh list each call)."""
    return list(_sources_cached(name, str(paths.root()), _mtime(name), None))


def table_source_line(name: str, lang: str) -> str:
    """provenance.source_line(name, lang), computed once per process and file version."""
    return _sources_cached(name, str(paths.root()), _mtime(name), lang)


def all_municipalities() -> list[str]:
    """The names of the 98 Danish municipalities in the reference table (the `profiles` step's foreach values)."""
    return [str(n) for n in load_table(MUNICIPALITIES_TABLE)["name"]]


# ---------------------------------------------------------------------------------------------------------------
# Pure functions on tidy tables

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
               peers: str, size_band: float = DEFAULT_SIZE_BAND) -> list[str]:
    """Codes of the peer group of `code` (itself excluded): size band, same region, or all other municipalities."""
    code = str(code)
    table = municipalities.assign(code=municipalities["code"].astype(str))
    others = table[table["code"] != code]
    if peers == "all":
        return sorted(others["code"])
    if peers == "region":
        region = table.loc[table["code"] == code, "region"].iloc[0]
        return sorted(others.loc[others["region"] == region, "code"])
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


# ---------------------------------------------------------------------------------------------------------------
# One profile's figures, computed from the tables

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


def build_profile(code: str, *, spend: pd.DataFrame, municipalities: pd.DataFrame, population: pd.DataFrame,
                  dk_partnerships: pd.DataFrame, catalogue: pd.DataFrame, peers: str = "size",
                  size_band: float = DEFAULT_SIZE_BAND) -> Profile:
    """Compute one municipality's profile from the tidy tables (pure; tests pass hand-made tables)."""
    code = str(code)
    munis = municipalities.assign(code=municipalities["code"].astype(str))
    me = munis.set_index("code").loc[code]
    pops = municipality_population(population)
    group = peer_codes(munis, pops, code, peers, size_band)
    wide = spend_wide(spend)
    series = pd.DataFrame({
        "municipality": wide[code].astype(float),
        "national": wide[NATIONAL_CODE].astype(float),
        "region": weighted_mean_series(spend, population, region_codes(munis, me["region"]), wide),
        "peers": mean_series(spend, group, wide) if group else pd.Series(float("nan"), index=wide.index),
    })
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
                   partnerships=partnerships_of(code, str(me["name"]), dk_partnerships, catalogue))


def profile_for(params: ProfileParams) -> Profile:
    """The profile for validated parameters, from the cached processed tables."""
    return build_profile(params.code, spend=load_table(SPEND_TABLE), municipalities=load_table(MUNICIPALITIES_TABLE),
                         population=load_table(POPULATION_TABLE), dk_partnerships=load_table(PARTNERSHIPS_TABLE),
                         catalogue=load_table(CATALOGUE_TABLE), peers=params.peers, size_band=params.size_band)


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


# ---------------------------------------------------------------------------------------------------------------
# Report text (Danish and English); every number comes from a Profile


UNITS = {"da": "kr. pr. indbygger, løbende priser", "en": "DKK per inhabitant, current prices"}
SERIES_LABELS = {
    "municipality": None,  # the municipality's own name
    "national": {"da": "Hele landet", "en": "National figure"},
    "region": {"da": "Regionen (vægtet)", "en": "Region (weighted)"},
    "peers": {"da": "Sammenlignelige", "en": "Peers"},
}


def pct_diff(value: float, reference: float) -> float:
    """How far value is above (+) or below (−) reference, in per cent of reference."""
    return (value / reference - 1.0) * 100.0


def _ordinal(n: int, lang: str) -> str:
    if lang == "da":
        return f"{n}."
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _above_below(diff: float, lang: str) -> str:
    """'4.2% above' / '4,2 % under' (1 decimal, as computed)."""
    amount = fmt_percent(abs(diff), lang, 1)
    if lang == "da":
        return f"{amount} {'over' if diff >= 0 else 'under'}"
    return f"{amount} {'above' if diff >= 0 else 'below'}"


def latest_values(prof: Profile) -> dict[str, float]:
    """The latest year's figures of the four series (NaN when a series is empty)."""
    row = prof.series.loc[prof.rank.latest_year]
    return {k: float(row[k]) for k in prof.series.columns}


def title_text(prof: Profile, lang: str) -> str:
    """The report title, stating the finding."""
    v = latest_values(prof)
    year, kr = prof.rank.latest_year, fmt_kr(v["municipality"], lang)
    diff = _above_below(pct_diff(v["municipality"], v["national"]), lang)
    if lang == "da":
        return (f"{prof.name}: {kr} pr. indbygger til sekretariat og forvaltninger i {year}, "
                f"{diff} landstallet")
    return f"{prof.name}: {kr} per inhabitant on secretariats and administration in {year}, {diff} the national figure"


def header_markdown(prof: Profile, lang: str) -> str:
    """Region, population (with its date) and code."""
    pop = fmt_number(prof.population, lang)
    period = short_period(prof.population_period)
    if lang == "da":
        return (f"**Region:** {prof.region} · **Indbyggere:** {pop} ({period}, Danmarks Statistik) · "
                f"**Kommunekode:** {prof.code}")
    return f"**Region:** {prof.region} · **Population:** {pop} ({period}, Statistics Denmark) · **Code:** {prof.code}"


def no_partnerships_text(name: str, lang: str) -> str:
    """The plain statement for a municipality the data name in no partnership."""
    if lang == "da":
        return (f"Data viser ingen it-samarbejder for {name}: kommunen er ikke nævnt som medlem i listen over "
                f"danske it-samarbejder eller i samarbejdskataloget. Flere samarbejders medlemslister er "
                f"ufuldstændige i kilderne, så det betyder ikke nødvendigvis, at {name} ikke samarbejder.")
    return (f"The data show no IT partnership for {name}: it is not named as a member in the list of Danish IT "
            f"partnerships or in the partnership catalogue. Several partnerships' member lists are incomplete in "
            f"the sources, so this does not necessarily mean that {name} has none.")


def partnerships_frame(prof: Profile, lang: str) -> pd.DataFrame:
    """The partnerships as a table for publishing: name, start year, scope, source."""
    cols = {"da": ["Samarbejde", "Start", "Indhold", "Kilde"], "en": ["Partnership", "Start", "Scope", "Source"]}[lang]
    words = Words(None, lang)  # the catalogue's names and scopes in the reader's language (house tables by id)
    rows = [[words.lookup("partnership_names", p["id"], p["name"]) if p.get("id") else p["name"], p["since"],
             (words.lookup("partnership_scopes", p["id"], p["scope"]) if p.get("id") else p["scope"]) or "–",
             f"{p['publisher']}: {p['source_title']}".strip(": ")]
            for p in prof.partnerships]
    frame = pd.DataFrame(rows, columns=cols)
    frame[cols[1]] = frame[cols[1]].astype("Int64")
    return frame


def peer_description(prof: Profile, munis: pd.DataFrame, lang: str) -> str:
    """Who the peers are: the rule and, when few, their names."""
    names = munis.assign(code=munis["code"].astype(str)).set_index("code")["name"]
    k = len(prof.peer_codes)
    listed = ", ".join(names[c] for c in prof.peer_codes) if 0 < k <= 15 else ""
    if prof.peers == "size":
        low, high = size_band_limits(prof.population, prof.size_band)
        band = fmt_percent(prof.size_band * 100, lang, 0)
        rule = (f"kommuner med {fmt_number(low, lang)}–{fmt_number(high, lang)} indbyggere (±{band})" if lang == "da"
                else f"municipalities with {fmt_number(low, lang)}–{fmt_number(high, lang)} inhabitants (±{band})")
    elif prof.peers == "region":
        rule = f"de øvrige kommuner i {prof.region}" if lang == "da" else f"the other municipalities in {prof.region}"
    else:
        rule = "alle øvrige kommuner" if lang == "da" else "all other municipalities"
    if k == 0:
        return (f"Der er ingen sammenligningsgruppe: ingen andre end {prof.name} opfylder kriteriet, {rule}."
                if lang == "da" else f"There is no peer group: no municipality besides {prof.name} meets the rule, "
                f"{rule}.")
    count = (f"{k} kommuner" if k != 1 else "1 kommune") if lang == "da" else \
        (f"{k} municipalities" if k != 1 else "1 municipality")
    head = (f"Sammenligningsgruppen er {rule}: {count}" if lang == "da"
            else f"The peer group is {rule}: {count}")
    return head + (f" ({listed})." if listed else ".")


def comparison_markdown(prof: Profile, lang: str) -> str:
    """The latest year's figure against the national figure, the region's weighted mean and the peers."""
    v = latest_values(prof)
    year = prof.rank.latest_year
    kr = {k: fmt_kr(x, lang) for k, x in v.items()}
    nat = _above_below(pct_diff(v["municipality"], v["national"]), lang)
    reg = _above_below(pct_diff(v["municipality"], v["region"]), lang)
    if lang == "da":
        text = (f"I {year} brugte {prof.name} netto {kr['municipality']} pr. indbygger på funktion 6.45.51 "
                f"Sekretariat og forvaltninger: {nat} landstallet ({kr['national']}) og {reg} det befolkningsvægtede "
                f"gennemsnit for {prof.region} ({kr['region']}).")
        if not pd.isna(v["peers"]):
            text += (f" Gennemsnittet for sammenligningsgruppen (hver kommune tæller én gang) var {kr['peers']} "
                     f"({_above_below(pct_diff(v['municipality'], v['peers']), lang)} det).")
        return text
    text = (f"In {year} {prof.name} spent, net, {kr['municipality']} per inhabitant on function 6.45.51 "
            f"Secretariats and administrations: {nat} the national figure ({kr['national']}) and {reg} the "
            f"population-weighted mean of {prof.region} ({kr['region']}).")
    if not pd.isna(v["peers"]):
        text += (f" The mean of the peer group (each municipality counted once) was {kr['peers']} "
                 f"({prof.name} is {_above_below(pct_diff(v['municipality'], v['peers']), lang)} it).")
    return text


def weights_text(prof: Profile, lang: str) -> str:
    """Which year's population weights which accounts years."""
    parts = []
    for pop_year, first, last in weight_years_text(prof.weight_years):
        years = str(first) if first == last else f"{first}–{last}"
        parts.append(f"{pop_year} {'for' if lang == 'en' else 'til'} {years}")
    if lang == "da":
        return ("Regionsgennemsnittet er vægtet med kommunernes befolkning (FOLK1A/FOLK1AM) fra det nærmeste år med "
                "befolkningstal: " + ", ".join(parts) + ".")
    return ("The regional mean is weighted by the municipalities' population (FOLK1A/FOLK1AM) of the nearest year "
            "with population figures: " + ", ".join(parts) + ".")


def rank_text(prof: Profile, lang: str) -> str:
    """Rank among all municipalities in the latest year and how it moved."""
    r = prof.rank
    moved = r.change_since_first
    if lang == "da":
        text = (f"{prof.name} var nr. {r.latest_rank} af {r.n} i {r.latest_year} (nr. 1 har de højeste udgifter "
                f"pr. indbygger). I {r.first_year} var kommunen nr. {r.first_rank}")
        if r.previous_year is not None and r.previous_year != r.first_year:
            text += f", i {r.previous_year} nr. {r.previous_rank}"
        if moved == 0:
            return text + "; placeringen er den samme som i det første år."
        # a move up means its spend rose relative to the other municipalities', not that it spends more than all
        way = "op mod de kommuner, der bruger mest" if moved > 0 else "ned mod de kommuner, der bruger mindst"
        places = "plads" if abs(moved) == 1 else "pladser"
        return text + f"; den er rykket {abs(moved)} {places} {way}, siden {r.first_year}."
    text = (f"{prof.name} ranked {_ordinal(r.latest_rank, lang)} of {r.n} in {r.latest_year} (1st = highest spend "
            f"per inhabitant). In {r.first_year} it ranked {_ordinal(r.first_rank, lang)}")
    if r.previous_year is not None and r.previous_year != r.first_year:
        text += f", in {r.previous_year} {_ordinal(r.previous_rank, lang)}"
    if moved == 0:
        return text + "; the same place as in the first year."
    places = "place" if abs(moved) == 1 else "places"
    way = "up, towards the highest spenders" if moved > 0 else "down, towards the lowest spenders"
    return text + f"; it has moved {abs(moved)} {places} {way} since {r.first_year}."


def caveat_text(lang: str) -> str:
    """What the spend figure is and is not."""
    if lang == "da":
        return ("Funktion 6.45.51 Sekretariat og forvaltninger er kun en del af administrationen og er ikke "
                "it-udgifter. Beløbene er nettobeløb i løbende priser: de er ikke justeret for prisudvikling, "
                "fordi data ikke rummer en deflator.")
    return ("Function 6.45.51 Secretariats and administrations is only part of administration and is not IT "
            "spending. The amounts are net, in current prices: they are not adjusted for inflation, because the data "
            "hold no deflator.")


# ---------------------------------------------------------------------------------------------------------------
# Charts

def series_frame(prof: Profile, lang: str) -> pd.DataFrame:
    """The line chart's data: year, series, label, value (empty series dropped)."""
    labels = {k: (prof.name if v is None else t(v, lang)) for k, v in SERIES_LABELS.items()}
    labels["region"] = f"{prof.region} ({'vægtet' if lang == 'da' else 'weighted'})"
    labels["peers"] = f"{t(SERIES_LABELS['peers'], lang)} ({len(prof.peer_codes)})"
    long = prof.series.rename_axis("year").reset_index().melt(id_vars="year", var_name="series", value_name="value")
    long = long.dropna(subset=["value"])
    return long.assign(label=long["series"].map(labels))[["year", "series", "label", "value"]]


def line_title(prof: Profile, data: pd.DataFrame, lang: str) -> str:
    """The line chart's title, naming only the series it shows."""
    peers = bool(data["series"].eq("peers").any())
    if lang == "da":
        return (f"{prof.name} mod landstallet, regionen og sammenligningsgruppen" if peers
                else f"{prof.name} mod landstallet og regionen")
    return (f"{prof.name} against the national figure, its region and its peers" if peers
            else f"{prof.name} against the national figure and its region")


def dot_title(prof: Profile, data: pd.DataFrame, lang: str) -> str:
    """The dot plot's title, with this municipality's rank."""
    n, year, rank = len(data), prof.rank.latest_year, prof.rank.latest_rank
    if lang == "da":
        return f"Alle {n} kommuner i {year}: {prof.name} er nr. {rank}"
    return f"All {n} municipalities in {year}: {prof.name} ranks {_ordinal(rank, lang)}"


def line_figure(prof: Profile, data: pd.DataFrame, lang: str, source: str):
    """The municipality's line against the national figure, its region and its peers."""
    from analysis.figures import charts, style
    labels = dict(zip(data["series"], data["label"]))
    colors = {"municipality": style.HIGHLIGHT, "national": style.MID, "region": style.ACCENT, "peers": style.MUTED}
    return charts.line_chart(data, series="series", labels=labels, colors=colors, title=line_title(prof, data, lang),
                             units=t(UNITS, lang),
                             source=source, lang=lang, width="wide", decimals=0,
                             order=["peers", "region", "national", "municipality"])


def dot_frame(prof: Profile) -> tuple[pd.DataFrame, float]:
    """The dot plot's data (every municipality, latest year) with the clipped x position, and the axis limit."""
    limit = axis_limit(prof.latest["value"])
    data = prof.latest.assign(plotted=prof.latest["value"].clip(upper=limit),
                              clipped=prof.latest["value"] > limit,
                              highlighted=prof.latest["geo_code"] == prof.code)
    return data, limit


def axis_text(data: pd.DataFrame, limit: float, lang: str) -> str:
    """Says how the axis handles the far outliers, with their values."""
    far = data[data["clipped"]].sort_values("value", ascending=False)
    lim = fmt_kr(limit, lang)
    if far.empty:
        return ("Aksen viser alle kommuner." if lang == "da" else "The axis shows every municipality.")
    listed = ", ".join(f"{r['name']} {fmt_kr(r['value'], lang)}" for _, r in far.iterrows())
    if lang == "da":
        return (f"Aksen stopper ved {lim} (øvre kvartil plus tre gange kvartilafstanden), så de {len(far)} kommuner "
                f"langt over resten ikke presser de andre sammen: de er tegnet som ▶ ved kanten med deres værdi "
                f"({listed}).")
    return (f"The axis stops at {lim} (the upper quartile plus three interquartile ranges) so that the {len(far)} "
            f"municipalities far above the rest do not squash the others: they are drawn as ▶ at the edge with their "
            f"values ({listed}).")


def dot_figure(prof: Profile, data: pd.DataFrame, limit: float, national: float, lang: str, source: str):
    """All municipalities in the latest year, one row per region, this one highlighted and labelled."""
    from analysis.figures import style
    fig, ax = style.new_figure("wide", height=3.9)
    regions = list(dict.fromkeys(data.sort_values("region")["region"]))
    ypos = {r: i for i, r in enumerate(reversed(regions))}
    data = data.sort_values("value")
    offsets = data.groupby("region").cumcount().mod(3).sub(1).mul(0.17)
    y = data["region"].map(ypos) + offsets
    normal = ~data["clipped"] & ~data["highlighted"]
    ax.scatter(data.loc[normal, "plotted"], y[normal], s=22, color=style.MUTED, edgecolor="white", linewidth=0.4,
               zorder=2)
    far = data["clipped"] & ~data["highlighted"]
    ax.scatter(data.loc[far, "plotted"], y[far], s=30, marker=">", color=style.MID, zorder=2)
    for (_, row), yy in zip(data[far].iterrows(), y[far]):
        ax.annotate(f"{row['name']} {fmt_number(row['value'], lang)}", (row["plotted"], yy), xytext=(-7, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=7.5, color=style.SUBTLE)
    me = data[data["highlighted"]]
    me_clipped = bool(me["clipped"].iloc[0])
    ax.scatter(me["plotted"], y[data["highlighted"]], s=70, marker=">" if me_clipped else "o",
               color=style.HIGHLIGHT, edgecolor="white", linewidth=0.8, zorder=4)
    ax.annotate(f"{prof.name} {fmt_number(float(me['value'].iloc[0]), lang)}",
                (float(me["plotted"].iloc[0]), float(y[data["highlighted"]].iloc[0])),
                xytext=(-9, 0) if me_clipped else (0, 9), textcoords="offset points",
                ha="right" if me_clipped else "center", va="center" if me_clipped else "bottom",
                fontsize=9, fontweight="bold",
                color=style.HIGHLIGHT, zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    ax.axvline(national, color=style.MID, linestyle="--", linewidth=1, zorder=1)
    ax.annotate(f"{t(SERIES_LABELS['national'], lang)} {fmt_number(national, lang)}", (national, len(regions) - 0.5),
                xytext=(4, 0), textcoords="offset points", fontsize=8, color=style.MID, va="bottom")
    ax.set_yticks(list(ypos.values()), list(ypos.keys()))
    ax.set_ylim(-0.6, len(regions) - 0.3)
    ax.set_xlim(float(data["value"].min()) * 0.92, limit * 1.02)
    ax.grid(axis="x", visible=True)
    ax.grid(axis="y", visible=False)
    style.format_axis(ax, lang, "x", decimals=0)
    style.unit_label(ax, t(UNITS, lang), axis="x")
    style.finish(fig, title=dot_title(prof, data, lang), source=source)
    fig._workbench.update(kind="profile_dot", units=t(UNITS, lang), lang=lang)
    return fig


def dot_alt(prof: Profile, data: pd.DataFrame, lang: str) -> str:
    """Alt text of the dot plot, from its data."""
    lo, hi = data.loc[data["value"].idxmin()], data.loc[data["value"].idxmax()]
    me = float(data.loc[data["highlighted"], "value"].iloc[0])
    if lang == "da":
        return (f"Punktdiagram over {len(data)} kommuner i {prof.rank.latest_year} ({t(UNITS, lang)}): lavest "
                f"{lo['name']} ({fmt_number(lo['value'], lang)}), højest {hi['name']} "
                f"({fmt_number(hi['value'], lang)}); "
                f"{prof.name} {fmt_number(me, lang)} (nr. {prof.rank.latest_rank}).")
    return (f"Dot plot of {len(data)} municipalities in {prof.rank.latest_year} ({t(UNITS, lang)}): lowest "
            f"{lo['name']} ({fmt_number(lo['value'], lang)}), highest {hi['name']} ({fmt_number(hi['value'], lang)}); "
            f"{prof.name} {fmt_number(me, lang)} (rank {prof.rank.latest_rank}).")


# ---------------------------------------------------------------------------------------------------------------
# Joint licence scenario, key findings and methods

FACTS_TABLE = "catalogue_facts"


def joint_licence_for(prof: Profile, facts: pd.DataFrame):
    """The joint-licence scenario for this municipality: its population at the sourced default fee."""
    from analysis.reports.scenarios import compute as models
    fee = models.defaults_from_facts(facts)["licence_per_citizen"]
    population = models.Assumption("population", prof.population, "inhabitants",
                                   f"Danmarks Statistik, {short_period(prof.population_period)}")
    return models.joint_licence(municipality=prof.name, population=population, licence_per_citizen=fee)


def licence_sources(prof: Profile, result, facts: pd.DataFrame, population: pd.DataFrame) -> list[dict]:
    """Sources of the licence scenario's inputs: the fee's catalogue fact and the population rows used."""
    from analysis.data import tables
    ids = [a.fact_id for a in result.assumptions if a.fact_id]
    pop_rows = population[(population["geo_code"].astype(str) == prof.code)
                          & (population["year"] == population["year"].max())]
    return tables.sources(facts[facts["fact_id"].astype(str).isin(ids)]) + tables.sources(pop_rows)


def licence_table(result, lang: str) -> pd.DataFrame:
    """The licence scenario's inputs with their sources (the scenario model's own table)."""
    from analysis.reports.scenarios.page import assumptions_table
    return assumptions_table(result.assumptions, lang)


def licence_formats(table: pd.DataFrame, lang: str) -> dict:
    """Cell formats for licence_table: each value with the decimals it has, in the report language."""
    from analysis.reports.scenarios.page import format_value
    return {table.columns[1]: lambda v: format_value(v, lang)}


def licence_text(prof: Profile, result, lang: str) -> str:
    """What the user-club licence would cost this municipality, and how to get the saving."""
    fee = next(a for a in result.assumptions if a.key == "licence_per_citizen")
    cost, per = fmt_kr(result.club_cost, lang), fmt_kr(result.licence_per_citizen, lang)
    pop = fmt_number(result.population, lang)
    cmd = f"workbench run --only scenarios --set municipality={prof.name} --set current_licence_cost=…"
    cmd = f"“{cmd}”"
    if lang == "da":
        return (f"Med brugerklubbens licens på {per} pr. borger ({fee.source}) ville en fælles licens koste "
                f"{prof.name} med {pop} indbyggere {cost} om året. Data rummer ikke {prof.name}s nuværende "
                f"licensudgift, så besparelsen kan ikke beregnes her. Scenariet med den nuværende udgift: {cmd}.")
    return (f"At the user club's licence of {per} per citizen ({fee.source}), a joint licence would cost {prof.name}, "
            f"with {pop} inhabitants, {cost} a year. The data hold no current licence cost for {prof.name}, so the "
            f"saving cannot be computed here. The scenario with the current cost: {cmd}.")


def findings(prof: Profile, lang: str) -> list:
    """The key findings, each number recorded with the table rows it comes from."""
    from analysis.report import Finding
    v, r = latest_values(prof), prof.rank
    year, code = r.latest_year, prof.code
    diff = pct_diff(v["municipality"], v["national"])
    moved = r.change_since_first
    if lang == "da":
        texts = [f"{prof.name} brugte {fmt_kr(v['municipality'], lang)} pr. indbygger på sekretariat og "
                 f"forvaltninger (funktion 6.45.51) i {year}.",
                 f"Det er {_above_below(diff, lang)} landstallet ({fmt_kr(v['national'], lang)}).",
                 f"Nr. {r.latest_rank} af {r.n} kommuner i {year} (nr. 1 = højeste udgift pr. indbygger).",
                 (f"Placeringen er rykket {abs(moved)} {'plads' if abs(moved) == 1 else 'pladser'} "
                  f"{'op' if moved > 0 else 'ned'} siden {r.first_year} "
                  f"(nr. {r.first_rank})." if moved else f"Samme placering som i {r.first_year}."),
                 (f"Data nævner kommunen i {len(prof.partnerships)} it-samarbejde"
                  f"{'r' if len(prof.partnerships) > 1 else ''}."
                  if prof.partnerships else "Data nævner ikke kommunen i noget it-samarbejde.")]
    else:
        texts = [f"{prof.name} spent {fmt_kr(v['municipality'], lang)} per inhabitant on secretariats and "
                 f"administration (function 6.45.51) in {year}.",
                 f"That is {_above_below(diff, lang)} the national figure ({fmt_kr(v['national'], lang)}).",
                 f"Ranked {_ordinal(r.latest_rank, lang)} of {r.n} municipalities in {year} (1st = highest spend per "
                 f"inhabitant).",
                 (f"It has moved {abs(moved)} place{'s' if abs(moved) != 1 else ''} "
                  f"{'up' if moved > 0 else 'down'} since {r.first_year} ({_ordinal(r.first_rank, lang)})."
                  if moved else f"The same place as in {r.first_year}."),
                 (f"The data name it in {len(prof.partnerships)} IT partnership"
                  f"{'s' if len(prof.partnerships) > 1 else ''}." if prof.partnerships
                  else "The data name it in no IT partnership.")]
    return [
        Finding(texts[0], v["municipality"], t(UNITS, "en"), SPEND_TABLE, geo=code, year=year, how="value",
                id="spend", link="#fig-spend_over_time"),
        Finding(texts[1], diff, "percent", SPEND_TABLE, geo=[code, NATIONAL_CODE], year=year, how="pct_diff",
                id="vs-national", link="#fig-spend_over_time"),
        Finding(texts[2], r.latest_rank, "rank", SPEND_TABLE, geo=code, year=year, how="rank",
                query={"among": "municipality", "order": "descending", "ties": "min"}, id="rank",
                link="#fig-all_municipalities"),
        Finding(texts[3], moved, "places", SPEND_TABLE, geo=code, year=[r.first_year, year], how="rank_change",
                query={"among": "municipality", "order": "descending", "sign": "first_rank - latest_rank"},
                id="rank-change"),
        Finding(texts[4], len(prof.partnerships), "partnerships", PARTNERSHIPS_TABLE, geo=code, how="count",
                query={"also": CATALOGUE_TABLE}, id="partnerships"),
    ]


def methods_points(prof: Profile, lang: str) -> list[str]:
    """How the figures were computed."""
    if lang == "da":
        return ["Udgifter pr. indbygger: Danmarks Statistik REGK31, funktion 6.45.51, art I alt (netto), kr. pr. "
                "indbygger i løbende priser, for alle regnskabsår i data.",
                "Landstallet er Danmarks Statistiks eget tal for Hele landet; det er ikke beregnet her.",
                weights_text(prof, lang),
                "Sammenligningsgruppen vælges med parameteren peers (size: befolkning inden for ± size_band af "
                "kommunens; region: samme region; all: alle andre) ud fra det seneste befolkningstal; dens "
                "gennemsnit tæller hver kommune én gang.",
                "Placering: 1 er den højeste udgift pr. indbygger blandt de 98 kommuner; lige store værdier deler "
                "den bedste placering."]
    return ["Spend per inhabitant: Statistics Denmark REGK31, function 6.45.51, art 'I alt (netto)', DKK per "
            "inhabitant in current prices, for every accounts year in the data.",
            "The national figure is Statistics Denmark's own figure for the whole country; it is not computed here.",
            weights_text(prof, lang),
            "The peer group is chosen by the parameter peers (size: population within ± size_band of the "
            "municipality's; region: same region; all: every other) from the latest population; its mean counts "
            "each municipality once.",
            "Rank: 1 is the highest spend per inhabitant among the 98 municipalities; equal values share the best "
            "rank."]
