"""`reflect play ID`: hear an entry's voice note with the player this machine has (aplay,
paplay, afplay or ffplay), and `reflect audio ID --output FILE.wav`: write it out, the very
samples that were kept."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reflect_cli.commands.common import EntryIdArgument, db_path_from, is_interactive, store_from
from reflect_cli.errors import DataError, UsageError
from reflect_cli.model import duration, short_id
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.db.store import Store
    from reflect_cli.model import AudioNote

# (program, its arguments before the file), the first one found on PATH is used
PLAYERS = (
    ("aplay", ["-q"]),
    ("paplay", []),
    ("afplay", []),
    ("ffplay", ["-nodisp", "-autoexit", "-loglevel", "quiet"]),
)
StepOption = Annotated[
    str | None,
    typer.Option("--step", metavar="KEY", help="The step whose voice note (for an entry with"
                 " more than one)."),
]


def play(ctx: typer.Context, entry_id: EntryIdArgument, step: StepOption = None) -> None:
    """Play an entry's voice note (or each of them, in order).

    Example: reflect play 3f2a9c
    """
    store = store_from(ctx)
    notes = _notes(store, entry_id, step, every=True)
    player = next(((shutil.which(name), args) for name, args in PLAYERS if shutil.which(name)),
                  None)
    if player is None:
        raise DataError(
            "There is no audio player on this machine (aplay, paplay, afplay or ffplay).",
            f"Write it out and play it elsewhere: reflect audio {short_id(notes[0].entry_id)}"
            " --output note.wav",
        )
    import tempfile

    from reflect_cli.core.audio import wav_bytes

    program, args = player
    with tempfile.TemporaryDirectory(prefix="reflect-play-") as folder:  # 0700, removed after
        for number, note in enumerate(notes, start=1):
            wav = Path(folder) / f"voice-note-{number}.wav"
            wav.write_bytes(wav_bytes(store.audio_samples(note)))
            console.say(f"Playing the voice note, {duration(note.seconds)}"
                        f" (Ctrl-C stops it)…", err=True)
            try:
                done = subprocess.run([str(program), *args, str(wav)], check=False,
                                      stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
            except OSError as exc:
                raise DataError(f"{Path(str(program)).name} could not start ({exc.strerror}).") \
                    from None
            if done.returncode != 0:
                said = done.stderr.decode("utf-8", "replace").strip().splitlines()
                reason = said[-1][:160] if said else f"it stopped with code {done.returncode}"
                raise DataError(
                    f"{Path(str(program)).name} could not play it: {reason}",
                    f"Write it out instead: reflect audio {short_id(note.entry_id)} --output"
                    " note.wav",
                )


def audio(
    ctx: typer.Context,
    entry_id: EntryIdArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help="The WAV file to write.")],
    step: StepOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] =
    False,
) -> None:
    """Write an entry's voice note to a WAV file: exactly the samples that were kept.

    Example: reflect audio 3f2a9c --output night-shift.wav
    """
    from reflect_cli.core import backup
    from reflect_cli.core.audio import wav_bytes
    from reflect_cli.core.files import regular_or_absent, write_atomically

    store = store_from(ctx)
    note = _notes(store, entry_id, step, every=False)[0]
    target = output.expanduser()
    if target.is_dir() or not regular_or_absent(target):
        raise DataError(f"{target} is not a file to write a recording to.",
                        "Give the name of a file, e.g. --output note.wav")
    precious = backup.precious(target, db_path_from(ctx))
    if precious:
        raise DataError(f"{target} is {precious}, and nothing is ever written over it.",
                        "Give another file name, e.g. --output note.wav")
    if target.exists() and not force:
        if not is_interactive(ctx):
            raise UsageError(f"{target} exists already.", "To replace it, pass --force.")
        if not console.confirm(f"{target} exists already. Replace it?"):
            console.say("Kept it as it was.", err=True)
            return
    write_atomically(target, wav_bytes(store.audio_samples(note)))
    console.say(f"Wrote the voice note ({duration(note.seconds)}) to {target}", err=True)


def _notes(store: Store, entry_id: str, step: str | None, *, every: bool) -> list[AudioNote]:
    """The entry's voice notes (those of `step`, if given); one unless `every`."""
    entry = store.get(store.resolve_id(entry_id, status="done"))
    notes = [n for n in entry.audio if step is None or n.step_key == step]
    if not entry.audio:
        raise DataError(f"“{entry.title or short_id(entry.id)}” has no voice note.",
                        "Record one with: reflect quick --record")
    if not notes:
        keys = ", ".join(dict.fromkeys(n.step_key for n in entry.audio))
        raise UsageError(f"--step: this entry has no voice note for '{step}'.",
                         f"Its voice notes are for: {keys}")
    if len(notes) > 1 and not every:
        keys = ", ".join(n.step_key for n in notes)
        raise UsageError("This entry has more than one voice note.",
                         f"Choose one with --step ({keys}).")
    return notes
