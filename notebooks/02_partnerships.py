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
# Partnerships report: who works with whom, claimed savings, and SSB cooperation by task and county.
lang = "en"
output_dir = "."
output_href = "."
cooperation_year = 2004
countries = ["DK", "NO"]

# %%
from analysis.metrics.partnerships import Params

P = Params.from_namespace(globals())

# %%
import pandas as pd

from analysis import report
from analysis.data import tables
from analysis.figures import charts
from analysis.figures.export import publish_figure, publish_table
from analysis.i18n import fmt_kr, fmt_number, fmt_percent
from analysis.metrics import partnerships as pm
from analysis.report import Finding

L = P.lang


def T(en: str, da: str) -> str:
    """The sentence in the report language."""
    return da if L == "da" else en


def pct(v: float) -> str:
    return fmt_percent(v, L, 1)


def task_label(task: str) -> str:
    return pm.label(pm.TASK_LABELS, task, L)


def task_in(task: str) -> str:
    """The task's label inside a sentence."""
    return pm.in_sentence(task_label(task))


COOP = "ssb_ikt_intermunicipal_cooperation_2003_2004"
coop = tables.load(COOP)
partnerships = tables.load("catalogue_partnerships")
facts = tables.load("catalogue_facts")
dk_members = tables.load("dk_it_partnerships")
municipalities = tables.load("dk_municipalities")

year = pm.check_year(coop, P.cooperation_year)
years = pm.cooperation_years(coop)
base = years[0]
by_task = pm.cooperation_by_task(coop, year)
top_m = pm.top_task(coop, year, pm.MUNICIPALITIES)
top_c = pm.top_task(coop, year, pm.COUNTY_AUTHORITIES)
change = pm.cooperation_change(coop, base, year) if base != year else None
gap = pm.size_gap(coop, year)
catalogue = pm.catalogue(partnerships, P.countries)
counts = pm.country_counts(catalogue)
members = pm.member_rows(partnerships, dk_members, P.countries)
links = pm.municipality_links(members)
savings = pm.claimed_savings(facts, partnerships)
sbsys_id = pm.find_partnership(partnerships, "SBSYS")
sbsys = pm.partnership_facts(facts, partnerships, sbsys_id)
sbsys_members = sbsys[sbsys["indicator"] == "members: municipalities"].copy()
sbsys_members["year"] = pd.to_numeric(sbsys_members["year"], errors="coerce")
sbsys_members = sbsys_members.sort_values("year", na_position="first")

# %%
share_word = T("Most", "De fleste") if top_m["value"] > 50 else T("A minority of", "En minoritet af")
report.title(
    T(f"{share_word} Norwegian municipalities shared ICT work by {year}: {pct(top_m['value'])} "
      f"cooperated on {task_in(top_m['task'])}",
      f"{share_word} norske kommuner delte it-opgaver i {year}: {pct(top_m['value'])} "
      f"samarbejdede om {task_in(top_m['task'])}"),
    T(f"Statistics Norway's survey of municipal ICT, set beside a catalogue of {sum(counts.values())} "
      "Danish and Norwegian IT partnerships compiled from news articles and public documents.",
      f"Statistisk sentralbyrås undersøgelse af kommunernes it sammenholdt med et katalog over "
      f"{sum(counts.values())} danske og norske it-samarbejder, samlet fra nyhedsartikler og offentlige "
      "dokumenter."),
    P=P)

