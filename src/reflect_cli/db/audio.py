"""Voice notes in the journal (`audio`, m007_audio): adding one to an entry, reading which
entries have them (without their samples), their samples when asked, forgetting them with
their entry, and merging those an import brings (by their own id: an import never takes a
voice note away). The samples are kept as core/audio.py packs them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from reflect_cli.core import clock
from reflect_cli.errors import JournalError
from reflect_cli.model import AudioNote

if TYPE_CHECKING:
    from reflect_cli.core.audio import Pcm
    from reflect_cli.core.importer import ImportedEntry
    from reflect_cli.db.connection import Tables
    from reflect_cli.model import Entry

NOTE_COLUMNS = ("id, entry_id, step_key, created_at, sample_rate, channels, sample_width,"
                " frames, codec, transcribed_by")


class AudioQueries:
    """Voice notes (mixed into Store)."""

    db: Tables
    transaction: Callable[[], AbstractContextManager[None]]

    def add_audio(self, entry_id: str, step_key: str, pcm: Pcm,
                  transcribed_by: str | None = None) -> AudioNote:
        """Keep `pcm` as a voice note of the entry, for the step `step_key`."""
        from reflect_cli.core import audio  # (wave, zlib: only when a voice note is kept)

        note = AudioNote(
            id=str(uuid.uuid4()), entry_id=entry_id, step_key=step_key,
            created_at=clock.to_iso(clock.now()), sample_rate=pcm.sample_rate,
            channels=pcm.channels, sample_width=pcm.sample_width, frames=pcm.frame_count,
            codec=audio.CODEC, transcribed_by=transcribed_by, data=audio.pack(pcm),
        )
        with self.transaction():
            self.db.one("SELECT 1 FROM entries WHERE id = ?", [entry_id],
                        f"No entry has the id {entry_id}.")
            position = self.db.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM audio WHERE entry_id = ?", [entry_id]
            ).fetchone()[0]
            self._insert_note(note, position)
        return note

    def _insert_note(self, note: AudioNote, position: int, ignore: bool = False) -> None:
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        self.db.execute(
            f"{verb} INTO audio (id, entry_id, step_key, position, created_at, sample_rate,"
            " channels, sample_width, frames, codec, transcribed_by, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [note.id, note.entry_id, note.step_key, position, note.created_at, note.sample_rate,
             note.channels, note.sample_width, note.frames, note.codec, note.transcribed_by,
             note.data],
        )

    def attach_audio(self, entries: dict[str, Entry]) -> None:
        """Give each of `entries` (by id) its voice notes, in order, without their samples."""
        ids = list(entries)
        for chunk in range(0, len(ids), 500):
            some = ids[chunk : chunk + 500]
            for row in self.db.execute(
                f"SELECT {NOTE_COLUMNS} FROM audio WHERE entry_id IN"
                f" ({','.join('?' * len(some))}) ORDER BY entry_id, position", some,
            ):
                entries[row[1]].audio.append(AudioNote(*row))

    def audio_samples(self, note: AudioNote) -> Pcm:
        """The samples of a voice note, exactly as they were kept."""
        from reflect_cli.core import audio

        row = self.db.one("SELECT data FROM audio WHERE id = ?", [note.id],
                          "That voice note is no longer in the journal.")
        return audio.unpack(note.codec, bytes(row[0]), note.sample_rate, note.channels,
                            note.sample_width, note.frames)

    def with_audio_data(self, entry: Entry) -> Entry:
        """`entry` with the samples (as kept) of each of its voice notes, for an export."""
        for note in entry.audio:
            if note.data is None:
                row = self.db.execute("SELECT data FROM audio WHERE id = ?", [note.id]).fetchone()
                note.data = bytes(row[0]) if row else None
        return entry

    def forget_audio(self, entry_id: str) -> None:
        """Remove an entry's voice notes, their bytes overwritten in the file (secure_delete),
        not only let go. Inside the caller's transaction."""
        if self.db.execute("SELECT 1 FROM audio WHERE entry_id = ? LIMIT 1",
                           [entry_id]).fetchone():
            self.db.execute("PRAGMA secure_delete = ON")
            self.db.execute("DELETE FROM audio WHERE entry_id = ?", [entry_id])

    def set_transcribed(self, note_id: str, engine: str | None) -> None:
        with self.transaction():
            self.db.execute("UPDATE audio SET transcribed_by = ? WHERE id = ?", [engine, note_id])

    def merge_imported_audio(self, entry: ImportedEntry) -> None:
        """Keep the voice notes an imported entry brings (with their samples) that are not here
        yet; one here already, by id, is left as it is. Inside the import's transaction."""
        notes: Iterable[AudioNote] = getattr(entry, "audio", ())
        for position, note in enumerate(notes, start=1):
            if note.data is None:
                continue
            if note.entry_id != entry.id:
                raise JournalError("A voice note in the export belongs to another entry.")
            self._insert_note(note, position, ignore=True)
