"""Statistics Norway's PxWebApi 2 (data.ssb.no/api/pxwebapi/v2/tables/<id>/data): GET with valueCodes[Var]=…,
JSON-stat 2.0 answer; the older PxWeb API v0 (POST query to /api/v0/<lang>/table/<id>) stays available.

SSB marks missing figures with '..' (not available), '.' (cannot occur / not applicable) and ':' (confidential);
these become NaN with the marker in `flag`.
"""
from __future__ import annotations

import re

from analysis.data.sources import ApiRequest, Parsed, jsonstat
from analysis.errors import DataError, ParameterError, WorkbenchError

NAME = "Statistics Norway PxWeb"
PUBLISHER = "Statistics Norway (Statistisk sentralbyrå, SSB)"
PUBLISHER_ALIASES = ("statistisk sentralbyrå", "statistics norway", "ssb")  # how its responses name it
PUBLISHER_SLUG = "ssb"
LICENCE = "CC BY 4.0 (Statistics Norway)"
BASE = "https://data.ssb.no/api/v0"              # PxWeb API v0 (kept while SSB serves it)
BASE_V2 = "https://data.ssb.no/api/pxwebapi/v2"  # PxWebApi 2, SSB's current API (since October 2025)
API_VERSIONS = ("v2", "v0")
DEFAULT_API = "v2"
LANGS = ("no", "en")
DEFAULT_LANG = "no"
EXPECTED = "JSON-stat 2.0 data (response format json-stat2)"
MISSING_MARKERS = frozenset({"..", ".", ":"})
_TABLE = re.compile(r"^\d{5}$")


def table_url(table: str, lang: str) -> str:
    return f"{BASE}/{lang}/table/{table}"


def data_url_v2(table: str) -> str:
    return f"{BASE_V2}/tables/{table}/data"


def build_request(table: str, filters: dict[str, list[str]], lang: str, api: str = DEFAULT_API) -> ApiRequest:
    """v2: GET …/tables/<id>/data?lang=..&outputFormat=json-stat2&valueCodes[VAR]=v1,v2 ('*' selects all).
    v0: POST {query: [{code, selection: {filter, values}}], response: {format: json-stat2}}."""
    if not _TABLE.match(table):
        raise ParameterError(f"TABLE '{table}' is not an SSB table number",
                             valid="five digits, e.g. 07459")
    if api not in API_VERSIONS:
        raise ParameterError(f"--api '{api}' is not a PxWeb API version", valid=", ".join(API_VERSIONS))
    if api == "v2":
        params = [("lang", lang), ("outputFormat", "json-stat2")]
        params += [(f"valueCodes[{code}]", ",".join(values)) for code, values in filters.items()]
        url = data_url_v2(table)
        return ApiRequest("GET", url, params=params, record={"method": "GET", "url": url, "params": params})
    query = []
    for code, values in filters.items():
        kind = "all" if values == ["*"] else "item"
        query.append({"code": code, "selection": {"filter": kind, "values": list(values)}})
    body = {"query": query, "response": {"format": "json-stat2"}}
    url = table_url(table, lang)
    return ApiRequest("POST", url, json=body, record={"method": "POST", "url": url, "json": body})


def parse(body: bytes, where: str, error: type[WorkbenchError] = DataError) -> Parsed:
    """Parse an SSB json-stat2 body (v2 or v0) into the tidy frame."""
    js = jsonstat.structure(jsonstat.load(body, where, error), where, error)
    return Parsed(jsonstat.to_frame(js, where, MISSING_MARKERS, error), "json-stat", "json", js.label, js.updated,
                  js.source)
