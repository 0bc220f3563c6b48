"""Actions that come back: due days (`reflect actions due`, `(by Friday)` at the end of an
action line), shown first in the review and on the home screen; `actions done` with several ids."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reflect_cli.core import clock
from reflect_cli.core.due import due_day, split_due
from reflect_cli.db.store import Store

TODAY = date(2026, 3, 4)  # a Wednesday
WRITTEN = date(2026, 3, 2)  # the Monday the reflection was written
PLAN = (
    "Use SBAR (by Friday)\n"
    "Ask for help earlier (in 2 weeks)\n"
    "Book the course (by 12 March)\n"
    "Call pharmacy (by 2026-12-20)\n"
    "Read the policy (by the book)\n"
    "  Rest more   (in 3 days)"
)


@pytest.fixture(autouse=True)
def today():
    """Every test here runs on Wednesday 4 March 2026 (core/clock.py's fixed clock)."""
    with clock.fixed(TODAY):
        yield TODAY


@pytest.fixture
def written(cli) -> list[dict]:
    """A Rolfe reflection of Monday 2 March with PLAN as its action plan; its actions."""
    answers = json.dumps({"what": "A missed handover", "now_what": PLAN})
    result = cli("rolfe", "--answers", "-", "--at", WRITTEN.isoformat(), input=answers)
    assert result.exit_code == 0, result.stderr
    return json.loads(cli("actions", "--json").stdout)


def by_text(actions: list[dict]) -> dict[str, dict]:
    return {a["text"]: a for a in actions}


# -- the days it understands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "day"),
    [
        ("2026-12-20", date(2026, 12, 20)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 3, 5)),
        ("yesterday", date(2026, 3, 3)),
        ("3d", date(2026, 3, 7)),
        ("2w", date(2026, 3, 18)),
        ("in 3 days", date(2026, 3, 7)),
        ("in 2 weeks", date(2026, 3, 18)),
        ("in a week", date(2026, 3, 11)),
        ("friday", date(2026, 3, 6)),
        ("Fri", date(2026, 3, 6)),
        ("wednesday", date(2026, 3, 11)),  # the next one: today is a Wednesday
        ("12 March", date(2026, 3, 12)),
        ("March 12", date(2026, 3, 12)),
        ("12th Mar", date(2026, 3, 12)),
        ("1 March", date(2027, 3, 1)),  # already past this year: the next one
        ("12 March 2025", date(2025, 3, 12)),
        ("29 February", date(2028, 2, 29)),
    ],
)
def test_due_days(when: str, day: date) -> None:
    assert due_day(when, TODAY) == day


@pytest.mark.parametrize("when", ["someday", "", "next friday", "2026-02-30", "32 March",
                                  "in lots of weeks", "99999999w", "12 Smarch"])
def test_what_is_not_a_due_day(when: str) -> None:
    assert due_day(when, TODAY) is None


@pytest.mark.parametrize(
    ("line", "text", "day"),
    [
        ("Use SBAR (by Friday)", "Use SBAR", date(2026, 3, 6)),
        ("Use SBAR (BY friday) ", "Use SBAR", date(2026, 3, 6)),
        ("Ask earlier (in 2 weeks)", "Ask earlier", date(2026, 3, 16)),
        ("Ask earlier (due tomorrow)", "Ask earlier", date(2026, 3, 3)),
        ("Read it (by the book)", "Read it (by the book)", None),
        ("Use SBAR by Friday", "Use SBAR by Friday", None),  # no brackets: words, not a day
        ("(by Friday) Use SBAR", "(by Friday) Use SBAR", None),  # only at the end
        ("(by Friday)", "(by Friday)", None),  # nothing else to do: kept whole
        ("Talk to [the team] (by 2026-12-20)", "Talk to [the team]", date(2026, 12, 20)),
    ],
)
def test_the_trailing_phrase_counted_from_the_entrys_day(line: str, text: str, day) -> None:
    assert split_due(line, WRITTEN) == (text, day)


# -- written in an action plan -----------------------------------------------------------------


