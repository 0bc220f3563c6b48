"""`reflect` with no command: what is in the journal, and where to start."""

from __future__ import annotations

import typer

from reflect_cli.commands.common import store_from
from reflect_cli.output import console
from reflect_cli.output.screens.writing import home as home_screen


def home(ctx: typer.Context) -> None:
    store = store_from(ctx)
    console.show(home_screen(store.counts(), str(store.path)))
