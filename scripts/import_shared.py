"""One-off import of the project's gathered files from ../shared/data into data/raw with provenance sidecars.

Run once: `.venv/bin/python scripts/import_shared.py [SHARED_DATA_DIR]`. This is the only code that reads
../shared; everything else reads data/raw. Existing snapshots are left alone (never overwritten).
"""
from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path

from analysis.data.snapshot import sidecar_path, write_snapshot
from analysis import paths

SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else paths.root().parent / "shared" / "data"
TODAY = date.today().isoformat()
ORIGIN = f"gathered for this project, copied from shared/data on {TODAY}"

DST_TERMS = ("Statistics Denmark's terms: free reuse, also commercial, with Statistics Denmark named as source "
             "(https://www.dst.dk/da/Statistik/brug-statistikken/kildeangivelse)")
LIC_DST = f"{DST_TERMS}; the repository the StatBank API file was copied from states 'CC BY 4.0 DST'"
LIC_DST_UNSTATED = f"{DST_TERMS}; the copying repository (marieleth) states no licence of its own"
LIC_SSB = ("NLOD (Norwegian Licence for Open Government Data), name Statistics Norway as source "
           "(https://www.ssb.no/informasjon/copyright); the older ssb.no/a/ pages grant free reuse with "
           "'Kilde: Statistisk sentralbyrå' (https://www.ssb.no/a/include/copyright.html)")
LIC_MIXED_NEWS = ("unknown: figures cited with attribution from news articles and public documents; the texts "
                  "themselves are not copied; see each row's source")
LIC_UN = "unknown: not stated in the copies read (UN DESA E-Government Survey data, UNU-EGOV and third-party copies)"
LIC_EC = ("unknown: not stated in the copy read; European Commission documents are normally reusable with "
          "acknowledgement under the Commission's reuse policy (Decision 2011/833/EU)")
LIC_EUROSTAT = ("Eurostat rows: reuse with acknowledgement under Eurostat's copyright notice (Commission reuse "
                "policy); secondary rows (regjeringen.no, Europolitics): unknown, see each row's source")
LIC_OECD = "unknown: not stated in the copy read (OECD publication extracted by the Blavatnik Index team)"

NOTE_TIDY = ("Tidy file: one figure a row with its own source (source_url, source_title, publisher, "
             "date_accessed); value = normalised number, value_as_printed = exactly as printed; value empty where "
             "the source printed a missing-value symbol or only a word.")

