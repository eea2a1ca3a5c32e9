"""Cleaner for Statistics Denmark's municipality groups (KOMMUNEGRUPPER_V1_2018): one row per municipality code
with its group 1-5 and the group's name as published (Hovedstadskommuner … Landkommuner)."""
from __future__ import annotations

import json

import pandas as pd

from analysis.data.clean import Cleaned
from analysis.data.clean.common import decode, rel
from analysis.data.snapshot import read_meta
from analysis.errors import DataError

CLASSIFICATION = "KOMMUNEGRUPPER_V1_2018"
COLUMNS = ["code", "name", "group", "group_name", "classification", "source_url", "source_title", "publisher",
           "date_accessed", "licence", "source_id"]


def _entries(doc, where: str) -> tuple[dict[str, str], list[dict]]:
    """The file's group names ('1' -> name) and municipality entries; a wrong shape names what was expected."""
    if not isinstance(doc, dict) or not isinstance(doc.get("grupper"), dict) or not isinstance(doc.get("kommuner"),
                                                                                                list):
        raise DataError("expected an object with 'grupper' (number -> name) and 'kommuner' (a list)", file=where,
                        valid='{"grupper": {"1": "Hovedstadskommuner", …}, "kommuner": [{"kode", "navn", "gruppe"}]}')
    return {str(k): str(v) for k, v in doc["grupper"].items()}, doc["kommuner"]


def dk_municipality_groups(path, decl, tables: dict[str, Cleaned]) -> Cleaned:
    """One row per municipality: code, DST's name, group number and name, and the snapshot's provenance."""
    where, meta = rel(path), read_meta(path)
    try:
        doc = json.loads(decode(path))
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON ({exc.msg} at line {exc.lineno})", file=where, valid="JSON") from None
    names, entries = _entries(doc, where)
    reference = tables["dk_municipalities"].df
    known = dict(zip(reference["code"].astype(str), reference["name"]))
    rows, seen = [], set()
    for i, e in enumerate(entries):
        code = str(e.get("kode", "")).zfill(3)
        group = str(e.get("gruppe", ""))
        if code not in known:
            raise DataError(f"'{code}' is not a municipality code", file=where, row=i + 1, column="kode",
                            valid="the 98 codes of dk_municipalities")
        if code in seen:
            raise DataError(f"municipality {code} {known[code]} is listed twice", file=where, row=i + 1,
                            column="kode", valid="each code once")
        if group not in names:
            raise DataError(f"group {group!r} of {code} {known[code]} is not one of the file's groups", file=where,
                            row=i + 1, column="gruppe", valid=", ".join(sorted(names)))
        seen.add(code)
        rows.append({"code": code, "name": str(e.get("navn", "")), "group": int(group), "group_name": names[group],
                     "classification": CLASSIFICATION, "source_url": str(meta.get("source_url") or ""),
                     "source_title": str(meta.get("title", "")), "publisher": str(meta.get("publisher", "")),
                     "date_accessed": str(meta.get("date_accessed", "")), "licence": str(meta.get("licence", "")),
                     "source_id": f"{where}#kommuner[{i}]"})
    missing = sorted(set(known) - seen)
    if missing:
        raise DataError(f"no group for {len(missing)} municipalit{'y' if len(missing) == 1 else 'ies'}: "
                        + ", ".join(f"{c} {known[c]}" for c in missing[:5]), file=where, column="kode",
                        valid="a group for each of the 98 codes of dk_municipalities")
    df = pd.DataFrame(rows, columns=COLUMNS).sort_values("code").reset_index(drop=True)
    df["group"] = df["group"].astype("Int64")
    return Cleaned(df, [path])
