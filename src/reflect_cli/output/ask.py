"""The only module that talks to questionary and prompt_toolkit: one prompt per step kind, and
the identifier check's edit/keep/stop question. Imported only by the guided commands."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import Any

import questionary
from prompt_toolkit.formatted_text import HTML

from reflect_cli.core.answers import normalise
from reflect_cli.core.session import Interrupted, Progress
from reflect_cli.model import Step
from reflect_cli.output import console
from reflect_cli.output.screens.privacy import answer_findings
from reflect_cli.output.screens.writing import step_header

# Keep prompt lines short: prompt_toolkit mis-draws a multi-line prompt whose first line wraps.
# The question itself is printed above the prompt by `screens.writing.step_header`.
MULTILINE_INSTRUCTION = "(Esc then Enter to save)\n>"
SKIP = "(skip for now)"
CHECKBOX_INSTRUCTION = "(Space to tick, Enter to save)"


def ask_step(step: Step, progress: Progress, partial: str | None = None) -> str:
    """Show the step's header and hints, ask its question, and return a valid answer."""
    if _watch["gone"]:  # the terminal closed while the last answer was being saved
        raise Interrupted()
    try:
        console.show(step_header(step, progress))
    except OSError:  # the terminal has gone; what was typed before is in the draft already
        raise Interrupted() from None
    question = _question(step, progress, partial)
    try:
        with _hangup_as_interrupt():
            value = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError, OSError):  # Ctrl-C, or the terminal went away (EOF/EIO)
        raise Interrupted(_typed_so_far(question)) from None
    if value is None:
        raise Interrupted()
    return normalise(step, value)


# Signals that mean "the terminal is going away": the window closed (SIGHUP, from the kernel or
# from the shell passing its own on), or the shell or the system ending us (SIGTERM).
HANGUPS = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)
_watch = {"on": False, "prompting": False, "gone": False}


def _on_hangup(signum: int, frame: Any) -> None:
    _watch["gone"] = True
    if not _watch["prompting"]:
        return  # between questions (an answer being saved): noted; the next question stops
    _watch["prompting"] = False  # once: a second hangup must not cut short keeping the text
    from prompt_toolkit.application.current import get_app_or_none

    app = get_app_or_none()
    loop = getattr(app, "loop", None)
    if app is None or not app.is_running or loop is None:
        raise KeyboardInterrupt
    # The question stops the way Ctrl-C stops it, from inside its own event loop: raised here,
    # the interrupt could land in one of the loop's callbacks and leave the question hanging.

    def stop() -> None:
        if app.is_running and not app.future.done():
            app.exit(exception=KeyboardInterrupt)

    loop.call_soon_threadsafe(stop)


@contextlib.contextmanager
def hangups_kept() -> Iterator[None]:
    """For a whole guided session: a closed terminal or SIGTERM stops the open question as
    Ctrl-C does, so the text typed is kept; while an answer is being saved, it is noted and
    the session stops at the next question instead, so no save is cut short."""
    previous = {}
    for number in HANGUPS:
        with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
            previous[number] = signal.signal(number, _on_hangup)
    _watch.update(on=True, prompting=False, gone=False)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _watch.update(on=False, prompting=False, gone=False)


@contextlib.contextmanager
def _hangup_as_interrupt() -> Iterator[None]:
    """A closed terminal (SIGHUP, SIGTERM) stops the prompt like Ctrl-C, so the text typed is
    kept (for the whole session if `hangups_kept` is in force, else for this prompt)."""
    if _watch["on"]:
        _watch["prompting"] = True
        try:
            yield
        finally:
            _watch["prompting"] = False
        return
    with hangups_kept():
        _watch["prompting"] = True
        yield


def _validator(step: Step):
    def validate(text: str) -> bool | str:
        try:
            normalise(step, text)
        except ValueError as exc:
            return str(exc).capitalize()
        return True

    return validate


def _countdown(progress: Progress):
    def toolbar() -> Any:
        left = progress.seconds_left()
        if left is None:
            return None
        if left == 0:
            return HTML(" Three minutes are up. Take all the time you need; nothing is cut off. ")
        return HTML(f" <b>{left // 60}:{left % 60:02d}</b> left ")

    return toolbar


def _question(step: Step, progress: Progress, partial: str | None) -> questionary.Question:
    timed: dict[str, Any] = {}
    if progress.deadline is not None:
        timed = {"bottom_toolbar": _countdown(progress), "refresh_interval": 0.5}
    if step.kind in ("text", "actions"):
        return questionary.text(
            "Your answer",
            default=partial or "",
            multiline=True,
            instruction=MULTILINE_INSTRUCTION,
            validate=_validator(step),
            **timed,
        )
    if step.kind == "line":
        return questionary.text(
            "Your answer",
            default=partial or "",
            validate=_validator(step),
            **timed,
        )
    if step.kind == "choices":
        return _with_countdown(_checkbox(step, partial), progress)
    choices: list[Any]
    if step.kind == "scale":
        choices = [
            questionary.Choice(
                f"{n}  {step.labels[n]}" if n in step.labels else str(n), value=str(n)
            )
            for n in range(step.min, step.max + 1)
        ]
    else:
        choices = [questionary.Choice(c, value=c) for c in step.choices]
    if not step.required:
        choices.append(questionary.Choice(SKIP, value=""))
    default = next((c for c in choices if partial and c.value == partial), None)
    prompt = "Choose a number" if step.kind == "scale" else "Choose one"
    return _with_countdown(questionary.select(prompt, choices=choices, default=default), progress)


def _with_countdown(question: questionary.Question, progress: Progress) -> questionary.Question:
    """A select or checkbox with the countdown at its bottom, as text questions have it
    (questionary gives those no bottom toolbar of their own)."""
    if progress.deadline is None:
        return question
    from prompt_toolkit.filters import is_done
    from prompt_toolkit.layout import ConditionalContainer, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    application = question.application
    bar = Window(
        FormattedTextControl(_countdown(progress)), height=1, style="class:bottom-toolbar"
    )
    application.layout.container.children.append(ConditionalContainer(bar, filter=~is_done))
    application.refresh_interval = 0.5
    return question


def _checkbox(step: Step, partial: str | None) -> questionary.Question:
    """Tick any number of the step's choices; a partial answer comes back already ticked."""
    ticked = {line.strip().casefold() for line in (partial or "").splitlines()}
    return questionary.checkbox(
        "Tick any that apply",
        choices=[
            questionary.Choice(c, value=c, checked=c.casefold() in ticked) for c in step.choices
        ],
        instruction=CHECKBOX_INSTRUCTION,
        validate=_validator(step),
    )


GUARD_CHOICES = (
    ("Edit the answer", "edit"),
    ("Keep it as it is", "keep"),
    ("Stop here (your answers are kept as a draft)", "stop"),
)


def choose_about_findings(answer: str, findings: list) -> str:
    """Show what in `answer` could identify someone, and ask: edit, keep or stop (the values of
    session.EDIT, KEEP and STOP). Ctrl-C here stops too, keeping the answer in the draft."""
    console.show(answer_findings(answer, findings))
    question = questionary.select(
        "What would you like to do?",
        choices=[questionary.Choice(label, value=value) for label, value in GUARD_CHOICES],
    )
    try:
        with _hangup_as_interrupt():
            value = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError, OSError):
        raise Interrupted(answer) from None
    if value is None:
        raise Interrupted(answer)
    return value


def _typed_so_far(question: questionary.Question) -> str:
    """Text already in the input box when the user pressed Ctrl-C, so it can be kept."""
    try:
        return question.application.current_buffer.text
    except Exception:
        return ""
