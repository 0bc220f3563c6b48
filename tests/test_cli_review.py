"""`reflect review` end to end on a real database."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


@pytest.fixture
def week(cli) -> None:
    cli("quick", "--answers", "-", "--at", ago(2), "-t", "nights",
        input="mood: 2\nwhat_mattered: A hard death on the ward tonight, handled with care\n"
              "tomorrow: Debrief at nine\n")
    cli("gibbs", "--answers", "-", "--at", ago(1), "-t", "handover", "--title", "Handover",
        input="description: A new admission was not handed over to nights\n"
              "action_plan: Use SBAR\n")
    cli("quick", "Calm shift today, the team was great", "--at", ago(20))


def test_review_week_json(cli, week) -> None:
    result = cli("review", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["period"] == {"start": ago(6), "end": ago(0)}
    assert document["total"] == 2 and document["days_reflected"] == 2
    assert document["streak"] == 2
    assert document["by_framework"] == {"quick": 1, "gibbs": 1}
    assert document["tags"] == {"nights": 1, "handover": 1}
    assert document["mood"]["average"] == 2
    assert [a["text"] for a in document["open_actions"]] == ["Debrief at nine", "Use SBAR"]
    thin = {(t["framework"], t["key"]) for t in document["thin_steps"]}
    assert ("gibbs", "analysis") in thin
    assert [e["title"] for e in document["entries"]][1] == "Handover"


def test_review_month_and_since(cli, week) -> None:
    assert json.loads(cli("review", "--month", "--json").stdout)["total"] == 3
    assert json.loads(cli("review", "--since", "3w", "--json").stdout)["total"] == 3
    document = json.loads(cli("review", "--since", ago(30), "--until", ago(10), "--json").stdout)
    assert document["total"] == 1


def test_review_filters(cli, week) -> None:
    assert json.loads(cli("review", "-t", "handover", "--json").stdout)["total"] == 1
    assert json.loads(cli("review", "--framework", "quick", "--json").stdout)["total"] == 1


def test_review_terminal_output(cli, week) -> None:
    result = cli("review")
    assert result.exit_code == 0
    out = result.stdout
    assert "Your week" in out
    assert "2 reflections on 2 of 7 days" in out
    assert "2-day streak" in out
    assert "■" in out
    assert "Analysis was empty in 1 of 1 gibbs entries" in out
    assert "Debrief at nine" in out
    assert "Handover" in out
    assert max(len(line) for line in out.splitlines()) <= 120


def test_review_fits_80_columns(cli, week, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("review", "--month").stdout
    assert max(len(line) for line in out.splitlines()) <= 80


def test_review_long_period_heatmap(cli, week, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("review", "--since", "365d").stdout
    assert "3 reflections" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_empty_review_is_kind(cli) -> None:
    result = cli("review")
    assert result.exit_code == 0
    assert "No reflections in this period yet" in result.stdout
    assert "reflect quick" in result.stdout


def test_older_open_actions_are_still_shown(cli) -> None:
    cli("rolfe", "--answers", "-", "--at", ago(40), input="what: x\nnow_what: Book the course\n")
    document = json.loads(cli("review", "--json").stdout)
    assert document["total"] == 0
    assert [a["text"] for a in document["older_open_actions"]] == ["Book the course"]
    assert "Book the course" in cli("review").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "--month"], "Choose one"),
        (["--until", "today"], "--until goes with --since"),
        (["--since", "today", "--until", "yesterday"], "after --until"),
        (["--since", "the dawn of time"], "--since"),
    ],
)
def test_review_bad_options(cli, args, message) -> None:
    result = cli("review", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_review_says_the_year_labels_the_months_and_lists_actions_with_ids(cli, week) -> None:
    start, today = date.today() - timedelta(days=364), date.today()
    shown = cli("review", "--since", "365d").stdout
    heading = shown.splitlines()[0]
    assert str(today.year) in heading and f"{start:%b}" in heading
    calendar = shown.splitlines()[4]  # the row of month names above the weeks
    assert f"{today:%b}" in calendar and sum(f" {m} " in f" {calendar} " for m in (
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    )) >= 10
    actions = json.loads(cli("actions", "--json").stdout)
    week_view = cli("review", "--week").stdout
    for action in actions:
        assert f"{action['id'][:8]} " in week_view  # the id that `actions done` takes
    assert "reflect actions done ID" in week_view


def test_a_long_error_wraps_between_words_at_a_terminal(monkeypatch, capsys) -> None:
    import os
    import sys

    from reflect_cli.errors import report

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback: os.terminal_size((40, 20)))
    report("/tmp/journal.db is an SQLite database, but not a reflect one. It was left untouched.")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) > 1 and all(len(line) <= 40 for line in lines)
    assert " ".join(line.strip() for line in lines).endswith("It was left untouched.")
