"""Entries in a Word document (`reflect export --format docx`, and the pack's accounts and
entries): an `nmc` entry as the NMC written reflective account form (its questions word for
word, the Code's themes as ticked boxes), any other as its framework's headings, each question as
it was asked and the answer as written.

Pure: entries in, a document out (python-docx through `docx_doc`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from reflect_cli.core.nmc import FRAMEWORK_ID
from reflect_cli.output import markdown
from reflect_cli.output.docx_doc import Document
from reflect_cli.output.nmc_form import ACTIVITIES, QUESTIONS, THEMES, long_date, ticked

if TYPE_CHECKING:
    from reflect_cli.model import Entry, StepAnswer

ANONYMITY = (
    "Before you share this, check that nothing in it might identify a patient, service user,"
    " colleague or other individual."
)


def write(entries: list[Entry], stream: BinaryIO) -> int:
    """The chosen entries, oldest first, as one document; returns how many."""
    doc = Document("Reflections")
    doc.footer(ANONYMITY)
    if not entries:
        doc.title("Reflections")
        doc.paragraph("No reflections matched what you chose, so there is nothing here yet.")
        doc.save(stream)
        return 0
    first, last = entries[0].created_at[:10], entries[-1].created_at[:10]
    period = first if first == last else f"{first} to {last}"
    count = "1 reflection" if len(entries) == 1 else f"{len(entries)} reflections"
    doc.title("Reflections", f"{period} · {count}")
    doc.paragraph(ANONYMITY, italic=True)
    write_all(doc, entries)
    doc.save(stream)
    return len(entries)


def write_all(doc: Document, entries: list[Entry], level: int = 1) -> None:
    """Each entry on a page of its own: the `nmc` ones as the form, numbered among themselves."""
    total = sum(1 for entry in entries if entry.framework == FRAMEWORK_ID)
    number = 0
    for index, entry in enumerate(entries):
        if index:
            doc.page_break()
        if entry.framework == FRAMEWORK_ID:
            number += 1
            account(doc, entry, number, total, level)
        else:
            framework_entry(doc, entry, level)


def account(doc: Document, entry: Entry, number: int, total: int, level: int = 1) -> None:
    """One NMC written reflective account, laid out as the form."""
    answers = {item.step.key: item.answer or "" for item in entry.steps}
    doc.heading(f"Reflective account {number} of {total}", level)
    doc.paragraph(long_date(entry.created_at), label="Date: ")
    doc.form([
        ("Nature of the activity", ticked(ACTIVITIES, answers.get("activity", "")), None),
        (QUESTIONS["nature"], None, answers.get("nature", "")),
        (QUESTIONS["learning"], None, answers.get("learning", "")),
        (QUESTIONS["change"], None, answers.get("change", "")),
        (QUESTIONS["code"], ticked(THEMES, answers.get("themes", "")), answers.get("code", "")),
    ])


def framework_entry(doc: Document, entry: Entry, level: int = 1) -> None:
    """An entry as its framework's headings: each question as it was asked, then the answer;
    a choice step with its options ticked; tracked actions ticked when done."""
    doc.heading(entry.title, level)
    doc.paragraph(markdown.facts(entry), italic=True)
    for item in entry.steps:
        if item.step.kind == "actions" and entry.actions:
            continue  # the tracked actions, below, say which are done
        doc.heading(item.step.title, level + 1)
        if item.step.question:
            doc.paragraph(item.step.question, italic=True)
        if item.step.kind == "choices" and item.step.choices:
            doc.ticks(_choices(item))
        else:
            doc.answer(item.answer)
    if entry.actions:
        doc.heading("Actions", level + 1)
        doc.ticks(markdown.actions(entry))


def _choices(item: StepAnswer) -> list[tuple[bool, str]]:
    """Every option of the step, ticked when chosen; a chosen answer the framework no longer
    offers is kept, ticked, after them."""
    options = ticked(item.step.choices, item.answer or "")
    known = {option.casefold() for option in item.step.choices}
    extra = [line.strip() for line in (item.answer or "").splitlines()
             if line.strip() and line.strip().casefold() not in known]
    return options + [(True, line) for line in extra]
