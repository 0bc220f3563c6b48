"""A pack (`reflect pack --for revalidation|appraisal|supervision`): one document for the person
who reads your portfolio (an NMC confirmer, a GMC appraiser, a supervisor), as plain data in the
order it is read: a cover, the progress table, the logs as tables, the reflective accounts, the
reflective discussion form and the blocks to sign.

Built by commands/pack.py from the journal (already redacted: what is here leaves the machine as
it is); drawn by output/docx_pack.py as a Word document and by output/pack_markdown.py as
Markdown. Pure: plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect_cli.errors import UsageError

if TYPE_CHECKING:
    from reflect_cli.model import Entry

Clean = Callable[[str], str]  # what may identify someone in a text, replaced (or not)


@dataclass(frozen=True)
class Purpose:
    id: str
    title: str  # the cover's title
    reader: str  # who it is for, on the cover
    accounts: str  # the heading of the reflections
    logs: bool  # the progress table and the logs
    discussion: bool  # the NMC reflective discussion form
    supervisor: bool  # a block for the supervisor to sign


PURPOSES: dict[str, Purpose] = {
    "revalidation": Purpose(
        "revalidation", "Revalidation pack", "for your confirmer",
        "Written reflective accounts", logs=True, discussion=True, supervisor=False),
    "appraisal": Purpose(
        "appraisal", "Appraisal pack", "for your appraiser",
        "Reflections on your supporting information", logs=True, discussion=False,
        supervisor=False),
    "supervision": Purpose(
        "supervision", "Supervision pack", "for your supervisor",
        "Reflections to discuss", logs=False, discussion=False, supervisor=True),
}


@dataclass(frozen=True)
class Table:
    """A table with a title; `empty` is said instead when it has no rows, `note` under it."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "Nothing recorded in this period."
    note: str = ""
    weights: tuple[float, ...] = ()  # how wide each column is, relatively (equal if none)


@dataclass(frozen=True)
class SignOff:
    """A block to sign: each field's label and its value ("" for a line to write on)."""

    heading: str
    fields: tuple[tuple[str, str], ...]
    intro: str = ""


