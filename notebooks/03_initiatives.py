# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: muni-it-workbench
#     language: python
#     name: muni-it-workbench
# ---

# %% tags=["parameters"]
# Initiatives report: joint strategies and programmes (targets, budgets) against measured outcomes.
lang = "en"
output_dir = "."
output_href = "."
countries = ["DK", "NO"]
include_eu = True

# %%
from analysis.metrics.initiatives import Params

P = Params.from_namespace(globals())

# %%
import pandas as pd

from analysis import report
from analysis.data import tables
from analysis.figures import charts, style
from analysis.figures.export import publish_figure, publish_table
from analysis.i18n import fmt_number, fmt_percent
from analysis.metrics import initiatives as im
from analysis.report import Finding

L = P.lang


def T(en: str, da: str) -> str:
    """The sentence in the report language."""
    return da if L == "da" else en


def pct(v: float, d: int = 0) -> str:
    return fmt_percent(v, L, d)


def geo_name(code: str) -> str:
    return im.label(im.GEO_LABELS, code, L)


initiatives = tables.load("catalogue_initiatives")
facts = tables.load("catalogue_facts")
dk_digital = tables.load("dk_digitalisation")
egov = tables.load("eurostat_egov_use_individuals")
ssb_online = tables.load("ssb_public_online_services")

progs = im.programmes(initiatives)
pfacts = im.programme_facts(facts)
contact_targets = im.digital_contact_targets(facts)
tvo = im.targets_vs_outcomes(dk_digital)
outcomes = im.online_outcomes(egov, P.countries, include_eu=P.include_eu)
budget = im.budget_for(progs, pfacts, "DK")
met = tvo[tvo["gap"] >= 0]
USED = "egov_used_public_authority_website_or_app_12m"
CONTACT = "egov_interaction_public_authorities_internet_12m"
dk_used = im.latest(outcomes, "DK", USED) if "DK" in P.countries else None
no_ssb = im.ssb_online_services(ssb_online) if "NO" in P.countries else None
no_ages = im.age_range(no_ssb["unit"]) if no_ssb is not None else "–"

# %%
title = T(f"Denmark met {len(met)} of {len(tvo)} targets for digital communication in "
          f"{int(tvo['target_year'].max())}",
          f"Danmark nåede {len(met)} af {len(tvo)} mål for digital kommunikation i "
          f"{int(tvo['target_year'].max())}")
if dk_used is not None:
    title += T(f", and {pct(dk_used['value'])} of Danes used public websites or apps in {int(dk_used['year'])}",
               f", og {pct(dk_used['value'])} af danskerne brugte offentlige hjemmesider eller apps i "
               f"{int(dk_used['year'])}")
report.title(title, T(
    f"A timeline of {len(progs)} joint municipal strategies and programmes, their targets and budgets, "
    "set against what was measured afterwards.",
    f"En tidslinje over {len(progs)} fælles kommunale strategier og programmer, deres mål og budgetter, "
    "sammenholdt med det, der siden blev målt."), P=P)

# %%
ages = im.age_range(outcomes["unit"])
findings = []
if len(contact_targets) >= 2:
    a, b = contact_targets.iloc[0], contact_targets.iloc[-1]
    findings.append(Finding(
        text=T(f"The joint municipal strategy aimed to raise the digital share of citizen contacts from "
               f"{pct(a['value'])} in {int(a['year'])} to {pct(b['value'])} in {int(b['year'])}.",
               f"Den fælleskommunale strategi sigtede mod at øge den digitale andel af borgerhenvendelser fra "
               f"{pct(a['value'])} i {int(a['year'])} til {pct(b['value'])} i {int(b['year'])}."),
        value=float(b["value"]), unit="per cent (target)", table="catalogue_facts",
        indicator="share of citizen contacts that are digital (target)", geo="DK", year=int(b["year"]),
        how="value", id="contact_target", link="#fig-initiatives_timeline"))
