"""Computations of the partnerships report, inter-municipal IT partnerships: who works with whom, what they claim to save, and SSB's
figures on ICT cooperation by task and county (Norway, 2003-2004, year labels inferred)."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd

from analysis.errors import ParameterError, suggest
from analysis.i18n import danish_key

COOP = "ssb_ikt_intermunicipal_cooperation_2003_2004"
TASK_PREFIX = "Share cooperating with other authorities/municipalities on ICT task: "
MUNICIPALITIES = "municipalities (kommuner)"
COUNTY_AUTHORITIES = "county authorities (fylkeskommuner)"
SMALL = "municipalities (kommuner), less than 15 000 inhabitants"
LARGE = "municipalities (kommuner), more than 15 000 inhabitants"
# SSB's eight task names in the order tables show them (their labels: text.yaml, table 'tasks').
TASK_ORDER = ("Development of IT strategy", "Joint website/portal", "Establishment of IT infrastructure",
              "Development or obtaining of applications", "Operation of servers and/or pc-environments",
              "IT education of users", "Support", "Purchasing of products and services through the Internet")


def task_of(indicator: str) -> str:
    """SSB's task name from a cooperation indicator ('Share cooperating ... task: Support' -> 'Support')."""
    return str(indicator).removeprefix(TASK_PREFIX)


def cooperation_years(coop: pd.DataFrame) -> list[int]:
    """Years present in the cooperation table."""
    return sorted(int(y) for y in coop["year"].dropna().unique())


def reportable_years(coop: pd.DataFrame) -> list[int]:
    """Years with national figures for both municipalities and county authorities (what the report charts)."""
    national = coop[(coop["geo_level"] == "country") & coop["value"].notna()]
    have = set(zip(national["year"].astype(int), national["sector"]))
    return [y for y in cooperation_years(coop) if all((y, s) in have for s in (MUNICIPALITIES, COUNTY_AUTHORITIES))]


def check_year(coop: pd.DataFrame, year: int, parameter: str = "cooperation_year") -> int:
    """Return year if the table has it, else raise ParameterError naming the valid years."""
    years = cooperation_years(coop)
    if int(year) not in years:
        raise ParameterError(f"parameter '{parameter}': no cooperation figures for {year}",
                             valid=", ".join(map(str, years)))
    return int(year)


def cooperation_by_task(coop: pd.DataFrame, year: int,
                        sectors: tuple[str, ...] = (MUNICIPALITIES, COUNTY_AUTHORITIES)) -> pd.DataFrame:
    """National shares cooperating on each task in year, one row per task and sector (missing kept as NaN)."""
    check_year(coop, year)
    rows = coop[(coop["year"] == year) & (coop["geo_level"] == "country") & coop["sector"].isin(sectors)]
    out = pd.DataFrame({
        "year": rows["year"].astype(int).to_numpy(),
        "sector": rows["sector"].to_numpy(),
        "task": rows["indicator"].map(task_of).to_numpy(),
        "value": rows["value"].astype(float).to_numpy(),
        "unit": rows["unit"].to_numpy(),
    })
    order = {s: i for i, s in enumerate(sectors)}
    out["_o"] = out["sector"].map(order)
    return out.sort_values(["_o", "value"], ascending=[True, False]).drop(columns="_o").reset_index(drop=True)


def top_task(coop: pd.DataFrame, year: int, sector: str) -> pd.Series:
    """The task with the highest national share for sector in year (row with task, value)."""
    rows = cooperation_by_task(coop, year, (sector,)).dropna(subset=["value"])
    if rows.empty:
        raise ParameterError(f"no national cooperation figures for '{sector}' in {year}",
                             valid=", ".join(sorted(coop["sector"].unique())))
    return rows.sort_values("value", ascending=False, kind="stable").iloc[0]


def cooperation_change(coop: pd.DataFrame, base: int, year: int,
                       sector: str = MUNICIPALITIES) -> pd.DataFrame:
    """Per task: national share in base and in year for sector, and the change in percentage points."""
    a = cooperation_by_task(coop, base, (sector,))[["task", "value"]].rename(columns={"value": "base"})
    b = cooperation_by_task(coop, year, (sector,))[["task", "value"]].rename(columns={"value": "latest"})
    out = a.merge(b, on="task", how="outer")
    out["change"] = out["latest"] - out["base"]
    out.insert(0, "sector", sector)
    out["base_year"], out["year"] = base, year
    return out.sort_values("change", ascending=False).reset_index(drop=True)


