"""Computations of the scenarios report: three pure models (channel shift, shared IT operations, joint
licence) whose results carry every assumption (name, value, unit, source) so a table or chart can print them.

Inputs are plain numbers (recorded as the user's input) or `Assumption`s (sourced defaults from
`defaults_from_facts`). Invalid inputs raise ParameterError naming the parameter and what is valid. Nothing
here reads files or writes a reader's word: units, sources and remarks are codes that page.py words.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from analysis.errors import DataError, ParameterError

USER_INPUT = "user input"            # source code of a value the user chose
ASSUMPTION = "assumption"             # source code of an unsourced default (a labelled assumption)

# Default inputs and the catalogue fact each comes from (catalogue_facts.fact_id); values are read, never typed.
DEFAULT_FACTS = {
    "letter_cost": "F14",
    "phone_cost": "F15",
    "digital_cost": "F16",
    "digital_share": "F12",
    "target_digital_share": "F13",
    "saving_per_member": "F02",
    "start_year": "F01",
    "one_off_cost": "F44",
    "licence_per_citizen": "F20",
    "check_saving_low": "F22",
    "check_saving_high": "F23",
}

@dataclass(frozen=True)
class Assumption:
    """One model input with where it comes from: a catalogue fact, the reference table, or the user."""

    key: str
    value: float
    unit: str
    source: str = USER_INPUT
    fact_id: str | None = None
    note: str = ""
    url: str = ""
    publisher: str = ""
    title: str = ""
    remarks: tuple = ()  # (text key, ((field, value), ...)) pairs the page adds to the note, in words

    def remark(self, key: str, **fields) -> "Assumption":
        """The same input with one more remark (a text-catalogue key with its fields)."""
        return replace(self, remarks=self.remarks + ((key, tuple(fields.items())),))

    def with_value(self, value: float, source: str = USER_INPUT) -> "Assumption":
        """The same input with a value the user chose (the source becomes the user's)."""
        if value == self.value:
            return self
        return Assumption(self.key, value, self.unit, source)


def _value(x) -> float:
    return x.value if isinstance(x, Assumption) else x


def _as_assumption(key: str, x, unit: str) -> Assumption:
    return x if isinstance(x, Assumption) else Assumption(key, x, unit)


def _number(key: str, x) -> float:
    v = _value(x)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v) or math.isinf(v):
        raise ParameterError(f"parameter '{key}' must be a number (got {v!r})", valid="a finite number")
    return float(v)


def check_non_negative(key: str, x) -> float:
    """The value of x; ParameterError if it is not a finite number >= 0."""
    v = _number(key, x)
    if v < 0:
        raise ParameterError(f"parameter '{key}' is negative ({v:g})", valid="0 or more")
    return v


def check_share(key: str, x) -> float:
    """The value of x; ParameterError unless it is a percentage within 0-100."""
    v = _number(key, x)
    if not 0 <= v <= 100:
        raise ParameterError(f"parameter '{key}' is {v:g} %", valid="0 to 100 (per cent)")
    return v


def check_shares_sum(shares: dict[str, float]) -> None:
    """ParameterError unless the shares add up to 100 %."""
    total = sum(shares.values())
    if not math.isclose(total, 100.0, abs_tol=1e-6):
        names = " + ".join(shares)
        raise ParameterError(f"parameters {names} add up to {total:g} %", valid="shares that sum to 100")


def check_whole(key: str, x, minimum: int) -> int:
    """The value of x as int; ParameterError unless it is a whole number >= minimum."""
    v = _number(key, x)
    if v != int(v) or v < minimum:
        raise ParameterError(f"parameter '{key}' is {v:g}", valid=f"a whole number, {minimum} or more")
    return int(v)


# ---------------------------------------------------------------- channel shift

CHANNELS = ("letter", "phone", "digital")