for r in tvo.itertuples():
    verb = T("exceeded" if r.gap > 0 else "met" if r.gap == 0 else "missed",
             "overgik" if r.gap > 0 else "nåede" if r.gap == 0 else "nåede ikke")
    what = im.label(im.MEASURE_LABELS, r.measure, L)
    findings.append(Finding(
        text=T(f"{what}: Denmark {verb} the {r.target_year} target of {pct(r.target)} with "
               f"{pct(r.outcome)} in {r.outcome_year} ({'+' if r.gap > 0 else ''}{fmt_number(r.gap, L, 0)} points).",
               f"{what}: Danmark {verb} målet for {r.target_year} på {pct(r.target)} med "
               f"{pct(r.outcome)} i {r.outcome_year} ({'+' if r.gap > 0 else ''}{fmt_number(r.gap, L, 0)} procentpoint)."),
        value=float(r.gap), unit="percentage points", table="dk_digitalisation",
        indicator=[r.measure, r.outcome_indicator], geo="DK", year=[r.target_year, r.outcome_year],
        how="difference", id=f"gap_{r.measure}", link="#fig-targets_vs_outcomes"))
if budget and budget["programme"]:
    findings.append(Finding(
        text=T(f"The {budget['programme']} has a budget of {im.money_text(budget['value'], budget['unit'], L)} "
               f"shared across {budget['parts']} sub-programmes.",
               f"{budget['programme']} har et budget på {im.money_text(budget['value'], budget['unit'], L)} "
               f"fordelt på {budget['parts']} delprogrammer."),
        value=budget["value"], unit=str(budget["unit"]), table="catalogue_facts",
        indicator="budget of the municipal digitalisation programme 2021-2025", geo="DK", year=budget["year"],
        how="value", id="programme_budget", link="#tab-programmes"))
if dk_used is not None and P.include_eu:
    g = im.same_year_gap(outcomes, "DK", "EU", USED)
    findings.append(Finding(
        text=T(f"In {g['year']}, {pct(g['value'])} of Danes aged {ages} used a public authority's website or "
               f"app, against {pct(g['other'])} in the EU.",
               f"I {g['year']} brugte {pct(g['value'])} af danskerne på {ages} år en offentlig "
               f"myndigheds hjemmeside eller app mod {pct(g['other'])} i EU."),
        value=g["value"], unit="per cent", table="eurostat_egov_use_individuals", indicator=USED, geo="DK",
        year=g["year"], how="value", id="dk_used_online", link="#fig-online_outcomes"))
if "NO" in P.countries and ((outcomes["geo"] == "NO") & (outcomes["measure"] == CONTACT)).sum() >= 2:
    a, b = im.first_and_last(outcomes, "NO", CONTACT)
    findings.append(Finding(
        text=T(f"In Norway, the share in online contact with public authorities rose from {pct(a['value'], 1)} "
               f"in {int(a['year'])} to {pct(b['value'], 1)} in {int(b['year'])}, the latest Eurostat year in the data.",
               f"I Norge steg andelen med onlinekontakt til offentlige myndigheder fra {pct(a['value'], 1)} i "
               f"{int(a['year'])} til {pct(b['value'], 1)} i {int(b['year'])}, det seneste Eurostat-år i data."),
        value=round(float(b["value"] - a["value"]), 1), unit="percentage points",
        table="eurostat_egov_use_individuals", indicator=CONTACT, geo="NO",
        year=[int(a["year"]), int(b["year"])], how="change", id="no_contact_change",
        link="#fig-online_outcomes"))
if no_ssb is not None and len(no_ssb) >= 2:
    a, b = no_ssb.iloc[0], no_ssb.iloc[-1]
    change = float(b["value"] - a["value"])
    findings.append(Finding(
        text=T(f"Statistics Norway's own survey: the share of Norwegians aged {no_ages} who used public online "
               f"services {'rose' if change > 0 else 'fell' if change < 0 else 'stayed'} from {pct(a['value'])} in "
               f"{int(a['year'])} to {pct(b['value'])} in {int(b['year'])} "
               f"({'+' if change > 0 else ''}{fmt_number(change, L, 0)} points).",
               f"Statistisk sentralbyrås egen undersøgelse: andelen af nordmænd på {no_ages} år, der brugte "
               f"offentlige nettjenester, {'steg' if change > 0 else 'faldt' if change < 0 else 'var uændret'} fra "
               f"{pct(a['value'])} i {int(a['year'])} til {pct(b['value'])} i {int(b['year'])} "
               f"({'+' if change > 0 else ''}{fmt_number(change, L, 0)} procentpoint)."),
        value=change, unit="percentage points", table="ssb_public_online_services",
        indicator=im.SSB_ONLINE_SERVICES, geo="NO", year=[int(a["year"]), int(b["year"])], how="change",
        id="no_ssb_online_change", link="#fig-no_online_services"))
report.key_findings(findings, P)

