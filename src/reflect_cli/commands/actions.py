"""`reflect actions`: the actions you promised yourself, and closing the loop on them."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import MAX_NUMBER, JsonOption, store_from
from reflect_cli.core import clock
from reflect_cli.errors import DataError, UsageError
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
    actions: Annotated[
        list[str],
        typer.Argument(
            metavar="ACTION...", help="The actions' ids, or their first 6+ characters."
        ),
    ],
    note: Annotated[
        str | None, typer.Option("--note", help="What happened: how it went, what changed.")
    ] = None,
) -> None:
    """Mark one or more actions done, with a note on what happened.

    All of them are marked, or (if an id names no single action) none.

    Example: reflect actions done 5b1c9e --note "Used SBAR all week; handovers calmer"

    Example: reflect actions done 5b1c9e 8d02aa
    """
    from reflect_cli.commands import guarding

    settings = common.settings_from(ctx)  # first: a settings problem stops before any save
    store = store_from(ctx)
    rows = store.mark_all_done(_resolved(store, actions), note.strip() if note else None)
    from reflect_cli.output.screens.actions import action_done

    for row in rows:
        console.show(action_done(row))
    if note:
        for entry_id in dict.fromkeys(row.entry_id for row in rows):
            guarding.after_note(store, next(r for r in rows if r.entry_id == entry_id), settings)


@app.command("due")
def due(
    ctx: typer.Context,
    action: Annotated[
        str, typer.Argument(metavar="ACTION", help="The action's id, or its first 6+ characters.")
    ],
    when: Annotated[
        str | None,
        typer.Argument(
            metavar="WHEN",
            help="2026-12-20, today, tomorrow, friday, 12 March, or 3d / 2w from today.",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Take the due day away.")] = False,
) -> None:
    """Give an action a day it is due by (the review and `reflect` show it when it comes).

    Example: reflect actions due 5b1c9e friday
    """
    from reflect_cli.core.due import WHEN_EXAMPLES, due_day

    today = clock.now().date()
    if clear == (when is not None):
        raise UsageError(
            "Give the day it is due by, or --clear to take it away (not both)."
            if clear else "When is it due? Give a day after the action's id.",
            f"Try: reflect actions due {action} friday   (or {WHEN_EXAMPLES})",
        )
    day = None if clear else due_day(when or "", today)
    if not clear and day is None:
        raise UsageError(
            f"'{when}' is not a day I understand.",
            f"Try: reflect actions due {action} friday   (or {WHEN_EXAMPLES})",
        )
    store = store_from(ctx)
    row = store.set_due(store.resolve_action_id(action), day)
    from reflect_cli.output.screens.actions import due_set

    console.show(due_set(row, today))


def _resolved(store, prefixes: list[str]) -> list[str]:
    """The actions `prefixes` name, all of them; if any names no single action (unknown, too
    short, or shared), a DataError that names it, and nothing is changed."""
    found, wrong = [], []
    for prefix in prefixes:
        try:
            found.append(store.resolve_action_id(prefix))
        except DataError as problem:
            wrong.append((prefix.strip(), problem))
    if not wrong:
        return found
    if len(wrong) == 1:
        problem = wrong[0][1]
        if len(prefixes) == 1:
            raise problem
        raise DataError(f"{problem.message} Nothing was marked done.", problem.hint)
    names = ", ".join(f"'{prefix}'" for prefix, _ in wrong)
    raise DataError(
        f"These ids name no single action: {names}. Nothing was marked done.",
        "See the ids with: reflect actions --all (give 6 or more characters of each).",
    )