def test_an_action_plan_sets_due_days_and_keeps_the_answer_as_typed(cli, written) -> None:
    actions = by_text(written)
    assert actions["Use SBAR"]["due"] == "2026-03-06"  # the Friday after Monday the 2nd
    assert actions["Ask for help earlier"]["due"] == "2026-03-16"
    assert actions["Book the course"]["due"] == "2026-03-12"
    assert actions["Call pharmacy"]["due"] == "2026-12-20"
    assert actions["Rest more"]["due"] == "2026-03-05"
    assert actions["Read the policy (by the book)"]["due"] is None
    entry = json.loads(cli("show", written[0]["entry_id"], "--json").stdout)
    answer = next(s["answer"] for s in entry["steps"] if s["key"] == "now_what")
    assert answer == PLAN  # byte for byte
    exported = json.loads(cli("export", "--include-marked").stdout)["entries"][0]
    assert next(s["answer"] for s in exported["steps"] if s["key"] == "now_what") == PLAN
    assert {a["text"]: a["due"] for a in exported["actions"]} == {
        a["text"]: a["due"] for a in written
    }


def test_show_and_markdown_say_the_due_day(cli, written) -> None:
    shown = cli("show", written[0]["entry_id"]).stdout
    assert "Use SBAR (by 2026-03-06)" in shown
    markdown = cli("export", "--format", "markdown", "--include-marked").stdout
    assert "Use SBAR (by 2026-03-06)" in markdown


def test_an_edit_keeps_a_day_set_later_unless_the_line_changes(cli, written, db_path) -> None:
    sbar = by_text(written)["Use SBAR"]["id"]
    assert cli("actions", "due", sbar, "2w").exit_code == 0
    store = Store.open(db_path)
    try:
        entry = store.get(written[0]["entry_id"])
        store.update_entry(entry.id, entry.title, [], {"now_what": PLAN + "\nSleep"})
        assert store.action(sbar).due == "2026-03-18"  # its line did not change
        changed = (PLAN + "\nSleep").replace("Use SBAR (by Friday)", "Use SBAR (by Monday)")
        store.update_entry(entry.id, entry.title, [], {"now_what": changed})
        assert store.action(sbar).due == "2026-03-09"  # the line says so now
        new = next(a for a in store.get(entry.id).actions if a.text == "Sleep")
        assert new.due is None
    finally:
        store.close()


# -- reflect actions due -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "due", "said"),
    [
        ("friday", "2026-03-06", "Due Friday (2026-03-06): Ask for help earlier"),
        ("today", "2026-03-04", "Due today"),
        ("tomorrow", "2026-03-05", "Due tomorrow"),
        ("3d", "2026-03-07", "Due Saturday"),
        ("2w", "2026-03-18", "Due 18 Mar"),
        ("2026-12-20", "2026-12-20", "Due 20 Dec"),
        ("2026-03-01", "2026-03-01", "Was due 3 days ago"),  # a day past is allowed
    ],
)
def test_actions_due_sets_the_day(cli, written, when, due, said) -> None:
    action = by_text(written)["Ask for help earlier"]["id"]
    result = cli("actions", "due", action[:6], when)
    assert result.exit_code == 0, result.stderr
    assert said in result.stdout
    now = by_text(json.loads(cli("actions", "--json").stdout))
    assert now["Ask for help earlier"]["due"] == due


