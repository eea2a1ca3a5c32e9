"""Eurostat's dissemination API (statistics/1.0/data/<dataset>?geo=..&format=JSON): GET, JSON-stat 2.0 answer.

Observations are a sparse `value` object; `status` carries symbols such as ':' (not available), 'p' (provisional),
'e' (estimated), 'b' (break). ':' and absent values become NaN with a flag; other symbols stay in `status`.
Errors come as {"error": [{"status", "id", "label"}]}; a too-large query as {"warning": {...}}.
"""
from __future__ import annotations

import re

from analysis.data.sources import ApiRequest, Parsed, jsonstat
from analysis.errors import DataError, ParameterError, WorkbenchError

NAME = "Eurostat dissemination API"
PUBLISHER = "Eurostat"
PUBLISHER_ALIASES = ("eurostat", "estat")  # how its responses name it (JSON-stat "source")
PUBLISHER_SLUG = "eurostat"
LICENCE = "CC BY 4.0 (European Commission reuse policy; source: Eurostat)"
BASE = "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data"
LANGS = ("en", "fr", "de")
DEFAULT_LANG = "en"
EXPECTED = "JSON-stat 2.0 data"
MISSING_MARKERS = frozenset({":"})
_DATASET = re.compile(r"^[A-Za-z0-9_$]+$")


def build_request(table: str, filters: dict[str, list[str]], lang: str) -> ApiRequest:
    """GET <BASE>/<dataset>?format=JSON&lang=EN&<dim>=<v>&<dim>=<v2>… (one parameter per value)."""
    if not _DATASET.match(table):
        raise ParameterError(f"TABLE '{table}' has characters Eurostat dataset codes do not use",
                             valid="letters, digits and '_', e.g. isoc_ciegi_ac")
    params = [("format", "JSON"), ("lang", lang.upper())]
    params += [(code, value) for code, values in filters.items() for value in values]
    url = f"{BASE}/{table}"
    return ApiRequest("GET", url, params=params, record={"method": "GET", "url": url, "params": params})


def parse(body: bytes, where: str, error: type[WorkbenchError] = DataError) -> Parsed:
    """Parse a Eurostat JSON-stat 2.0 body into the tidy frame."""
    js = jsonstat.structure(jsonstat.load(body, where, error), where, error)
    return Parsed(jsonstat.to_frame(js, where, MISSING_MARKERS, error), "json-stat", "json", js.label, js.updated, js.source)
