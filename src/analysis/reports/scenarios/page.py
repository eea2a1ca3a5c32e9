"""The scenarios report as the reader sees it: its sentences, charts and tables, in the order the notebook
shows them. Numbers come from the models (compute.py) with the inputs of params.py; words from text.yaml.

The live controls (widgets.py) reuse the sentences and the assumptions table, so both say the same.
"""
from __future__ import annotations

import pandas as pd

from analysis import data_text, report
from analysis.figures.export import publish_figure, publish_table
from analysis.i18n import NBSP, Words, decimals_of, fmt_kr, fmt_number, fmt_percent, genitive
from analysis.report import Finding
from analysis.reports.scenarios import REPORT, charts
from analysis.reports.scenarios import compute as m
from analysis.reports.scenarios.params import CONTACTS_SCALE, Params, load_facts

SOURCE_WORDS = {m.ASSUMPTION: "src_assumption", m.USER_INPUT: "src_user"}
NUMBER_FIELDS = ("n",)  # remark fields that are counts, written in the reader's number format
SOURCE_TABLES = ["catalogue_facts", "dk_municipalities"]  # the tables the scenarios' inputs come from
ASSUMPTIONS_HREF = "#tab-assumptions"  # the assumptions table (publish_table name "assumptions"), one click away


class Page:
    """The report's words in the reader's language and its model results, shared by its sections."""

    def __init__(self, P: Params):
        self.P, self.L = P, P.lang
        self.w = Words(REPORT.id, P.lang)
        self.channel, self.shared, self.licence, self.check = P.channel(), P.shared(), P.licence(), P.check()

    def kr(self, value: float, decimals: int = 0) -> str:
        return fmt_kr(value, self.L, decimals)


# --- sentences (also shown by the live controls) -------------------------------------------------

def sentence(text: str) -> str:
    """End text with one full stop (an amount like '25.200 kr.' already ends with one)."""
    return text if text.endswith(".") else text + "."


def channel_sentence(r: m.ChannelShiftResult, w: Words) -> str:
    """The channel shift in one sentence; a negative saving (target below today's share) says it costs more."""
    L = w.lang
    kr = lambda v: fmt_kr(v, L)  # noqa: E731
    fields = dict(letter=kr(r.unit_costs["letter"]), phone=kr(r.unit_costs["phone"]),
                  digital=kr(r.unit_costs["digital"]), now=fmt_percent(r.shares_now["digital"], L),
                  target=fmt_percent(r.shares_after["digital"], L), n=fmt_number(r.contacts, L),
                  before=kr(r.cost_now), after=kr(r.cost_after))
    if r.saving < 0:
        return sentence(w("f_channel_rise", extra=kr(-r.saving), **fields))
    return sentence(w("f_channel", saving=kr(r.saving), **fields))


def shared_sentence(r: m.SharedOperationsResult, w: Words) -> str:
    L = w.lang
    if r.payback_year is None:
        return w("f_shared_never", n=r.members, cost=fmt_kr(r.one_off_cost, L))
    return w("f_shared", n=r.members, cost=fmt_kr(r.one_off_cost, L), saving=fmt_kr(r.yearly_saving_per_member, L),
             start=r.start_year, year=r.payback_year)


def licence_sentence(r: m.JointLicenceResult, w: Words) -> str:
    L = w.lang
    text = w("f_licence", fee=fmt_kr(r.licence_per_citizen, L, decimals_of(r.licence_per_citizen)),
             name=r.municipality, pop=fmt_number(r.population, L), club=fmt_kr(r.club_cost, L))
    if r.saving is not None:
        text += sentence(w("f_licence_saving", current=fmt_kr(r.current_licence_cost, L),
                           saving=fmt_kr(r.saving, L)))
    return text


def kr_range(low: float, high: float, lang: str) -> str:
    """An amount range with its currency once: '300.000–500.000 kr.' (da), 'DKK 300,000–500,000' (en)."""
    low_text, high_text = fmt_number(low, lang), fmt_number(high, lang)
    return f"{low_text}–{high_text}{NBSP}kr." if lang == "da" else f"DKK{NBSP}{low_text}–{high_text}"


def check_sentence(check: m.LicenceCheck, w: Words, chosen: m.JointLicenceResult | None = None) -> str:
    """The business-case check as one sentence, every number computed. When the reader chose another
    municipality, the sentence first names the chosen one and then says whose business case it is."""
    L, lic = w.lang, check.licence
    fields = dict(name=lic.municipality, name_s=genitive(lic.municipality, L), pop=fmt_number(lic.population, L),
                  club=fmt_kr(lic.club_cost, L),
                  saving_range=kr_range(check.saving_low, check.saving_high, L),
                  implied_range=kr_range(check.implied_current_low, check.implied_current_high, L))
    if chosen is None or chosen.municipality == lic.municipality:
        return sentence(w("check", **fields))
    return sentence(w("check_other", chosen=chosen.municipality, chosen_pop=fmt_number(chosen.population, L),
                      chosen_club=fmt_kr(chosen.club_cost, L), **fields))


