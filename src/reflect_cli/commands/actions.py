"""`reflect actions`: the actions you promised yourself, and closing the loop on them."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import MAX_NUMBER, JsonOption, store_from
from reflect_cli.core import clock
from reflect_cli.output import console

SHOWN = 20  # actions listed in the terminal unless -n says otherwise (a screenful)

app = common.group("The actions from your action plans.\n\nExample: reflect actions")


@app.callback()
def list_actions(
    ctx: typer.Context,
    all: Annotated[bool, typer.Option("--all", help="Show done actions too.")] = False,
    number: Annotated[
        int | None,
        typer.Option(
            "--number",
            "-n",
            min=0,
            max=MAX_NUMBER,
            help="Show at most this many (0: all; default 20, all with --json).",
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """List open actions, oldest first, with their age and the entry they came from.

    Example: reflect actions --all
    """
    if ctx.invoked_subcommand is not None:
        return
    if number is None:
        number = 0 if json else SHOWN
    store = store_from(ctx)
    rows = store.actions(include_done=all, limit=number or None)
    if json:
        from reflect_cli.output import shapes

        console.print_json([shapes.action(row) for row in rows])
        return
    from reflect_cli.output.screens.actions import actions_table

    any_actions = bool(rows) or store.count_actions(include_done=True) > 0
    console.show(actions_table(rows, clock.now().date(), include_done=all, any_actions=any_actions))
    if number and len(rows) == number:
        more = store.count_actions(include_done=all) - number
        if more > 0:
            console.show(f"… and {more} more: reflect actions -n 0 shows them all", style="dim")


@app.command("done")
def done(
    ctx: typer.Context,
    action: Annotated[str, typer.Argument(help="The action's id, or its first 6+ characters.")],
    note: Annotated[
        str | None, typer.Option("--note", help="What happened: how it went, what changed.")
    ] = None,
) -> None:
    """Mark an action done, with a note on what happened.

    Example: reflect actions done 5b1c9e --note "Used SBAR all week; handovers calmer"
    """
    from reflect_cli.commands import guarding

    settings = common.settings_from(ctx)  # first: a settings problem stops before any save
    store = store_from(ctx)
    row = store.mark_done(store.resolve_action_id(action), note.strip() if note else None)
    from reflect_cli.output.screens.actions import action_done

    console.show(action_done(row))
    if note:
        guarding.after_note(store, row, settings)
