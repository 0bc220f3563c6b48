"""The identifier guard in a guided entry: edit, keep or stop, with scripted and real prompts."""

from __future__ import annotations

import pytest
from typed_keys import CTRL_C, DOWN, SUBMIT, keys

from reflect_cli.core import frameworks, privacy, session
from reflect_cli.core.guard import Finding
from reflect_cli.core.session import EDIT, KEEP, STOP, Interrupted, Progress
from reflect_cli.db.store import Store
from reflect_cli.errors import Cancelled
from reflect_cli.model import Step
from reflect_cli.output import ask

CLEAR_LINE = "\x15"  # Ctrl-U: the pre-filled answer is removed, to type it afresh


def scripted(*answers: str):
    """An `ask` giving these answers in turn, recording (key, partial) for each question."""
    queue = list(answers)
    asked: list[tuple[str, str | None]] = []

    def ask_(step: Step, progress: Progress, partial: str | None) -> str:
        asked.append((step.key, partial))
        return queue.pop(0)

    ask_.asked = asked  # type: ignore[attr-defined]
    return ask_


def choosing(*verdicts: str):
    """A `choose` giving these verdicts in turn, recording what it was shown."""
    queue = list(verdicts)
    shown: list[tuple[str, list[str]]] = []

    def choose(answer: str, findings: list[Finding]) -> str:
        shown.append((answer, [f.kind for f in findings]))
        return queue.pop(0)

    choose.shown = shown  # type: ignore[attr-defined]
    return choose


def test_edit_asks_again_with_the_answer_filled_in(store: Store) -> None:
    ask_ = scripted("Mrs Achieng was upset", "The patient was upset", "So what", "Do A")
    choose = choosing(EDIT)
    entry = session.run(
        store, frameworks.get("rolfe"), ask_, guard=privacy.answer_guard((), choose)
    )
    assert ask_.asked[:2] == [("what", None), ("what", "Mrs Achieng was upset")]
    assert choose.shown == [("Mrs Achieng was upset", ["title_name"])]
    assert [s.answer for s in entry.steps] == ["The patient was upset", "So what", "Do A"]
    assert entry.status == "done"


def test_edit_again_and_again_until_kept(store: Store) -> None:
    ask_ = scripted("Mrs Achieng", "Mrs Achieng, 67 yo", "Mrs A, 67 yo", "b", "c")
    choose = choosing(EDIT, EDIT, KEEP)
    entry = session.run(
        store, frameworks.get("rolfe"), ask_, guard=privacy.answer_guard((), choose)
    )
    assert [kinds for _, kinds in choose.shown] == [["title_name"], ["title_name", "age"], ["age"]]
    assert entry.steps[0].answer == "Mrs A, 67 yo"


def test_keep_saves_the_answer_as_written(store: Store) -> None:
    choose = choosing(KEEP)
    entry = session.run(
        store,
        frameworks.get("rolfe"),
        scripted("Rang her son on 0712 345 678", "So what", "Do A"),
        guard=privacy.answer_guard((), choose),
    )
    assert entry.steps[0].answer == "Rang her son on 0712 345 678"
    assert choose.shown == [("Rang her son on 0712 345 678", ["phone"])]


def test_stop_keeps_the_answer_as_typed_text_in_a_draft(store: Store) -> None:
    ask_ = scripted("What happened", "Seen 12/03/2024 with Dr Otieno")
    with pytest.raises(Cancelled) as stopped:
        session.run(
            store,
            frameworks.get("rolfe"),
            ask_,
            guard=privacy.answer_guard((), choosing(STOP)),
        )
    assert "draft" in stopped.value.message
    assert "reflect resume" in (stopped.value.hint or "")
    (draft,) = store.entries(status="draft")
    assert draft.steps[0].answer == "What happened" and draft.steps[0].answered
    assert draft.steps[1].answer == "Seen 12/03/2024 with Dr Otieno"
    assert not draft.steps[1].answered
    assert store.counts()["entries"] == 0


def test_stop_at_the_first_question_still_keeps_a_draft(store: Store) -> None:
    with pytest.raises(Cancelled, match="kept as a draft"):
        session.run(
            store,
            frameworks.get("rolfe"),
            scripted("Mrs Achieng"),
            guard=privacy.answer_guard((), choosing(STOP)),
        )
    (draft,) = store.entries(status="draft")
    assert draft.steps[0].answer == "Mrs Achieng" and not draft.steps[0].answered


def test_resume_is_guarded_too(store: Store) -> None:
    with pytest.raises(Cancelled):
        session.run(
            store,
            frameworks.get("rolfe"),
            scripted("Mrs Achieng"),
            guard=privacy.answer_guard((), choosing(STOP)),
        )
    (draft,) = store.entries(status="draft")
    ask_ = scripted("Mrs Achieng again", "The patient", "b", "c")
    entry = session.resume(
        store, draft, "Rolfe", ask_, None, guard=privacy.answer_guard((), choosing(EDIT))
    )
    assert ask_.asked[0] == ("what", "Mrs Achieng")
    assert ask_.asked[1] == ("what", "Mrs Achieng again")
    assert entry.steps[0].answer == "The patient"


def test_listed_names_are_checked_and_clean_answers_are_not_shown(store: Store) -> None:
    choose = choosing(KEEP)
    session.run(
        store,
        frameworks.get("rolfe"),
        scripted("A quiet night", "Busy on ward 7", "Ask for help"),
        guard=privacy.answer_guard(("Ward 7",), choose),
    )
    assert choose.shown == [("Busy on ward 7", ["listed_name"])]


