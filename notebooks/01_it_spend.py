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
# Report 1: Municipal IT spend. Norway's ICT expenditure and survey answers from Statistics Norway; Denmark's
# best public proxies. Every number in the text is computed from the processed tables.

# %% tags=["parameters"]
lang = "en"
year_from = None
year_to = None
top_n = 10
output_dir = "."
output_href = "."

# %%
from analysis.metrics.spend import Params

P = Params.from_namespace(globals())

# %% tags=["remove-cell"]
import pandas as pd

from analysis import report
from analysis.data import tables
from analysis.figures import charts, export, style
from analysis.i18n import fmt_kr, fmt_number, fmt_percent, t
from analysis.metrics import spend
from analysis.report import Finding

L = P.lang

TEXT = {
    "title": {"en": "Norway's municipalities spent NOK {no} million on ICT in {y}; Denmark publishes only proxies",
              "da": "Norges kommuner brugte {no} mio. norske kr. på IKT i {y}; for Danmark findes kun tilnærmelser"},
    "lead": {"en": "What public statistics say about municipal IT spending in Norway and Denmark, and what they do "
                   "not say. The closest Danish figure is central administration: {dk} per inhabitant in {y2}.",
             "da": "Hvad offentlig statistik siger om kommunernes it-udgifter i Norge og Danmark, og hvad den ikke "
                   "siger. Det nærmeste danske tal er central administration: {dk} pr. indbygger i {y2}."},
    # Norway
    "h_no": {"en": "Norway: ICT expenditure of municipalities and county authorities",
             "da": "Norge: kommuners og fylkeskommuners IKT-udgifter"},
    "no_text": {"en": "Statistics Norway counted NOK {a} thousand of spending on computer equipment, software and "
                      "related consultancy in the municipalities in {y1} and NOK {b} thousand in {y2}, a change of "
                      "{p}. The county authorities went from NOK {c} thousand to NOK {d} thousand ({q}).",
                "da": "Statistisk sentralbyrå opgjorde kommunernes udgifter til it-udstyr, software og tilhørende "
                      "konsulentydelser til {a} tusind norske kr. i {y1} og {b} tusind i {y2}, en ændring på {p}. "
                      "Fylkeskommunerne gik fra {c} tusind til {d} tusind norske kr. ({q})."},
    "no_chart": {"en": "ICT expenditure, {y1} and {y2}", "da": "IKT-udgifter, {y1} og {y2}"},
    "no_units": {"en": "NOK million, current prices", "da": "mio. norske kr., løbende priser"},
    "no_table": {"en": "ICT expenditure by item (NOK thousand, current prices); '–' = not published",
                 "da": "IKT-udgifter efter post (tusind norske kr., løbende priser); '–' = ikke offentliggjort"},
    "municipalities": {"en": "Municipalities", "da": "Kommuner"},
    "counties": {"en": "County authorities", "da": "Fylkeskommuner"},
    "state": {"en": "Central government agencies", "da": "Statslige virksomheder"},
    "col_year": {"en": "Year", "da": "År"},
    "col_sector": {"en": "Sector", "da": "Sektor"},
    "col_item": {"en": "Item", "da": "Post"},
    "col_value": {"en": "NOK thousand", "da": "Tusind NOK"},
    "total": {"en": "Total", "da": "I alt"},
    "equipment": {"en": "Computer equipment", "da": "It-udstyr"},
    "software": {"en": "Software and related consultancy", "da": "Software og tilhørende konsulentydelser"},
    "h_strategy": {"en": "Norway: strategies and barriers", "da": "Norge: strategier og barrierer"},
    "strategy_text": {"en": "In {y}, {a} of Norwegian municipalities had their own IT strategy, from {lo} in {lo_name} "
                            "to {hi} in {hi_name}.",
                      "da": "I {y} havde {a} af de norske kommuner deres egen it-strategi, fra {lo} i {lo_name} til "
                            "{hi} i {hi_name}."},
    "strategy_2004": {"en": "Two years later, {m} of municipalities and {c} of county authorities had updated their IT "
                            "strategy in the last two years ({pub}, citing Statistics Norway; printed as '{mp}' and "
                            "'{cp}').",
                      "da": "To år senere havde {m} af kommunerne og {c} af fylkeskommunerne opdateret deres "
                            "it-strategi inden for to år ({pub} med henvisning til Statistisk sentralbyrå; trykt som "
                            "'{mp}' og '{cp}')."},
    "strategy_chart": {"en": "Share of municipalities with their own IT strategy, by county, {y}",
                       "da": "Andel kommuner med egen it-strategi, efter fylke, {y}"},
    "pct_municipalities": {"en": "% of municipalities", "da": "% af kommunerne"},
    "all_norway": {"en": "Norway, all municipalities", "da": "Norge, alle kommuner"},
    "barriers02_chart": {"en": "Barriers to IT use rated 'large' by municipalities, {y}",
                         "da": "Barrierer for it-brug, som kommunerne vurderede som 'store', {y}"},
    "barriers02_text": {"en": "In {y} the barrier most often rated large was {b} ({v} of municipalities).",
                        "da": "I {y} blev {b} oftest vurderet som en stor barriere ({v} af kommunerne)."},
    "barriers24_chart": {"en": "Hindrances to digital development to a large or very large extent, {y}",
                         "da": "Hindringer for digital udvikling i stor eller meget stor grad, {y}"},
    "barriers24_units": {"en": "% of organisations in each sector", "da": "% af organisationerne i hver sektor"},
    "barriers24_text": {"en": "In {y}, {v} of municipalities said that '{b}' hindered digital development to a large "
                              "or very large extent; {c} said so of higher ICT costs than expected.",
                        "da": "I {y} svarede {v} af kommunerne, at '{b}' hindrede digital udvikling i stor eller "
                              "meget stor grad; {c} sagde det samme om højere IKT-udgifter end forventet."},
    # Denmark
    "h_dk": {"en": "Denmark: the best public proxies", "da": "Danmark: de bedste offentlige tilnærmelser"},
    "dk_text": {"en": "Statistics Denmark's municipal accounts show net spending on function 6.45.51 'Secretariats "
                      "and administrations' of {a} per inhabitant for the country as a whole in {y1} and {b} in "
                      "{y2} ({p}, current prices). In {y2} the median municipality spent {m}; the range ran from "
                      "{lo} ({lo_name}) to {hi} ({hi_name}). This is central administration, not IT.",
                "da": "Danmarks Statistiks kommuneregnskaber viser nettoudgifter på funktion 6.45.51 'Sekretariat og "
                      "forvaltninger' på {a} pr. indbygger for hele landet i {y1} og {b} i {y2} ({p}, løbende "
                      "priser). I {y2} brugte medianenkommunen {m}; spændet gik fra {lo} ({lo_name}) til {hi} "
                      "({hi_name}). Det er central administration, ikke it."},
    "dk_chart": {"en": "Net spending on secretariats and administrations (function 6.45.51), {y1}–{y2}",
                 "da": "Nettoudgifter til sekretariat og forvaltninger (funktion 6.45.51), {y1}–{y2}"},
    "dk_units": {"en": "DKK per inhabitant, current prices", "da": "kr. pr. indbygger, løbende priser"},
    "whole_country": {"en": "Whole country", "da": "Hele landet"},
    "median_mun": {"en": "Median municipality", "da": "Medianenkommune"},
    "dk_rank_chart": {"en": "The {n} highest and {n} lowest municipalities on function 6.45.51, {y}",
                      "da": "De {n} højeste og {n} laveste kommuner på funktion 6.45.51, {y}"},
    "dk_spread_table": {"en": "Function 6.45.51 across the municipalities, DKK per inhabitant (current prices)",
                        "da": "Funktion 6.45.51 på tværs af kommunerne, kr. pr. indbygger (løbende priser)"},
    "col_n": {"en": "Municipalities", "da": "Kommuner"},
    "col_median": {"en": "Median", "da": "Median"},
    "col_lowest": {"en": "Lowest", "da": "Lavest"},
    "col_lowest_name": {"en": "Lowest: municipality", "da": "Lavest: kommune"},
    "col_highest": {"en": "Highest", "da": "Højest"},
    "col_highest_name": {"en": "Highest: municipality", "da": "Højest: kommune"},
    "col_country": {"en": "Whole country", "da": "Hele landet"},
    "dk_national_text": {"en": "National totals come closer to IT but are not accounts: municipal IT purchases "
                               "invoiced in {y} came to DKK {v} billion, or about {pi} per inhabitant when divided by "
                               "the population on 1 January {y}; the same source says most municipalities bought "
                               "for between {lo} and {hi} per inhabitant.",
                         "da": "Landstal kommer tættere på it, men er ikke regnskaber: kommunernes fakturerede "
                               "it-indkøb udgjorde {v} mia. kr. i {y}, eller omkring {pi} pr. indbygger, når beløbet "
                               "deles med befolkningen 1. januar {y}; samme kilde oplyser, at de fleste kommuner "
                               "købte for mellem {lo} og {hi} pr. indbygger."},
    "dk_national_table": {"en": "Danish national figures that bear on municipal IT spending",
                          "da": "Danske landstal med betydning for kommunernes it-udgifter"},
    "col_indicator": {"en": "Figure", "da": "Tal"},
    "col_printed": {"en": "As printed", "da": "Som trykt"},
    "col_unit": {"en": "Unit", "da": "Enhed"},
    "col_publisher": {"en": "Publisher", "da": "Udgiver"},
    # findings
    "f_no_level": {"en": "Norwegian municipalities spent NOK {v} thousand on computer equipment, software and "
                         "related consultancy in {y}.",
                   "da": "Norske kommuner brugte {v} tusind norske kr. på it-udstyr, software og konsulentydelser "
                         "i {y}."},
    "f_no_change": {"en": "{who}: ICT expenditure changed by {p} from {y1} to {y2} (current prices).",
                    "da": "{who}: IKT-udgifterne ændrede sig med {p} fra {y1} til {y2} (løbende priser)."},
    "f_strategy": {"en": "{v} of Norwegian municipalities had their own IT strategy in {y}.",
                   "da": "{v} af de norske kommuner havde egen it-strategi i {y}."},
    "f_barrier": {"en": "Top hindrance for Norwegian municipalities in {y}: '{b}', named by {v}.",
                  "da": "Største hindring for norske kommuner i {y}: '{b}', nævnt af {v}."},
    "f_dk_level": {"en": "Danish municipalities' net spending on secretariats and administrations (function 6.45.51) "
                         "was {v} per inhabitant in {y} for the country as a whole.",
                   "da": "Kommunernes nettoudgifter til sekretariat og forvaltninger (funktion 6.45.51) var {v} pr. "
                         "indbygger i {y} for hele landet."},
    "f_dk_change": {"en": "That is {p} more than in {y1}, in current prices.",
                    "da": "Det er {p} mere end i {y1} i løbende priser."},
    "f_dk_median": {"en": "The median municipality spent {v} per inhabitant on function 6.45.51 in {y}.",
                    "da": "Medianenkommunen brugte {v} pr. indbygger på funktion 6.45.51 i {y}."},
    "f_dk_purchases": {"en": "Municipal IT purchases of DKK {b} billion in {y} come to about {v} per inhabitant.",
                       "da": "Kommunernes it-indkøb på {b} mia. kr. i {y} svarer til omkring {v} pr. indbygger."},
    "methods": {
        "en": ["Norway: total ICT expenditure of municipalities and county authorities from Statistics Norway's "
               "survey tables; a year printed in both the Norwegian and English editions counts once. Changes are "
               "in per cent of the earlier year, in current prices.",
               "Norway, surveys: shares of municipalities as published (2002 IT strategy by county; 2002 barriers, "
               "answer 'large'; 2024 hindrances 'to a large or very large extent').",
               "Denmark: Statistics Denmark's municipal accounts (REGK31), function 6.45.51, net DKK per "
               "inhabitant in current prices, for the whole country and each municipality; the median is taken "
               "over the municipalities.",
               "Denmark, IT purchases per inhabitant: the published national total (DKK billion, as printed) "
               "divided by Statistics Denmark's population on 1 January of the same year.",
               "Amounts in titles are given in NOK million or DKK billion; the tables and the CSV files beside each "
               "chart give the exact published figures."],
        "da": ["Norge: kommuners og fylkeskommuners samlede IKT-udgifter fra Statistisk sentralbyrås "
               "spørgeskematabeller; et år, der er trykt i både norsk og engelsk udgave, tælles én gang. "
               "Ændringer er i procent af det tidligere år, i løbende priser.",
               "Norge, undersøgelser: andele af kommunerne som offentliggjort (2002 it-strategi efter fylke; 2002 "
               "barrierer, svaret 'stor'; 2024 hindringer 'i stor eller meget stor grad').",
               "Danmark: Danmarks Statistiks kommuneregnskaber (REGK31), funktion 6.45.51, netto kr. pr. indbygger "
               "i løbende priser, for hele landet og hver kommune; medianen er taget over kommunerne.",
               "Danmark, it-indkøb pr. indbygger: det offentliggjorte landstal (mia. kr., som trykt) divideret med "
               "Danmarks Statistiks befolkningstal 1. januar samme år.",
               "Beløb i overskrifter er i mio. norske kr. eller mia. kr.; tabellerne og CSV-filerne ved hver figur "
               "giver de præcise offentliggjorte tal."]},
    "caveats": {
        "en": ["All amounts are nominal (current prices): the data contain no deflator, so changes over time include "
               "inflation.",
               "Function 6.45.51 is only part of municipal administration and is not IT spending; IT costs booked "
               "elsewhere in the accounts are not in it. The accounts year is inferred from the source file names, "
               "and the figures are as downloaded by a third party, so Statistics Denmark may since have revised "
               "them.",
               "The Danish national figures are not accounts: administration and management (Benchmarkingenheden) "
               "is built mainly from personnel data; IT purchases (IT-Branchen/Mercell) are invoiced procurement, "
               "not total IT cost; the 2006 figure is a forecast for the pre-2007 municipal structure.",
               "Norway's expenditure table splits the municipalities' total into equipment and software only for "
               "the county authorities; the municipal split is not published. A press report's rounded "
               "municipal figure for 2006 does not match Statistics Norway's table and is not used.",
               "The data hold no population for Norway as a whole, so Norwegian spending per inhabitant cannot be "
               "computed here; Norwegian and Danish amounts are in different currencies and are not converted.",
               "The 2002 and 2024 Norwegian barrier questions use different wording and scales and are not directly "
               "comparable."],
        "da": ["Alle beløb er nominelle (løbende priser): data indeholder ingen deflator, så ændringer over tid "
               "omfatter inflation.",
               "Funktion 6.45.51 er kun en del af kommunernes administration og er ikke it-udgifter; it-udgifter "
               "konteret andre steder i regnskabet indgår ikke. Regnskabsåret er udledt af kildefilernes navne, og "
               "tallene er som hentet af en tredjepart, så Danmarks Statistik kan have revideret dem siden.",
               "De danske landstal er ikke regnskaber: administration og ledelse (Benchmarkingenheden) bygger "
               "hovedsageligt på personaledata; it-indkøb (IT-Branchen/Mercell) er fakturerede indkøb, ikke samlede "
               "it-udgifter; tallet for 2006 er en prognose for kommunestrukturen før 2007.",
               "Den norske udgiftstabel deler kun fylkeskommunernes total op i udstyr og software; kommunernes "
               "opdeling er ikke offentliggjort. Et afrundet pressetal for kommunerne i 2006 stemmer ikke med "
               "Statistisk sentralbyrås tabel og bruges ikke.",
               "Data indeholder ikke Norges samlede befolkning, så norske udgifter pr. indbygger kan ikke beregnes "
               "her; norske og danske beløb er i hver sin valuta og omregnes ikke.",
               "De norske barrierespørgsmål fra 2002 og 2024 har forskellig ordlyd og skala og kan ikke "
               "sammenlignes direkte."]},
}

