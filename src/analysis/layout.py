"""Where each report lands under reports/: one rule, used by the runner and the index pages."""
from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def slug(value: object) -> str:
    """A file-name-safe ASCII slug: 'Høje-Taastrup' -> 'hoeje-taastrup'."""
    text = unicodedata.normalize("NFKD", str(value).translate(_FOLD))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def report_stem(step_id: str, edition: str, foreach_value: object | None = None) -> str:
    """Path of a report without suffix, relative to reports/: '<edition>/<step>' or '<step>/<edition>/<slug>'."""
    if foreach_value is None:
        return f"{edition}/{step_id}"
    return f"{step_id}/{edition}/{slug(foreach_value)}"


def files_dir(stem: str) -> str:
    """The folder of a report's figure data, relative to reports/."""
    return f"{stem}_files"