# %%
findings = [
    Finding(
        text=T(f"In {year}, {pct(top_m['value'])} of Norwegian municipalities cooperated with other "
               f"authorities or municipalities on {task_in(top_m['task'])}, the most common of "
               f"the {by_task['task'].nunique()} ICT tasks surveyed.",
               f"I {year} samarbejdede {pct(top_m['value'])} af de norske kommuner med andre myndigheder "
               f"eller kommuner om {task_in(top_m['task'])}, den hyppigste af de "
               f"{by_task['task'].nunique()} it-opgaver i undersøgelsen."),
        value=float(top_m["value"]), unit="per cent", table=COOP, indicator=pm.TASK_PREFIX + top_m["task"],
        geo="NO", year=year, how="max", query={"sector": pm.MUNICIPALITIES}, id="top_task_municipalities",
        link="#fig-cooperation_by_task"),
    Finding(
        text=T(f"Among county authorities, {pct(top_c['value'])} cooperated on "
               f"{task_in(top_c['task'])} in {year}.",
               f"Blandt fylkeskommunerne samarbejdede {pct(top_c['value'])} om "
               f"{task_in(top_c['task'])} i {year}."),
        value=float(top_c["value"]), unit="per cent", table=COOP, indicator=pm.TASK_PREFIX + top_c["task"],
        geo="NO", year=year, how="max", query={"sector": pm.COUNTY_AUTHORITIES},
        id="top_task_county_authorities", link="#fig-cooperation_by_task"),
]
if change is not None:
    rose = int((change["change"] > 0).sum())
    best = change.iloc[0]
    findings.append(Finding(
        text=T(f"Municipal cooperation rose on {rose} of {len(change)} tasks from {base} to {year} "
               f"(year labels inferred); the largest rise was in {task_in(best['task'])}, "
               f"+{fmt_number(best['change'], L, 1)} percentage points.",
               f"Kommunernes samarbejde steg på {rose} af {len(change)} opgaver fra {base} til {year} "
               f"(årstal udledt); den største stigning var inden for {task_in(best['task'])}, "
               f"+{fmt_number(best['change'], L, 1)} procentpoint."),
        value=round(float(best["change"]), 1), unit="percentage points", table=COOP,
        indicator=pm.TASK_PREFIX + best["task"], geo="NO", year=[base, year], how="change",
        query={"sector": pm.MUNICIPALITIES}, id="largest_rise", link="#fig-cooperation_change"))
limit = fmt_number(pm.size_limit(pm.SMALL), L)   # the size class boundary, as SSB labels it
more = int((gap["gap"] > 0).sum())
g0 = gap.iloc[0]
findings.append(Finding(
    text=T(f"Municipalities under {limit} inhabitants cooperated more than larger ones on {more} of "
           f"{len(gap)} tasks; the widest gap was in {task_in(g0['task'])} "
           f"({pct(g0['small'])} against {pct(g0['large'])}).",
           f"Kommuner under {limit} indbyggere samarbejdede mere end større kommuner på {more} af "
           f"{len(gap)} opgaver; den største forskel var inden for {task_in(g0['task'])} "
           f"({pct(g0['small'])} mod {pct(g0['large'])})."),
    value=round(float(g0["gap"]), 1), unit="percentage points", table=COOP,
    indicator=pm.TASK_PREFIX + g0["task"], geo="NO", year=year, how="difference",
    query={"sector": [pm.SMALL, pm.LARGE]}, id="size_gap", link="#tab-cooperation_by_size"))
if len(sbsys_members) >= 2:
    first, last = sbsys_members.iloc[0], sbsys_members.iloc[-1]
    findings.append(Finding(
        text=T(f"Brugerklubben SBSYS, a shared case and document management system in Denmark, grew from "
               f"{fmt_number(first['value'], L)} member municipalities, as reported by {first['publisher']}, "
               f"to {fmt_number(last['value'], L)} in {int(last['year'])}, as reported by {last['publisher']}.",
               f"Brugerklubben SBSYS, et fælles sags- og dokumenthåndteringssystem i Danmark, voksede fra "
               f"{fmt_number(first['value'], L)} medlemskommuner ifølge {first['publisher']} til "
               f"{fmt_number(last['value'], L)} i {int(last['year'])} ifølge {last['publisher']}."),
        value=float(last["value"]), unit="municipalities", table="catalogue_facts",
        indicator="members: municipalities", geo="DK", year=int(last["year"]), how="value",
        query={"entity": "Brugerklubben SBSYS"}, id="sbsys_members", link="#tab-sbsys"))
findings.append(Finding(
    text=T(f"The catalogue records {len(savings)} claimed savings for "
           f"{savings['partnership_id'].nunique()} partnerships; all are expectations or business-case "
           "estimates reported in the press, none an audited result.",
           f"Kataloget indeholder {len(savings)} forventede besparelser for "
           f"{savings['partnership_id'].nunique()} samarbejder; alle er forventninger eller "
           "business case-skøn gengivet i pressen, ingen er reviderede resultater."),
    value=len(savings), unit="claims", table="catalogue_facts", indicator="saving", how="count",
    id="savings_claims", link="#tab-claimed_savings"))
report.key_findings(findings, P)

