"""One registered cleaning function per dataset: raw snapshot(s) in, tidy table out.

`REGISTRY[name]` gives the Dataset entry (its cleaner, its schema kind and checks); `build.build_all` runs them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class Cleaned:
    """A cleaned table with the snapshot files it was read from and any value-vs-printed disagreements."""
    df: pd.DataFrame
    raw_files: list[Path]
    value_checks: list[str] = field(default_factory=list)


@dataclass
class Dataset:
    name: str
    publisher: str                    # data/raw/<publisher>/<name>/
    cleaner: Callable[..., Cleaned]
    schema: str = "tidy"              # schema kind in analysis.data.schemas
    non_negative: bool = False        # gross expenditure / counts that cannot be negative
    year_optional: bool = False       # the source gives no year for some figures
    depends_on: tuple[str, ...] = ()  # tables a derived table is built from (passed as keyword `tables`)


REGISTRY: dict[str, Dataset] = {}


def register(name: str, publisher: str, **options):
    """Decorator: register fn as the cleaner of dataset `name`."""
    def wrap(fn):
        REGISTRY[name] = Dataset(name=name, publisher=publisher, cleaner=fn, **options)
        return fn
    return wrap


def load_all() -> dict[str, Dataset]:
    """Import every cleaner module so that the registry is complete."""
    from analysis.data.clean import catalogue, dk, intl, no_ssb, reference  # noqa: F401
    from analysis.data.clean import boundaries  # noqa: F401  (issue 14: DAGI municipality shapes)
    return REGISTRY
