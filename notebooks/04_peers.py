# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: muni-it-workbench
#     language: python
#     name: muni-it-workbench
# ---

# %% [markdown] tags=["remove-cell"]
# Report 4: Denmark and Norway among their peers. Every number in the text is computed from the processed
# tables below; edit the parameters cell (or the parameter set) to change the countries compared.

# %% tags=["parameters"]
lang = "en"
countries = ["DK", "NO", "SE", "FI", "IS", "EE", "NL", "DE", "GB"]
focus = ["DK", "NO"]
year_from = 2010
output_dir = "."
output_href = "."

# %%
from analysis.metrics.peers import Params

P = Params.from_namespace(globals())

# %% tags=["remove-cell"]
import pandas as pd

from analysis import report
from analysis.data import tables
from analysis.figures import charts, export, style
from analysis.figures.labels import country, country_names, join_names, ordinal
from analysis.i18n import fmt_number, fmt_percent, t
from analysis.metrics import peers
from analysis.report import Finding

L = P.lang
# DK and NO keep their house colours; any other focus country takes the highlight/accent in order
if all(c in style.COUNTRY_COLORS for c in P.focus):
    FOCUS_COLORS = {c: style.country_color(c) for c in P.focus}
else:
    FOCUS_COLORS = dict(zip(P.focus, (style.HIGHLIGHT, style.ACCENT)))
LINE_COLORS = FOCUS_COLORS | {a: style.MID for a in peers.EU_AGGREGATES}
BAR_COLORS = FOCUS_COLORS | {"EU27_2020": style.MID}
names = country_names(list(peers.KNOWN_COUNTRIES) + list(peers.EU_AGGREGATES) + ["EU27_PLUS"], L)