# Statistics Norway's 2002 barrier labels (Norwegian) in the report languages.
BARRIERS_2002 = {
    "Feil/mangler i mottatt software": {"en": "Errors or defects in software received",
                                        "da": "Fejl eller mangler i modtaget software"},
    "Manglende fleksibilitet hos IT-leverandørene": {"en": "Inflexible IT suppliers",
                                                     "da": "Manglende fleksibilitet hos it-leverandører"},
    "Mangel på integrasjon mellom applikasjoner": {"en": "Lack of integration between applications",
                                                   "da": "Manglende integration mellem applikationer"},
    "Mangel på IT-kvalifisert personale i kommunen": {"en": "Too few IT-qualified staff",
                                                      "da": "For få it-kvalificerede medarbejdere"},
    "Vanskelig å rekruttere eller beholde IT-kvalifiserte medarbeidere": {
        "en": "Hard to recruit or keep IT staff", "da": "Svært at rekruttere eller fastholde it-folk"},
    "Intern motstand blant medarbeiderne mot bruk av IT": {"en": "Staff resistance to IT",
                                                           "da": "Medarbejdermodstand mod it"},
    "Kommunen mangler en oppdatert IT-strategi": {"en": "No up-to-date IT strategy",
                                                  "da": "Ingen opdateret it-strategi"},
    "Mangel på engasjement i ledelsen": {"en": "Lack of management commitment",
                                         "da": "Manglende engagement i ledelsen"},
    "IT utgifter høyere enn forventet": {"en": "IT costs higher than expected",
                                         "da": "It-udgifter højere end forventet"},
    "For hurtig introduksjon av nye versjoner av eksisterende software": {
        "en": "New software versions come too fast", "da": "Nye softwareversioner kommer for hurtigt"},
}
# The 2024 hindrances: Statistics Norway prints the English; the Danish is ours.
BARRIERS_2024_DA = {
    "Difficult to release resources for development work": "Svært at frigøre ressourcer til udvikling",
    "Higher ICT costs than expected": "Højere IKT-udgifter end forventet",
    "Dependent on development in other public or private enterprises": "Afhængig af udvikling hos andre aktører",
    "Lack of skills in the enterprise": "Manglende kompetencer i organisationen",
    "Lack of adjustments in the legislation and regulations": "Lovgivning og regler er ikke tilpasset",
    "Lack of joint public digital services and infrastructure": "Mangel på fælles offentlige løsninger og infrastruktur",
}
DK_NATIONAL = {
    "admin_and_management_expenditure_total": {"en": "Administration and management, total",
                                               "da": "Administration og ledelse, i alt"},
    "admin_and_management_expenditure_per_inhabitant": {"en": "Administration and management per inhabitant",
                                                        "da": "Administration og ledelse pr. indbygger"},
    "admin_and_management_expenditure_per_inhabitant_min": {"en": "… lowest municipality (approx.)",
                                                            "da": "… laveste kommune (ca.)"},
    "admin_and_management_expenditure_per_inhabitant_max": {"en": "… highest municipality (approx.)",
                                                            "da": "… højeste kommune (ca.)"},
    "admin_and_management_share_of_net_operating_expenditure": {
        "en": "Administration and management, share of net operating spending (approx., undated)",
        "da": "Administration og ledelse, andel af nettodriftsudgifter (ca., udateret)"},
    "it_purchases_total": {"en": "IT purchases (invoiced)", "da": "It-indkøb (fakturerede)"},
    "it_purchases_share_of_public_it_purchases": {"en": "Municipalities' share of public IT purchases",
                                                  "da": "Kommunernes andel af offentlige it-indkøb"},
    "it_purchases_per_inhabitant_typical_range_low": {"en": "IT purchases per inhabitant, most municipalities (low)",
                                                      "da": "It-indkøb pr. indbygger, de fleste kommuner (lav)"},
    "it_purchases_per_inhabitant_typical_range_high": {"en": "IT purchases per inhabitant, most municipalities (high)",
                                                       "da": "It-indkøb pr. indbygger, de fleste kommuner (høj)"},
    "it_spending_total_estimate": {"en": "IT spending, estimate (forecast)", "da": "It-udgifter, skøn (prognose)"},
    "it_spending_reform_related_estimate": {"en": "IT for the 2007 reform, estimate",
                                            "da": "It til kommunalreformen 2007, skøn"},
    "it_spending_total": {"en": "IT spending (regions, not municipalities)",
                          "da": "It-udgifter (regioner, ikke kommuner)"},
    "ict_spending_per_year": {"en": "ICT spending per year (central government)",
                              "da": "IKT-udgifter pr. år (staten)"},
}


