"""`reflect edit ID`: change a saved reflection in your text editor.

The entry is written as Markdown to a private temporary file and opened with `$VISUAL`, else
`$EDITOR`, else `vi`. There is no terminal check of our own: the editor may be a script (or a
graphical editor run with a wait flag, e.g. `code --wait`), and it is its business to need one.
If the edited text cannot be read back, at a terminal the editor opens again on it with the
problem written at the top; elsewhere (or if the user closes the editor without a change),
nothing is changed and the text is kept in `recovered/` beside the database, so nothing the
user wrote is lost.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import EntryIdArgument, store_from
from reflect_cli.core.editing import EditError, from_editable, to_editable, with_problem
from reflect_cli.db.store import Store
from reflect_cli.errors import DataError
from reflect_cli.model import short_id
from reflect_cli.output import console

DEFAULT_EDITOR = "vi"
EDITORS = ("nano", "vim", "vi", "notepad")  # one of these is suggested, if it is there


def editor_hint(missing: str | None = None) -> str:
    """Which editor to set: the first of EDITORS that is on this machine."""
    found = next(
        (name for name in EDITORS if name != missing and shutil.which(name)), None
    )
    if found is None:
        return "Install a text editor (nano is an easy one), then: export EDITOR=nano"
    return f"Set $EDITOR to an editor you have, e.g.: export EDITOR={found}"


def edit(
    ctx: typer.Context,
    entry_id: EntryIdArgument,
) -> None:
    """Change a saved reflection in your editor ($VISUAL, else $EDITOR, else vi).

    Example: reflect edit 3f2a9c
    """
    from reflect_cli.commands import guarding

    settings = common.settings_from(ctx)  # first: a settings problem stops before the editor
    store = store_from(ctx)
    entry = store.get(store.resolve_id(entry_id, status="done"))
    original = to_editable(entry)
    short = short_id(entry.id)

    with _private_copy(original, f"reflect-{short}.md") as path:
        offered, problem = original, ""  # what the editor was last given, and why
        while True:
            status = _run_editor(path)
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                if offered != original:  # the user's edit (with its problem) is still here
                    kept = _keep(store, short, offered.encode("utf-8"), path)
                    raise DataError(
                        "The file you were editing was removed, so nothing was saved.",
                        f"Nothing was changed; your edited text is {kept}",
                    ) from None
                raise DataError(
                    "The file you were editing was removed, so nothing was saved.",
                    "Nothing was changed; run reflect edit again.",
                ) from None
            if status != 0:
                if raw == original.encode("utf-8"):
                    raise DataError(
                        f"The editor stopped with an error (exit status {status}).",
                        "Nothing was changed.",
                    )
                kept = _keep(store, short, raw, path)
                raise DataError(
                    f"The editor stopped with an error (exit status {status}),"
                    " so nothing was saved.",
                    f"Nothing was changed; your edited text is {kept}",
                )
            try:
                text = raw.decode("utf-8")
                if text == original:
                    console.show("No changes.")
                    return
                if offered != original and (text == offered or not text.strip()):
                    # closed again without a change (or emptied): the user has stopped trying
                    kept = _keep(store, short, offered.encode("utf-8"), path)
                    raise DataError(
                        f"Could not read your changes: {problem}.",
                        f"Nothing was changed; your edited text is {kept}",
                    )
                edited = from_editable(entry, text)
                break
            except (UnicodeDecodeError, EditError) as exc:
                problem = exc.reason if isinstance(exc, EditError) else "the file is not UTF-8 text"
                if isinstance(exc, EditError) and common.is_interactive(ctx):
                    # at a terminal: open the editor again on the text, the problem at the top
                    offered = with_problem(text, problem)
                    _rewrite(path, offered)
                    continue
                kept = _keep(store, short, raw, path)
                raise DataError(
                    f"Could not read your changes: {problem}.",
                    f"Nothing was changed; your edited text is {kept}",
                ) from None

    if (edited.title, edited.tags, edited.answers) == (
        entry.title,
        entry.tags,
        {item.step.key: item.answer or "" for item in entry.steps},
    ):
        console.show("No changes.")
        return
    from reflect_cli.core.recovery import kept_if_unsaved

    with kept_if_unsaved(  # busy, read-only, disk full: the edited text is kept, not lost
        store.path, text, name=f"edit-{short}.md", retry=f"reflect edit {short}, and copy it in"
    ):
        updated = store.update_entry(entry.id, edited.title, edited.tags, edited.answers)
    console.show(f"Saved your changes to “{updated.title or '(untitled)'}” (id {short}).")
    was_marked = updated.id in store.marked_ids()
    guarding.after_edit(store, updated, settings, was_marked=was_marked)


@contextlib.contextmanager
def _private_copy(text: str, name: str) -> Iterator[Path]:
    """`text` in a file readable only by the user, in a fresh private folder removed after."""
    folder = Path(tempfile.mkdtemp(prefix="reflect-edit-"))
    path = folder / name
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _rewrite(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def editor_command() -> list[str]:
    """The editor to run, as arguments: `$VISUAL`, else `$EDITOR`, else `vi`."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR") or DEFAULT_EDITOR
    try:
        command = shlex.split(chosen)
    except ValueError:
        command = []
    if not command:
        raise DataError(f"Could not understand the editor setting '{chosen}'.", editor_hint())
    return command


