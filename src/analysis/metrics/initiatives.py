"""Joint municipal digitalisation strategies and programmes (targets, budgets) set against
measured outcomes: digital letters and self-service in Denmark, online contact with authorities."""
from __future__ import annotations

from typing import ClassVar

import pandas as pd

from analysis.errors import DataError, ParameterError, suggest
from analysis.pipeline.params import StepParams

# Target indicator -> the outcome indicator that measures the same thing (names, not figures).
TARGET_OUTCOME: dict[str, str] = {
    "target_share_digitisable_letters_sent_digitally": "share_digitisable_letters_sent_via_Digital_Post",
    "target_share_applications_received_digitally": "share_applications_via_digital_self_service_waves_1_3",
}
MEASURE_LABELS: dict[str, dict[str, str]] = {
    "target_share_digitisable_letters_sent_digitally": {
        "en": "Letters to citizens sent digitally", "da": "Breve til borgerne sendt digitalt"},
    "target_share_applications_received_digitally": {
        "en": "Applications received digitally", "da": "Ansøgninger modtaget digitalt"},
}

# Eurostat indicators of individuals dealing with public authorities online: short da/en labels.
ONLINE_MEASURES: dict[str, dict[str, str]] = {
    "egov_interaction_public_authorities_internet_12m": {
        "en": "contact online", "da": "kontakt online"},
    "egov_obtained_information_public_authority_websites_12m": {
        "en": "information from websites", "da": "information fra hjemmesider"},
    "egov_used_public_authority_website_or_app_12m": {
        "en": "used website or app", "da": "brugt hjemmeside eller app"},
    "egov_interaction_public_authorities_12m_I_IUGOV1": {
        "en": "contact online (new definition)", "da": "kontakt online (ny definition)"},
}
# Statistics Norway's own series: share of the population 16-79 (not Eurostat's 16-74) that used public
# online services (information, forms downloaded or submitted) in the last 12 months; charted on its own.
SSB_ONLINE_SERVICES = "no_pop_used_public_online_services_12m"
EU_CODES = ("EU", "EU27_2020", "EU28")
GEO_LABELS = {"DK": {"en": "Denmark", "da": "Danmark"}, "NO": {"en": "Norway", "da": "Norge"},
              "EU": {"en": "EU", "da": "EU"}}

# Catalogue facts that belong on the timeline: targets and money of joint (not single-municipality) bodies.
JOINT_ENTITY_TYPES = ("sector", "association", "municipal partnership")
MONEY_UNITS = ("DKK", "NOK")


class Params(StepParams):
    """Parameters of the initiatives report."""

    countries: list[str] = ["DK", "NO"]
    include_eu: bool = True

    descriptions: ClassVar[dict[str, str]] = {
        "countries": "country codes whose online outcomes are charted (e.g. DK, NO, SE, FI, NL)",
        "include_eu": "add the EU aggregate to the outcome chart as a reference",
    }

    def derive(self) -> "Params":
        """Refuse a country without online-use figures, naming those with figures (before any kernel starts)."""
        from analysis.data import tables

        check_countries(tables.load("eurostat_egov_use_individuals"), self.countries)
        return self


