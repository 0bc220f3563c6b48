"""Small counts for the review: incident reflections by their coarse record, and kindness.

Pure: entries in, plain data out (see `review.summarise`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from reflect_cli.model import Entry

INCIDENT = "incident"
KINDNESS = "kindness"
QUICK = "quick"
REPORTED = ("yes", "no", "planned")


def _answer(entry: Entry, key: str) -> str:
    return next(((item.answer or "").strip() for item in entry.steps if item.step.key == key), "")


def incidents(entries: Iterable[Entry]) -> dict[str, Any]:
    """`{"total", "by_class", "by_type", "reported": {"yes", "no", "planned"}}` over the
    `incident` entries; unanswered classes and types are not counted."""
    found = [e for e in entries if e.framework == INCIDENT]
    by_class = Counter(_answer(e, "incident_class") for e in found)
    by_type = Counter(_answer(e, "incident_type") for e in found)
    reported = Counter(_answer(e, "reported").lower() for e in found)
    return {
        "total": len(found),
        "by_class": {k: n for k, n in by_class.most_common() if k},
        "by_type": {k: n for k, n in by_type.most_common() if k},
        "reported": {k: reported[k] for k in REPORTED},
    }


def kindness(entries: Iterable[Entry]) -> dict[str, int]:
    """`{"entries": kindness-framework entries, "quick_answers": quick entries whose kindness
    answer is not empty}`."""
    items = list(entries)
    return {
        "entries": sum(1 for e in items if e.framework == KINDNESS),
        "quick_answers": sum(1 for e in items if e.framework == QUICK and _answer(e, "kindness")),
    }
