"""Frameworks on screen: the list of them and one in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect_cli.output.safe import user

if TYPE_CHECKING:
    from reflect_cli.core.frameworks import Catalogue
    from reflect_cli.model import Framework


def frameworks_table(catalogue: Catalogue) -> Group:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold")
    table.add_column("name")
    table.add_column("steps", justify="right")
    table.add_column("source file", style="dim", overflow="fold")
    for framework in sorted(catalogue.frameworks.values(), key=lambda f: f.id):
        origin = str(framework.path) + ("" if framework.builtin else "  (yours)")
        table.add_row(user(framework.id), user(framework.name), str(len(framework.steps)),
                      user(origin))
    parts: list = [table]
    for name, problem in sorted(catalogue.broken.items()):
        parts.append(user(f"\n{name}: could not be loaded: {problem.message}", style="yellow"))
    return Group(*parts)


def framework_detail(framework: Framework) -> Group:
    parts: list = [user(framework.name, style="bold")]
    if framework.description:
        parts.append(user(framework.description))
    if framework.source:
        parts.append(user(f"Source: {framework.source}", style="dim"))
    if framework.time_limit:
        minutes, seconds = divmod(framework.time_limit, 60)
        parts.append(
            Text(f"Time: {minutes}:{seconds:02d} (a countdown, never a cut-off)", style="dim")
        )
    parts.append(user(f"File: {framework.path}", style="dim"))
    for position, step in enumerate(framework.steps, start=1):
        parts.append(Text(""))
        kind = step.kind
        if step.kind == "scale":
            kind = f"scale {step.min}..{step.max}"
        elif step.kind in ("choice", "choices"):
            kind = f"{step.kind}: " + ", ".join(step.choices)
        parts.append(
            Text.assemble(
                user(f"{position}. {step.title}", "bold cyan"),
                user(f"  [{step.key} · {kind}]", "dim"),
            )
        )
        parts.append(user(f"   {step.question}"))
        parts.extend(user(f"   · {hint}", style="dim") for hint in step.hints)
    return Group(*parts)
