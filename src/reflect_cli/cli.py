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


class ReflectGroup(TyperGroup):
    """Runs the app and maps every failure to a short message and the DESIGN.md exit code.
    Commands are loaded lazily from `COMMANDS`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_completion_options())

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        from typer._click import exceptions as click_errors

        try:
            return super().resolve_command(ctx, args)
        except click_errors.UsageError as exc:
            from difflib import get_close_matches

            matches = get_close_matches(args[0], list(COMMANDS)) if args else []
            if matches and "Did you mean" not in exc.message:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean '{matches[0]}'?"
            raise

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Command names straight from COMMANDS, then the options: loading every command for
        its help would make each Tab after `reflect` take half a second."""
        from typer._click.core import Command
        from typer._click.shell_completion import CompletionItem

        names = [CompletionItem(name) for name in COMMANDS if name.startswith(incomplete)]
        return names + Command.shell_complete(self, ctx, incomplete)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: Any = None
                               ) -> None:
        """Answer the shell's completion question (_REFLECT_COMPLETE set), if it asked one: with
        Typer's classes, and with no suggestions rather than an error if anything goes wrong."""
        if not os.environ.get("_REFLECT_COMPLETE"):
            return
        from reflect_cli import completion

        try:
            completion.prepare()
            super()._main_shell_completion(ctx_args, prog_name, complete_var)
        except Exception:  # nothing to suggest: never an error in the middle of a command line
            sys.exit(1)

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        from reflect_cli.errors import report as error

        extra.pop("standalone_mode", None)
        try:
            _check_utf8(sys.argv[1:] if args is None else args)
            result = super().main(
                args=args, prog_name=prog_name or "reflect", standalone_mode=False, **extra
            )
        except (Exception, KeyboardInterrupt) as exc:  # every failure: errors.describe
            from reflect_cli import errors

            if os.environ.get("REFLECT_DEBUG") and errors.is_bug(exc):
                raise
            message, hint, code = errors.describe(exc)
            if message:
                error(message, hint)
            sys.exit(code)
        if result == 130:  # typer turns Ctrl-C outside a prompt into a returned 130
            error("Stopped.")
        sys.exit(result if isinstance(result, int) else 0)


def _check_utf8(args: Sequence[str]) -> None:
    """Refuse an argument holding bytes that were not UTF-8 (Python keeps them as surrogates):
    it could not be kept exactly."""
    from reflect_cli.errors import UsageError

    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(
                "Part of what you typed is not UTF-8 text, so I cannot keep it exactly.",
                "Set your terminal to UTF-8 (e.g. export LANG=C.UTF-8) and try again.",
            ) from None


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
    if value and not os.environ.get("_REFLECT_COMPLETE"):  # (not while the shell completes)
        print(f"reflect {__version__}")
        raise typer.Exit()


def _completion(ctx: Any, param: Any, value: bool) -> None:
    """--install-completion and --show-completion, for bash, zsh and fish (completion.py)."""
    if value and not ctx.resilient_parsing:
        from reflect_cli import completion

        if param.name == "install_completion":
            completion.install()
        else:
            completion.show()
        raise typer.Exit()


def _completion_options() -> list[Any]:
    """The two options as plain click options, added to the root command as it is made: no
    signature for Typer to read, so start-up pays nothing for them."""
    from typer.core import TyperOption

    return [
        TyperOption(param_decls=["--install-completion"], is_flag=True, expose_value=False,
                    is_eager=True, callback=_completion,
                    help="Set up Tab completion for your shell (bash, zsh or fish)."),
        TyperOption(param_decls=["--show-completion"], is_flag=True, expose_value=False,
                    is_eager=True, callback=_completion,
                    help="Print the completion script for your shell, to put where you like."),
    ]


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
    from reflect_cli.context import environment

    if db is not None and db.startswith("-"):
        from reflect_cli.errors import UsageError

        raise UsageError(  # "reflect --db --help" would make a journal called "--help"
            f"--db needs the path of a journal, and '{db[:40]}' looks like an option.",
            "Give the file first: reflect --db PATH COMMAND (a path starting with - as ./-name).",
        )
    env = environment(ctx)
    env.db_override = db
    ctx.call_on_close(env.close)  # the journal, if a command opened it
    if ctx.invoked_subcommand is None:
        from reflect_cli.commands.home import home

        home(ctx)


# Each command's module is imported only when that command runs (or for --help), so every
# command pays only for what it uses: name -> (module, attribute, extra command settings).
COMMANDS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "quick": ("reflect_cli.commands.quick", "quick", {}),
    "gibbs": ("reflect_cli.commands.write", "gibbs", {}),
    "rolfe": ("reflect_cli.commands.write", "rolfe", {}),
    "write": ("reflect_cli.commands.write", "write", {}),
    "drafts": ("reflect_cli.commands.drafts", "app", {}),
    "resume": ("reflect_cli.commands.drafts", "resume", {}),
    "review": ("reflect_cli.commands.review", "review", {}),
    "actions": ("reflect_cli.commands.actions", "app", {}),
    "list": ("reflect_cli.commands.listing", "list_entries", {}),
    "show": ("reflect_cli.commands.show", "show", {}),
    "star": ("reflect_cli.commands.star", "star", {}),
    "unstar": ("reflect_cli.commands.star", "unstar", {}),
    "search": ("reflect_cli.commands.search", "search", {"context": "CONTEXT"}),
    "edit": ("reflect_cli.commands.edit", "edit", {}),
    "delete": ("reflect_cli.commands.delete", "delete", {}),
    "frameworks": ("reflect_cli.commands.frameworks", "app", {}),
    "export": ("reflect_cli.commands.export", "export", {}),
    "pack": ("reflect_cli.commands.pack", "pack", {}),
    "import": ("reflect_cli.commands.import_", "import_", {}),
    "check": ("reflect_cli.commands.check", "check", {}),
    "backup": ("reflect_cli.commands.backup", "backup", {}),
    "doctor": ("reflect_cli.commands.doctor", "doctor", {}),
    "encrypt": ("reflect_cli.commands.encryption", "encrypt", {}),
    "decrypt": ("reflect_cli.commands.encryption", "decrypt", {}),
    "passphrase": ("reflect_cli.commands.encryption", "passphrase", {}),
    "remind": ("reflect_cli.commands.remind", "remind", {}),
    "nudge": ("reflect_cli.commands.nudge", "nudge", {}),
    "cpd": ("reflect_cli.commands.cpd", "app", {}),
    "feedback": ("reflect_cli.commands.feedback", "app", {}),
    "practice": ("reflect_cli.commands.practice", "app", {}),
    "discussion": ("reflect_cli.commands.discussion", "app", {}),
    "revalidation": ("reflect_cli.commands.revalidation", "app", {}),
    "link": ("reflect_cli.commands.link", "link", {}),
    "play": ("reflect_cli.commands.play", "play", {}),
    "audio": ("reflect_cli.commands.play", "audio", {}),
}


def load_command(name: str) -> Any:
    """The click command for `name`, built from its module on first use."""
    from importlib import import_module

    module_name, attribute, settings = COMMANDS[name]
    module = import_module(module_name)
    target = getattr(module, attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        context = getattr(module, settings["context"]) if "context" in settings else None
        single.command(name, context_settings=context)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: run the app and return its exit code."""
    try:
        app(args=argv, prog_name="reflect")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
