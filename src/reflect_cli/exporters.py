"""Turning entries into files: the JSON interchange format (version 1, see README)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from reflect_cli import clock
from reflect_cli.errors import UsageError
from reflect_cli.store import Entry

EXPORT_FORMAT = "reflect-export"
EXPORT_VERSION = 1


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """One entry as it appears in the export: each step keeps the question as it was asked."""
    return {
        "id": entry.id,
        "framework": entry.framework,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
        "title": entry.title,
        "tags": list(entry.tags),
        "mood": entry.mood,
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


def to_json(entries: list[Entry]) -> str:
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": clock.to_iso(clock.now()),
        "entries": [entry_to_dict(e) for e in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


EXPORTERS: dict[str, Callable[[list[Entry]], str]] = {"json": to_json}


def get_exporter(name: str) -> Callable[[list[Entry]], str]:
    try:
        return EXPORTERS[name]
    except KeyError:
        raise UsageError(
            f"--format: '{name}' is not a format I can write.",
            f"Use one of: {', '.join(EXPORTERS)}.",
        ) from None
