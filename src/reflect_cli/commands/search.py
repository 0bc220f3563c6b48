"""`reflect search QUERY`: find reflections by their words, best match first."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli import render
from reflect_cli.commands.common import JsonOption, print_json, store_from
from reflect_cli.errors import UsageError

DEFAULT_LIMIT = 20

# Lets a query start with '-' (e.g. "-5 mg") without being taken for an unknown option.
CONTEXT = {"ignore_unknown_options": True}


def search(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="QUERY...",
            help="Words to find; all must appear. Any text works, quotes and emoji too.",
            show_default=False,
        ),
    ] = None,
    number: Annotated[
        int, typer.Option("--number", "-n", min=1, help="Show at most this many.")
    ] = DEFAULT_LIMIT,
    json: JsonOption = False,
) -> None:
    """Search your reflections: stemmed words (handovers finds handover), best match first.

    Example: reflect search missed handover
    """
    text = " ".join(query or ())
    if not text.strip():
        raise UsageError(
            "There is nothing to search for.", 'Give a word or two: reflect search "handover"'
        )
    from reflect_cli.searching import plain

    hits = store_from(ctx).search(text, limit=number)
    if json:
        print_json(
            [
                {
                    "id": hit.entry_id,
                    "framework": hit.framework,
                    "created_at": hit.created_at,
                    "title": hit.title,
                    "snippet": plain(hit.snippet),
                }
                for hit in hits
            ]
        )
        return
    if not hits:
        render.out().print(render.no_hits(text))
        return
    render.out().print(render.search_results(hits))
