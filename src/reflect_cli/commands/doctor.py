"""`reflect doctor [--fix]`: check the journal, and say what to do about each problem."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands.common import JsonOption, db_path_from
from reflect_cli.core import doctor as checkup
from reflect_cli.output import console


def doctor(
    ctx: typer.Context,
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Do the safe repairs: permissions, rebuilding search."),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Check the journal: the file, its permissions, its integrity, search, your frameworks
    and settings. Exits 1 if anything needs your attention.

    Example: reflect doctor --fix
    """
    db_path = db_path_from(ctx)
    checks = checkup.run(db_path)
    done: list[str] = []
    if fix:
        done = checkup.fix(db_path, checks)
        if done:
            checks = checkup.run(db_path)
    failed = [check for check in checks if not check.ok]
    if json:
        from reflect_cli.output import shapes

        console.print_json(shapes.doctor_report(checks, done))
    else:
        from reflect_cli.output.screens.doctor import report

        for line in report(checks, done, fix):
            console.say(line)
    if failed:
        from reflect_cli.errors import Failed

        raise Failed()

