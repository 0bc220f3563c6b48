"""On this day: entries written on today's month and day in earlier years, and on today's day
of the month in earlier months of this year, and how long ago each was ("A year ago",
"3 months ago"). Plain rules about dates: no printing, no database (db/entries.py asks these
rules which days count).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reflect_cli.model import Entry


def month_days(today: date) -> tuple[str, ...]:
    """Today's 'MM-DD', as an earlier year's entry matches it; on 28 February of a year that is
    not a leap year, '02-29' too, so a leap day's entry still comes back each year."""
    days = [f"{today.month:02d}-{today.day:02d}"]
    if (today.month, today.day) == (2, 28) and not calendar.isleap(today.year):
        days.append("02-29")
    return tuple(days)


def day_of_month(today: date) -> str:
    """Today's 'DD', as an entry of an earlier month of this year matches it."""
    return f"{today.day:02d}"


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