# %%
report.heading(T("Strategies and programmes", "Strategier og programmer"))
events = im.timeline_events(progs, pfacts, L)
span = f"{int(events['year'].min())}-{int(events['year'].max())}"
title = T(f"Joint municipal digitalisation: {len(progs)} programmes and their targets, {span}",
          f"Fælleskommunal digitalisering: {len(progs)} programmer og deres mål, {span}")
fig = charts.timeline(events, when="year", label="label", group="kind_label", title=title, lang=L,
                      colors={T("Programme starts", "Program starter"): style.HIGHLIGHT,
                              T("Target year", "Målår"): style.ACCENT,
                              T("Budget or grant", "Budget eller tilskud"): style.MID})
publish_figure(fig, "initiatives_timeline", events, title=title, units="",
               sources=tables.sources(initiatives) + tables.sources(
                   facts[facts["fact_id"].isin(pfacts["fact_id"])]), P=P)

# %%
pt = progs.assign(country=progs["country"].map(geo_name))[
    ["programme", "country", "start_year", "end_year", "parts", "part_names"]]
pt.columns = [T("Programme", "Program"), T("Country", "Land"), T("Start", "Start"), T("End", "Slut"),
              T("Sub-programmes", "Delprogrammer"), T("Sub-programmes (names)", "Delprogrammer (navne)")]
publish_table(pt, "programmes", title=T("Joint municipal programmes in the catalogue",
                                        "Fælleskommunale programmer i kataloget"),
              sources=tables.sources(initiatives), formats={pt.columns[2]: "year", pt.columns[3]: "year",
                                                           pt.columns[4]: "int"}, P=P)
ft = pfacts.assign(kind=pfacts["kind"].map({"target": T("target", "mål"), "budget": T("budget", "budget")}))[
    ["country", "year", "kind", "indicator", "value", "unit", "value_as_printed"]]
ft.columns = [T("Country", "Land"), T("Year", "År"), T("Kind", "Type"), T("What (English)", "Hvad (engelsk)"),
              T("Value", "Værdi"), T("Unit", "Enhed"), T("As printed", "Som trykt")]
publish_table(ft, "targets_and_budgets",
              title=T("Targets and budgets of joint programmes, as reported",
                      "Mål og budgetter for fælles programmer, som oplyst"),
              sources=tables.sources(facts[facts["fact_id"].isin(pfacts["fact_id"])]),
              formats={ft.columns[1]: "year", ft.columns[4]: 0}, P=P)

# %%
report.heading(T("Targets against outcomes", "Mål over for resultater"))
tv = pd.concat([
    tvo.assign(what=T("Target", "Mål"), value=tvo["target"], year=tvo["target_year"]),
    tvo.assign(what=T("Outcome", "Resultat"), value=tvo["outcome"], year=tvo["outcome_year"])])
tv["measure_label"] = tv["measure"].map(lambda m: im.label(im.MEASURE_LABELS, m, L))
tv = tv[["measure", "measure_label", "what", "year", "value"]]
parts = []
for r in tvo.itertuples():
    what = im.label(im.MEASURE_LABELS, r.measure, L)
    parts.append(T(f"{what.lower()} {pct(r.outcome)} against {pct(r.target)}",
                   f"{what.lower()} {pct(r.outcome)} mod {pct(r.target)}"))
title = T(f"Denmark's {int(tvo['target_year'].max())} targets and outcomes: " + "; ".join(parts),
          f"Danmarks mål og resultater for {int(tvo['target_year'].max())}: " + "; ".join(parts))
units = T("% (target and outcome)", "% (mål og resultat)")
fig = charts.dot_plot(tv, category="measure_label", series="what", title=title, units=units, lang=L,
                      percent=True, xlim=(50, 100),
                      colors={T("Target", "Mål"): style.MUTED, T("Outcome", "Resultat"): style.HIGHLIGHT})
publish_figure(fig, "targets_vs_outcomes", tv, title=title, units=units,
               sources=tables.sources(dk_digital[dk_digital["indicator"].isin(
                   list(tvo["measure"]) + list(tvo["outcome_indicator"]))]), P=P)
report.markdown(T(
    f"The targets for {int(tvo['target_year'].max())} are those of the joint-government eGovernment strategy "
    "(government, KL and Danish Regions); outcomes are the official results for the move to digital "
    "communication.",
    f"Målene for {int(tvo['target_year'].max())} stammer fra den fællesoffentlige digitaliseringsstrategi "
    "(regeringen, KL og Danske Regioner); resultaterne er de officielle opgørelser af overgangen til digital "
    "kommunikation."))