def channel_alt(r: m.ChannelShiftResult, w: Words) -> str:
    """Alt text of the channel-shift chart."""
    L = w.lang
    return w("alt_channel", before=fmt_kr(r.cost_now, L), after=fmt_kr(r.cost_after, L),
             target=fmt_percent(r.shares_after["digital"], L))


def payback_alt(r: m.SharedOperationsResult, w: Words) -> str:
    """Alt text of the payback chart."""
    data, L = charts.payback_table(r), w.lang
    first, last = data.iloc[0], data.iloc[-1]
    return w("alt_payback", first=fmt_kr(first["net"], L), y0=int(first["year"]), last=fmt_kr(last["net"], L),
             y1=int(last["year"]))


# --- the assumptions table (also shown by the live controls) ----------------------------------------

def input_label(key: str, w: Words) -> str:
    """The reader's name of a model input ('Target digital share'), never its code name."""
    return w.lookup("params", key)


def note_text(a: m.Assumption, w: Words) -> str:
    """The catalogue's note on an input (as published) followed by the model's remarks in the reader's words."""
    remarks = [w(key, **{f: fmt_number(v, w.lang) if f in NUMBER_FIELDS else v for f, v in fields})
               for key, fields in a.remarks]
    parts = [p for p in [data_text.fact_note(a.fact_id, a.note, w.lang), *remarks] if p]
    for i in range(1, len(parts)):  # a remark after a full sentence starts with a capital
        if parts[i - 1].endswith("."):
            parts[i] = parts[i][:1].upper() + parts[i][1:]
    return " ".join(parts)


def unit_text(unit: str, w: Words) -> str:
    """A model input's unit in the reader's language (the fact catalogue's units from the house catalogue)."""
    return w.lookup("units", unit, data_text.fact_unit(unit, w.lang))


def source_label(a: m.Assumption, w: Words) -> str:
    if a.fact_id:
        return f"{a.source} [{a.fact_id}]"
    return w(SOURCE_WORDS[a.source]) if a.source in SOURCE_WORDS else a.source


def assumptions_table(assumptions, lang: str) -> pd.DataFrame:
    """Assumptions as a table: input, value (years as int), unit, source (with fact id), note."""
    w = Words(REPORT.id, lang)
    rows = [{"input": input_label(a.key, w), "unit": unit_text(a.unit, w), "source": source_label(a, w),
             "note": note_text(a, w)} for a in assumptions]
    table = pd.DataFrame(rows, columns=["input", "unit", "source", "note"])
    values = [int(a.value) if a.unit == "year" else float(a.value) for a in assumptions]
    table.insert(1, "value", pd.Series(values, dtype=object))
    table.columns = [w(c) for c in ("col_input", "col_value", "col_unit", "col_source", "col_note")]
    return table


def format_value(value, lang: str = "en") -> str:
    """An assumption's value for a table: years as '2014', other numbers with the decimals they have."""
    if isinstance(value, int):
        return str(value)
    decimals = next((d for d in range(4) if round(value, d) == value), 3)
    return fmt_number(value, lang, decimals)


def value_formats(table: pd.DataFrame, lang: str) -> dict:
    """Cell formats for assumptions_table: each value with the decimals it has, in the reader's language."""
    return {table.columns[1]: lambda v: format_value(v, lang)}


# --- the report's sections ----------------------------------------------------------------------

def channel_pct(r: m.ChannelShiftResult) -> float:
    """The channel shift's saving in per cent of today's cost (negative: it would cost more)."""
    return 100 * r.saving / r.cost_now if r.cost_now else float("nan")


def title(pg: Page) -> None:
    """The report title: the channel-shift saving in per cent, computed, said as a model result (a rise is said
    as a rise, with its reason, never as a negative cut)."""
    r, L = pg.channel, pg.L
    pct = channel_pct(r)
    key = "title_rise" if pct < 0 else "title"
    report.title(pg.w(key, now=fmt_percent(r.shares_now["digital"], L), target=fmt_percent(r.shares_after["digital"], L),
                      pct=fmt_percent(abs(pct), L)),
                 pg.w("lead"), P=pg.P)


