"""The one check for every link written into a report: http(s), or a relative link that stays in reports/.

Anything else (`javascript:`, `data:`, `file:`, `//host`, an absolute path, a `..` that climbs out) is shown
as text. `safe_href` decides for one link; `neutralise_links` applies it to a whole HTML document, so that
a link coming from data (a partnership's `source_url`) can never become clickable script.
"""
from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import urlsplit

_WEB = ("http", "https")
# Control characters and whitespace browsers strip from a URL before reading its scheme.
_STRIPPED = re.compile(r"[\x00-\x20\x7f]+")


def safe_href(url: object, depth: int | None = None) -> str | None:
    """url if it is a web address or a relative link inside reports/, else None.

    depth is how many folders below reports/ the linking page lies (None: a relative link may climb out of
    its own folder but never start at '/' or name a scheme)."""
    if url is None:
        return None
    text = str(url).strip()
    if not text:
        return None
    probe = _STRIPPED.sub("", html.unescape(text))
    if probe.startswith(("//", "\\\\", "/\\", "\\/")):
        return None  # protocol-relative: another host
    try:
        parts = urlsplit(probe)
    except ValueError:
        return None
    if parts.scheme:
        return text if parts.scheme.lower() in _WEB and parts.netloc else None
    if ":" in probe.split("/", 1)[0] or probe.startswith(("/", "\\")):
        return None
    if depth is not None and parts.path:
        climbed = posixpath.normpath(posixpath.join(*(["d"] * depth or ["."]), parts.path.replace("\\", "/")))
        if climbed == ".." or climbed.startswith("../"):
            return None
    return text


_ANCHOR = re.compile(r"<a\b([^>]*?)\bhref\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)([^>]*)>(.*?)</a\s*>",
                     re.I | re.S)


def neutralise_links(document: str, depth: int | None = None) -> str:
    """The document with every <a href> that is not safe turned into a <span> showing its text."""

    def anchor(m: re.Match) -> str:
        value = m.group(2).strip("\"'")
        if safe_href(value, depth) is not None:
            return m.group(0)
        return f'<span class="wb-unsafe-link" title="link not shown: not a web address">{m.group(4)}</span>'

    return _ANCHOR.sub(anchor, document)
