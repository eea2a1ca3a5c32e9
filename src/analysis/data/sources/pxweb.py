"""Statistics Norway's PxWeb API v0 (data.ssb.no/api/v0/<lang>/table/<id>): POST query, JSON-stat 2.0 answer.

SSB marks missing figures with '..' (not available), '.' (cannot occur / not applicable) and ':' (confidential);
these become NaN with the marker in `flag`.
"""
from __future__ import annotations

import re

from analysis.data.sources import ApiRequest, Parsed, jsonstat
from analysis.errors import DataError, ParameterError, WorkbenchError

NAME = "Statistics Norway PxWeb"
PUBLISHER = "Statistics Norway (Statistisk sentralbyrå, SSB)"
PUBLISHER_ALIASES = ("statistisk sentralbyrå", "statistics norway", "ssb")  # how its responses name it (JSON-stat "source")
PUBLISHER_SLUG = "ssb"
LICENCE = "CC BY 4.0 (Statistics Norway)"
BASE = "https://data.ssb.no/api/v0"
LANGS = ("no", "en")
DEFAULT_LANG = "no"
EXPECTED = "JSON-stat 2.0 data (response format json-stat2)"
MISSING_MARKERS = frozenset({"..", ".", ":"})
_TABLE = re.compile(r"^\d{5}$")


def table_url(table: str, lang: str) -> str:
    return f"{BASE}/{lang}/table/{table}"


def build_request(table: str, filters: dict[str, list[str]], lang: str) -> ApiRequest:
    """POST {query: [{code, selection: {filter, values}}], response: {format: json-stat2}}; '*' selects all."""
    if not _TABLE.match(table):
        raise ParameterError(f"TABLE '{table}' is not an SSB table number",
                             valid="five digits, e.g. 07459")
    query = []
    for code, values in filters.items():
        kind = "all" if values == ["*"] else "item"
        query.append({"code": code, "selection": {"filter": kind, "values": list(values)}})
    body = {"query": query, "response": {"format": "json-stat2"}}
    url = table_url(table, lang)
    return ApiRequest("POST", url, json=body, record={"method": "POST", "url": url, "json": body})


def parse(body: bytes, where: str, error: type[WorkbenchError] = DataError) -> Parsed:
    """Parse an SSB json-stat2 body into the tidy frame."""
    js = jsonstat.structure(jsonstat.load(body, where, error), where, error)
    return Parsed(jsonstat.to_frame(js, where, MISSING_MARKERS, error), "json-stat", "json", js.label, js.updated, js.source)
