"""Export formats as small registered classes, as jrnl's plugins are: each has a `name` (what
`--format` takes), the file `extension` it suits, and `write(entries, stream)`, which returns
how many entries it wrote. `get_exporter(name)` finds one.

json is the interchange format (version 1, see README and `shapes.py`), streamed one entry per
line; markdown is a document to read or share (`markdown.py`); csv is one row per entry for a
spreadsheet; nmc is the NMC written reflective account form (`nmc_form.py`); docx is a Word
document (`docx_entries.py`, the `[docx]` extra), whose `write` takes bytes. The other formats
need every entry first (CSV's columns, a document's period), so only json streams.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar, TextIO

from reflect_cli.errors import UsageError

if TYPE_CHECKING:
    from reflect_cli.model import Entry


class Exporter:
    name: ClassVar[str]
    extension: ClassVar[str]
    binary: ClassVar[bool] = False  # writes bytes (a Word document), not text

    def write(self, entries: Iterable[Entry], stream: TextIO) -> int:
        raise NotImplementedError


EXPORTERS: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    EXPORTERS[cls.name] = cls
    return cls


def get_exporter(name: str) -> Exporter:
    """The exporter `--format NAME` asks for (any case, spaces around it ignored)."""
    try:
        return EXPORTERS[name.strip().lower()]()
    except KeyError:
        raise UsageError(
            f"--format: '{name}' is not a format I can write.",
            f"Use one of: {', '.join(EXPORTERS)}.",
        ) from None


@register
class JsonExporter(Exporter):
    """The export document, written entry by entry, one per line: readable, easy to compare,
    written by json's fast C encoder (an indented document takes its slow pure-Python path)
    and never held whole in memory."""

    name = "json"
    extension = "json"
    # the members written after "entries" (the revalidation logs, commands/logbook.py), each a
    # list written one item a line; asked for once the entries are written
    after: Callable[[], dict[str, list[Any]]] | None = None

    def write(self, entries: Iterable[Entry], stream: TextIO) -> int:
        from reflect_cli.core import clock
        from reflect_cli.output import shapes
        from reflect_cli.output.safe import json_text

        head = json_text(shapes.export_head(clock.now()))
        stream.write(head[:-1] + ', "entries": [')
        count = 0
        for entry in entries:
            stream.write(("\n" if count == 0 else ",\n") + json_text(shapes.entry(entry)))
            count += 1
        stream.write(("\n" if count else "") + "]")
        for key, items in (self.after() if self.after else {}).items():
            lines = ",\n".join(json_text(item) for item in items)
            stream.write(f",\n{json_text(key)}: [" + (f"\n{lines}\n" if items else "") + "]")
        stream.write("}\n")
        return count


@register
class MarkdownExporter(Exporter):
    """One document: a title with the period and the count, then one section per entry."""

    name = "markdown"
    extension = "md"

    def write(self, entries: Iterable[Entry], stream: TextIO) -> int:
        from reflect_cli.output.markdown import entry_to_markdown

        chosen = list(entries)
        lines = ["# Reflections", ""]
        if not chosen:
            lines.append("No reflections matched what you chose, so there is nothing here yet.")
            stream.write("\n".join(lines) + "\n")
            return 0
        first, last = chosen[0].created_at[:10], chosen[-1].created_at[:10]
        period = first if first == last else f"{first} to {last}"
        count = "1 reflection" if len(chosen) == 1 else f"{len(chosen)} reflections"
        lines += [f"*{period} · {count}*", ""]
        sections = [entry_to_markdown(entry, heading_level=2) for entry in chosen]
        stream.write("\n".join(lines) + "\n" + "\n---\n\n".join(sections))
        return len(chosen)


CSV_COLUMNS = ("id", "created_at", "framework", "title", "tags", "mood")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def guard_cell(value: str) -> str:
    """Text a spreadsheet will not run as a formula: a cell starting with =, +, -, @ (or a tab
    or carriage return) gets a leading apostrophe; plain numbers such as -2 are left alone."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


@register
class CsvExporter(Exporter):
    """One row per entry: the fixed columns, one column per step key (first seen first), and
    the actions, one per line, marked [x] when done. A step key that is also a fixed column
    (e.g. `mood`) is named `KEY (answer)`."""

    name = "csv"
    extension = "csv"

    def write(self, entries: Iterable[Entry], stream: TextIO) -> int:
        chosen = list(entries)
        keys = list(dict.fromkeys(item.step.key for entry in chosen for item in entry.steps))
        step_columns = [
            f"{key} (answer)" if key in (*CSV_COLUMNS, "actions") else key for key in keys
        ]
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([*CSV_COLUMNS, *step_columns, "actions"])
        for entry in chosen:
            answers = {item.step.key: item.answer or "" for item in entry.steps}
            actions = "\n".join(
                f"[{'x' if action.done_at else ' '}] {action.text}" for action in entry.actions
            )
            writer.writerow([
                entry.id,
                entry.created_at,
                entry.framework,
                guard_cell(entry.title),
                guard_cell("; ".join(entry.tags)),
                "" if entry.mood is None else str(entry.mood),
                *(guard_cell(answers.get(key, "")) for key in keys),
                actions,
            ])
        return len(chosen)


@register
class NmcExporter(Exporter):
    """The `nmc` entries as NMC written reflective accounts, ready to print; it counts only
    those (the form leaves the other frameworks out)."""

    name = "nmc"
    extension = "md"

    def write(self, entries: Iterable[Entry], stream: TextIO) -> int:
        from reflect_cli.core.nmc import FRAMEWORK_ID
        from reflect_cli.output.nmc_form import to_form

        chosen = list(entries)
        stream.write(to_form(chosen))
        return sum(1 for entry in chosen if entry.framework == FRAMEWORK_ID)


@register
class DocxExporter(Exporter):
    """A Word document (`docx_entries.py`): `nmc` entries as the NMC form, others as their
    framework's headings. Needs the `[docx]` extra; `write` takes a binary stream."""

    name = "docx"
    extension = "docx"
    binary = True

    def write(self, entries: Iterable[Entry], stream: BinaryIO) -> int:  # type: ignore[override]
        from reflect_cli.output import docx_entries

        return docx_entries.write(list(entries), stream)