TEXT = {
    "title": {"en": "{lead} in the UN e-government index {year}: {ranks}",
              "da": "{lead} i FN's e-forvaltningsindeks {year}: {ranks}"},
    "title_rank": {"en": "{name} ranks {rank} of {n}", "da": "{name} er {rank} af {n}"},
    "lead": {"en": "How the two countries compare with {n} peers on five international measures of digital "
                   "government, from the UN's survey since {y1} to the EU, OECD, Eurostat and DESI figures.",
             "da": "Sådan klarer de to lande sig mod {n} sammenlignelige lande på fem internationale mål for "
                   "digital forvaltning: FN's undersøgelse siden {y1} og tal fra EU, OECD, Eurostat og DESI."},
    "h_egdi": {"en": "The UN E-Government Development Index", "da": "FN's e-forvaltningsindeks (EGDI)"},
    "egdi_chart": {"en": "E-government development index, {y1}–{y2}",
                   "da": "E-forvaltningsindeks (EGDI), {y1}–{y2}"},
    "egdi_units": {"en": "index (0–1), higher is better", "da": "indeks (0–1), højere er bedre"},
    "egdi_text": {"en": "{name} went from {a} in {y1} to {b} in {y2} on the UN index; the UN's own world ranking put "
                        "{name} {wrank} in {y2}.",
                  "da": "{name} gik fra {a} i {y1} til {b} i {y2} på FN's indeks; i FN's egen verdensrangliste "
                        "var {name} {wrank} i {y2}."},
    "egdi_rank_chart": {"en": "{leader} leads the peer group in {year}", "da": "{leader} fører blandt landene i {year}"},
    "h_components": {"en": "What drives the index", "da": "Hvad driver indekset"},
    "comp_chart": {"en": "The three components of the UN index, {year}", "da": "FN-indeksets tre delindeks, {year}"},
    "comp_text": {"en": "The index averages three components. In {year}, {name} scored {osi} on online services, "
                        "against a median of {med} for the other countries compared.",
                  "da": "Indekset er et gennemsnit af tre delindeks. I {year} fik {name} {osi} for digitale "
                        "tjenester mod en median på {med} for de øvrige lande."},
    "peer_median": {"en": "Median of other countries", "da": "Median for øvrige lande"},
    "OSI": {"en": "Online services (OSI)", "da": "Digitale tjenester (OSI)"},
    "HCI": {"en": "Human capital (HCI)", "da": "Menneskelig kapital (HCI)"},
    "TII": {"en": "Telecom infrastructure (TII)", "da": "Telekommunikation (TII)"},
    "h_bench": {"en": "The EU eGovernment Benchmark", "da": "EU's eGovernment Benchmark"},
    "bench_chart": {"en": "eGovernment Benchmark overall score, {period}",
                    "da": "eGovernment Benchmark, samlet score, {period}"},
    "bench_units": {"en": "score (0–100)", "da": "score (0–100)"},
    "bench_text": {"en": "In the European Commission's benchmark {name} scored {a}, against an EU-27 average of {eu}.",
                   "da": "I Europa-Kommissionens benchmark fik {name} {a} mod et EU-27-gennemsnit på {eu}."},
    "bench_period": {"en": "biennial average {y0}–{y1}", "da": "toårsgennemsnit {y0}–{y1}"},
    "h_oecd": {"en": "The OECD Digital Government Index", "da": "OECD's Digital Government Index"},
    "oecd_chart": {"en": "OECD Digital Government Index, {year}", "da": "OECD's Digital Government Index, {year}"},
    "oecd_text": {"en": "Among the {n} OECD countries ranked in {year}, {items}.",
                  "da": "Blandt de {n} OECD-lande, der blev rangeret i {year}, {items}."},
    "oecd_item": {"en": "{name} was {rank}", "da": "var {name} {rank}"},
    "h_use": {"en": "Citizens using e-government", "da": "Borgernes brug af digital forvaltning"},
    "use_chart": {"en": "People who used a public authority's website or app, {year}",
                  "da": "Andel, der har brugt en offentlig myndigheds hjemmeside eller app, {year}"},
    "use_units": {"en": "% of people aged 16–74, last 12 months", "da": "% af 16–74-årige, seneste 12 måneder"},
    "use_text": {"en": "In {year}, {a} of people in {name} had used a public authority's website or app in the last "
                       "12 months (EU-27: {eu}). Eurostat's figures in the data do not cover {missing}.",
                 "da": "I {year} havde {a} af befolkningen i {name} brugt en offentlig myndigheds hjemmeside eller "
                       "app inden for 12 måneder (EU-27: {eu}). Eurostats tal i data dækker ikke {missing}."},
    "old_chart": {"en": "{names}: interaction with public authorities online, {y1}–{y2} (older survey module)",
                  "da": "{names}: kontakt med offentlige myndigheder på nettet, {y1}–{y2} (ældre spørgemodul)"},
    "old_text": {"en": "For {name} the data hold the older series only: it went from {a} in {y1} to {b} in {y2}. "
                       "Single-year values in that series: {others}.",
                 "da": "For {name} findes kun den ældre serie i data: den gik fra {a} i {y1} til {b} i {y2}. "
                       "Enkeltstående værdier i serien: {others}."},
    "h_desi": {"en": "E-government users among internet users (DESI)",
               "da": "Brugere af digital forvaltning blandt internetbrugere (DESI)"},
    "desi_chart": {"en": "E-government users among internet users, {y1}–{y2} (DESI)",
                   "da": "Brugere af digital forvaltning blandt internetbrugere, {y1}–{y2} (DESI)"},
    "desi_units": {"en": "% of internet users aged 16–74, last 12 months",
                   "da": "% af internetbrugere på 16–74 år, seneste 12 måneder"},
    "desi_break": {"en": "Break: revised survey\nmodule from {year}", "da": "Databrud: nyt spørge-\nmodul fra {year}"},
    "desi_text": {"en": "The European Commission's DESI counts the people who interacted with public authorities online "
                        "as a share of internet users, not of all people, so its figures run higher than Eurostat's "
                        "above and are shown on their own. {name}: {a} in {y1} and {b} in {y2}. From {brk} the "
                        "figures come from Eurostat's revised survey module, so the {brk} points stand apart from "
                        "the lines. The DESI data hold no figures for {missing}.",
                  "da": "Europa-Kommissionens DESI måler dem, der har været i kontakt med offentlige myndigheder "
                        "online, som andel af internetbrugerne, ikke af hele befolkningen; tallene er derfor højere "
                        "end Eurostats ovenfor og vises for sig. {name}: {a} i {y1} og {b} i {y2}. Fra {brk} "
                        "stammer tallene fra Eurostats reviderede spørgemodul, så punkterne for {brk} står adskilt "
                        "fra linjerne. DESI-data indeholder ingen tal for {missing}."},
    "desi_alt_post": {"en": "separate points for {year} (revised survey module, not comparable): {items}",
                      "da": "separate punkter for {year} (revideret spørgemodul, kan ikke sammenlignes): {items}"},
    "desi_de": {"en": "{name}'s DESI value falls in {year} as stored; the source does not explain the fall "
                      "(probably a change in the national survey that year).",
                "da": "{name}s DESI-værdi falder i {year} som lagret; kilden forklarer ikke faldet (formentlig en "
                      "ændring i den nationale undersøgelse det år)."},
    "desi_elsewhere": {"en": "For {name} the data hold no DESI figure. The nearest on the same base is secondary: {v} of "
                             "internet users had dealt with public authorities online in {year}, according to {who}. "
                             "It is not drawn on the chart (other source, earlier year).",
                       "da": "For {name} indeholder data ingen DESI-tal. Det nærmeste på samme grundlag er sekundært: "
                             "{v} af internetbrugerne havde været i kontakt med offentlige myndigheder online i {year} "
                             "ifølge {who}. Det er ikke vist i figuren (anden kilde, tidligere år)."},
    "f_desi": {"en": "{v} of internet users aged 16–74 in {name} interacted with public authorities online in {year}, "
                     "{rank} of the {n} countries in the DESI data (EU: {eu}).",
               "da": "{v} af internetbrugerne på 16–74 år i {name} var i kontakt med offentlige myndigheder online i "
                     "{year}, {rank} af de {n} lande i DESI-data (EU: {eu})."},
    "f_desi_revised": {"en": "With the revised survey module of {year}, {name}'s share of internet users was {v}, "
                             "{rank} of {n} (not comparable with earlier years).",
                       "da": "Med det reviderede spørgemodul i {year} var {name}s andel af internetbrugerne {v}, "
                             "{rank} af {n} (kan ikke sammenlignes med tidligere år)."},
    "h_table": {"en": "The focus countries at a glance", "da": "Fokuslandene i overblik"},
    "table_title": {"en": "Latest value of each measure for the focus countries", "da": "Seneste værdi for hvert mål for fokuslandene"},
    "col_country": {"en": "Country", "da": "Land"},
    "m_egdi": {"en": "UN EGDI {year} (0–1)", "da": "FN's EGDI {year} (0–1)"},
    "m_wrank": {"en": "UN world rank {year}", "da": "FN-verdensrang {year}"},
    "m_bench": {"en": "EU eGov. Benchmark {year} (0–100)", "da": "EU eGov. Benchmark {year} (0–100)"},
    "m_oecd": {"en": "OECD DGI {year} (0–1)", "da": "OECD DGI {year} (0–1)"},
    "m_oecd_rank": {"en": "OECD DGI rank {year}", "da": "OECD DGI-rang {year}"},
    "f_egdi": {"en": "{name} scored {v} on the UN e-government index in {year}, {rank} of the {n} countries compared.",
               "da": "{name} fik {v} på FN's e-forvaltningsindeks i {year} og var {rank} af de {n} lande."},
    "f_change": {"en": "{name}'s UN index score {verb} by {d} points between {y1} and {y2}.",
                 "da": "{name}s score på FN-indekset {verb} med {d} point fra {y1} til {y2}."},
    "rose": {"en": "rose", "da": "steg"},
    "fell": {"en": "fell", "da": "faldt"},
    "f_wrank": {"en": "The UN ranked {name} {rank} in the world in {year}.",
                "da": "FN rangerede {name} som {rank} i verden i {year}."},
    "f_bench": {"en": "{name} scored {v} in the EU eGovernment Benchmark ({period}); EU-27 average {eu}.",
                "da": "{name} fik {v} i EU's eGovernment Benchmark ({period}); EU-27-gennemsnit {eu}."},
    "f_oecd": {"en": "The OECD ranked {name} {rank} of {n} countries on its Digital Government Index {year}.",
               "da": "OECD rangerede {name} som {rank} af {n} lande i sit Digital Government Index {year}."},
    "f_use": {"en": "{v} of people aged 16–74 in {name} used a public authority's website or app in {year} "
                    "(EU-27: {eu}).",
              "da": "{v} af de 16–74-årige i {name} brugte en offentlig myndigheds hjemmeside eller app i {year} "
                    "(EU-27: {eu})."},
    "methods": {
        "en": ["The UN E-Government Development Index (EGDI) and its components come from the UN E-Government "
               "Surveys {y1}–{y2}; countries are ranked among those compared here by their published index value "
               "(ties share a rank), and the UN's own world rank is shown as published.",
               "The peer median is the median of the compared countries other than the focus countries.",
               "The EU eGovernment Benchmark 2023 scores are biennial averages as published by the European "
               "Commission; the OECD index and rank are as published for 2023.",
               "Eurostat shares are shown as printed; the older and newer survey modules are kept in separate "
               "charts and never joined into one line.",
               "DESI e-government users are shown to one decimal in the text and on the chart; the downloadable "
               "data keep the values as stored. The line for each country ends in the last year before the break; "
               "the first year of the revised module is drawn as a separate point."],
        "da": ["FN's e-forvaltningsindeks (EGDI) og delindeksene stammer fra FN's E-Government Surveys {y1}–{y2}; "
               "landene er rangeret indbyrdes efter den offentliggjorte indeksværdi (lige værdier deler plads), "
               "og FN's egen verdensrang vises som offentliggjort.",
               "Medianen for øvrige lande er medianen af de sammenlignede lande uden fokuslandene.",
               "EU's eGovernment Benchmark 2023 er toårsgennemsnit som offentliggjort af Europa-Kommissionen; "
               "OECD's indeks og rang er som offentliggjort for 2023.",
               "Eurostats andele vises som trykt; det ældre og det nye spørgemodul holdes i hver sin figur og "
               "bindes aldrig sammen til én linje.",
               "DESI-andelene af internetbrugere vises med én decimal i teksten og i figuren; de data, der kan "
               "hentes, har værdierne som lagret. Hvert lands linje slutter i det sidste år før databruddet; det "
               "første år med det reviderede modul vises som et separat punkt."]},
    "caveats": {
        "en": ["The UN revises the survey and its normalisation between editions, so index levels are not strictly "
               "comparable across years; ranks and relative positions are safer.",
               "The UN data for 2010–2018 are a repackaging by UNU-EGOV, and the 2022 and 2024 values come from "
               "third-party copies of the UN download.",
               "Several Eurostat figures are rounded whole percentages quoted in Eurostat's news texts, some "
               "through secondary sources; the survey module changed in 2022, so older and newer shares are not "
               "comparable.",
               "Norway's figures for the older series come from the Norwegian Government's indicator page citing "
               "the EU Digital Agenda Scoreboard; the data hold no newer Eurostat figure for Norway.",
               "These indices measure national digital government, not municipalities in particular.",
               "The DESI 'e-Government users' figures are shares of internet users aged 16–74, not of all people: "
               "they are higher than, and not comparable with, Eurostat's shares of individuals, and are never "
               "drawn on the same axis.",
               "The DESI figures were read from a test fixture in the European Commission's DESI dashboard "
               "repository (digital-agenda-data), not from a published download; one value (Denmark, data year "
               "2020) was confirmed independently. Years are data years (DESI edition minus one), and the values "
               "before the break are the dashboard's back-calculated series, which may differ from the rounded "
               "figures printed in each year's DESI report.",
               "From data year {desi_break} the DESI figures come from Eurostat's revised e-government module: the "
               "step into {desi_break} is a break, not growth. The EU aggregate is printed by the source without "
               "its composition."],
        "da": ["FN ændrer undersøgelsen og normaliseringen mellem udgaverne, så indeksniveauer er ikke helt "
               "sammenlignelige over tid; rang og relative placeringer er mere robuste.",
               "FN-tallene for 2010–2018 er UNU-EGOV's genudgivelse, og værdierne for 2022 og 2024 stammer fra "
               "tredjepartskopier af FN's download.",
               "Flere Eurostat-tal er afrundede hele procenter citeret fra Eurostats nyhedstekster, nogle via "
               "sekundære kilder; spørgemodulet blev ændret i 2022, så ældre og nyere andele ikke kan sammenlignes.",
               "Norges tal i den ældre serie stammer fra den norske regerings indikatorside, der citerer EU's "
               "Digital Agenda Scoreboard; data indeholder ingen nyere Eurostat-tal for Norge.",
               "Indeksene måler national digital forvaltning, ikke kommunerne særskilt.",
               "DESI-tallene for brugere af digital forvaltning er andele af internetbrugerne på 16–74 år, ikke af "
               "hele befolkningen: de er højere end og ikke sammenlignelige med Eurostats andele af befolkningen og "
               "vises aldrig på samme akse.",
               "DESI-tallene er aflæst fra en testfil (test fixture) i Europa-Kommissionens kode til DESI-"
               "dashboardet (digital-agenda-data), ikke fra en offentliggjort download; én værdi (Danmark, dataår "
               "2020) er bekræftet uafhængigt. Årene er dataår (DESI-udgaven minus ét), og værdierne før bruddet er "
               "dashboardets tilbageberegnede serie, som kan afvige fra de afrundede tal i de enkelte DESI-rapporter.",
               "Fra dataår {desi_break} stammer DESI-tallene fra Eurostats reviderede spørgemodul om digital "
               "forvaltning: springet til {desi_break} er et databrud, ikke vækst. EU-aggregatet er trykt af kilden "
               "uden angivelse af sammensætning."]},
}


