"""The real questionary prompts, driven through prompt_toolkit pipe input."""

from __future__ import annotations

import pytest
from typed_keys import CTRL_C, DOWN, SUBMIT, keys

from reflect_cli.core import frameworks, session
from reflect_cli.core.session import Interrupted, Progress
from reflect_cli.db.store import Store
from reflect_cli.errors import Cancelled
from reflect_cli.model import Step
from reflect_cli.output.ask import ask_step

PROGRESS = Progress(1, 1, "Test")



def test_text_is_multi_line() -> None:
    with keys("First line\rSecond line" + SUBMIT):
        answer = ask_step(Step("a", "A", "What happened?"), PROGRESS)
    assert answer == "First line\nSecond line"


def test_partial_text_is_offered_again() -> None:
    with keys(" and more" + SUBMIT):
        answer = ask_step(Step("a", "A", "What happened?"), PROGRESS, "Started")
    assert answer == "Started and more"


def test_line_is_one_line() -> None:
    with keys("Short title\r"):
        assert ask_step(Step("a", "A", "Title?", kind="line"), PROGRESS) == "Short title"


def test_scale_is_chosen_with_arrows() -> None:
    step = Step("mood", "Mood", "How are you?", kind="scale", min=1, max=5, labels={1: "low"})
    with keys(DOWN * 3 + "\r"):
        assert ask_step(step, PROGRESS) == "4"


def test_scale_can_be_skipped_unless_required() -> None:
    step = Step("mood", "Mood", "How are you?", kind="scale", min=0, max=2)
    with keys(DOWN * 3 + "\r"):
        assert ask_step(step, PROGRESS) == ""


def test_choice() -> None:
    step = Step("where", "Where", "Where?", kind="choice", choices=("ward", "clinic"))
    with keys(DOWN + "\r"):
        assert ask_step(step, PROGRESS) == "clinic"


def test_required_answer_cannot_be_empty() -> None:
    step = Step("a", "A", "What happened?", required=True)
    with keys(SUBMIT + "Now something" + SUBMIT):
        assert ask_step(step, PROGRESS) == "Now something"


def test_ctrl_c_raises_interrupted_with_the_text_typed() -> None:
    with keys("Half a thought" + CTRL_C), pytest.raises(Interrupted) as stop:
        ask_step(Step("a", "A", "What happened?"), PROGRESS)
    assert stop.value.partial == "Half a thought"


def test_closed_input_is_an_interrupt() -> None:
    with keys("Typed but never sent"), pytest.raises(Interrupted):
        ask_step(Step("a", "A", "What happened?"), PROGRESS)


def test_whole_gibbs_through_the_real_prompts(store: Store) -> None:
    stages = ["Desc", "Feel", "Eval", "Analysis", "Concl", "Use SBAR\rAsk for help"]
    with keys("".join(stage + SUBMIT for stage in stages)):
        entry = session.run(store, frameworks.get("gibbs"), ask_step)
    assert [s.answer for s in entry.steps] == [*stages[:5], "Use SBAR\nAsk for help"]
    assert [a.text for a in entry.actions] == ["Use SBAR", "Ask for help"]


def test_quick_through_the_real_prompts_then_ctrl_c_and_resume(store: Store) -> None:
    typed = DOWN * 2 + "\r" + "A calm shift" + SUBMIT + "Tea from" + CTRL_C
    with keys(typed), pytest.raises(Cancelled):
        session.run(store, frameworks.get("quick"), ask_step)
    (draft,) = store.entries(status="draft")
    assert draft.mood == 3
    assert draft.steps[2].answer == "Tea from" and not draft.steps[2].answered
    with keys(" a colleague" + SUBMIT + "Take my break" + SUBMIT):
        entry = session.resume(store, draft, "Quick", ask_step, 180)
    assert entry.steps[2].answer == "Tea from a colleague"
    assert [a.text for a in entry.actions] == ["Take my break"]


def test_cli_gibbs_in_a_terminal(cli, monkeypatch: pytest.MonkeyPatch, exported) -> None:
    """The command itself, with the terminal check passed and keys through the pipe."""
    cli.terminal = True
    with keys("".join(f"Stage {n}" + SUBMIT for n in range(1, 7))):
        result = cli("gibbs", "--title", "Missed handover", "-t", "handover")
    assert result.exit_code == 0, result.output
    assert "Saved: Missed handover" in result.stdout
    (entry,) = exported()
    assert entry["title"] == "Missed handover" and entry["tags"] == ["handover"]
    assert [s["answer"] for s in entry["steps"]] == [f"Stage {n}" for n in range(1, 7)]


def test_cli_ctrl_c_exits_130_with_resume_hint(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    cli.terminal = True
    with keys("First" + SUBMIT + CTRL_C):
        result = cli("rolfe")
    assert result.exit_code == 130
    assert "reflect resume" in result.stderr
    drafts = cli("drafts", "--json")
    assert [d["answered"] for d in __import__("json").loads(drafts.stdout)] == [1]
