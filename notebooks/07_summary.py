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
# Summary report: Denmark vs Norway in five findings, each linked to its chart in the topic reports.
lang = "en"
output_dir = "."
output_href = "."
egdi_year = None

# %%
from analysis.metrics.summary import Params

P = Params.from_namespace(globals())

# %%
import math

import pandas as pd

from analysis import report
from analysis.data import tables
from analysis.figures.export import publish_table
from analysis.i18n import fmt_number, fmt_percent
from analysis.metrics import initiatives as ini
from analysis.metrics import partnerships as pm
from analysis.metrics import summary as sm
from analysis.report import Finding

L = P.lang


def T(en: str, da: str) -> str:
    """The sentence in the report language."""
    return da if L == "da" else en


def pct(v: float) -> str:
    return fmt_percent(v, L, 0 if float(v).is_integer() else 1)


def num(v: float) -> str:
    """A number with the decimals it has (up to 6), never rounded further."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    for d in range(7):
        if abs(round(v, d) - v) < 1e-9:
            return fmt_number(v, L, d)
    return fmt_number(v, L, 6)


egdi = tables.load("un_egov_egdi")
egov = tables.load("eurostat_egov_use_individuals")
ssb_exp = tables.load("ssb_ikt_expenditure_2005_2006")
dk_spend = tables.load("dk_admin_it_spending")
coop = tables.load("ssb_ikt_intermunicipal_cooperation_2003_2004")
partnerships = tables.load("catalogue_partnerships")
initiatives = tables.load("catalogue_initiatives")
dk_digital = tables.load("dk_digitalisation")

e = sm.egdi_pair(egdi, P.egdi_year)
o = sm.online_pair(egov)
s = sm.spend_pair(ssb_exp, dk_spend)
c = sm.cooperation_pair(coop, partnerships)
g = sm.targets_pair(dk_digital, initiatives)
ages = ini.age_range(egov["unit"])
task = pm.in_sentence(pm.label(pm.TASK_LABELS, c["task"], L))

# %%
findings = [
    Finding(
        text=T(f"**E-government:** Denmark's UN E-Government Development Index was {num(e['dk'])} in "
               f"{e['year']} (rank {e['dk_rank']}), Norway's {num(e['no'])} (rank {e['no_rank']}).",
               f"**Digital forvaltning:** Danmarks indeks i FN's E-Government Development Index var "
               f"{num(e['dk'])} i {e['year']} (nr. {e['dk_rank']}), Norges {num(e['no'])} (nr. {e['no_rank']})."),
        value=round(e["dk"] - e["no"], 5), unit="index points (0-1)", table="un_egov_egdi", indicator="EGDI",
        geo=["DK", "NO"], year=e["year"], how="difference", id="egdi_gap", link=sm.figure_href("egdi")),
    Finding(
        text=T(f"**Citizens online:** {pct(o['dk'])} of Danes aged {ages} used a public authority's website or "
               f"app in {o['dk_year']} (EU {pct(o['eu'])}); the latest Norwegian figure in the data, "
               f"{pct(o['no'])} in online contact with authorities, is from {o['no_year']} and asks a "
               "different question.",
               f"**Borgere online:** {pct(o['dk'])} af danskerne på {ages} år brugte en offentlig myndigheds "
               f"hjemmeside eller app i {o['dk_year']} (EU {pct(o['eu'])}); det seneste norske tal i data, "
               f"{pct(o['no'])} med onlinekontakt til myndigheder, er fra {o['no_year']} og stiller et andet "
               "spørgsmål."),
        value=o["dk"], unit="per cent", table="eurostat_egov_use_individuals", indicator=sm.DK_ONLINE,
        geo="DK", year=o["dk_year"], how="value", id="dk_online", link=sm.figure_href("online")),
    Finding(
        text=T(f"**Targets:** Denmark's joint strategy aimed for {pct(g['target'])} of applications received "
               f"digitally by {g['target_year']}; the outcome was {pct(g['outcome'])} "
               f"({'+' if g['gap'] > 0 else ''}{fmt_number(g['gap'], L)} points).",
               f"**Mål:** Den fællesoffentlige strategi sigtede mod, at {pct(g['target'])} af ansøgningerne "
               f"blev modtaget digitalt i {g['target_year']}; resultatet blev {pct(g['outcome'])} "
               f"({'+' if g['gap'] > 0 else ''}{fmt_number(g['gap'], L)} procentpoint)."),
        value=g["gap"], unit="percentage points", table="dk_digitalisation",
        indicator=sm.APPLICATIONS_TARGET, geo="DK", year=g["target_year"], how="difference",
        id="applications_gap", link=sm.figure_href("targets")),
    Finding(
        text=T(f"**Cooperation:** in Norway, {pct(c['share'])} of municipalities cooperated with others on "
               f"{task} in {c['year']} (year label inferred); the Danish evidence is case-based, "
               f"{c['dk_partnerships']} partnerships in the catalogue against {c['no_partnerships']} Norwegian.",
               f"**Samarbejde:** i Norge samarbejdede {pct(c['share'])} af kommunerne med andre om {task} i "
               f"{c['year']} (årstal udledt); den danske viden bygger på enkeltsager, "
               f"{c['dk_partnerships']} samarbejder i kataloget mod {c['no_partnerships']} norske."),
        value=c["share"], unit="per cent", table="ssb_ikt_intermunicipal_cooperation_2003_2004",
        indicator=pm.TASK_PREFIX + c["task"], geo="NO", year=c["year"], how="max",
        query={"sector": pm.MUNICIPALITIES}, id="no_cooperation", link=sm.figure_href("cooperation")),
    Finding(
        text=T(f"**Spending:** no common measure exists. Norwegian municipalities spent NOK "
               f"{fmt_number(s['no_bn'], L, 2)} billion ({num(s['no_bn'] * 1e6)} thousand) on computer equipment, "
               "software and related consultancy "
               f"in {s['no_year']} (Statistics Norway); Danish municipalities bought IT for DKK "
               f"{num(s['dk_bn'])} billion in {s['dk_year']} (invoice data, not total IT cost).",
               f"**Udgifter:** der findes ikke et fælles mål. Norske kommuner brugte "
               f"{fmt_number(s['no_bn'], L, 2)} mia. NOK ({num(s['no_bn'] * 1e6)} tusind) på it-udstyr, software og tilhørende konsulentydelser "
               f"i {s['no_year']} (Statistisk sentralbyrå); danske kommuner købte it for {num(s['dk_bn'])} mia. "
               f"kr. i {s['dk_year']} (fakturadata, ikke de samlede it-udgifter)."),
        value=s["no_bn"], unit="NOK billion", table="ssb_ikt_expenditure_2005_2006",
        indicator=sm.NO_TOTAL_ICT, geo="NO", year=s["no_year"], how="value",
        query={"sector": sm.NO_MUNICIPALITIES, "scale": 1e-6}, id="no_spend", link=sm.figure_href("spend")),
]
lead = e["dk"] > e["no"]
report.title(
    T(f"Denmark {'leads' if lead else 'trails'} Norway in digital government: UN index {num(e['dk'])} "
      f"against {num(e['no'])} in {e['year']}, rank {e['dk_rank']} against {e['no_rank']}",
      f"Danmark {'ligger foran' if lead else 'ligger efter'} Norge i digital forvaltning: FN-indeks "
      f"{num(e['dk'])} mod {num(e['no'])} i {e['year']}, nr. {e['dk_rank']} mod nr. {e['no_rank']}"),
    T(f"{len(findings)} findings from the reports on IT spend, partnerships, initiatives and international "
      "peers. Each links to the chart that shows it.",
      f"{len(findings)} resultater fra rapporterne om it-udgifter, samarbejder, initiativer og internationale "
      "sammenligninger. Hvert resultat linker til det diagram, der viser det."),
    P=P)

report.key_findings(findings, P)

# %%
report.heading(T("Denmark and Norway side by side", "Danmark og Norge side om side"))
rows = [
    (T("UN E-Government Development Index", "FN's E-Government Development Index"), T("index 0-1", "indeks 0-1"),
     e["dk"], e["year"], e["no"], e["year"]),
    (T("UN e-government rank", "Placering i FN's e-government-indeks"), T("rank", "placering"),
     e["dk_rank"], e["year"], e["no_rank"], e["year"]),
    (T("People dealing with public authorities online", "Borgere i kontakt med myndigheder online"),
     T(f"% of {ages}-year-olds (different questions)", f"% af {ages}-årige (forskellige spørgsmål)"),
     o["dk"], o["dk_year"], o["no"], o["no_year"]),
    (T("Municipal ICT spending, national total", "Kommunernes it-udgifter, i alt"),
     T("million kroner (DKK purchases / NOK expenditure)", "mio. kr. (DKK indkøb / NOK udgifter)"),
     s["dk_bn"] * 1000, s["dk_year"], s["no_bn"] * 1000, s["no_year"]),
    (T("IT partnerships in the catalogue", "It-samarbejder i kataloget"), T("count", "antal"),
     c["dk_partnerships"], None, c["no_partnerships"], None),
    (T("Joint programmes in the catalogue", "Fælles programmer i kataloget"), T("count", "antal"),
     g["dk_programmes"], None, g["no_programmes"], None),
]
used_rows = pd.concat([
    egdi[egdi["geo_code"].isin(["DK", "NO"]) & (egdi["year"] == e["year"])
         & egdi["indicator"].isin(["EGDI", "EGDI_rank"])],
    egov[((egov["geo_code"] == "DK") & (egov["indicator"] == sm.DK_ONLINE) & (egov["year"] == o["dk_year"]))
         | ((egov["geo_code"] == "NO") & (egov["indicator"] == sm.NO_ONLINE) & (egov["year"] == o["no_year"]))],
    ssb_exp[(ssb_exp["indicator"] == sm.NO_TOTAL_ICT) & (ssb_exp["year"] == s["no_year"])],
    dk_spend[(dk_spend["indicator"] == sm.DK_IT_PURCHASES) & (dk_spend["year"] == s["dk_year"])],
    partnerships, initiatives], ignore_index=True)
side = pd.DataFrame(rows, columns=[T("Measure", "Mål"), T("Unit", "Enhed"), T("Denmark", "Danmark"),
                                   T("Denmark, year", "Danmark, år"), T("Norway", "Norge"),
                                   T("Norway, year", "Norge, år")])
for col in (side.columns[3], side.columns[5]):
    side[col] = side[col].astype("Int64")
publish_table(side, "dk_vs_no", title=T("Denmark and Norway: the headline numbers",
                                        "Danmark og Norge: hovedtallene"),
              sources=tables.sources(used_rows), 
              formats={side.columns[2]: num, side.columns[4]: num, side.columns[3]: "year",
                       side.columns[5]: "year"}, P=P)
report.markdown(T(
    "Read across the rows with care: several rows compare different measures or years, which is itself "
    "a finding: Denmark and Norway publish different statistics on municipal IT.",
    "Læs rækkerne med forsigtighed: flere rækker sammenligner forskellige mål eller år, og det er i sig selv "
    "et resultat: Danmark og Norge offentliggør forskellige statistikker om kommunal it."))

# %%
report.methods([
    T("Every number is recomputed from the processed tables when the report is built; none is copied from "
      "the other reports.",
      "Alle tal genberegnes fra de behandlede tabeller, når rapporten bygges; intet er kopieret fra de andre "
      "rapporter."),
    T(f"The UN comparison uses the latest survey year with both countries ({e['year']}); the online-use "
      "figures are the latest per country; spending uses the latest national totals.",
      f"FN-sammenligningen bruger det seneste år med begge lande ({e['year']}); tallene for onlinebrug er de "
      "seneste for hvert land; udgifterne er de seneste landstal."),
], P)
report.caveats([
    T("The UN index is revised between editions; levels are not strictly comparable over time, ranks are safer.",
      "FN-indekset revideres mellem udgaverne; niveauer kan ikke sammenlignes strengt over tid, "
      "placeringer er mere robuste."),
    T(f"Spending figures are not comparable: Norway's is an SSB survey of expenditure in {s['no_year']}, "
      f"Denmark's is IT purchases on invoices in {s['dk_year']}; both are nominal, in different currencies.",
      f"Udgiftstallene kan ikke sammenlignes: Norges er en SSB-opgørelse af udgifter i {s['no_year']}, "
      f"Danmarks er it-indkøb på fakturaer i {s['dk_year']}; begge i løbende priser og forskellig valuta."),
    T("Norway's cooperation shares have inferred year labels and come from a truncated table; see the "
      "partnerships report.",
      "Norges samarbejdsandele har udledte årstal og stammer fra en afkortet tabel; se rapporten om "
      "samarbejder."),
    T("The partnership and programme catalogues are compiled from news and public documents, not complete "
      "registers.",
      "Katalogerne over samarbejder og programmer er samlet fra nyheder og offentlige dokumenter og er ikke "
      "fuldstændige registre."),
], P)
