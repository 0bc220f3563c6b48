"""Standards and projects on the writing commands: `--standard ID` (repeatable) and `--project
NAME` on `write`, `gibbs`, `rolfe` and `quick`, checked before anything is asked or saved and
linked once the reflection is saved; and the standards' coverage in `reflect review --json`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from reflect_cli.core.config import Config
    from reflect_cli.core.review import Period
    from reflect_cli.db.store import Store
    from reflect_cli.model import Entry

StandardOption = Annotated[
    list[str] | None,
    typer.Option("--standard", metavar="ID",
                 help="A standard it relates to: nmc:4, nmc:prioritise-people, gmc:domain-1;"
                      " repeat for more."),
]
ProjectOption = Annotated[
    str | None,
    typer.Option("--project", metavar="NAME",
                 help="The quality-improvement project it is part of"
                      " (see: reflect list --project)."),
]


def checked(standards: list[str] | None, project: str | None) -> tuple[list[str], str | None]:
    """The standards in their stored form (an unknown one is a usage error) and the project's
    name, trimmed; both before a word is written."""
    found: list[str] = []
    if standards:
        from reflect_cli.core import standards as sets

        found = sets.resolve(standards)
    name = " ".join(project.split()) if project else None
    if project is not None and not name:
        from reflect_cli.errors import UsageError

        raise UsageError("--project is empty.", 'Give the project a name, e.g. --project "Falls"')
    return found, name


def link(store: Store, entry: Entry, standards: list[str], project: str | None) -> list[str]:
    """Link a saved reflection to its standards and project; the line that says so (none if
    there is nothing to link), to show under the saved entry."""
    said = []
    if standards:
        store.link_standards(entry.id, standards)
        said.append(f"Shows: {', '.join(standards)}")
    if project:
        store.set_project(entry.id, project)
        cycle = store.project_entry_ids(project).index(entry.id) + 1
        said.append(f"Project: {store.projects_of([entry.id])[entry.id]} (number {cycle})")
    return ["  " + " · ".join(said)] if said else []


def review_standards(store: Store, settings: Config, period: Period, entries: list[Entry]
                     ) -> list[dict[str, Any]]:
    """`review --json`'s `standards`: for the profile's standard set (if a profile is set) and
    every set the period's reflections and CPD are linked to, which themes have evidence."""
    from reflect_cli.core import revalidation, standards
    from reflect_cli.errors import DataError
    from reflect_cli.output import logs_shapes

    evidence = revalidation.Evidence(
        cpd=store.cpd_activities(period.start, period.end), entries=entries,
        entry_standards=store.entry_standards([e.id for e in entries]))
    used = {s.split(":", 1)[0] for found in evidence.entry_standards.values() for s in found}
    used |= {s.split(":", 1)[0] for a in evidence.cpd for s in a.standards}
    if any(e.framework == "nmc" for e in entries):
        used.add("nmc")
    if settings.revalidation_profile:
        from reflect_cli.core import profiles

        try:
            chosen = profiles.get(settings.revalidation_profile).standards
        except DataError:
            chosen = None
        used |= {chosen} if chosen else set()
    shown = []
    for set_id in sorted(used):
        try:
            standard_set = standards.get(set_id)
        except DataError:  # linked to a set that is no longer here
            continue
        themes = revalidation.coverage(evidence, standard_set, period)
        shown.append(logs_shapes.coverage(standard_set, themes))
    return shown
