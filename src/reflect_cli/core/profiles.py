"""Regulators' profiles (`prompts/profiles/*.yaml`): what a regulator asks for in each period, as
data. A profile names its period (`years`/`months` ending on the day in `[revalidation] date`,
the last `months` up to today with `rolling`, or the calendar year), the standard set its
evidence is linked to, and its requirements, each counting one kind of thing:

- `practice_hours`: practice hours, prorated by days where a stretch crosses the edge;
- `cpd_hours`: CPD hours (filters: `participatory`, `standard`);
- `cpd_points`: CPD points, credits or CEUs: an activity's --points, else its hours (filters:
  `participatory`, `standard`);
- `feedback`: pieces of feedback (filter: `from`, a list of sources);
- `entries`: reflections (filters: `framework`, `tags`: any of them);
- `discussions`: reflective discussions;
- `declaration`: an item to tick (`reflect revalidation tick ID`);
- `reflected`: of the CPD activities and feedback there are, those with a reflection linked.

`window` (years or months) counts a requirement over that long up to the period's end instead
(the GMC's once-in-five-years feedback). `confirmed: false` marks a rule no source confirmed.

A file of the user's own in `<prompts folder>/profiles/` replaces the built-in with its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from reflect_cli.core import data_sets
from reflect_cli.core.review import Period
from reflect_cli.core.standards import SET_ID
from reflect_cli.errors import DataError

FOLDER = "profiles"
COUNTS = ("practice_hours", "cpd_hours", "cpd_points", "feedback", "entries", "discussions",
          "declaration", "reflected")
TOP_KEYS = {"id", "name", "regulator", "source", "period", "standards", "requirements"}
PERIOD_KEYS = {"years", "months", "rolling", "calendar_year"}
REQUIREMENT_KEYS = {"id", "title", "count", "need", "note", "participatory", "from", "framework",
                    "tags", "standard", "window", "confirmed"}
FILTERS = {"participatory": ("cpd_hours", "cpd_points"), "standard": ("cpd_hours", "cpd_points"),
           "from": ("feedback",), "framework": ("entries",), "tags": ("entries",)}


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    count: str  # one of COUNTS
    need: float = 1  # for a declaration, 1; for `reflected`, the number there are
    note: str = ""
    participatory: bool | None = None
    sources: tuple[str, ...] = ()  # feedback from these (all, if none)
    framework: str | None = None
    tags: tuple[str, ...] = ()
    standard: str | None = None
    window: tuple[int, int] | None = None  # (years, months) up to the period's end
    confirmed: bool = True

    def period_within(self, period: Period) -> Period:
        """The days this requirement counts over: the profile's period, or its window."""
        if self.window is None:
            return period
        years, months = self.window
        return Period(_back(period.end, years * 12 + months), period.end)


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    regulator: str
    source: str
    requirements: tuple[Requirement, ...]
    months: int = 12  # the length of a period
    rolling: bool = False  # the last `months` up to today
    calendar_year: bool = False
    standards: str | None = None
    path: Path | None = None
    builtin: bool = False

    @property
    def needs_date(self) -> bool:
        """Whether the period is found from `[revalidation] date` (the day it ends)."""
        return not (self.rolling or self.calendar_year)

    def period(self, end: date | None, today: date) -> Period:
        """The current period: ending on `end` (the `[revalidation] date`), or up to today, or
        the calendar year. `end` must be given when `needs_date`."""
        if self.calendar_year:
            return Period(date(today.year, 1, 1), date(today.year, 12, 31))
        if self.rolling:
            return Period(_back(today, self.months), today)
        if end is None:
            raise ValueError("this profile's period ends on a date")
        return Period(_back(end, self.months), end)

    def requirement(self, item: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == item), None)

    @property
    def declarations(self) -> list[Requirement]:
        return [r for r in self.requirements if r.count == "declaration"]


def _back(end: date, months: int) -> date:
    """The first day of the `months` months that end on `end`: 2028-03-31 and 36 months give
    2025-04-01 (a day the month lacks counts as its last)."""
    total = end.year * 12 + end.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    last_day = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(end.day, last_day)) + timedelta(days=1)


def available() -> dict[str, Profile]:
    """Every profile, the user's own replacing a built-in of the same id."""
    return data_sets.available(FOLDER, load_file)


class UnknownProfile(DataError):
    """No profile has this id (a file that cannot be read is a plain DataError)."""


def get(profile_id: str) -> Profile:
    """The profile with this id, or an UnknownProfile naming those there are."""
    profile, profiles = data_sets.find(FOLDER, profile_id, load_file)
    if profile is None:
        raise UnknownProfile(f"There is no revalidation profile called '{profile_id[:40]}'.",
                        f"There are: {', '.join(sorted(profiles)) or 'none'}.")
    return profile


# -- the files --------------------------------------------------------------------------------


def load_file(path: Path, builtin: bool = False) -> Profile:
    """A profile file, checked; a DataError naming the file and the first problem."""
    return _load(path, path.stat().st_mtime_ns if path.exists() else 0, builtin)


