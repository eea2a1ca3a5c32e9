"""Ad-hoc runs with --set write to their own named variant, never over the published edition.

A unit whose values differ from its edition's (the foreach value aside) is keyed and written under
`reports/variants/<name>/…`; `--publish` renders into the edition instead. The name is the user's
(`--variant NAME`) or made from the --set items ('members=5' -> 'members-5').
"""
from __future__ import annotations

import hashlib
from typing import Any

from analysis import layout
from analysis.errors import ParameterError

PREFIX = "variants"
MAX_NAME = 40


def auto_name(sets: list[str]) -> str:
    """A readable, file-safe name for a set of --set items; a short hash when that would be too long."""
    name = "_".join(layout.slug(s) for s in sets)
    if len(name) <= MAX_NAME:
        return name
    return "v-" + hashlib.sha256("\n".join(sets).encode()).hexdigest()[:10]


def check_name(name: str) -> str:
    """A --variant name must be usable as a folder name as it stands."""
    if not name or layout.slug(name) != name or len(name) > MAX_NAME:
        raise ParameterError(f"--variant '{name}' is not a plain name", valid=f"lower-case letters, digits and "
                             f"hyphens, at most {MAX_NAME} characters, e.g. '{layout.slug(name)[:MAX_NAME]}'")
    return name


def choose(sets: list[str], variant: str | None, publish: bool) -> str | None:
    """The variant a run writes to: None when it publishes (--publish, or no --set)."""
    if publish:
        return None
    if variant:
        return check_name(variant)
    return auto_name(sets) if sets else None


def differs(values: dict[str, Any], edition_values: dict[str, Any], foreach: str | None = None) -> bool:
    """True when a unit's values are not its edition's (the foreach parameter does not count)."""
    def strip(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if k != foreach}

    return strip(values) != strip(edition_values)


def key(variant: str, key: str) -> str:
    return f"{PREFIX}/{variant}/{key}"


def stem(variant: str | None, stem: str) -> str:
    return f"{PREFIX}/{variant}/{stem}" if variant else stem


def base_key(unit_key: str, variant: str | None) -> str:
    """The published edition's key of a variant's unit (what a new variant is compared with)."""
    prefix = f"{PREFIX}/{variant}/"
    return unit_key[len(prefix):] if variant and unit_key.startswith(prefix) else unit_key


def entry_for(manifest, unit_key: str, variant: str | None):
    """A unit's last manifest entry; for a variant that never ran, its published edition's."""
    return manifest.entry(unit_key) or (manifest.entry(base_key(unit_key, variant)) if variant else None)