# %%
report.heading(T("Cooperation on ICT tasks in Norway", "Samarbejde om it-opgaver i Norge"))
report.markdown(T(
    f"Statistics Norway asked every municipality and county authority whether it cooperated with other "
    f"authorities or municipalities on {by_task['task'].nunique()} ICT tasks. The chart shows the national "
    f"shares for {year}.",
    f"Statistisk sentralbyrå (SSB) spurgte alle norske kommuner og fylkeskommuner, om de samarbejdede med "
    f"andre myndigheder eller kommuner om {by_task['task'].nunique()} it-opgaver. Diagrammet viser de "
    f"landsdækkende andele for {year}."))
sector_names = {s: pm.label(pm.SECTOR_LABELS, s, L) for s in by_task["sector"].unique()}
plot = by_task.assign(task_label=by_task["task"].map(task_label),
                      sector_label=by_task["sector"].map(sector_names))
plot = plot[["year", "sector", "sector_label", "task", "task_label", "value", "unit"]]
title = T(f"Norwegian municipalities cooperated most on {task_in(top_m['task'])}, "
          f"county authorities on {task_in(top_c['task'])} ({year})",
          f"Norske kommuner samarbejdede mest om {task_in(top_m['task'])}, "
          f"fylkeskommuner om {task_in(top_c['task'])} ({year})")
units = T("% cooperating with other authorities or municipalities",
          "% der samarbejder med andre myndigheder eller kommuner")
coop_rows = coop[(coop["year"] == year) & (coop["geo_level"] == "country")]
fig = charts.dot_plot(plot, category="task_label", series="sector_label", title=title, units=units,
                      lang=L, percent=True, sort_by=sector_names[pm.MUNICIPALITIES], xlim=(0, 100),
                      colors={sector_names[pm.MUNICIPALITIES]: charts.style.HIGHLIGHT,
                              sector_names[pm.COUNTY_AUTHORITIES]: charts.style.ACCENT})
publish_figure(fig, "cooperation_by_task", plot, title=title, units=units,
               sources=tables.sources(coop_rows), P=P)

# %%
if change is not None:
    cplot = change.assign(task_label=change["task"].map(task_label))
    long = pd.concat([
        cplot.assign(year=base, value=cplot["base"]), cplot.assign(year=year, value=cplot["latest"])])
    long["year_label"] = long["year"].astype(str) + T(" (inferred)", " (udledt)")
    long = long[["year", "year_label", "task", "task_label", "value", "change"]]
    title = T(f"Municipal ICT cooperation rose on {rose} of {len(change)} tasks from {base} to {year}",
              f"Kommunernes it-samarbejde steg på {rose} af {len(change)} opgaver fra {base} til {year}")
    fig = charts.dot_plot(long, category="task_label", series="year_label", title=title, units=units,
                          lang=L, percent=True, sort_by=f"{year}" + T(" (inferred)", " (udledt)"),
                          xlim=(0, 100), colors={f"{base}" + T(" (inferred)", " (udledt)"): charts.style.MUTED,
                                                 f"{year}" + T(" (inferred)", " (udledt)"): charts.style.HIGHLIGHT})
    publish_figure(fig, "cooperation_change", long, title=title, units=units,
                   sources=tables.sources(coop[(coop["geo_level"] == "country")
                                               & (coop["sector"] == pm.MUNICIPALITIES)]), P=P)

# %%
size = gap.assign(task=gap["task"].map(task_label))[["task", "small", "large", "gap"]]
size.columns = [T("Task", "Opgave"), T(f"Under {limit} inhabitants", f"Under {limit} indbyggere"),
                T(f"Over {limit} inhabitants", f"Over {limit} indbyggere"),
                T("Difference (points)", "Forskel (procentpoint)")]
publish_table(size, "cooperation_by_size",
              title=T(f"Small municipalities cooperated more on most tasks ({year})",
                      f"Små kommuner samarbejdede mere på de fleste opgaver ({year})"),
              units=T("% of municipalities in each size class", "% af kommunerne i hver størrelsesklasse"),
              sources=tables.sources(coop[(coop["year"] == year) & coop["sector"].isin([pm.SMALL, pm.LARGE])]),
              formats={size.columns[1]: "percent:1", size.columns[2]: "percent:1", size.columns[3]: 1}, P=P)

# %%
report.heading(T("Cooperation by county", "Samarbejde fordelt på fylker"), 3)
county = pm.cooperation_by_county(coop, year)
hi, lo = pm.county_extremes(coop, year, top_m["task"])
national = coop_rows[(coop_rows["sector"] == pm.MUNICIPALITIES)
                     & (coop_rows["indicator"] == pm.TASK_PREFIX + top_m["task"])]
