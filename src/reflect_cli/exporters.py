"""Turning entries into files: the JSON interchange format (version 1, see README), a Markdown
document to read or share, and CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from reflect_cli import clock
from reflect_cli.errors import UsageError
from reflect_cli.store import Entry

EXPORT_FORMAT = "reflect-export"
EXPORT_VERSION = 1


def entry_summary(entry: Entry) -> dict[str, Any]:
    """An entry in brief, for `--json` listings: everything but its steps and actions."""
    return {
        "id": entry.id,
        "framework": entry.framework,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
        "title": entry.title,
        "tags": list(entry.tags),
        "mood": entry.mood,
    }


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """One entry as it appears in the export: each step keeps the question as it was asked."""
    return {
        **entry_summary(entry),
        "steps": [
            {
                "key": item.step.key,
                "title": item.step.title,
                "question": item.step.question,
                "kind": item.step.kind,
                "answer": item.answer or "",
            }
            for item in entry.steps
        ],
        "actions": [
            {"id": a.id, "text": a.text, "done_at": a.done_at, "note": a.note}
            for a in entry.actions
        ],
    }


def write_json(entries: Iterable[Entry], out: TextIO) -> int:
    """The export document, written entry by entry, one per line: readable, easy to compare,
    written by json's fast C encoder (an indented document takes its slow pure-Python path)
    and never held whole in memory. Returns how many entries it wrote."""
    from reflect_cli.output.safe import json_text

    head = json_text(
        {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": clock.to_iso(clock.now()),
        }
    )
    out.write(head[:-1] + ', "entries": [')
    count = 0
    for entry in entries:
        out.write(
            ("\n" if count == 0 else ",\n") + json_text(entry_to_dict(entry))
        )
        count += 1
    out.write(("\n" if count else "") + "]}\n")
    return count


def to_json(entries: list[Entry]) -> str:
    buffer = io.StringIO()
    write_json(entries, buffer)
    return buffer.getvalue()


def to_markdown(entries: list[Entry]) -> str:
    """One document: a title with the period and the count, then one section per entry."""
    from reflect_cli.markdown import entry_to_markdown

    lines = ["# Reflections", ""]
    if not entries:
        lines.append("No reflections matched what you chose, so there is nothing here yet.")
        return "\n".join(lines) + "\n"
    first, last = entries[0].created_at[:10], entries[-1].created_at[:10]
    period = first if first == last else f"{first} to {last}"
    count = "1 reflection" if len(entries) == 1 else f"{len(entries)} reflections"
    lines += [f"*{period} · {count}*", ""]
    sections = [entry_to_markdown(entry, heading_level=2) for entry in entries]
    return "\n".join(lines) + "\n" + "\n---\n\n".join(sections)


CSV_COLUMNS = ("id", "created_at", "framework", "title", "tags", "mood")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def guard_cell(value: str) -> str:
    """Text a spreadsheet will not run as a formula: a cell starting with =, +, -, @ (or a tab
    or carriage return) gets a leading apostrophe; plain numbers such as -2 are left alone."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(entries: list[Entry]) -> str:
    """One row per entry: the fixed columns, one column per step key (first seen first), and
    the actions, one per line, marked [x] when done. A step key that is also a fixed column
    (e.g. `mood`) is named `KEY (answer)`."""
    keys = list(dict.fromkeys(item.step.key for entry in entries for item in entry.steps))
    step_columns = [f"{key} (answer)" if key in (*CSV_COLUMNS, "actions") else key for key in keys]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *step_columns, "actions"])
    for entry in entries:
        answers = {item.step.key: item.answer or "" for item in entry.steps}
        actions = "\n".join(
            f"[{'x' if action.done_at else ' '}] {action.text}" for action in entry.actions
        )
        row = [
            entry.id,
            entry.created_at,
            entry.framework,
            guard_cell(entry.title),
            guard_cell("; ".join(entry.tags)),
            "" if entry.mood is None else str(entry.mood),
            *(guard_cell(answers.get(key, "")) for key in keys),
            actions,
        ]
        writer.writerow(row)
    return buffer.getvalue()


def nmc_form(entries: list[Entry]) -> str:
    """The `nmc` entries as NMC written reflective accounts, ready to print (see nmc.py)."""
    from reflect_cli.nmc import to_form

    return to_form(entries)


EXPORTERS: dict[str, Callable[[list[Entry]], str]] = {
    "json": to_json,
    "markdown": to_markdown,
    "csv": to_csv,
    "nmc": nmc_form,
}


def write_export(name: str, entries: Iterable[Entry], out: TextIO) -> int:
    """Write `entries` in format `name` to `out`; how many were written. JSON streams; the
    other formats need every entry first (CSV's columns, say)."""
    if name.strip().lower() == "json":
        return write_json(entries, out)
    chosen = list(entries)
    out.write(get_exporter(name)(chosen))
    if name.strip().lower() == "nmc":  # the form holds only the NMC accounts
        return sum(1 for entry in chosen if entry.framework == "nmc")
    return len(chosen)


def get_exporter(name: str) -> Callable[[list[Entry]], str]:
    try:
        return EXPORTERS[name.strip().lower()]
    except KeyError:
        raise UsageError(
            f"--format: '{name}' is not a format I can write.",
            f"Use one of: {', '.join(EXPORTERS)}.",
        ) from None