def tx(key, **fields):
    """The report text for key in the report language, with fields filled in."""
    text = t(TEXT[key], L)
    return text.format(**fields) if fields else text


def pct(v, d=1):
    """A signed percentage change."""
    return ("+" if v > 0 else "") + fmt_percent(v, L, d)


def dkk(v, d=0):
    return fmt_kr(v, L, d, currency="DKK")


# %% tags=["remove-cell"]
no_exp_table = tables.load(spend.TABLES["no_expenditure"])
no_strategy_table = tables.load(spend.TABLES["no_strategy"])
no_headlines = tables.load(spend.TABLES["no_headlines"])
no_b02_table = tables.load(spend.TABLES["no_barriers_2002"])
no_b24_table = tables.load(spend.TABLES["no_barriers_2024"])
dk_accounts = tables.load(spend.TABLES["dk_accounts"])
dk_national_table = tables.load(spend.TABLES["dk_national"])
dk_population = tables.load(spend.TABLES["dk_population"])

no_exp = spend.no_ict_expenditure(no_exp_table)
no_total = no_exp["indicator"].iloc[0]  # the full label of the total-expenditure indicator
no_change = spend.no_ict_change(no_exp).set_index("sector_key")
mun, cty = no_change.loc["municipalities"], no_change.loc["counties"]
strategy = spend.no_strategy_by_county(no_strategy_table)
national_strategy = strategy[strategy["geo_level"] == "country"].iloc[0]
counties = strategy[strategy["geo_level"] != "country"]
b02 = spend.no_barriers_2002(no_b02_table)
b24 = spend.no_barriers_2024(no_b24_table)
top24 = spend.top_barrier(b24, "municipalities")
years = spend.dk_years(dk_accounts, P)
dk_nat = spend.dk_national_series(dk_accounts, years)
spread = spend.dk_municipal_spread(dk_accounts, years)
last = spread.iloc[-1]
dk_first, dk_last = dk_nat.iloc[0], dk_nat.iloc[-1]
dk_change = spend.change_pct(float(dk_first["value"]), float(dk_last["value"]))
purchases = spend.dk_it_purchases_per_inhabitant(dk_national_table, dk_population)