bars = pd.concat([
    county[["geo_code", "geography", top_m["task"]]].rename(columns={top_m["task"]: "value"}),
    pd.DataFrame({"geo_code": ["NO"], "geography": [T("Norway, all municipalities", "Norge, alle kommuner")],
                  "value": national["value"].astype(float).to_numpy()})], ignore_index=True)
bars["task"] = top_m["task"]
bars["year"] = year
title = T(f"{task_label(top_m['task'])}: from {pct(hi['value'])} of municipalities in "
          f"{pm.join_names(hi['geography'], L)} to {pct(lo['value'])} in {pm.join_names(lo['geography'], L)} ({year})",
          f"{task_label(top_m['task'])}: fra {pct(hi['value'])} af kommunerne i "
          f"{pm.join_names(hi['geography'], L)} til {pct(lo['value'])} i {pm.join_names(lo['geography'], L)} ({year})")
county_units = T("% of the county's municipalities cooperating", "% af fylkets kommuner, der samarbejder")
fig = charts.bar_ranking(bars, category="geography", value="value", title=title, units=county_units,
                         highlight=[bars["geography"].iloc[-1]], lang=L, percent=True, decimals=1)
publish_figure(fig, "cooperation_by_county", bars, title=title, units=county_units,
               sources=tables.sources(coop[coop["year"] == year]), P=P)
report.markdown(T(
    f"The full county table for all {len(county.columns) - 2} tasks follows. A county row gives the share "
    "of the municipalities located in that county, not the county authority. Oslo is both a county and a "
    "single municipality, so each of its shares is all or nothing.",
    f"Hele tabellen for alle {len(county.columns) - 2} opgaver følger. En fylkesrække angiver andelen af "
    "kommunerne i fylket, ikke fylkeskommunen selv. Oslo er både fylke og én kommune, så hver andel er "
    "enten alle eller ingen."))
county_table = county.drop(columns="geo_code").rename(
    columns={"geography": T("County", "Fylke"), **{c: task_label(c) for c in county.columns[2:]}})
publish_table(county_table, "cooperation_by_county_table",
              title=T(f"Share of municipalities cooperating on each ICT task, by county ({year})",
                      f"Andel af kommunerne, der samarbejder om hver it-opgave, fordelt på fylker ({year})"),
              units=county_units, sources=tables.sources(coop[coop["year"] == year]),
              formats={c: "percent:1" for c in county_table.columns[1:]}, P=P)

# %%
report.heading(T("Who works with whom", "Hvem samarbejder med hvem"))
report.markdown(T(
    f"The catalogue lists {counts.get('DK', 0)} Danish and {counts.get('NO', 0)} Norwegian partnerships, "
    "with the members each source names; the Danish member list adds later digitalisation associations. "
    "Where a source gives only a member count, the named members are fewer than the count.",
    f"Kataloget rummer {counts.get('DK', 0)} danske og {counts.get('NO', 0)} norske samarbejder med de "
    "medlemmer, kilden nævner; den danske medlemsliste tilføjer senere digitaliseringsforeninger. Hvor en "
    "kilde kun angiver et antal medlemmer, er de navngivne færre end antallet."))
country_name = {c: pm.label(pm.COUNTRY_NAMES, c, L) for c in ("DK", "NO")}
cat_table = catalogue.assign(country=catalogue["country"].map(country_name))[
    ["name", "country", "since", "member_count", "members", "scope"]]
cat_table.columns = [T("Partnership", "Samarbejde"), T("Country", "Land"), T("Since", "Siden"),
                     T("Members", "Medlemmer"), T("Named members", "Navngivne medlemmer"),
                     T("Scope (from the source, in English)", "Indhold (fra kilden, på engelsk)")]
publish_table(cat_table, "partnerships",
              title=T("Danish and Norwegian IT partnerships in the catalogue",
                      "Danske og norske it-samarbejder i kataloget"),
              sources=tables.sources(partnerships[partnerships["country"].isin(P.countries)]),
              formats={cat_table.columns[2]: "year", cat_table.columns[3]: "int"}, P=P)

# %%
shared = links[links["partners"] > 0]
top_links = shared.iloc[0] if len(shared) else None
if top_links is not None:
    report.markdown(T(
        f"{len(shared)} municipalities are named as members of at least one partnership with another "
        f"municipality; {top_links['municipality']} is in {top_links['partnerships']} of them, with "
        f"{top_links['partners']} distinct partner municipalities.",
        f"{len(shared)} kommuner nævnes som medlem af mindst ét samarbejde med en anden kommune; "
        f"{top_links['municipality']} indgår i {top_links['partnerships']} af dem med "
        f"{top_links['partners']} forskellige partnerkommuner."))
