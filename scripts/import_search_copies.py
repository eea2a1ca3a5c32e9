"""One-off import of two data files found in public repositories through the search tools (for issue 13 and the
structural peer group of issue 14), as verbatim raw snapshots with provenance sidecars.

Run once: `.venv/bin/python scripts/import_search_copies.py DIR`, where DIR holds `kommuner.json` and
`pris8_excerpt.txt` as transcribed from the search tool's stored text of each file (neither repository could be
fetched as a git snapshot, so the upstream bytes and checksum could not be compared). Existing snapshots are left
alone (never overwritten). No cleaner reads them yet.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from import_shared import save  # the same one-off helper (this folder is on sys.path)

TODAY = date.today().isoformat()
ORIGIN = ("transcribed for this project from the stored text of the public repository {repo} (search tool "
          "read_file, {path} at commit {commit}) on " + TODAY)

GROUPS_REPO, GROUPS_COMMIT, GROUPS_PATH = ("augustseptimius-beep/doughnut", "30ae0de4d81962d366b3c56747fc44a0261b4f85",
                                           "data/kommuner.json")
CPI_REPO, CPI_COMMIT, CPI_PATH = ("mahope/beregner-dk", "bc4f48ee0c19bdac7d8b6af52e5443c148a21a9a",
                                  "src/lib/nutidskroner.ts")
LIC_DST = ("Statistics Denmark's terms: free reuse, also commercial, with Statistics Denmark named as source "
           "(https://www.dst.dk/da/Statistik/brug-statistikken/kildeangivelse); the copying repository states no "
           "licence of its own for this file")

SNAPSHOTS = [
    ("kommuner.json", "dk_municipality_groups", {
        "title": "Statistics Denmark's municipality groups (Kommunegrupper v1:2018-, KOMMUNEGRUPPER_V1_2018): the "
                 "98 municipalities with their group 1-5 (Hovedstadskommuner, Storbykommuner, Provinsbykommuner, "
                 "Oplandskommuner, Landkommuner), as kept in a public repository",
        "publisher": f"Danmarks Statistik (classification); copy in the GitHub repository {GROUPS_REPO}",
        "source_url": f"https://github.com/{GROUPS_REPO}/blob/{GROUPS_COMMIT}/{GROUPS_PATH}",
        "classification_url": "https://www.dst.dk/da/Statistik/dokumentation/nomenklaturer/kommunegrupper",
        "query": None, "date_published": None, "date_accessed": TODAY, "licence": LIC_DST, "format": "json",
        "upstream_repository": f"https://github.com/{GROUPS_REPO}", "upstream_commit": GROUPS_COMMIT,
        "upstream_path": GROUPS_PATH,
        "notes": "SECONDARY COPY of DST's classification 'Municipality Groups v1:2018-' (valid from 2018, still "
                 "valid per DST's nomenclature page as stored; groups by access to jobs and the size of the largest "
                 "town). The file's own '_om' note says it gives the DST code, the name as DST spells it and the "
                 "group (DST KOMMUNEGRUPPER_V1_2018); Christiansø (411) is not in it. Group sizes 24/3/16/24/31. "
                 "CROSS-CHECKED: every one of the 98 codes has the same group in a second, independent public copy "
                 "(a TypeScript constant GRUPPE_KOMMUNE_KODER with 4-digit codes citing the same DST page; its "
                 "repository was not identified by the search tool, so it is a check, not a source); the codes "
                 "equal dk_municipalities. DST's own classification download was not found in the stored copies. "
                 "TRANSCRIBED from the search tool's stored text (5 597 characters, the stored length); rows = the "
                 "JSON row counter's 101 (3 '_om' lines + 98 municipalities).",
        "origin": ORIGIN.format(repo=f"https://github.com/{GROUPS_REPO}", path=GROUPS_PATH, commit=GROUPS_COMMIT),
        "verbatim": True,
    }),
    ("pris8_excerpt.txt", "dk_cpi_annual", {
        "title": "Statistics Denmark PRIS8 'Forbrugerprisindeks, årsgennemsnit' (consumer price index, annual "
                 "average, 1900=100), 1900-2025, as copied into a public repository's source file",
        "publisher": f"Danmarks Statistik (PRIS8); copy in the GitHub repository {CPI_REPO}",
        "source_url": f"https://github.com/{CPI_REPO}/blob/{CPI_COMMIT}/{CPI_PATH}",
        "query": "https://api.statbank.dk/v1/data/PRIS8/CSV?TYPE=INDEKS&Tid=* (as the copy states, fetched by its "
                 "author from StatBank on 2026-10-07)",
        "date_published": None, "date_accessed": TODAY, "licence": LIC_DST, "format": "txt", "header": False,
        "upstream_repository": f"https://github.com/{CPI_REPO}", "upstream_commit": CPI_COMMIT,
        "upstream_path": CPI_PATH, "statbank_table": "PRIS8",
        "notes": "SECONDARY COPY: the 126 annual averages 1900-2025 as a TypeScript constant whose comment says the "
                 "values stand as Statistics Denmark published them, not rounded. Index 1900=100, whole index "
                 "points (so ratios between recent years carry about 0.01 % rounding). CROSS-CHECKS: 2021/2015 = "
                 "105.4 and 2019/2015 = 103.0, the PRIS112 annual averages (2015=100) that two other public "
                 "scripts divide by; annual rises 2022 7.7 %, 2023 3.3 %, 2024 1.4 %. PRIS111/PRIS112 (2015=100) "
                 "were replaced by PRIS01 (ECOICOP v2, 2025=100) after 2025M12, per the stored notes of other "
                 "repositories; PRIS8 is the long annual series. Only the source lines and the constant are kept "
                 "(no code). TRANSCRIBED from the search tool's stored text; rows = non-blank lines that are not '#' "
                 "comment lines (format txt, no header).",
        "origin": ORIGIN.format(repo=f"https://github.com/{CPI_REPO}", path=CPI_PATH, commit=CPI_COMMIT),
        "verbatim": True,
    }),
]


def main(folder: Path) -> None:
    for filename, dataset, meta in SNAPSHOTS:
        save((folder / filename).read_bytes(), "dst", dataset, filename, meta)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: import_search_copies.py DIR  (with kommuner.json and pris8_excerpt.txt)")
    main(Path(sys.argv[1]))
