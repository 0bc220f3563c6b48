"""`reflect export`: chosen entries as a file for backup, another machine or a portfolio."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from reflect_cli import clock
from reflect_cli.commands.common import TagOption, clean_tags, store_from
from reflect_cli.exporters import get_exporter
from reflect_cli.files import write_atomically


def export(
    ctx: typer.Context,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (backup, another machine), markdown (to read or share) or csv "
            "(a spreadsheet).",
        ),
    ] = "json",
    since: Annotated[str | None, typer.Option(help="From this day (e.g. 2026-01-01, 4w).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to and including this day.")] = None,
    tag: TagOption = None,
    framework: Annotated[str | None, typer.Option(help="Only entries of this framework.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
) -> None:
    """Export entries (oldest first), for a backup, another machine or your portfolio.

    Examples: reflect export --since 2026-01-01 -o reflections.json  ·
    reflect export -f markdown --since 4w -o portfolio.md
    """
    exporter = get_exporter(format)
    start = clock.parse_date(since, "--since") if since else None
    end = clock.parse_date(until, "--until") if until else None
    entries = store_from(ctx).entries(
        since=start, until=end, tags=clean_tags(tag), framework=framework
    )
    text = exporter(entries)
    if output is None:
        sys.stdout.write(text)
        return
    write_atomically(output, text)
    noun = "entry" if len(entries) == 1 else "entries"
    sys.stderr.write(f"Exported {len(entries)} {noun} to {output}\n")
