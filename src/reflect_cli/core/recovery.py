"""Nothing typed is lost when the journal cannot be written (busy, read-only, disk full, damaged).

`kept_if_unsaved(db_path, content, ...)` wraps a save: if it fails, `content` (what the user
wrote) goes to a private file in `recovered/` beside the database (else in a new private
temporary folder; else it is printed back on stderr), and the error says where and how to save
it once the journal can be written again (the wording of a database error is
`db.connection.database_problem`'s).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from reflect_cli.errors import Cancelled, DataError, ReflectError

RECOVERED_DIR = "recovered"


@contextlib.contextmanager
def kept_if_unsaved(
    db_path: Path, content: str | Callable[[], str], *, name: str, retry: str
) -> Iterator[None]:
    """Run a save; if it fails, keep `content` (text, or a function giving it) and say where.
    `name` begins the file name (its suffix says the format); `retry` says how to save it later,
    with `{path}` for the file."""
    from reflect_cli.db.connection import database_problem, db_errors

    def keep_it() -> Path | None:
        return keep(db_path, content() if callable(content) else content, name)

    try:
        yield
    except (KeyboardInterrupt, Cancelled):
        place = keep_it()
        raise Cancelled("Stopped before it was saved.", _where(place, retry)) from None
    except ReflectError as exc:  # the journal could not be opened: foreign, damaged, too new
        place = keep_it()
        if exc.hint:
            ending = "" if exc.hint.endswith((".", "!", "?")) else "."
            exc.hint = f"{exc.hint}{ending} {_kept(place)}"
        else:
            exc.hint = _where(place, retry)
        raise
    except (OSError, *db_errors("Error")) as exc:
        message = database_problem(exc).message
        place = keep_it()
        raise DataError(message, _where(place, retry)) from None


def _kept(place: Path | None) -> str:
    if place is None:
        return "What you wrote is printed above, to copy."
    return f"What you wrote is kept in {place}."


def _where(place: Path | None, retry: str) -> str:
    if place is None:
        return "It was not saved, and it is printed above so you can copy it."
    later = retry.format(path=shlex.quote(str(place)))
    return f"Nothing is lost: what you wrote is kept in {place}. Save it later with: {later}"


def keep(db_path: Path, content: str, name: str) -> Path | None:
    """Write `content` to a new private file, `recovered/` beside the database first, then a new
    private temporary folder. If neither can be written, print it on stderr and return None.
    Beside an encrypted journal nothing is written in plain text: it is printed, to copy. Beside
    a device or a pipe nothing is created: only the temporary folder is tried."""
    from reflect_cli.core.files import regular_or_absent
    from reflect_cli.db.connection import may_be_encrypted

    if may_be_encrypted(db_path):
        _print_back(content, "your journal is encrypted, so this is not written to a file")
        return None
    stem, dot, suffix = name.rpartition(".")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    filename = f"{stem}-{stamp}.{suffix}" if dot else f"{name}-{stamp}"
    beside = db_path.parent / RECOVERED_DIR if regular_or_absent(db_path) else None
    for folder in dict.fromkeys((beside, None)):
        try:
            if folder is None:
                folder = Path(tempfile.mkdtemp(prefix="reflect-recovered-"))
            else:
                _private_dir(folder)
            return _write_new(folder, filename, content)
        except OSError:
            continue
    _print_back(content)
    return None


def _private_dir(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(parents=True, mode=0o700)
    os.chmod(folder, 0o700)


def _write_new(folder: Path, filename: str, content: str) -> Path:
    """A file that did not exist before, readable only by the user, written in full or not at
    all (a half-written copy is removed rather than offered)."""
    base, dot, suffix = filename.rpartition(".")
    target, counter = folder / filename, 2
    while True:
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            break
        except FileExistsError:
            target = folder / (f"{base}-{counter}.{suffix}" if dot else f"{filename}-{counter}")
            counter += 1
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return target


def _print_back(content: str, why: str = "this could not be saved anywhere") -> None:
    """Say the text back on stderr: as it is to a file or a pipe, with any control character
    made visible at a terminal (nothing in it may steer the terminal)."""
    from reflect_cli.model import visible

    with contextlib.suppress(OSError, ValueError):
        if sys.stderr.isatty():
            content = visible(content)
        sys.stderr.write(f"reflect: {why}, so here it is to copy:\n")
        sys.stderr.write(content if content.endswith("\n") else content + "\n")
        sys.stderr.flush()


def answers_document(answers: dict[str, str], retry: str) -> str:
    """Answers as a YAML file that `--answers` reads back as they were (several lines of text
    as a block, the way a person would write them)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    header = (
        "# reflect could not save these answers, so they are kept here.\n"
        f"# To save them: {retry}\n"
    )
    return header + yaml.dump(answers, Dumper=Dumper, allow_unicode=True, sort_keys=False)


def answer_kept(
    db_path: Path, question: str, answer: str, draft_id: str | None, framework_id: str
) -> contextlib.AbstractContextManager[None]:
    """For the guided flow: if an answer cannot be saved, keep it with its question."""
    if draft_id:
        retry = f"reflect resume {draft_id[:8]}, and paste it back in"
    else:
        retry = f"reflect write {framework_id}, and paste it back in"
    return kept_if_unsaved(
        db_path, f"{question}\n\n{answer.strip()}\n", name="answer.txt", retry=retry
    )