def label(mapping: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """The da/en label of key in mapping, or key itself when it has none."""
    return mapping.get(key, {}).get(lang, key)


def programmes(initiatives: pd.DataFrame, countries: list[str] | tuple[str, ...] = ("DK", "NO")) -> pd.DataFrame:
    """One row per programme: sub-programmes ('Programme: part') grouped, with years and part count."""
    rows = initiatives[initiatives["country"].isin(list(countries))].copy()
    rows["programme"] = rows["name"].astype(str).str.split(": ", n=1).str[0]
    rows["part"] = rows["name"].astype(str).str.split(": ", n=1).str[1]
    out = rows.groupby(["country", "programme"], sort=False).agg(
        start_year=("start_year", "min"), end_year=("end_year", "max"),
        parts=("part", lambda s: int(s.notna().sum())),
        part_names=("part", lambda s: "; ".join(s.dropna())),
        publisher=("publisher", "first")).reset_index()
    for col in ("start_year", "end_year"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    return out.sort_values(["start_year", "country"]).reset_index(drop=True)


def programme_facts(facts: pd.DataFrame, countries: list[str] | tuple[str, ...] = ("DK", "NO")) -> pd.DataFrame:
    """Targets and budgets of joint bodies from the catalogue: kind 'target' (percent or savings) or 'budget'."""
    rows = facts[facts["country"].isin(list(countries))
                 & facts["entity_type"].isin(JOINT_ENTITY_TYPES)
                 & facts["topic"].isin(["target", "initiative"])
                 & facts["value"].notna()].copy()
    money = rows["unit"].astype(str).str.split().str[0].isin(MONEY_UNITS)
    rows["kind"] = None
    rows.loc[rows["topic"] == "target", "kind"] = "target"
    rows.loc[(rows["topic"] == "initiative") & money, "kind"] = "budget"
    rows = rows.dropna(subset=["kind"])
    rows["year"] = pd.to_numeric(rows["year"], errors="coerce").astype("Int64")
    cols = ["fact_id", "country", "entity", "year", "kind", "indicator", "value", "unit",
            "value_as_printed", "note", "publisher"]
    return rows[cols].sort_values(["year", "fact_id"], na_position="last").reset_index(drop=True)


def digital_contact_targets(facts: pd.DataFrame) -> pd.DataFrame:
    """The joint municipal strategy's targets for the digital share of citizen contacts, by year."""
    rows = facts[facts["indicator"].astype(str).str.startswith("share of citizen contacts that are digital")
                 & facts["entity_type"].isin(JOINT_ENTITY_TYPES)].copy()
    rows["year"] = pd.to_numeric(rows["year"], errors="coerce").astype("Int64")
    return rows[["fact_id", "year", "value", "unit", "value_as_printed", "note", "publisher"]] \
        .sort_values("year").reset_index(drop=True)


def targets_vs_outcomes(dk_digital: pd.DataFrame) -> pd.DataFrame:
    """Each 2011-15 strategy target beside its measured outcome: target, outcome, gap in points."""
    rows = []
    for target_ind, outcome_ind in TARGET_OUTCOME.items():
        t = dk_digital[dk_digital["indicator"] == target_ind].dropna(subset=["value"])
        o = dk_digital[dk_digital["indicator"] == outcome_ind].dropna(subset=["value"])
        if t.empty or o.empty:
            continue
        t, o = t.sort_values("year").iloc[-1], o.sort_values("year").iloc[-1]
        rows.append({"measure": target_ind, "target_year": int(t["year"]), "target": float(t["value"]),
                     "target_as_printed": t["value_as_printed"], "outcome_year": int(o["year"]),
                     "outcome": float(o["value"]), "outcome_as_printed": o["value_as_printed"],
                     "outcome_indicator": outcome_ind, "gap": float(o["value"]) - float(t["value"])})
    return pd.DataFrame(rows, columns=["measure", "target_year", "target", "target_as_printed",
                                       "outcome_year", "outcome", "outcome_as_printed",
                                       "outcome_indicator", "gap"])


def geo_group(code: str) -> str:
    """'EU' for any EU aggregate code, else the code."""
    return "EU" if str(code) in EU_CODES else str(code)


def check_countries(egov: pd.DataFrame, countries: list[str]) -> list[str]:
    """Return countries if each has rows in the Eurostat table, else raise ParameterError."""
    have = sorted(set(egov["geo_code"].astype(str)) - set(EU_CODES))
    for c in countries:
        if c not in have:
            raise ParameterError(f"parameter 'countries': no online-use figures for '{c}'{suggest(c, have)}",
                                 valid=", ".join(have))
    return list(countries)


def online_outcomes(egov: pd.DataFrame, countries: list[str], include_eu: bool = True) -> pd.DataFrame:
    """Share of individuals dealing with public authorities online, one row per geo, measure and year.

    `series` = geo|measure, so a line never joins two different survey questions; the EU is kept
    only for measures a charted country has.
    """
    check_countries(egov, countries)
    rows = egov[egov["indicator"].isin(ONLINE_MEASURES)].copy()
    rows["geo"] = rows["geo_code"].map(geo_group)
    keep = set(countries) | ({"EU"} if include_eu else set())
    rows = rows[rows["geo"].isin(keep)].dropna(subset=["value"])
    # the EU only as a reference for questions a charted country was also asked
    asked = set(rows.loc[rows["geo"] != "EU", "indicator"])
    rows = rows[(rows["geo"] != "EU") | rows["indicator"].isin(asked)]
    out = pd.DataFrame({
        "year": rows["year"].astype(int).to_numpy(),
        "geo": rows["geo"].to_numpy(),
        "geo_code": rows["geo_code"].astype(str).to_numpy(),
        "measure": rows["indicator"].to_numpy(),
        "value": rows["value"].astype(float).to_numpy(),
        "unit": rows["unit"].to_numpy(),
    })
    out["series"] = out["geo"] + "|" + out["measure"]
    return out.sort_values(["geo", "measure", "year"]).reset_index(drop=True)


def latest(outcomes: pd.DataFrame, geo: str, measure: str | None = None) -> pd.Series:
    """The latest row for geo (optionally one measure); raises ParameterError when there is none."""
    rows = outcomes[outcomes["geo"] == geo]
    if measure:
        rows = rows[rows["measure"] == measure]
    if rows.empty:
        raise ParameterError(f"no online-use figure for '{geo}'" + (f" on '{measure}'" if measure else ""),
                             valid=", ".join(sorted(outcomes["geo"].unique())))
    return rows.sort_values(["year", "value"]).iloc[-1]


def first_and_last(outcomes: pd.DataFrame, geo: str, measure: str) -> tuple[pd.Series, pd.Series]:
    """(earliest, latest) rows of one geo's measure: the span of a series."""
    rows = outcomes[(outcomes["geo"] == geo) & (outcomes["measure"] == measure)].sort_values("year")
    if rows.empty:
        raise ParameterError(f"no '{measure}' figures for '{geo}'",
                             valid=", ".join(sorted(outcomes["series"].unique())))
    return rows.iloc[0], rows.iloc[-1]


def same_year_gap(outcomes: pd.DataFrame, geo: str, other: str, measure: str) -> dict:
    """Latest year in which both geos have measure, with both values and the gap in points."""
    a = outcomes[(outcomes["geo"] == geo) & (outcomes["measure"] == measure)].set_index("year")["value"]
    b = outcomes[(outcomes["geo"] == other) & (outcomes["measure"] == measure)].set_index("year")["value"]
    common = sorted(set(a.index) & set(b.index))
    if not common:
        raise ParameterError(f"no year with '{measure}' for both {geo} and {other}")
    y = common[-1]
    return {"year": int(y), "value": float(a[y]), "other": float(b[y]), "gap": float(a[y] - b[y])}


# Short da/en labels for catalogue indicators shown on the timeline (translations, not figures).
FACT_LABELS: dict[str, dict[str, str]] = {
    "share of citizen contacts that are digital (target)": {
        "en": "digital share of contacts", "da": "digital andel af henvendelser"},
    "savings to be freed by digitalisation from 2015 onwards (at least)": {
        "en": "yearly savings, at least", "da": "årlig besparelse, mindst"},
    "budget of the municipal digitalisation programme 2021-2025": {
        "en": "programme budget", "da": "programbudget"},
    "grant from the county governors of Aust- and Vest-Agder for IT coordination": {
        "en": "grant for IT coordination", "da": "tilskud til it-koordinering"},
}
NBSP = "\u00a0"


def money_text(value: float, unit: str, lang: str) -> str:
    """An amount in millions or billions with its currency: 'DKK 150 million' / '150 mio. kr.'."""
    currency = str(unit).split()[0]
    from analysis.i18n import fmt_number
    if abs(value) >= 1e9:
        n, word = value / 1e9, ("mia." if lang == "da" else "billion")
    elif abs(value) >= 1e6:
        n, word = value / 1e6, ("mio." if lang == "da" else "million")
    else:
        n, word = value, ""
    dec = 0 if float(n).is_integer() else 1
    num = fmt_number(n, lang, dec)
    if lang == "da":
        return f"{num} {word} kr.".replace("  ", " ") if currency in ("DKK", "NOK") else f"{num} {word} {currency}"
    return f"{currency} {num} {word}".strip()


def budget_for(programmes_df: pd.DataFrame, pfacts: pd.DataFrame, country: str) -> dict | None:
    """The latest budget fact of a country and the programme starting that year (name, parts)."""
    budgets = pfacts[(pfacts["kind"] == "budget") & (pfacts["country"] == country)].dropna(subset=["year"])
    if budgets.empty:
        return None
    b = budgets.sort_values("year").iloc[-1]
    prog = programmes_df[(programmes_df["country"] == country) & (programmes_df["start_year"] == b["year"])]
    return {"fact_id": b["fact_id"], "year": int(b["year"]), "value": float(b["value"]), "unit": b["unit"],
            "programme": prog["programme"].iloc[0] if len(prog) else None,
            "parts": int(prog["parts"].iloc[0]) if len(prog) else 0,
            "end_year": int(prog["end_year"].iloc[0]) if len(prog) and pd.notna(prog["end_year"].iloc[0]) else None}


def timeline_events(programmes_df: pd.DataFrame, pfacts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Dated events for the timeline: programme starts, targets and budgets, with da/en labels."""
    from analysis.i18n import fmt_percent
    kinds = {"programme": {"en": "Programme starts", "da": "Program starter"},
             "target": {"en": "Target year", "da": "Målår"},
             "budget": {"en": "Budget or grant", "da": "Budget eller tilskud"}}
    rows = [{"year": int(r.start_year), "country": r.country, "kind": "programme",
             "label": f"{r.programme} ({r.country})", "value": float("nan"), "unit": ""}
            for r in programmes_df.dropna(subset=["start_year"]).itertuples()]
    for r in pfacts.dropna(subset=["year"]).itertuples():
        what = label(FACT_LABELS, r.indicator, lang)
        if str(r.unit).startswith("percent"):
            amount = fmt_percent(r.value, lang)
        else:
            amount = money_text(r.value, r.unit, lang)
        amount = amount.replace(" %", NBSP + "%").replace(" kr.", NBSP + "kr.").replace(" mio.", NBSP + "mio.")
        amount = amount.replace(" mia.", NBSP + "mia.")   # keep numbers with their units on one line
        rows.append({"year": int(r.year), "country": r.country, "kind": r.kind,
                     "label": f"{what}: {amount} ({r.country})", "value": float(r.value), "unit": r.unit})
    out = pd.DataFrame(rows, columns=["year", "country", "kind", "label", "value", "unit"])
    out["kind_label"] = out["kind"].map(lambda k: kinds[k][lang] if lang in kinds[k] else kinds[k]["en"])
    return out.sort_values(["year", "kind"]).reset_index(drop=True)


def break_gaps(df: pd.DataFrame, series: str = "series", max_gap: int = 3) -> pd.DataFrame:
    """Insert an empty (NaN) row after each jump of more than max_gap years within a series, so a
    chart breaks the line there instead of drawing a trend through years with no data."""
    parts = []
    for _, g in df.sort_values("year").groupby(series, sort=False):
        g = g.reset_index(drop=True)
        jumps = g.index[g["year"].diff() > max_gap]
        for i in reversed(list(jumps)):
            gap = g.iloc[[i - 1]].copy()
            gap["year"] = int(g.loc[i - 1, "year"]) + 1
            gap["value"] = float("nan")
            g = pd.concat([g.iloc[:i], gap, g.iloc[i:]], ignore_index=True)
        parts.append(g)
    return pd.concat(parts, ignore_index=True) if parts else df


def age_range(units: pd.Series) -> str:
    """The age band printed in the units ('% of individuals aged 16-74' -> '16-74'); '–' when absent."""
    import re
    for u in units.dropna().astype(str):
        found = re.search(r"(\d+)\s*-\s*(\d+)", u)
        if found:
            return f"{found.group(1)}-{found.group(2)}"
    return "–"


def ssb_online_services(ssb: pd.DataFrame) -> pd.DataFrame:
    """Norway's SSB series of the population share (16-79) using public online services, one row per year.

    Only the all-ages rows of SSB's own indicator: the by-age rows and the secondary Difi row (a share of
    internet users, another base) are left out so one line never mixes bases.
    """
    rows = ssb[(ssb["indicator"] == SSB_ONLINE_SERVICES) & (ssb["geo_code"] == "NO")].dropna(subset=["value"])
    if rows.empty:
        raise DataError(f"no '{SSB_ONLINE_SERVICES}' figures for Norway", file="ssb_public_online_services",
                        column="indicator", valid=", ".join(sorted(ssb["indicator"].astype(str).unique())))
    out = pd.DataFrame({"year": rows["year"].astype(int).to_numpy(), "geo": "NO", "geo_code": "NO",
                        "measure": SSB_ONLINE_SERVICES, "value": rows["value"].astype(float).to_numpy(),
                        "unit": rows["unit"].to_numpy()})
    return out.sort_values("year").reset_index(drop=True)
