"""Sources as readers see them: the one place that turns the data layer's provenance
(analysis.data.tables.sources) into source lists in the reader's language, for report appendices,
the report page and index pages. Licences are stated in the reader's language from the house
catalogue's `licences` table (keyed by the sidecars' own text)."""
from __future__ import annotations

from typing import Any

from analysis.i18n import Words


def licence(text: str | None, lang: str) -> str:
    """A snapshot's licence (as its sidecar states it) in the reader's language; unknown texts as stated."""
    if not text:
        return ""
    return Words(None, lang).lookup("licences", text)


def in_language(sources: list[dict], lang: str) -> list[dict]:
    """Source dicts with their licence in lang (titles and publishers stay as published)."""
    return [{**s, "licence": licence(s.get("licence"), lang)} if s.get("licence") else dict(s) for s in sources]


def sources(df_or_name: Any, lang: str) -> list[dict]:
    """The distinct sources of a table or of some of its rows, in the reader's language."""
    from analysis.data import tables

    return in_language(tables.sources(df_or_name), lang)
