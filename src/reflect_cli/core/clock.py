"""Local time, and the date expressions the command line accepts."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from reflect_cli.errors import UsageError

_RELATIVE = re.compile(r"^(\d+)([dw])$")
DATE_HELP = "an ISO date or datetime, 'today', 'yesterday', or '3d' / '2w' ago"
FIRST_MOMENT_DAY = date(1, 1, 2)  # the earliest day an --at may give


_fixed: list[datetime] = []  # set by `fixed()`: the moment `now()` gives instead of the real one


def now() -> datetime:
    """The current local time, with its UTC offset, to the second (or the moment `fixed`
    holds it at)."""
    if _fixed:
        return _fixed[-1]
    return datetime.now().astimezone().replace(microsecond=0)


@contextlib.contextmanager
def fixed(moment: datetime | date) -> Iterator[datetime]:
    """`now()` is `moment` (a day: its noon, local time) while the block runs: tests fix
    "today" so."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(12, 0))
    if moment.tzinfo is None:
        moment = moment.astimezone()
    _fixed.append(moment.replace(microsecond=0))
    try:
        yield _fixed[-1]
    finally:
        _fixed.pop()


def to_iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def parse_day(text: str, today: date) -> date | None:
    """A day from 'today', 'yesterday' or 'Nd'/'Nw' (ago); None if it is not one of these."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    match = _RELATIVE.match(word)
    if match:
        amount = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        return today - timedelta(days=amount)
    return None


def _noon(day: date, current: datetime) -> datetime:
    """Noon of `day`, local time; for today before noon, the present moment."""
    noon = datetime.combine(day, time(12, 0)).astimezone()
    return min(noon, current) if day == current.date() else noon


def parse_moment(text: str, option: str, current: datetime | None = None) -> datetime:
    """A point in time for `--at`: a day without a time means noon of that day, local time.
    A moment the calendar cannot hold (year 0, 10000000000d ago) is a UsageError too."""
    too_far = UsageError(
        f"{option}: '{text}' is further back or ahead than a journal date can be.",
        f"Use {DATE_HELP}.",
    )
    try:
        moment = _parse_moment(text, option, current)
    except (ValueError, OverflowError):
        raise too_far from None
    # the first day of the calendar is refused too: in UTC, or in another zone, it may be the
    # day before, which no date can hold
    if moment.date() < FIRST_MOMENT_DAY:
        raise too_far
    return moment


def _parse_moment(text: str, option: str, current: datetime | None) -> datetime:
    current = current or now()
    day = parse_day(text, current.date())
    if day is not None:
        return _noon(day, current)
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{option}: '{text}' is not a date I understand.",
            f"Use {DATE_HELP}.",
        ) from None
    if len(text.strip()) <= 10:  # a bare date
        return _noon(parsed.date(), current)
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    return parsed.replace(microsecond=0)


LAST_DAY = date(9998, 12, 31)  # the latest --since/--until: a period may reach a little past it


def parse_date(text: str, option: str, today: date | None = None) -> date:
    """A calendar day for `--since` / `--until`, from 0001-01-01 to LAST_DAY."""
    today = today or now().date()
    out_of_range = UsageError(
        f"{option}: '{text}' is further back or ahead than reflect can count.",
        f"Give a day from 0001-01-01 to {LAST_DAY.isoformat()}, or one like 90d.",
    )
    try:
        day = parse_day(text, today)
    except (ValueError, OverflowError):  # thousands of digits, or before the year 1
        raise out_of_range from None
    if day is None:
        try:
            day = datetime.fromisoformat(text.strip()).date()
        except ValueError:
            raise UsageError(
                f"{option}: '{text}' is not a date I understand.",
                f"Use {DATE_HELP}.",
            ) from None
    if day > LAST_DAY:
        raise out_of_range
    return day
