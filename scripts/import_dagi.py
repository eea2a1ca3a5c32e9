"""One-off import of simplified DAGI municipality boundaries from a public GitHub copy into data/raw.

Run once: `.venv/bin/python scripts/import_dagi.py GIT_DIR`, where GIT_DIR is a clone (bare is fine) of
Neogeografen/dagi. Only the data file is kept, byte for byte as `git show COMMIT:PATH` gives it, with its sidecar;
none of the repository's code. An existing snapshot is left alone (never overwritten).
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date

from import_shared import save  # the same one-off helper (this folder is on sys.path)
from analysis.data.snapshot import sha256_bytes

REPO = "Neogeografen/dagi"
COMMIT = "a1c1563a6484a07ae937caed043ab839d2d6b2d6"   # HEAD, 2015-07-20; the file is unchanged since 2014-02-13
PATH = "geojson/kommuner.geojson"
BLOB = "e0c444eb376d13664da5c19e0090dc462fdcae6b"     # the same blob as dagi/kommuner.geojson at aa1ac554 (2014-02-13)
ACCESSED = date.today().isoformat()

LICENCE = (
    "The copy states no licence (Neogeografen/dagi has no licence file; its README names the source only). "
    "The publisher's terms for DAGI: Styrelsen for Dataforsyning og Infrastruktur (SDFI, now Klimadatastyrelsen; "
    "Geodatastyrelsen when this file was made) releases DAGI as free geographic data under its 'Vilkår for brug "
    "af frie geografiske data': a worldwide, free, non-exclusive right to copy, distribute, publish, change, "
    "combine and use the data commercially or not, on condition of the credit 'Indeholder data fra Styrelsen "
    "for Dataforsyning og Infrastruktur' (in 2014: 'Indeholder data fra Geodatastyrelsen') with the name of "
    "the data set and when it was obtained, and no suggestion that the agency endorses the user; a user may "
    "choose CC BY 4.0 instead (https://sdfi.dk/om-os/vilkaar-og-priser; terms text: "
    "https://download.kortforsyningen.dk/content/vilk%C3%A5r-og-betingelser). GeoDanmark (ex-FOT) data have "
    "their own, also free, terms (https://www.geodanmark.dk/brugeradgang/vilkaar-for-data-anvendelse/).")

NOTES = (
    "DAGI (Danmarks Administrative Geografiske Inddeling) municipality division, generalised; the copy's README "
    "reads 'Source - Geodatastyrelsen & Danske Kommuner - FOT data set - 2014-02-13 - Scale 1:500.000'. "
    "VINTAGE: boundaries as exported on 2014-02-13 (DAGI's generalised 1:500 000 overview scale); the 98 "
    "municipalities have had these codes since the 2007 reform, and later boundary adjustments between "
    "municipalities are too small to show at this scale. The README's 'FOT data set' is as printed: FOT (now "
    "GeoDanmark) is the topographic data set shared by the agency and the municipalities, DAGI the agency's "
    "register of administrative divisions; the attributes (KOMKODE, KOMNAVN) and the scale are DAGI's. "
    "CONTENT: a GeoJSON FeatureCollection in CRS84 (WGS84 longitude/latitude) with 311 Polygon features, one "
    "per island or mainland part, properties KOMKODE (4 digits, leading 0) and KOMNAVN; 99 codes: the 98 "
    "municipalities plus 0411 Christiansø (not a municipality); coordinates carry a third value -999.0 (no "
    "height). Neighbouring municipalities share their border vertices exactly. rows = features. "
    f"ORIGIN: git show {COMMIT}:{PATH} of the public repository https://github.com/{REPO} (blob {BLOB}, "
    "first committed as dagi/kommuner.geojson in aa1ac55477edd69ee70f7c4c3b4182ff81080de2 on 2014-02-13 by "
    "Søren Johannessen, moved to geojson/ in aa7d2c48 on 2015-02-09, unchanged since), read from a snapshot "
    "of that repository; the file is kept as published. The map simplifies it in the clean step "
    "(analysis.data.clean.boundaries).")


def main(git_dir: str) -> None:
    content = subprocess.run(["git", "--git-dir", git_dir, "show", f"{COMMIT}:{PATH}"], check=True,
                             capture_output=True).stdout
    blob = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", f"{COMMIT}:{PATH}"], check=True,
                          capture_output=True, text=True).stdout.strip()
    if blob != BLOB:
        sys.exit(f"error: {PATH} at {COMMIT} is blob {blob}, expected {BLOB}")
    meta = {
        "title": "DAGI municipality boundaries (kommuneinddeling), generalised 1:500 000, GeoJSON in WGS84: "
                 "98 municipalities and Christiansø, 311 polygons",
        "publisher": "Geodatastyrelsen (Danish Geodata Agency; now Klimadatastyrelsen), DAGI; via the GitHub "
                     f"copy {REPO}",
        "source_url": f"https://github.com/{REPO}/blob/{COMMIT}/{PATH}",
        "query": None, "date_published": "2014-02-13", "date_accessed": ACCESSED,
        "licence": LICENCE, "notes": NOTES, "format": "geojson",
        "origin": f"copied for this project from a snapshot of the public repository https://github.com/{REPO} "
                  f"(git show {COMMIT[:12]}:{PATH}) on {ACCESSED}",
        "upstream_repository": f"https://github.com/{REPO}", "upstream_commit": COMMIT, "upstream_path": PATH,
        "upstream_blob": BLOB, "upstream_sha256": sha256_bytes(content),
        "dagi_vintage": "2014-02-13, scale 1:500 000",
        "attribution": "Indeholder data fra Geodatastyrelsen, DAGI 1:500 000, februar 2014",
    }
    save(content, "sdfi", "dk_municipality_boundaries", "kommuner_dagi500_2014-02-13.geojson", meta)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: import_dagi.py GIT_DIR  (a clone of Neogeografen/dagi)")
    main(sys.argv[1])