# %%
report.title(tx("title", no=fmt_number(mun["value_to"] / 1000, L, 0), y=int(mun["year_to"])),
             tx("lead", dk=dkk(float(dk_last["value"])), y2=int(dk_last["year"])), P)

# %%
b24_label = top24["barrier_en"] if L == "en" else BARRIERS_2024_DA.get(top24["barrier_en"], top24["barrier"])
report.key_findings([
    Finding(id="no_ict_municipalities", text=tx("f_no_level", v=fmt_number(mun["value_to"], L), y=int(mun["year_to"])),
            value=float(mun["value_to"]), unit="NOK 1000", table=spend.TABLES["no_expenditure"],
            indicator=no_total, geo="NO", year=int(mun["year_to"]), how="value",
            query={"sector": mun["sector"]}, link="#fig-no_ict_expenditure"),
    Finding(id="no_ict_change_municipalities", text=tx("f_no_change", who=tx("municipalities"), p=pct(mun["change_pct"]), y1=int(mun["year_from"]),
                    y2=int(mun["year_to"])),
            value=float(mun["change_pct"]), unit="%", table=spend.TABLES["no_expenditure"], indicator=no_total,
            geo="NO", year=[int(mun["year_from"]), int(mun["year_to"])], how="change_pct",
            query={"sector": mun["sector"]}),
    Finding(id="no_ict_change_counties", text=tx("f_no_change", who=tx("counties"), p=pct(cty["change_pct"]), y1=int(cty["year_from"]),
                    y2=int(cty["year_to"])),
            value=float(cty["change_pct"]), unit="%", table=spend.TABLES["no_expenditure"], indicator=no_total,
            geo="NO", year=[int(cty["year_from"]), int(cty["year_to"])], how="change_pct",
            query={"sector": cty["sector"]}),
    Finding(id="no_it_strategy", text=tx("f_strategy", v=fmt_percent(national_strategy["value"], L, 1), y=int(national_strategy["year"])),
            value=float(national_strategy["value"]), unit="%", table=spend.TABLES["no_strategy"],
            indicator=national_strategy["indicator"], geo="NO", year=int(national_strategy["year"]), how="value",
            link="#fig-no_it_strategy"),
    Finding(id="no_top_barrier_2024", text=tx("f_barrier", y=int(top24["year"]), b=b24_label, v=fmt_percent(top24["value"], L, 1)),
            value=float(top24["value"]), unit="%", table=spend.TABLES["no_barriers_2024"], geo="NO",
            year=int(top24["year"]), how="max", query={"sector": top24["sector"]}, link="#fig-no_barriers_2024"),
    Finding(id="dk_admin_country", text=tx("f_dk_level", v=dkk(float(dk_last["value"])), y=int(dk_last["year"])),
            value=float(dk_last["value"]), unit="DKK per inhabitant", table=spend.TABLES["dk_accounts"],
            indicator=dk_last["indicator"], geo=dk_last["geo_code"], year=int(dk_last["year"]), how="value",
            link="#fig-dk_admin_per_inhabitant"),
    Finding(id="dk_admin_change", text=tx("f_dk_change", p=fmt_percent(dk_change, L, 1), y1=int(dk_first["year"])),
            value=dk_change, unit="%", table=spend.TABLES["dk_accounts"], indicator=dk_last["indicator"],
            geo=dk_last["geo_code"], year=[int(dk_first["year"]), int(dk_last["year"])], how="change_pct"),
    Finding(id="dk_admin_median", text=tx("f_dk_median", v=dkk(float(last["median"]), 1 if float(last["median"]) % 1 else 0),
                    y=int(last["year"])),
            value=float(last["median"]), unit="DKK per inhabitant", table=spend.TABLES["dk_accounts"],
            indicator=dk_last["indicator"], year=int(last["year"]), how="median",
            query={"geo_level": "municipality"}),
    Finding(id="dk_it_purchases_per_inhabitant", text=tx("f_dk_purchases", b=fmt_number(purchases["purchases_bn"], L, 1), y=purchases["year"],
                    v=dkk(purchases["per_inhabitant"])),
            value=purchases["per_inhabitant"], unit="DKK per inhabitant", table=spend.TABLES["dk_national"],
            indicator="it_purchases_total", geo="000", year=purchases["year"], how="per_inhabitant",
            query={"population_table": spend.TABLES["dk_population"], "scale": 1e9}),
], P)

