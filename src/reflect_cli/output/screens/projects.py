"""A quality-improvement project on screen (`reflect list --project NAME`): its cycles in order,
each with its day, what it tried and what the measure showed, and what was decided."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from reflect_cli.model import short_id
from reflect_cli.output.safe import one_line, user

SHOWN_STEPS = ("result", "act")  # a PDSA cycle's measure's result and what was decided


def project_cycles(name: str, numbered: list, total: int) -> Group:
    noun = "reflection" if total == 1 else "reflections"
    parts: list = [Text.assemble((one_line(name), "bold"), (f"  {total} {noun}", "dim")), Text("")]
    for number, entry in numbered:
        line = Text(f"{number:>3}  ", style="bold")
        line.append(f"{entry.created_at[:10]}  ", style="dim")
        line.append(f"{one_line(entry.framework)}  ", style="dim")
        line.append(one_line(entry.title or "(untitled)"), style="bold")
        line.append(f"  {short_id(entry.id)}", style="dim")
        parts.append(line)
        answers = {item.step.key: (item.step.title, item.answer) for item in entry.steps}
        details = [f"{answers[key][0]}: {one_line(answers[key][1] or '', 80)}"
                   for key in SHOWN_STEPS if key in answers and (answers[key][1] or "").strip()]
        if details:
            parts.append(Text.assemble("       ", user(" · ".join(details), "dim")))
    if len(numbered) < total:
        parts.append(Text(f"({total - len(numbered)} more outside what you chose)", style="dim"))
    return Group(*parts)


def no_project(name: str, projects: list[tuple[str, int]]) -> Text:
    text = Text.assemble("No reflections are in a project called “", user(one_line(name)), "” yet.")
    if projects:
        text.append("\nYour projects: " + ", ".join(one_line(p) for p, _ in projects), style="dim")
    text.append("\nStart one with: reflect write pdsa --project \"NAME\"", style="dim")
    return text
