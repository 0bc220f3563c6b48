"""`reflect` with no command: what is in the journal, what is due, and where to start."""

from __future__ import annotations

import typer

from reflect_cli.commands.common import store_from
from reflect_cli.core import clock
from reflect_cli.output import console
from reflect_cli.output.screens.writing import HOME_DUE_SHOWN
from reflect_cli.output.screens.writing import home as home_screen


def home(ctx: typer.Context) -> None:
    store = store_from(ctx)
    today = clock.now().date()
    due = store.actions(due_by=today, limit=HOME_DUE_SHOWN)  # the longest overdue first
    count = store.count_actions(due_by=today) if len(due) == HOME_DUE_SHOWN else len(due)
    console.show(home_screen(store.counts(), str(store.path), due, count, today))
