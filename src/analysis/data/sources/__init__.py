"""Live sources: Statistics Denmark StatBank, Statistics Norway PxWeb and Eurostat, fetched or imported into snapshots.

Each source module offers `build_request(table, filters, lang)`, `parse(body, where, error)` and the constants
PUBLISHER, PUBLISHER_SLUG, LICENCE, LANGS. `fetch(source, table, ...)` and `read_file(source, path)` are the entry
points; `analysis.data.sources.cli` turns their results into snapshots.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by the source modules; the command line should not pay for it
    import pandas as pd

from analysis.errors import DataError, FetchError, ParameterError, suggest

SOURCE_NAMES = ("statbank", "pxweb", "eurostat")


@dataclass
class Parsed:
    """A body that passed validation: its tidy frame, format name ('csv' or 'json-stat'), file extension, title."""

    frame: pd.DataFrame
    fmt: str
    ext: str
    title: str = ""
    updated: str | None = None  # the dataset's own 'updated' stamp (JSON-stat), when it has one
    source: str | None = None   # the publisher the response itself names (JSON-stat 'source'), when it does


@dataclass
class ApiRequest:
    """One request exactly as sent: method, URL, JSON body or query parameters, and the recorded query text."""

    method: str
    url: str
    json: dict | None = None
    params: list[tuple[str, str]] | None = None
    record: dict = field(default_factory=dict)

    def full_url(self) -> str:
        """The URL with its query string (what a browser would show)."""
        import requests
        return requests.Request(self.method, self.url, params=self.params or None).prepare().url


@dataclass
class Fetched:
    """What fetch returns: the raw body, its parse, the request, when it was accessed and whether from cache."""

    body: bytes
    parsed: Parsed
    request: ApiRequest
    accessed: datetime
    from_cache: bool


def names_publisher(module: ModuleType, stated: str | None) -> bool:
    """True when a response's own 'source' is the source's publisher (or states none)."""
    if not stated:
        return True
    text = stated.strip().lower()
    return any(alias in text or text in alias for alias in module.PUBLISHER_ALIASES)


def source_module(name: str) -> ModuleType:
    """The module for a source name; unknown names raise ParameterError with close matches."""
    if name not in SOURCE_NAMES:
        raise ParameterError(f"unknown source '{name}'{suggest(name, SOURCE_NAMES)}",
                             valid=", ".join(SOURCE_NAMES))
    return importlib.import_module(f"analysis.data.sources.{name}")


def check_lang(module: ModuleType, lang: str | None) -> str:
    """The language to ask for: the source default when None, else one of the source's LANGS."""
    if lang is None:
        return module.DEFAULT_LANG
    if lang.lower() not in module.LANGS:
        raise ParameterError(f"--lang '{lang}' is not offered by {module.NAME}",
                             valid=", ".join(module.LANGS))
    return lang.lower()


def fetch(name: str, table: str, filters: dict[str, list[str]] | None = None, lang: str | None = None, *,
          session=None, policy=None, timeout=None, refresh: bool = False, api: str | None = None) -> Fetched:
    """Fetch a table from a live source, validate and parse it; nothing is written.

    A cached answer keeps the time it was first received as `accessed`; `refresh=True` bypasses the cache.
    """
    from analysis.data.sources import http

    module = source_module(name)
    if api is not None and not hasattr(module, "API_VERSIONS"):
        raise ParameterError(f"--api is offered by pxweb only, not by {name}", column="--api",
                             valid="leave --api out")
    extra = {"api": api} if api is not None else {}
    req = module.build_request(table, filters or {}, check_lang(module, lang), **extra)
    session = session if session is not None else http.make_session()
    kwargs = {"json": req.json} if req.json is not None else {"params": req.params}
    response = http.request(req.method, req.url, expected=module.EXPECTED, session=session, policy=policy,
                            timeout=timeout or http.DEFAULT_TIMEOUT, refresh=refresh, **kwargs)
    where = req.full_url()
    try:
        parsed = module.parse(response.content, where, FetchError)
    except FetchError:
        http.forget(session, response)
        raise
    from_cache = bool(getattr(response, "from_cache", False))
    accessed = getattr(response, "created_at", None) if from_cache else None
    if accessed is not None and accessed.tzinfo is None:
        accessed = accessed.replace(tzinfo=timezone.utc)
    return Fetched(body=response.content, parsed=parsed, request=req,
                   accessed=accessed or datetime.now(timezone.utc), from_cache=from_cache)


def read_file(name: str, path: str | Path) -> tuple[bytes, Parsed]:
    """Read a response saved by hand, refuse HTML / error JSON / empty, and parse it (DataError names the file)."""
    from analysis.data.sources import http

    module = source_module(name)
    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", file=path, valid="a saved CSV or JSON-stat response")
    body = path.read_bytes()
    http.refuse_unusable(body, str(path), module.EXPECTED, error=DataError)
    return body, module.parse(body, str(path), DataError)