def tx(key, **fields):
    """The report text for key in the report language, with fields filled in."""
    text = t(TEXT[key], L)
    return text.format(**fields) if fields else text


EGDI_DEC = 4  # the UN prints the index with four decimals


def num(v, d=EGDI_DEC):
    """An index value as the UN prints it."""
    return fmt_number(v, L, d)


# %% tags=["remove-cell"]
egdi_table = tables.load(peers.TABLES["egdi"])
euro_table = tables.load(peers.TABLES["eurostat"])
bench_table = tables.load(peers.TABLES["benchmark"])
oecd_table = tables.load(peers.TABLES["oecd"])
desi_table = tables.load(peers.TABLES["desi"])
ssb_online_table = tables.load(peers.TABLES["ssb_online"])

egdi = peers.egdi_series(egdi_table, P)
y1, y2 = int(egdi["year"].min()), peers.latest_year(egdi)
ranked = peers.ranking(egdi, y2)
world = peers.egdi_world_rank(egdi_table, P)
n_countries = int(ranked["geo_code"].nunique())

# %%
rank_of = dict(zip(ranked["geo_code"], ranked["rank_among"]))
ranks_text = join_names([tx("title_rank", name=names[c], rank=ordinal(rank_of[c], L), n=n_countries)
                         for c in P.focus if c in rank_of], L)
