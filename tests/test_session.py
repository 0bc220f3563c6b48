"""The guided flow with a scripted `ask`: every answer is saved as it is given."""

from __future__ import annotations

import pytest

from reflect_cli.core import frameworks, session
from reflect_cli.core.session import Interrupted, Progress
from reflect_cli.db.store import Store
from reflect_cli.errors import Cancelled
from reflect_cli.model import Step


def scripted(*answers: str | Interrupted):
    """An `ask` that gives these answers in turn and records what it was asked."""
    queue = list(answers)
    asked: list[tuple[str, int, int, str | None]] = []

    def ask(step: Step, progress: Progress, partial: str | None) -> str:
        asked.append((step.key, progress.position, progress.total, partial))
        answer = queue.pop(0)
        if isinstance(answer, Interrupted):
            raise answer
        return answer

    ask.asked = asked  # type: ignore[attr-defined]
    return ask


def test_full_run_saves_entry_with_actions(store: Store) -> None:
    ask = scripted("What", "So what", "Do A\nDo B")
    entry = session.run(store, frameworks.get("rolfe"), ask, title="T", tags=["x"])
    assert entry.status == "done"
    assert [s.answer for s in entry.steps] == ["What", "So what", "Do A\nDo B"]
    assert [a.text for a in entry.actions] == ["Do A", "Do B"]
    assert ask.asked == [("what", 1, 3, None), ("so_what", 2, 3, None), ("now_what", 3, 3, None)]
    assert store.counts() == {"entries": 1, "drafts": 0, "open_actions": 2}


def test_each_answer_is_in_the_database_before_the_next_question(store: Store) -> None:
    seen: list[int] = []

    def ask(step: Step, progress: Progress, partial: str | None) -> str:
        drafts = store.entries(status="draft")
        seen.append(drafts[0].answered_count() if drafts else 0)
        return f"answer {progress.position}"

    session.run(store, frameworks.get("rolfe"), ask)
    assert seen == [0, 1, 2]


def test_interrupt_keeps_answers_and_typed_text(store: Store) -> None:
    ask = scripted("What happened", Interrupted("half a so-what"))
    with pytest.raises(Cancelled) as stopped:
        session.run(store, frameworks.get("rolfe"), ask)
    assert "reflect resume" in (stopped.value.hint or "")
    (draft,) = store.entries(status="draft")
    assert draft.steps[0].answer == "What happened" and draft.steps[0].answered
    assert draft.steps[1].answer == "half a so-what" and not draft.steps[1].answered
    assert store.counts()["entries"] == 0


def test_interrupt_before_any_answer_saves_nothing(store: Store) -> None:
    with pytest.raises(Cancelled, match="Nothing was saved"):
        session.run(store, frameworks.get("rolfe"), scripted(Interrupted("")))
    assert store.counts() == {"entries": 0, "drafts": 0, "open_actions": 0}


def test_resume_starts_at_first_unanswered_step_with_typed_text(store: Store) -> None:
    with pytest.raises(Cancelled):
        session.run(store, frameworks.get("rolfe"), scripted("What", Interrupted("half")))
    (draft,) = store.entries(status="draft")
    ask = scripted("half, now whole", "Act")
    entry = session.resume(store, draft, "Rolfe", ask, None)
    assert ask.asked == [("so_what", 2, 3, "half"), ("now_what", 3, 3, None)]
    assert entry.id == draft.id and entry.status == "done"
    assert [s.answer for s in entry.steps] == ["What", "half, now whole", "Act"]


def test_resume_uses_the_questions_of_the_draft(store: Store, prompts_dir) -> None:
    with pytest.raises(Cancelled):
        session.run(store, frameworks.get("rolfe"), scripted("What", Interrupted("")))
    (prompts_dir / "rolfe.yaml").write_text("name: R\nsteps:\n  - key: other\n    question: Q?\n")
    (draft,) = store.entries(status="draft")
    entry = session.resume(store, draft, "R", scripted("b", "c"), None)
    assert [s.step.key for s in entry.steps] == ["what", "so_what", "now_what"]


def test_time_limit_gives_a_deadline(store: Store) -> None:
    limits: list[int | None] = []

    def ask(step: Step, progress: Progress, partial: str | None) -> str:
        limits.append(progress.seconds_left())
        return "3" if step.kind == "scale" else "x"

    session.run(store, frameworks.get("quick"), ask)
    assert all(left is not None and 170 <= left <= 180 for left in limits)
    limits.clear()
    session.run(store, frameworks.get("rolfe"), ask)
    assert limits == [None, None, None]
