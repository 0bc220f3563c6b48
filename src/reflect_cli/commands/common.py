"""Options and helpers shared by several commands."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reflect_cli import completion
from reflect_cli.context import environment
from reflect_cli.core import clock
from reflect_cli.errors import UsageError
from reflect_cli.model import clean_tags

if TYPE_CHECKING:  # only for the annotations: a command that never opens the journal
    from reflect_cli.core.config import Config  # (frameworks) does not load storage
    from reflect_cli.db.store import Store

TitleOption = Annotated[
    str, typer.Option("--title", help="A title (default: the first line of your first answer).")
]
TagOption = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="A tag; repeat for more (e.g. -t handover -t nights).",
                 autocompletion=completion.tags),
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="When it happened, for catching up: 2026-11-20, '2026-11-20 21:15', yesterday, 2d.",
    ),
]
AnswersOption = Annotated[
    str | None,
    typer.Option(
        "--answers",
        metavar="FILE",
        help="A YAML or JSON file of step key to answer, to write without questions ('-': stdin).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")]
SinceOption = Annotated[str | None, typer.Option(help="From this day (e.g. 2026-01-01, 4w).")]
UntilOption = Annotated[str | None, typer.Option(help="Up to and including this day.")]
FrameworkFilter = Annotated[str | None, typer.Option(help="Only entries of this framework.")]
EntryIdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="The entry's id, or its first 6+ characters.")
]
MAX_NUMBER = 1_000_000_000  # the most `-n` may ask for (SQLite's LIMIT holds no more than 2**63)


def group(help: str) -> typer.Typer:
    """A command with subcommands (`reflect drafts`, `reflect drafts discard ID`): its callback
    runs alone when no subcommand is given, and lists instead of showing the help."""
    return typer.Typer(
        add_completion=False,
        help=help,
        invoke_without_command=True,
        no_args_is_help=False,
    )


def entry_filters(
    since: str | None, until: str | None, tag: list[str] | None, framework: str | None
) -> dict[str, Any]:
    """`--since`, `--until`, `--tag` and `--framework` as the store narrows entries by them
    (`Store.iter_entries`): the days read, the tags cleaned."""
    return {
        "since": clock.parse_date(since, "--since") if since else None,
        "until": clock.parse_date(until, "--until") if until else None,
        "tags": clean_tags(tag),
        "framework": framework,
    }


def store_from(ctx: typer.Context) -> Store:
    """The journal named by `--db` / `REFLECT_DB` / the default, opened and migrated; it is
    closed when the command ends (however it ends)."""
    return environment(ctx).journal()


def db_path_from(ctx: typer.Context) -> Path:
    """Where the journal named by `--db` / `REFLECT_DB` / the default is (not opened)."""
    return environment(ctx).db_path


def settings_from(ctx: typer.Context) -> Config:
    """config.toml, read once for the whole run."""
    return environment(ctx).settings


def is_interactive(ctx: typer.Context) -> bool:
    """Whether questions can be asked here (stdin and stdout are a terminal)."""
    return environment(ctx).interactive


def require_terminal(ctx: typer.Context, command: str) -> None:
    if not is_interactive(ctx):
        raise UsageError(
            f"'{command}' asks its questions in a terminal, and there is none here.",
            "To write without questions, pass --answers FILE (YAML or JSON: step key to answer).",
        )


def when_from_option(at: str | None) -> datetime | None:
    """The `--at` moment (None for now); a moment in the future is refused."""
    if at is None:
        return None
    moment = clock.parse_moment(at, "--at")
    if moment > clock.now():
        raise UsageError(
            f"--at: {at} is in the future.", "Give when it happened, e.g. --at yesterday."
        )
    return moment