# %%
report.heading(T("People dealing with public authorities online", "Borgere i kontakt med myndigheder online"))
series_labels = {s: f"{geo_name(s.split('|')[0])}: {im.label(im.ONLINE_MEASURES, s.split('|')[1], L)}"
                 for s in outcomes["series"].unique()}
colors = {s: style.country_color(s.split("|")[0]) for s in outcomes["series"].unique()}
latest_rows = outcomes.sort_values("year").groupby("geo").tail(1)
title = T("Share of people dealing with public authorities online: "
          + "; ".join(f"{geo_name(r.geo)} {pct(r.value, 1 if r.value % 1 else 0)} ({r.year})"
                      for r in latest_rows.itertuples()),
          "Andel, der har kontakt med offentlige myndigheder online: "
          + "; ".join(f"{geo_name(r.geo)} {pct(r.value, 1 if r.value % 1 else 0)} ({r.year})"
                      for r in latest_rows.itertuples()))
ages = im.age_range(outcomes["unit"])
units = T(f"% of individuals aged {ages}, last 12 months", f"% af personer på {ages} år, seneste 12 måneder")
plot = im.break_gaps(outcomes[["year", "geo", "geo_code", "measure", "series", "value", "unit"]])
fig = charts.line_chart(plot, x="year", y="value", series="series", labels=series_labels, colors=colors,
                        title=title, units=units, lang=L, percent=True, ylim=(0, 100), width="wide")
publish_figure(fig, "online_outcomes", plot, title=title, units=units,
               sources=tables.sources(egov[egov["indicator"].isin(outcomes["measure"].unique())
                                           & egov["geo_code"].isin(outcomes["geo_code"].unique())]), P=P)
report.markdown(T(
    "Each line is one survey question; lines are not joined across questions because the questions differ "
    "(contact online, obtaining information, using a website or app).",
    "Hver linje er ét spørgsmål i undersøgelsen; linjerne forbindes ikke på tværs af spørgsmål, fordi de er "
    "forskellige (kontakt online, hente information, bruge en hjemmeside eller app)."))

# %%
if no_ssb is not None:
    report.heading(T("Norway's own survey: public online services", "Norges egen undersøgelse: offentlige nettjenester"),
                   3)
    ny1, ny2 = int(no_ssb["year"].min()), int(no_ssb["year"].max())
    title = T(f"Norway: share of people aged {no_ages} who used public online services, {ny1}–{ny2}",
              f"Norge: andel af personer på {no_ages} år, der har brugt offentlige nettjenester, {ny1}–{ny2}")
    units = T(f"% of the population aged {no_ages}, last 12 months",
              f"% af befolkningen på {no_ages} år, seneste 12 måneder")
    plot = no_ssb[["year", "geo_code", "measure", "value", "unit"]]
    fig = charts.line_chart(plot, x="year", y="value", series="geo_code", labels={"NO": geo_name("NO")},
                            title=title, units=units, lang=L, percent=True, ylim=(0, 100), width="wide")
    first = no_ssb.iloc[0]  # the starting value labelled too, so the rise can be read off the chart
    fig.axes[0].annotate(pct(first["value"]), (first["year"], first["value"]), xytext=(0, 8),
                         textcoords="offset points", ha="center", va="bottom", fontsize=8.5, fontweight="bold",
                         color=style.text_color(style.country_color("NO")))
    publish_figure(fig, "no_online_services", plot, title=title, units=units, sources=tables.sources(
        ssb_online[(ssb_online["indicator"] == im.SSB_ONLINE_SERVICES) & (ssb_online["geo_code"] == "NO")]), P=P)
    report.markdown(T(
        f"Statistics Norway asks people aged {no_ages} whether they obtained information from public websites, "
        "downloaded public forms or submitted forms online in the last 12 months; the line is the share who did "
        f"at least one of the three. Eurostat's figures above cover ages {ages} and ask other questions, so the two "
        "are shown apart and never joined.",
        f"Statistisk sentralbyrå spørger personer på {no_ages} år, om de inden for de seneste 12 måneder har hentet "
        "information fra offentlige hjemmesider, hentet offentlige skemaer eller indsendt skemaer online; linjen "
        f"er andelen, der har gjort mindst én af de tre ting. Eurostats tal ovenfor dækker {ages}-årige og stiller "
        "andre spørgsmål, så de to vises hver for sig og forbindes aldrig."))

