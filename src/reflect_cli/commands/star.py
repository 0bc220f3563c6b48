"""`reflect star ID` / `reflect unstar ID`: mark a reflection to find again (`list --starred`),
or take the mark away."""

from __future__ import annotations

import typer

from reflect_cli.commands.common import EntryIdArgument, store_from
from reflect_cli.output import console


def star(ctx: typer.Context, entry_id: EntryIdArgument) -> None:
    """Star a reflection, to find it again with: reflect list --starred

    Example: reflect star 3f2a9c
    """
    _set(ctx, entry_id, starred=True)


def unstar(ctx: typer.Context, entry_id: EntryIdArgument) -> None:
    """Take the star off a reflection (the reflection itself stays as it is).

    Example: reflect unstar 3f2a9c
    """
    _set(ctx, entry_id, starred=False)


def _set(ctx: typer.Context, entry_id: str, *, starred: bool) -> None:
    from reflect_cli.output.screens.entries import star_changed

    store = store_from(ctx)
    entry = store.get(store.resolve_id(entry_id, status="done"))
    changed = store.set_starred(entry.id, starred)
    console.show(star_changed(entry, starred=starred, changed=changed))
