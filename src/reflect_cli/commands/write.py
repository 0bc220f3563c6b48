"""`reflect write FRAMEWORK` and its shortcuts `reflect gibbs` and `reflect rolfe`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from reflect_cli import completion
from reflect_cli.commands import common
from reflect_cli.commands.common import (
    AnswersOption,
    AtOption,
    TagOption,
    TitleOption,
    db_path_from,
    require_terminal,
    store_from,
    when_from_option,
)
from reflect_cli.commands.evidence import ProjectOption, StandardOption
from reflect_cli.core import frameworks
from reflect_cli.core.answers import answers_source, load_answers, parse_answers, read_answers_text
from reflect_cli.core.recovery import answers_document, kept_if_unsaved
from reflect_cli.errors import DataError
from reflect_cli.model import Entry, Framework, clean_tags
from reflect_cli.output import console
from reflect_cli.output.screens.entries import saved

if TYPE_CHECKING:
    from reflect_cli.commands.voice import Voices


def write_entry(
    ctx: typer.Context,
    framework_id: str,
    title: str,
    tags: list[str] | None,
    answers: str | None,
    at: str | None,
    command: str | None = None,
    standards: list[str] | None = None,
    project: str | None = None,
    audio: Voices | None = None,
) -> Entry:
    """Write one entry with `framework_id`: guided in a terminal, or from an answers file;
    linked to `standards` and `project` (checked first) once it is saved; with `audio`, its
    voice notes (commands/voice.py) kept and transcribed into their steps."""
    from reflect_cli.commands import evidence

    framework = frameworks.get(framework_id)
    created_at = when_from_option(at)
    linked = evidence.checked(standards, project)
    from reflect_cli.commands import guarding

    settings = common.settings_from(ctx)
    voiced = None
    if audio is not None:  # None back: no microphone, and the person chose to type instead
        from reflect_cli.commands import voice

        given = None if answers is None else _answers_given(ctx, framework, answers)
        voiced = voice.written(ctx, framework, audio, title, tags, given, created_at,
                               command or f"reflect write {framework_id}")
    if voiced is not None:
        store, entry = store_from(ctx), voiced[0]
    elif answers is not None:
        given = _answers_given(ctx, framework, answers)
        retry = f"reflect write {framework.id} --answers {{path}}"
        with kept_if_unsaved(  # if the journal cannot be written, the answers go to a file
            db_path_from(ctx),
            lambda: answers_document(given, retry.format(path="<this file>")),
            name=f"{framework.id}-answers.yaml",
            retry=retry,
        ):
            store = store_from(ctx)
            entry = store.create_entry(
                framework, given, title=title.strip(), tags=clean_tags(tags), created_at=created_at
            )
    else:
        require_terminal(ctx, command or f"reflect write {framework_id}")
        store = store_from(ctx)
        from reflect_cli.core import session
        from reflect_cli.output import ask
        from reflect_cli.output.screens.writing import framework_intro

        console.show(framework_intro(framework))
        with ask.hangups_kept():  # the window closing keeps the text being typed, as Ctrl-C
            entry = session.run(
                store,
                framework,
                ask.ask_step,
                title=title.strip(),
                tags=clean_tags(tags),
                created_at=created_at,
                guard=guarding.guided_guard(settings),
            )
    links = evidence.link(store, entry, *linked)
    console.show(saved(entry), *links)
    guarding.after_save(store, entry, settings,
                        guided=voiced[1] if voiced is not None else answers is None)
    return entry


def write(
    ctx: typer.Context,
    framework: Annotated[
        str,
        typer.Argument(help="The framework's id (see: reflect frameworks).",
                       autocompletion=completion.framework_ids),
    ],
    title: TitleOption = "",
    tag: TagOption = None,
    answers: AnswersOption = None,
    at: AtOption = None,
    standard: StandardOption = None,
    project: ProjectOption = None,
    audio: Annotated[
        list[str] | None,
        typer.Option("--audio", metavar="STEP=FILE",
                     help="A recording (WAV; m4a, ogg, mp3 with ffmpeg or sox) that answers a"
                          " step: kept in the journal, its transcript the step's answer."),
    ] = None,
) -> None:
    """Write a guided reflection with any framework, built-in or your own.

    Example: reflect write rolfe -t handover  ·  reflect write pdsa --project "Falls huddle"  ·
    reflect write rolfe --audio what=memo.m4a
    """
    voices = None
    if audio:
        from reflect_cli.commands.voice import Voices

        voices = Voices(files=tuple(audio))
    write_entry(ctx, framework, title, tag, answers, at, standards=standard, project=project,
                audio=voices)


def _shortcut(framework_id: str, help: str) -> Callable[..., None]:
    """`reflect FRAMEWORK_ID`: `reflect write FRAMEWORK_ID` under a name of its own; `help` is
    what its --help says."""

    def shortcut(
        ctx: typer.Context,
        title: TitleOption = "",
        tag: TagOption = None,
        answers: AnswersOption = None,
        at: AtOption = None,
        standard: StandardOption = None,
        project: ProjectOption = None,
    ) -> None:
        write_entry(ctx, framework_id, title, tag, answers, at, f"reflect {framework_id}",
                    standard, project)

    shortcut.__doc__ = help
    return shortcut


gibbs = _shortcut(
    "gibbs",
    """Gibbs' reflective cycle: six stages, for after an incident or a hard case.

    Example: reflect gibbs --title "Missed handover" -t handover
    """,
)
rolfe = _shortcut(
    "rolfe",
    """Rolfe's What? So what? Now what?, for any experience.

    Example: reflect rolfe -t teamwork
    """,
)


def _answers_given(ctx: typer.Context, framework: Framework, answers: str) -> dict[str, str]:
    """The answers of `--answers FILE|-`, checked. Answers piped on stdin that cannot be used
    are kept (recovered/, as recovery.keep does) so that nothing written is lost."""
    text = read_answers_text(answers)
    try:
        return parse_answers(framework, load_answers(text, answers), answers_source(answers))
    except DataError as exc:
        if answers == "-":
            from reflect_cli.core.recovery import keep

            place = keep(db_path_from(ctx), text, f"{framework.id}-answers.yaml")
            kept = "printed above, to copy" if place is None else f"kept in {place}"
            exc.hint = (f"{exc.hint} " if exc.hint else "") + f"What you piped in is {kept}."
        raise
