"""reflect's plain data and the pure rules about it: entries and their answers, actions, steps
and frameworks, and how a title, first words, tags and short ids are made.

The bottom layer: it imports only the standard library, so every other part can use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SHORT_ID = 8  # characters of an id shown on screens
EXPORT_FORMAT = "reflect-export"  # the "format" of a JSON export (output/shapes.py writes it)
EXPORT_VERSION = 1  # its "version": fields may be added within it, never removed or renamed
# optional members of an export beside its "entries": the revalidation logs (core/logs_io.py)
EXPORT_LOG_KEYS = ("cpd", "feedback", "practice", "discussions", "declarations", "entry_links")
WRITTEN_KINDS = ("text", "line")  # the kinds of step whose answer is words, not a pick


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    question: str
    kind: str = "text"
    hints: tuple[str, ...] = ()
    required: bool = False
    min: int = 1
    max: int = 5
    labels: dict[int, str] = field(default_factory=dict)
    choices: tuple[str, ...] = ()

    def to_spec(self) -> dict[str, Any]:
        """A JSON-ready copy, stored with a draft so it can be resumed as it was asked."""
        return {
            "key": self.key,
            "title": self.title,
            "question": self.question,
            "kind": self.kind,
            "hints": list(self.hints),
            "required": self.required,
            "min": self.min,
            "max": self.max,
            "labels": {str(k): v for k, v in self.labels.items()},
            "choices": list(self.choices),
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Step:
        return cls(
            key=spec["key"],
            title=spec.get("title") or spec["key"],
            question=spec.get("question") or "",
            kind=spec.get("kind", "text"),
            hints=tuple(spec.get("hints") or ()),
            required=bool(spec.get("required")),
            min=int(spec.get("min", 1)),
            max=int(spec.get("max", 5)),
            labels={int(k): str(v) for k, v in (spec.get("labels") or {}).items()},
            choices=tuple(spec.get("choices") or ()),
        )


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    source: str = ""
    time_limit: int | None = None
    path: Path | None = None
    builtin: bool = False

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)


@dataclass
class StepAnswer:
    step: Step
    position: int
    answer: str | None
    answered: bool


@dataclass
class Action:
    """A tracked action: one line of an action plan. `entry_title` is the title of the entry
    that promised it, where the reader needs it (lists of actions across entries)."""

    id: str
    entry_id: str
    text: str
    created_at: str
    done_at: str | None = None
    note: str | None = None
    due: str | None = None  # the ISO day it is due by (`reflect actions due`), if any
    entry_title: str = ""


@dataclass
class AudioNote:
    """A voice note kept with an entry (its samples stay in the journal until asked for):
    `step_key` is the step its transcript answers; `transcribed_by` the engine that wrote that
    transcript (None: not transcribed). `data`, the samples as kept (core/audio.py's codec), is
    read only for an export that includes the audio."""

    id: str
    entry_id: str
    step_key: str
    created_at: str
    sample_rate: int
    channels: int
    sample_width: int
    frames: int
    codec: str
    transcribed_by: str | None = None
    data: bytes | None = None

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def duration(seconds: float) -> str:
    """'2:41' for 161 seconds; '1:02:05' past an hour."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def voice_label(notes: list[AudioNote]) -> str | None:
    """'voice note, 2:41' (or '2 voice notes, 5:02'), or None for an entry without one."""
    if not notes:
        return None
    seconds = duration(sum(note.seconds for note in notes))
    return f"voice note, {seconds}" if len(notes) == 1 else f"{len(notes)} voice notes, {seconds}"


@dataclass
class Entry:
    id: str
    framework: str
    title: str
    status: str
    created_at: str
    updated_at: str
    mood: int | None
    tags: list[str] = field(default_factory=list)
    steps: list[StepAnswer] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    starred: bool = False  # `reflect star ID`: an entry to find again
    audio: list[AudioNote] = field(default_factory=list)  # voice notes (db/audio.py)

    def next_step(self) -> StepAnswer | None:
        """The first step not yet answered (where a draft resumes)."""
        return next((s for s in self.steps if not s.answered), None)

    def answered_count(self) -> int:
        return sum(1 for s in self.steps if s.answered)


def action_lines(answer: str) -> list[str]:
    """The actions in an `actions` answer: one per non-empty line, list markers removed."""
    lines = []
    for raw in answer.splitlines():
        line = raw.strip().lstrip("-*•").strip()
        head, dot, rest = line.partition(". ")
        if dot and head.isdigit():
            line = rest.strip()
        if line:
            lines.append(line)
    return lines


def default_title(steps: Iterable[StepAnswer]) -> str:
    """The first line of the first written answer, whole: screens cut it, the journal never."""
    return first_words(steps)


def first_words(steps: Iterable[StepAnswer], kinds: tuple[str, ...] = WRITTEN_KINDS) -> str:
    """The first line of the first answer of one of `kinds` (by default the written ones)."""
    for item in steps:
        answer = (item.answer or "").strip()
        if answer and item.step.kind in kinds:
            return answer.splitlines()[0].strip()
    return ""


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, lower-case, without a leading '#'."""
    return tag.strip().lstrip("#").strip().lower()


def clean_tags(tags: Iterable[str] | None) -> list[str]:
    """Tags as stored (see clean_tag), in the order given; empty ones and repeats dropped."""
    return list(dict.fromkeys(t for t in map(clean_tag, tags or ()) if t))


def short_id(entry_id: str) -> str:
    """An id as screens show it: its first eight characters, never fewer."""
    return entry_id[:SHORT_ID]


# -- how text is shown on a screen: what a control character looks like -------------------

# C0 controls except tab (9) and newline (10), then DEL and the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """`text` with every control character but newline made visible, and a tab as four spaces
    (Rich measures a tab as nothing, so a table cut or wrapped text with tabs in it)."""
    if "\t" in text:
        text = text.replace("\t", "    ")
    return CONTROL.sub(_shown, text) if CONTROL.search(text) else text