@dataclass(frozen=True)
class ChannelShiftResult:
    """Yearly cost of citizen contacts now and after moving the digital share to a target."""

    contacts: float
    shares_now: dict[str, float]
    shares_after: dict[str, float]
    unit_costs: dict[str, float]
    cost_now: float
    cost_after: float
    assumptions: tuple[Assumption, ...] = field(repr=False)

    @property
    def saving(self) -> float:
        return self.cost_now - self.cost_after


def mix_cost(contacts: float, shares: dict[str, float], unit_costs: dict[str, float]) -> float:
    """Yearly cost of contacts split by shares (per cent) at unit costs per contact."""
    return contacts * sum(shares[c] / 100 * unit_costs[c] for c in CHANNELS)


def shift_shares(shares: dict[str, float], target_digital: float) -> dict[str, float]:
    """Shares after the digital share moves to target; letter and telephone keep their mutual proportion."""
    rest_now = shares["letter"] + shares["phone"]
    rest_after = 100 - target_digital
    if rest_now == 0:
        if rest_after > 0:
            raise ParameterError("parameter 'target_digital_share' is below a 100 % digital share now: "
                                 "the mix of other channels is unknown", valid="100 when digital_share is 100")
        return {"letter": 0.0, "phone": 0.0, "digital": 100.0}
    return {"letter": shares["letter"] / rest_now * rest_after,
            "phone": shares["phone"] / rest_now * rest_after,
            "digital": target_digital}


def channel_shift(*, contacts_per_year, letter_share, phone_share, digital_share,
                  letter_cost, phone_cost, digital_cost, target_digital_share) -> ChannelShiftResult:
    """Cost of the contacts now and after the digital share reaches target_digital_share (shares in %)."""
    contacts = check_non_negative("contacts_per_year", contacts_per_year)
    shares = {"letter": check_share("letter_share", letter_share),
              "phone": check_share("phone_share", phone_share),
              "digital": check_share("digital_share", digital_share)}
    check_shares_sum({f"{c}_share": v for c, v in shares.items()})
    costs = {"letter": check_non_negative("letter_cost", letter_cost),
             "phone": check_non_negative("phone_cost", phone_cost),
             "digital": check_non_negative("digital_cost", digital_cost)}
    target = check_share("target_digital_share", target_digital_share)
    after = shift_shares(shares, target)
    assumptions = (
        _as_assumption("contacts_per_year", contacts_per_year, "contacts per year"),
        _as_assumption("letter_share", letter_share, "percent"),
        _as_assumption("phone_share", phone_share, "percent"),
        _as_assumption("digital_share", digital_share, "percent"),
        _as_assumption("letter_cost", letter_cost, "DKK per contact"),
        _as_assumption("phone_cost", phone_cost, "DKK per contact"),
        _as_assumption("digital_cost", digital_cost, "DKK per contact"),
        _as_assumption("target_digital_share", target_digital_share, "percent"),
    )
    return ChannelShiftResult(contacts, shares, after, costs, mix_cost(contacts, shares, costs),
                              mix_cost(contacts, after, costs), assumptions)


# ---------------------------------------------------------------- shared IT operations

@dataclass(frozen=True)
class SharedOperationsResult:
    """n municipalities sharing IT operations: one-off cost, yearly saving, and the year it has paid back."""

    members: int
    one_off_cost: float
    yearly_saving_per_member: float
    start_year: int
    assumptions: tuple[Assumption, ...] = field(repr=False)

    @property
    def one_off_per_member(self) -> float:
        return self.one_off_cost / self.members

    @property
    def yearly_saving(self) -> float:
        return self.members * self.yearly_saving_per_member

    @property
    def payback_years(self) -> int | None:
        """Whole years of savings needed to cover the one-off cost (None when nothing is saved)."""
        if self.one_off_cost == 0:
            return 1
        if self.yearly_saving == 0:
            return None
        return max(1, math.ceil(self.one_off_cost / self.yearly_saving - 1e-12))

    @property
    def payback_year(self) -> int | None:
        """The year by whose end the savings (counted from start_year) cover the one-off cost."""
        years = self.payback_years
        return None if years is None else self.start_year + years - 1

    def cumulative(self, years: int) -> pd.DataFrame:
        """Net position (cumulative savings minus the one-off cost) at the end of each of the first years."""
        rows = [{"year": self.start_year + i,
                 "net": (i + 1) * self.yearly_saving - self.one_off_cost} for i in range(years)]
        return pd.DataFrame(rows)