def size_gap(coop: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per task: share among small (<15,000) and large municipalities, and small minus large (points)."""
    small = cooperation_by_task(coop, year, (SMALL,))[["task", "value"]].rename(columns={"value": "small"})
    large = cooperation_by_task(coop, year, (LARGE,))[["task", "value"]].rename(columns={"value": "large"})
    out = small.merge(large, on="task", how="inner")
    out["gap"] = out["small"] - out["large"]
    return out.sort_values("gap", ascending=False).reset_index(drop=True)


def size_limit(sector: str) -> int:
    """The inhabitants boundary in an SSB size-class label ('... less than 15 000 inhabitants' -> 15000)."""
    found = re.search(r"(\d[\d ]*\d)\s+inhabitants", sector)
    if not found:
        raise ParameterError(f"no size boundary in sector label '{sector}'")
    return int(found.group(1).replace(" ", ""))


def cooperation_by_county(coop: pd.DataFrame, year: int) -> pd.DataFrame:
    """County × task table of the share of the county's municipalities cooperating, in year."""
    check_year(coop, year)
    rows = coop[(coop["year"] == year) & (coop["geo_level"] != "country")]
    wide = rows.assign(task=rows["indicator"].map(task_of)).pivot(
        index="geo_code", columns="task", values="value")
    tasks = [t for t in TASK_ORDER if t in wide.columns] + [t for t in wide.columns if t not in TASK_ORDER]
    wide = wide[tasks]
    wide.columns.name = None
    names = rows.drop_duplicates("geo_code").set_index("geo_code")["geography"]
    wide.insert(0, "geography", names.reindex(wide.index))
    return wide.reset_index().sort_values("geo_code").reset_index(drop=True)


def county_extremes(coop: pd.DataFrame, year: int, task: str) -> tuple[dict, dict]:
    """(highest, lowest) county for one task in year: {'geography': names of all tied counties, 'value'}."""
    table = cooperation_by_county(coop, year)
    if task not in table.columns:
        raise ParameterError(f"unknown task '{task}'{suggest(task, table.columns[2:])}",
                             valid="; ".join(table.columns[2:]))
    col = table[["geography", task]].dropna().rename(columns={task: "value"})
    col = col.sort_values("value", ascending=False, kind="stable")

    def tied(value: float) -> dict:
        return {"geography": list(col.loc[col["value"] == value, "geography"]), "value": float(value)}

    return tied(col["value"].iloc[0]), tied(col["value"].iloc[-1])


def coverage_notes(coop: pd.DataFrame) -> list[str]:
    """Distinct caveat notes of the cooperation table (inferred years, truncation), as printed."""
    notes = coop["note"].dropna().astype(str)
    return sorted(set(n for n in notes if n))


def is_truncated(coop: pd.DataFrame) -> bool:
    """True when the table's notes say the source excerpt was truncated."""
    return any("TRUNCATED" in n.upper() for n in coverage_notes(coop))


def years_inferred(coop: pd.DataFrame) -> bool:
    """True when the table's notes say the year labels were inferred."""
    return any("INFERRED" in n.upper() for n in coverage_notes(coop))


# --- the catalogue: partnerships and their members --------------------------------------------

def _split_members(members) -> list[str]:
    """Member names from the catalogue's ';'-separated field (or a list)."""
    if isinstance(members, (list, tuple)):
        return [str(m).strip() for m in members if str(m).strip()]
    if members is None or (isinstance(members, float) and members != members):
        return []
    return [m.strip() for m in str(members).split(";") if m.strip()]


def catalogue(partnerships: pd.DataFrame, countries: list[str] | tuple[str, ...] = ("DK", "NO")) -> pd.DataFrame:
    """The partnership catalogue for countries: name, members (named), member count, start year, scope."""
    rows = partnerships[partnerships["country"].isin(list(countries))].copy()
    out = pd.DataFrame({
        "partnership_id": rows["partnership_id"].astype(str),
        "name": rows["name"].astype(str),
        "country": rows["country"].astype(str),
        "members": rows["members"].map(lambda m: ", ".join(_split_members(m))),
        "named_members": rows["members"].map(lambda m: len(_split_members(m))).astype(int),
        "member_count": pd.to_numeric(rows["member_count"], errors="coerce").astype("Int64"),
        "since": pd.to_numeric(rows["since"], errors="coerce").astype("Int64"),
        "scope": rows["scope"].fillna("").astype(str),
        "note": rows["note"].fillna("").astype(str),
        "source": rows["publisher"].fillna("").astype(str),
    })
    return out.sort_values(["country", "since", "partnership_id"], na_position="last").reset_index(drop=True)


def member_rows(partnerships: pd.DataFrame, dk_members: pd.DataFrame | None = None,
                countries: list[str] | tuple[str, ...] = ("DK", "NO")) -> pd.DataFrame:
    """One row per (partnership, named member municipality) from the catalogue and the Danish member list.

    A Danish-list partnership with the same members and start year as a catalogue entry is the same
    partnership and keeps the catalogue's name.
    """
    cat = catalogue(partnerships, countries)
    rows = [{"partnership": r.name, "country": r.country, "municipality": m, "since": r.since,
             "source": r.source}
            for r in cat.itertuples() for m in _split_members(r.members.replace(", ", ";"))]
    out = pd.DataFrame(rows, columns=["partnership", "country", "municipality", "since", "source"])
    if dk_members is not None and "DK" in countries and not dk_members.empty:
        flags = dk_members[dk_members["indicator"].astype(str).str.startswith("member:")]
        extra = pd.DataFrame({
            "partnership": flags["indicator"].astype(str).str.removeprefix("member:").to_numpy(),
            "country": "DK",
            "municipality": flags["geography"].astype(str).to_numpy(),
            "since": pd.to_numeric(flags["year"], errors="coerce").astype("Int64").to_numpy(),
            "source": flags["publisher"].astype(str).to_numpy(),
        })
        known = {(frozenset(g["municipality"]), g["since"].iloc[0]): name
                 for name, g in out.groupby("partnership")}
        rename = {}
        for name, g in extra.groupby("partnership"):
            key = (frozenset(g["municipality"]), g["since"].iloc[0])
            if key in known:
                rename[name] = known[key]
        extra = extra[~extra["partnership"].isin(rename)]
        out = pd.concat([out, extra], ignore_index=True)
    out["since"] = out["since"].astype("Int64")
    return out.drop_duplicates(["partnership", "municipality"]).reset_index(drop=True)


def municipality_links(members: pd.DataFrame) -> pd.DataFrame:
    """Per municipality: how many listed partnerships it is in, which, and how many distinct partners."""
    rows = []
    for (country, muni), g in members.groupby(["country", "municipality"]):
        parts = sorted(g["partnership"].unique(), key=danish_key)
        partners = set(members[members["partnership"].isin(parts)]["municipality"]) - {muni}
        rows.append({"municipality": muni, "country": country, "partnerships": len(parts),
                     "partners": len(partners), "partnership_names": "; ".join(parts)})
    out = pd.DataFrame(rows, columns=["municipality", "country", "partnerships", "partners",
                                      "partnership_names"])
    return out.sort_values(["partnerships", "partners", "municipality"], ascending=[False, False, True],
                           key=lambda col: col.map(danish_key) if col.name == "municipality" else col
                           ).reset_index(drop=True)


# --- facts about partnerships: savings, SBSYS, shared operations ------------------------------

def _tokens(text: str) -> set[str]:
    """Lower-case words of 4+ letters (names of places and partnerships) in text."""
    return {w.lower() for w in re.findall(r"[\wÆØÅæøå-]{4,}", str(text))}


_GENERIC = {"municipal", "municipalities", "municipality", "partnership", "kommune", "kommuner",
            "hosted", "analysis", "operations", "shared", "cooperation", "coordination", "merger",
            "digitalisation", "west", "outsourced"}


def link_fact(entity: str, indicator: str, partnerships: pd.DataFrame) -> str | None:
    """The partnership_id a catalogue fact is about: its entity names a subset of the members or
    shares a distinctive word with the partnership's name; None when no partnership matches."""
    names = {n.strip().lower() for n in re.split(r"[;,()]", str(entity)) if n.strip()}
    words = (_tokens(entity) | _tokens(indicator)) - _GENERIC
    for r in partnerships.itertuples():
        members = {m.lower() for m in _split_members(r.members)}
        if names and names <= members:
            return r.partnership_id
        name_words = _tokens(re.sub(r"\(.*?\)", "", r.name)) - _GENERIC
        if name_words & words:
            return r.partnership_id
    return None


def claimed_savings(facts: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """Catalogue facts that state a saving and belong to a listed partnership, with the partnership."""
    rows = facts[facts["indicator"].astype(str).str.contains("saving", case=False)].copy()
    rows["partnership_id"] = [link_fact(e, i, partnerships)
                              for e, i in zip(rows["entity"], rows["indicator"])]
    rows = rows.dropna(subset=["partnership_id"])
    names = partnerships.set_index("partnership_id")["name"]
    rows["partnership"] = rows["partnership_id"].map(names)
    cols = ["fact_id", "partnership_id", "partnership", "country", "entity", "year", "indicator", "value",
            "unit", "value_as_printed", "note", "publisher"]
    return rows[cols].reset_index(drop=True)


def partnership_facts(facts: pd.DataFrame, partnerships: pd.DataFrame, partnership_id: str) -> pd.DataFrame:
    """Every catalogue fact linked to one partnership (e.g. SBSYS members, licence, savings)."""
    if partnership_id not in set(partnerships["partnership_id"]):
        raise ParameterError(f"unknown partnership '{partnership_id}'"
                             f"{suggest(partnership_id, partnerships['partnership_id'])}",
                             valid=", ".join(partnerships["partnership_id"]))
    ids = [link_fact(e, i, partnerships) for e, i in zip(facts["entity"], facts["indicator"])]
    return facts[[i == partnership_id for i in ids]].reset_index(drop=True)


def find_partnership(partnerships: pd.DataFrame, word: str) -> str:
    """partnership_id of the one partnership whose name contains word (case-insensitive)."""
    hits = partnerships[partnerships["name"].str.contains(word, case=False, regex=False)]
    if len(hits) != 1:
        raise ParameterError(f"'{word}' matches {len(hits)} partnerships, expected one",
                             valid="; ".join(partnerships["name"]))
    return str(hits["partnership_id"].iloc[0])


def fact_value(facts: pd.DataFrame, indicator: str, year=None) -> float:
    """The single value of a fact by its indicator (and year); raises DataError-like ParameterError otherwise."""
    rows = facts[facts["indicator"] == indicator]
    if year is not None:
        rows = rows[pd.to_numeric(rows["year"], errors="coerce") == year]
    rows = rows.dropna(subset=["value"])
    if len(rows) != 1:
        raise ParameterError(f"expected one value for '{indicator}' ({year}), found {len(rows)}",
                             valid="; ".join(sorted(set(facts["indicator"].astype(str)))[:10]))
    return float(rows["value"].iloc[0])


def country_counts(cat: pd.DataFrame) -> dict[str, int]:
    """Number of catalogue partnerships per country."""
    return {str(k): int(v) for k, v in cat.groupby("country").size().items()}


def with_region(links: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """links plus the Danish region of each member (by exact name); empty for Norway and for names
    that are not today's municipalities (e.g. those merged in 2007)."""
    regions = municipalities.drop_duplicates("name").set_index("name")["region"]
    out = links.copy()
    out["region"] = [regions.get(m) if c == "DK" else None for m, c in zip(out["municipality"], out["country"])]
    return out


# --- the map: which Danish municipalities belong to which partnership -------------------------

# Kinds of partnership, from the catalogue's scope (or the name of a Danish-list partnership), first match wins.
KINDS = (("analysis", r"analys"), ("operations", r"operation|drift"), ("system", r"system"),
         ("digitalisation", r"digitali"))
KIND_ORDER = ("operations", "system", "digitalisation", "analysis")
FOUNDER = " (founder)"


def partnership_kind(text: str) -> str:
    """The kind of a partnership from its scope or name: analysis, operations, system or digitalisation."""
    for kind, pattern in KINDS:
        if re.search(pattern, str(text), flags=re.IGNORECASE):
            return kind
    return "digitalisation"


def map_members(partnerships: pd.DataFrame, members: pd.DataFrame, dk_list: pd.DataFrame) -> pd.DataFrame:
    """One row per (Danish partnership, member with a current municipality code): the catalogue's coded members
    (catalogue_partnership_members) plus the Danish member list (dk_it_partnerships); a list partnership with the
    same members as a catalogue one is that partnership. Members with no current code (pre-2007
    municipalities) are left out. Columns: key, partnership, kind, since, code, municipality, publisher,
    source_url, members_known (the member count a source gives, when larger than the named members)."""
    cat = partnerships[partnerships["country"] == "DK"].set_index("partnership_id")
    coded = members[(members["country"] == "DK") & members["municipality_code"].fillna("").astype(str).str.len().gt(0)]
    rows = [{"key": r.partnership_id, "partnership": cat.loc[r.partnership_id, "name"],
             "kind": partnership_kind(cat.loc[r.partnership_id, "scope"]),
             "since": cat.loc[r.partnership_id, "since"], "code": str(r.municipality_code),
             "municipality": r.member, "publisher": r.publisher, "source_url": r.source_url}
            for r in coded.itertuples() if r.partnership_id in cat.index]
    out = pd.DataFrame(rows, columns=["key", "partnership", "kind", "since", "code", "municipality", "publisher",
                                      "source_url"])
    known = {k: set(g["code"]) for k, g in out.groupby("key")}
    flags = dk_list[dk_list["indicator"].astype(str).str.startswith("member:") & dk_list["geo_code"].astype(str)
                    .str.len().gt(0)]
    for name, g in flags.groupby(flags["indicator"].astype(str).str.removeprefix("member:"), sort=False):
        codes = set(g["geo_code"].astype(str))
        if any(codes == v for v in known.values()):
            continue
        out = pd.concat([out, pd.DataFrame({
            "key": name, "partnership": name, "kind": partnership_kind(name),
            "since": pd.to_numeric(g["year"], errors="coerce").min(), "code": g["geo_code"].astype(str),
            "municipality": g["geography"].astype(str), "publisher": g["publisher"].astype(str),
            "source_url": g["source_url"].astype(str)})], ignore_index=True)
    counts = dk_list[dk_list["indicator"].astype(str).isin(["member_municipalities", "member_organisations"])]
    total = {}
    for key in out["key"].unique():
        if key in cat.index:
            total[key] = pd.to_numeric(pd.Series([cat.loc[key, "member_count"]]), errors="coerce").iloc[0]
        else:
            hits = counts[counts["geography"].astype(str) == key.removesuffix(FOUNDER)]
            hits = hits.assign(y=pd.to_numeric(hits["year"], errors="coerce")).sort_values("y", na_position="first")
            total[key] = float(hits["value"].iloc[-1]) if len(hits) else float("nan")
    out["since"] = pd.to_numeric(out["since"], errors="coerce").astype("Int64")
    named = out.groupby("key")["code"].nunique()
    out["members_known"] = [int(total[k]) if total[k] == total[k] and total[k] > named[k] else pd.NA
                            for k in out["key"]]
    out["members_known"] = out["members_known"].astype("Int64")
    out["_k"] = out["kind"].map({k: i for i, k in enumerate(KIND_ORDER)})
    out = out.drop_duplicates(["key", "code"]).sort_values(["_k", "since", "key", "code"], na_position="last")
    return out.drop(columns="_k").reset_index(drop=True)


def membership_counts(mapped: pd.DataFrame) -> pd.DataFrame:
    """Per municipality on the map: the number of mapped partnerships it is in and their keys (in map order)."""
    order = list(dict.fromkeys(mapped["key"]))
    rows = [{"code": code, "municipality": g["municipality"].iloc[0], "partnerships": g["key"].nunique(),
             "keys": sorted(set(g["key"]), key=order.index)} for code, g in mapped.groupby("code")]
    return pd.DataFrame(rows, columns=["code", "municipality", "partnerships", "keys"]).sort_values(
        ["partnerships", "municipality"], ascending=[False, True]).reset_index(drop=True)


def derive(t: dict[str, pd.DataFrame], P) -> SimpleNamespace:
    """Everything the report shows, from its tables (keyed by table name): frames and numbers, no text."""
    D = SimpleNamespace()
    coop, partnerships, facts = t[COOP], t["catalogue_partnerships"], t["catalogue_facts"]
    D.year = check_year(coop, P.cooperation_year)
    D.years = cooperation_years(coop)
    D.base = D.years[0]
    D.by_task = cooperation_by_task(coop, D.year)
    D.top_m = top_task(coop, D.year, MUNICIPALITIES)
    D.top_c = top_task(coop, D.year, COUNTY_AUTHORITIES)
    D.change = cooperation_change(coop, D.base, D.year) if D.base != D.year else None
    D.gap = size_gap(coop, D.year)
    D.catalogue = catalogue(partnerships, P.countries)
    D.counts = country_counts(D.catalogue)
    D.members = member_rows(partnerships, t["dk_it_partnerships"], P.countries)
    D.links = municipality_links(D.members)
    D.savings = claimed_savings(facts, partnerships)
    D.sbsys_id = find_partnership(partnerships, "SBSYS")
    D.sbsys = partnership_facts(facts, partnerships, D.sbsys_id)
    sbsys_members = D.sbsys[D.sbsys["indicator"] == "members: municipalities"].copy()
    sbsys_members["year"] = pd.to_numeric(sbsys_members["year"], errors="coerce")
    D.sbsys_members = sbsys_members.sort_values("year", na_position="first")
    if "DK" in P.countries:
        D.mapped = map_members(partnerships, t["catalogue_partnership_members"], t["dk_it_partnerships"])
        D.multi = membership_counts(D.mapped)
    return D

