"""Statistics Denmark's municipality groups: one group per municipality code, codes equal to the reference, and
damaged copies refused with the row and column named."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.build import build_all
from analysis.data.clean import groups as gr
from analysis.data.schemas import Context, validate
from analysis.errors import DataError
from conftest import resave_snapshot

SNAPSHOT = Path("data/raw/dst/dk_municipality_groups/kommuner.json")


def test_every_code_has_one_group_and_the_codes_equal_the_reference(real):
    groups, ref = real("dk_municipality_groups"), real("dk_municipalities")
    assert groups["code"].is_unique and sorted(groups["code"]) == sorted(ref["code"])
    assert set(groups["group"]) == {1, 2, 3, 4, 5}
    names = groups.drop_duplicates("group").set_index("group")["group_name"].to_dict()
    assert names == {1: "Hovedstadskommuner", 2: "Storbykommuner", 3: "Provinsbykommuner", 4: "Oplandskommuner",
                     5: "Landkommuner"}
    by_code = groups.set_index("code")["group"]
    assert by_code["101"] == 1 and by_code["751"] == 2 and by_code["825"] == 5  # København, Aarhus, Læsø
    assert groups["source_id"].str.startswith(str(SNAPSHOT)).all()
    assert set(groups["classification"]) == {gr.CLASSIFICATION}


def test_schema_refuses_a_duplicate_or_a_missing_code(real):
    groups, ref = real("dk_municipality_groups"), real("dk_municipalities")
    ctx = Context(dk_codes=frozenset(ref["code"]))
    validate("dk_municipality_groups", "dk_municipality_groups", groups, ctx)
    with pytest.raises(DataError, match=r"one row for each of the 98 municipality codes' \(97 rows\)"):
        validate("dk_municipality_groups", "dk_municipality_groups", groups.iloc[1:], ctx)
    bad = groups.assign(group=groups["group"].where(groups["code"] != "101", 7))
    with pytest.raises(DataError, match="a group 1-5"):
        validate("dk_municipality_groups", "dk_municipality_groups", bad.astype({"group": "Int64"}), ctx)


def test_a_missing_municipality_is_named(built_copy):
    # made-up damage: Læsø's entry removed from a copy of the snapshot
    path = built_copy / SNAPSHOT
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["kommuner"] = [k for k in doc["kommuner"] if k["kode"] != "825"]
    resave_snapshot(path, json.dumps(doc, ensure_ascii=False).encode())
    with pytest.raises(DataError, match=r"no group for 1 municipality: 825 Læsø") as exc:
        build_all()
    assert "dk_municipality_groups" in str(exc.value) or "kommuner.json" in str(exc.value)


def test_an_unknown_group_is_named_with_its_row(built_copy):
    path = built_copy / SNAPSHOT
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["kommuner"][2]["gruppe"] = 9   # made-up damage
    resave_snapshot(path, json.dumps(doc, ensure_ascii=False).encode())
    with pytest.raises(DataError, match=r"group '9' of 151 Ballerup is not one of the file's groups") as exc:
        build_all()
    assert exc.value.row == 3 and exc.value.column == "gruppe"
