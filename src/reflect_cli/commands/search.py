"""`reflect search QUERY`: find reflections by their words, best match first."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli import render
from reflect_cli.commands.common import MAX_NUMBER, JsonOption, print_json, store_from
from reflect_cli.errors import UsageError

DEFAULT_LIMIT = 20
SHOWN_TITLE = 120  # characters of a title (or of the query echoed back) shown on screen

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
        int, typer.Option("--number", "-n", min=1, max=MAX_NUMBER, help="Show at most this many.")
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
    from dataclasses import replace

    from reflect_cli.output.safe import one_line

    if not hits:
        render.out().print(render.no_hits(one_line(text[: 4 * SHOWN_TITLE], SHOWN_TITLE)))
        return
    # on screen, a title (the first line of an answer, perhaps a long one) is cut to a line or two
    shown = [
        replace(hit, title=one_line(hit.title[: 4 * SHOWN_TITLE], SHOWN_TITLE)) for hit in hits
    ]
    render.out().print(render.search_results(shown))
