"""`reflect export`: chosen entries as a file for backup, another machine or a portfolio."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import (
    FrameworkFilter,
    SinceOption,
    TagOption,
    UntilOption,
    db_path_from,
    store_from,
)
from reflect_cli.context import environment
from reflect_cli.core.config import Config
from reflect_cli.core.files import regular_or_absent, write_atomically
from reflect_cli.db.store import Store
from reflect_cli.errors import DataError, UsageError
from reflect_cli.model import Entry
from reflect_cli.output import console
from reflect_cli.output.exporters import Exporter, get_exporter

UTF8_BOM = "\ufeff"  # written as the bytes EF BB BF


def export(
    ctx: typer.Context,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (backup, another machine), markdown (to read or share), csv "
            "(a spreadsheet), nmc (your NMC reflective accounts as the form, to print) or docx "
            "(a Word document, redacted; needs the docx extra).",
        ),
    ] = "json",
    since: SinceOption = None,
    until: UntilOption = None,
    tag: TagOption = None,
    framework: FrameworkFilter = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
    include_marked: Annotated[
        bool,
        typer.Option(
            "--include-marked",
            help="Include, as written, entries that may identify someone (see: reflect check).",
        ),
    ] = False,
    redact: Annotated[
        bool | None,
        typer.Option(
            "--redact/--no-redact",
            help="Include every entry, with what may identify someone replaced by a placeholder "
            "such as \\[phone] or \\[name]. A Word document (docx) is always redacted unless "
            "you say --no-redact.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the --output file if it exists, without asking."),
    ] = False,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="With --format csv: start the file with a UTF-8 byte order mark, so Excel shows "
            "every letter and emoji as written.",
        ),
    ] = False,
    include_audio: Annotated[
        bool,
        typer.Option("--include-audio", help="With --format json: the voice notes' audio too"
                     " (left out otherwise; audio cannot be redacted)."),
    ] = False,
) -> None:
    """Export entries (oldest first), for a backup, another machine or your portfolio.

    Examples: reflect export --since 2026-01-01 -o reflections.json  ·
    reflect export -f markdown --since 4w -o portfolio.md  ·
    reflect export -f nmc -o accounts.md  ·  reflect export -f csv --excel -o reflections.csv  ·
    reflect export -f docx --since 1y -o reflections.docx
    """
    exporter = get_exporter(format)  # an unknown format is refused before anything is read
    from reflect_cli.commands import voice_export

    voice_export.check_options(include_audio, exporter.name, bool(redact))
    if exporter.binary:
        document_checks(ctx, output)
    if excel and exporter.name != "csv":
        raise UsageError(
            f"--excel goes with --format csv, not with {exporter.name}.",
            "For a spreadsheet: reflect export --format csv --excel -o reflections.csv",
        )
    filters = common.entry_filters(since, until, tag, framework)
    if output is not None:
        output = target(output, db_path_from(ctx), force=force, ask=common.is_interactive(ctx))
        if output is None:
            return
    store = store_from(ctx)
    entries = store.iter_entries(**filters)
    left_out: list[Entry] = []
    if exporter.binary:  # a document to hand over: redacted, and marked entries left out
        redacting = warn_unless_redacted(redact)
        chosen = guarded(store, entries, left_out, common.settings_from(ctx),
                         leave_marked_out=not include_marked, redact=redacting)
        written = _write_document(exporter, chosen, output)
        say_left_out(left_out, redacting=redacting, document=True)
        _say_exported(written, output)
        return
    chosen = guarded(
        store, entries, left_out, common.settings_from(ctx),
        leave_marked_out=not (include_marked or redact), redact=bool(redact),
    )
    chosen, voiced = voice_export.counted(store, chosen, include=include_audio)
    if exporter.name == "json":  # the revalidation logs follow the entries (logbook.py)
        from reflect_cli.commands.logbook import export_members

        chosen, exporter.after = export_members(  # type: ignore[attr-defined]
            store, common.settings_from(ctx), chosen, filters, include_marked=include_marked,
            redact=bool(redact))
    written = [0]

    def write(out: TextIO) -> None:
        if excel:
            out.write(UTF8_BOM)  # Excel reads a CSV file as UTF-8 only when it starts so
        written[0] = exporter.write(chosen, out)

    if output is None:
        write(console.export_stream())  # byte for byte to a file or pipe, visibly to a screen
    else:
        write_atomically(output, write)
    say_left_out(left_out)
    voice_export.say(voiced, include=include_audio, format_name=exporter.name)
    _say_exported(written[0], output)


def _say_exported(count: int, output: Path | None) -> None:
    if output is not None:
        noun = "entry" if count == 1 else "entries"
        console.say(f"Exported {count} {noun} to {output}", err=True)


def document_checks(ctx: typer.Context, output: Path | None) -> None:
    """Before anything is read for a Word document: the extra is installed, and it is going to
    a file (or a pipe), not to the terminal."""
    from reflect_cli.output import docx_doc

    docx_doc.require()
    terminal = environment(ctx).terminal
    if output is None and (sys.stdout.isatty() if terminal is None else terminal):
        raise UsageError(
            "A Word document cannot be shown in the terminal.",
            "Give a file to write it to, e.g. --output reflections.docx",
        )


def warn_unless_redacted(redact: bool | None) -> bool:
    """Whether a document is redacted: yes, unless --no-redact, which is warned about."""
    if redact is False:
        console.say(
            "Warning: --no-redact: what may identify someone is written as it is. Read the"
            " document before you share it.",
            err=True,
        )
        return False
    return True


def _write_document(exporter: Exporter, chosen: Iterator[Entry], output: Path | None) -> int:
    """The document written all at once to `output`, or to stdout's bytes (a pipe)."""
    buffer = io.BytesIO()
    count = exporter.write(chosen, buffer)
    if output is None:
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()
    else:
        write_atomically(output, buffer.getvalue())
    return count


