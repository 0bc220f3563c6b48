"""A guided entry on screen: the home screen, the framework's intro, each step's header, and
what is written so far when a draft is resumed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from reflect_cli.model import short_id
from reflect_cli.output.console import out
from reflect_cli.output.safe import one_line, user, visible
from reflect_cli.output.screens.common import how_many

if TYPE_CHECKING:
    from reflect_cli.core.session import Progress
    from reflect_cli.model import Entry, Framework, Step


HOME_DUE_SHOWN = 3  # actions due by today, at the top of the home screen


def home(counts: dict[str, int], db_path: str, due=(), due_count: int = 0, today=None) -> Group:
    """What is in the journal and where to start; first, if any, the actions due by today
    (`due`, the longest overdue first, of `due_count`)."""
    lines = [
        Text("reflect", style="bold") + Text(": your private reflective-practice journal"),
        Text(
            f"{how_many(counts['entries'], 'reflection')} · {how_many(counts['drafts'], 'draft')}"
            f" · {how_many(counts['open_actions'], 'open action')}",
        ),
        user(f"Stored only on this machine: {db_path}", style="dim"),
        Text(""),
        Text("  reflect quick       three minutes at the end of the day"),
        Text("  reflect gibbs       after an incident or a hard case (six stages)"),
        Text("  reflect rolfe       What? So what? Now what?"),
        Text("  reflect review      your week at a glance: mood, themes, actions"),
        Text("  reflect actions     what you promised yourself, and what you did"),
        Text("  reflect frameworks  every framework you can use"),
        Text("  reflect --help      everything else"),
    ]
    if counts["drafts"]:
        lines.insert(3, Text("You have an unfinished reflection: reflect resume", style="yellow"))
    if due:
        lines[3:3] = _due_now(list(due), due_count, today)
    return Group(*lines)


def _due_now(due: list, count: int, today) -> list[Text]:
    """'Due now:' and the first few actions due by today, each with its id, gently."""
    from reflect_cli.output.screens.actions import action_line

    lines = [Text(""), Text("Due now:", style="bold")]
    lines += [action_line(row, today, show_age=False) for row in due[:HOME_DUE_SHOWN]]
    more = count - min(len(due), HOME_DUE_SHOWN)
    if more > 0:
        lines.append(Text(f"   … and {more} more: reflect actions", style="dim"))
    lines.append(Text("   When one is done: reflect actions done ID", style="dim"))
    return lines


def framework_intro(framework: Framework) -> Group:
    """Shown once before the first question of a guided entry."""
    parts: list = [user(framework.name, style="bold")]
    if framework.description:
        parts.append(user(framework.description))
    tip = "Each answer is saved as you give it. Ctrl-C stops and keeps a draft."
    if framework.time_limit:
        minutes = framework.time_limit // 60
        tip = f"About {minutes} minutes; the clock is only a guide. " + tip
    parts.append(Text(tip, style="dim"))
    return Group(*parts)


def step_header(step: Step, progress: Progress) -> Group:
    """The stage title, 'n of N', and its guiding questions as hints."""
    parts: list = [Text("")]
    heading = Text.assemble(
        (visible(step.title), "bold cyan"),
        (f"   {progress.position} of {progress.total} · {visible(progress.framework_name)}", "dim"),
    )
    left = progress.seconds_left()
    if left is not None:
        heading.append(f"   {left // 60}:{left % 60:02d} left", style="dim")
    parts.append(heading)
    parts.append(user(step.question, style="bold"))
    parts.extend(user(f"  · {hint}", style="dim") for hint in step.hints)
    return Group(*parts)


def resume_intro(draft: Entry, framework_name: str) -> Text:
    return Text.assemble(
        ("Carrying on: ", "bold"),
        user(framework_name),
        (
            f"  ({draft.answered_count()} of {len(draft.steps)} answered,"
            f" started {draft.created_at[:16].replace('T', ' ')})",
            "dim",
        ),
    )


def resume_recap(draft: Entry, width: int | None = None) -> Group:
    """What is written so far: each answered step's title and its answer's first line, each
    line cut to `width` (the terminal's, by default)."""
    width = max(20, width or out().width)
    lines: list[Text] = [Text("So far:", style="dim")]
    for item in draft.steps:
        if not item.answered:  # (text typed but not saved comes back in its question)
            continue
        answer = (item.answer or "").strip()
        title = one_line(item.step.title)
        first = one_line(answer.splitlines()[0]) if answer else "(skipped)"
        room = width - len(title) - 5
        if room < 8:  # a long title: it gets the line's first half
            title = one_line(title, width // 2)
            room = width - len(title) - 5
        line = Text.assemble(("  ", ""), (title, "bold"), (": ", ""))
        line.append(Text(one_line(first, room), style="dim" if not answer else ""))
        line.no_wrap = True
        line.overflow = "ellipsis"
        lines.append(line)
    return Group(*lines)


def resume_hint(draft: Entry) -> Text:
    return Text(
        f"\nCarry on with the newest: reflect resume  (or: reflect resume {short_id(draft.id)})",
        style="dim",
    )
