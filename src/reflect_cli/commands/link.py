"""`reflect link ID STANDARD...`: link a reflection (or a CPD activity) to standards after it
was written, take them off with --remove, or put it in a quality-improvement project."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.errors import DataError, UsageError
from reflect_cli.model import short_id
from reflect_cli.output import console


def link(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(
        metavar="ID", help="A reflection's id (or a CPD activity's), 6+ characters.")],
    standards: Annotated[list[str] | None, typer.Argument(
        metavar="STANDARD...", help="nmc:4, nmc:prioritise-people, gmc:domain-1 ...")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="Take these standards off it.")] = False,
    project: Annotated[str | None, typer.Option(
        "--project", metavar="NAME", help="Put the reflection in this project.")] = None,
    no_project: Annotated[bool, typer.Option("--no-project", help="Take it out of its project.")
                          ] = False,
) -> None:
    """Link a reflection to the standards it shows, after it was written.

    Example: reflect link 3f2a9c nmc:prioritise-people nmc:14  ·
    reflect link 3f2a9c --project "Falls huddle"  ·  reflect link 3f2a9c nmc:14 --remove
    """
    from reflect_cli.commands.evidence import checked

    if not standards and project is None and not no_project:
        raise UsageError("Give the standards to link (or --project NAME).",
                         "Example: reflect link 3f2a9c nmc:prioritise-people")
    if project is not None and no_project:
        raise UsageError("Give --project or --no-project, not both.")
    found, name = checked(standards, project)
    store = common.store_from(ctx)
    try:
        entry_id = store.resolve_id(item_id, status="done")
    except DataError:
        if project is not None or no_project:
            raise
        entry_id = None
        try:
            cpd_id = store.resolve_record_id("cpd", item_id)
        except DataError:
            cpd_id = None
        if cpd_id is None:
            raise
    if entry_id is None:
        _link_cpd(store, cpd_id, found, remove)
        return
    if found:
        changed = (store.unlink_standards if remove else store.link_standards)(entry_id, found)
        now = store.entry_standards([entry_id]).get(entry_id, [])
        if changed:
            verb = "Took off" if remove else "Linked"
            console.say(f"{verb} {', '.join(changed)}. {short_id(entry_id)} now shows:"
                        f" {', '.join(now) or 'no standards'}.")
        else:
            console.say(f"Nothing changed: {short_id(entry_id)} shows"
                        f" {', '.join(now) or 'no standards'}.")
    if project is not None or no_project:
        store.set_project(entry_id, name)
        console.say(f"{short_id(entry_id)} is in the project “{name}” now." if name
                    else f"{short_id(entry_id)} is in no project now.")


def _link_cpd(store, cpd_id: str, found: list[str], remove: bool) -> None:
    import dataclasses

    activity = store.record("cpd", cpd_id)
    kept = [s for s in activity.standards if s not in found] if remove else list(
        dict.fromkeys([*activity.standards, *found]))
    store.update_record(dataclasses.replace(activity, standards=tuple(kept)))
    console.say(f"The CPD activity {short_id(cpd_id)} now shows:"
                f" {', '.join(kept) or 'no standards'}.")