def test_scales_are_not_checked_and_no_guard_means_no_questions(store: Store) -> None:
    choose = choosing()
    session.run(
        store,
        frameworks.get("quick"),
        lambda step, progress, partial: "3" if step.kind == "scale" else "x",
        guard=privacy.answer_guard((), choose),
    )
    assert choose.shown == []
    entry = session.run(store, frameworks.get("rolfe"), scripted("Mrs Achieng", "b", "c"))
    assert entry.steps[0].answer == "Mrs Achieng"  # the default: no guard


def test_the_choice_values_are_the_sessions() -> None:
    assert [value for _, value in ask.GUARD_CHOICES] == [EDIT, KEEP, STOP]


# -- the real prompts, through prompt_toolkit pipe input ---------------------------------------



def real_guard(names: tuple[str, ...] = ()) -> session.Guard:
    return privacy.answer_guard(names, ask.choose_about_findings)


def test_real_prompt_keep(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    typed = "Mrs Achieng, a 67-year-old, was upset" + SUBMIT + DOWN + "\r" + "b" + SUBMIT + "c"
    with keys(typed + SUBMIT):
        entry = session.run(store, frameworks.get("rolfe"), ask.ask_step, guard=real_guard())
    assert entry.steps[0].answer == "Mrs Achieng, a 67-year-old, was upset"
    shown = capsys.readouterr().out
    assert "This answer may identify someone" in shown
    assert "Mrs Achieng" in shown and "67-year-old" in shown
    assert "'the patient', 'a colleague' or 'the ward'" in shown
    assert "a life stage instead" in shown


def test_real_prompt_edit_is_the_default(store: Store) -> None:
    typed = "Mrs Achieng was upset" + SUBMIT + "\r" + CLEAR_LINE + "The patient was upset"
    with keys(typed + SUBMIT + "b" + SUBMIT + "c" + SUBMIT):
        entry = session.run(store, frameworks.get("rolfe"), ask.ask_step, guard=real_guard())
    assert [s.answer for s in entry.steps] == ["The patient was upset", "b", "c"]


def test_real_prompt_edit_keeps_the_text_to_change(store: Store) -> None:
    typed = "Rang 0712 345 678" + SUBMIT + "\r" + " (her son)" + SUBMIT + DOWN + "\r"
    with keys(typed + "b" + SUBMIT + "c" + SUBMIT):
        entry = session.run(store, frameworks.get("rolfe"), ask.ask_step, guard=real_guard())
    assert entry.steps[0].answer == "Rang 0712 345 678 (her son)"


def test_real_prompt_stop(store: Store) -> None:
    typed = "First" + SUBMIT + "On Ward 7 again" + SUBMIT + DOWN + DOWN + "\r"
    with keys(typed), pytest.raises(Cancelled):
        session.run(store, frameworks.get("rolfe"), ask.ask_step, guard=real_guard(("Ward 7",)))
    (draft,) = store.entries(status="draft")
    assert draft.steps[1].answer == "On Ward 7 again" and not draft.steps[1].answered


def test_ctrl_c_at_the_choice_keeps_the_answer(store: Store) -> None:
    with keys("Mrs Achieng" + SUBMIT + CTRL_C), pytest.raises(Cancelled):
        session.run(store, frameworks.get("rolfe"), ask.ask_step, guard=real_guard())
    (draft,) = store.entries(status="draft")
    assert draft.steps[0].answer == "Mrs Achieng" and not draft.steps[0].answered


def test_choose_raises_interrupted_on_closed_input() -> None:
    with keys(""), pytest.raises(Interrupted) as stop:
        ask.choose_about_findings("Mrs Achieng", privacy.guard.find("Mrs Achieng"))
    assert stop.value.partial == "Mrs Achieng"


def test_cli_guided_entry_kept_is_marked(cli, monkeypatch: pytest.MonkeyPatch, exported) -> None:
    cli.terminal = True
    typed = "Mrs Achieng was upset" + SUBMIT + DOWN + "\r" + "b" + SUBMIT + "c" + SUBMIT
    with keys(typed):
        result = cli("rolfe", "--title", "A hard night")
    assert result.exit_code == 0, result.output
    assert "Kept as you wrote it, and marked" in result.stdout
    assert exported() == []
    (entry,) = exported("--include-marked")
    assert entry["steps"][0]["answer"] == "Mrs Achieng was upset"


def test_cli_guided_entry_made_clean_is_not_marked(
    cli, monkeypatch: pytest.MonkeyPatch, exported
) -> None:
    cli.terminal = True
    typed = "Mrs Achieng" + SUBMIT + "\r" + CLEAR_LINE + "The patient" + SUBMIT
    with keys(typed + "b" + SUBMIT + "c" + SUBMIT):
        result = cli("rolfe")
    assert result.exit_code == 0, result.output
    assert "marked" not in result.stdout
    assert [e["steps"][0]["answer"] for e in exported()] == ["The patient"]


def test_cli_guard_switched_off_asks_nothing(
    cli, monkeypatch: pytest.MonkeyPatch, exported, tmp_path
) -> None:
    (tmp_path / "config.toml").write_text("[guard]\nenabled = false\n")
    cli.terminal = True
    with keys("Mrs Achieng" + SUBMIT + "b" + SUBMIT + "c" + SUBMIT):
        result = cli("rolfe")
    assert result.exit_code == 0, result.output
    assert "identify" not in result.stdout
    assert [e["steps"][0]["answer"] for e in exported()] == ["Mrs Achieng"]
