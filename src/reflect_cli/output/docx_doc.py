"""Word documents: the one module that imports python-docx (the `[docx]` extra).

`require()` says plainly when the extra is missing; `Document` is a small writer with the few
things reflect's documents are made of (headings, plain paragraphs of the user's text, ticked
boxes, tables, sign-off blocks), laid out on A4 with nothing about the writer in the file's
properties. `docx_entries.py` and `docx_pack.py` build on it.

What the user wrote goes into runs as plain text, exactly as written: a line break stays a line
break and a tab a tab. The few characters XML cannot hold at all (the C0 controls, U+FFFE,
U+FFFF, a lone surrogate) are shown visibly instead (NUL as ␀, ESC as ␛, a carriage return on its
own as ␍), so no text can make a document fail to be written or opened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Any, BinaryIO

from reflect_cli.errors import DataError

MISSING = "Word documents need python-docx, which is not installed here."
INSTALL = "Install it with: pip install 'reflect-cli[docx]'"
TICKED, UNTICKED = "\u2612", "\u2610"  # ☒ ☐
TABLE_POINTS = 10  # the logs' tables, a size smaller than the text
WIDTH_CM = 17  # the width of the text on A4 with 2 cm margins
TALLER = {"signature": 1.6, "comments": 4.0}  # boxes to write in, in cm (others 0.9)

# What XML 1.0 cannot hold (tab and line feed it can; a carriage return is read back as a line
# feed, so one on its own is shown instead).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def require() -> None:
    """Raise a plain DataError (exit 1) naming the extra if python-docx is not installed."""
    try:
        import docx  # noqa: F401
    except ImportError:
        raise DataError(MISSING, INSTALL) from None


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else f"\\u{code:04x}"


def xml_safe(text: str) -> str:
    """`text` as a run can hold it: a Windows line ending is a line break, and each character
    XML cannot hold is shown visibly (the control pictures, U+2400 on); all else as written."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return _NOT_XML.sub(_shown, text) if _NOT_XML.search(text) else text


