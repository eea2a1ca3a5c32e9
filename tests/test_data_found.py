"""The two found series (DESI e-Government users, SSB public online services) import, build and keep their caveats."""
from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import pytest

from analysis.data import tables
from analysis.data.clean import load_all
from analysis.data.snapshot import REQUIRED_FIELDS, read_meta, snapshot_files, verify_all
from conftest import REPO

FOUND = {"desi_egov_users": ("european_commission", "desi_egov_users_2017_2022.csv"),
         "ssb_public_online_services": ("ssb", "no_ssb_public_online_services_2009_2018.csv")}
KEY = ["year", "geo_code", "indicator", "source_url"]


def tidy_raw(name: str) -> Path:
    """The tidy snapshot behind a built table (the file the cleaner read)."""
    return next(p for p in tables.raw_files(name) if not read_meta(p).get("verbatim"))


def verbatim_raw(name: str) -> Path:
    return next(p for p in tables.raw_files(name) if read_meta(p).get("verbatim"))


def raw_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_found_snapshots_verify_with_complete_sidecars():
    for name, (publisher, _) in FOUND.items():
        folder = REPO / "data" / "raw" / publisher / name
        assert verify_all(folder) == []
        files = snapshot_files(folder)
        assert len(files) == 2 and sum(bool(read_meta(p).get("verbatim")) for p in files) == 1
        for path in files:
            meta = read_meta(path)
            assert set(REQUIRED_FIELDS) <= set(meta), path
            assert meta["title"] and meta["licence"] and meta["source_url"] and meta["notes"], path
            assert meta["date_accessed"] == "2026-11-27", path
            assert meta["origin"].startswith("gathered for this project, copied from found/"), path


def test_registered_and_built(built):
    registry = load_all()
    for name in FOUND:
        assert registry[name].schema == "tidy" and registry[name].non_negative
        meta = tables.table_meta(name)
        df = tables.load(name)
        assert meta["rows"] == len(df) == len(raw_rows(tidy_raw(name))) > 0
        assert meta["value_checks"] == []  # every value reads from its printed form
        assert {Path(r["path"]).name for r in meta["raw_files"]} == {p.name for p in tables.raw_files(name)}
        assert len(meta["raw_files"]) == 2  # the tidy CSV and the verbatim excerpt
        for suffix in (".parquet", ".csv"):
            assert (built / "data" / "processed" / f"{name}{suffix}").exists()


@pytest.mark.parametrize("name", sorted(FOUND))
def test_values_equal_the_raw_file(built, name):
    df = tables.load(name)
    raw = raw_rows(tidy_raw(name))
    expected = {(int(r["year"]), r["geo_code"], r["indicator"], r["source_url"]): r for r in raw}
    got = {tuple(k): v for k, v in zip(df[KEY].itertuples(index=False, name=None), df.to_dict("records"))}
    assert set(got) == set(expected)
    for key, row in got.items():
        src = expected[key]
        assert row["value"] == float(src["value"]), key
        assert row["value_as_printed"] == src["value_as_printed"] and row["unit"] == src["unit"], key
        assert row["flag"] == "" and not math.isnan(row["value"]), key
        assert row["publisher"] == src["publisher"] and row["note"] == src["note"], key
    assert df["source_id"].str.startswith(f"data/raw/{FOUND[name][0]}/{name}/").all()


def test_desi_values_equal_the_verbatim_fixture_objects(built):
    """Every DESI row is the fact object of its country and DESI period in the verbatim excerpt, with the period
    taken from the excerpt's own '(data from YYYY)' chart notes."""
    text = verbatim_raw("desi_egov_users").read_text(encoding="utf-8")
    facts_part, _, rest = text.partition("\n# --- Definitions")
    facts = json.loads("[" + "\n".join(ln for ln in facts_part.splitlines() if not ln.startswith("#")) + "]")
    notes_part = rest.rpartition("fixtures/extrachartnote.json")[2].split("\n", 1)[1]
    notes = json.loads("[" + notes_part + "]")
    period_of = {int(re.search(r"data from (\d{4})", n["fields"]["note"]).group(1)): n["fields"]["period"][0]
                 for n in notes if n["fields"]["indicator"] == ["desi_egov_users"]}
    fact = {(f["fields"]["country"][0], f["fields"]["period"][0]): f["fields"] for f in facts}
    df = tables.load("desi_egov_users")
    assert len(fact) == len(df)
    for year, geo, value in zip(df["year"], df["geo_code"], df["value"]):
        f = fact[(geo, period_of[int(year)])]
        assert f["value"] == value and f["indicator"] == ["desi_egov_users"], (geo, year)
        assert f["unit"] == ["pc_ind_ilt12"] and f["breakdown"] == ["ind_total"], (geo, year)