lead_name = names[ranked.iloc[0]["geo_code"]]
report.title(tx("title", lead=join_names([names[c] for c in P.focus], L), year=y2, ranks=ranks_text),
             tx("lead", n=n_countries - len(P.focus), y1=y1), P)

# %%
findings = []
for c in P.focus:
    row = ranked[ranked["geo_code"] == c]
    if row.empty:
        continue
    findings.append(Finding(
        id=f"egdi_{c}", text=tx("f_egdi", name=names[c], v=num(float(row["value"].iloc[0])), year=y2,
                rank=ordinal(int(row["rank_among"].iloc[0]), L), n=n_countries),
        value=float(row["value"].iloc[0]), unit="index (0-1)", table=peers.TABLES["egdi"], indicator=peers.EGDI,
        geo=c, year=y2, how="value", link="#fig-egdi_over_time"))
    findings.append(Finding(
        id=f"egdi_rank_{c}", text="", value=int(row["rank_among"].iloc[0]), unit="rank", table=peers.TABLES["egdi"],
        indicator=peers.EGDI, geo=c, year=y2, how="rank", query={"among": P.countries}))
    series = egdi[egdi["geo_code"] == c].sort_values("year")
    change = float(series["value"].iloc[-1] - series["value"].iloc[0])
    findings.append(Finding(
        id=f"egdi_change_{c}", text=tx("f_change", name=names[c], d=fmt_number(abs(change), L, EGDI_DEC),
                verb=tx("rose" if change >= 0 else "fell"), y1=int(series["year"].iloc[0]),
                y2=int(series["year"].iloc[-1])),
        value=change, unit="index points", table=peers.TABLES["egdi"], indicator=peers.EGDI, geo=c,
        year=[int(series["year"].iloc[0]), int(series["year"].iloc[-1])], how="change"))
    w = world[(world["geo_code"] == c) & (world["year"] == y2)]
    if not w.empty:
        findings.append(Finding(
            id=f"egdi_world_rank_{c}", text=tx("f_wrank", name=names[c], rank=ordinal(int(w["value"].iloc[0]), L), year=y2),
            value=int(w["value"].iloc[0]), unit="rank", table=peers.TABLES["egdi"], indicator=peers.EGDI_RANK,
            geo=c, year=y2, how="value"))

