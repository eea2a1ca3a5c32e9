"""ranks.smallest_at_top on made-up test data (NOT real figures)."""
from __future__ import annotations

import pandas as pd

from analysis.ranks import smallest_at_top


def test_the_top_that_is_the_smallest_is_found_up_to_the_limit():
    values = pd.Series({"a": 90.0, "b": 80.0, "c": 70.0, "d": 10.0})   # made up
    sizes = pd.Series({"b": 100, "a": 200, "d": 300, "c": 400})         # a and b are the two smallest
    assert smallest_at_top(values, sizes, limit=3) == ["a", "b"]
    assert smallest_at_top(values, sizes, limit=1) == []               # the highest (a) is not the smallest (b)
    assert smallest_at_top(values, pd.Series({"d": 1, "c": 2, "b": 3, "a": 4}), limit=4) == ["a", "b", "c", "d"]
