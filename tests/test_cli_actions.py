"""`reflect actions` and `reflect actions done`: closing the loop."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def promised(cli) -> list[dict]:
    cli("rolfe", "--answers", "-", "--at", "3d",
        input="what: A missed handover\nnow_what: |\n  Use SBAR\n  Ask for help earlier\n")
    return json.loads(cli("actions", "--json").stdout)


def test_actions_lists_open_with_age_and_source(cli, promised) -> None:
    assert [a["text"] for a in promised] == ["Use SBAR", "Ask for help earlier"]
    out = cli("actions").stdout
    assert "Use SBAR" in out and "3 days" in out and "A missed handover" in out
    assert promised[0]["id"][:8] in out


def test_done_with_note_then_all(cli, promised) -> None:
    result = cli("actions", "done", promised[0]["id"][:6], "--note", "Calmer handovers")
    assert result.exit_code == 0, result.stderr
    assert "Done: Use SBAR" in result.stdout
    still_open = json.loads(cli("actions", "--json").stdout)
    assert [a["text"] for a in still_open] == ["Ask for help earlier"]
    everything = json.loads(cli("actions", "--all", "--json").stdout)
    done = next(a for a in everything if a["text"] == "Use SBAR")
    assert done["done_at"] and done["note"] == "Calmer handovers"
    assert "Calmer handovers" in cli("actions", "--all").stdout
    assert "Calmer handovers" in cli("review").stdout


def test_done_twice_keeps_the_first_date(cli, promised) -> None:
    action_id = promised[0]["id"]
    cli("actions", "done", action_id)
    first = json.loads(cli("actions", "--all", "--json").stdout)[0]["done_at"]
    cli("actions", "done", action_id, "--note", "later note")
    again = json.loads(cli("actions", "--all", "--json").stdout)[0]
    assert again["done_at"] == first and again["note"] == "later note"


def test_done_shows_in_export(cli, promised, exported) -> None:
    cli("actions", "done", promised[1]["id"], "--note", "Asked twice")
    actions = exported()[0]["actions"]
    assert actions[1]["note"] == "Asked twice" and actions[1]["done_at"]


@pytest.mark.parametrize(("prefix", "message"), [("abc", "too short"), ("ffffffff", "No action")])
def test_done_unknown_action(cli, promised, prefix, message) -> None:
    result = cli("actions", "done", prefix)
    assert result.exit_code == 1
    assert message in result.stderr


def test_no_actions_is_kind(cli) -> None:
    for shown in (cli("actions").stdout, cli("actions", "--all").stdout):
        assert "No actions yet" in shown
        assert "done" not in shown.lower()  # nothing was promised: no "well done"


def test_no_open_actions_once_all_are_done(cli) -> None:
    cli("quick", "--answers", "-", input="what_mattered: x\ntomorrow: Ask for help\n")
    action = json.loads(cli("actions", "--json").stdout)[0]["id"]
    cli("actions", "done", action)
    shown = cli("actions").stdout
    assert "No open actions" in shown and "reflect actions --all" in shown
    assert "Well done" not in shown


def test_actions_at_40_columns_keep_ids_and_text(cli, monkeypatch) -> None:
    cli("quick", "--answers", "-", input="what_mattered: x\ntomorrow: Ask the charge nurse about"
        " the new rota before Friday\n")
    action = json.loads(cli("actions", "--json").stdout)[0]["id"]
    monkeypatch.setenv("COLUMNS", "40")
    lines = cli("actions").stdout.splitlines()
    assert lines[0].startswith(action[:8])
    assert all(len(line.rstrip()) <= 40 for line in lines)
    assert "Ask the charge nurse about the new rota before Friday" in " ".join(
        line.strip() for line in lines[1:]
    )


def test_help_has_examples(cli) -> None:
    assert "Example" in cli("review", "--help").stdout
    assert "Example" in cli("actions", "done", "--help").stdout


def test_many_actions_are_listed_oldest_first_up_to_n(cli) -> None:
    plan = "\n".join(f"Step {n}" for n in range(60))
    cli("rolfe", "--answers", "-", input="what: A long list\nnow_what: |\n  "
        + plan.replace("\n", "\n  ") + "\n")
    out = cli("actions").stdout
    assert "Step 0" in out and "Step 19" in out and "Step 20" not in out
    assert "and 40 more" in out
    assert "Step 59" in cli("actions", "-n", "0").stdout
    assert len(json.loads(cli("actions", "--json").stdout)) == 60
    assert len(json.loads(cli("actions", "--json", "-n", "5").stdout)) == 5
