"""Asking for a passphrase at the terminal: typed without being shown (getpass), and the line
that says a wrong one may be tried again. The rules (where a passphrase comes from, how many
tries, what a valid one is) stay with the encryption code; only the asking is here."""

from __future__ import annotations

import sys

from reflect_cli.errors import Cancelled


def ask(prompt: str) -> str:
    """Read a passphrase from the terminal without showing it; Ctrl-D stops the command."""
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise Cancelled("Stopped: no passphrase was given. Nothing was changed.") from None


def try_again(left: int) -> None:
    """After a passphrase that did not open the journal, with `left` tries still to go."""
    sys.stderr.write(f"That passphrase did not open the journal. Try again ({left} left).\n")
    sys.stderr.flush()
