"""The static scenario report: every sentence's numbers computed from the models and their sourced inputs.

Called section by section from notebooks/05_scenarios.py, so the notebook stays thin.
"""
from __future__ import annotations

import pandas as pd

from analysis import report
from analysis.figures.export import publish_figure, publish_table
from analysis.i18n import fmt_kr, fmt_number, fmt_percent, t
from analysis.report import Finding
from analysis.scenarios import charts
from analysis.scenarios import models as m
from analysis.scenarios.params import CONTACTS_SCALE, ScenarioParams

TABLES = ["catalogue_facts", "dk_municipalities"]

TEXT = {
    "title": {"en": "Moving digital self-service from {now} to {target} of contacts cuts their cost by {pct}",
              "da": "Når digital selvbetjening går fra {now} til {target} af henvendelserne, falder "
                    "udgiften med {pct}"},
    "lead": {"en": "Three scenario models for policy advisors. Each default is a sourced figure from the "
                   "catalogue or is marked as an assumption; change them with workbench run --set or in "
                   "the dashboard (workbench dashboard).",
             "da": "Tre scenariemodeller til politiske rådgivere. Hver standardværdi er et kildebelagt tal fra "
                   "kataloget eller markeret som antagelse; ændr dem med workbench run --set eller i "
                   "dashboardet (workbench dashboard)."},
    "f_channel": {"en": "At {letter}, {phone} and {digital} per contact (letter/e-mail, telephone, digital), "
                        "moving the digital share from {now} to {target} cuts the yearly cost of {n} contacts "
                        "from {before} to {after}: a saving of {saving}",
                  "da": "Med {letter}, {phone} og {digital} pr. henvendelse (brev/e-mail, telefon, digital) "
                        "sænker et skift af den digitale andel fra {now} til {target} den årlige udgift til "
                        "{n} henvendelser fra {before} til {after}: en besparelse på {saving}"},
    "f_shared": {"en": "{n} municipalities sharing IT operations, with a one-off cost of {cost} and {saving} "
                       "saved per member a year from {start}, have paid back by the end of {year}.",
                 "da": "{n} kommuner med fælles it-drift, en engangsudgift på {cost} og {saving} sparet pr. "
                       "medlem om året fra {start}, har tjent udgiften hjem ved udgangen af {year}."},
    "f_shared_never": {"en": "{n} municipalities sharing IT operations with no yearly saving never pay back "
                             "the one-off cost of {cost}.",
                       "da": "{n} kommuner med fælles it-drift uden årlig besparelse tjener aldrig "
                             "engangsudgiften på {cost} hjem."},
    "f_licence": {"en": "At {fee} per citizen, {name} ({pop} inhabitants) would pay {club} a year in the user "
                        "club; joining saves money if its current licence costs more than that.",
                  "da": "Med {fee} pr. borger ville {name} ({pop} indbyggere) betale {club} om året i "
                        "brugerklubben; det kan betale sig, hvis den nuværende licens koster mere."},
    "f_licence_saving": {"en": " Against the current licence cost of {current}, the yearly saving is {saving}",
                         "da": " I forhold til den nuværende licensudgift på {current} er den årlige "
                               "besparelse {saving}"},
    "channel": {"en": "Channel shift", "da": "Kanalskift"},
    "channel_text": {"en": "Each contact by letter or e-mail, telephone or digital self-service has a unit cost. "
                           "The chart shows the yearly cost for every digital share that could be reached; the "
                           "other channels keep their mutual proportion.",
                     "da": "Hver henvendelse pr. brev eller e-mail, telefon eller digital selvbetjening har en "
                           "enhedspris. Figuren viser den årlige udgift for hver digital andel, der kunne nås; "
                           "de øvrige kanaler beholder deres indbyrdes forhold."},
    "shared": {"en": "Shared IT operations", "da": "Fælles it-drift"},
    "shared_text": {"en": "The one-off cost is paid before the first year; each member saves the same amount "
                          "every year from the first year of savings.",
                    "da": "Engangsudgiften betales før første år; hvert medlem sparer samme beløb hvert år fra "
                          "første år med besparelse."},
    "licence": {"en": "Joint licence in a user club", "da": "Fælles licens i en brugerklub"},
    "licence_table": {"en": "Joint licence: yearly cost in the user club", "da": "Fælles licens: årlig udgift i brugerklubben"},
    "assumptions": {"en": "Assumptions", "da": "Antagelser"},
    "assumptions_table": {"en": "Every input of the three scenarios and where it comes from",
                          "da": "Alle input til de tre scenarier og hvor de kommer fra"},
    "alt_channel": {"en": "Line chart: yearly cost of contacts falls from {before} now to {after} at a {target} "
                          "digital share.",
                    "da": "Linjediagram: den årlige udgift falder fra {before} nu til {after} ved en digital "
                          "andel på {target}."},
    "alt_payback": {"en": "Bar chart: net position of the shared operation by year, {first} in {y0} to {last} "
                          "in {y1}.",
                    "da": "Søjlediagram: den fælles drifts nettoresultat år for år, {first} i {y0} til {last} "
                          "i {y1}."},
    "c_scale": {"en": "No sourced count of citizen contacts exists here: unless contacts_per_year is set, the "
                      "channel-shift amounts are per {n} contacts.",
                "da": "Der findes ikke et kildebelagt antal borgerhenvendelser: medmindre contacts_per_year "
                      "sættes, er kanalskiftets beløb pr. {n} henvendelser."},
    "c_split": {"en": "The split of today's non-digital contacts between letter/e-mail and telephone is not "
                      "sourced; the default is an even split, marked as an assumption.",
                "da": "Fordelingen af dagens ikke-digitale henvendelser på brev/e-mail og telefon er ikke "
                      "kildebelagt; standarden er en ligelig fordeling, markeret som antagelse."},
    "c_now": {"en": "Today's digital share defaults to the joint strategy's {year} target ({value}), not a "
                    "measured share.",
              "da": "Dagens digitale andel er som standard fællesstrategiens mål for {year} ({value}), ikke en "
                    "målt andel."},
    "c_unit": {"en": "The unit costs are Copenhagen's; other municipalities' costs may differ.",
               "da": "Enhedspriserne er Københavns; andre kommuners kan være anderledes."},
    "c_saving": {"en": "The source of the saving per member ({fact}) does not say whether it is one-off or "
                       "yearly; the model reads it as yearly.",
                 "da": "Kilden til besparelsen pr. medlem ({fact}) siger ikke, om den er engangs eller årlig; "
                       "modellen læser den som årlig."},
    "c_oneoff": {"en": "The one-off cost default ({fact}) is the cost of a joint analysis only, not of the "
                       "migration itself.",
                 "da": "Standarden for engangsudgiften ({fact}) er kun prisen for en fælles analyse, ikke for "
                       "selve omlægningen."},
    "c_pop": {"en": "Populations are from the reference table ({period}); the licence price and business case "
                    "are from an earlier year.",
              "da": "Indbyggertal er fra referencetabellen ({period}); licensprisen og business casen er fra "
                    "et tidligere år."},
}