def test_actions_due_clear(cli, written) -> None:
    action = by_text(written)["Use SBAR"]["id"]
    result = cli("actions", "due", action, "--clear")
    assert result.exit_code == 0 and "No due day now: Use SBAR" in result.stdout
    assert by_text(json.loads(cli("actions", "--json").stdout))["Use SBAR"]["due"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("someday",), "'someday' is not a day I understand."),
        (("next friday",), "is not a day I understand"),
        ((), "When is it due?"),
        (("friday", "--clear"), "not both"),
    ],
)
def test_actions_due_bad_when(cli, written, args, message) -> None:
    action = written[0]["id"][:8]
    result = cli("actions", "due", action, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert f"reflect actions due {action} friday" in result.stderr  # an example to copy
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 2
    assert json.loads(cli("actions", "--json").stdout) == written  # nothing changed


def test_actions_due_unknown_action(cli, written) -> None:
    result = cli("actions", "due", "ffffffff", "friday")
    assert result.exit_code == 1 and "No action has an id starting 'ffffffff'" in result.stderr


def test_the_actions_list_says_when_each_is_due(cli, written) -> None:
    cli("actions", "due", by_text(written)["Book the course"]["id"], "2026-02-25")
    shown = cli("actions").stdout
    assert "due Friday" in shown and "due tomorrow" in shown
    assert "was due 1 week ago" not in shown and "was due 7 days ago" in shown
    assert "overdue" not in shown.lower()


# -- the review and the home screen show what is due first -----------------------------------


def test_the_review_shows_due_actions_first_with_their_ids(cli, written) -> None:
    actions = by_text(written)
    cli("actions", "due", actions["Call pharmacy"]["id"], "2026-03-01")
    cli("actions", "due", actions["Use SBAR"]["id"], "today")
    view = cli("review").stdout
    due_at = view.index("Due now:")
    assert due_at < view.index("Promised in this period")
    pharmacy = view.index(f"{actions['Call pharmacy']['id'][:8]} ☐ Call pharmacy")
    sbar = view.index(f"{actions['Use SBAR']['id'][:8]} ☐ Use SBAR")
    assert due_at < pharmacy < sbar  # the longest overdue first
    assert "was due 3 days ago" in view and "due today" in view
    assert view.count("Call pharmacy") == 1  # shown once, not again under the period's
    for action in written:
        assert f"{action['id'][:8]} " in view
    assert "overdue" not in view.lower()


def test_review_json_has_due_actions_and_due_on_every_action(cli, written) -> None:
    cli("actions", "due", by_text(written)["Use SBAR"]["id"], "yesterday")
    document = json.loads(cli("review", "--json").stdout)
    assert [a["text"] for a in document["due_actions"]] == ["Use SBAR"]
    assert document["due_count"] == 1
    assert document["due_actions"][0]["due"] == "2026-03-03"
    assert all("due" in a for a in document["open_actions"])
    assert by_text(document["open_actions"])["Book the course"]["due"] == "2026-03-12"


def test_an_action_from_long_ago_that_is_due_shows_in_the_review(cli) -> None:
    cli("quick", "--answers", "-", "--at", "2025-12-01",
        input="what_mattered: x\ntomorrow: Ask about the rota (by 2026-03-04)\n")
    document = json.loads(cli("review", "--json").stdout)
    assert [a["text"] for a in document["due_actions"]] == ["Ask about the rota"]
    view = cli("review").stdout
    assert "Due now:" in view and "Ask about the rota  · due today" in view
    assert view.count("Ask about the rota") == 1


def test_the_home_screen_shows_what_is_due(cli, written) -> None:
    home = cli().stdout
    assert "Due now:" not in home  # nothing due by today yet
    sbar = by_text(written)["Use SBAR"]["id"]
    cli("actions", "due", sbar, "2026-03-02")
    home = cli().stdout
    assert "Due now:" in home
    assert f"{sbar[:8]} ☐ Use SBAR  · was due 2 days ago" in home
    assert "reflect actions done" in home
    assert home.index("Due now:") < home.index("reflect quick")
    cli("actions", "done", sbar)
    assert "Due now:" not in cli().stdout


def test_the_home_screen_shows_three_due_and_counts_the_rest(cli, written) -> None:
    for action in written:
        cli("actions", "due", action["id"], "today")
    home = cli().stdout
    assert home.count("· due today") == 3
    assert f"… and {len(written) - 3} more: reflect actions" in home


# -- done with several ids, all or nothing -----------------------------------------------------


def test_done_takes_several_ids(cli, written) -> None:
    first, second = written[0]["id"], written[1]["id"]
    result = cli("actions", "done", first[:6], second[:8], first, "--note", "Both went well")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Done:") == 2
    everything = by_text(json.loads(cli("actions", "--all", "--json").stdout))
    for text in ("Use SBAR", "Ask for help earlier"):
        assert everything[text]["done_at"] and everything[text]["note"] == "Both went well"
    assert not everything["Book the course"]["done_at"]


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (["ffffffff"], "No action has an id starting 'ffffffff'. Nothing was marked done."),
        (["abc"], "'abc' is too short to name an action. Nothing was marked done."),
        (["ffffffff", "abc"], "These ids name no single action: 'ffffffff', 'abc'."),
    ],
)
def test_done_with_an_unknown_id_changes_nothing(cli, written, wrong, message) -> None:
    result = cli("actions", "done", written[0]["id"], *wrong, written[1]["id"])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
    assert json.loads(cli("actions", "--json").stdout) == written  # none was marked


