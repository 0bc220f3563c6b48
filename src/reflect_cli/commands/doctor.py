"""`reflect doctor [--fix]`: check the journal, and say what to do about each problem."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli import doctor as checkup
from reflect_cli.commands.common import JsonOption, db_path_from, print_json
from reflect_cli.output.safe import say


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
        print_json({"ok": not failed, "fixed": done, "checks": [c.as_json() for c in checks]})
    else:
        _print(checks, done, fix)
    if failed:
        from reflect_cli.errors import Failed

        raise Failed()


def _print(checks: list[checkup.Check], done: list[str], fix: bool) -> None:
    for line in done:
        say(f"→ {line}")
    if done:
        say()
    for check in checks:
        say(f"{'✓' if check.ok else '✗'} {check.name}: {check.detail}")
        if not check.ok and check.advice:
            say(f"    {check.advice}")
    failed = [check for check in checks if not check.ok]
    say()
    if not failed:
        say("All is well.")
        return
    noun = "thing needs" if len(failed) == 1 else "things need"
    fixable = sum(1 for check in failed if check.fix)
    if fixable and not fix:
        say(f"{len(failed)} {noun} your attention; reflect doctor --fix can see to {fixable}.")
    else:
        say(f"{len(failed)} {noun} your attention (see above).")
