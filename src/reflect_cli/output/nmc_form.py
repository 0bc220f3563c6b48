"""The NMC written reflective account form (`reflect export --format nmc`): each `nmc` entry as
the form has it, ready to print.

Pure: entries in, text out.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from reflect_cli.core.nmc import FRAMEWORK_ID

if TYPE_CHECKING:
    from reflect_cli.model import Entry


# The form's four questions, word for word (they must be used as they are), by step key.
QUESTIONS = {
    "nature": "What was the nature of the CPD activity and/or practice-related feedback and/or"
    " event or experience in your practice?",
    "learning": "What did you learn from the CPD activity and/or feedback and/or event or"
    " experience in your practice?",
    "change": "How did you change or improve your practice as a result?",
    "code": "How is this relevant to the Code?",
}
ACTIVITIES = ("CPD", "Practice-related feedback", "Event or experience in your practice")
THEMES = (
    "Prioritise people",
    "Practise effectively",
    "Preserve safety",
    "Promote professionalism and trust",
)


def to_form(entries: list[Entry]) -> str:
    """Each `nmc` entry as the NMC written reflective account, ready to print; entries of other
    frameworks are left out, and a note at the top says how many."""
    accounts = [e for e in entries if e.framework == FRAMEWORK_ID]
    skipped = len(entries) - len(accounts)
    lines = ["# NMC written reflective accounts", ""]
    if skipped:
        noun = "reflection" if skipped == 1 else "reflections"
        lines += [
            f"<!-- {skipped} {noun} of other frameworks left out: only reflections written"
            " with `reflect write nmc` are reflective accounts. -->",
            "",
        ]
    if not accounts:
        lines.append(
            "No NMC reflective accounts matched what you chose. Write one with: reflect write nmc"
        )
        return "\n".join(lines) + "\n"
    lines += [
        "*Before you share these, check that nothing in them might identify a patient, service"
        " user, colleague or other individual.*",
        "",
    ]
    sections = [account(entry, n, len(accounts)) for n, entry in enumerate(accounts, start=1)]
    return "\n".join(lines) + "\n" + "\n---\n\n".join(sections)


def account(entry: Entry, number: int, total: int, level: int = 2) -> str:
    """One written reflective account as the form has it, under a heading of `level`."""
    answers = {item.step.key: (item.answer or "").strip() for item in entry.steps}
    lines = [f"{'#' * level} Reflective account {number} of {total}", ""]
    lines += [f"**Date:** {long_date(entry.created_at)}", ""]
    lines += ["**Nature of the activity:**", ""]
    lines += [*_ticks(ACTIVITIES, answers.get("activity", "")), ""]
    for key in ("nature", "learning", "change", "code"):
        lines += [f"**{QUESTIONS[key]}**", ""]
        if key == "code":
            lines += ["Themes of the Code:", ""]
            lines += [*_ticks(THEMES, answers.get("themes", "")), ""]
        lines += [answers.get(key) or "*(left empty)*", ""]
    return "\n".join(lines).rstrip() + "\n"


def ticked(options: tuple[str, ...], answer: str) -> list[tuple[bool, str]]:
    """(chosen, option) for every option: chosen when a line of `answer` is it (any case)."""
    chosen = {line.strip().casefold() for line in answer.splitlines()}
    return [(option.casefold() in chosen, option) for option in options]


def _ticks(options: tuple[str, ...], answer: str) -> list[str]:
    """Every option as a line, `[x]` when it was chosen (any case) and `[ ]` when not."""
    return [f"- [{'x' if done else ' '}] {option}" for done, option in ticked(options, answer)]


def long_date(created_at: str) -> str:
    """'1 March 2026', as a printed form has it."""
    day = date.fromisoformat(created_at[:10])
    return f"{day.day} {day:%B %Y}"
