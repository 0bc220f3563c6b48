"""An entry as a readable Markdown document: used by `show` and by `export --format markdown`."""

from __future__ import annotations

from reflect_cli.store import Entry


def when(entry: Entry) -> str:
    """'2026-11-20 21:14' from the entry's created_at."""
    return entry.created_at[:16].replace("T", " ")


def entry_to_markdown(entry: Entry, heading_level: int = 1) -> str:
    """Title, a line of facts (date, framework, mood, tags), each step under its question as it
    was asked, and the actions with whether they are done."""
    top = "#" * heading_level
    sub = "#" * (heading_level + 1)
    facts = [when(entry), entry.framework]
    if entry.mood is not None:
        facts.append(f"mood {entry.mood}")
    if entry.tags:
        facts.append("tags: " + ", ".join(entry.tags))
    title = " ".join(entry.title.split()) or "(untitled)"  # a heading is one line
    lines = [f"{top} {title}", "", "*" + " · ".join(facts) + "*", ""]
    for item in entry.steps:
        if item.step.kind == "actions" and entry.actions:
            continue  # shown below, with whether each is done
        answer = (item.answer or "").strip()
        if item.step.kind == "choices" and answer:  # one choice per line, kept as lines
            answer = "\n".join(f"- {line}" for line in answer.splitlines())
        lines += [f"{sub} {item.step.title}", "", f"> {item.step.question}", ""]
        lines += [answer if answer else "*(left empty)*", ""]
    if entry.actions:
        lines += [f"{sub} Actions", ""]
        for action in entry.actions:
            mark = "x" if action.done_at else " "
            done = ""
            if action.done_at:
                note = f": {action.note}" if action.note else ""
                done = f" (done {action.done_at[:10]}{note})"
            lines.append(f"- [{mark}] {action.text}{done}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
