"""HTTP for the live sources: one cached session, explicit timeouts, retries with backoff, and refusal of bodies that are not data.

A rerun answers from the cache under <root>/.cache/http; 429 (honouring Retry-After), 5xx and timeouts are retried
with exponential backoff; anything that is not the expected data ends as a one-line FetchError naming the URL.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests
import requests_cache
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from analysis import paths
from analysis.errors import FetchError, WorkbenchError

DEFAULT_TIMEOUT = (10.0, 60.0)  # (connect, read) seconds
USER_AGENT = f"muni-it-workbench/0.1 (research workbench) python-requests/{requests.__version__}"
CACHE_EXPIRY = timedelta(days=7)  # a rerun within a week is answered locally; `fetch --refresh` asks again


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait between attempts; `sleep` is injectable so tests do not wait."""

    attempts: int = 4
    base_wait: float = 2.0
    max_wait: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def backoff(self, attempt: int) -> float:
        """Exponential wait before attempt number `attempt + 1` (attempt counts from 1)."""
        return min(self.max_wait, self.base_wait * (2 ** (attempt - 1)))


# The policy used when a caller gives none; tests replace it to run without sleeping.
DEFAULT_POLICY = RetryPolicy()


def cache_dir() -> Path:
    """Where cached responses live: <root>/.cache/http (follows WORKBENCH_ROOT)."""
    return paths.root() / ".cache" / "http"


def make_session(expire_after: timedelta | int = CACHE_EXPIRY) -> requests_cache.CachedSession:
    """A requests session whose successful GET and POST answers are cached on disk, keyed on URL and body."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    session = requests_cache.CachedSession(
        str(folder / "responses"), backend="sqlite", expire_after=expire_after,
        allowable_methods=("GET", "POST"), allowable_codes=(200,), stale_if_error=False)
    session.headers["User-Agent"] = USER_AGENT
    return session


class _Retryable(Exception):
    """An answer worth another try (429, 5xx, timeout, dropped connection)."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _wait(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return min(policy.max_wait, exc.retry_after)
        return policy.backoff(state.attempt_number)
    return wait


def api_error_message(body: bytes) -> str | None:
    """The message of a known API error JSON (StatBank, Eurostat, generic), or None when the body is not one."""
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(doc, dict):
        return None
    if "errorTypeCode" in doc:  # Statistics Denmark StatBank
        return f"StatBank error {doc.get('errorTypeCode')}: {doc.get('message', '')}".strip()
    for key in ("error", "warning"):  # Eurostat: {"error":[{"status","id","label"}]} or {"warning":{...}}
        item = doc.get(key)
        if isinstance(item, list) and item:
            item = item[0]
        if isinstance(item, dict):
            codes = ", ".join(f"{k} {item[k]}" for k in ("status", "id") if item.get(k) not in (None, ""))
            return f"API {key}" + (f" ({codes})" if codes else "") + f": {item.get('label', '')}".rstrip(": ")
        if isinstance(item, str):
            return f"API {key}: {item}"
    if doc.get("class") == "error":
        return f"API error: {doc.get('label', '')}".strip()
    return None


def looks_like_html(body: bytes, content_type: str = "") -> bool:
    """True for an HTML page (by content type or by its first characters)."""
    if "html" in (content_type or "").lower():
        return True
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def refuse_unusable(body: bytes, where: str, expected: str, *, content_type: str = "", status: int | None = None,
                    error: type[WorkbenchError] = FetchError) -> None:
    """Raise `error` (one line naming `where`) if body is empty, an HTML page or an API error JSON."""
    got = f"HTTP {status}, " if status is not None else ""
    if not body.strip(b"\xef\xbb\xbf \t\r\n"):
        raise error(f"{got}empty body, not data", file=where, valid=expected)
    if looks_like_html(body, content_type):
        raise error(f"{got}an HTML page, not data", file=where, valid=expected)
    message = api_error_message(body)
    if message:
        raise error(f"{got}{_one_line(message)}", file=where, valid=expected)


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe_failure(response: requests.Response, expected: str) -> str:
    body = response.content or b""
    message = api_error_message(body)
    if message:
        return f"HTTP {response.status_code}, {_one_line(message)}"
    if looks_like_html(body, response.headers.get("Content-Type", "")):
        return f"HTTP {response.status_code}, an HTML page, not data"
    text = _one_line(body.decode("utf-8", "replace")) if body.strip() else "empty body"
    return f"HTTP {response.status_code} {response.reason or ''}".rstrip() + f": {text}"


def _attempt(session: requests.Session, method: str, url: str, timeout, kwargs) -> requests.Response:
    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
    except requests.Timeout as exc:
        raise _Retryable(f"no answer within {timeout[1] if isinstance(timeout, tuple) else timeout} s") from exc
    except requests.ConnectionError as exc:
        raise _Retryable(f"connection failed ({type(exc).__name__})") from exc
    if response.status_code == 429:
        raise _Retryable("HTTP 429 Too Many Requests",
                         _retry_after_seconds(response.headers.get("Retry-After")))
    if response.status_code >= 500:
        raise _Retryable(f"HTTP {response.status_code} {response.reason or ''}".rstrip())
    return response


def request(method: str, url: str, *, expected: str, session: requests.Session | None = None,
            policy: RetryPolicy | None = None, timeout=DEFAULT_TIMEOUT, refresh: bool = False,
            **kwargs) -> requests.Response:
    """Send a request with retries; return a 200 response whose body is not empty, HTML or an API error.

    `expected` names what the body should be (e.g. "JSON-stat 2.0 data") and appears in every error;
    `refresh` asks the API even when the cache holds an answer (and stores the new one).
    """
    session = session if session is not None else make_session()
    if refresh and isinstance(session, requests_cache.CachedSession):
        kwargs["force_refresh"] = True
    policy = policy or DEFAULT_POLICY
    where = requests.Request(method, url, params=kwargs.get("params") or None).prepare().url
    retrying = Retrying(stop=stop_after_attempt(policy.attempts), wait=_wait(policy), sleep=policy.sleep,
                        retry=retry_if_exception_type(_Retryable), reraise=True)
    try:
        response = retrying(_attempt, session, method, url, timeout, kwargs)
    except _Retryable as exc:
        raise FetchError(f"{exc.reason} after {policy.attempts} attempts", file=where, valid=expected) from None
    if response.status_code != 200:
        raise FetchError(_describe_failure(response, expected), file=where, valid=expected)
    try:
        refuse_unusable(response.content, where, expected, content_type=response.headers.get("Content-Type", ""),
                        status=response.status_code)
    except FetchError:
        forget(session, response)
        raise
    return response


def forget(session: requests.Session, response: requests.Response) -> None:
    """Drop a response from the cache so a refused body is asked for again next time."""
    cache = getattr(session, "cache", None)
    if cache is None:
        return
    key = getattr(response, "cache_key", None)
    if key:
        cache.delete(key)
    elif response.request is not None:
        cache.delete(requests=[response.request])
