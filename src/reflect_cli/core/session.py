"""The guided flow: ask each step in turn and save every answer the moment it is given.

The session does not know how questions are asked: it is handed an `ask` function (the real one
lives in `ask.py`; tests pass their own). `ask` raises `Interrupted` on Ctrl-C, carrying any text
typed so far, which is kept in the draft too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from reflect_cli.core.recovery import answer_kept
from reflect_cli.db.store import Store
from reflect_cli.errors import Cancelled
from reflect_cli.model import Entry, Framework, Step


@dataclass(frozen=True)
class Progress:
    """Where the user is: 'step 3 of 6', and when the time limit (if any) runs out."""

    position: int
    total: int
    framework_name: str
    deadline: float | None = None  # time.monotonic() value

    def seconds_left(self) -> int | None:
        if self.deadline is None:
            return None
        return max(0, round(self.deadline - time.monotonic()))


class Interrupted(Exception):
    """Ctrl-C (or a closed input) while a question was open; `partial` is what was typed."""

    def __init__(self, partial: str = "") -> None:
        super().__init__("interrupted")
        self.partial = partial


Ask = Callable[[Step, Progress, str | None], str]

# What a guard says about an answer before it is kept (see `checked`).
KEEP, EDIT, STOP = "keep", "edit", "stop"
Guard = Callable[[Step, str], str]


def checked(ask: Ask, guard: Guard | None) -> Ask:
    """`ask`, with each answer shown to `guard` first (the identifier guard, privacy.py): KEEP
    keeps it; EDIT asks again with the answer filled in; STOP stops as Ctrl-C does, keeping the
    answer as typed text in the draft."""
    if guard is None:
        return ask

    def ask_checked(step: Step, progress: Progress, partial: str | None) -> str:
        while True:
            answer = ask(step, progress, partial)
            verdict = guard(step, answer)
            if verdict == EDIT:
                partial = answer
                continue
            if verdict == STOP:
                raise Interrupted(answer)
            return answer

    return ask_checked


def run(
    store: Store,
    framework: Framework,
    ask: Ask,
    *,
    title: str = "",
    tags: Iterable[str] = (),
    created_at: datetime | None = None,
    guard: Guard | None = None,
) -> Entry:
    """Walk a new entry through every step of `framework` and return the finished entry."""
    steps = [(position, step, None) for position, step in enumerate(framework.steps, start=1)]
    ask = checked(ask, guard)
    return _walk(store, framework, steps, ask, None, title, tuple(tags), created_at)


def resume(
    store: Store,
    draft: Entry,
    framework_name: str,
    ask: Ask,
    time_limit: int | None,
    guard: Guard | None = None,
) -> Entry:
    """Continue a draft from its first unanswered step, asked as it was when the draft began."""
    steps = [(item.position, item.step, item.answer) for item in draft.steps if not item.answered]
    framework = Framework(
        id=draft.framework,
        name=framework_name,
        time_limit=time_limit,
        steps=tuple(item.step for item in draft.steps),
    )
    return _walk(store, framework, steps, checked(ask, guard), draft.id, draft.title, (), None)


def _walk(
    store: Store,
    framework: Framework,
    steps: list[tuple[int, Step, str | None]],
    ask: Ask,
    entry_id: str | None,
    title: str,
    tags: tuple[str, ...],
    created_at: datetime | None,
) -> Entry:
    deadline = time.monotonic() + framework.time_limit if framework.time_limit else None
    total = len(framework.steps)

    def ensure_draft() -> str:
        nonlocal entry_id
        if entry_id is None:
            entry_id = store.start_draft(framework, title=title, tags=tags, created_at=created_at)
        return entry_id

    for position, step, partial in steps:
        progress = Progress(position, total, framework.name, deadline)
        try:
            answer = ask(step, progress, partial)
        except Interrupted as stop:
            if stop.partial.strip():
                with answer_kept(store.path, step.question, stop.partial, entry_id, framework.id):
                    store.save_answer(ensure_draft(), step.key, stop.partial, final=False)
            raise Cancelled(
                "Stopped. Your answers so far are kept as a draft."
                if entry_id
                else "Stopped. Nothing was saved.",
                f"Carry on any time with: reflect resume {entry_id[:8]}" if entry_id else None,
            ) from None
        with answer_kept(store.path, step.question, answer, entry_id, framework.id):
            store.save_answer(ensure_draft(), step.key, answer)  # unsaved: kept in a file
    return store.finish(ensure_draft())
