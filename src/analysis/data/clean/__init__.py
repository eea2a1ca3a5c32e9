"""Readers that turn a dataset's newest snapshot into its tidy table; which reader reads which snapshot kind
is declared in `analysis/data/datasets.yaml` (see `analysis.data.catalogue`).

A reader is `fn(path, decl, tables) -> Cleaned`: `path` the snapshot (None for a derived table), `decl` the
table's declaration, `tables` the cleaned tables it depends on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data.catalogue import Declaration

Dataset = Declaration  # the registry's entries are the catalogue's declarations


@dataclass
class Cleaned:
    """A cleaned table with the snapshot files it was read from and any value-vs-printed disagreements."""
    df: pd.DataFrame
    raw_files: list[Path]
    value_checks: list[str] = field(default_factory=list)
    built_from: Path | None = None   # the snapshot the rows come from (None for a derived table)
    kind: str = "derived"            # its kind: tidy, statbank, pxweb, eurostat or derived


def load_all() -> dict[str, Declaration]:
    """Every declared table (the catalogue; no cleaner module is imported)."""
    from analysis.data.catalogue import declarations
    return dict(declarations())