def sources(assumptions) -> list[dict]:
    return m.sources_of(assumptions)


def title(P: ScenarioParams) -> None:
    """The report title: the channel-shift saving in per cent, computed."""
    r, lang = P.channel(), P.lang
    pct = 100 * r.saving / r.cost_now if r.cost_now else float("nan")
    report.title(t(TEXT["title"], lang).format(now=fmt_percent(r.shares_now["digital"], lang),
                                               target=fmt_percent(r.shares_after["digital"], lang),
                                               pct=fmt_percent(pct, lang)),
                 t(TEXT["lead"], lang), P=P)


def channel_sentence(P: ScenarioParams) -> str:
    r, lang = P.channel(), P.lang
    kr = lambda v: fmt_kr(v, lang)  # noqa: E731
    return sentence(t(TEXT["f_channel"], lang).format(
        letter=kr(r.unit_costs["letter"]), phone=kr(r.unit_costs["phone"]), digital=kr(r.unit_costs["digital"]),
        now=fmt_percent(r.shares_now["digital"], lang), target=fmt_percent(r.shares_after["digital"], lang),
        n=fmt_number(r.contacts, lang), before=kr(r.cost_now), after=kr(r.cost_after), saving=kr(r.saving)))


def sentence(text: str) -> str:
    """End text with one full stop (an amount like '25.200 kr.' already ends with one)."""
    return text if text.endswith(".") else text + "."


