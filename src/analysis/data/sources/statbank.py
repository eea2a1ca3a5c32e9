"""Statistics Denmark's StatBank API (api.statbank.dk/v1/data): request building and CSV / JSON-stat parsing.

The CSV is what the API sends for format CSV: semicolon-separated, UTF-8 with a BOM, CRLF lines, the value in the
last column (INDHOLD) and '..' where a figure is missing. JSONSTAT is JSON-stat 1.x with a 'dataset' root.
"""
from __future__ import annotations

import csv
import io
import math
import re

import pandas as pd

from analysis.data.sources import ApiRequest, Parsed, jsonstat
from analysis.errors import DataError, WorkbenchError

NAME = "Statistics Denmark StatBank"
PUBLISHER = "Statistics Denmark (Danmarks Statistik)"
PUBLISHER_ALIASES = ("danmarks statistik", "statistics denmark", "dst")  # how its responses name it (JSON-stat "source")
PUBLISHER_SLUG = "dst"
LICENCE = "CC BY 4.0 (free use with source reference: Danmarks Statistik)"
URL = "https://api.statbank.dk/v1/data"
LANGS = ("en", "da")
DEFAULT_LANG = "en"
FORMATS = ("CSV", "JSONSTAT")
EXPECTED = "StatBank CSV (semicolon-separated, UTF-8) or JSON-stat data"
MISSING_MARKERS = frozenset({".."})

_INT = re.compile(r"^-?\d+$")
_POINT = re.compile(r"^-?\d+\.\d+$")
_COMMA = re.compile(r"^-?\d+,\d+$")


def build_request(table: str, filters: dict[str, list[str]], lang: str, fmt: str = "CSV") -> ApiRequest:
    """The POST body the API documents: {table, format, lang, variables: [{code, values}]}."""
    body = {"table": table, "format": fmt, "lang": lang,
            "variables": [{"code": code, "values": list(values)} for code, values in filters.items()]}
    return ApiRequest("POST", URL, json=body, record={"method": "POST", "url": URL, "json": body})


def parse(body: bytes, where: str, error: type[WorkbenchError] = DataError) -> Parsed:
    """Parse a StatBank body, CSV or JSON-stat (detected from its first character)."""
    if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        js = jsonstat.structure(jsonstat.load(body, where, error), where, error)
        return Parsed(jsonstat.to_frame(js, where, MISSING_MARKERS, error), "json-stat", "json", js.label,
                      js.updated, js.source)
    return Parsed(parse_csv(body, where, error), "csv", "csv")


def parse_csv(body: bytes, where: str, error: type[WorkbenchError] = DataError) -> pd.DataFrame:
    """Tidy frame of a StatBank CSV: its dimension columns as printed plus value, value_as_printed, status, flag."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 (undecodable byte at offset {exc.start})", file=where,
                    valid="StatBank CSV in UTF-8, as the API sends it") from None
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise error("empty file", file=where, valid=EXPECTED)
    header = [h.strip() for h in rows[0]]
    if len(header) < 2:
        sep = next((s for s in (",", "\t") if s in rows[0][0]), None)
        hint = f"; it looks {'comma' if sep == ',' else 'tab'}-separated" if sep else ""
        raise error(f"header has a single column{hint}", file=where, row=1, valid="semicolon-separated columns")
    if len(rows) == 1:
        raise error("empty result: a header and no data rows", file=where, valid="at least one data row")
    value_col = header[-1]
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise error(f"{len(row)} fields where the header has {len(header)}", file=where, row=line,
                        valid=";".join(header))
        printed = row[-1].strip()
        value, flag = parse_number(printed, where, line, value_col, error)
        records.append([c.strip() for c in row[:-1]] + [value, printed, "", flag])
    frame = pd.DataFrame(records, columns=header[:-1] + ["value", "value_as_printed", "status", "flag"])
    frame["value"] = frame["value"].astype(float)
    return frame


def parse_number(printed: str, where: str, line: int, column: str,
                 error: type[WorkbenchError] = DataError) -> tuple[float, str]:
    """Exact number from a StatBank cell: integer, decimal point or decimal comma; '..' is missing (flagged)."""
    if printed in MISSING_MARKERS:
        return float("nan"), printed
    if _INT.match(printed) or _POINT.match(printed) or _COMMA.match(printed):
        value = float(printed.replace(",", "."))
        if not math.isfinite(value):
            shown = printed if len(printed) <= 24 else f"{printed[:12]}…({len(printed)} characters)"
            raise error(f"value '{shown}' is too large to be a figure", file=where, row=line, column=column,
                        valid="a finite number")
        return value, ""
    raise error(f"value '{printed}' is not a number", file=where, row=line, column=column,
                valid="an integer, a decimal number (12.5 or 12,5) or '..' for missing")
