"""The only module that builds Rich renderables. Commands hand it data; it returns what to print."""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from reflect_cli.frameworks import Catalogue, Framework, Step
    from reflect_cli.session import Progress
    from reflect_cli.store import Entry


@cache
def out() -> Console:
    return Console(highlight=False)


@cache
def err() -> Console:
    return Console(stderr=True, highlight=False)


def short_id(entry_id: str) -> str:
    return entry_id[:8]


def step_header(step: Step, progress: Progress) -> Group:
    """The stage title, 'n of N', and its guiding questions as hints."""
    parts: list = [Text("")]
    heading = Text.assemble(
        (step.title, "bold cyan"),
        (f"   {progress.position} of {progress.total} · {progress.framework_name}", "dim"),
    )
    left = progress.seconds_left()
    if left is not None:
        heading.append(f"   {left // 60}:{left % 60:02d} left", style="dim")
    parts.append(heading)
    parts.append(Text(step.question, style="bold"))
    parts.extend(Text(f"  · {hint}", style="dim") for hint in step.hints)
    return Group(*parts)


def saved(entry: Entry) -> Group:
    """What the user sees when an entry is saved: a short summary, its actions and its id."""
    parts: list = [Text("")]
    heading = Text.assemble(("Saved: ", "bold green"), (entry.title or "(untitled)", "bold"))
    parts.append(heading)
    for item in entry.steps:
        answer = (item.answer or "").strip()
        if item.step.kind == "actions" or not answer:
            continue
        first = answer.splitlines()[0]
        if len(first) > 70:
            first = first[:69] + "…"
        parts.append(Text.assemble(("  " + item.step.title + ": ", "cyan"), first))
    if entry.actions:
        parts.append(Text("  Actions to track:", style="cyan"))
        parts.extend(Text(f"   ☐ {action.text}") for action in entry.actions)
    if entry.tags:
        parts.append(Text("  Tags: " + ", ".join(entry.tags), style="dim"))
    parts.append(
        Text(f"  id {short_id(entry.id)} · {entry.created_at[:16].replace('T', ' ')}", style="dim")
    )
    return Group(*parts)


def frameworks_table(catalogue: Catalogue) -> Group:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold")
    table.add_column("name")
    table.add_column("steps", justify="right")
    table.add_column("source file", style="dim", overflow="fold")
    for framework in sorted(catalogue.frameworks.values(), key=lambda f: f.id):
        origin = str(framework.path) + ("" if framework.builtin else "  (yours)")
        table.add_row(framework.id, framework.name, str(len(framework.steps)), origin)
    parts: list = [table]
    for name, problem in sorted(catalogue.broken.items()):
        parts.append(Text(f"\n{name}: could not be loaded: {problem.message}", style="yellow"))
    return Group(*parts)


def framework_detail(framework: Framework) -> Group:
    parts: list = [Text(framework.name, style="bold")]
    if framework.description:
        parts.append(Text(framework.description))
    if framework.source:
        parts.append(Text(f"Source: {framework.source}", style="dim"))
    if framework.time_limit:
        minutes, seconds = divmod(framework.time_limit, 60)
        parts.append(
            Text(f"Time: {minutes}:{seconds:02d} (a countdown, never a cut-off)", style="dim")
        )
    parts.append(Text(f"File: {framework.path}", style="dim"))
    for position, step in enumerate(framework.steps, start=1):
        parts.append(Text(""))
        kind = step.kind
        if step.kind == "scale":
            kind = f"scale {step.min}..{step.max}"
        elif step.kind == "choice":
            kind = "choice: " + ", ".join(step.choices)
        parts.append(
            Text.assemble(
                (f"{position}. {step.title}", "bold cyan"), (f"  [{step.key} · {kind}]", "dim")
            )
        )
        parts.append(Text(f"   {step.question}"))
        parts.extend(Text(f"   · {hint}", style="dim") for hint in step.hints)
    return Group(*parts)


def drafts_table(drafts: list[Entry]) -> Table | Text:
    if not drafts:
        return Text("No drafts: every reflection you started is finished.")
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold")
    table.add_column("framework")
    table.add_column("started")
    table.add_column("answered", justify="right")
    table.add_column("first words", overflow="ellipsis", no_wrap=True, max_width=40)
    for draft in drafts:
        first = next((s.answer for s in draft.steps if s.answer and s.answer.strip()), "")
        table.add_row(
            short_id(draft.id),
            draft.framework,
            draft.created_at[:16].replace("T", " "),
            f"{draft.answered_count()} of {len(draft.steps)}",
            first.strip().splitlines()[0] if first.strip() else "",
        )
    return table


def home(counts: dict[str, int], db_path: str) -> Group:
    lines = [
        Text("reflect", style="bold") + Text(": your private reflective-practice journal"),
        Text(
            f"{counts['entries']} reflections · {counts['drafts']} drafts · "
            f"{counts['open_actions']} open actions",
        ),
        Text(f"Stored only on this machine: {db_path}", style="dim"),
        Text(""),
        Text("  reflect quick       three minutes at the end of the day"),
        Text("  reflect gibbs       after an incident or a hard case (six stages)"),
        Text("  reflect rolfe       What? So what? Now what?"),
        Text("  reflect frameworks  every framework you can use"),
        Text("  reflect --help      everything else"),
    ]
    if counts["drafts"]:
        lines.insert(3, Text("You have an unfinished reflection: reflect resume", style="yellow"))
    return Group(*lines)


def error(message: str, hint: str | None = None) -> None:
    """One or two plain lines on stderr."""
    sys.stderr.write(f"reflect: {message}\n")
    if hint:
        sys.stderr.write(f"  {hint}\n")


def framework_intro(framework: Framework) -> Group:
    """Shown once before the first question of a guided entry."""
    parts: list = [Text(framework.name, style="bold")]
    if framework.description:
        parts.append(Text(framework.description))
    tip = "Each answer is saved as you give it. Ctrl-C stops and keeps a draft."
    if framework.time_limit:
        minutes = framework.time_limit // 60
        tip = f"About {minutes} minutes; the clock is only a guide. " + tip
    parts.append(Text(tip, style="dim"))
    return Group(*parts)


def resume_hint(draft: Entry) -> Text:
    return Text(
        f"\nCarry on with the newest: reflect resume  (or: reflect resume {short_id(draft.id)})",
        style="dim",
    )


def resume_intro(draft: Entry, framework_name: str) -> Text:
    return Text.assemble(
        ("Carrying on: ", "bold"),
        framework_name,
        (
            f"  ({draft.answered_count()} of {len(draft.steps)} answered,"
            f" started {draft.created_at[:16].replace('T', ' ')})",
            "dim",
        ),
    )