bench = peers.benchmark(bench_table, P)
bench_year = int(bench["year"].iloc[0])
bench_period = tx("bench_period", y0=bench_year - 1, y1=bench_year)
eu_bench = bench[bench["geo_code"] == "EU27_2020"]["value"]
oecd = peers.oecd_dgi(oecd_table, P)
oecd_year = int(oecd["year"].iloc[0])
oecd_n = oecd_table[oecd_table["indicator"] == peers.OECD_RANK]["unit"].str.extract(r"of (\d+)")[0].dropna()
use = peers.egov_use_latest(euro_table, P)
use_year = int(use["year"].iloc[0])
eu_use = use[use["geo_code"] == "EU27_2020"]["value"]
desi = peers.desi_egov_users(desi_table, P)
desi_pre, desi_post = peers.before_break(desi), peers.after_break(desi)
desi_pre_year, desi_post_year = peers.latest_year(desi_pre), peers.latest_year(desi_post)
desi_pre_ranked = peers.ranking(peers.countries_only(desi_pre), desi_pre_year)
desi_post_ranked = peers.ranking(peers.countries_only(desi_post), desi_post_year)
desi_eu_pre = desi_pre[desi_pre["geo_code"].isin(peers.EU_AGGREGATES) & (desi_pre["year"] == desi_pre_year)]["value"]


def pct1(v):
    """A DESI share as shown in text and chart: one decimal."""
    return fmt_percent(v, L, 1)

