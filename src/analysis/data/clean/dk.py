"""Readers for the Statistics Denmark tables: the compiled tidy copies (cross-checked row by row against the
verbatim StatBank files beside them) and StatBank API answers (CSV or JSON-stat) as fetched or imported."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.clean import Cleaned
from analysis.data.clean.common import OUTPUT_COLUMNS, rel
from analysis.data.clean.crosscheck import check_population, check_regk31
from analysis.data.clean.tidy import read_tidy
from analysis.data.reference import find_municipality
from analysis.data.snapshot import read_meta
from analysis.errors import DataError

COUNTRY_LABELS = {"all denmark", "hele landet"}
CHRISTIANSOE = ("411", "Christiansø", "other (Christiansø, not a municipality)")
_PERIOD = re.compile(r"^(\d{4})(?:[QK]([1-4])|M(\d{2}))?$")


def dk_population(path: Path, decl, tables=None) -> Cleaned:
    """FOLK1A / FOLK1AM population from the compiled tidy copy; every row is checked against the verbatim
    StatBank API files beside it."""
    cleaned = read_tidy(path, decl)
    cleaned.value_checks += check_population(cleaned.df, cleaned.raw_files[1:])
    return cleaned


def dk_regk31_64551_administration(path: Path, decl, tables=None) -> Cleaned:
    """REGK31 6.45.51 net DKK per inhabitant from the compiled copy; net amounts may in principle be negative,
    so no sign check; cross-checked against the verbatim excerpts."""
    cleaned = read_tidy(path, decl)
    cleaned.value_checks += check_regk31(cleaned.df, cleaned.raw_files[1:])
    return cleaned


def statbank_frame(path: Path) -> tuple[pd.DataFrame, dict]:
    """A StatBank snapshot parsed by the StatBank reader (CSV or JSON-stat), with its sidecar."""
    from analysis.data.sources import statbank
    return statbank.parse(path.read_bytes(), rel(path), DataError).frame, read_meta(path)


def _column(frame: pd.DataFrame, names: tuple[str, ...], path: Path) -> str:
    for name in names:
        if name in frame.columns:
            return name
    raise DataError(f"no column {names[0]!r} (columns: {', '.join(map(str, frame.columns))})", file=rel(path),
                    column=names[0], valid=f"a StatBank answer with the variable {names[0]}")


def _labels(frame: pd.DataFrame, var: str, path: Path) -> pd.Series:
    """The printed labels of a variable: the CSV column itself, or JSON-stat's '<var>_label'."""
    return frame[_column(frame, (f"{var}_label", var, f"{var.lower()}_label", var.lower()), path)].astype(str)


def _periods(frame: pd.DataFrame, path: Path) -> list[tuple[int, int | None, str]]:
    """(year, quarter or None, period as printed) per row; a period that is not one refuses the file."""
    col = _column(frame, ("TID", "Tid", "tid"), path)
    out = []
    for line, text in enumerate(frame[col].astype(str), start=2):
        m = _PERIOD.match(text.strip())
        if not m:
            raise DataError(f"period {text!r} is not a year, quarter or month", file=rel(path), row=line, column=col,
                            valid="2024, 2024Q1 / 2024K1 or 2026M02")
        out.append((int(m.group(1)), int(m.group(2)) if m.group(2) else None, text.strip()))
    return out


def dk_area(label: str, code: str | None, ref: pd.DataFrame) -> tuple[str, str, str] | None:
    """(geo_code, geography, geo_level) of a StatBank area label (Danish or English) or code; None if unknown."""
    text = label.strip()
    if text.lower() in COUNTRY_LABELS or code == "000":
        return "000", "Hele landet", "country"
    if text.lower().startswith("region ") or (code or "").startswith("08") and len(code or "") == 3:
        return "", text, "region"
    if text == "Christiansø" or code == "411":
        return CHRISTIANSOE
    hit = find_municipality(code if code and code.isdigit() else text, ref)
    return (hit["code"], hit["name"], "municipality") if hit else None