# (shared path, publisher slug, dataset, title, licence, date_published, notes, csv options)
TIDY = [
    ("catalogue/facts.csv", "catalogue", "catalogue_facts",
     "Catalogue of sourced facts on Danish and Norwegian municipal IT (news and public documents)",
     LIC_MIXED_NEWS, None,
     "Notes are English paraphrases; value_as_printed quotes only the figure. One Computerworld article (2012-13 "
     "savings plan and channel costs) has no known URL: cited by title and publisher.", {}),
    ("catalogue/partnerships.csv", "catalogue", "catalogue_partnerships",
     "Catalogue of inter-municipal IT partnerships with members, scope and start", LIC_MIXED_NEWS, None,
     "members is a ';'-separated list of the members named in the source; member_count may exceed the names "
     "(e.g. Brugerklubben SBSYS: 17 members, 3 named). P07 names pre-2007 municipalities.", {}),
    ("catalogue/initiatives.csv", "catalogue", "catalogue_initiatives",
     "Catalogue of joint municipal digitalisation programmes and sub-programmes", LIC_MIXED_NEWS, None, "", {}),
    ("dk/dk_municipalities_reference.csv", "dst", "dk_municipalities",
     "The 98 Danish municipalities: DAGI code, name, region, population 1 January 2022 (FOLK1A 2022Q1)", LIC_DST,
     None,
     "Population and region from Statistics Denmark FOLK1A 2022Q1 (StatBank API CSV copied in "
     "DennisHedegreen/danish-politics-data); codes are DAGI codes (ladekjaer/dawars). Names Danish; DST's "
     "'Copenhagen' mapped to København; 'Vesthimmerlands' and 'Nordfyns' as DST prints them. Christiansø (411) "
     "excluded (not a municipality). Sum of the 98 = All Denmark less Christiansø.", {}),
    ("dk/dk_population_folk1a.csv", "dst", "dk_population",
     "Statistics Denmark FOLK1A population 2008-2022 (1st day of Q1) and FOLK1AM 2026M02, Denmark, regions, "
     "municipalities, Christiansø", LIC_DST, None,
     "Region rows have an empty geo_code (DST region codes not in the source). Christiansø flagged geo_level "
     "'other'. 2026 figures are FOLK1AM (1st of month, February 2026).", {}),
    ("dk/dk_admin_it_spending.csv", "various", "dk_admin_it_spending",
     "Danish national totals for municipal administration and IT purchases", LIC_MIXED_NEWS, None,
     "National totals only; no per-municipality IT figures found. Benchmarkingenheden's 'administration og "
     "ledelse' is built mainly from personnel data: NOT function 6.45 and NOT IT spending. IT-Branchen/Mercell "
     "2022 is procurement data, not total IT cost. CEDI 2006 is a forecast for the pre-2007 structure (271 "
     "municipalities). Regions and central government rows are context, not municipalities.", {}),
    ("dk/dk_it_partnerships.csv", "various", "dk_it_partnerships",
     "Danish inter-municipal IT partnerships with their member municipalities", LIC_MIXED_NEWS, None,
     "One row per member (indicator member:<partnership>, value 1) plus partnership-level counts. DIGIT founders "
     "are inferred (12-member list minus Ringsted); Helsingør-Hillerød-Fredensborg is an analysis only (2014); "
     "OS2 member counts differ between page versions (55, 68, 76, 78).", {}),
    ("dk/dk_digitalisation.csv", "various", "dk_digitalisation",
     "Danish digital self-service and e-government use figures", LIC_MIXED_NEWS, None,
     "Several rows are secondary (news sites citing DST or the Commission). Visma channel costs: vendor blog, "
     "undated, low reliability. No Eurostat year series for Denmark was found.", {}),
    ("municipal/dk_regk31_64551_administration.csv", "dst", "dk_regk31_64551_administration",
     "Statistics Denmark REGK31, function 6.45.51 'Sekretariat og forvaltninger', net DKK per inhabitant "
     "(current prices), 98 municipalities and Hele landet, 2016-2024", LIC_DST_UNSTATED, None,
     "Only part of administration and NOT IT spending; not comparable with Benchmarkingenheden's 'administration "
     "og ledelse'. Net = expenditure minus income; account type (drift/anlæg) not shown. Accounts year inferred "
     "from the source file name (data/<year>.csv). As downloaded by the repository author (probably 2025): DST "
     "may have revised figures, especially 2024. Current prices, not inflation-adjusted. geo_code from the "
     "reference list matched by DST name.", {}),
    ("no_ssb/ssb_ikt_expenditure_2005_2006.csv", "ssb", "ssb_ikt_expenditure_2005_2006",
     "Statistics Norway: expenditure on computer equipment, software and related consultancy in municipalities "
     "and county authorities, 2005-2006 (NOK 1 000)", LIC_SSB, "2007-12-17",
     "The municipal breakdown into equipment and software is printed ':' (missing). The 2005 figures appear twice "
     "(Norwegian and English editions) as a cross-check.", {}),
    ("no_ssb/ssb_ikt_it_strategy_by_county_2002.csv", "ssb", "ssb_ikt_it_strategy_by_county_2002",
     "Statistics Norway: share of municipalities with their own IT strategy, by county, 2002", LIC_SSB, "2003-07-14",
     "Complete table. A county row gives the figure for the municipalities in that county; county codes added by "
     "the compiler (pre-2020 numbering).", {}),
    ("no_ssb/ssb_ikt_barriers_2002.csv", "ssb", "ssb_ikt_barriers_2002",
     "Statistics Norway: barriers to IT use as rated by municipalities, 2002", LIC_SSB, "2003-07-14",
     "Complete table.", {}),
    ("no_ssb/ssb_ikt_barriers_eadmin_2004.csv", "ssb", "ssb_ikt_barriers_eadmin_2004",
     "Statistics Norway: barriers to electronic administration in municipalities, 2004", LIC_SSB, "2005-07-08",
     "English edition only; labels copied with the original spelling. Appears complete.", {}),
    ("no_ssb/ssb_ikt_intermunicipal_cooperation_2003_2004.csv", "ssb", "ssb_ikt_intermunicipal_cooperation_2003_2004",
     "Statistics Norway: share of county authorities and municipalities cooperating on ICT tasks, 2003 and 2004",
     LIC_SSB, "2005-07-08",
     "YEAR LABELS INFERRED (first block taken as 2004 from SSB headline figures reported by Computerworld). "
     "TRUNCATED after 'Akershus 54.' in the 2003 block: 2003 county rows and any 2003 county-authority row are "
     "missing.", {}),
    ("no_ssb/ssb_ikt_internet_services_population_share_2006.csv", "ssb",
     "ssb_ikt_internet_services_population_share_2006",
     "Statistics Norway: share of the population offered municipal services via the Internet, 2006", LIC_SSB,
     "2007-12-17", "TRUNCATED after Nord-Trøndelag: Nordland, Troms, Finnmark and footnotes 1-5 missing.", {}),
    ("no_ssb/ssb_ikt_open_source_2005_2008.csv", "ssb", "ssb_ikt_open_source_2005_2008",
     "Statistics Norway: use of open-source software in municipalities and county authorities, 2005-2008",
     LIC_SSB, "2008-07-16",
     "'..' printed for county authorities' school use in 2005 and 2006 (missing). 2008 rows come from release "
     "prose; 'Alle' (all) is rendered as 100.", {}),
    ("no_ssb/ssb_ikt_strategy_content_areas_2004_2005.csv", "ssb", "ssb_ikt_strategy_content_areas_2004_2005",
     "Statistics Norway: areas included in an updated ICT strategy, 2004 and 2005", LIC_SSB, None,
     "Both excerpts TRUNCATED after Hordaland (Sogn og Fjordane to Finnmark missing); the 2005 footnote 1 is "
     "missing.", {}),
    ("no_ssb/ssb_digitalisation_barriers_2024.csv", "ssb", "ssb_digitalisation_barriers_2024",
     "Statistics Norway: Digitalisering og IKT i offentlig sektor 2024, hindrances to digital development",
     LIC_SSB, "2024-05-03",
     "From the statistic's front page (updated 3 May 2024); StatBank table number not shown. Other small tables "
     "on the English page were not extracted.", {}),
    ("no_ssb/ssb_ikt_headline_figures_release_texts_2002_2018.csv", "various",
     "ssb_ikt_headline_figures_release_texts_2002_2018",
     "Headline figures on ICT in Norwegian municipalities from SSB release texts and press citing SSB, 2002-2018",
     LIC_SSB + "; press rows (Computerworld Norge, digi.no): unknown", None,
     "Mixed primary and secondary sources (publisher column says which). digi.no's '1,4 milliarder' for "
     "municipalities in 2006 does NOT match the SSB table (1 280 188 thousand NOK); not reconciled.", {}),
    ("no_ssb/ssb_population_agder_knutepunkt_municipalities_2003_2010.csv", "ssb",
     "ssb_population_agder_knutepunkt_municipalities_2003_2010",
     "Population of the Knutepunkt Sørlandet municipalities and the Agder counties, 2003-2010", LIC_SSB, None,
     "2006 levels for the Vest-Agder municipalities not found in SSB tables; only secondary vaf.no figures "
     "(Kristiansand 77.857 end 2006, SSB preliminary; 2006 growth; 1 July 2007 levels). Songdalen has no 2006 or "
     "2007 level.", {}),
    ("no_ssb/ikt_intermunicipal_cooperation_agder_figures.csv", "various", "ikt_intermunicipal_cooperation_agder_figures",
     "Figures on Norwegian and Agder inter-municipal IT cooperation (ministry report, brochures, HØYKOM, press)",
     LIC_MIXED_NEWS, None,
     "Not SSB. Several values are approximate words (value empty). Fagbladet years are the publication year "
     "(inferred). No quantitative figures found for Det Digitale Vestre Agder.", {}),
    ("intl/un_egov_egdi.csv", "un_desa", "un_egov_egdi",
     "UN E-Government Development Index and components, 2010-2024, DK, NO and peers", LIC_UN, None,
     "2010-2018 from UNU-EGOV repackaging (binary float artefacts: value_as_printed verbatim, value rounded to 5 "
     "dp; 2010 ranks printed '20.0'). 2024 from a third-party copy. Index levels not strictly comparable across "
     "editions (methodology changes); 2010 ranks out of 192 states.", {}),
    ("intl/eurostat_egov_use_individuals.csv", "eurostat", "eurostat_egov_use_individuals",
     "Use of e-government by individuals aged 16-74 (Eurostat isoc_ciegi_ac and predecessors), patchy",
     LIC_EUROSTAT, None,
     "Mostly whole-percent figures quoted in text; 2013 values from a secondary press report; the module was "
     "revised in 2022 so 2008-2021 and 2022+ are NOT comparable; 'EU' composition as printed. Norway, Iceland, "
     "Estonia (after 2019) and Germany (except 2023) largely missing.", {}),
    ("intl/eu_egov_benchmark_2023.csv", "european_commission", "eu_egov_benchmark_2023",
     "EU eGovernment Benchmark 2023 (scores and DESI 2023 digital public services inputs)", LIC_EC, None,
     "year 2022 = biennial average 2021+2022 (2023 report headline); year 2021 = biennial average 2020+2021 as "
     "restated. UK not covered. Germany's score partly reflects the federal level.", {}),
    ("intl/oecd_digital_government_index_2023.csv", "oecd", "oecd_digital_government_index_2023",
     "OECD Digital Government Index 2023 (composite, rank, six dimensions)", LIC_OECD, None,
     "Values extracted from the OECD PDF by the Blavatnik Index team (3 decimals). Germany did not take part.", {}),
]