for c in P.focus:
    b = bench[bench["geo_code"] == c]
    if not b.empty and len(eu_bench):
        findings.append(Finding(
            id=f"benchmark_{c}", text=tx("f_bench", name=names[c], v=fmt_number(float(b["value"].iloc[0]), L, 1), period=bench_period,
                    eu=fmt_number(float(eu_bench.iloc[0]), L, 1)),
            value=float(b["value"].iloc[0]), unit="score (0-100)", table=peers.TABLES["benchmark"],
            indicator=peers.BENCHMARK_OVERALL, geo=c, year=bench_year, how="value", link="#fig-egov_benchmark"))
    o = oecd[oecd["geo_code"] == c]
    if not o.empty and len(oecd_n):
        findings.append(Finding(
            id=f"oecd_rank_{c}", text=tx("f_oecd", name=names[c], rank=ordinal(int(o["oecd_rank"].iloc[0]), L), n=int(oecd_n.iloc[0]),
                    year=oecd_year),
            value=int(o["oecd_rank"].iloc[0]), unit="rank", table=peers.TABLES["oecd"], indicator=peers.OECD_RANK,
            geo=c, year=oecd_year, how="value", link="#fig-oecd_dgi"))
    u = use[use["geo_code"] == c]
    if not u.empty and len(eu_use):
        findings.append(Finding(
            id=f"use_{c}", text=tx("f_use", name=names[c], v=fmt_percent(float(u["value"].iloc[0]), L), year=use_year,
                    eu=fmt_percent(float(eu_use.iloc[0]), L)),
            value=float(u["value"].iloc[0]), unit="%", table=peers.TABLES["eurostat"], indicator=peers.USE_LATEST,
            geo=c, year=use_year, how="value", link="#fig-egov_use"))
    d = desi_pre_ranked[desi_pre_ranked["geo_code"] == c]
    if not d.empty and len(desi_eu_pre):
        findings.append(Finding(
            id=f"desi_{c}", text=tx("f_desi", v=pct1(float(d["value"].iloc[0])), name=names[c], year=desi_pre_year,
                                    rank=ordinal(int(d["rank_among"].iloc[0]), L), n=len(desi_pre_ranked),
                                    eu=pct1(float(desi_eu_pre.iloc[0]))),
            value=float(d["value"].iloc[0]), unit="% of internet users 16-74", table=peers.TABLES["desi"],
            indicator=peers.DESI_EGOV_USERS, geo=c, year=desi_pre_year, how="value", link="#fig-desi_egov_users"))
        findings.append(Finding(
            id=f"desi_rank_{c}", text="", value=int(d["rank_among"].iloc[0]), unit="rank", table=peers.TABLES["desi"],
            indicator=peers.DESI_EGOV_USERS, geo=c, year=desi_pre_year, how="rank", query={"among": P.countries}))
    d = desi_post_ranked[desi_post_ranked["geo_code"] == c]
    if not d.empty:
        findings.append(Finding(
            id=f"desi_revised_{c}", text=tx("f_desi_revised", year=desi_post_year, name=names[c],
                                            v=pct1(float(d["value"].iloc[0])), n=len(desi_post_ranked),
                                            rank=ordinal(int(d["rank_among"].iloc[0]), L)),
            value=float(d["value"].iloc[0]), unit="% of internet users 16-74 (revised module)",
            table=peers.TABLES["desi"], indicator=peers.DESI_EGOV_USERS, geo=c, year=desi_post_year, how="value",
            link="#fig-desi_egov_users"))
        findings.append(Finding(
            id=f"desi_revised_rank_{c}", text="", value=int(d["rank_among"].iloc[0]), unit="rank",
            table=peers.TABLES["desi"], indicator=peers.DESI_EGOV_USERS, geo=c, year=desi_post_year, how="rank",
            query={"among": P.countries}))

ORDER = ["egdi_", "egdi_rank_", "egdi_change_", "egdi_world_rank_", "benchmark_", "oecd_rank_", "use_", "desi_",
         "desi_rank_", "desi_revised_", "desi_revised_rank_"]
findings.sort(key=lambda f: ORDER.index(f.id.rsplit("_", 1)[0] + "_"))  # by measure, then focus country
report.key_findings(findings, P)  # findings without text (ranks quoted in another sentence) are recorded only

# %%
report.heading(tx("h_egdi"))
for c in P.focus:
    s = egdi[egdi["geo_code"] == c].sort_values("year")
    w = world[(world["geo_code"] == c) & (world["year"] == y2)]
    if len(s) and len(w):
        report.markdown(tx("egdi_text", name=names[c], a=num(float(s["value"].iloc[0])), y1=int(s["year"].iloc[0]),
                           b=num(float(s["value"].iloc[-1])), y2=int(s["year"].iloc[-1]),
                           wrank=ordinal(int(w["value"].iloc[0]), L)))

# %%
plot = egdi[["year", "geo_code", "value"]].assign(country=egdi["geo_code"].map(names))
fig = charts.line_chart(plot, series="geo_code", labels=names, colors=LINE_COLORS,
                        title=tx("egdi_chart", y1=y1, y2=y2),
                        units=tx("egdi_units"), lang=L, decimals=EGDI_DEC, order=P.focus)
export.publish_figure(fig, "egdi_over_time", plot, title=tx("egdi_chart", y1=y1, y2=y2), units=tx("egdi_units"),
                      sources=tables.sources(egdi), P=P)

# %%
plot = ranked[["geo_code", "value", "rank_among"]].assign(country=ranked["geo_code"].map(names), year=y2)
fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=P.focus, highlight_colors=BAR_COLORS,
                         title=tx("egdi_rank_chart", leader=lead_name, year=y2), units=tx("egdi_units"), lang=L,
                         decimals=EGDI_DEC)
export.publish_figure(fig, "egdi_ranking", plot, title=tx("egdi_rank_chart", leader=lead_name, year=y2),
                      units=tx("egdi_units"), sources=tables.sources(ranked), P=P)

# %%
report.heading(tx("h_components"))
comp = peers.egdi_components(egdi_table, P, y2)
med = peers.peer_median(comp, P.focus)
comp_plot = (comp[comp["geo_code"].isin(P.focus)][["indicator", "geo_code", "value"]]
             .assign(series=lambda d: d["geo_code"].map(names)))
med_plot = med.assign(geo_code="peer_median", series=tx("peer_median")).rename(columns={"peer_median": "value"})
comp_plot = pd.concat([comp_plot, med_plot[["indicator", "geo_code", "value", "series"]]], ignore_index=True)
first = P.focus[0]
osi = comp[(comp["geo_code"] == first) & (comp["indicator"] == "OSI")]["value"]
osi_med = med[med["indicator"] == "OSI"]["peer_median"]
if len(osi) and len(osi_med):
    report.markdown(tx("comp_text", year=y2, name=names[first], osi=num(float(osi.iloc[0])),
                       med=num(float(osi_med.iloc[0]))))
