"""Shell completion (Typer's, for bash, zsh and fish): `reflect --install-completion` and
`--show-completion`, and what is completed besides commands and options: framework ids, the
journal's tags, `--days`.

Nothing here is imported unless the shell asks for completions or a completion option is given,
so `reflect --version` pays nothing for it. A completion that cannot be worked out (no journal,
an encrypted one, a broken framework file) gives no suggestions, never an error in the shell.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

SHELLS = ("bash", "zsh", "fish")
PROG = "reflect"
COMPLETE_VAR = "_REFLECT_COMPLETE"  # what the shell's script sets when it asks reflect


def asked() -> bool:
    return bool(os.environ.get(COMPLETE_VAR))


def prepare() -> None:
    """Typer's completion classes for bash, zsh and fish (its scripts, its output formats)."""
    from typer._completion_classes import completion_init

    completion_init()


def shell() -> str:
    """The shell reflect is run from (the process it runs in), else $SHELL."""
    from reflect_cli.errors import UsageError

    try:
        import shellingham

        name = shellingham.detect_shell()[0].lower()
    except Exception:  # shellingham fails in many ways; $SHELL is next
        name = ""
    if name not in SHELLS:
        name = Path(os.environ.get("SHELL", "")).name.lower() or name
    if name not in SHELLS:
        said = f"'{name}'" if name else "not one I can tell"
        raise UsageError(
            f"Completion works in bash, zsh and fish; this shell is {said}.",
            "Run it from one of those, e.g.: bash -c 'reflect --install-completion'",
        )
    return name


def show() -> None:
    """Print the completion script for this shell (to `source`, or to keep where you like)."""
    from typer._completion_shared import get_completion_script

    prepare()
    sys.stdout.write(get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR,
                                           shell=shell()) + "\n")


def install() -> None:
    """Install the script where Typer puts it for this shell, and say where."""
    from typer._completion_shared import install as typer_install

    from reflect_cli.output.console import say

    prepare()
    name, path = typer_install(shell=shell(), prog_name=PROG, complete_var=COMPLETE_VAR)
    home = str(Path.home())
    shown = str(path).replace(home, "~", 1) if str(path).startswith(home) else str(path)
    say(f"Completion for {name} is installed in {shown}.")
    say("Open a new terminal, then press Tab after reflect (e.g. reflect write <Tab>).")


# -- what is completed (the callbacks' errors are swallowed: the shell shows nothing) --------------


def framework_ids(incomplete: str) -> list[str]:
    """The ids of the frameworks you can write with, built-in and your own."""
    try:
        from reflect_cli.core import frameworks

        return sorted(i for i in frameworks.catalogue().frameworks if i.startswith(incomplete))
    except Exception:
        return []


def tags(ctx: Any, incomplete: str) -> list[str]:
    """The tags in the journal `--db` / REFLECT_DB / the default names (read-only, never asked
    for a passphrase: an encrypted journal gives none)."""
    try:
        from reflect_cli.core.paths import db_path
        from reflect_cli.db import glance

        override = ctx.find_root().params.get("db") if ctx is not None else None
        return glance.tags(db_path(override), incomplete.lower())
    except Exception:
        return []


def days(incomplete: str) -> list[str]:
    return [d for d in ("daily", "mon-fri", "sat,sun", "weekdays", "weekends")
            if d.startswith(incomplete)]