def shared_sentence(P: ScenarioParams) -> str:
    r, lang = P.shared(), P.lang
    if r.payback_year is None:
        return t(TEXT["f_shared_never"], lang).format(n=r.members, cost=fmt_kr(r.one_off_cost, lang))
    return t(TEXT["f_shared"], lang).format(n=r.members, cost=fmt_kr(r.one_off_cost, lang),
                                            saving=fmt_kr(r.yearly_saving_per_member, lang), start=r.start_year,
                                            year=r.payback_year)


def licence_sentence(P: ScenarioParams) -> str:
    r, lang = P.licence(), P.lang
    text = t(TEXT["f_licence"], lang).format(fee=fmt_kr(r.licence_per_citizen, lang, _decimals(r.licence_per_citizen)),
                                             name=r.municipality, pop=fmt_number(r.population, lang),
                                             club=fmt_kr(r.club_cost, lang))
    if r.saving is not None:
        text += sentence(t(TEXT["f_licence_saving"], lang).format(current=fmt_kr(r.current_licence_cost, lang),
                                                                  saving=fmt_kr(r.saving, lang)))
    return text


def _decimals(value: float) -> int:
    """Decimals a value has (0-2), so 9 shows as 9 and 9.5 as 9.5: never rounded silently."""
    for d in range(3):
        if round(value, d) == value:
            return d
    return 2


def findings(P: ScenarioParams) -> None:
    """Key findings: one sentence per model plus the business-case check, values recorded."""
    from analysis.scenarios.widgets import check_sentence
    c, s, lic, chk = P.channel(), P.shared(), P.licence(), P.check()
    facts = lambda res: sorted({a.fact_id for a in res.assumptions if a.fact_id})  # noqa: E731
    report.key_findings([
        Finding(text=channel_sentence(P), value=c.saving, unit="DKK per year", table="catalogue_facts",
                indicator=facts(c), how="scenario:channel_shift", id="channel-saving", link="#fig-channel_shift"),
        Finding(text=shared_sentence(P), value=s.payback_year, unit="year", table="catalogue_facts",
                indicator=facts(s), how="scenario:shared_operations", id="shared-payback",
                link="#fig-shared_payback"),
        Finding(text=licence_sentence(P), value=lic.club_cost, unit="DKK per year", table="dk_municipalities",
                indicator=facts(lic) or None, geo=lic.municipality, how="scenario:joint_licence",
                id="licence-club-cost", link="#tab-joint_licence"),
        Finding(text=check_sentence(chk, P.lang), value=chk.implied_current_low, unit="DKK per year",
                table="catalogue_facts", indicator=facts(chk), geo=chk.licence.municipality,
                how="scenario:licence_check", id="licence-check"),
    ], P)


def channel_section(P: ScenarioParams) -> None:
    r, lang = P.channel(), P.lang
    report.heading(t(TEXT["channel"], lang))
    report.markdown(t(TEXT["channel_text"], lang))
    scale = None if P.contacts_given else int(r.contacts)
    fig = charts.channel_figure(r, lang, scale)
    alt = t(TEXT["alt_channel"], lang).format(before=fmt_kr(r.cost_now, lang), after=fmt_kr(r.cost_after, lang),
                                              target=fmt_percent(r.shares_after["digital"], lang))
    publish_figure(fig, "channel_shift", charts.channel_curve(r), title=t(charts.TEXT["channel_title"], lang),
                   units="DKK per year", sources=sources(r.assumptions), alt=alt, P=P)