comp_colors = FOCUS_COLORS | {"peer_median": style.MUTED}
fig = charts.dot_plot(comp_plot, category="indicator", series="geo_code", value="value",
                      labels={**names, "peer_median": tx("peer_median")},
                      category_labels={k: tx(k) for k in peers.EGDI_COMPONENTS}, colors=comp_colors,
                      title=tx("comp_chart", year=y2), units=tx("egdi_units"), lang=L, decimals=EGDI_DEC)
export.publish_figure(fig, "egdi_components", comp_plot, title=tx("comp_chart", year=y2), units=tx("egdi_units"),
                      sources=tables.sources(comp), P=P)

# %%
report.heading(tx("h_bench"))
if len(eu_bench):
    for c in P.focus:
        b = bench[bench["geo_code"] == c]
        if len(b):
            report.markdown(tx("bench_text", name=names[c], a=fmt_number(float(b["value"].iloc[0]), L, 1),
                               eu=fmt_number(float(eu_bench.iloc[0]), L, 1)))
plot = bench[["geo_code", "value", "year"]].assign(country=bench["geo_code"].map(names))
fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=list(P.focus) + ["EU27_2020"],
                         highlight_colors=BAR_COLORS,
                         title=tx("bench_chart", period=bench_period), units=tx("bench_units"), lang=L, decimals=1)
export.publish_figure(fig, "egov_benchmark", plot, title=tx("bench_chart", period=bench_period),
                      units=tx("bench_units"), sources=tables.sources(bench), P=P)

# %%
report.heading(tx("h_oecd"))
if len(oecd_n):
    items = [tx("oecd_item", name=names[c], rank=ordinal(int(r), L))
             for c, r in zip(oecd["geo_code"], oecd["oecd_rank"]) if c in P.focus]
    report.markdown(tx("oecd_text", n=int(oecd_n.iloc[0]), year=oecd_year, items=join_names(items, L)))
plot = oecd[["geo_code", "value", "oecd_rank", "year"]].assign(country=oecd["geo_code"].map(names))
fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=P.focus, highlight_colors=BAR_COLORS,
                         title=tx("oecd_chart", year=oecd_year), units=tx("egdi_units"), lang=L, decimals=3)
export.publish_figure(fig, "oecd_dgi", plot, title=tx("oecd_chart", year=oecd_year), units=tx("egdi_units"),
                      sources=tables.sources(oecd), P=P)

# %%
report.heading(tx("h_use"))
missing = peers.missing_countries(use, P.focus)
for c in P.focus:
    u = use[use["geo_code"] == c]
    if len(u) and len(eu_use):
        report.markdown(tx("use_text", year=use_year, a=fmt_percent(float(u["value"].iloc[0]), L), name=names[c],
                           eu=fmt_percent(float(eu_use.iloc[0]), L),
                           missing=join_names([names[m] for m in missing], L) if missing else "–"))
plot = use[["geo_code", "value", "year"]].assign(country=use["geo_code"].map(names))
fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=list(P.focus) + ["EU27_2020"],
                         highlight_colors=BAR_COLORS,
                         title=tx("use_chart", year=use_year), units=tx("use_units"), lang=L, percent=True,
                         decimals=0)
export.publish_figure(fig, "egov_use", plot, title=tx("use_chart", year=use_year), units=tx("use_units"),
                      sources=tables.sources(use), P=P)

# %%
old_all = peers.egov_use_older(euro_table, P)
old = old_all[old_all.groupby("geo_code")["year"].transform("count") > 1]  # lines need two or more years
for c in missing:
    s = old[old["geo_code"] == c].sort_values("year")
    if len(s) > 1:
        singles = old_all[~old_all.index.isin(old.index)].sort_values(["year", "value"], ascending=[True, False])
        others = "; ".join(f"{names.get(g, g)} {int(y)}: {fmt_percent(float(v), L, 1 if float(v) % 1 else 0)}"
                           for g, y, v in zip(singles["geo_code"], singles["year"], singles["value"]))
        report.markdown(tx("old_text", name=names[c], a=fmt_percent(float(s["value"].iloc[0]), L, 1),
                           y1=int(s["year"].iloc[0]), b=fmt_percent(float(s["value"].iloc[-1]), L, 1),
                           y2=int(s["year"].iloc[-1]), others=others or "–"))
oy1, oy2 = int(old["year"].min()), int(old["year"].max())
plot = old[["year", "geo_code", "value"]].assign(country=old["geo_code"].map(names))
old_title = tx("old_chart", names=join_names([names[c] for c in dict.fromkeys(old["geo_code"])], L), y1=oy1, y2=oy2)
fig = charts.line_chart(plot, series="geo_code", labels=names, colors=LINE_COLORS, title=old_title,
                        units=tx("use_units"), lang=L, percent=True, order=P.focus)
export.publish_figure(fig, "egov_use_older", plot, title=old_title, units=tx("use_units"),
                      sources=tables.sources(old), P=P)

