"""`reflect backup [PATH]`: a consistent, checked copy of the journal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect_cli.commands.common import db_path_from, store_from
from reflect_cli.core import backup as backups
from reflect_cli.core import clock
from reflect_cli.errors import DataError
from reflect_cli.output.console import say


def backup(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH",
            help="A new file, or a folder for a dated copy (default: backups/ by the database).",
        ),
    ] = None,
) -> None:
    """Save a copy of your journal; safe while reflect is writing. Never overwrites a file.

    Example: reflect backup ~/Documents/reflect-backups
    """
    db_path = db_path_from(ctx)
    if not db_path.exists():
        raise DataError(
            f"There is no journal at {db_path} yet, so there is nothing to back up.",
            "It is created the first time you write, e.g.: reflect quick",
        )
    store = store_from(ctx)  # refuses, untouched, a file that is not a reflect database
    try:
        target, dated = backups.target_for(db_path, path, clock.now())
        result = backups.make_backup(store, target, dated=dated)
    finally:
        store.close()
    say(f"Saved a copy of your journal: {result.path} ({backups.human_size(result.size)}).")