shared = pm.with_region(shared, municipalities)
mem_table = shared.assign(country=shared["country"].map(country_name))[
    ["municipality", "country", "region", "partnerships", "partners", "partnership_names"]]
mem_table.columns = [T("Municipality", "Kommune"), T("Country", "Land"), T("Region (Denmark)", "Region (Danmark)"),
                     T("Partnerships", "Samarbejder"),
                     T("Partner municipalities", "Partnerkommuner"), T("Which partnerships", "Hvilke samarbejder")]
publish_table(mem_table, "members",
              title=T("Members: municipalities named in IT partnerships, most connected first",
                      "Medlemmer: kommuner nævnt i it-samarbejder, de mest forbundne først"),
              sources=tables.sources(partnerships[partnerships["country"].isin(P.countries)])
              + (tables.sources(dk_members) + tables.sources(municipalities) if "DK" in P.countries else []),
              formats={mem_table.columns[3]: "int", mem_table.columns[4]: "int"}, P=P)

# %%
report.heading(T("SBSYS and shared IT operations", "SBSYS og fælles it-drift"))
sb = sbsys.assign(year=pd.to_numeric(sbsys["year"], errors="coerce").astype("Int64"))[
    ["indicator", "year", "value", "unit", "value_as_printed", "publisher"]]
sb.columns = [T("Figure", "Tal"), T("Year", "År"), T("Value", "Værdi"), T("Unit", "Enhed"),
              T("As printed", "Som trykt"), T("Source", "Kilde")]
publish_table(sb, "sbsys",
              title=T("Brugerklubben SBSYS: members, licence and savings as reported",
                      "Brugerklubben SBSYS: medlemmer, licens og besparelser som oplyst"),
              sources=tables.sources(facts[facts["fact_id"].isin(sbsys["fact_id"])]),
              formats={sb.columns[1]: "year", sb.columns[2]: 0}, P=P)

ops = catalogue[catalogue["scope"].str.contains("operations", case=False)]
ops_table = ops.assign(country=ops["country"].map(country_name))[["name", "country", "since", "members", "scope", "note"]]
ops_table.columns = [T("Case", "Tilfælde"), T("Country", "Land"), T("Since", "Siden"),
                     T("Members", "Medlemmer"), T("Scope (English)", "Indhold (engelsk)"),
                     T("Note (English)", "Note (engelsk)")]
publish_table(ops_table, "shared_operations",
              title=T(f"{len(ops)} cases of shared or bought-in IT operations",
                      f"{len(ops)} eksempler på fælles eller købt it-drift"),
              sources=tables.sources(partnerships[partnerships["partnership_id"].isin(ops["partnership_id"])]),
              formats={ops_table.columns[2]: "year"}, P=P)

# %%
agder = tables.load("ikt_intermunicipal_cooperation_agder_figures")
ag = agder[["year", "geography", "indicator", "value", "unit", "value_as_printed"]].sort_values(
    "year", na_position="first")
ag.columns = [T("Year", "År"), T("Who", "Hvem"), T("Figure (English)", "Tal (engelsk)"), T("Value", "Værdi"),
              T("Unit", "Enhed"), T("As printed", "Som trykt")]
word_only = next(iter(agder.loc[agder["value"].isna(), "value_as_printed"].dropna()), "–")
publish_table(ag, "norway_cases",
              title=T(f"Norwegian inter-municipal ICT cooperation: {len(ag)} figures from Agder and national "
                      "sources", f"Norsk interkommunalt it-samarbejde: {len(ag)} tal fra Agder og nationale kilder"),
              note=T(f"An empty value means the source printed only a word or a range (for example '{word_only}').",
                     f"En tom værdi betyder, at kilden kun angav et ord eller et interval (fx '{word_only}')."),
              sources=tables.sources(agder), formats={ag.columns[0]: "year", ag.columns[3]: 0}, P=P)

# %%
sv = savings.assign(year=pd.to_numeric(savings["year"], errors="coerce").astype("Int64"))[
    ["partnership", "entity", "indicator", "year", "value", "unit", "value_as_printed", "publisher"]]
