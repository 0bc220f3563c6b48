"""On this day: `reflect list --on-this-day`, and the review's "On this day" (and its
`on_this_day` in `review --json`), with "today" fixed by the clock."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rich.cells import cell_len

from reflect_cli.core import clock
from reflect_cli.core.on_this_day import ago, days, month_days

TODAY = date(2026, 3, 10)


def write(cli, text: str, day: str) -> None:
    with clock.fixed(date(2030, 1, 1)):  # any day after the ones written
        result = cli("quick", text, "--at", day)
    assert result.exit_code == 0, result.output


@pytest.fixture
def years(cli) -> None:
    write(cli, "Two years back", "2024-03-10")
    write(cli, "A year back", "2025-03-10")
    write(cli, "The day after, a year back", "2025-03-11")
    write(cli, "Two months back", "2026-01-10")
    write(cli, "A month back", "2026-02-10")
    write(cli, "Yesterday", "2026-03-09")
    write(cli, "Today itself", "2026-03-10")
    write(cli, "Next month", "2026-04-10")


def listed(cli, *extra: str, today: date = TODAY) -> list[dict]:
    with clock.fixed(today):
        result = cli("list", "--on-this-day", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_on_this_day_finds_earlier_years_and_months(cli, years) -> None:
    found = listed(cli)
    assert [(e["title"], e["label"]) for e in found] == [
        ("A month back", "A month ago"),
        ("Two months back", "2 months ago"),
        ("A year back", "A year ago"),
        ("Two years back", "2 years ago"),
    ]
    assert [(e["years_ago"], e["months_ago"]) for e in found] == [(0, 1), (0, 2), (1, 0), (2, 0)]
    assert {"id", "created_at", "title", "starred"} <= set(found[0])


def test_list_on_this_day_on_screen_says_how_long_ago(cli, years) -> None:
    with clock.fixed(TODAY):
        out = cli("list", "--on-this-day").stdout
    lines = out.splitlines()
    assert lines[0] == "A month ago"
    assert [line for line in lines if line.endswith("ago")] == [
        "A month ago", "2 months ago", "A year ago", "2 years ago"
    ]
    assert out.index("2 months ago") < out.index("Two months back") < out.index("A year ago")
    assert "Yesterday" not in out and "Today itself" not in out and "Next month" not in out
    assert out.count("title · first words") == 1  # one heading for the whole list


def test_list_on_this_day_goes_with_the_other_filters(cli, years) -> None:
    assert [e["title"] for e in listed(cli, "--since", "2025-01-01")] == [
        "A month back", "Two months back", "A year back"
    ]
    assert [e["title"] for e in listed(cli, "-n", "1")] == ["A month back"]
    entry_id = listed(cli)[2]["id"]
    cli("star", entry_id)
    assert [e["title"] for e in listed(cli, "--starred")] == ["A year back"]


def test_on_this_day_at_40_columns(cli, years, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    with clock.fixed(TODAY):
        out = cli("list", "--on-this-day").stdout
    assert "A year ago" in out and "A year back" in out
    assert all(cell_len(line.rstrip()) <= 40 for line in out.splitlines())


def test_nothing_on_this_day_is_said_kindly(cli, years) -> None:
    with clock.fixed(date(2026, 3, 20)):
        result = cli("list", "--on-this-day")
        assert cli("list", "--on-this-day", "--json").stdout.strip() == "[]"
    assert result.exit_code == 0
    assert result.stdout.startswith("Nothing from this day in earlier months or years yet.")


def test_a_leap_day_comes_back_on_the_28th(cli) -> None:
    write(cli, "Leap day", "2024-02-29")
    write(cli, "The 28th", "2026-02-28")
    assert [e["title"] for e in listed(cli, today=date(2027, 2, 28))] == ["The 28th", "Leap day"]
    assert listed(cli, today=date(2027, 2, 28))[1]["label"] == "3 years ago"
    assert [e["title"] for e in listed(cli, today=date(2028, 2, 28))] == ["The 28th"]
    assert [e["title"] for e in listed(cli, today=date(2028, 2, 29))] == ["Leap day"]


def test_the_rules() -> None:
    assert month_days(date(2026, 3, 10)) == ((3, 10),)
    assert month_days(date(2027, 2, 28)) == ((2, 28), (2, 29))
    assert month_days(date(2028, 2, 28)) == ((2, 28),)
    assert days(TODAY, date(2024, 5, 1)) == [
        date(2025, 3, 10), date(2026, 1, 10), date(2026, 2, 10)
    ]
    assert days(date(2026, 3, 31), date(2026, 1, 1)) == [date(2026, 1, 31)]  # no 31 February
    assert days(date(2027, 2, 28), date(2023, 1, 1)) == [
        date(2023, 2, 28), date(2024, 2, 28), date(2024, 2, 29), date(2025, 2, 28),
        date(2026, 2, 28), date(2027, 1, 28),
    ]
    assert len(days(TODAY, date(1, 1, 1))) == 2025 + 2  # a journal back-filled to the year 1
    assert ago(date(2016, 3, 10), TODAY) == (10, 0)
    assert ago(date(2026, 1, 10), TODAY) == (0, 2)


# -- the review ----------------------------------------------------------------------------


def test_review_shows_on_this_day_when_there_is_something(cli, years) -> None:
    with clock.fixed(TODAY):
        out = cli("review").stdout
        document = json.loads(cli("review", "--json").stdout)
    section = out[out.index("On this day"):]
    assert "A month ago you wrote: A month back" in section
    assert "2 years ago you wrote: Two years back" in section
    assert section.index("A month ago") < section.index("A year ago you wrote: A year back")
    assert "Yesterday" not in section and "Today itself" not in section
    assert [e["title"] for e in document["on_this_day"]] == [
        "A month back", "Two months back", "A year back", "Two years back"
    ]
    assert document["on_this_day"][2]["label"] == "A year ago"


def test_review_says_nothing_of_on_this_day_when_there_is_nothing(cli, years) -> None:
    with clock.fixed(date(2026, 3, 20)):
        out = cli("review").stdout
        document = json.loads(cli("review", "--json").stdout)
    assert "On this day" not in out and "ago you wrote" not in out
    assert document["on_this_day"] == []


def test_review_on_this_day_follows_its_filters_and_shows_a_few(cli) -> None:
    for year in range(2015, 2026):
        write(cli, f"Written in {year}", f"{year}-03-10")
    with clock.fixed(TODAY):
        out = cli("review").stdout
        narrowed = json.loads(cli("review", "--json", "-t", "nights").stdout)
    assert "A year ago you wrote: Written in 2025" in out
    assert "… and 6 more: reflect list --on-this-day" in out
    assert "Written in 2020" not in out
    assert narrowed["on_this_day"] == []


def test_a_title_on_this_day_is_text_not_markup(cli) -> None:
    write(cli, "[red]not red[/red] \x1b[2J", "2025-03-10")
    with clock.fixed(TODAY):
        out = cli("review").stdout
    assert "A year ago you wrote: [red]not red[/red] ␛[2J" in out and "\x1b" not in out


def test_a_journal_reaching_back_to_the_year_1_still_works(cli) -> None:
    write(cli, "The first day of the calendar, nearly", "0001-03-10")
    write(cli, "A year back", "2025-03-10")
    assert [e["title"] for e in listed(cli)] == [
        "A year back", "The first day of the calendar, nearly"
    ]
    assert listed(cli)[1]["label"] == "2025 years ago"
