"""Rank rules the reports share: whether the top of a per-inhabitant list is simply its smallest members."""
from __future__ import annotations

import pandas as pd


def smallest_at_top(values: pd.Series, sizes: pd.Series, limit: int) -> list[str]:
    """Codes at the top of the list (values by code, highest first) that are also the smallest by size (sizes by
    code): the largest k up to limit for which the k highest and the k smallest are the same set."""
    ranked = values.dropna().sort_values(ascending=False, kind="stable").index.astype(str).tolist()
    smallest = sizes.dropna().sort_values(kind="stable").index.astype(str).tolist()
    k = max([n for n in range(1, min(limit, len(ranked)) + 1) if set(ranked[:n]) == set(smallest[:n])], default=0)
    return ranked[:k]