sv.columns = [T("Partnership", "Samarbejde"), T("Who", "Hvem"), T("Claim", "Påstand"), T("Year", "År"),
              T("Amount", "Beløb"), T("Unit", "Enhed"), T("As printed", "Som trykt"), T("Source", "Kilde")]
publish_table(sv, "claimed_savings",
              title=T("Claimed savings from IT partnerships, as reported (not audited)",
                      "Forventede besparelser ved it-samarbejder, som oplyst (ikke revideret)"),
              sources=tables.sources(facts[facts["fact_id"].isin(savings["fact_id"])]),
              formats={sv.columns[3]: "year", sv.columns[4]: 0}, P=P)

# %%
report.methods([
    T(f"Shares by task, sector, size class and county are read directly from SSB's table "
      f"({len(coop)} rows); changes are {year} minus {base} in percentage points.",
      f"Andele fordelt på opgave, sektor, størrelse og fylke er læst direkte fra SSB's tabel "
      f"({len(coop)} rækker); ændringer er {year} minus {base} i procentpoint."),
    T("Members come from the catalogue's named members and, for Denmark, the member list of "
      "digitalisation associations; a partnership listed in both with the same members and start year is "
      "counted once.",
      "Medlemmer stammer fra katalogets navngivne medlemmer og, for Danmark, medlemslisten over "
      "digitaliseringsforeninger; et samarbejde, der står i begge med samme medlemmer og startår, tælles én "
      "gang."),
    T("A saving is a catalogue fact whose indicator mentions a saving and whose entity is a listed "
      "partnership or one of its members.",
      "En besparelse er et katalogfaktum, hvis indikator nævner en besparelse, og hvis enhed er et "
      "samarbejde i kataloget eller et af dets medlemmer."),
], P)
caveat_list = []
if pm.years_inferred(coop):
    caveat_list.append(T(
        "The year labels of SSB's cooperation table are INFERRED: the stored excerpt does not print which "
        f"block is which year; the first block is taken as {years[-1]} because it matches SSB's headline "
        "figures reported in the press.",
        "Årstallene i SSB's samarbejdstabel er UDLEDT: det gemte uddrag viser ikke, hvilken blok der er "
        f"hvilket år; den første blok er antaget at være {years[-1]}, fordi den svarer til SSB's "
        "hovedtal gengivet i pressen."))
if pm.is_truncated(coop):
    base_counties = ", ".join(coop[(coop["year"] == base) & (coop["geo_level"] != "country")]["geography"].unique())
    caveat_list.append(T(
        f"The table is TRUNCATED: for {base} only the national totals, the two size classes and "
        f"{base_counties or 'no county'} are present; the other {base} county rows and the {base} "
        "county-authority row are missing, so county changes cannot be shown.",
        f"Tabellen er AFKORTET: for {base} findes kun landstal, de to størrelsesklasser og "
        f"{base_counties or 'intet fylke'}; de øvrige fylker og fylkeskommunerne for {base} mangler, så "
        "ændringer på fylkesniveau kan ikke vises."))
dk_years = pd.concat([catalogue.loc[catalogue["country"] == "DK", "since"],
                      pd.to_numeric(facts.loc[facts["fact_id"].isin(savings["fact_id"]) | facts["fact_id"].isin(
                          sbsys["fact_id"]), "year"], errors="coerce")]).dropna()
dk_span = f"{int(dk_years.min())}-{int(dk_years.max())}" if len(dk_years) else "–"
caveat_list += [
    T("The catalogue is compiled from news articles and public documents: it is not a register of all "
      "partnerships, member lists are often partial, and start years are missing for some.",
      "Kataloget er samlet fra nyhedsartikler og offentlige dokumenter: det er ikke et register over alle "
      "samarbejder, medlemslister er ofte ufuldstændige, og nogle mangler startår."),
    T("Savings are claims by the partners or the press (expected, low and high estimates), in nominal "
      "kroner of the year reported; periods are not always stated.",
      "Besparelser er parternes eller pressens egne angivelser (forventede, lave og høje skøn) i løbende "
      "kroner; perioden er ikke altid oplyst."),
    T(f"Norwegian survey figures are for {base}-{year} and the Danish cases are dated {dk_span}; they "
      "describe different periods and are not a like-for-like comparison.",
      f"De norske surveytal er fra {base}-{year}, og de danske eksempler er dateret {dk_span}; de beskriver "
      "forskellige perioder og kan ikke sammenlignes direkte."),
]
report.caveats(caveat_list, P)