def test_done_with_an_ambiguous_id_changes_nothing(cli, tmp_path: Path) -> None:
    entry = {
        "id": "0f8e2c8a-5d4e-4c1b-9a53-8e1f4f2b7a10", "framework": "quick",
        "created_at": "2026-03-02T21:00:00+03:00", "updated_at": "2026-03-02T21:00:00+03:00",
        "title": "Two actions", "tags": [], "mood": None, "steps": [],
        "actions": [
            {"id": "abcdef12-0000-4000-8000-000000000001", "text": "One", "done_at": None,
             "note": None},
            {"id": "abcdef12-0000-4000-8000-000000000002", "text": "Two", "done_at": None,
             "note": None},
            {"id": "12345678-0000-4000-8000-000000000003", "text": "Three", "done_at": None,
             "note": None},
        ],
    }
    source = tmp_path / "two.json"
    source.write_text(json.dumps({"format": "reflect-export", "version": 1, "entries": [entry]}))
    assert cli("import", str(source)).exit_code == 0
    result = cli("actions", "done", "123456", "abcdef")
    assert result.exit_code == 1
    assert "More than one action has an id starting 'abcdef'" in result.stderr
    assert "Nothing was marked done." in result.stderr
    assert all(a["done_at"] is None for a in json.loads(cli("actions", "--json").stdout))


# -- export and import keep due days -----------------------------------------------------------


def test_export_import_round_trip_keeps_due_days(cli, written, tmp_path: Path) -> None:
    cli("actions", "due", by_text(written)["Read the policy (by the book)"]["id"], "friday")
    backup = tmp_path / "backup.json"
    assert cli("export", "--include-marked", "-o", str(backup)).exit_code == 0
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "import", str(backup)).exit_code == 0
    there = json.loads(cli("--db", str(other), "actions", "--json").stdout)
    here = json.loads(cli("actions", "--json").stdout)
    assert [(a["id"], a["text"], a["due"]) for a in there] == [
        (a["id"], a["text"], a["due"]) for a in here
    ]
    assert by_text(there)["Read the policy (by the book)"]["due"] == "2026-03-06"


def test_an_export_without_due_days_still_imports(cli, written, tmp_path: Path) -> None:
    document = json.loads(cli("export", "--include-marked").stdout)
    for entry in document["entries"]:
        for action in entry["actions"]:
            del action["due"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document))
    other = tmp_path / "other.db"
    result = cli("--db", str(other), "import", str(old))
    assert result.exit_code == 0, result.stderr
    assert all(a["due"] is None for a in json.loads(cli("--db", str(other), "actions",
                                                        "--json").stdout))


@pytest.mark.parametrize("due", ["Friday", "2026-3-6", 20260306, "2026-03-06T12:00:00+03:00"])
def test_import_refuses_a_due_that_is_not_an_iso_day(cli, written, tmp_path: Path, due) -> None:
    document = json.loads(cli("export", "--include-marked").stdout)
    document["entries"][0]["actions"][0]["due"] = due
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    result = cli("--db", str(tmp_path / "other.db"), "import", str(bad))
    assert result.exit_code == 1
    assert "entries[0].actions[0].due" in result.stderr


def test_a_journal_from_before_due_days_is_upgraded_with_its_actions(cli, db_path) -> None:
    from sqlite_utils import Database

    from reflect_cli.db.migrations import migration_set

    db_path.parent.mkdir(parents=True)
    older = Database(str(db_path))
    migration_set().apply(older, stop_before="m005_action_due_dates")
    assert "due" not in older["actions"].columns_dict
    moment = "2026-03-02T21:00:00+03:00"
    older["entries"].insert({"id": "e1", "framework": "quick", "title": "Old", "status": "done",
                             "created_at": moment, "day": "2026-03-02", "updated_at": moment})
    older["actions"].insert({"id": "a1b2c3d4", "entry_id": "e1", "position": 1,
                             "created_at": moment, "text": "Ask for help (by Friday)"})
    older.close()
    actions = json.loads(cli("actions", "--json").stdout)
    assert [(a["text"], a["due"]) for a in actions] == [("Ask for help (by Friday)", None)]
    assert cli("actions", "due", "a1b2c3", "friday").exit_code == 0
