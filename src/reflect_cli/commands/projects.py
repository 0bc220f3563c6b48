"""`reflect list --project NAME`: the reflections of a quality-improvement project (its PDSA
cycles, and any other reflection put in it), in the order they happened, numbered."""

from __future__ import annotations

from typing import Any

import typer

from reflect_cli.commands.common import store_from
from reflect_cli.output import console


def list_project(ctx: typer.Context, name: str, filters: dict[str, Any], *, json: bool) -> None:
    store = store_from(ctx)
    entries = [store.get(entry_id) for entry_id in store.project_entry_ids(name)]
    numbered = list(enumerate(entries, start=1))  # numbered before narrowing: cycle 3 stays 3
    since, until = filters.get("since"), filters.get("until")
    numbered = [
        (n, e) for n, e in numbered
        if (since is None or e.created_at[:10] >= since.isoformat())
        and (until is None or e.created_at[:10] <= until.isoformat())
        and all(tag in e.tags for tag in filters.get("tags") or ())
        and (not filters.get("framework") or e.framework == filters["framework"])
    ]
    spelt = store.projects_of([entries[0].id])[entries[0].id] if entries else " ".join(name.split())
    if json:
        from reflect_cli.output import shapes

        console.print_json([{**shapes.entry_summary(e), "project": spelt, "cycle": n}
                            for n, e in numbered])
        return
    from reflect_cli.output.screens.projects import no_project, project_cycles

    if not entries:
        console.show(no_project(spelt, store.projects()))
    else:
        console.show(project_cycles(spelt, numbered, len(entries)))
