"""Review computations as pure functions with a fixed `today`."""

from __future__ import annotations

from datetime import date

from reflect_cli.core.review import Period, streak, summarise, thin_steps
from reflect_cli.model import Action, Entry, Step, StepAnswer
from reflect_cli.output import shapes

TODAY = date(2026, 3, 2)  # a Monday, just after the end of February


def entry(day: str, framework: str = "quick", mood: int | None = None, tags=(), answers=None,
          actions=(), time: str = "21:00:00+03:00") -> Entry:
    if answers is None:
        answers = {"what": "Something worth keeping from today on the ward"}
    steps = [
        StepAnswer(Step(key, key.replace("_", " ").title(), f"{key}?",
                        kind="actions" if key == "plan" else "text"), n, text, True)
        for n, (key, text) in enumerate(answers.items(), start=1)
    ]
    created = f"{day}T{time}"
    entry_id = f"id-{day}-{framework}-{mood}"
    return Entry(
        id=entry_id, framework=framework, title=f"On {day}", status="done", created_at=created,
        updated_at=created, mood=mood, tags=list(tags), steps=steps,
        actions=[Action(f"a-{entry_id}-{i}", entry_id, text, created, done, None)
                 for i, (text, done) in enumerate(actions)],
    )


def run(entries, period=None, days=None, older=(), done=()):
    period = period or Period.last_days(7, TODAY)
    if days is None:
        days = sorted({date.fromisoformat(e.created_at[:10]) for e in entries}, reverse=True)
    return summarise(entries, period=period, today=TODAY, days_with_entries=days,
                     older_open_actions=list(older), done_in_period=list(done))


def test_week_period_is_seven_days_ending_today() -> None:
    period = Period.last_days(7, TODAY)
    assert (period.start, period.end) == (date(2026, 2, 24), TODAY)
    assert len(period.days) == 7
    assert Period.last_days(30, TODAY).start == date(2026, 2, 1)


def test_streak_across_a_month_end() -> None:
    days = [date(2026, 3, 2), date(2026, 3, 1), date(2026, 2, 28), date(2026, 2, 27),
            date(2026, 2, 25)]
    assert streak(days, TODAY) == 4


def test_streak_survives_until_today_is_over_but_not_a_missed_day() -> None:
    assert streak([date(2026, 3, 1), date(2026, 2, 28)], TODAY) == 2
    assert streak([date(2026, 2, 28)], TODAY) == 0
    assert streak([], TODAY) == 0


def test_leap_year_streak() -> None:
    leap_today = date(2024, 3, 1)
    days = [date(2024, 3, 1), date(2024, 2, 29), date(2024, 2, 28)]
    assert streak(days, leap_today) == 3


def test_day_is_the_local_day_written_not_the_utc_day() -> None:
    # 23:30 at +03:00 is 20:30 UTC the same day; 01:30 at +03:00 is the previous UTC day
    late = entry("2026-03-01", time="01:30:00+03:00")
    summary = run([late])
    assert summary.days_with_entries == {"2026-03-01": 1}


def test_empty_period() -> None:
    summary = run([])
    assert (summary.total, summary.days_reflected, summary.streak) == (0, 0, 0)
    assert summary.mood_average is None and summary.mood_by_day == {}
    assert summary.thin_steps == [] and summary.entries == []
    assert shapes.review(summary)["period"] == {"start": "2026-02-24", "end": "2026-03-02"}


def test_counts_frameworks_tags_and_mood() -> None:
    entries = [
        entry("2026-02-27", mood=2, tags=["handover"]),
        entry("2026-02-27", "gibbs", mood=4, tags=["handover", "nights"]),
        entry("2026-03-01", mood=3),
    ]
    summary = run(entries)
    assert summary.total == 3 and summary.days_reflected == 2
    assert summary.by_framework == {"quick": 2, "gibbs": 1}
    assert summary.tags == {"handover": 2, "nights": 1}
    assert summary.mood_average == 3.0
    assert summary.mood_by_day == {"2026-02-27": 3.0, "2026-03-01": 3.0}


def test_low_mood_for_several_days_is_noticed() -> None:
    low = [entry(f"2026-02-{d}", mood=m) for d, m in ((26, 4), (27, 2), (28, 1))]
    assert not run(low).low_mood
    low.append(entry("2026-03-01", mood=2))
    assert run(low).low_mood
    low.append(entry("2026-03-02", mood=4))
    assert not run(low).low_mood


def test_thin_steps_counts_empty_and_short_per_framework() -> None:
    entries = [
        entry("2026-02-27", "gibbs", answers={"analysis": "", "plan": "Do it"}),
        entry("2026-02-28", "gibbs", answers={"analysis": "too short", "plan": ""}),
        entry("2026-03-01", "gibbs", answers={"analysis": "a real paragraph of thinking here",
                                              "plan": "x"}),
    ]
    thin = {(t.key, t.empty, t.short, t.of) for t in thin_steps(entries)}
    assert thin == {("analysis", 1, 1, 3), ("plan", 1, 0, 3)}


def test_scale_and_choice_steps_are_not_thin() -> None:
    e = entry("2026-03-01")
    e.steps.append(StepAnswer(Step("mood", "Mood", "?", kind="scale"), 9, "", True))
    assert thin_steps([e]) == []


def test_actions_promised_done_and_waiting() -> None:
    entries = [entry("2026-02-27", actions=[("Use SBAR", "2026-03-01T08:00:00+03:00"),
                                             ("Ask earlier", None)])]
    older = Action("old", "e0", "Take breaks", "2026-01-10T09:00:00+03:00",
                   entry_title="Old entry")
    done_elsewhere = Action("d", "e1", "Sleep", "2026-01-02T09:00:00+03:00",
                            "2026-02-28T10:00:00+03:00", "better", entry_title="Jan")
    summary = run(entries, older=[older], done=[done_elsewhere])
    assert [a.text for a in summary.open_actions] == ["Ask earlier"]
    assert [a.text for a in summary.done_actions] == ["Sleep", "Use SBAR"]
    assert [a.text for a in summary.older_open_actions] == ["Take breaks"]
    document = shapes.review(summary)
    assert set(document["open_actions"][0]) >= {"id", "text", "entry_id", "created_at", "done_at"}


def test_json_has_the_documented_keys() -> None:
    document = shapes.review(run([entry("2026-03-01", mood=3)]))
    assert {"period", "total", "days_reflected", "streak", "by_framework", "tags", "mood",
            "open_actions", "done_actions", "thin_steps", "entries"} <= set(document)
    assert document["mood"] == {"average": 3.0, "by_day": {"2026-03-01": 3.0}}
    assert set(document["entries"][0]) == {
        "id", "framework", "created_at", "title", "audio_seconds"
    }


def test_streak_reads_only_as_far_as_the_first_gap() -> None:
    def days():
        yield "2026-03-02"
        yield "2026-03-01"
        yield "2026-02-27"  # the gap: nothing after this may be read
        raise AssertionError("read past the first gap")

    assert streak(days(), TODAY) == 2


def test_streak_stops_counting_at_ten_years() -> None:
    from datetime import timedelta

    from reflect_cli.core.review import STREAK_LIMIT

    every_day = (TODAY - timedelta(days=n) for n in range(STREAK_LIMIT * 2))
    assert streak(every_day, TODAY) == STREAK_LIMIT
