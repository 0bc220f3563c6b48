"""`reflect import FILE`: bring in a JSON export, merging by entry id."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from reflect_cli.commands.common import store_from
from reflect_cli.errors import UsageError
from reflect_cli.importer import parse_export


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(help="A JSON export made by 'reflect export' ('-' reads stdin)."),
    ],
) -> None:
    """Bring in entries from a JSON export. Importing the same file twice adds nothing.

    An entry you already have is replaced only if the file's copy was changed more recently.
    The whole file is checked first: if anything is wrong, nothing is imported.

    Example: reflect import reflections.json
    """
    if file == "-":
        raw = sys.stdin.buffer.read()
        source = "The export on stdin"
    else:
        try:
            raw = Path(file).read_bytes()
        except OSError as exc:
            raise UsageError(
                f"Cannot read {file} ({exc.strerror}).",
                "Give a file made by 'reflect export', or - for stdin.",
            ) from None
        source = file
    import gc

    # A large export becomes millions of small objects and no cycles: the cycle collector's
    # repeated passes over them would cost about a quarter of the import.
    gc.disable()
    entries = parse_export(raw, source)
    del raw  # the file's bytes are not needed once read: memory for the rows instead
    from reflect_cli.commands import guarding
    from reflect_cli.privacy import settings as guard_settings

    settings = guard_settings()
    store = store_from(ctx)
    marks = guarding.import_marks(settings)  # each entry is checked as it is written
    result = store.import_entries(entries, marks)
    sys.stdout.write(
        f"Imported: {result.added} new, {result.updated} updated, {result.unchanged} unchanged.\n"
    )
    guarding.after_import(marks)
