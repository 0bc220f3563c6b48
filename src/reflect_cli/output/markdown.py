"""An entry as a readable Markdown document: used by `show` (its screen follows the document's
sections) and by `export --format markdown`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect_cli.model import duration, voice_label

if TYPE_CHECKING:
    from reflect_cli.model import Entry


def when(entry: Entry) -> str:
    """'2026-11-20 21:14' from the entry's created_at."""
    return entry.created_at[:16].replace("T", " ")


def facts(entry: Entry) -> str:
    """The line under the title: date, framework, mood and tags."""
    parts = [when(entry), entry.framework]
    if entry.mood is not None:
        parts.append(f"mood {entry.mood}")
    if entry.tags:
        parts.append("tags: " + ", ".join(entry.tags))
    voice = voice_label(entry.audio)
    if voice:
        parts.append(voice)
    return " · ".join(parts)


def voice_notes(entry: Entry) -> dict[str, str]:
    """For each step title whose answer came from a voice note: what to say of it ('voice
    note, 0:42, transcribed by pocketsphinx: a draft; the recording is the record')."""
    titles = {item.step.key: item.step.title for item in entry.steps}
    found = {}
    for note in entry.audio:
        said = f"voice note, {duration(note.seconds)}"
        if note.transcribed_by:
            said += f", transcribed by {note.transcribed_by}: a draft; the recording is the record"
        else:
            said += ", not transcribed"
        found[titles.get(note.step_key, note.step_key)] = said
    return found


def sections(entry: Entry) -> list[tuple[str, str, str]]:
    """(step title, question as asked, answer) in order; the answer is "" when left empty. An
    `actions` step with tracked actions is left to `actions` (which says which are done)."""
    found = []
    for item in entry.steps:
        if item.step.kind == "actions" and entry.actions:
            continue
        answer = (item.answer or "").strip()
        if item.step.kind == "choices" and answer:  # one choice per line, kept as lines
            answer = "\n".join(f"- {line}" for line in answer.splitlines())
        found.append((item.step.title, item.step.question, answer))
    return found


def actions(entry: Entry) -> list[tuple[bool, str]]:
    """(done, text with when it was done and the note, or the day it is due by) for each
    tracked action."""
    found = []
    for action in entry.actions:
        text = action.text
        if action.done_at:
            note = f": {action.note}" if action.note else ""
            text += f" (done {action.done_at[:10]}{note})"
        elif action.due:
            text += f" (by {action.due})"
        found.append((bool(action.done_at), text))
    return found


def entry_to_markdown(entry: Entry, heading_level: int = 1) -> str:
    """Title, a line of facts (date, framework, mood, tags), each step under its question as it
    was asked, and the actions with whether they are done."""
    top = "#" * heading_level
    sub = "#" * (heading_level + 1)
    title = " ".join(entry.title.split()) or "(untitled)"  # a heading is one line
    lines = [f"{top} {title}", "", f"*{facts(entry)}*", ""]
    voiced = voice_notes(entry)
    for step_title, question, answer in sections(entry):
        lines += [f"{sub} {step_title}", "", f"> {question}", ""]
        if step_title in voiced:
            lines += [f"*({voiced[step_title]})*", ""]
        lines += [answer if answer else "*(left empty)*", ""]
    if entry.actions:
        lines += [f"{sub} Actions", ""]
        lines += [f"- [{'x' if done else ' '}] {text}" for done, text in actions(entry)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