# %%
report.heading(tx("h_no"))
report.markdown(tx("no_text", a=fmt_number(mun["value_from"], L), y1=int(mun["year_from"]),
                   b=fmt_number(mun["value_to"], L), y2=int(mun["year_to"]), p=pct(mun["change_pct"]),
                   c=fmt_number(cty["value_from"], L), d=fmt_number(cty["value_to"], L), q=pct(cty["change_pct"])))

# %%
plot = no_exp[["year", "sector_key", "value"]].rename(columns={"value": "nok_thousand"})
plot["nok_million"] = plot["nok_thousand"] / 1000
plot["sector"] = plot["sector_key"].map(lambda k: tx(k))
plot["year"] = plot["year"].astype(int).astype(str)
y1s, y2s = plot["year"].min(), plot["year"].max()
fig = charts.dot_plot(plot, category="sector_key", series="year", value="nok_million",
                      category_labels={k: tx(k) for k in plot["sector_key"]},
                      colors={y1s: style.MUTED, y2s: style.HIGHLIGHT}, sort_by=y2s,
                      title=tx("no_chart", y1=y1s, y2=y2s), units=tx("no_units"), lang=L, decimals=0)
export.publish_figure(fig, "no_ict_expenditure", plot, title=tx("no_chart", y1=y1s, y2=y2s), units=tx("no_units"),
                      sources=tables.sources(no_exp), P=P)

