"""`reflect import FILE`: bring in a JSON export, merging by entry id."""

from __future__ import annotations

import contextlib
import itertools
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import store_from
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.core.importer import ExportStream


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(help="A JSON export made by 'reflect export' ('-' reads stdin)."),
    ],
) -> None:
    """Bring in entries from a JSON export. Importing the same file twice adds nothing.

    An entry you already have is replaced only if the file's copy was changed more recently.
    The whole file is checked: if anything is wrong, nothing is imported. It is read a piece at
    a time (each entry may be up to 64 MB), so an export of any size imports.

    Example: reflect import reflections.json
    """
    import gc

    from reflect_cli.core.importer import ExportStream
    from reflect_cli.core.reading import open_regular

    # A large export becomes millions of small objects and no cycles: the cycle collector's
    # repeated passes over them would cost about a quarter of the import.
    gc.disable()
    if file == "-":  # stdin is read, not closed
        handle, source = contextlib.nullcontext(sys.stdin.buffer), "The export on stdin"
    else:
        handle = open_regular(file, "", "Give a file made by 'reflect export', or - for stdin.")
        source = file
    with handle as data:
        _import_from(ctx, ExportStream(data, source))


def _import_from(ctx: typer.Context, stream: ExportStream) -> None:
    """The entries of `stream`, read one at a time and written as they come, in one
    transaction: a problem anywhere in the file undoes it all."""
    entries = iter(stream)
    # the file is read up to its first good entry before the journal is opened: a file that is
    # wrong from the start (or all through) leaves no trace
    first = next(entries, None)
    pending = entries if first is None else itertools.chain([first], entries)
    from reflect_cli.commands import guarding

    settings = common.settings_from(ctx)
    store = store_from(ctx)
    marks = guarding.import_marks(settings)  # each entry is checked as it is written
    from reflect_cli.commands.logbook import import_logs

    with store.transaction():  # the entries, then the logs (cpd, feedback, ...): all or nothing
        result = store.import_entries(pending, marks)
        said = import_logs(store, stream.head, stream.source_name, settings)
    console.say(
        f"Imported: {result.added} new, {result.updated} updated, {result.unchanged} unchanged."
    )
    if said:
        console.say(said)
    guarding.after_import(marks)