def _setting_name() -> str:
    if os.environ.get("VISUAL"):
        return "$VISUAL"
    return "$EDITOR" if os.environ.get("EDITOR") else ""


def _run_editor(path: Path) -> int:
    """Run the editor on `path` and wait; Ctrl-C belongs to the editor meanwhile."""
    command = editor_command()
    setting = _setting_name()
    if shutil.which(command[0]) is None:
        raise DataError(
            f"The editor named in {setting}, '{command[0]}', could not be found."
            if setting
            else f"No editor is set in $VISUAL or $EDITOR, and '{command[0]}' could not be found.",
            editor_hint(missing=command[0]),
        )
    with _editor_owns_ctrl_c():
        try:
            return subprocess.run([*command, str(path)], check=False).returncode
        except OSError as exc:
            raise DataError(
                f"Could not start the editor '{command[0]}' ({exc.strerror or exc}).",
                editor_hint(missing=command[0]),
            ) from None


@contextlib.contextmanager
def _editor_owns_ctrl_c() -> Iterator[None]:
    """While the editor runs, Ctrl-C and Ctrl-\\ reach it, not us (as git does). A Python
    handler, unlike SIG_IGN, is not inherited by the editor, which keeps the default."""
    saved = {}
    for name in ("SIGINT", "SIGQUIT"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
            saved[number] = signal.signal(number, lambda *_: None)
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def _keep(store: Store, short: str, raw: bytes, temp: Path) -> str:
    """Keep the user's edited text (recovery.keep: `recovered/` beside the journal, else a
    private temporary folder; beside an encrypted journal it is printed instead) and say where:
    'kept in PATH' or 'printed above, to copy'."""
    from reflect_cli.core.recovery import keep
    from reflect_cli.db.crypto import may_be_encrypted

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # not UTF-8: a copy of the editor's file keeps it as it is
        if may_be_encrypted(store.path):  # never in plain beside an encrypted journal
            keep(store.path, raw.decode("utf-8", errors="replace"), f"edit-{short}.md")
            return "printed above, to copy"
        kept = Path(tempfile.mkdtemp(prefix="reflect-recovered-")) / temp.name
        shutil.copyfile(temp, kept)
        os.chmod(kept, 0o600)
        return f"kept in {kept}"
    place = keep(store.path, text, f"edit-{short}.md")
    return "printed above, to copy" if place is None else f"kept in {place}"