# Files without a date_accessed column: the date their folder's SOURCES.md gives.
ACCESSED_BY_FOLDER = {"dk": "2026-11-24", "intl": "2026-11-24", "no_ssb": "2026-11-24", "catalogue": "2026-11-24",
                      "municipal": "2026-11-27"}
GH = "https://github.com/"
# Verbatim publisher files: (shared path, publisher slug, dataset, title, source_url, licence, notes, csv options)
RAW = [
    ("dk/raw/dst_folk1a_population_annual__DennisHedegreen.csv", "dst", "dk_population",
     "FOLK1A population at the first day of the quarter (StatBank API CSV, English labels)",
     GH + "DennisHedegreen/danish-politics-data/blob/3156d9b12f9957cd0f627bd99f634dbd3fcfccc8/denmark/socioeconomic/"
          "folk1a_population_annual.csv", LIC_DST,
     "A real StatBank API response ('fetched from api.statbank.dk 2026-03' per the repository): ';'-separated, "
     "UTF-8 with BOM, CRLF. First fixture of the StatBank reader.", {"delimiter": ";", "header": True}),
    ("dk/raw/dst_folk1am_2026M02_excerpt__DennisHedegreen.csv", "dst", "dk_population",
     "FOLK1AM population on the 1st of the month, 2026M02 (excerpt: Denmark, regions, municipalities)",
     GH + "DennisHedegreen/danish-politics-data/blob/3156d9b12f9957cd0f627bd99f634dbd3fcfccc8/denmark/socioeconomic/"
          "folk1am_population_by_municipality.csv", LIC_DST,
     "Excerpt without header line: OMRÅDE;KØN;ALDER;TID;INDHOLD, 2026M02 rows only.",
     {"delimiter": ";", "header": False}),
    *[(f"municipal/raw/dst_regk31_64551_{y}_excerpt__marieleth.csv", "dst", "dk_regk31_64551_administration",
       f"REGK31 function 6.45.51 block of data/{y}.csv (StatBank export, no header)",
       GH + f"marieleth/marieleth--hvad-bruger-din-kommune-pengene-paa/blob/18c5cc18137e41476d2c9e1897c245c5fa910d8e/"
            f"data/{y}.csv", LIC_DST_UNSTATED,
       "NOT byte-exact: the lines were re-typed from an indexed text of the commit (the repository has since "
       "deleted data/); UTF-8, LF. Fields: prisenhed, art, funktion, område, value. The year is taken from the "
       "file name.", {"header": False}) for y in range(2016, 2025)],
    *[(f"intl/raw/egdi_{y}_UNU-EGOV_excerpt.csv", "un_desa", "un_egov_egdi",
       f"UN E-Government Survey {y} data, egdi/egdi-{y}.csv (excerpt: header + selected countries)",
       GH + f"UNU-EGOV/datasets/blob/cf03dd5f47bede65558498798f2a9a07f29ee090/egdi/egdi-{y}.csv", LIC_UN,
       "Verbatim rows; floats carry binary artefacts from the repackaging.", {}) for y in (2010, 2012, 2014, 2016, 2018)],
    ("intl/raw/egov_2022_pluralitybook_excerpt.csv", "un_desa", "un_egov_egdi",
     "UN E-Government Survey 2022 data (EGOV_DATA_2022.csv, excerpt)",
     GH + "pluralitybook/plurality/blob/0d1e3fc3dfb56f635bad098c906289bfbe3115b7/figs/data/egovernment/EGOV_DATA_2022.csv",
     LIC_UN, "Copy of the UN Data Center download; header + selected countries.", {}),
    ("intl/raw/egov_2024_MaryliaCruzS_excerpt.csv", "un_desa", "un_egov_egdi",
     "UN E-Government Survey 2024 data (EGOV_DATA_2024.csv, third-party copy, excerpt)",
     GH + "MaryliaCruzS/Estadistica1CienciaPolitica/blob/c22aa0b17306eb90c2513ac2c3ca36d0e37fa376/EGOV_DATA_2024.csv",
     LIC_UN, "Third-party copy; column names differ from the UN download (E_Index, …).", {}),
    ("intl/raw/egov_benchmark_2023_final_results_excerpt.csv", "european_commission", "eu_egov_benchmark_2023",
     "eGovernment Benchmark 2023 Final Results xlsx: cells of sheets '1. Scores 2022' and '7. DESI Indicators'",
     GH + "blavatnik-index/bipa2024_sourcedata/tree/088271d0d6a9c1717d925073166fde8a54f0428b/data_raw/EGBR_2023",
     LIC_EC, "Cells verbatim as sheet,row,col2..col16 ('.' = empty cell in the sheet).", {}),
    ("intl/raw/eurostat_isoc_ciegi_ac_I_IUGOV1_atanasster_excerpt.json", "eurostat", "eurostat_egov_use_individuals",
     "Eurostat isoc_ciegi_ac I_IUGOV1, EU27_2020 series (excerpt of a third-party JSON extract)",
     GH + "atanasster/electionsbg/blob/23b819ba2425e3f499bb473689e2bcdf034a36b0/data/administration/egov.json",
     LIC_EUROSTAT, "Trimmed verbatim excerpt (EU27_2020 only) of the repository's Eurostat API extract fetched "
                   "2026-07-15. rows = data points in the arrays.", {}),
    ("intl/raw/oecd_dgi_2023_excerpt.csv", "oecd", "oecd_digital_government_index_2023",
     "OECD Digital Government Index 2023 (CSV extract, excerpt)",
     GH + "blavatnik-index/bipa2024_sourcedata/blob/088271d0d6a9c1717d925073166fde8a54f0428b/data_raw/OECD_DGI_2023/"
          "oecd_dgi_2023.csv", LIC_OECD, "UTF-8 BOM of the original header removed by the compiler.", {}),
]