def shared_operations(*, members, one_off_cost, saving_per_member, start_year) -> SharedOperationsResult:
    """Payback of a shared IT operation; savings accrue from start_year, the one-off cost is paid up front."""
    n = check_whole("members", members, 1)
    cost = check_non_negative("one_off_cost", one_off_cost)
    saving = check_non_negative("saving_per_member", saving_per_member)
    year = check_whole("start_year", start_year, 1900)
    assumptions = (
        _as_assumption("members", members, "municipalities"),
        _as_assumption("one_off_cost", one_off_cost, "DKK"),
        _as_assumption("saving_per_member", saving_per_member, "DKK per year"),
        _as_assumption("start_year", start_year, "year"),
    )
    return SharedOperationsResult(n, cost, saving, year, assumptions)


# ---------------------------------------------------------------- joint licence

@dataclass(frozen=True)
class JointLicenceResult:
    """A municipality's licence in a user club (per citizen) against its current licence cost."""

    municipality: str
    population: float
    licence_per_citizen: float
    current_licence_cost: float | None
    assumptions: tuple[Assumption, ...] = field(repr=False)

    @property
    def club_cost(self) -> float:
        return self.population * self.licence_per_citizen

    @property
    def saving(self) -> float | None:
        """Yearly saving from joining; None when the current licence cost was not given."""
        if self.current_licence_cost is None:
            return None
        return self.current_licence_cost - self.club_cost


def joint_licence(*, municipality: str, population, licence_per_citizen,
                  current_licence_cost=None) -> JointLicenceResult:
    """Yearly club licence = population x fee; the saving against current_licence_cost when given."""
    pop = check_non_negative("population", population)
    if pop == 0:
        raise ParameterError(f"population of '{municipality}' is 0", valid="a positive population")
    fee = check_non_negative("licence_per_citizen", licence_per_citizen)
    current = None
    assumptions = [_as_assumption("population", population, "inhabitants"),
                   _as_assumption("licence_per_citizen", licence_per_citizen, "DKK per citizen")]
    if current_licence_cost is not None:
        current = check_non_negative("current_licence_cost", current_licence_cost)
        assumptions.append(_as_assumption("current_licence_cost", current_licence_cost, "DKK per year"))
    return JointLicenceResult(municipality, pop, fee, current, tuple(assumptions))


@dataclass(frozen=True)
class LicenceCheck:
    """What a documented business case (saving range) implies about the current licence cost."""

    licence: JointLicenceResult
    saving_low: float
    saving_high: float
    assumptions: tuple[Assumption, ...] = field(repr=False)

    @property
    def implied_current_low(self) -> float:
        return self.licence.club_cost + self.saving_low

    @property
    def implied_current_high(self) -> float:
        return self.licence.club_cost + self.saving_high


def licence_check(licence: JointLicenceResult, saving_low, saving_high) -> LicenceCheck:
    """Current licence cost implied by a business case's saving range (club cost + saving)."""
    low = check_non_negative("check_saving_low", saving_low)
    high = check_non_negative("check_saving_high", saving_high)
    if low > high:
        raise ParameterError(f"check_saving_low ({low:g}) is above check_saving_high ({high:g})",
                             valid="low <= high")
    assumptions = licence.assumptions + (_as_assumption("check_saving_low", saving_low, "DKK per year"),
                                         _as_assumption("check_saving_high", saving_high, "DKK per year"))
    return LicenceCheck(licence, low, high, assumptions)


