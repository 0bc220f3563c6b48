"""`reflect write`, `gibbs`, `rolfe`: options and the non-interactive way."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

GIBBS_ANSWERS = {
    "description": "A new admission was not handed over.",
    "feelings": "Worried, then relieved.",
    "evaluation": "The team pulled together.",
    "analysis": "No SBAR sheet at night.",
    "conclusion": "Structure helps.",
    "action_plan": "Use the SBAR sheet at every handover\nAsk nights to do the same",
}


def write_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_gibbs_with_answers_file(cli, exported, tmp_path: Path) -> None:
    answers = write_file(tmp_path, "a.json", json.dumps(GIBBS_ANSWERS))
    result = cli(
        "gibbs",
        "--answers",
        answers,
        "--title",
        "Missed handover",
        "-t",
        "handover",
        "--tag",
        "#Nights",
    )
    assert result.exit_code == 0, result.stderr
    assert "Saved: Missed handover" in result.stdout
    assert "Use the SBAR sheet at every handover" in result.stdout
    (entry,) = exported()
    assert entry["framework"] == "gibbs"
    assert entry["tags"] == ["handover", "nights"]
    assert [s["key"] for s in entry["steps"]] == list(GIBBS_ANSWERS)
    assert entry["steps"][0]["question"] == "What happened?"
    assert [a["text"] for a in entry["actions"]] == [
        "Use the SBAR sheet at every handover",
        "Ask nights to do the same",
    ]


def test_rolfe_yaml_answers_with_list_of_actions(cli, exported, tmp_path: Path) -> None:
    answers = write_file(
        tmp_path,
        "a.yaml",
        "what: |\n  Two lines\n  of text\nnow_what:\n  - Call pharmacy\n  - Check the chart\n",
    )
    assert cli("rolfe", "--answers", answers).exit_code == 0
    (entry,) = exported()
    assert entry["steps"][0]["answer"] == "Two lines\nof text"
    assert entry["steps"][1]["answer"] == ""
    assert entry["title"] == "Two lines"
    assert [a["text"] for a in entry["actions"]] == ["Call pharmacy", "Check the chart"]


def test_write_any_framework_and_answers_from_stdin(cli, exported) -> None:
    result = cli("write", "rolfe", "--answers", "-", input="what: from stdin\n")
    assert result.exit_code == 0, result.stderr
    assert exported()[0]["steps"][0]["answer"] == "from stdin"


@pytest.mark.parametrize(
    ("at", "expected_day"),
    [
        ("2026-01-15", "2026-01-15"),
        ("2026-01-15T21:14", "2026-01-15"),
        ("2026-01-15 21:14:00+03:00", "2026-01-15"),
        ("yesterday", (date.today() - timedelta(days=1)).isoformat()),
        ("2d", (date.today() - timedelta(days=2)).isoformat()),
        ("1w", (date.today() - timedelta(days=7)).isoformat()),
    ],
)
def test_at_back_fills(cli, exported, at: str, expected_day: str) -> None:
    result = cli("rolfe", "--answers", "-", "--at", at, input="what: x\n")
    assert result.exit_code == 0, result.stderr
    assert exported()[0]["created_at"].startswith(expected_day)


def test_at_keeps_the_given_offset(cli, exported) -> None:
    cli("rolfe", "--answers", "-", "--at", "2026-01-15T21:14:00+03:00", input="what: x\n")
    assert exported()[0]["created_at"] == "2026-01-15T21:14:00+03:00"


@pytest.mark.parametrize("at", ["last tuesday", "2026-13-01", "3x"])
def test_bad_at_is_a_usage_error(cli, at: str) -> None:
    result = cli("rolfe", "--answers", "-", "--at", at, input="what: x\n")
    assert result.exit_code == 2
    assert "--at" in result.stderr and "yesterday" in result.stderr
    assert "Traceback" not in result.output


def test_future_at_is_refused(cli) -> None:
    result = cli("rolfe", "--answers", "-", "--at", "2999-01-01", input="what: x\n")
    assert result.exit_code == 2
    assert "future" in result.stderr


@pytest.mark.parametrize("command", [["gibbs"], ["rolfe"], ["quick"], ["write", "rolfe"]])
def test_no_terminal_without_answers_exits_2_naming_answers(cli, command) -> None:
    result = cli(*command, input="")
    assert result.exit_code == 2
    assert "--answers" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_unknown_framework(cli) -> None:
    result = cli("write", "nope", "--answers", "-", input="a: b\n")
    assert result.exit_code == 1
    assert "no framework called 'nope'" in result.stderr
    assert "gibbs" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a list\n", "mapping of step key"),
        ("what: [1, 2]\n", "what: give text"),
        ("whta: typo\n", "'whta' is not a step of rolfe"),
        ("what: 'x'\n  bad: indent\n", "not valid YAML"),
    ],
)
def test_bad_answers_are_refused_and_nothing_saved(cli, exported, content, message) -> None:
    result = cli("rolfe", "--answers", "-", input=content)
    assert result.exit_code == 1
    assert message in result.stderr
    assert exported() == []


def test_answers_file_missing_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("rolfe", "--answers", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_answers_not_utf8(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"what: caf\xe9\n")
    result = cli("rolfe", "--answers", str(path))
    assert result.exit_code == 1
    assert "UTF-8" in result.stderr


def test_help_has_an_example(cli) -> None:
    for command in ("write", "gibbs", "rolfe", "quick", "drafts", "resume", "export", "frameworks"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, command


@pytest.mark.parametrize("at", ["today", date.today().isoformat()])
def test_at_today_is_never_in_the_future(cli, exported, at: str) -> None:
    result = cli("rolfe", "--answers", "-", "--at", at, input="what: x\n")
    assert result.exit_code == 0, result.stderr
    assert exported()[0]["created_at"].startswith(date.today().isoformat())


def test_answers_piped_in_that_cannot_be_used_are_kept(cli, db_path) -> None:
    piped = "what: A long night on the ward\nso_what: [unclosed\n"
    result = cli("write", "rolfe", "--answers", "-", input=piped)
    assert result.exit_code == 1
    [kept] = (db_path.parent / "recovered").glob("rolfe-answers-*.yaml")
    assert kept.read_text(encoding="utf-8") == piped
    assert str(kept) in " ".join(result.stderr.split())
    result = cli("write", "rolfe", "--answers", "-", input="mood_of_the_day: 3\nwhat: x\n")
    assert result.exit_code == 1 and "recovered" in result.stderr  # an unknown step, kept too
