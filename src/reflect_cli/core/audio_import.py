"""The voice notes of an entry in a JSON export, read back for `reflect import` (the hook in
core/importer.py's entry check). Each is an object of `audio` (output/shapes.py writes it):

    {"id": "…", "step": "what_mattered", "created_at": "…", "seconds": 4.2,
     "sample_rate": 16000, "channels": 1, "sample_width": 2, "frames": 67200,
     "codec": "zlib", "transcribed_by": "pocketsphinx", "data": "<base64>"}

`data` (base64 of the samples as the journal keeps them: zlib of the PCM frames) is there only
in an export made with `--include-audio`; a note without it brings nothing to import. Problems
are added to the importer's list with their JSON path, as every other field's are.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from datetime import datetime
from typing import Any

from reflect_cli.core import audio
from reflect_cli.errors import DataError
from reflect_cli.model import AudioNote

KEY = re.compile(r"[a-z0-9_]+")
NUMBERS = ("sample_rate", "channels", "sample_width", "frames")


def audio_notes(checker: Any, path: str, raw: dict[str, Any], entry_id: str) -> tuple:
    """The voice notes of `raw` (an entry of the export), checked; () when it has none.
    `checker.add(where, problem)` records what is wrong."""
    value = raw.get("audio")
    if value is None:
        return ()
    if not isinstance(value, list):
        checker.add(f"{path}.audio", "must be a list")
        return ()
    notes = []
    for index, item in enumerate(value):
        where = f"{path}.audio[{index}]"
        try:
            notes.append(_note(item, entry_id))
        except ValueError as exc:
            checker.add(where + (f".{exc.args[1]}" if len(exc.args) > 1 else ""), exc.args[0])
    return tuple(notes)


def _note(item: Any, entry_id: str) -> AudioNote:
    if not isinstance(item, dict):
        raise ValueError("must be an object")
    note_id = item.get("id")
    try:
        note_id = str(uuid.UUID(str(note_id))) if isinstance(note_id, str) else None
    except ValueError:
        note_id = None
    if note_id is None:
        raise ValueError("must be a UUID", "id")
    step = item.get("step")
    if not isinstance(step, str) or not KEY.fullmatch(step):
        raise ValueError("must be a step key (a-z, 0-9 and _)", "step")
    created = item.get("created_at")
    try:
        datetime.fromisoformat(created) if isinstance(created, str) else None
    except ValueError:
        created = None
    if not isinstance(created, str):
        raise ValueError("must be a date and time (ISO 8601)", "created_at")
    numbers = {}
    for name in NUMBERS:
        number = item.get(name)
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise ValueError("must be a whole number", name)
        numbers[name] = number
    problem = audio.check_format(numbers["sample_rate"], numbers["channels"],
                                 numbers["sample_width"])
    if problem:
        raise ValueError(f"is {problem}, which a voice note cannot have", "sample_rate")
    engine = item.get("transcribed_by")
    if engine is not None and not isinstance(engine, str):
        raise ValueError("must be text or null", "transcribed_by")
    codec = item.get("codec", audio.CODEC)
    data = item.get("data")
    packed = None
    if data is not None:
        if codec != audio.CODEC:
            raise ValueError(f"must be '{audio.CODEC}'", "codec")
        if not isinstance(data, str):
            raise ValueError("must be base64 text", "data")
        try:
            packed = base64.b64decode(data, validate=True)
            audio.unpack(codec, packed, **numbers)
        except (binascii.Error, ValueError):
            raise ValueError("is not base64", "data") from None
        except DataError:
            raise ValueError("does not hold the samples the note says it has", "data") from None
    return AudioNote(id=note_id, entry_id=entry_id, step_key=step, created_at=created,
                     codec=str(codec), transcribed_by=engine, data=packed, **numbers)
