"""One-off import of the data researcher's found series (../found) into data/raw with provenance sidecars.

Run once: `.venv/bin/python scripts/import_found.py [FOUND_DIR]`. Like import_shared.py, this is the only code that
reads ../found; everything else reads data/raw. Existing snapshots are left alone (never overwritten).
Caveats and provenance are taken from found/SOURCES.md (gathered 2026-11-27).
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from import_shared import distinct, save  # the same one-off helpers (this folder is on sys.path)
from analysis import paths

FOUND = Path(sys.argv[1]) if len(sys.argv) > 1 else paths.root().parent / "found"
TODAY = date.today().isoformat()
ORIGIN = f"gathered for this project, copied from found/ on {TODAY} (provenance and checks in found/SOURCES.md)"
ACCESSED = "2026-11-27"  # SOURCES.md: gathered 2026-11-27; every row's date_accessed says the same

DESI_REPO = "https://github.com/digital-agenda-data/digital-agenda"
DESI_COMMIT = "1a9ae20ba2bdbb27a85e7e0960f10c852603b592"
DESI_URL = f"{DESI_REPO}/blob/{DESI_COMMIT}/fixtures/test/desi-extra-notes-facts.json"
SSB_URL = ("https://www.ssb.no/teknologi-og-innovasjon/artikler-og-publikasjoner/"
           "norge-i-europatoppen-i-bruk-av-offentlige-nettjenester")

LIC_DESI = ("unknown: the figures come from a test fixture in the Commission's dashboard repository "
            "(digital-agenda-data/digital-agenda), which states no licence for that data in the copy read; "
            "DESI data published by the European Commission are normally reusable with acknowledgement under the "
            "Commission's reuse policy (Decision 2011/833/EU), but that is not stated for this file")
LIC_SSB = ("SSB rows: NLOD (Norwegian Licence for Open Government Data), name Statistics Norway as source "
           "(https://www.ssb.no/informasjon/copyright); Difi row (secondary, citing the EU Digital Agenda "
           "Scoreboard): unknown, no licence stated in the stored page text")

NOTE_TIDY = ("Tidy file: one figure a row with its own source (source_url, source_title, publisher, "
             "date_accessed); value = normalised number, value_as_printed = exactly as printed. Nothing was "
             "estimated, interpolated or computed.")
NOTE_TEXT_ROWS = ("A text excerpt, not a table: rows = non-blank lines that are not '#' comment lines "
                  "(format txt, no header).")

DESI_NOTES = (
    "TEST-FIXTURE ORIGIN: the figures are read from a test fixture (fixtures/test/desi-extra-notes-facts.json, "
    "a dump of DESI dashboard facts created 2024-03-18, 4-6 decimals) of the Commission's DESI / Digital Decade "
    "dashboard code, not from a published data download; one value was confirmed independently (DK data 2020 = "
    "91.7739, quoted as 92 % of internet users by the Danish Agency for Digitisation for DESI 2021). "
    "INTERNET-USER BASE: unit pc_ind_ilt12 = % of individuals (16-74) who used the internet in the last 12 "
    "months, i.e. % of internet users, NOT % of all individuals 16-74; not comparable with Eurostat's % of "
    "individuals (eurostat_egov_use_individuals) and must not be mixed with it. "
    "YEARS: year = data year = DESI period minus one (desi_2018..desi_2023 = data 2017..2022), per the notes "
    "'(data from 2017)'..'(data from 2022)' in fixtures/extrachartnote.json and the repository's Cypress tests. "
    "BREAK IN 2022: the 2022 data (DESI 2023) come from Eurostat's revised e-government module; do not read "
    "2021->2022 as growth. Germany falls from 69.3 (2020) to 54.5 (2021), probably the 2021 change in the German "
    "survey; not explained by the file. Data years 2017-2021 are the dashboard's current back-calculated series "
    "and may differ from the rounded figures printed in each year's DESI report. 'EU' is printed without its "
    "composition (the current dashboard uses EU27_2020). Norway and Iceland are not in the file. Cite as: "
    "European Commission, DESI dashboard data (digital-agenda-data.eu), as stored in the Commission's dashboard "
    f"repository. Upstream file sha256 846c5c46b0dbeb0c9424e300c46fbc480eb5a6bd94b0f317696809151c49bbec at commit "
    f"{DESI_COMMIT} (byte-identical at 44e6e9d8073824b384e8ffe767f851ce47c1012f).")
SSB_NOTES = (
    "AGE 16-79: the SSB series covers ages 16-79 (per the article text; the Figur 1 caption gives no age), "
    "while Eurostat uses 16-74, so this is NOT Eurostat I_IUGOV12 and not comparable with "
    "eurostat_egov_use_individuals (e.g. 2014: 80 here against 81.9 for 16-74). Used at least one of three "
    "services in the last 12 months: information from public websites, downloading public forms, submitting "
    "forms digitally. The 2015 dip (76) is as printed. "
    "INFERRED YEAR: the Figur 2 by-age rows and the three article-text rows carry no year in the source; 2018 is "
    "inferred from the surrounding text ('i fjor' = 2018) and from Computerworld Norge attributing the 45-54 "
    "values to 2018. The article's publication date is blank in the stored text (probably 2019); the stored "
    "text ends mid-sentence, so later figures in the article were not available. Read as stored page text "
    "(search tool pages corpus), no live site opened. Cross-checked against Computerworld Norge (88 % 2018, "
    "72 % 2009, 83 % 2017; 45-54: 92/71/77): all match. "
    "SECONDARY ROW, OTHER BASE: the 2015 row (81,3 %) is from Difi citing the EU Digital Agenda Scoreboard; its "
    "base is internet users (like desi_egov_users), not the population 16-79.")

# (found path, publisher slug, dataset, title, licence, date_published, notes, extra meta)
TIDY = [
    ("desi_egov_users_2017_2022.csv", "european_commission", "desi_egov_users",
     "European Commission DESI indicator 'e-Government users' (desi_egov_users, until 2021), % of internet users "
     "aged 16-74, DK SE FI EE NL DE EU, data years 2017-2022", LIC_DESI, None, DESI_NOTES,
     {"upstream_commit": DESI_COMMIT}),
    ("no_ssb_public_online_services_2009_2018.csv", "ssb", "ssb_public_online_services",
     "Statistics Norway: share of the population aged 16-79 using public online services, 2009-2018, and 2018 "
     "by age (plus one Difi row, 2015, % of internet users)", LIC_SSB, None, SSB_NOTES, {}),
]
# (found path, publisher slug, dataset, title, source_url, licence, notes)
RAW = [
    ("raw/desi_egov_users_digital-agenda_excerpt.txt", "european_commission", "desi_egov_users",
     "Verbatim excerpt of the DESI dashboard repository: the 42 desi_egov_users fact objects, the indicator, unit "
     "and breakdown definitions, the extrachartnote year mapping and Cypress tests showing it",
     DESI_URL, LIC_DESI,
     "Fact objects copied as they appear in fixtures/test/desi-extra-notes-facts.json (a TEST FIXTURE), joined "
     "by ',\\n'; definitions from fixtures/indicator.json, unit.json, breakdown.json; year mapping from "
     "fixtures/extrachartnote.json (production fixture) and frontend/cypress tests, all at commit 44e6e9d8. "
     + NOTE_TEXT_ROWS),
    ("raw/no_ssb_public_online_services_2009_2018_excerpt.txt", "ssb", "ssb_public_online_services",
     "Verbatim stored text of the SSB article 'Norge i europatoppen i bruk av offentlige nettjenester' (Figur 1 "
     "and 2), with the Computerworld Norge cross-check passage and the Difi passage", SSB_URL, LIC_SSB,
     "Stored page text from the search tool's pages corpus, copied as returned; it ends mid-sentence. "
     "'Publisert:' is blank. The Computerworld Norge passage is a cross-check only (not used for any value); the "
     "Difi passage is the source of the 2015 row. " + NOTE_TEXT_ROWS),
]


def import_tidy() -> None:
    for rel, pub, dataset, title, licence, published, notes, extra in TIDY:
        content = (FOUND / rel).read_bytes()
        urls = distinct(content, "source_url")
        accessed = sorted(set(distinct(content, "date_accessed")))
        meta = {
            "title": title, "publisher": "; ".join(distinct(content, "publisher")),
            "source_url": urls[0] if len(urls) == 1 else "per-row: see the source_url column",
            "source_urls": urls, "query": None, "date_published": published,
            "date_accessed": accessed[-1] if accessed else ACCESSED, "licence": licence,
            "notes": f"{notes} {NOTE_TIDY}", "origin": ORIGIN, "found_path": rel, **extra,
        }
        save(content, pub, dataset, Path(rel).name, meta)


def import_raw() -> None:
    for rel, pub, dataset, title, url, licence, notes in RAW:
        content = (FOUND / rel).read_bytes()
        meta = {
            "title": title, "publisher": pub_name(pub), "source_url": url, "query": None, "date_published": None,
            "date_accessed": ACCESSED, "licence": licence, "notes": notes, "origin": ORIGIN, "found_path": rel,
            "verbatim": True, "format": "txt", "header": False,
        }
        save(content, pub, dataset, Path(rel).name, meta)


def pub_name(slug: str) -> str:
    return {"european_commission": "European Commission (DG CONNECT, DESI dashboard repository)",
            "ssb": "Statistisk sentralbyrå (Statistics Norway); Computerworld Norge and Difi passages"}[slug]


if __name__ == "__main__":
    import_tidy()
    import_raw()