@cache
def _load(path: Path, _stamp: int, builtin: bool) -> Profile:
    from reflect_cli.core.yaml_files import read_mapping

    data = read_mapping(path, "a revalidation profile")
    problems: list[str] = []
    _unknown(data, TOP_KEYS, "", problems)
    profile_id = data.get("id", path.stem)
    if not isinstance(profile_id, str) or not SET_ID.match(profile_id):
        problems.append(f"id '{profile_id}' must use lower-case letters, digits, '-' and '_'")
        profile_id = path.stem
    period = _period(data.get("period"), problems)
    standards = data.get("standards")
    if standards is not None and (not isinstance(standards, str) or not SET_ID.match(standards)):
        problems.append("'standards' must be the id of a standard set, e.g. nmc")
    raw = data.get("requirements")
    if not isinstance(raw, list) or not raw:
        problems.append("'requirements' must be a list with at least one requirement")
        raw = []
    requirements = [_requirement(item, f"requirements[{i}]", problems)
                    for i, item in enumerate(raw)]
    ids = [r.id for r in requirements if r is not None]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        problems.append(f"requirement '{twice[0]}' is given twice")
    for key in ("name", "regulator", "source"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"'{key}' must be text")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DataError(f"{path}: {problems[0]}{more}.", "Fix the file, or move it aside.")
    months, rolling, calendar_year = period
    return Profile(
        id=profile_id, name=str(data.get("name") or profile_id),
        regulator=str(data.get("regulator") or ""), source=str(data.get("source") or ""),
        requirements=tuple(r for r in requirements if r is not None), months=months,
        rolling=rolling, calendar_year=calendar_year, standards=standards, path=path,
        builtin=builtin,
    )


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _length(raw: Any, where: str, problems: list[str]) -> tuple[int, int] | None:
    """`years` and `months` of a period or a window: whole numbers, more than none in all."""
    years, months = raw.get("years", 0), raw.get("months", 0)
    if not _whole(years) or not _whole(months) or years * 12 + months <= 0:
        problems.append(f"{where} needs 'years' or 'months', a whole number above 0")
        return None
    if years * 12 + months > 12 * 50:
        problems.append(f"{where} is longer than 50 years")
        return None
    return years, months


def _period(raw: Any, problems: list[str]) -> tuple[int, bool, bool]:
    if not isinstance(raw, dict):
        problems.append("'period' must be a mapping: years or months, rolling, calendar_year")
        return 12, False, False
    _unknown(raw, PERIOD_KEYS, "period", problems)
    rolling, calendar_year = raw.get("rolling", False), raw.get("calendar_year", False)
    if not isinstance(rolling, bool) or not isinstance(calendar_year, bool):
        problems.append("period: 'rolling' and 'calendar_year' must be true or false")
        return 12, False, False
    if calendar_year:
        return 12, False, True
    length = _length(raw, "period", problems)
    return (length[0] * 12 + length[1] if length else 12), rolling, False


def _requirement(raw: Any, where: str, problems: list[str]) -> Requirement | None:
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a mapping with 'id', 'title' and 'count'")
        return None
    before = len(problems)
    _unknown(raw, REQUIREMENT_KEYS, where, problems)
    item, title, count = raw.get("id"), raw.get("title"), raw.get("count")
    if not isinstance(item, str) or not SET_ID.match(item):
        problems.append(f"{where}.id must use lower-case letters, digits, '-' and '_'")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}.title must be text")
    if count not in COUNTS:
        problems.append(f"{where}.count must be one of: {', '.join(COUNTS)}")
    for name, kinds in FILTERS.items():
        if name in raw and count not in kinds:
            problems.append(f"{where}: '{name}' goes with count {' or '.join(kinds)}")
    need = raw.get("need", 1 if count == "declaration" else None)
    if count in ("declaration", "reflected"):
        if "need" in raw:
            problems.append(f"{where}: a {count} has no 'need'")
        need = 1
    elif not isinstance(need, (int, float)) or isinstance(need, bool) or not 0 <= need < 10**6:
        problems.append(f"{where}.need must be a number of 0 or more")
    window = None
    if "window" in raw:
        if isinstance(raw["window"], dict):
            _unknown(raw["window"], {"years", "months"}, f"{where}.window", problems)
            window = _length(raw["window"], f"{where}.window", problems)
        else:
            problems.append(f"{where}.window must be a mapping: years or months")
    lists = {key: raw.get(key, []) for key in ("from", "tags")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where}.{key} must be a list of text")
    flags = {key: raw.get(key) for key in ("participatory", "confirmed")}
    if any(v is not None and not isinstance(v, bool) for v in flags.values()):
        problems.append(f"{where}: 'participatory' and 'confirmed' must be true or false")
    texts = {key: raw.get(key) for key in ("note", "framework", "standard")}
    if any(v is not None and not isinstance(v, str) for v in texts.values()):
        problems.append(f"{where}: 'note', 'framework' and 'standard' must be text")
    if len(problems) > before:
        return None
    return Requirement(
        id=item, title=title.strip(), count=count, need=need, note=(texts["note"] or "").strip(),
        participatory=flags["participatory"],
        sources=tuple(s.strip().lower() for s in lists["from"]),
        framework=texts["framework"], tags=tuple(t.strip().lower() for t in lists["tags"]),
        standard=(texts["standard"] or "").strip().lower() or None, window=window,
        confirmed=flags["confirmed"] is not False,
    )


def _unknown(data: dict[str, Any], allowed: set[str], where: str, problems: list[str]) -> None:
    for key in data:
        if key not in allowed:
            place = f"{where}: " if where else ""
            problems.append(f"{place}unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")
