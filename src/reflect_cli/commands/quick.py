"""`reflect quick`: the three-minute end-of-day entry, or a one-liner saved at once."""

from __future__ import annotations

import dataclasses
import sys
from typing import Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import (
    AnswersOption,
    AtOption,
    TagOption,
    TitleOption,
    db_path_from,
    store_from,
    when_from_option,
)
from reflect_cli.commands.evidence import ProjectOption, StandardOption
from reflect_cli.commands.write import write_entry
from reflect_cli.core import frameworks
from reflect_cli.core.recovery import kept_if_unsaved
from reflect_cli.db.crypto import db_errors
from reflect_cli.errors import DataError, ReflectError, UsageError
from reflect_cli.model import clean_tags
from reflect_cli.output import console
from reflect_cli.output.screens.entries import saved

QUICK = "quick"


def quick(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(help="Save this text at once, without questions ('-' reads stdin)."),
    ] = None,
    title: TitleOption = "",
    tag: TagOption = None,
    answers: AnswersOption = None,
    at: AtOption = None,
    standard: StandardOption = None,
    project: ProjectOption = None,
    record: Annotated[
        bool, typer.Option("--record", help="Speak instead of typing: record a voice note"
                           " (Enter stops it), transcribed on this machine.")
    ] = False,
    audio: Annotated[
        str | None,
        typer.Option("--audio", metavar="FILE", help="A recording made elsewhere (WAV; m4a,"
                     " ogg, mp3 with ffmpeg or sox), kept with the entry and transcribed."),
    ] = None,
) -> None:
    """Three minutes of reflection at the end of the day, with a gentle countdown.

    Examples: reflect quick  ·  reflect quick "Calm night; the new SBAR sheet helped"  ·
    reflect quick --record  ·  reflect quick --audio memo.m4a
    """
    if record or audio is not None:
        if text is not None or (record and audio is not None):
            raise UsageError("Give one of TEXT, --record or --audio FILE.")
        from reflect_cli.commands.voice import Voices

        voices = Voices(record=True) if record else Voices(files=(audio,), one_step=True)
        write_entry(ctx, QUICK, title, tag, answers, at, "reflect quick", standard, project,
                    audio=voices)
        return
    if text is None:
        write_entry(ctx, QUICK, title, tag, answers, at, "reflect quick", standard, project)
        return
    if answers is not None:
        raise UsageError("Give either TEXT or --answers, not both.")
    # everything that can be checked is checked before stdin is read, so that a mistake in an
    # option or in the settings never swallows the text
    framework = frameworks.get(QUICK)
    step = next((s for s in framework.steps if s.kind in ("text", "line")), None)
    if step is None:
        raise DataError(
            f"The quick framework ({framework.path}) has no text step to hold the text."
        )
    one_step = dataclasses.replace(framework, steps=(step,))
    created_at = when_from_option(at)
    from reflect_cli.commands import evidence, guarding

    linked = evidence.checked(standard, project)

    settings = common.settings_from(ctx)
    if text == "-":
        text = _read_stdin()
    if not text.strip():
        raise UsageError(
            "There is no text to save.", 'Write it after the command: reflect quick "..."'
        )
    # whatever stops the save (the journal cannot be written, or a fault of reflect's own),
    # the text is kept in a file (recovery.py) and the message says where: never lost
    with kept_if_unsaved(
        db_path_from(ctx), text.strip() + "\n", name="quick.txt", retry="reflect quick - < {path}"
    ):
        try:
            store = store_from(ctx)
            entry = store.create_entry(
                one_step,
                {step.key: text.strip()},
                title=title.strip(),
                tags=clean_tags(tag),
                created_at=created_at,
            )
        except (ReflectError, OSError, *db_errors("Error")):
            raise
        except Exception as exc:  # a bug: said plainly, and the text kept all the same
            raise DataError(
                f"Something went wrong inside reflect ({type(exc).__name__}: {exc})."
            ) from exc
    links = evidence.link(store, entry, *linked)
    console.show(saved(entry), *links)
    guarding.after_save(store, entry, settings, guided=False)


def _read_stdin() -> str:
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataError(
            "The text on stdin is not UTF-8.", "Save it as UTF-8 and try again."
        ) from None
    if "\x00" in text:
        raise DataError("The text on stdin contains NUL bytes, so it is not plain text.")
    return text