# ---------------------------------------------------------------- defaults from the catalogue

def fact_source(row) -> str:
    """'Publisher: title' of a catalogue fact, the text shown as its source."""
    publisher, title = _text(row, "publisher"), _text(row, "source_title")
    return ": ".join(p for p in (publisher, title) if p)


def fact_assumption(facts: pd.DataFrame, key: str, fact_id: str) -> Assumption:
    """The catalogue fact fact_id as the default for input key; DataError if it is missing or empty."""
    hits = facts[facts["fact_id"].astype(str) == fact_id]
    if hits.empty:
        raise DataError(f"fact '{fact_id}' (default for '{key}') not found", file="catalogue_facts",
                        column="fact_id")
    row = hits.iloc[0]
    value = pd.to_numeric(row.get("value"), errors="coerce")
    if pd.isna(value):
        raise DataError(f"fact '{fact_id}' (default for '{key}') has no value", file="catalogue_facts",
                        column="value")
    return Assumption(key, float(value), _text(row, "unit"), fact_source(row), fact_id, _text(row, "note"),
                      _text(row, "source_url"), _text(row, "publisher"), _text(row, "source_title"))


def _text(row, column: str) -> str:
    """A text cell of a fact row, '' when missing."""
    v = row.get(column)
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else str(v).strip()


def sources_of(assumptions) -> list[dict]:
    """Distinct provenance dicts (publisher, title, url) of the sourced assumptions, first-seen order."""
    out, seen = [], set()
    for a in assumptions:
        if not a.publisher or (a.publisher, a.title) in seen:
            continue
        seen.add((a.publisher, a.title))
        out.append({"publisher": a.publisher, "title": a.title, "url": a.url})
    return out


def members_from_fact(facts: pd.DataFrame, key: str, fact_id: str) -> Assumption:
    """Number of member municipalities of a partnership, counted from the fact's entity list ('A; B; C')."""
    base = fact_assumption(facts, key, fact_id)
    entity = str(facts.loc[facts["fact_id"].astype(str) == fact_id, "entity"].iloc[0])
    names = [n.strip() for n in entity.split(";") if n.strip()]
    return Assumption(key, float(len(names)), "municipalities", base.source, fact_id, "", base.url,
                      base.publisher, base.title).remark("note_members", names=", ".join(names))


# Inputs the models read in a unit the source leaves open: (unit as used, the remark that says so).
READ_AS = {"saving_per_member": ("DKK per year", "note_read_yearly")}


def defaults_from_facts(facts: pd.DataFrame) -> dict[str, Assumption]:
    """Every sourced default input, keyed by input name, looked up by fact_id in catalogue_facts."""
    out = {key: fact_assumption(facts, key, fid) for key, fid in DEFAULT_FACTS.items()}
    for key, (unit, remark) in READ_AS.items():
        out[key] = replace(out[key], unit=unit).remark(remark)
    out["members"] = members_from_fact(facts, "members", DEFAULT_FACTS["saving_per_member"])
    return out


def fact_year(facts: pd.DataFrame, fact_id: str) -> int | None:
    """The year of a catalogue fact (None when the catalogue gives none)."""
    hits = facts.loc[facts["fact_id"].astype(str) == fact_id, "year"]
    if hits.empty:
        raise DataError(f"fact '{fact_id}' not found", file="catalogue_facts", column="fact_id")
    year = pd.to_numeric(hits.iloc[0], errors="coerce")
    return None if pd.isna(year) else int(year)


def fact_entity(facts: pd.DataFrame, fact_id: str) -> str:
    """The entity a catalogue fact is about (e.g. the municipality of a business case)."""
    hits = facts.loc[facts["fact_id"].astype(str) == fact_id, "entity"]
    if hits.empty:
        raise DataError(f"fact '{fact_id}' not found", file="catalogue_facts", column="fact_id")
    return str(hits.iloc[0])
