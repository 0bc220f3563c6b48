"""Voice notes in `reflect export`: every export names an entry's voice notes (length, format,
transcript's engine); only `--format json --include-audio` carries their samples (base64, as
the journal keeps them), since audio cannot be redacted. Whether it did is said on stderr."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from reflect_cli.errors import UsageError
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.db.store import Store
    from reflect_cli.model import Entry


def check_options(include_audio: bool, format_name: str, redact: bool) -> None:
    if not include_audio:
        return
    if format_name != "json":
        raise UsageError(f"--include-audio goes with --format json, not with {format_name}.",
                         "For a copy with the voice notes: reflect export --include-audio -o"
                         " backup.json")
    if redact:
        raise UsageError("--redact cannot take anything out of a recording, so it does not go"
                         " with --include-audio.", "Export the audio without --redact, or the"
                         " redacted text without --include-audio.")


class Counted:
    """How many voice notes went past, in how many entries."""

    def __init__(self) -> None:
        self.notes = 0


def counted(store: Store, entries: Iterable[Entry], *, include: bool
            ) -> tuple[Iterator[Entry], Counted]:
    """`entries` as they go to the exporter: with each voice note's samples if `include`; and
    the count of voice notes, for `say`."""
    count = Counted()

    def passing() -> Iterator[Entry]:
        for entry in entries:
            if entry.audio:
                count.notes += len(entry.audio)
                if include:
                    entry = store.with_audio_data(entry)
            yield entry

    return passing(), count


def say(count: Counted, *, include: bool, format_name: str) -> None:
    if not count.notes:
        return
    notes = "1 voice note" if count.notes == 1 else f"{count.notes} voice notes"
    if include:
        console.say(f"The audio of {notes} is in the export (it cannot be redacted: keep the"
                    " file as safe as your journal).", err=True)
    elif format_name == "json":
        console.say(f"The audio of {notes} was left out (only the transcripts are in). To"
                    " include it: --include-audio", err=True)
    else:
        console.say(f"The audio of {notes} is not in a {format_name} export; the transcripts"
                    " are. Write one out with: reflect audio ID --output FILE.wav", err=True)