# %%
items = spend.distinct_rows(no_exp_table, ["year", "sector", "indicator"])
item_key = items["indicator"].map(lambda s: "total" if s.startswith(spend.NO_TOTAL) else
                                  "equipment" if s.startswith("Datautstyr") else "software")
detail = pd.DataFrame({tx("col_year"): items["year"].astype(int),
                       tx("col_sector"): items["sector"].map(spend.SECTORS).map(lambda k: tx(k)),
                       tx("col_item"): item_key.map(lambda k: tx(k)),
                       tx("col_value"): items["value"]}).sort_values([tx("col_sector"), tx("col_year")])
export.publish_table(detail, "no_ict_expenditure_items", title=tx("no_table"), sources=tables.sources(items),
                     formats={tx("col_value"): 0}, P=P)

# %%
report.heading(tx("h_strategy"))
lo_c, hi_c = counties.loc[counties["value"].idxmin()], counties.loc[counties["value"].idxmax()]
report.markdown(tx("strategy_text", y=int(national_strategy["year"]), a=fmt_percent(national_strategy["value"], L, 1),
                   lo=fmt_percent(lo_c["value"], L, 1), lo_name=lo_c["geography"],
                   hi=fmt_percent(hi_c["value"], L, 1), hi_name=hi_c["geography"]))
