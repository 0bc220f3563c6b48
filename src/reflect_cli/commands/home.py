"""`reflect` with no command: what is in the journal, and where to start."""

from __future__ import annotations

import typer

from reflect_cli import render
from reflect_cli.commands.common import store_from


def home(ctx: typer.Context) -> None:
    store = store_from(ctx)
    render.out().print(render.home(store.counts(), str(store.path)))
