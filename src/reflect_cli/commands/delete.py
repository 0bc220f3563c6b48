"""`reflect delete ID`: remove a saved reflection, after asking (`--yes` to skip the question)."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.db.store import Store
from reflect_cli.errors import DataError, UsageError
from reflect_cli.model import short_id
from reflect_cli.output import console


def delete(
    ctx: typer.Context,
    entry_id: common.EntryIdArgument,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete without asking (for scripts).")
    ] = False,
) -> None:
    """Delete a saved reflection, with its tracked actions. Asks first; it cannot be undone.

    Example: reflect delete 3f2a9c
    """
    store = common.store_from(ctx)
    try:
        found = store.resolve_id(entry_id, status="done")
    except DataError:
        _not_a_draft(store, entry_id)
        raise
    entry = store.get(found)
    title = entry.title or "(untitled)"
    if not yes:
        if not common.is_interactive(ctx):
            raise UsageError(
                "'reflect delete' asks before deleting, and there is no terminal here to ask.",
                f"To delete without being asked, pass --yes: reflect delete {entry_id} --yes",
            )
        when = entry.created_at[:16].replace("T", " ")
        console.show(f"“{title}” · {when} · {entry.framework}")
        if not console.confirm("Delete this reflection? It cannot be undone."):
            console.show("Kept.")
            return
    store.delete_entry(entry.id)
    console.show(f"Deleted “{title}”.")


def _not_a_draft(store: Store, entry_id: str) -> None:
    """If `entry_id` names a draft, say how drafts are thrown away (they are not entries)."""
    try:
        draft = store.resolve_id(entry_id, status="draft")
    except DataError:
        return
    short = short_id(draft)
    raise DataError(
        f"That is a draft: reflect drafts discard {short}",
        f"Or carry on with it: reflect resume {short}",
    )