class Document:
    """A Word document being written, A4 with 2 cm margins."""

    def __init__(self, title: str) -> None:
        import docx
        from docx.shared import Cm, Pt

        self._doc = docx.Document()
        section = self._doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        normal = self._doc.styles["Normal"]
        normal.font.size = Pt(11)
        properties = self._doc.core_properties  # nothing about who wrote it, or with what
        properties.title = xml_safe(title)
        properties.author = properties.last_modified_by = ""
        properties.comments = properties.subject = properties.keywords = ""
        from reflect_cli.core import clock

        now = clock.now().astimezone(UTC).replace(tzinfo=None, microsecond=0)
        properties.created = properties.modified = now
        properties.revision = 1

    # -- text -------------------------------------------------------------------------------

    def title(self, text: str, subtitle: str = "") -> None:
        self._doc.add_paragraph(xml_safe(text), style="Title")
        if subtitle:
            self._doc.add_paragraph(xml_safe(subtitle), style="Subtitle")

    def heading(self, text: str, level: int = 1) -> None:
        self._doc.add_heading(xml_safe(" ".join(text.split()) or "(untitled)"), level=level)

    def paragraph(
        self, text: str = "", *, label: str = "", italic: bool = False, style: str | None = None
    ) -> Any:
        """A paragraph of plain text, after a bold `label` if given (e.g. "Date: ")."""
        paragraph = self._doc.add_paragraph(style=style)
        if label:
            paragraph.add_run(xml_safe(label)).bold = True
        if text:
            paragraph.add_run(xml_safe(text)).italic = italic
        return paragraph

    def answer(self, text: str | None, empty: str = "(left empty)") -> None:
        """What the user wrote, as written; `empty` in italics when there is nothing."""
        if text and text.strip():
            self.paragraph(text)
        else:
            self.paragraph(empty, italic=True)

    def ticks(self, options: Iterable[tuple[bool, str]]) -> None:
        """One line per option: ☒ when chosen, ☐ when not."""
        for chosen, option in options:
            self.paragraph(f"{TICKED if chosen else UNTICKED} {option}")

    def page_break(self) -> None:
        self._doc.add_page_break()

    # -- tables -----------------------------------------------------------------------------

    def table(self, columns: Sequence[str], rows: Iterable[Sequence[str]],
              weights: Sequence[float] = ()) -> Any:
        """A grid with a bold, shaded header row that repeats on each page; its columns as wide
        as `weights` say, relatively (equal if none), across the page."""
        table = self._doc.add_table(rows=1, cols=len(columns), style="Table Grid")
        header = table.rows[0]
        _repeat_header(header)
        for cell, name in zip(header.cells, columns, strict=True):
            _put(cell, name, bold=True, size=TABLE_POINTS)
            _shade(cell)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                _put(cell, value, size=TABLE_POINTS)
        if weights:
            _widths(table, [WIDTH_CM * w / sum(weights) for w in weights])
        self._doc.add_paragraph()
        return table

    def form(self, rows: Iterable[tuple[str, list[tuple[bool, str]] | None, str | None]],
             empty: str = "(left empty)") -> Any:
        """A one-column form, as the NMC's are: each question in a shaded row, and in the row
        below it the ticked boxes (if it has options) and then the answer (if it has one)."""
        table = self._doc.add_table(rows=0, cols=1, style="Table Grid")
        for question, options, answer in rows:
            asked = table.add_row().cells[0]
            _put(asked, question, bold=True)
            _shade(asked)
            cell = table.add_row().cells[0]
            lines: list[tuple[str, bool]] = [
                (f"{TICKED if chosen else UNTICKED} {option}", False)
                for chosen, option in options or ()
            ]
            if answer is not None:
                lines.append((answer, False) if answer.strip() else (empty, True))
            for number, (text, italic) in enumerate(lines):
                _put(cell, text, italic=italic, first=number == 0,
                     gap=bool(options) and answer is not None and number == len(lines) - 1)
        self._doc.add_paragraph()
        return table

    def sign_off(self, heading: str, fields: Sequence[tuple[str, str]], intro: str = "") -> None:
        """A block to sign: a heading, a line to say what is signed for, and the fields, each
        one left empty a box to write in (the signature's a taller one)."""
        self.heading(heading, level=2)
        if intro:
            self.paragraph(intro)
        self.fields(fields)

    def fields(self, fields: Sequence[tuple[str, str]]) -> None:
        """Two columns: each label, shaded, beside its value, or an empty box to write in."""
        from docx.enum.table import WD_ROW_HEIGHT_RULE
        from docx.shared import Cm

        table = self._doc.add_table(rows=0, cols=2, style="Table Grid")
        for label, value in fields:
            row = table.add_row()
            _put(row.cells[0], label, bold=True)
            _shade(row.cells[0])
            _put(row.cells[1], value)
            if not value:
                row.height = Cm(TALLER.get(label.casefold(), 0.9))
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _widths(table, [6, WIDTH_CM - 6])
        self._doc.add_paragraph()

    def footer(self, text: str) -> None:
        """A line at the foot of every page."""
        paragraph = self._doc.sections[0].footer.paragraphs[0]
        run = paragraph.add_run(xml_safe(text))
        run.italic = True
        from docx.shared import Pt

        run.font.size = Pt(8)

    def save(self, stream: BinaryIO) -> None:
        self._doc.save(stream)


def _shade(cell: Any, fill: str = "E7EEF5") -> None:
    """A light background for a header or label cell."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _put(cell: Any, text: str, *, bold: bool = False, italic: bool = False,
         first: bool = True, size: float | None = None, gap: bool = False) -> None:
    """`text` as a paragraph of `cell` (its first, or a new one), with a little space around
    (more above it with `gap`: an answer after the boxes)."""
    from docx.shared import Pt

    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    spacing = paragraph.paragraph_format
    spacing.space_before, spacing.space_after = Pt(8 if gap else 2), Pt(2)
    if text:
        run = paragraph.add_run(xml_safe(text))
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)


def _widths(table: Any, centimetres: Sequence[float]) -> None:
    """Fixed column widths (Word reads the cells', LibreOffice the grid's: both are set)."""
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, centimetres, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
