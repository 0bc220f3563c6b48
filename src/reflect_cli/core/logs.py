"""The revalidation logs as plain data: CPD activities, practice-related feedback, practice
hours, reflective discussions and ticked declarations, with the pure rules about them: hours as
typed on the command line, and the part of a stretch of practice that falls inside a period.

Pure: stdlib only (and the errors module). The store reads and writes these (db/logs.py); the
screens and JSON shapes show them (output/screens/logs.py, output/logs_shapes.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from reflect_cli.errors import UsageError

FEEDBACK_SOURCES = ("patient", "carer", "colleague", "manager", "student", "other")
MAX_HOURS = 10_000.0  # in one record: more than a year of full-time practice
MAX_TEXT = 10_000  # characters of a topic, method, note, role or partner's detail
_CLOCK = re.compile(r"^(\d{1,5}):([0-5]\d)$")  # 7:30 is seven and a half hours


@dataclass(frozen=True)
class CpdActivity:
    """One piece of CPD: what, when, how long, and whether it was participatory (learning with
    one or more other professionals). `points` are the credits, points or CEUs a council gave
    it, if it was not one an hour; `standards` the standards it relates to (`nmc:4`)."""

    id: str
    day: str  # ISO date
    topic: str
    hours: float
    participatory: bool = False
    method: str = ""
    note: str = ""
    points: float | None = None
    entry_id: str | None = None  # a reflection on it
    standards: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""

    @property
    def credit(self) -> float:
        """What it counts for where points are counted: its points, else one an hour."""
        return self.hours if self.points is None else self.points


@dataclass(frozen=True)
class Feedback:
    """A piece of practice-related feedback, in the writer's words. `marked` when the identifier
    guard found something in it that could identify someone."""

    id: str
    day: str
    source: str  # one of FEEDBACK_SOURCES
    text: str
    entry_id: str | None = None
    marked: bool = False
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class PracticeHours:
    """Hours of practice over a stretch of days (`start` to `end`, ISO dates, inclusive)."""

    id: str
    hours: float
    start: str
    end: str
    role: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def days(self) -> int:
        return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days + 1

    def hours_within(self, first: date, last: date) -> float:
        """The part of the hours that falls from `first` to `last` (inclusive), prorated by days:
        600 hours from 1 January to 31 December, of which 181 days fall in a period, count 600 x
        181 / 365 there."""
        start, end = date.fromisoformat(self.start), date.fromisoformat(self.end)
        inside = (min(end, last) - max(start, first)).days + 1
        if inside <= 0:
            return 0.0
        return self.hours * inside / self.days


@dataclass(frozen=True)
class Discussion:
    """The reflective discussion: the partner's professional details, as the form asks for them
    (given with their consent; not checked by the identifier guard), its day, and the reflective
    accounts discussed."""

    id: str
    day: str
    partner_name: str
    partner_pin: str
    partner_email: str = ""
    entry_ids: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Declaration:
    """A declaration of a regulator's profile ticked on a day (`reflect revalidation tick`)."""

    profile: str
    item: str
    ticked_at: str


def parse_hours(text: str, option: str) -> float:
    """Hours as typed: `7.5`, `7`, `0.25` or `7:30`; more than 0 and at most MAX_HOURS, kept to
    two decimals. Anything else is a UsageError naming `option`."""
    raw = text.strip()
    clock = _CLOCK.match(raw)
    try:
        hours = int(clock[1]) + int(clock[2]) / 60 if clock else float(raw)
    except ValueError:
        raise UsageError(
            f"{option}: '{raw[:40]}' is not a number of hours.", f"Example: {option} 7.5 (or 7:30)"
        ) from None
    if not math.isfinite(hours) or hours <= 0:
        raise UsageError(
            f"{option}: {raw[:40]} is not more than 0 hours.",
            f"Give the time it took, e.g. {option} 1.5",
        )
    if hours > MAX_HOURS:
        raise UsageError(f"{option}: {raw[:40]} is more hours than one record can hold.",
                         f"Give at most {MAX_HOURS:g}, or split it into several records.")
    return round(hours, 2)


def parse_points(text: str) -> float:
    """CPD points, credits or CEUs as typed: a number of 0 or more (an activity may earn none)."""
    raw = text.strip()
    try:
        points = float(raw)
    except ValueError:
        raise UsageError(
            f"--points: '{raw[:40]}' is not a number.", "Example: --points 2"
        ) from None
    if not math.isfinite(points) or points < 0 or points > MAX_HOURS:
        raise UsageError(f"--points: {raw[:40]} is not a number of points reflect can keep.",
                         f"Give 0 to {MAX_HOURS:g}, e.g. --points 2")
    return round(points, 2)


def feedback_source(text: str) -> str:
    """`--from` for feedback: one of FEEDBACK_SOURCES, in any case."""
    source = text.strip().lower()
    if source not in FEEDBACK_SOURCES:
        raise UsageError(
            f"--from: '{text.strip()[:40]}' is not who feedback can come from here.",
            f"Use one of: {', '.join(FEEDBACK_SOURCES)}.",
        )
    return source


def checked_text(text: str, option: str, *, required: bool = False) -> str:
    """A topic, method, note, role or partner's detail: trimmed, at most MAX_TEXT characters;
    with `required`, not empty."""
    value = text.strip()
    if required and not value:
        raise UsageError(f"{option} is empty.", f"Give it some words, e.g. {option} \"...\"")
    if len(value) > MAX_TEXT:
        raise UsageError(f"{option} is longer than {MAX_TEXT:,} characters.",
                         "Keep it short: the reflection can hold the rest (--entry ID).")
    return value


def hours_text(hours: float) -> str:
    """Hours for a person: 7.5, 12, 0.25 (never 7.50 or 12.0)."""
    return f"{round(hours, 2):g}"