def target(output: Path, db_path: Path, *, force: bool, ask: bool) -> Path | None:
    """The file to write the export to, or None if the person chose to keep the one there.
    Never the journal or a backup, never a device or a pipe; a file that exists is replaced
    only with --force or after asking. A symlink stays a symlink: its file is written."""
    from reflect_cli.core import backup

    output = output.expanduser()
    if output.is_dir() or not regular_or_absent(output):
        kind = "a folder" if output.is_dir() else "not a regular file (a device or a pipe)"
        raise DataError(
            f"{output} is {kind}, so the export was not written there.",
            "Give the name of a file, e.g. -o reflections.json",
        )
    precious = backup.precious(output, db_path)
    if precious:
        raise DataError(
            f"{output} is {precious}, and an export never replaces it. Nothing was written.",
            "Give another file name, e.g. -o reflections.json",
        )
    if output.exists() and not force:
        if not ask:
            raise UsageError(
                f"{output} exists already, and there is no terminal here to ask about replacing"
                " it.",
                "To replace it, pass --force; or give a new file name with -o.",
            )
        if not console.confirm(f"{output} exists already. Replace it?"):
            console.say("Kept it as it was; nothing was exported.", err=True)
            return None
    return Path(os.path.realpath(output)) if output.is_symlink() else output


def guarded(
    store: Store,
    entries: Iterator[Entry],
    left_out: list[Entry],
    settings: Config,
    *,
    leave_marked_out: bool,
    redact: bool,
) -> Iterator[Entry]:
    """The identifier guard on the way out. With `leave_marked_out`, entries that may identify
    someone are left out (collected in `left_out`); with `redact`, what is found in the rest
    is replaced by placeholders. A text export does one or the other (`--include-marked` keeps
    marked entries as written, `--redact` keeps every entry with placeholders); a document
    (`--format docx`, `reflect pack`) does both unless told. With the guard switched off,
    nothing is left out, and only redacting (asked for by name, or a document) does anything."""
    from reflect_cli.core import privacy

    if leave_marked_out and settings.guard_enabled:
        marked, names = store.marked_ids(), tuple(settings.guard_names)

        def kept(entries: Iterator[Entry]) -> Iterator[Entry]:
            for entry in entries:
                if privacy.leave_out(entry, marked, names):
                    left_out.append(entry)
                else:
                    yield entry

        entries = kept(entries)
    if redact:
        words = settings.guard_words
        return (privacy.redact_entry(entry, words) for entry in entries)
    return entries


def say_left_out(left_out: list[Entry], *, redacting: bool = False,
                 document: bool = False) -> None:
    if left_out:
        count = len(left_out)
        verb, it = ("entry was", "it") if count == 1 else ("entries were", "they")
        them = "it" if count == 1 else "them"
        if not document:
            how = "--redact (with placeholders) or --include-marked (as written)"
        elif redacting:
            how = "--include-marked (with placeholders; add --no-redact for as written)"
        else:
            how = "--include-marked (as written)"
        console.say(
            f"{count} {verb} left out because {it} may identify someone; see reflect check.\n"
            f"  To include {them}: {how}.",
            err=True,
        )
