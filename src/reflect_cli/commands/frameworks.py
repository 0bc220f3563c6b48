"""`reflect frameworks`: list, show and validate framework files, and start a new one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reflect_cli import completion
from reflect_cli.commands import common
from reflect_cli.commands.common import JsonOption
from reflect_cli.core import frameworks
from reflect_cli.output import console
from reflect_cli.output.console import say

app = common.group(
    "The frameworks you can write with, built-in and your own.\n\nExample: reflect frameworks"
)


@app.callback()
def list_frameworks(ctx: typer.Context, json: JsonOption = False) -> None:
    """List every framework with its source file. Your own files replace built-ins with the same id.

    Example: reflect frameworks --json
    """
    if ctx.invoked_subcommand is not None:
        return
    found = frameworks.catalogue()
    if json:
        from reflect_cli.output import shapes

        listed = sorted(found.frameworks.values(), key=lambda f: f.id)
        console.print_json([shapes.framework_summary(f) for f in listed])
        return
    from reflect_cli.output.screens.frameworks import frameworks_table

    console.show(frameworks_table(found))


@app.command("show")
def show(
    framework_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The framework's id.",
                       autocompletion=completion.framework_ids),
    ],
    json: JsonOption = False,
) -> None:
    """Show a framework's steps, questions and hints.

    Example: reflect frameworks show gibbs
    """
    framework = frameworks.get(framework_id)
    if json:
        from reflect_cli.output import shapes

        console.print_json(shapes.framework(framework))
        return
    from reflect_cli.output.screens.frameworks import framework_detail

    console.show(framework_detail(framework))


@app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Framework YAML files.")],
) -> None:
    """Check framework files and report every problem with its file and line.

    Example: reflect frameworks validate ~/.config/reflect/prompts/*.yaml
    """
    failed = 0
    for path in files:
        try:
            framework = frameworks.load_file(path)
        except frameworks.FrameworkFileError as exc:
            failed += 1
            for problem in exc.problems:  # plain lines, never wrapped: editors jump to them
                say(str(problem))
            continue
        say(f"{path}: ok ({framework.id}, {len(framework.steps)} steps)")
    if failed:
        from reflect_cli.errors import Failed

        raise Failed()


@app.command("new")
def new(
    framework_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new framework's id, e.g. shift.")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Use a built-in's id: your file replaces the built-in.")
    ] = False,
) -> None:
    """Start your own framework: write a commented starter file ID.yaml to edit.

    It goes in your frameworks folder; an existing file is never overwritten. A built-in's
    id is refused unless you add --force: a file with a built-in's id replaces the built-in.

    Example: reflect frameworks new shift
    """
    import shlex

    from reflect_cli.core import starter

    created = starter.create(framework_id, force=force)
    if created.replaces_builtin:
        say(
            f"Note: yours replaces the built-in '{framework_id}' framework "
            "(delete your file to have the built-in back)."
        )
    say(f"Created {created.path}")
    say("Next: edit it, then check it and write with it:")
    say(f"  reflect frameworks validate {shlex.quote(str(created.path))}")
    say(f"  reflect write {framework_id}")
