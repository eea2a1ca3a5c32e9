"""Read JSON-stat (2.0, and the 1.x 'dataset' form Statistics Denmark serves) into a tidy frame with pyjstat.

One row per cell: a code column and a `<dim>_label` column per dimension, `value` (float, NaN when missing),
`value_as_printed`, `status` (the publisher's status symbol, '' when none) and `flag` (the missing marker, '' when
the value is present). The structure is checked first so a broken response fails with one line, not a KeyError.
"""
from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass

import pandas as pd
from pyjstat import pyjstat

from analysis.errors import DataError, WorkbenchError

# Value printed where the source gives no number and no status symbol.
UNMARKED_MISSING = "missing"


@dataclass
class JsonStat:
    """A validated JSON-stat dataset: dimension ids in order, sizes, the dimension objects and the raw document."""

    ids: list[str]
    sizes: list[int]
    dimensions: dict
    doc: dict
    label: str
    updated: str | None = None
    source: str | None = None  # the dataset's own 'source' (the publisher it names), when it has one

    @property
    def cells(self) -> int:
        return math.prod(self.sizes)


def load(body: bytes, where: str, error: type[WorkbenchError] = DataError) -> dict:
    """Decode a JSON body or raise one line naming `where`."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise error("not UTF-8 text, so not JSON-stat", file=where, valid="JSON-stat 2.0 (UTF-8 JSON)") from None
    except ValueError as exc:
        raise error(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", file=where,
                    valid="JSON-stat 2.0") from None
    if not isinstance(doc, dict):
        raise error("JSON is not an object, so not a JSON-stat dataset", file=where, valid="JSON-stat 2.0")
    return doc


def structure(doc: dict, where: str, error: type[WorkbenchError] = DataError) -> JsonStat:
    """Check ids, sizes, dimensions and categories agree; return the dataset (1.x 'dataset' root unwrapped)."""
    if doc.get("class") == "dataset" or "id" in doc:
        ds, dims_obj = doc, doc.get("dimension")
        ids, sizes = doc.get("id"), doc.get("size")
    elif isinstance(doc.get("dataset"), dict):  # JSON-stat 1.x as served by StatBank
        ds = doc["dataset"]
        dims_obj = ds.get("dimension") or {}
        ids, sizes = dims_obj.get("id"), dims_obj.get("size")
    else:
        raise error("not a JSON-stat dataset (no 'class': 'dataset' and no 'dataset' object)", file=where,
                    valid="JSON-stat 2.0 dataset")
    if not isinstance(dims_obj, dict) or not isinstance(ids, list) or not isinstance(sizes, list):
        raise error("JSON-stat dataset lacks 'id', 'size' or 'dimension'", file=where, valid="JSON-stat 2.0 dataset")
    if len(ids) != len(sizes):
        raise error(f"JSON-stat 'id' lists {len(ids)} dimensions but 'size' has {len(sizes)}", file=where,
                    valid="one size per dimension id")
    missing = [d for d in ids if not isinstance(dims_obj.get(d), dict)]
    if missing:
        raise error(f"JSON-stat dimension '{missing[0]}' is listed in 'id' but missing from 'dimension'",
                    file=where, valid=f"dimensions present: {', '.join(k for k in dims_obj if k in ids) or 'none'}")
    for dim, size in zip(ids, sizes):
        index = _category_codes(dims_obj[dim], dim, where, error)
        if len(index) != size:
            raise error(f"JSON-stat dimension '{dim}' has {len(index)} categories but size {size}", file=where,
                        valid="category count equal to size")
    return JsonStat(ids=list(ids), sizes=[int(s) for s in sizes], dimensions={d: dims_obj[d] for d in ids},
                    doc=ds, label=str(ds.get("label") or ""),
                    updated=str(ds["updated"]) if ds.get("updated") else None,
                    source=str(ds["source"]) if ds.get("source") else None)


def _category_codes(dim_obj: dict, dim: str, where: str, error) -> list[str]:
    """Category codes of one dimension in index order."""
    category = dim_obj.get("category")
    if not isinstance(category, dict):
        raise error(f"JSON-stat dimension '{dim}' has no 'category'", file=where, valid="category with index or label")
    index = category.get("index")
    if index is None:
        labels = category.get("label") or {}
        return list(labels)
    if isinstance(index, list):
        return [str(c) for c in index]
    return [code for code, _ in sorted(index.items(), key=lambda kv: kv[1])]


def _status_at(status, i: int) -> str:
    if status is None:
        return ""
    if isinstance(status, str):
        return status
    if isinstance(status, list):
        return str(status[i] or "") if i < len(status) else ""
    return str(status.get(str(i), "") or "")


def to_frame(js: JsonStat, where: str, missing_markers: frozenset[str],
             error: type[WorkbenchError] = DataError) -> pd.DataFrame:
    """Tidy frame of every cell; refuses a dataset with no cells or no value at all (an empty result)."""
    values = js.doc.get("value")
    if js.cells == 0 or values in (None, [], {}):
        raise error("empty result: the JSON-stat dataset has no values", file=where,
                    valid="at least one value (check the filter values)")
    if isinstance(values, list) and len(values) != js.cells:
        raise error(f"JSON-stat has {len(values)} values but its sizes give {js.cells} cells", file=where,
                    valid="one value per cell")
    if isinstance(values, list) and all(v is None for v in values):
        raise error("empty result: every value in the JSON-stat dataset is missing", file=where,
                    valid="at least one value (check the filter values)")
    _check_numbers(values, where, error)
    with warnings.catch_warnings():  # pyjstat's Dataset.write calls its own deprecated from_json_stat
        warnings.simplefilter("ignore", DeprecationWarning)
        frame = pyjstat.Dataset.read(json.dumps(_for_pyjstat(js))).write("dataframe", naming="id")
    frame = frame.reset_index(drop=True)
    for dim in js.ids:
        frame[dim] = frame[dim].astype(str)
        labels = js.dimensions[dim]["category"].get("label") or {}
        frame[f"{dim}_label"] = frame[dim].map(lambda c, labels=labels: str(labels.get(c, c)))
    status = js.doc.get("status")
    statuses = [_status_at(status, i) for i in range(len(frame))]
    numbers = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    frame["value"] = numbers
    frame["status"] = statuses
    frame["flag"] = [_flag(v, s, missing_markers) for v, s in zip(numbers, statuses)]
    frame["value"] = frame["value"].where(frame["flag"] == "")
    frame["value_as_printed"] = [_printed(v, f) for v, f in zip(frame["value"], frame["flag"])]
    columns = [c for d in js.ids for c in (d, f"{d}_label")] + ["value", "value_as_printed", "status", "flag"]
    return frame[columns]


def _check_numbers(values, where: str, error) -> None:
    """Refuse a value that is neither a number nor null (a string would otherwise turn silently into NaN)."""
    items = values.items() if isinstance(values, dict) else enumerate(values)
    for i, v in items:
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise error(f"JSON-stat value {i} is {v!r}, not a number", file=where,
                        valid="numbers, or null with a status symbol for a missing value")
        if v is not None and not _finite(v):
            shown = repr(v) if isinstance(v, float) else f"an integer of {len(str(abs(v)))} digits"
            raise error(f"JSON-stat value {i} is {shown} (NaN, Infinity or too large), not a figure", file=where,
                        valid="finite numbers, or null with a status symbol for a missing value")


def _finite(v: int | float) -> bool:
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


def _for_pyjstat(js: JsonStat) -> dict:
    """The dataset in the 2.0 shape pyjstat reads (1.x 'dataset' unwrapped, ids and sizes at the top)."""
    return {"version": "2.0", "class": "dataset", "label": js.label, "id": js.ids, "size": js.sizes,
            "dimension": js.dimensions, "value": js.doc.get("value")}


def _flag(value: float, status: str, markers: frozenset[str]) -> str:
    if status in markers:
        return status
    if pd.isna(value):
        return UNMARKED_MISSING
    return ""


def _printed(value: float, flag: str) -> str:
    if flag:
        return flag
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))