def test_ssb_values_equal_the_verbatim_article_figures(built):
    """Figur 1 ('Alle' by year) and Figur 2 (age x three services) of the stored SSB text give the table's rows."""
    lines = verbatim_raw("ssb_public_online_services").read_text(encoding="utf-8").splitlines()
    years_at = next(i for i, ln in enumerate(lines) if re.fullmatch(r"(\d{4} ?)+", ln.strip()))
    series = dict(zip(map(int, lines[years_at].split()), map(float, lines[years_at + 1].split()[1:])))
    assert lines[years_at + 1].startswith("Alle ")
    df = tables.load("ssb_public_online_services")
    total = df[df["indicator"] == "no_pop_used_public_online_services_12m"]
    assert dict(zip(total["year"].astype(int), total["value"])) == series
    services = ["obtained_info_public_websites", "downloaded_public_forms", "submitted_forms_online"]
    by_age = {}
    for ln in lines:
        m = re.fullmatch(r"(\d{2})-(\d{2}) år((?: \d+){3})", ln.strip())
        if m:
            for service, v in zip(services, m.group(3).split()):
                by_age[f"no_pop_{service}_12m_age{m.group(1)}_{m.group(2)}"] = float(v)
    assert len(by_age) == 21
    fig2 = df[df["note"].str.contains("Figur 2")]
    assert dict(zip(fig2["indicator"], fig2["value"])) == by_age
    assert (fig2["year"] == 2018).all() and fig2["note"].str.contains("INFERRED").all()


def test_units_are_explicit_and_distinct_from_eurostat(built):
    eurostat = set(tables.load("eurostat_egov_use_individuals")["unit"])
    desi = set(tables.load("desi_egov_users")["unit"])
    ssb = tables.load("ssb_public_online_services")
    assert desi and not desi & eurostat and not set(ssb["unit"]) & eurostat
    assert all("internet" in u and "16-74" in u for u in desi)  # internet-user base, 16-74 breakdown
    pop = ssb[ssb["unit"].str.startswith("% of population")]
    internet = ssb[~ssb.index.isin(pop.index)]
    assert (pop["publisher"].str.startswith("Statistisk sentralbyrå")).all()
    assert set(ssb.loc[ssb["indicator"] == "no_pop_used_public_online_services_12m", "unit"]) == {
        "% of population aged 16-79"}
    assert len(internet) >= 1 and internet["unit"].str.contains("internet users").all()
    assert internet["publisher"].str.startswith("Difi").all()


def test_caveats_and_licences_are_in_the_sidecars(built):
    desi = read_meta(tidy_raw("desi_egov_users"))
    for caveat in ("TEST-FIXTURE ORIGIN", "% of internet users", "not comparable with Eurostat",
                   "BREAK IN 2022", "data year = DESI period minus one", "'EU' is printed without its composition",
                   "Norway and Iceland are not in the file"):
        assert caveat in desi["notes"], caveat
    assert desi["licence"].startswith("unknown") and "2011/833/EU" in desi["licence"]
    ssb = read_meta(tidy_raw("ssb_public_online_services"))
    for caveat in ("AGE 16-79", "Eurostat uses 16-74", "INFERRED YEAR", "Figur 2", "SECONDARY ROW, OTHER BASE",
                   "Difi", "publication date is blank"):
        assert caveat in ssb["notes"], caveat
    assert "NLOD" in ssb["licence"] and "Difi row" in ssb["licence"] and "unknown" in ssb["licence"]
    for name in FOUND:  # the table sidecar carries the licences of both raw files
        assert all(r["licence"] for r in tables.table_meta(name)["raw_files"])