def distinct(content: bytes, column: str) -> list[str]:
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    seen: dict[str, None] = {}
    for row in rows:
        if row.get(column):
            seen[row[column]] = None
    return list(seen)


def save(content: bytes, publisher: str, dataset: str, filename: str, meta: dict) -> None:
    target = paths.raw_dir() / publisher / dataset / filename
    if sidecar_path(target).exists():
        print(f"exists, left alone: {target.relative_to(paths.root())}")
        return
    path = write_snapshot(content, publisher=publisher, dataset=dataset, filename=filename, meta=meta)
    print(f"wrote {path.relative_to(paths.root())}")


def import_tidy() -> None:
    for rel, pub, dataset, title, licence, published, notes, opts in TIDY:
        content = (SHARED / rel).read_bytes()
        urls = distinct(content, "source_url")
        accessed = sorted(set(distinct(content, "date_accessed")))
        meta = {
            "title": title, "publisher": "; ".join(distinct(content, "publisher")),
            "source_url": urls[0] if len(urls) == 1 else "per-row: see the source_url column",
            "source_urls": urls, "query": None, "date_published": published,
            "date_accessed": accessed[-1] if accessed else ACCESSED_BY_FOLDER[rel.split("/")[0]], "licence": licence,
            "notes": f"{notes} {NOTE_TIDY}".strip(), "origin": ORIGIN, "shared_path": rel, **opts,
        }
        save(content, pub, dataset, Path(rel).name, meta)


def import_raw() -> None:
    for rel, pub, dataset, title, url, licence, notes, opts in RAW:
        content = (SHARED / rel).read_bytes()
        accessed = ACCESSED_BY_FOLDER[rel.split("/")[0]]
        meta = {
            "title": title, "publisher": pub_name(pub), "source_url": url, "query": None, "date_published": None,
            "date_accessed": accessed, "licence": licence, "notes": notes, "origin": ORIGIN,
            "shared_path": rel, "verbatim": True, **opts,
        }
        save(content, pub, dataset, Path(rel).name, meta)


def pub_name(slug: str) -> str:
    return {"dst": "Danmarks Statistik (Statistics Denmark)", "un_desa": "UN DESA",
            "european_commission": "European Commission", "eurostat": "Eurostat", "oecd": "OECD"}[slug]


if __name__ == "__main__":
    import_tidy()
    import_raw()
