"""Voice notes in the writing commands: `reflect quick --record`, `reflect quick --audio FILE`
and `reflect write F --audio STEP=FILE`. A recording (or a file) is kept in the journal with
its entry, transcribed on this machine (core/transcribe.py), and its transcript becomes the
answer of its step: at a terminal offered for correcting, with the entry's other steps asked as
usual; without one, saved at once. Nothing said is lost: a recording is in the journal (as a
draft) before it is transcribed, and Ctrl-C while recording keeps what was heard."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from reflect_cli.commands import common
from reflect_cli.core import audio
from reflect_cli.errors import Cancelled, DataError, UsageError
from reflect_cli.model import WRITTEN_KINDS, Entry, Framework, clean_tags, short_id
from reflect_cli.output import console
from reflect_cli.output.screens import voice as screens

if TYPE_CHECKING:
    from reflect_cli.core.audio import Pcm
    from reflect_cli.db.store import Store

def text_step(framework: Framework) -> str:
    """The key of the quick entry's first written step: where a voice note's words go."""
    step = next((s for s in framework.steps if s.kind in WRITTEN_KINDS), None)
    if step is None:
        raise DataError(f"The framework {framework.id} ({framework.path}) has no text step to"
                        " hold a voice note's transcript.")
    return step.key


@dataclass(frozen=True)
class Voices:
    """The voice notes a writing command was given: `files` as `STEP=FILE` (for quick, a
    bare FILE is its text step), or `record` (quick --record) from the microphone."""

    files: tuple[str, ...] = ()
    record: bool = False
    one_step: bool = False  # quick: without a terminal, only its text step is saved


def written(ctx: typer.Context, framework: Framework, voices: Voices, title: str,
            tags: list[str] | None, answers: dict[str, str] | None, created_at: datetime | None,
            command: str) -> tuple[Entry, bool] | None:
    """The entry written with its voice notes, and whether its steps were asked (so the
    guard has shown its findings already); None if, with no microphone, the person chose to
    type instead. At a terminal (and without --answers) the steps are asked with each
    transcript filled in; elsewhere the entry is saved at once."""
    if voices.record:
        if answers is not None:
            raise UsageError("--record asks its questions after the recording; leave out"
                             " --answers.")
        pcm = _recorded(ctx, framework, title, tags, created_at)
        if pcm is None:
            return None
        found = {text_step(framework): pcm}
    else:
        files = voices.files
        if voices.one_step:  # quick --audio FILE: the file is for its text step
            files = tuple(f"{text_step(framework)}={file}" for file in files)
        found = parse_audio_options(framework, files)
    interactive = common.is_interactive(ctx)
    if answers is None and interactive:
        limit = None if voices.record or voices.one_step else framework.time_limit
        return _guided(ctx, framework, found, title, tags, created_at, limit), True
    if answers is None and not voices.one_step:
        common.require_terminal(ctx, command)
    if answers is not None:
        both = [key for key in found if (answers.get(key) or "").strip()]
        if both:
            raise UsageError(f"The step '{both[0]}' has an answer in --answers and a voice note"
                             " too.", "Give it one or the other.")
    elif voices.one_step:
        framework = dataclasses.replace(
            framework, steps=tuple(s for s in framework.steps if s.key in found))
    return _at_once(ctx, framework, found, answers or {}, title, tags, created_at), False


def _recorded(ctx: typer.Context, framework: Framework, title: str, tags: list[str] | None,
              created_at: datetime | None) -> Pcm | None:
    """Record until Enter or the quick entry's three minutes are up. No microphone: a plain
    message and, at a terminal, the offer to type instead (None if taken)."""
    from reflect_cli.core.recording import NoMicrophone, start_recorder
    from reflect_cli.output import recording

    interactive = common.is_interactive(ctx)
    try:
        recorder = start_recorder(common.settings_from(ctx).voice_device)
    except NoMicrophone as exc:
        if not interactive:
            exc.hint = f'{exc.hint} Or type it: reflect quick "…"'
            raise
        from reflect_cli.errors import report

        report(exc.message, exc.hint)
        if console.confirm(screens.no_microphone_offer()):
            return None
        raise NoMicrophone("No voice note was made.", "Type one any time: reflect quick") \
            from None
    if not interactive:
        recorder.stop()
        raise UsageError("'reflect quick --record' stops when you press Enter, and there is no"
                         " terminal here.", "Record elsewhere and attach it: reflect quick"
                         " --audio FILE")
    try:
        limit_reached = recording.record(recorder, framework.time_limit)
    except KeyboardInterrupt:
        _kept_after_stop(ctx, framework, text_step(framework), recorder.stop(), title, tags,
                         created_at)
        raise
    pcm = recorder.stop()
    console.show(screens.recorded(pcm.seconds, limit_reached))
    try:
        return audio.checked(pcm, "The recording")
    except DataError:
        raise DataError("Nothing was heard, so no voice note was kept.",
                        "Check the microphone (and its volume), then try again.") from None


def _kept_after_stop(ctx: typer.Context, framework: Framework, key: str, pcm: Pcm, title: str,
                     tags: list[str] | None, created_at) -> None:
    """Ctrl-C while recording: what was heard is kept in a draft, and the message says so."""
    if not pcm.frame_count:
        raise Cancelled("Stopped. Nothing was recorded.")
    store = common.store_from(ctx)
    draft = store.start_draft(framework, title=title.strip(), tags=clean_tags(tags),
                              created_at=created_at)
    store.add_audio(draft, key, pcm)
    raise Cancelled("Stopped. What you recorded is kept as a draft.",
                    f"Carry on any time with: reflect resume {short_id(draft)}")


def parse_audio_options(framework: Framework, given: list[str]) -> dict[str, Pcm]:
    """`--audio STEP=FILE` options, each read (checked before any question is asked)."""
    found: dict[str, Pcm] = {}
    for option in given:
        key, sign, file = option.partition("=")
        key = key.strip()
        if not sign or not key or not file:
            raise UsageError(f"--audio {option}: give the step and the file, e.g. --audio"
                             " description=memo.m4a", f"The steps: reflect frameworks show"
                             f" {framework.id}")
        step = framework.step(key)
        if step is None:
            raise UsageError(f"--audio: {framework.id} has no step '{key}'.",
                             f"The steps: reflect frameworks show {framework.id}")
        if step.kind not in WRITTEN_KINDS:
            raise UsageError(f"--audio: the step '{key}' is answered by a {step.kind}, not in"
                             " words, so a voice note cannot answer it.")
        if key in found:
            raise UsageError(f"--audio: the step '{key}' is given twice.")
        found[key] = audio.load(Path(file).expanduser())
    return found


def _transcribed(ctx: typer.Context, pcm: Pcm) -> tuple[str, str | None]:
    """The transcript of `pcm` and the engine's name; ('', None), with a plain note saying
    why, where it cannot be transcribed here (the voice note is kept all the same)."""
    from reflect_cli.core import transcribe
    from reflect_cli.output import recording

    settings = common.settings_from(ctx)
    try:
        engine = transcribe.engine(settings.voice_engine, settings.voice_model)
        if engine is None:
            return "", None
        with recording.transcribing(engine.name, pcm.seconds) as progress:
            text = transcribe.transcript(engine, pcm, progress)
    except transcribe.NoTranscriber as exc:
        console.say(screens.not_transcribed(exc.message), err=True)
        if exc.hint:
            console.say(f"  {exc.hint}", err=True)
        return "", None
    return text, engine.name


def _at_once(ctx: typer.Context, framework: Framework, voices: dict[str, Pcm],
             answers: dict[str, str], title: str, tags: list[str] | None,
             created_at) -> Entry:
    """Transcribe, then save the entry and its voice notes in one transaction."""
    heard = {key: _transcribed(ctx, pcm) for key, pcm in voices.items()}
    given = dict(answers)
    given.update({key: text for key, (text, _engine) in heard.items()})
    if not title.strip() and not any(text for text, _engine in heard.values()):
        title = "Voice note"
    store = common.store_from(ctx)
    with store.transaction():
        entry = store.create_entry(framework, given, title=title.strip(),
                                   tags=clean_tags(tags), created_at=created_at)
        for key, pcm in voices.items():
            text, engine = heard[key]
            store.add_audio(entry.id, key, pcm, engine if text else None)
    return store.get(entry.id)


def _guided(ctx: typer.Context, framework: Framework, voices: dict[str, Pcm], title: str,
            tags: list[str] | None, created_at, time_limit: int | None) -> Entry:
    """Keep the voice notes in a draft first, transcribe them, then walk the entry's steps
    with each transcript filled in for correcting (session.resume)."""
    from reflect_cli.commands import guarding
    from reflect_cli.core import session
    from reflect_cli.output import ask

    settings = common.settings_from(ctx)
    store: Store = common.store_from(ctx)
    draft_id = store.start_draft(framework, title=title.strip(), tags=clean_tags(tags),
                                 created_at=created_at)
    notes = {key: store.add_audio(draft_id, key, pcm) for key, pcm in voices.items()}
    for key, pcm in voices.items():
        text, engine = _transcribed(ctx, pcm)
        if text:
            store.save_answer(draft_id, key, text, final=False)
            store.set_transcribed(notes[key].id, engine)
            step = framework.step(key)
            console.show(screens.transcript_ready(engine or "The engine",
                                                  step.title if step else key))
    with ask.hangups_kept():
        entry = session.resume(store, store.get(draft_id), framework.name, ask.ask_step,
                               time_limit, guard=guarding.guided_guard(settings))
    return entry