# %%
report.methods([
    T("Programmes are the catalogue's initiatives grouped by the name before the colon; sub-programmes are "
      "counted. Targets and budgets are catalogue facts of joint bodies (sector, association, partnership).",
      "Programmer er katalogets initiativer grupperet efter navnet før kolon; delprogrammer tælles. Mål og "
      "budgetter er katalogfakta for fælles aktører (sektor, forening, samarbejde)."),
    T("Each target is paired with the outcome that measures the same thing; the gap is outcome minus "
      "target in percentage points.",
      "Hvert mål er parret med det resultat, der måler det samme; forskellen er resultat minus mål i "
      "procentpoint."),
    T("Online use is Eurostat's ICT household survey as published (rounded whole per cent for most years).",
      "Onlinebrug er Eurostats undersøgelse af it i husholdningerne som offentliggjort (oftest afrundet til "
      "hele procent)."),
    T("Norway's own series is Statistics Norway's survey of ICT use in households as printed in its article "
      "(whole per cent); the change is the last year minus the first, in percentage points.",
      "Norges egen serie er Statistisk sentralbyrås undersøgelse af it-brug i husholdningerne som trykt i dens "
      "artikel (hele procent); ændringen er sidste år minus første år i procentpoint."),
], P)
target_span = " → ".join(f"{pct(r.value)} ({int(r.year)})" for r in contact_targets.itertuples())
no_rows = outcomes[outcomes["geo"] == "NO"]
no_last = int(no_rows["year"].max()) if len(no_rows) else "–"
charted = egov[egov["indicator"].isin(outcomes["measure"].unique()) & egov["geo_code"].isin(outcomes["geo_code"].unique())]
sec = charted[charted["note"].astype(str).str.contains("SECONDARY", case=False)]
secondary = ", ".join(f"{geo_name(im.geo_group(r.geo_code))} {int(r.year)}" for r in sec.itertuples()) or "–"
eu_codes = sorted(outcomes.loc[outcomes["geo"] == "EU", "geo_code"].unique())
report.caveats([
    T("The strategy's target for the digital share of citizen contacts is not the same measure as the share "
      "of people who used public websites: the first counts contacts, the second people.",
      "Strategiens mål for den digitale andel af borgerhenvendelser er ikke samme mål som andelen af "
      "borgere, der har brugt offentlige hjemmesider: det første tæller henvendelser, det andet personer."),
    T(f"No measured outcome for the {target_span} contact target was found; it is shown as a target only.",
      f"Der er ikke fundet en opgørelse af målet for digitale henvendelser ({target_span}); det vises kun som mål."),
    T(f"Norway's online-contact series ends in {no_last} in the data. Values for {secondary} come from a "
      "secondary press report of a Eurostat release. EU aggregates differ in composition "
      f"({', '.join(eu_codes)}).",
      f"Norges serie for onlinekontakt slutter i {no_last} i data. Værdierne for {secondary} stammer fra en "
      "sekundær pressegengivelse af en Eurostat-udgivelse. EU-aggregaterne har forskellig sammensætning "
      f"({', '.join(eu_codes)})."),
    *([T(f"Statistics Norway's series covers ages {no_ages}, Eurostat's {ages}, and the questions differ: the two "
         "are not comparable and are charted separately. Its years are those of SSB's article (publication date "
         "not shown in the stored text); a secondary Difi figure for 2015 in the same table is a share of "
         "internet users, another base, and is not charted.",
         f"Statistisk sentralbyrås serie dækker {no_ages}-årige og Eurostats {ages}-årige, og spørgsmålene er "
         "forskellige: de kan ikke sammenlignes og vises i hver sin figur. Årene er dem i SSB's artikel "
         "(udgivelsesdato ikke vist i den lagrede tekst); et sekundært Difi-tal for 2015 i samme tabel er en andel "
         "af internetbrugerne, et andet grundlag, og vises ikke.")] if no_ssb is not None else []),
    T("Budgets are nominal kroner as reported; no deflator is applied.",
      "Budgetter er løbende kroner som oplyst; der er ikke deflateret."),
    T("Programme names and descriptions are quoted from the sources (English paraphrases in the catalogue).",
      "Programnavne og beskrivelser er gengivet fra kilderne (engelske parafraser i kataloget)."),
], P)
