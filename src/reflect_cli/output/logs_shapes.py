"""The JSON shapes of the revalidation logs and of progress against a profile: one shape per
thing, the same in `reflect cpd --json` (and the other lists) as in the export. Like shapes.py:
keys may be added, never removed or renamed. Plain data in, plain data out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect_cli.core.logs import CpdActivity, Declaration, Discussion, Feedback, PracticeHours
    from reflect_cli.core.revalidation import Progress
    from reflect_cli.core.standards import StandardSet, ThemeCoverage

Shape = dict[str, Any]


def number(value: float) -> int | float:
    """7.0 as 7, 7.5 as 7.5: hours and counts read as people write them."""
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


def cpd(a: CpdActivity) -> Shape:
    return {
        "id": a.id, "date": a.day, "topic": a.topic, "hours": number(a.hours),
        "points": None if a.points is None else number(a.points),
        "participatory": a.participatory, "method": a.method, "note": a.note,
        "entry_id": a.entry_id, "standards": list(a.standards),
        "created_at": a.created_at, "updated_at": a.updated_at,
    }


def feedback(f: Feedback) -> Shape:
    return {"id": f.id, "date": f.day, "from": f.source, "text": f.text, "entry_id": f.entry_id,
            "created_at": f.created_at, "updated_at": f.updated_at}


def practice(p: PracticeHours) -> Shape:
    return {"id": p.id, "hours": number(p.hours), "role": p.role, "from": p.start, "to": p.end,
            "created_at": p.created_at, "updated_at": p.updated_at}


def discussion(d: Discussion) -> Shape:
    return {"id": d.id, "date": d.day, "partner_name": d.partner_name,
            "partner_pin": d.partner_pin, "partner_email": d.partner_email,
            "entry_ids": list(d.entry_ids), "created_at": d.created_at,
            "updated_at": d.updated_at}


def declaration(d: Declaration) -> Shape:
    return {"profile": d.profile, "item": d.item, "ticked_at": d.ticked_at}


def entry_link(entry_id: str, standards: list[str], project: str | None) -> Shape:
    return {"entry_id": entry_id, "standards": list(standards), "project": project}


def coverage(standard_set: StandardSet, themes: list[ThemeCoverage]) -> Shape:
    """Which themes of a standard set have evidence: `{set, name, themes: [{id, title,
    evidence, entries, cpd}]}`; a theme with none has `evidence` 0."""
    return {
        "set": standard_set.id,
        "name": standard_set.name,
        "themes": [
            {"id": item.theme.id, "title": item.theme.title, "evidence": item.evidence,
             "entries": list(item.entry_ids), "cpd": list(item.cpd_ids)}
            for item in themes
        ],
    }


def progress(result: Progress) -> Shape:
    """`reflect revalidation --json`: the profile, the period, each requirement with have, need
    and done, and the coverage of the profile's standards (null if it has none)."""
    profile = result.profile
    return {
        "profile": profile.id,
        "name": profile.name,
        "regulator": profile.regulator,
        "source": profile.source,
        "period": {"start": result.period.start.isoformat(), "end": result.period.end.isoformat()},
        "ended": result.ended,
        "done": result.done,
        "requirements": [
            {
                "id": item.id,
                "title": item.title,
                "have": number(item.have),
                "need": number(item.need),
                "done": item.done,
                "count": item.requirement.count,
                "unit": item.unit,
                "period": {"start": item.period.start.isoformat(),
                           "end": item.period.end.isoformat()},
                "confirmed": item.requirement.confirmed,
                "note": item.requirement.note,
                "ids": list(item.ids),
            }
            for item in result.requirements
        ],
        "standards": (coverage(result.standard_set, result.coverage)
                      if result.standard_set else None),
    }
