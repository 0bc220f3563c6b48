"""The Typer app: global options and command registration, and the one exit point that turns
every error into one or two plain lines and an exit code (see DESIGN.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from reflect_cli import __version__
from reflect_cli.crypto import db_errors
from reflect_cli.errors import ReflectError


class ReflectGroup(TyperGroup):
    """Runs the app and maps every failure to a short message and the DESIGN.md exit code."""

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        from typer._click import exceptions as click_errors

        from reflect_cli.render import error

        extra.pop("standalone_mode", None)
        try:
            result = super().main(
                args=args, prog_name=prog_name or "reflect", standalone_mode=False, **extra
            )
        except ReflectError as exc:
            error(exc.message, exc.hint)
            sys.exit(exc.exit_code)
        except click_errors.UsageError as exc:
            path = exc.ctx.command_path if exc.ctx else "reflect"
            error(exc.format_message(), f"See: {path} --help")
            sys.exit(2)
        except click_errors.ClickException as exc:
            error(exc.format_message())
            sys.exit(exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            error("Stopped.")
            sys.exit(130)
        except db_errors("Error") as exc:  # sqlite3's, and sqlcipher3's if in use
            from reflect_cli.recovery import database_problem

            error(*database_problem(exc))  # busy, read-only, disk full, damaged: said plainly
            sys.exit(1)
        except OSError as exc:
            error(
                f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
                "Check the path and that there is space on the disk.",
            )
            sys.exit(1)
        except Exception as exc:  # a bug: still no traceback, unless asked for
            if os.environ.get("REFLECT_DEBUG"):
                raise
            error(
                f"Something went wrong inside reflect ({type(exc).__name__}: {exc}).",
                "Your saved answers are safe. Set REFLECT_DEBUG=1 to see the details.",
            )
            sys.exit(1)
        if result == 130:  # typer turns Ctrl-C outside a prompt into a returned 130
            error("Stopped.")
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    cls=ReflectGroup,
    name="reflect",
    help="A private reflective-practice journal for health workers. Everything stays on this "
    "machine.\n\nExample: reflect quick",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"reflect {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="REFLECT_DB", help="The database file.", show_envvar=True),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Start here: with no command, shows what you have and what you can do."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is None:
        from reflect_cli.commands.home import home

        home(ctx)


def _register() -> None:
    from reflect_cli.commands import actions, drafts, export, frameworks, quick, review, write

    app.command("write")(write.write)
    app.command("gibbs")(write.gibbs)
    app.command("rolfe")(write.rolfe)
    app.command("quick")(quick.quick)
    app.command("drafts")(drafts.drafts)
    app.command("resume")(drafts.resume)
    from reflect_cli.commands import listing, search, show

    app.command("list")(listing.list_entries)
    app.command("show")(show.show)
    app.command("search", context_settings=search.CONTEXT)(search.search)
    app.add_typer(frameworks.app, name="frameworks")
    app.command("export")(export.export)
    from reflect_cli.commands import import_

    app.command("import")(import_.import_)
    app.command("review")(review.review)
    app.add_typer(actions.app, name="actions")
    from reflect_cli.commands import delete, edit

    app.command("edit")(edit.edit)
    app.command("delete")(delete.delete)
    from reflect_cli.commands import check

    app.command("check")(check.check)
    from reflect_cli.commands import backup, doctor

    app.command("backup")(backup.backup)
    app.command("doctor")(doctor.doctor)
    from reflect_cli.commands import encryption

    app.command("encrypt")(encryption.encrypt)
    app.command("decrypt")(encryption.decrypt)
    app.command("passphrase")(encryption.passphrase)


_register()


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: run the app and return its exit code."""
    try:
        app(args=argv, prog_name="reflect")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
