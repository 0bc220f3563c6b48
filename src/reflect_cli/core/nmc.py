"""NMC revalidation: the three-year period in which five written reflective accounts are needed
(the review's NMC line). The account form itself is an export format (`output/nmc_form.py`).

Pure: dates in, plain data out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

FRAMEWORK_ID = "nmc"
NEEDED = 5  # written reflective accounts in each three-year period
PERIOD_YEARS = 3


def period_end(start: date) -> date:
    """The last day of the three-year period that begins on `start` (29 February counts as
    the 28th in a year without one)."""
    year = start.year + PERIOD_YEARS
    try:
        same_day = start.replace(year=year)
    except ValueError:  # 29 February, three years on
        same_day = date(year, 3, 1)
    return same_day - timedelta(days=1)


def progress(start: date, accounts: int) -> dict[str, Any]:
    """The review's `nmc` object: the period, the accounts written in it, and how many are
    needed."""
    return {
        "period_start": start.isoformat(),
        "period_end": period_end(start).isoformat(),
        "accounts": accounts,
        "needed": NEEDED,
    }
