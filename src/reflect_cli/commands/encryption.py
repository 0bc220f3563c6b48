"""`reflect encrypt`, `reflect decrypt` and `reflect passphrase`: encryption at rest, with the
optional `encrypt` extra. Each writes the database to a new file, checks it, then swaps it in."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from reflect_cli.commands.common import db_path_from
from reflect_cli.db import crypto
from reflect_cli.db.store import Store
from reflect_cli.errors import DataError
from reflect_cli.output import console


def encrypt(ctx: typer.Context) -> None:
    """Encrypt your journal with a passphrase.

    reflect then asks for it once per command (scripts: REFLECT_PASSPHRASE, which also gives the
    new passphrase here). A forgotten passphrase cannot be recovered.

    Example: reflect encrypt
    """
    path = _db_path(ctx)
    crypto.require()
    if crypto.may_be_encrypted(path):
        raise DataError(
            "This database is encrypted already. Nothing was changed.",
            "To change its passphrase: reflect passphrase",
        )
    Store.open(path).close()  # created if need be, checked, and its schema brought up to date
    if not _from_env(crypto.PASSPHRASE_ENV) and crypto.stdin_is_terminal():
        console.show(
            "Choose a passphrase you will remember: a few words is good. If it is forgotten,"
            " your reflections cannot be recovered."
        )
    new = crypto.new_passphrase("encrypt", crypto.PASSPHRASE_ENV)
    crypto.convert(path, old=None, new=new)
    console.show(f"Encrypted {path}: every reflection was copied and checked.")
    console.show(
        f"reflect will ask for the passphrase from now on (or read {crypto.PASSPHRASE_ENV})."
        " Keep it somewhere safe: without it your journal cannot be opened."
    )


def decrypt(ctx: typer.Context) -> None:
    """Remove the encryption: a plain SQLite file again.

    Example: reflect decrypt
    """
    path = _db_path(ctx)
    crypto.require()
    _require_encrypted(path)
    Store.open(path).close()  # asks for the passphrase (once) and checks it
    old = crypto.passphrase(path)
    crypto.convert(path, old=old, new=None)
    console.show(f"Decrypted {path}: every reflection was copied and checked.")
    console.show("It no longer needs a passphrase.")
    console.show("Anyone who can read the file can now read your reflections.")


def passphrase(ctx: typer.Context) -> None:
    """Change the passphrase of your encrypted journal.

    For scripts: the current one in REFLECT_PASSPHRASE, the new one in REFLECT_NEW_PASSPHRASE.

    Example: reflect passphrase
    """
    path = _db_path(ctx)
    crypto.require()
    _require_encrypted(path)
    Store.open(path).close()  # asks for the current passphrase (once) and checks it
    old = crypto.passphrase(path)
    new = crypto.new_passphrase("passphrase", crypto.NEW_PASSPHRASE_ENV)
    if new == old:
        console.show("That is the passphrase it has already. Nothing was changed.")
        return
    crypto.convert(path, old=old, new=new)
    console.show("The passphrase is changed. Use the new one from now on.")
    if _from_env(crypto.PASSPHRASE_ENV):
        console.show(f"Remember to put the new one in {crypto.PASSPHRASE_ENV} too.")


def _db_path(ctx: typer.Context) -> Path:
    return db_path_from(ctx)


def _require_encrypted(path: Path) -> None:
    if not crypto.may_be_encrypted(path):
        raise DataError(
            "This database is not encrypted. Nothing was changed.",
            "To encrypt it: reflect encrypt",
        )


def _from_env(name: str) -> bool:
    return bool(os.environ.get(name))

