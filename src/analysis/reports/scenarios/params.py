"""The scenarios report's parameters: the models' inputs as notebook parameters, with sourced defaults filled in.

A parameter left at None takes its default from the catalogue (`catalogue_facts`, by fact id) or, where
no sourced figure exists, a clearly labelled user assumption. `save_scenario` writes a parameter set.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, PrivateAttr, model_validator

from analysis import paths
from analysis.atomic import write_text
from analysis.errors import ParameterError
from analysis.i18n import sort_names
from analysis.params import StepParams
from analysis.reports.scenarios import REPORT
from analysis.reports.scenarios import compute as m

STEP_ID = "scenarios"
# Results are shown per this many contacts when the user has not given a yearly count (no sourced count exists).
CONTACTS_SCALE = 1000
SHARE_FIELDS = ("letter_share", "phone_share", "digital_share")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
PROTECTED_NAMES = ("da", "en")


class Params(StepParams):
    """Inputs of the three scenario models; None means the sourced default (see `inputs()`)."""

    municipality: str | None = None
    contacts_per_year: float | None = Field(None, ge=0)
    letter_share: float | None = Field(None, ge=0, le=100)
    phone_share: float | None = Field(None, ge=0, le=100)
    digital_share: float | None = Field(None, ge=0, le=100)
    target_digital_share: float | None = Field(None, ge=0, le=100)
    letter_cost: float | None = Field(None, ge=0)
    phone_cost: float | None = Field(None, ge=0)
    digital_cost: float | None = Field(None, ge=0)
    members: int | None = Field(None, ge=1)
    one_off_cost: float | None = Field(None, ge=0)
    saving_per_member: float | None = Field(None, ge=0)
    start_year: int | None = Field(None, ge=1900, le=2100)
    licence_per_citizen: float | None = Field(None, ge=0)
    current_licence_cost: float | None = Field(None, ge=0)
    interactive: bool = False

    descriptions = {
        "municipality": "municipality for the joint-licence scenario (default: the municipality of the "
                        "SBSYS business case)",
        "contacts_per_year": "citizen contacts per year (no sourced default: results per 1,000 contacts)",
        "letter_share": "% of contacts by letter or e-mail now (give with phone_share)",
        "phone_share": "% of contacts by telephone now (give with letter_share)",
        "digital_share": "% of contacts by digital self-service now",
        "target_digital_share": "% digital after the shift",
        "letter_cost": "kr. per letter/e-mail contact",
        "phone_cost": "kr. per telephone contact",
        "digital_cost": "kr. per digital contact",
        "members": "municipalities in the shared IT operation",
        "one_off_cost": "one-off cost of the shared operation, kr. (all members)",
        "saving_per_member": "yearly saving per member, kr.",
        "start_year": "first year with savings",
        "licence_per_citizen": "user-club licence, kr. per citizen",
        "current_licence_cost": "the municipality's current licence cost, kr. per year (your input)",
        "interactive": "show sliders (JupyterLab) instead of only the static report",
    }

    _inputs: dict[str, m.Assumption] = PrivateAttr(default_factory=dict)
    _municipality: dict = PrivateAttr(default_factory=dict)
    _check_municipality: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _shares_given_together(self) -> "Params":
        """letter_share and phone_share come together; with digital_share the three must sum to 100."""
        given = [f for f in ("letter_share", "phone_share") if getattr(self, f) is not None]
        if len(given) == 1:
            missing = "phone_share" if given == ["letter_share"] else "letter_share"
            raise ParameterError(f"parameter '{given[0]}' given without '{missing}'",
                                 valid="both letter_share and phone_share, or neither")
        if given and self.digital_share is not None:
            m.check_shares_sum({f: getattr(self, f) for f in SHARE_FIELDS})
        return self

    def derive(self) -> "Params":
        """Fill the defaults from the catalogue and the reference table, and check the models accept them."""
        if self.output_dir == ".":  # not the runner's run (JupyterLab): keep notebooks/ clean
            self.output_dir, self.output_href = scratch_output()
        facts = load_facts()
        defaults = m.defaults_from_facts(facts)
        check_name = m.fact_entity(facts, m.DEFAULT_FACTS["check_saving_low"])
        self._check_municipality = lookup(check_name)
        self._municipality = lookup(self.municipality) if self.municipality else self._check_municipality
        self._inputs = build_inputs(self, defaults, population_assumption(self._municipality), facts)
        self.channel()
        self.shared()
        self.check()
        return self

    # -- the models with these inputs
    def inputs(self) -> dict[str, m.Assumption]:
        return dict(self._inputs)

    def channel(self) -> m.ChannelShiftResult:
        return m.channel_shift(**{k: self._inputs[k] for k in CHANNEL_KEYS})

    def shared(self) -> m.SharedOperationsResult:
        return m.shared_operations(**{k: self._inputs[k] for k in SHARED_KEYS})

    def licence(self) -> m.JointLicenceResult:
        return m.joint_licence(municipality=self._municipality["name"], population=self._inputs["population"],
                               licence_per_citizen=self._inputs["licence_per_citizen"],
                               current_licence_cost=self._inputs.get("current_licence_cost"))

    def check(self) -> m.LicenceCheck:
        """The business case check: always for the municipality the documented case is about."""
        return self.check_for(self._inputs["licence_per_citizen"])

    def check_for(self, licence_per_citizen) -> m.LicenceCheck:
        """The business case check at another licence fee (the dashboard's slider)."""
        base = m.joint_licence(municipality=self._check_municipality["name"],
                               population=population_assumption(self._check_municipality),
                               licence_per_citizen=licence_per_citizen)
        return m.licence_check(base, self._inputs["check_saving_low"], self._inputs["check_saving_high"])

    @property
    def check_municipality_name(self) -> str:
        """The municipality whose documented business case the check uses."""
        return self._check_municipality["name"]

    @property
    def municipality_name(self) -> str:
        return self._municipality["name"]

    @property
    def population_period(self) -> str:
        """The period of the chosen municipality's population in the reference table."""
        return str(self._municipality.get("population_period", ""))

    @property
    def contacts_given(self) -> bool:
        return self.contacts_per_year is not None


CHANNEL_KEYS = ("contacts_per_year", "letter_share", "phone_share", "digital_share", "letter_cost",
                "phone_cost", "digital_cost", "target_digital_share")
SHARED_KEYS = ("members", "one_off_cost", "saving_per_member", "start_year")


def build_inputs(P: Params, defaults: dict[str, m.Assumption], population: m.Assumption,
                 facts) -> dict[str, m.Assumption]:
    """Every model input: the user's value where given, else the sourced default or a labelled assumption."""
    out = {}
    for key, default in defaults.items():
        value = getattr(P, key, None)
        out[key] = default if value is None else m.Assumption(key, value, default.unit)
    if P.digital_share is None:
        d = defaults["digital_share"]
        out["digital_share"] = d.remark("note_now_from_target", year=m.fact_year(facts, d.fact_id) or "")
    if P.letter_share is None:
        rest = 100 - out["digital_share"].value
        for key in ("letter_share", "phone_share"):
            out[key] = m.Assumption(key, rest / 2, "percent", m.ASSUMPTION).remark("note_even_split")
    else:
        out["letter_share"] = m.Assumption("letter_share", P.letter_share, "percent")
        out["phone_share"] = m.Assumption("phone_share", P.phone_share, "percent")
    if P.contacts_per_year is None:
        out["contacts_per_year"] = m.Assumption("contacts_per_year", CONTACTS_SCALE, "contacts per year",
                                                m.ASSUMPTION).remark("note_scale", n=CONTACTS_SCALE)
    else:
        out["contacts_per_year"] = m.Assumption("contacts_per_year", P.contacts_per_year, "contacts per year")
    out["population"] = population
    if P.current_licence_cost is not None:
        out["current_licence_cost"] = m.Assumption("current_licence_cost", P.current_licence_cost,
                                                   "DKK per year")
    return out


def scratch_output() -> tuple[str, str]:
    """(output_dir, output_href) of a run outside the runner: scratch/scenarios/, linked from the working folder."""
    out = paths.scratch_dir() / REPORT.id
    try:
        href = os.path.relpath(out, os.getcwd())
    except (OSError, ValueError):
        href = str(out)
    return str(out), Path(href).as_posix()


# ---------------------------------------------------------------- data access

def load_facts():
    """The processed catalogue of sourced figures."""
    return REPORT.load("catalogue_facts")


def lookup(name: str) -> dict:
    """A Danish municipality's reference row; ParameterError with close matches when unknown."""
    from analysis.data.reference import lookup_municipality
    return dict(lookup_municipality(name))


def population_assumption(record: dict) -> m.Assumption:
    """The municipality's population from the reference table, with its period and publisher as source."""
    period = record.get("population_period") or ""
    publisher = record.get("publisher") or "Danmarks Statistik (FOLK1A)"
    source = f"{publisher}, {period}".strip(", ") if period else publisher
    return m.Assumption("population", float(record["population"]), "inhabitants", source,
                        None, str(record["name"]), str(record.get("source_url") or ""), publisher,
                        f"{record['name']}: population {period}".strip())


def municipality_names(lang: str = "en") -> list[str]:
    """Names of the Danish municipalities in the reference table, in the reader's alphabetical order."""
    return sort_names(REPORT.load("dk_municipalities")["name"].astype(str), lang)


# ---------------------------------------------------------------- saved scenarios

def scenario_values(P: Params) -> dict[str, Any]:
    """The user's parameters of P (not the runner's, not None), as a parameter-set step entry."""
    skip = {"lang", "output_dir", "output_href", "interactive"}
    return {k: v for k, v in P.model_dump().items() if k not in skip and v is not None}


def scenario_name_problem(name: str) -> str | None:
    """Why a name cannot be a saved scenario: 'invalid' (not a usable file name), 'edition' (da, en), or None."""
    name = (name or "").strip()
    if not NAME_RE.match(name):
        return "invalid"
    if name in PROTECTED_NAMES:
        return "edition"
    return None


def check_scenario_name(name: str) -> str:
    """The name if it can be a params/<name>.yaml file; ParameterError otherwise."""
    problem = scenario_name_problem(name)
    name = (name or "").strip()
    if problem == "invalid":
        raise ParameterError(f"scenario name '{name}' is not usable as a file name",
                             valid="letters, digits, '-' and '_', starting with a letter or digit, up to 64")
    if problem == "edition":
        raise ParameterError(f"scenario name '{name}' is an edition", valid="any name but "
                             + ", ".join(PROTECTED_NAMES))
    return name


def save_scenario(P: Params, name: str, params_dir: Path | None = None) -> Path:
    """Write params/<name>.yaml (`lang` plus `steps: {scenarios: {...}}`) atomically; returns the path."""
    name = check_scenario_name(name)
    data = {"lang": P.lang, "steps": {STEP_ID: scenario_values(P)}}
    target = Path(params_dir or paths.params_dir()) / f"{name}.yaml"
    header = f"# Scenario '{name}' saved from the scenario dashboard.\n"
    return write_text(target, header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def load_scenario(path: Path) -> Params:
    """Read a saved scenario back into a validated Params (without deriving)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    values = dict(data.get("steps", {}).get(STEP_ID, {}))
    if "lang" in data:
        values.setdefault("lang", data["lang"])
    return Params.validate_params(values, where=str(path))