@dataclass
class Pack:
    purpose: Purpose
    name: str  # the writer's name, "" to write it by hand
    period: tuple[date, date] | None  # the days the pack covers (None: all of the journal)
    profile: str  # the regulator's profile, e.g. "NMC revalidation", or ""
    made_on: date
    progress: Table | None = None
    logs: list[Table] = field(default_factory=list)
    accounts: list[Entry] = field(default_factory=list)
    discussion: Table | None = None  # the reflective discussion form's details
    sign_offs: list[SignOff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said on the cover, e.g. what is missing


def purpose(text: str) -> Purpose:
    """`--for`: revalidation, appraisal or supervision (any case)."""
    found = PURPOSES.get(text.strip().lower())
    if found is None:
        raise UsageError(
            f"--for: '{text.strip()[:40]}' is not a pack I can make.",
            f"Use one of: {', '.join(PURPOSES)}.",
        )
    return found


def long_date(day: date | str) -> str:
    """'1 March 2026', as a printed form has it."""
    day = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    return f"{day.day} {day:%B %Y}"


def period_text(period: tuple[date, date] | None) -> str:
    if period is None:
        return "All of your journal"
    start, end = period
    if start == date.min:  # --until without --since
        return f"Up to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"


def cover_fields(pack: Pack) -> list[tuple[str, str]]:
    """The cover's details: name, period, profile, the day it was made, what is in it."""
    fields = [("Name", pack.name), ("Period", period_text(pack.period))]
    if pack.profile:
        fields.append(("Profile", pack.profile))
    fields.append(("Prepared on", long_date(pack.made_on)))
    fields.append((pack.purpose.accounts, str(len(pack.accounts)) if pack.accounts else "none"))
    return fields


def contents(pack: Pack) -> list[str]:
    """What is in the pack, in order, for the cover."""
    found = [table.title for table in [pack.progress, *pack.logs] if table is not None]
    found.append(pack.purpose.accounts)
    if pack.discussion is not None:
        found.append(pack.discussion.title)
    return found + [sign.heading for sign in pack.sign_offs]


def hours(value: float) -> str:
    """7.5, 12, 0.25 (never 7.50 or 12.0)."""
    return f"{round(value, 2):g}"


# -- the tables, from the records of the logs (core/logs.py) --------------------------------


def progress_table(requirements: Iterable[Any]) -> Table:
    """The progress against the profile (core/revalidation.py's RequirementProgress): each
    requirement with what you have, what is needed, and whether it is done."""
    rows = []
    for item in requirements:
        unit = f" {item.unit}" if getattr(item, "unit", "") else ""
        if item.requirement.count == "declaration":
            have, need = ("ticked" if item.done else "not ticked"), "a tick"
        else:
            have, need = f"{hours(item.have)}{unit}", f"{hours(item.need)}{unit}"
        rows.append((item.title, have, need, "done" if item.done else "not yet"))
    return Table("Progress", ("Requirement", "Have", "Need", "Done"), tuple(rows),
                 empty="No requirements in this profile.", weights=(5, 3, 3, 2))


def cpd_table(activities: Sequence[Any], clean: Clean) -> Table:
    """The CPD log, as the NMC's has it: date, topic, method, hours, participatory hours."""
    rows = tuple(
        (
            long_date(a.day),
            clean(a.topic),
            clean(a.method),
            hours(a.hours),
            hours(a.hours) if a.participatory else "0",
            ", ".join(a.standards),
        )
        for a in activities
    )
    total = sum(a.hours for a in activities)
    together = sum(a.hours for a in activities if a.participatory)
    note = f"{hours(total)} hours in all, {hours(together)} participatory." if rows else ""
    return Table("CPD log", ("Date", "Topic", "Method", "Hours", "Participatory hours",
                             "Standards"), rows,
                 empty="No CPD recorded in this period. Add it with: reflect cpd add", note=note,
                 weights=(3.0, 3.9, 2.6, 1.7, 3.0, 2.8))


def feedback_table(items: Sequence[Any], clean: Clean) -> Table:
    """The practice-related feedback log: date, from whom, the feedback in your words."""
    rows = tuple((long_date(f.day), f.source, clean(f.text)) for f in items)
    return Table("Feedback log", ("Date", "From", "Feedback"), rows,
                 empty="No feedback recorded in this period. Add it with: reflect feedback add",
                 weights=(3.4, 2.6, 11))


def practice_table(records: Sequence[Any], clean: Clean,
                   period: tuple[date, date] | None) -> Table:
    """The practice hours log: the days, the role, the hours (and those within the period)."""
    rows = []
    within = 0.0
    for record in records:
        inside = record.hours_within(*period) if period else record.hours
        within += inside
        rows.append((f"{long_date(record.start)} to {long_date(record.end)}",
                     clean(record.role), hours(record.hours), hours(inside)))
    note = f"{hours(within)} hours within the period." if rows else ""
    return Table("Practice hours log", ("Dates", "Role", "Hours", "Within the period"),
                 tuple(rows),
                 empty="No practice hours recorded in this period. Add them with: reflect"
                 " practice add", note=note, weights=(5, 6, 2, 3))


# -- the forms to sign ------------------------------------------------------------------------


def discussion_form(pack: Pack, discussion: Any | None, pin: str) -> tuple[Table, SignOff]:
    """The NMC reflective discussion form: who you are, your partner's professional details
    (given with their consent, so not redacted), the day, the accounts discussed; and the block
    your partner signs. Without a discussion recorded, the lines are left to fill in."""
    partner = discussion.partner_name if discussion else ""
    partner_pin = discussion.partner_pin if discussion else ""
    email = discussion.partner_email if discussion else ""
    day = long_date(discussion.day) if discussion else ""
    numbers = _account_numbers(pack.accounts, discussion.entry_ids if discussion else ())
    rows = (
        ("Your name", pack.name),
        ("Your NMC Pin", pin),
        ("Name of your NMC-registered partner", partner),
        ("Partner's NMC Pin", partner_pin),
        ("Partner's email address", email),
        ("Partner's professional address, including postcode", ""),
        ("Date of the discussion", day),
        ("Reflective accounts discussed", numbers),
    )
    form = Table("Reflective discussion form", ("", ""), rows)
    sign = SignOff(
        "Signed by your reflective discussion partner",
        (("Name", partner), ("NMC Pin", partner_pin), ("Date", day), ("Signature", "")),
        intro="I confirm that we had a reflective discussion about the written reflective"
        " accounts in this pack.",
    )
    return form, sign


def _account_numbers(accounts: Sequence[Entry], entry_ids: Iterable[str]) -> str:
    chosen = set(entry_ids)
    if not chosen:
        return ""
    numbers = [str(n) for n, entry in enumerate(accounts, start=1) if entry.id in chosen]
    other = len(chosen) - len(numbers)
    said = f"{', '.join(numbers)} of the {len(accounts)} in this pack" if numbers else ""
    if other:
        said += ("; and " if said else "") + f"{other} not in this pack"
    return said


def supervisor_sign_off() -> SignOff:
    return SignOff(
        "Signed by your supervisor",
        (("Supervisor's name", ""), ("Role and registration number (PIN)", ""), ("Date", ""),
         ("Signature", ""), ("Comments", "")),
        intro="I have read and discussed the reflections in this pack.",
    )


def writer_sign_off(pack: Pack, pin: str) -> SignOff:
    return SignOff("Your declaration", (("Name", pack.name), ("PIN", pin), ("Date", ""),
                                        ("Signature", "")),
                   intro="These are my own reflections, written so as not to identify anyone.")
