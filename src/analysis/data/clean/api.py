"""The generic reader of a publisher's API answer (StatBank, PxWeb, Eurostat) into the tidy layout, driven by the
table's `answer:` block in datasets.yaml, so a new source needs a declaration and no code:

    answer: {year: time, geo: geo, indicator: [indic_is], unit: "% of individuals aged 16-74", geo_level: country}

`year`, `geo` and `indicator` name the answer's dimensions (JSON-stat ids, or StatBank CSV columns); the
indicator is the labels of those dimensions joined with ' — '. A missing figure stays missing with its flag.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.clean import Cleaned
from analysis.data.clean.common import OUTPUT_COLUMNS, rel
from analysis.data.snapshot import read_meta
from analysis.errors import DataError

_YEAR = re.compile(r"^(\d{4})")


def answer_frame(path: Path, meta: dict):
    """The snapshot parsed by its own API's reader (sources.<api>.parse)."""
    from analysis.data import sources
    return sources.source_module(str(meta["api"])).parse(path.read_bytes(), rel(path), DataError).frame


def _labels(frame: pd.DataFrame, dim: str, path: Path) -> pd.Series:
    for col in (f"{dim}_label", dim):
        if col in frame.columns:
            return frame[col].astype(str)
    dims = [c for c in frame.columns if not c.endswith("_label") and c not in ("value", "value_as_printed", "status",
                                                                               "flag")]
    raise DataError(f"the answer has no dimension {dim!r}", file=rel(path), column=dim,
                    valid="one of " + ", ".join(dims) + " (answer: in datasets.yaml)")


def read_answer(path: Path, decl, tables=None) -> Cleaned:
    """A tidy table from an API answer as the declaration's `answer:` block maps it."""
    spec = decl.answer
    if not spec:
        raise DataError(f"{decl.name} declares no answer: block, so its API answers cannot be read", file=rel(path),
                        valid="answer: {year: DIM, geo: DIM, indicator: [DIM, …], unit: UNIT} in datasets.yaml")
    meta = read_meta(path)
    frame = answer_frame(path, meta)
    geo_dim = spec["geo"]
    codes = frame[geo_dim].astype(str) if f"{geo_dim}_label" in frame.columns else _labels(frame, geo_dim, path)
    years = []
    for line, text in enumerate(_labels(frame, spec["year"], path), start=2):
        m = _YEAR.match(text.strip())
        if not m:
            raise DataError(f"period {text!r} does not start with a year", file=rel(path), row=line,
                            column=spec["year"], valid="periods such as 2024, 2024Q1 or 2024M02")
        years.append(int(m.group(1)))
    dims = spec["indicator"] if isinstance(spec["indicator"], list) else [spec["indicator"]]
    indicator = pd.Series([" — ".join(parts) for parts in zip(*(_labels(frame, d, path) for d in dims))])
    off = decl.official
    out = pd.DataFrame({
        "year": pd.array(years, dtype="Int64"), "geo_code": codes.values, "geography": _labels(frame, geo_dim, path).values,
        "geo_level": spec.get("geo_level", "country"), "indicator": indicator.values,
        "value": frame["value"].astype("float64").values, "value_as_printed": frame["value_as_printed"].astype(str).values,
        "unit": spec["unit"], "flag": frame["flag"].astype(str).values,
        "note": [f"status {s}" if s else "" for s in frame["status"].astype(str)],
        "source_url": off.page if off and off.page else meta.get("source_url", ""),
        "source_title": meta.get("title", ""), "publisher": meta.get("publisher", ""),
        "date_accessed": str(meta.get("date_accessed", "")),
        "source_id": [f"{rel(path)}#row={i}" for i in range(2, len(frame) + 2)]})
    return Cleaned(out[[c for c in OUTPUT_COLUMNS if c in out.columns]], [path], built_from=path,
                   kind=str(meta["api"]))
