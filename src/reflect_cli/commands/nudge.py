"""`reflect nudge`: one line for your shell's start-up file on a day you have not reflected yet
(the console script answers a plain `reflect nudge` itself, faster: see nudging.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.context import environment


def nudge(
    ctx: typer.Context,
    notify: Annotated[
        bool, typer.Option("--notify", help="Show it as a desktop notification (reminders do).")
    ] = False,
) -> None:
    """Say "No reflection yet today" if you have not reflected today; nothing otherwise.

    For your shell's start-up file: quick, and silent when there is no journal yet.

    Example: echo 'reflect nudge' >> ~/.bashrc
    """
    from reflect_cli import nudging

    nudging.run(notify=notify, db_override=environment(ctx).db_override)