upd_m = spend.no_headline(no_headlines, spend.STRATEGY_UPDATED, 2004)
upd_c = spend.no_headline(no_headlines, spend.STRATEGY_UPDATED, 2004, "county authorities (fylkeskommuner)")
report.markdown(tx("strategy_2004", m=fmt_percent(upd_m["value"], L), c=fmt_percent(upd_c["value"], L),
                   pub=upd_m["publisher"], mp=upd_m["value_as_printed"], cp=upd_c["value_as_printed"]))
plot = strategy[["year", "geo_code", "geography", "value"]].copy()
names = dict(zip(plot["geo_code"], plot["geography"])) | {national_strategy["geo_code"]: tx("all_norway")}
fig = charts.bar_ranking(plot, category="geo_code", labels=names, highlight=[national_strategy["geo_code"]],
                         highlight_colors={national_strategy["geo_code"]: style.ACCENT},
                         title=tx("strategy_chart", y=int(national_strategy["year"])),
                         units=tx("pct_municipalities"), lang=L, percent=True, decimals=1)
export.publish_figure(fig, "no_it_strategy", plot, title=tx("strategy_chart", y=int(national_strategy["year"])),
                      units=tx("pct_municipalities"), sources=tables.sources(strategy), P=P)

# %%
top02 = b02.iloc[0]
b02_names = {k: t(v, L) for k, v in BARRIERS_2002.items()}
report.markdown(tx("barriers02_text", y=int(top02["year"]), b=b02_names.get(top02["barrier"], top02["barrier"]),
                   v=fmt_percent(top02["value"], L, 1)))
plot = b02[["year", "barrier", "answer", "value"]].copy()
fig = charts.bar_ranking(plot, category="barrier", labels=b02_names, highlight=[top02["barrier"]],
                         title=tx("barriers02_chart", y=int(top02["year"])), units=tx("pct_municipalities"), lang=L,
                         percent=True, decimals=1)
export.publish_figure(fig, "no_barriers_2002", plot, title=tx("barriers02_chart", y=int(top02["year"])),
                      units=tx("pct_municipalities"), sources=tables.sources(b02), P=P)

# %%
cost24 = b24[(b24["sector_key"] == "municipalities") & (b24["barrier_en"] == "Higher ICT costs than expected")]["value"]
report.markdown(tx("barriers24_text", y=int(top24["year"]), v=fmt_percent(top24["value"], L, 1), b=b24_label,
                   c=fmt_percent(float(cost24.iloc[0]), L, 1) if len(cost24) else "–"))