def _areas(frame: pd.DataFrame, path: Path, ref: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    labels = _labels(frame, "OMRÅDE", path)
    codes = frame["OMRÅDE"].astype(str) if "OMRÅDE_label" in frame.columns else [None] * len(frame)
    out = []
    for line, (label, code) in enumerate(zip(labels, codes), start=2):
        area = dk_area(label, code, ref)
        if area is None:
            raise DataError(f"area {label!r} is not Denmark, a region, Christiansø or one of the 98 municipalities",
                            file=rel(path), row=line, column="OMRÅDE",
                            valid="StatBank's area labels (Danish or English) or codes, e.g. København or 101")
        out.append((*area, label))
    return out


def _tidy(records: list[dict], meta: dict, decl, path: Path) -> pd.DataFrame:
    """The rows in the processed layout, each with the sidecar's provenance and the official table page."""
    df = pd.DataFrame(records)
    page = decl.official.page if decl.official else meta.get("source_url", "")
    df["source_url"] = page
    df["source_title"] = meta.get("title", "")
    df["publisher"] = meta.get("publisher", "")
    df["date_accessed"] = str(meta.get("date_accessed", ""))
    df["source_id"] = [f"{rel(path)}#row={r['_line']}" for r in records]
    df["year"] = pd.array(df["year"], dtype="Int64")
    df["value"] = df["value"].astype("float64")
    columns = [c for c in OUTPUT_COLUMNS if c in df.columns]
    out = df[columns].reset_index(drop=True)
    for c in columns:
        if c not in ("year", "value"):
            out[c] = out[c].astype(str)
    return out


def dk_population_from_statbank(path: Path, decl, tables: dict[str, Cleaned]) -> Cleaned:
    """FOLK1A answer (every area, every quarter): the first quarter of each year (1 January) is kept, one row
    per area and year; a missing figure ('..') stays missing with its flag."""
    frame, meta = statbank_frame(path)
    ref = tables["dk_municipalities"].df
    areas, periods = _areas(frame, path, ref), _periods(frame, path)
    records = []
    for i, ((code, name, level, label), (year, quarter, printed)) in enumerate(zip(areas, periods)):
        if quarter != 1:
            continue
        row = frame.iloc[i]
        records.append({"_line": i + 2, "year": year, "geo_code": code, "geography": name, "geo_level": level,
                        "indicator": "population_1st_day_of_quarter", "value": row["value"],
                        "value_as_printed": row["value_as_printed"], "unit": "persons", "flag": row["flag"],
                        "note": f"FOLK1A period {printed} (1st day of quarter); DST label as printed: {label}"})
    if not records:
        raise DataError("no first-quarter figures in the FOLK1A answer", file=rel(path), column="TID",
                        valid="periods such as 2024Q1 or 2024K1 (ask for Tid=*)")
    return Cleaned(_tidy(records, meta, decl, path), [path], built_from=path, kind="statbank")


def regk31_indicator(function_label: str) -> str:
    """'6.45.51 Sekretariat og forvaltninger' -> 'regk31_net_per_inhabitant_f64551_sekretariat_og_forvaltninger'."""
    m = re.match(r"^\s*(\d)\.(\d{2})\.(\d{2})\s+(.+)$", function_label)
    if not m:
        raise ValueError(function_label)
    words = re.sub(r"[^a-z0-9æøå]+", "_", m.group(4).lower()).strip("_")
    return f"regk31_net_per_inhabitant_f{m.group(1)}{m.group(2)}{m.group(3)}_{words}"


def dk_regk31_from_statbank(path: Path, decl, tables: dict[str, Cleaned]) -> Cleaned:
    """REGK31 answer (every area and accounts year, art I alt (netto), DKK per inhabitant in current prices)."""
    frame, meta = statbank_frame(path)
    ref = tables["dk_municipalities"].df
    areas, periods = _areas(frame, path, ref), _periods(frame, path)
    functions, units = _labels(frame, "FUNKTION", path), _labels(frame, "PRISENHED", path)
    arts = _labels(frame, "ART", path)
    records = []
    for i, ((code, name, level, label), (year, _, printed)) in enumerate(zip(areas, periods)):
        line = i + 2
        if "indbygger" not in units.iloc[i].lower() or "løbende" not in units.iloc[i].lower():
            raise DataError(f"prisenhed {units.iloc[i]!r} is not per inhabitant in current prices", file=rel(path),
                            row=line, column="PRISENHED", valid="Pr. indbygger, løbende priser (kr.) (code INDL)")
        try:
            indicator = regk31_indicator(functions.iloc[i])
        except ValueError:
            raise DataError(f"function {functions.iloc[i]!r} is not an account-plan function", file=rel(path),
                            row=line, column="FUNKTION", valid="labels such as '6.45.51 Sekretariat og "
                                                                 "forvaltninger' (ask with lang da)") from None
        row = frame.iloc[i]
        records.append({"_line": line, "year": year, "geo_code": code,
                        "geography": "Hele landet (all 98 municipalities)" if level == "country" else name,
                        "geo_level": level, "indicator": indicator, "value": row["value"],
                        "value_as_printed": row["value_as_printed"], "unit": "DKK per inhabitant, current prices",
                        "flag": row["flag"],
                        "note": f'REGK31 function {functions.iloc[i]}; art "{arts.iloc[i]}"; prisenhed '
                                f'"{units.iloc[i]}"; period {printed}; DST label as printed: "{label}"'})
    return Cleaned(_tidy(records, meta, decl, path), [path], built_from=path, kind="statbank")