# %%
report.heading(tx("h_desi"))
desi_missing = peers.missing_countries(desi, P.countries)
for c in P.focus:
    s = desi_pre[desi_pre["geo_code"] == c].sort_values("year")
    if len(s) > 1:
        report.markdown(tx("desi_text", name=names[c], a=pct1(float(s["value"].iloc[0])), y1=int(s["year"].iloc[0]),
                           b=pct1(float(s["value"].iloc[-1])), y2=int(s["year"].iloc[-1]), brk=peers.DESI_BREAK_YEAR,
                           missing=join_names([names[m] for m in desi_missing], L) if desi_missing else "–"))
        break
elsewhere = peers.internet_user_base_elsewhere(ssb_online_table, [c for c in P.focus if c in desi_missing])
for r in elsewhere.itertuples():
    report.markdown(tx("desi_elsewhere", name=names[r.geo_code], v=pct1(float(r.value)), year=int(r.year),
                       who=r.publisher))
dy1, dy2 = int(desi["year"].min()), int(desi["year"].max())
desi_title = tx("desi_chart", y1=dy1, y2=dy2)
plot = desi[["year", "geo_code", "value", "revised_module"]].assign(country=desi["geo_code"].map(names))
low = float(desi["value"].min())
fig = charts.line_chart(peers.gap_at_break(plot), series="geo_code", labels=names, colors=LINE_COLORS,
                        title=desi_title, units=tx("desi_units"), lang=L, percent=True, decimals=1,
                        order=P.focus, ylim=(max(0.0, 10 * (low // 10) - 10), 100))
ax = fig.axes[0]
for c in P.focus:  # the focus country's last value before the break, labelled at its point
    last = desi_pre[(desi_pre["geo_code"] == c) & (desi_pre["year"] == desi_pre_year)]["value"]
    if len(last):
        ax.annotate(pct1(float(last.iloc[0])), (desi_pre_year, float(last.iloc[0])), xytext=(0, 8),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8.5, fontweight="bold",
                    color=style.text_color(LINE_COLORS.get(c, style.HIGHLIGHT)))
ax.axvline(peers.DESI_BREAK_YEAR - 0.5, color=style.SUBTLE, linestyle=":", linewidth=1.1, zorder=1)
ax.text(peers.DESI_BREAK_YEAR - 0.55, ax.get_ylim()[0] + 0.03 * (ax.get_ylim()[1] - ax.get_ylim()[0]),
        tx("desi_break", year=peers.DESI_BREAK_YEAR), ha="right", va="bottom", fontsize=8, color=style.SUBTLE)
# alt text: the lines before the break described as usual, the revised-module points listed apart (never joined)
post = plot[plot["revised_module"]].sort_values("value", ascending=False)
desi_alt = (export.describe(style.meta(fig), plot[~plot["revised_module"]], L).rstrip(".") + "; "
            + tx("desi_alt_post", year=peers.DESI_BREAK_YEAR,
                 items=", ".join(f"{names[g]} {pct1(v)}" for g, v in zip(post["geo_code"], post["value"]))) + ".")
export.publish_figure(fig, "desi_egov_users", plot, title=desi_title, units=tx("desi_units"),
                      sources=tables.sources(desi), alt=desi_alt, P=P)

# %%
report.heading(tx("h_table"))
summary = pd.DataFrame({"geo_code": list(P.focus)})
summary[tx("col_country")] = summary["geo_code"].map(names)
for label_, frame, col in ((tx("m_egdi", year=y2), ranked, "value"),
                           (tx("m_wrank", year=y2), world[world["year"] == y2], "value"),
                           (tx("m_bench", year=bench_year), bench, "value"),
                           (tx("m_oecd", year=oecd_year), oecd, "value"),
                           (tx("m_oecd_rank", year=oecd_year), oecd, "oecd_rank")):
    summary[label_] = summary["geo_code"].map(dict(zip(frame["geo_code"], frame[col])))
summary = summary.drop(columns="geo_code")
export.publish_table(summary, "focus_summary", title=tx("table_title"),
                     formats={tx("m_egdi", year=y2): EGDI_DEC, tx("m_wrank", year=y2): "int",
                              tx("m_bench", year=bench_year): 1, tx("m_oecd", year=oecd_year): 3,
                              tx("m_oecd_rank", year=oecd_year): "int"},
                     sources=tables.sources(ranked) + tables.sources(bench) + tables.sources(oecd), P=P)

# %%
report.methods([m.format(y1=y1, y2=y2) for m in t(TEXT["methods"], L)], P)
desi_caveats = []
if "DE" in set(desi_pre["geo_code"]):
    de = desi_pre[desi_pre["geo_code"] == "DE"].sort_values("year").set_index("year")["value"].diff()
    if len(de.dropna()) and de.min() < 0:
        desi_caveats.append(tx("desi_de", name=names["DE"], year=int(de.idxmin())))
report.caveats([c.format(desi_break=peers.DESI_BREAK_YEAR) for c in t(TEXT["caveats"], L)] + desi_caveats, P)