plot = b24[["year", "barrier_en", "sector_key", "value"]].copy()
b24_names = {k: (k if L == "en" else BARRIERS_2024_DA.get(k, k)) for k in plot["barrier_en"]}
fig = charts.dot_plot(plot, category="barrier_en", series="sector_key", category_labels=b24_names,
                      labels={k: tx(k) for k in plot["sector_key"].unique()},
                      colors={"municipalities": style.HIGHLIGHT, "counties": style.ACCENT, "state": style.MUTED},
                      sort_by="municipalities", title=tx("barriers24_chart", y=int(top24["year"])),
                      units=tx("barriers24_units"), lang=L, percent=True, decimals=1)
export.publish_figure(fig, "no_barriers_2024", plot, title=tx("barriers24_chart", y=int(top24["year"])),
                      units=tx("barriers24_units"), sources=tables.sources(b24), P=P)

# %%
report.heading(tx("h_dk"))
report.markdown(tx("dk_text", a=dkk(float(dk_first["value"])), y1=int(dk_first["year"]), b=dkk(float(dk_last["value"])),
                   y2=int(dk_last["year"]), p=pct(dk_change), m=dkk(float(last["median"]), 1 if last["median"] % 1 else 0),
                   lo=dkk(float(last["lowest"])), lo_name=last["lowest_name"], hi=dkk(float(last["highest"])),
                   hi_name=last["highest_name"]))

# %%
plot = pd.concat([
    dk_nat[["year", "value"]].assign(series="country"),
    spread[["year", "median"]].rename(columns={"median": "value"}).assign(series="median"),
], ignore_index=True)
plot["year"] = plot["year"].astype(int)
y1, y2 = int(plot["year"].min()), int(plot["year"].max())
fig = charts.line_chart(plot, series="series", labels={"country": tx("whole_country"), "median": tx("median_mun")},
                        colors={"country": style.HIGHLIGHT, "median": style.ACCENT},
                        title=tx("dk_chart", y1=y1, y2=y2), units=tx("dk_units"), lang=L)
export.publish_figure(fig, "dk_admin_per_inhabitant", plot, title=tx("dk_chart", y1=y1, y2=y2), units=tx("dk_units"),
                      sources=tables.sources(dk_nat), P=P)

# %%
ranked = spend.dk_ranking(dk_accounts, int(last["year"]), P.top_n)
plot = ranked[["year", "geo_code", "geography", "value", "rank", "end"]].copy()
fig = charts.bar_ranking(plot, category="geography", highlight=list(plot["geography"]),
                         highlight_colors={g: style.HIGHLIGHT if e == "high" else style.ACCENT
                                           for g, e in zip(plot["geography"], plot["end"])},
                         title=tx("dk_rank_chart", n=P.top_n, y=int(last["year"])), units=tx("dk_units"), lang=L,
                         decimals=0)
export.publish_figure(fig, "dk_admin_ranking", plot, title=tx("dk_rank_chart", n=P.top_n, y=int(last["year"])),
                      units=tx("dk_units"), sources=tables.sources(ranked), P=P)

# %%
table = spread.rename(columns={"year": tx("col_year"), "municipalities": tx("col_n"), "median": tx("col_median"),
                               "lowest": tx("col_lowest"), "lowest_name": tx("col_lowest_name"),
                               "highest": tx("col_highest"), "highest_name": tx("col_highest_name"),
                               "country": tx("col_country")})
export.publish_table(table, "dk_admin_spread", title=tx("dk_spread_table"),
                     sources=tables.sources(dk_accounts[dk_accounts["year"].isin(years)]), P=P)

# %%
low = dk_national_table[dk_national_table["indicator"] == "it_purchases_per_inhabitant_typical_range_low"]["value"]
high = dk_national_table[dk_national_table["indicator"] == "it_purchases_per_inhabitant_typical_range_high"]["value"]
report.markdown(tx("dk_national_text", y=purchases["year"], v=fmt_number(purchases["purchases_bn"], L, 1),
                   pi=dkk(purchases["per_inhabitant"]), lo=dkk(float(low.iloc[0])) if len(low) else "–",
                   hi=dkk(float(high.iloc[0])) if len(high) else "–"))
nat = spend.dk_national_figures(dk_national_table)
nat_table = pd.DataFrame({tx("col_year"): nat["year"], tx("col_indicator"): nat["indicator"].map(
    lambda k: t(DK_NATIONAL[k], L) if k in DK_NATIONAL else k), tx("col_printed"): nat["value_as_printed"],
    tx("col_unit"): nat["unit"], tx("col_publisher"): nat["publisher"]})
export.publish_table(nat_table, "dk_national_figures", title=tx("dk_national_table"), sources=tables.sources(nat),
                     P=P)

# %%
report.methods(t(TEXT["methods"], L), P)
report.caveats(t(TEXT["caveats"], L), P)
