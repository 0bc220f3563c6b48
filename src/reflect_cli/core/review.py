"""The weekly (or any period's) self-assessment, as plain data: no printing, no database.

`summarise` takes what the store found and a fixed `today`, so every number is testable.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from reflect_cli.core import nmc, tallies
from reflect_cli.core.on_this_day import Remembered, remembered
from reflect_cli.model import Action, Entry

THIN_KINDS = ("text", "line", "actions")  # steps where an empty answer means lost learning
SHORT_WORDS = 5  # an answer of fewer words than this counts as very short
LOW_MOOD = 2  # on the usual 1..5 scale
LOW_MOOD_DAYS = 3


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @classmethod
    def last_days(cls, count: int, today: date) -> Period:
        """`count` calendar days ending today: 7 for --week, 30 for --month."""
        return cls(today - timedelta(days=count - 1), today)


@dataclass(frozen=True)
class ThinStep:
    framework: str
    key: str
    title: str
    empty: int
    short: int
    of: int


@dataclass(frozen=True)
class EntrySummary:
    id: str
    framework: str
    created_at: str
    title: str
    first_words: str
    audio_seconds: float | None = None  # how long its voice notes are, if it has any


@dataclass
class Review:
    period: Period
    today: date
    total: int
    days_reflected: int
    streak: int
    by_framework: dict[str, int]
    tags: dict[str, int]
    mood_average: float | None
    mood_by_day: dict[str, float]
    open_actions: list[Action]
    done_actions: list[Action]
    older_open_actions: list[Action]
    thin_steps: list[ThinStep]
    entries: list[EntrySummary]
    days_with_entries: dict[str, int] = field(default_factory=dict)
    incidents: dict[str, Any] = field(default_factory=lambda: tallies.incidents([]))
    kindness: dict[str, int] = field(default_factory=lambda: tallies.kindness([]))
    nmc: dict[str, Any] | None = None  # set when [nmc] period_start is configured
    marked: int = 0  # entries that may identify someone (privacy.py); 0 with the guard off
    older_open_count: int = 0  # all of them; `older_open_actions` holds the oldest few
    # open actions due by today, whenever promised: the longest overdue first (the first few)
    due_actions: list[Action] = field(default_factory=list)
    due_count: int = 0  # all of them
    # entries from this day in earlier years and months (on_this_day.py), newest first
    on_this_day: list[Remembered] = field(default_factory=list)

    @property
    def low_mood(self) -> bool:
        """The last few days with a mood in the period were all low."""
        recent = [self.mood_by_day[day] for day in sorted(self.mood_by_day)][-LOW_MOOD_DAYS:]
        return len(recent) == LOW_MOOD_DAYS and all(mood <= LOW_MOOD for mood in recent)



OLDER_OPEN_SHOWN = 20  # open actions from before the period, oldest first, in the review


STREAK_LIMIT = 3650  # a streak is counted up to ten years; past that it shows as 3650+


def streak(days_newest_first: Iterable[date | str], today: date) -> int:
    """Consecutive days with an entry, up to today; a day not yet written today does not
    break it (yesterday's streak still counts until today is over). `days_newest_first` may be
    dates or ISO day strings, each once; it is read only as far as the first gap, and no
    further than STREAK_LIMIT days."""
    expected, count = today, 0
    for day in days_newest_first:
        if count == STREAK_LIMIT:
            break
        text = str(day)
        if count == 0 and expected == today and text < today.isoformat():
            expected = today - timedelta(days=1)  # nothing written yet today
        if text > expected.isoformat():
            continue  # a day after today (written with --at in another time zone)
        if text != expected.isoformat():
            break
        count += 1
        expected -= timedelta(days=1)
    return count


def first_words(entry: Entry, words: int = 10) -> str:
    for item in entry.steps:
        if item.step.kind in ("text", "line") and item.answer and item.answer.strip():
            split = item.answer.split()
            return " ".join(split[:words]) + ("…" if len(split) > words else "")
    return ""


def thin_steps(entries: Iterable[Entry]) -> list[ThinStep]:
    """Steps left empty or very short, per framework: where learning gets lost."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    titles: dict[tuple[str, str], str] = {}
    for entry in entries:
        for item in entry.steps:
            if item.step.kind not in THIN_KINDS:
                continue
            slot = counts[(entry.framework, item.step.key)]
            titles[(entry.framework, item.step.key)] = item.step.title
            slot[2] += 1
            words = len((item.answer or "").split())
            if words == 0:
                slot[0] += 1
            elif words < SHORT_WORDS and item.step.kind == "text":  # a line is short by nature
                slot[1] += 1
    found = [
        ThinStep(framework, key, titles[(framework, key)], empty, short, of)
        for (framework, key), (empty, short, of) in counts.items()
        if empty or short
    ]
    return sorted(found, key=lambda t: (-(t.empty + t.short) / t.of, t.framework, t.key))


def summarise(
    entries: list[Entry],
    *,
    period: Period,
    today: date,
    days_with_entries: Iterable[date | str],
    older_open_actions: list[Action],
    done_in_period: list[Action],
    older_open_count: int | None = None,
    nmc_period_start: date | None = None,
    nmc_accounts: int = 0,
    due_actions: tuple[Action, ...] | list[Action] = (),
    due_count: int | None = None,
    this_day_before: Iterable[Entry] = (),
) -> Review:
    """Everything the review shows, from the period's entries (oldest first) and actions;
    `due_actions` are the first few open actions due by today (of `due_count`);
    with `nmc_period_start`, also the NMC accounts written in that three-year period;
    `this_day_before` are the entries of this day in earlier years and months, newest first."""
    by_day: dict[str, list[int]] = defaultdict(list)
    per_day: Counter[str] = Counter()
    for entry in entries:
        day = entry.created_at[:10]
        per_day[day] += 1
        if entry.mood is not None:
            by_day[day].append(entry.mood)
    moods = [m for values in by_day.values() for m in values]
    promised = [
        replace(action, entry_title=entry.title) for entry in entries for action in entry.actions
    ]
    done_ids = {a.id for a in done_in_period}
    done = [a for a in promised if a.done_at and a.id not in done_ids] + done_in_period
    return Review(
        period=period,
        today=today,
        total=len(entries),
        days_reflected=len(per_day),
        streak=streak(days_with_entries, today),
        by_framework=dict(Counter(e.framework for e in entries).most_common()),
        tags=dict(Counter(t for e in entries for t in e.tags).most_common()),
        mood_average=round(sum(moods) / len(moods), 2) if moods else None,
        mood_by_day={
            day: round(sum(values) / len(values), 2) for day, values in sorted(by_day.items())
        },
        open_actions=[a for a in promised if not a.done_at],
        done_actions=sorted(done, key=lambda a: a.done_at or ""),
        older_open_actions=older_open_actions,
        older_open_count=(
            len(older_open_actions) if older_open_count is None else older_open_count
        ),
        due_actions=list(due_actions),
        due_count=len(due_actions) if due_count is None else due_count,
        thin_steps=thin_steps(entries),
        entries=[
            EntrySummary(e.id, e.framework, e.created_at, e.title, first_words(e),
                         sum(n.seconds for n in e.audio) if e.audio else None)
            for e in entries
        ],
        days_with_entries=dict(per_day),
        incidents=tallies.incidents(entries),
        kindness=tallies.kindness(entries),
        nmc=nmc.progress(nmc_period_start, nmc_accounts) if nmc_period_start else None,
        on_this_day=remembered(this_day_before, today),
    )