def findings(pg: Page) -> None:
    """Key findings: one sentence per model plus the business-case check, values recorded."""
    c, s, lic, chk, w = pg.channel, pg.shared, pg.licence, pg.check, pg.w
    facts = lambda res: sorted({a.fact_id for a in res.assumptions if a.fact_id})  # noqa: E731
    model = dict(model=True, assumptions=ASSUMPTIONS_HREF)  # every finding here is a model result
    report.key_findings([
        Finding(text=channel_sentence(c, w), value=c.saving, unit="DKK per year", table="catalogue_facts",
                indicator=facts(c), how="scenario:channel_shift", id="channel-saving", link="#fig-channel_shift",
                **model),
        Finding(text="", value=channel_pct(c), unit="%", table="catalogue_facts", indicator=facts(c),
                how="scenario:channel_shift_pct", id="channel-saving-pct", lead=True, **model),
        Finding(text=shared_sentence(s, w), value=s.payback_year, unit="year", table="catalogue_facts",
                indicator=facts(s), how="scenario:shared_operations", id="shared-payback", **model,
                link="#fig-shared_payback"),
        Finding(text=licence_sentence(lic, w), value=lic.club_cost, unit="DKK per year", table="dk_municipalities",
                indicator=facts(lic) or None, geo=lic.municipality, how="scenario:joint_licence",
                id="licence-club-cost", **model, link="#tab-joint_licence"),
        Finding(text=check_sentence(chk, w, chosen=lic), value=chk.implied_current_low, unit="DKK per year",
                table="catalogue_facts", indicator=facts(chk), geo=chk.licence.municipality,
                how="scenario:licence_check", id="licence-check", **model),
    ], pg.P)


def channel_section(pg: Page) -> None:
    r, w, L = pg.channel, pg.w, pg.L
    report.heading(w("channel"))
    report.markdown(w("channel_text"))
    scale = None if pg.P.contacts_given else int(r.contacts)
    publish_figure(charts.channel_figure(r, L, scale), "channel_shift", charts.channel_curve(r),
                   title=w("channel_title"), units="DKK per year", sources=m.sources_of(r.assumptions),
                   alt=channel_alt(r, w), P=pg.P)


def shared_section(pg: Page) -> None:
    r, w = pg.shared, pg.w
    report.heading(w("shared"))
    report.markdown(w("shared_text"))
    publish_figure(charts.payback_figure(r, pg.L), "shared_payback", charts.payback_table(r),
                   title=w("payback_title"), units="DKK", sources=m.sources_of(r.assumptions),
                   alt=payback_alt(r, w), P=pg.P)


def licence_row(r: m.JointLicenceResult, w: Words) -> dict:
    """One row of the licence table: municipality, fee, population, club cost, current cost, saving."""
    return {w("col_municipality"): r.municipality, w("col_fee"): r.licence_per_citizen,
            w("col_population"): r.population, w("col_club"): r.club_cost,
            w("col_current"): r.current_licence_cost, w("col_saving"): r.saving}


def licence_section(pg: Page) -> None:
    r, chk, w = pg.licence, pg.check, pg.w
    report.heading(w("licence"))
    rows = [licence_row(r, w)]
    if chk.licence.municipality != r.municipality:
        rows.append(licence_row(chk.licence, w))
    table = pd.DataFrame(rows)
    publish_table(table, "joint_licence", title=w("licence_table"),
                  sources=m.sources_of(chk.assumptions + r.assumptions), P=pg.P,
                  formats={c: "kr" for c in table.columns[3:]} | {table.columns[2]: 0})
    report.markdown(check_sentence(chk, w, chosen=r))


def all_assumptions(pg: Page) -> list[m.Assumption]:
    """Every input of the three models once, in the order the models list them."""
    everything = pg.channel.assumptions + pg.shared.assumptions + pg.check.assumptions + pg.licence.assumptions
    return list({a.key: a for a in everything}.values())


def assumptions_section(pg: Page) -> None:
    unique = all_assumptions(pg)
    table = assumptions_table(unique, pg.L)
    report.heading(pg.w("assumptions"))
    publish_table(table, "assumptions", title=pg.w("assumptions_table"), sources=m.sources_of(unique), P=pg.P,
                  formats=value_formats(table, pg.L), published=[table.columns[3]])


def caveats(pg: Page) -> None:
    P, w, L, inputs = pg.P, pg.w, pg.L, pg.P.inputs()
    items = []
    if not P.contacts_given:
        items.append(w("c_scale", n=fmt_number(CONTACTS_SCALE, L)))
    if P.letter_share is None:
        items.append(w("c_split"))
    now = inputs["digital_share"]
    if P.digital_share is None:
        year = m.fact_year(load_facts(), now.fact_id)
        items.append(w("c_now", year=year if year is not None else "?", value=fmt_percent(now.value, L)))
    if any(inputs[k].fact_id for k in ("letter_cost", "phone_cost", "digital_cost")):
        items.append(w("c_unit"))
    if inputs["saving_per_member"].fact_id:
        items.append(w("c_saving", fact=inputs["saving_per_member"].fact_id))
    if inputs["one_off_cost"].fact_id:
        items.append(w("c_oneoff", fact=inputs["one_off_cost"].fact_id))
    items.append(w("c_pop", period=P.population_period))
    report.caveats(items, P)


def sources(pg: Page) -> None:
    report.sources(SOURCE_TABLES, pg.P)
