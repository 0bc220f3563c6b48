"""`reflect drafts` lists unfinished guided entries, `reflect drafts discard ID` throws one away;
`reflect resume` finishes one."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import JsonOption, require_terminal, store_from
from reflect_cli.core import frameworks
from reflect_cli.errors import DataError, UsageError
from reflect_cli.output import console
from reflect_cli.output.screens import entries as screens

app = common.group("Reflections you started but have not finished.\n\nExample: reflect drafts")


@app.callback()
def drafts(ctx: typer.Context, json: JsonOption = False) -> None:
    """List reflections you started but have not finished (newest first).

    Example: reflect drafts  ·  reflect drafts discard 3f2a9c
    """
    if ctx.invoked_subcommand is not None:
        return
    found = store_from(ctx).entries(status="draft", newest_first=True)
    if json:
        from reflect_cli.output import shapes

        console.print_json([shapes.draft(d) for d in found])
        return
    console.show(screens.drafts_table(found))
    if found:
        from reflect_cli.output.screens.writing import resume_hint

        console.show(resume_hint(found[0]))


@app.command("discard")
def discard(
    ctx: typer.Context,
    draft: Annotated[
        str, typer.Argument(metavar="ID", help="The draft's id, or its first 6+ characters.")
    ],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Discard without asking (for scripts).")
    ] = False,
) -> None:
    """Throw away a draft you will not finish. Asks first; it cannot be undone.

    Example: reflect drafts discard 3f2a9c
    """
    store = store_from(ctx)
    entry = store.get(store.resolve_id(draft, status="draft"))
    if not yes:
        if not common.is_interactive(ctx):
            raise UsageError(
                "'reflect drafts discard' asks first, and there is no terminal here to ask.",
                f"To discard it without being asked: reflect drafts discard {draft} --yes",
            )
        console.show(screens.draft_to_discard(entry))
        if not console.confirm("Discard this draft? It cannot be undone."):
            console.show(f"Kept. Carry on any time with: reflect resume {entry.id[:8]}")
            return
    store.delete_entry(entry.id)
    console.show(screens.draft_discarded(entry))


def resume(
    ctx: typer.Context,
    draft: Annotated[
        str | None,
        typer.Argument(help="The draft's id, or its first 6+ characters (default: newest)."),
    ] = None,
) -> None:
    """Carry on with a draft from the first question you had not answered.

    Example: reflect resume 3f2a9c
    """
    store = store_from(ctx)
    if draft is None:
        newest = store.entries(status="draft", newest_first=True, limit=1)
        if not newest:
            console.show("No drafts to resume. Start one with: reflect quick")
            return
        entry = newest[0]
    else:
        entry = store.get(store.resolve_id(draft, status="draft"))
    require_terminal(ctx, "reflect resume")
    from reflect_cli.core import session
    from reflect_cli.output import ask
    from reflect_cli.output.screens.writing import resume_intro, resume_recap

    try:
        framework = frameworks.get(entry.framework)
        name, time_limit = framework.name, framework.time_limit
    except DataError:  # the framework file is gone; the draft keeps its own questions
        name, time_limit = entry.framework, None
    from reflect_cli.commands import guarding

    settings = common.settings_from(ctx)
    console.show(resume_intro(entry, name))
    if entry.answered_count():
        console.show(resume_recap(entry))
    with ask.hangups_kept():  # the window closing keeps the text being typed, as Ctrl-C
        finished = session.resume(
            store, entry, name, ask.ask_step, time_limit, guard=guarding.guided_guard(settings)
        )
    console.show(screens.saved(finished))
    guarding.after_save(store, finished, settings, guided=True)
