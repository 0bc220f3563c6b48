"""`reflect check`: look through every reflection for what could identify someone.

A report, not a gate: it marks the entries with findings (and unmarks those now clean), lists
them with the words in context and what to try instead, and exits 0. Nothing is changed in what
anyone wrote; `reflect edit ID` is how to change it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import JsonOption, store_from
from reflect_cli.output import console, shapes

OFF = (
    "The identifier check is switched off in your settings ([guard] enabled = false in {path}),"
    " so there is nothing to do."
)
NAMES_HINT = (
    "Tip: list your ward, your facility and colleagues' names under [guard] names in {path},"
    " and they are looked for too."
)


def check(
    ctx: typer.Context,
    all: Annotated[
        bool, typer.Option("--all", help="Show every finding, not just the first few per entry.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Look through your reflections for anything that could identify someone.

    NHS, CHI and ID numbers, phone numbers, email addresses, exact dates
    and ages, record and bed numbers, titles with names, and the names
    listed in your settings. Entries with findings are marked, so exports
    leave them out unless you ask. Nothing you wrote is changed.

    Example: reflect check
    """
    from reflect_cli.core import privacy
    from reflect_cli.core.config import config_path

    settings = common.settings_from(ctx)
    if not settings.guard_enabled:
        if json:
            console.print_json(shapes.check_report(None))
        else:
            console.show(OFF.format(path=config_path()))
        return
    store = store_from(ctx)
    entries = store.entries()
    before = store.marked_ids()
    found = privacy.recheck(store, entries, settings.guard_words)
    results = [(entry, privacy.distinct(found[entry.id])) for entry in entries if found[entry.id]]
    now = {entry.id for entry, _ in results}
    from reflect_cli.commands.logbook import recheck_feedback

    feedback = recheck_feedback(store, settings)  # the feedback log is read too
    if json:
        console.print_json({
            **shapes.check_report(results, len(entries), len(now - before), len(before - now)),
            "feedback": feedback,
        })
        return
    from reflect_cli.output.screens.privacy import check_report

    hint = None if settings.guard_names else NAMES_HINT.format(path=config_path())
    console.show(check_report(results, len(entries), all, hint))
    if feedback["marked"]:
        noun = "piece" if len(feedback["marked"]) == 1 else "pieces"
        console.show(f"{len(feedback['marked'])} {noun} of feedback may identify someone, and"
                     " are marked: see reflect feedback, and reflect feedback edit ID --text.")
