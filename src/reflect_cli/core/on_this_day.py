"""On this day: entries written on today's month and day in earlier years, and on today's day
of the month in earlier months of this year, and how long ago each was ("A year ago",
"3 months ago"). Plain rules about dates: no printing, no database (db/entries.py asks these
rules which days count).
"""

from __future__ import annotations

import calendar
import contextlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reflect_cli.model import Entry


def month_days(today: date) -> tuple[tuple[int, int], ...]:
    """Today's (month, day), as an earlier year's entry matches it; on 28 February of a year
    that is not a leap year, (2, 29) too, so a leap day's entry still comes back each year."""
    found = [(today.month, today.day)]
    if (today.month, today.day) == (2, 28) and not calendar.isleap(today.year):
        found.append((2, 29))
    return tuple(found)


def days(today: date, first: date) -> list[date]:
    """Every day whose entries come back today, from `first` (the journal's first day) on:
    today's month and day in each earlier year, and today's day of the month in each earlier
    month of this year (a month without that day, such as 31 February, has none)."""
    found = []
    for year in range(first.year, today.year):
        for month, day in month_days(today):
            with contextlib.suppress(ValueError):  # 29 February of a common year
                found.append(date(year, month, day))
    for month in range(1, today.month):
        with contextlib.suppress(ValueError):
            found.append(date(today.year, month, today.day))
    return [day for day in found if day >= first]


@dataclass(frozen=True)
class Remembered:
    """An entry from this day in an earlier year (`years` > 0) or an earlier month of this
    year (`months` > 0)."""

    entry: Entry
    years: int
    months: int

    @property
    def label(self) -> str:
        """'A year ago', '3 years ago', 'A month ago', '5 months ago'."""
        count, unit = (self.years, "year") if self.years else (self.months, "month")
        return f"A {unit} ago" if count == 1 else f"{count} {unit}s ago"


def ago(day: date, today: date) -> tuple[int, int]:
    """(years, months) from an on-this-day entry's day to today: one of the two is 0."""
    if day.year < today.year:
        return today.year - day.year, 0
    return 0, max(today.month - day.month, 0)


def remembered(entries: Iterable[Entry], today: date) -> list[Remembered]:
    """The on-this-day entries (as the store found them, newest first) with how long ago each
    was written."""
    found = []
    for entry in entries:
        years, months = ago(date.fromisoformat(entry.created_at[:10]), today)
        found.append(Remembered(entry, years, months))
    return found
