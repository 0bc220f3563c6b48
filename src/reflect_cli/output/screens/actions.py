"""Tracked actions on screen: the `reflect actions` table, a line of the review, one ticked off."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect_cli.model import short_id
from reflect_cli.output.console import out
from reflect_cli.output.safe import user, visible
from reflect_cli.output.screens.common import NARROW, stacked


def age(created_at: str, today) -> str:
    """'today', '1 day', '12 days' since an ISO datetime."""
    from datetime import date

    days = (today - date.fromisoformat(created_at[:10])).days
    return "today" if days <= 0 else f"{days} day{'s' if days != 1 else ''}"


def due_words(due: str, today) -> str:
    """When an action is due, said gently: 'due today', 'due Friday', 'due 20 Dec', 'was due
    yesterday', 'was due 3 days ago', 'was due 5 weeks ago', 'was due 2 Mar 2025'."""
    from datetime import date

    day = date.fromisoformat(due)
    days = (day - today).days
    named = f"{day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if 1 < days < 7:
        return f"due {day:%A}"
    if days > 0:
        return f"due {named}"
    if days == -1:
        return "was due yesterday"
    if days > -14:
        return f"was due {-days} days ago"
    if days > -63:
        return f"was due {-days // 7} weeks ago"
    return f"was due {named}"


def due_style(due: str, today) -> str:
    """Due by today: yellow (a nudge, never an alarm); later: dim."""
    return "yellow" if due <= today.isoformat() else "dim"


def action_line(row, today, show_age: bool = True) -> Text:
    line = Text("   ")
    line.append(f"{short_id(row.id)} ", style="dim")
    if row.done_at:
        line.append("✓ ", style="green")
        line.append(visible(row.text))
        line.append(f"  done {row.done_at[:10]}", style="dim")
        if row.note:
            line.append(f"\n{' ' * 14}{visible(row.note)}", style="dim italic")
    else:
        line.append("☐ ", style="yellow")
        line.append(visible(row.text))
        if show_age:
            line.append(f"  · {age(row.created_at, today)}", style="dim")
        if row.due:
            line.append(f"  · {due_words(row.due, today)}", style=due_style(row.due, today))
    return line


def actions_table(
    rows, today, include_done: bool, any_actions: bool = True
) -> Table | Group | Text:
    """Open actions (or all, with `include_done`): id, the action and its note, its age or
    when it was done, and the entry it came from. Below NARROW columns, two lines each."""
    if not rows:
        if not any_actions:
            return Text("No actions yet. Each line of an action plan (Tomorrow, Now what?, "
                        "Action plan) becomes one, so you can look back and tick it off.")
        if include_done:
            return Text("No actions yet. Each line of an action plan becomes one.")
        return Text("No open actions. Those you ticked off are in: reflect actions --all")
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    narrow = out().width < NARROW
    if narrow:
        parts: list = []
        for row in rows:
            status = _status(row, today)
            head = Text.assemble(
                (short_id(row.id), "bold"), (f"  {status}  ", "dim"),
                user(row.entry_title or short_id(row.entry_id), "dim"),
            )
            head.no_wrap, head.overflow = True, "ellipsis"
            body = user(row.text)
            if row.note:
                body.append(f"\n  {visible(row.note)}", style="dim italic")
            parts.append(stacked(head, body))
        return Group(*parts)
    table.add_column("id", style="bold", no_wrap=True, min_width=8)
    table.add_column("action", min_width=24)
    table.add_column("age" if not include_done else "status", no_wrap=True)
    table.add_column("from", style="dim", max_width=28, overflow="ellipsis", no_wrap=True)
    for row in rows:
        status = _status(row, today)
        text = user(row.text)
        if row.note:
            text.append(f"\n{visible(row.note)}", style="dim italic")
        table.add_row(
            short_id(row.id), text, status, user(row.entry_title or short_id(row.entry_id))
        )
    return table


def _status(row, today) -> str:
    """'done 2026-03-01', or the action's age and, if it has one, when it is due."""
    if row.done_at:
        return f"done {row.done_at[:10]}"
    if row.due:
        return f"{age(row.created_at, today)} · {due_words(row.due, today)}"
    return age(row.created_at, today)


def action_done(row) -> Text:
    text = Text.assemble(("Done: ", "bold green"), user(row.text))
    if row.note:
        text.append(f"\n  {visible(row.note)}", style="dim")
    return text


def due_set(row, today) -> Text:
    """'Due Friday (2026-03-06): Use SBAR', or that it has no due day now."""
    if row.due is None:
        text = Text.assemble(("No due day now: ", "bold"), user(row.text))
    else:
        words = due_words(row.due, today)
        text = Text.assemble((f"{words[0].upper()}{words[1:]}", "bold"), f" ({row.due}): ",
                             user(row.text))
    if row.done_at:
        text.append(f"\n  (done already, on {row.done_at[:10]})", style="dim")
    return text
