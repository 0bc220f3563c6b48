"""`reflect show ID`: one entry in full, each answer under its question as it was asked."""

from __future__ import annotations

import typer

from reflect_cli.commands.common import EntryIdArgument, JsonOption, store_from
from reflect_cli.output import console


def show(
    ctx: typer.Context,
    entry_id: EntryIdArgument,
    json: JsonOption = False,
) -> None:
    """Show one reflection in full.

    Example: reflect show 3f2a9c
    """
    store = store_from(ctx)
    entry = store.get(store.resolve_id(entry_id, status="done"))
    if json:
        from reflect_cli.output import shapes

        console.print_json(shapes.entry(entry))
        return
    from reflect_cli.output.screens.entries import entry_detail

    console.show(entry_detail(entry))
