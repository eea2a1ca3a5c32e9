"""Current and real prices: a change over time in current prices beside the same change in real terms, deflated by
Statistics Denmark's annual consumer price index (table dk_cpi_annual, PRIS8). Pure functions, tables in."""
from __future__ import annotations

import pandas as pd

from analysis.errors import DataError

CPI_TABLE = "dk_cpi_annual"


def cpi_ratio(cpi: pd.DataFrame, year_from: int, year_to: int) -> float:
    """The price level of year_to over that of year_from (annual averages); DataError naming the missing year."""
    index = dict(zip(cpi["year"].astype(int), cpi["value"].astype(float)))
    missing = [y for y in (year_from, year_to) if y not in index]
    if missing:
        raise DataError(f"no consumer price index for {', '.join(map(str, missing))}", file=CPI_TABLE,
                        valid=f"years {min(index)}-{max(index)}" if index else "a built dk_cpi_annual table")
    return index[int(year_to)] / index[int(year_from)]


def real_change_pct(amount_from: float, year_from: int, amount_to: float, year_to: int, cpi: pd.DataFrame) -> float:
    """The change from amount_from (year_from) to amount_to (year_to) in per cent in real terms: the nominal
    ratio divided by the ratio of the two years' consumer price index."""
    return ((amount_to / amount_from) / cpi_ratio(cpi, year_from, year_to) - 1.0) * 100.0


def prices_change_pct(cpi: pd.DataFrame, year_from: int, year_to: int) -> float:
    """How much consumer prices rose from year_from to year_to, in per cent."""
    return (cpi_ratio(cpi, year_from, year_to) - 1.0) * 100.0
