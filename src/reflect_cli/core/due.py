"""When an action is due: the days `reflect actions due` takes, and the `(by Friday)` or
`(in 2 weeks)` at the end of an action line.

Plain rules on text and dates: no printing, no database. Every day here is counted from a
given `today` (for an action line, the day of its entry), so each is testable.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
WHEN_EXAMPLES = "2026-12-20, tomorrow, 12 March, 3d, 2w"  # (3d, 2w: from today)

# Patterns as text, compiled (and cached by `re`) the first time one is used: compiling them all
# on import cost a quick entry 2 ms whether or not it had an action.
_AHEAD = r"^(\d{1,6})\s*([dw])$"  # 3d, 2w: ahead, for a due day
_IN = r"^in\s+(\d{1,6}|[a-z]+)\s+(day|days|week|weeks)$"
_DAY_MONTH = r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?$"
_MONTH_DAY = r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$"
# an action line's last words in brackets: "(by Friday)", "(in 2 weeks)", "(due 12 March)"
_TRAILING = r"(?is)^(?P<text>.*?\S)\s*\((?P<word>by|in|due)\s+(?P<when>[^()]+)\)\s*$"


def due_day(text: str, today: date) -> date | None:
    """The day `text` names, counted from `today`; None if it names none. Forms: an ISO date,
    'today', 'tomorrow', 'yesterday', a weekday (the next one after today), '12 March' or
    'March 12' (with or without a year; without, the next one from today), 'in 3 days', 'in 2
    weeks', and '3d' / '2w' (ahead). A day the calendar cannot hold is None too."""
    word = " ".join(text.strip().lower().split())
    try:
        return _day(word, today)
    except (ValueError, OverflowError):
        return None


def _day(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "yesterday":  # a day past may be given: the action shows as overdue
        return today - timedelta(days=1)
    weekday = _weekday(word)
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    match = re.match(_AHEAD, word) or re.match(_IN, word)
    if match:
        count, unit = match.groups()
        amount = int(count) if count.isdigit() else NUMBERS.get(count)
        if amount is None:
            return None
        return today + timedelta(days=amount * (7 if unit.startswith("w") else 1))
    match = re.match(_DAY_MONTH, word)
    if match:
        return _calendar_day(int(match.group(1)), match.group(2), match.group(3), today)
    match = re.match(_MONTH_DAY, word)
    if match:
        return _calendar_day(int(match.group(2)), match.group(1), match.group(3), today)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        return date.fromisoformat(word)
    return None


def _weekday(word: str) -> int | None:
    for number, name in enumerate(WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return number
    return None


def _month(word: str) -> int | None:
    for number, name in enumerate(MONTHS, start=1):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return number
    return None


def _calendar_day(day: int, month_word: str, year: str | None, today: date) -> date | None:
    """'12 March' (2027): with no year, the next 12 March from today (today counts)."""
    month = _month(month_word)
    if month is None:
        return None
    if year is not None:
        return date(int(year), month, day)
    found = date(today.year, month, day) if _exists(today.year, month, day) else None
    if found is not None and found >= today:
        return found
    for ahead in range(1, 9):  # 29 February: the next leap year
        if _exists(today.year + ahead, month, day):
            return date(today.year + ahead, month, day)
    return None


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def split_due(line: str, written_on: date) -> tuple[str, date | None]:
    """An action line and the day it is due by: a line ending in '(by Friday)', '(by 12
    March)', '(by 2026-12-20)', '(in 2 weeks)' or '(due tomorrow)' gives the line without those
    brackets and the day, counted from `written_on`. Any other line, or brackets that name no
    day ('(by the book)'), is kept whole, with no day."""
    match = re.match(_TRAILING, line)
    if not match:
        return line, None
    when = match.group("when")
    if match.group("word").lower() == "in":
        when = f"in {when}"
    day = due_day(when, written_on)
    if day is None:
        return line, None
    return match.group("text"), day