def shared_section(P: ScenarioParams) -> None:
    r, lang = P.shared(), P.lang
    report.heading(t(TEXT["shared"], lang))
    report.markdown(t(TEXT["shared_text"], lang))
    data = charts.payback_table(r)
    fig = charts.payback_figure(r, lang)
    first, last = data.iloc[0], data.iloc[-1]
    alt = t(TEXT["alt_payback"], lang).format(first=fmt_kr(first["net"], lang), y0=int(first["year"]),
                                              last=fmt_kr(last["net"], lang), y1=int(last["year"]))
    publish_figure(fig, "shared_payback", data, title=t(charts.TEXT["payback_title"], lang), units="DKK",
                   sources=sources(r.assumptions), alt=alt, P=P)


def licence_section(P: ScenarioParams) -> None:
    from analysis.scenarios.widgets import check_sentence
    r, chk, lang = P.licence(), P.check(), P.lang
    report.heading(t(TEXT["licence"], lang))
    rows = [licence_row(r, lang)]
    if chk.licence.municipality != r.municipality:
        rows.append(licence_row(chk.licence, lang))
    table = pd.DataFrame(rows)
    publish_table(table, "joint_licence", title=t(TEXT["licence_table"], lang), sources=sources(chk.assumptions
                  + r.assumptions), P=P, formats={c: "kr" for c in table.columns[3:]} | {table.columns[2]: 0})
    report.markdown(check_sentence(chk, lang))


def licence_row(r: m.JointLicenceResult, lang: str) -> dict:
    """One row of the licence table: municipality, fee, population, club cost, current cost, saving."""
    da = lang == "da"
    return {("Kommune" if da else "Municipality"): r.municipality,
            ("Licens pr. borger (kr.)" if da else "Licence per citizen (DKK)"): r.licence_per_citizen,
            ("Indbyggere" if da else "Inhabitants"): r.population,
            ("Klublicens pr. år" if da else "Club licence per year"): r.club_cost,
            ("Nuværende licens pr. år" if da else "Current licence per year"): r.current_licence_cost,
            ("Besparelse pr. år" if da else "Saving per year"): r.saving}


def assumptions_section(P: ScenarioParams) -> None:
    lang = P.lang
    everything = P.channel().assumptions + P.shared().assumptions + P.check().assumptions + P.licence().assumptions
    unique = list({a.key: a for a in everything}.values())
    table = m.assumptions_table(unique, lang)
    report.heading(t(TEXT["assumptions"], lang))
    publish_table(table, "assumptions", title=t(TEXT["assumptions_table"], lang), sources=sources(unique), P=P,
                  formats={table.columns[1]: lambda v: m.format_value(v, lang)})


def caveats(P: ScenarioParams) -> None:
    lang, inputs = P.lang, P.inputs()
    items = []
    if not P.contacts_given:
        items.append(t(TEXT["c_scale"], lang).format(n=fmt_number(CONTACTS_SCALE, lang)))
    if P.letter_share is None:
        items.append(t(TEXT["c_split"], lang))
    now = inputs["digital_share"]
    if P.digital_share is None:
        items.append(t(TEXT["c_now"], lang).format(year=_fact_year(now), value=fmt_percent(now.value, lang)))
    if any(inputs[k].fact_id for k in ("letter_cost", "phone_cost", "digital_cost")):
        items.append(t(TEXT["c_unit"], lang))
    if inputs["saving_per_member"].fact_id:
        items.append(t(TEXT["c_saving"], lang).format(fact=inputs["saving_per_member"].fact_id))
    if inputs["one_off_cost"].fact_id:
        items.append(t(TEXT["c_oneoff"], lang).format(fact=inputs["one_off_cost"].fact_id))
    items.append(t(TEXT["c_pop"], lang).format(period=P._municipality.get("population_period", "")))
    report.caveats(items, P)


def _fact_year(a: m.Assumption) -> str:
    """The year of a catalogue fact, read from the processed table."""
    from analysis.scenarios.params import load_facts
    facts = load_facts()
    year = facts.loc[facts["fact_id"].astype(str) == a.fact_id, "year"].iloc[0]
    return str(int(year)) if pd.notna(year) else "?"


def static_report(P: ScenarioParams) -> None:
    """The whole static report, in order."""
    title(P)
    findings(P)
    channel_section(P)
    shared_section(P)
    licence_section(P)
    assumptions_section(P)
    caveats(P)
    report.sources(TABLES, P)
