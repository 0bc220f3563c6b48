"""`reflect remind`: a daily nudge at a time you choose, set with this machine's own scheduler
(commands/schedulers.py runs it; core/reminders.py says what it is given)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from reflect_cli import completion
from reflect_cli.commands import schedulers
from reflect_cli.commands.common import JsonOption
from reflect_cli.context import environment
from reflect_cli.core import reminders
from reflect_cli.core.paths import DB_ENV
from reflect_cli.errors import UsageError
from reflect_cli.output.console import print_json, say

EXAMPLE = "reflect remind --at 21:00 --days mon-fri"


def remind(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="HH:MM", help="The time of day, 24-hour, e.g. 21:00."),
    ] = None,
    days: Annotated[
        str | None,
        typer.Option("--days", metavar="DAYS", autocompletion=completion.days,
                     help="Which days: mon-fri, sat,sun, mon,wed,fri or daily (the default)."),
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Remove the reminder reflect set.")] = False,
    show: Annotated[
        bool, typer.Option("--show", help="Say what is set (also with no options at all).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be written, and change nothing.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Set a daily reminder to reflect, with this machine's own scheduler.

    At that time you get a desktop notification, unless you have already reflected that day.

    It uses a systemd user timer, else your crontab; launchd on macOS; Task Scheduler on Windows.

    Example: reflect remind --at 21:00 --days mon-fri
    """
    _check(at, days, off, show, json)
    if off:
        _off(dry_run)
    elif at is not None:
        _set(reminders.reminder(at, days, nudge_command(ctx)), dry_run)
    else:
        _show(json)


def _check(at: str | None, days: str | None, off: bool, show: bool, json: bool) -> None:
    if off and (at is not None or days is not None or show):
        raise UsageError("--off removes the reminder, so it goes alone.",
                         "To change the time instead: reflect remind --at HH:MM")
    if show and (at is not None or days is not None):
        raise UsageError("--show says what is set, so it takes no --at or --days.",
                         f"To set a reminder: {EXAMPLE}")
    if days is not None and at is None:
        raise UsageError("--days goes with --at: at what time?", f"For example: {EXAMPLE}")
    if json and (off or at is not None):
        raise UsageError("--json goes with --show.", "See what is set: reflect remind --json")


def nudge_command(ctx: typer.Context) -> tuple[str, ...]:
    """What the scheduler runs: this reflect (as it was started: a link stays a link, so a
    reinstall keeps working), with the journal given by --db / REFLECT_DB, if any."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    if program.stem == "reflect" and program.is_file():
        base: list[str] = [str(program.absolute())]
    elif program.stem == "reflect" and program.with_suffix(".exe").is_file():
        base = [str(program.with_suffix(".exe").absolute())]
    else:
        base = [sys.executable, "-m", "reflect_cli"]
    given = environment(ctx).db_override or os.environ.get(DB_ENV)
    journal = ["--db", str(Path(given).expanduser().absolute())] if given else []
    return (*base, *journal, "nudge", "--notify")


def _place(label: str, where: str) -> str:
    return label if not where or where == label else f"{label}: {where}"


def _set(reminder: reminders.Reminder, dry_run: bool) -> None:
    target = schedulers.chosen()
    before = [(s, found) for s in schedulers.on_this_machine() if (found := s.current())]
    if dry_run:
        say("Dry run: nothing is changed. reflect would:")
        for scheduler, _ in before:
            for line in scheduler.removal():
                say(line)
        for line in target.plan(reminder):
            say(line)
        return
    for scheduler, _ in before:
        scheduler.remove()
    where = target.set(reminder)
    say(f"Reminder set: {reminder.describe()} ({_place(target.label, where)}).")
    say("It stays quiet on days you have already reflected. To stop it: reflect remind --off")
    if sys.platform not in ("darwin", "win32") and not _can_notify():
        say("Note: notify-send is not installed, so it cannot show a notification yet (install"
            " libnotify, or put 'reflect nudge' in your shell's start-up file).")


def _can_notify() -> bool:
    import shutil

    return shutil.which("notify-send") is not None


def _show(json: bool) -> None:
    found = [(s, f) for s in schedulers.on_this_machine() if (f := s.current())]
    if json:
        print_json({
            "set": bool(found),
            "reminders": [
                {"at": f.at, "days": f.days, "scheduler": s.name, "where": f.where}
                for s, f in found
            ],
        })
        return
    if not found:
        say(f"No reminder is set. Set one with: {EXAMPLE}")
        return
    for scheduler, f in found:
        when = f"at {f.at}, {reminders.describe_days(reminders.parse_days(f.days))}"
        say(f"A reminder is set: {when} ({_place(scheduler.label, f.where)}).")


def _off(dry_run: bool) -> None:
    if dry_run:
        lines = [line for s in schedulers.on_this_machine() for line in s.removal()]
        say("Dry run: nothing is changed. reflect would:" if lines else
            "No reminder is set, so there is nothing to remove.")
        for line in lines:
            say(line)
        return
    removed = [s for s in schedulers.on_this_machine() if s.remove()]
    if not removed:
        say("No reminder was set, so there was nothing to remove.")
        return
    say(f"The reminder is off: {' and '.join(s.gone for s in removed)}.")
