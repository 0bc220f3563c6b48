"""A pack (core/pack.py) as a Word document: the cover on a page of its own, then the progress
table and the logs, the reflective accounts (NMC ones as the NMC form), the reflective discussion
form, and the blocks to sign.

Pure: a pack in, a document out (python-docx through `docx_doc`).
"""

from __future__ import annotations

from typing import BinaryIO

from reflect_cli.core.pack import Pack, Table, contents, cover_fields
from reflect_cli.output import docx_entries
from reflect_cli.output.docx_doc import Document


def write(pack: Pack, stream: BinaryIO) -> None:
    doc = Document(pack.purpose.title)
    doc.footer(f"{pack.purpose.title} · {docx_entries.ANONYMITY}")
    _cover(doc, pack)
    if pack.progress is not None or pack.logs:
        doc.page_break()
        if pack.progress is not None:
            _table(doc, pack.progress)
        for table in pack.logs:
            _table(doc, table)
    doc.page_break()
    doc.heading(pack.purpose.accounts, 1)
    if pack.accounts:
        docx_entries.write_all(doc, pack.accounts, level=2)
    else:
        doc.paragraph("No reflections matched what you chose.", italic=True)
    if pack.discussion is not None:
        doc.page_break()
        doc.heading(pack.discussion.title, 1)
        doc.fields(pack.discussion.rows)
    elif pack.sign_offs:
        doc.page_break()
    for sign in pack.sign_offs:
        doc.sign_off(sign.heading, sign.fields, sign.intro)
    doc.save(stream)


def _cover(doc: Document, pack: Pack) -> None:
    doc.title(pack.purpose.title, pack.purpose.reader.capitalize())
    doc.fields(cover_fields(pack))
    doc.paragraph(label="In this pack")
    for title in contents(pack):
        doc.paragraph(title, style="List Bullet")
    for note in pack.notes:
        doc.paragraph(note, italic=True)
    doc.paragraph(docx_entries.ANONYMITY, italic=True)


def _table(doc: Document, table: Table) -> None:
    doc.heading(table.title, 2)
    if table.rows:
        doc.table(table.columns, table.rows, table.weights)
        if table.note:
            doc.paragraph(table.note, italic=True)
    else:
        doc.paragraph(table.empty, italic=True)
