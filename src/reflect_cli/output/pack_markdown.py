"""A pack (core/pack.py) as Markdown (`reflect pack --format markdown`), for those without Word:
the same parts in the same order as the Word document, the tables as Markdown tables.

Pure: a pack in, text out.
"""

from __future__ import annotations

from collections.abc import Sequence

from reflect_cli.core.nmc import FRAMEWORK_ID
from reflect_cli.core.pack import Pack, SignOff, Table, contents, cover_fields
from reflect_cli.output.docx_entries import ANONYMITY
from reflect_cli.output.markdown import entry_to_markdown
from reflect_cli.output.nmc_form import account

SIGNATURE_LINE = "_" * 30


def to_markdown(pack: Pack) -> str:
    lines = [f"# {pack.purpose.title}", "", f"*{pack.purpose.reader.capitalize()}*", ""]
    for label, value in cover_fields(pack):
        lines.append(f"- **{label}:** {value or SIGNATURE_LINE}")
    lines += ["", "**In this pack:**", "", *(f"- {title}" for title in contents(pack)), ""]
    lines += [*(f"*{note}*" for note in pack.notes), f"*{ANONYMITY}*", ""]
    if pack.progress is not None:
        lines += _table(pack.progress)
    for table in pack.logs:
        lines += _table(table)
    lines += [f"## {pack.purpose.accounts}", ""]
    if not pack.accounts:
        lines += ["*No reflections matched what you chose.*", ""]
    forms = [entry for entry in pack.accounts if entry.framework == FRAMEWORK_ID]
    number = {entry.id: n for n, entry in enumerate(forms, start=1)}
    parts = [
        account(entry, number[entry.id], len(forms), level=3) if entry.id in number
        else entry_to_markdown(entry, heading_level=3)
        for entry in pack.accounts
    ]
    text = "\n".join(lines) + "\n" + "\n---\n\n".join(parts)
    tail: list[str] = []
    if pack.discussion is not None:
        tail += [f"## {pack.discussion.title}", "", *_fields(pack.discussion.rows), ""]
    for sign in pack.sign_offs:
        tail += _sign_off(sign)
    if tail:
        text = text.rstrip("\n") + "\n\n" + "\n".join(tail)
    return text.rstrip("\n") + "\n"


def cell(text: str) -> str:
    """Text in a Markdown table's cell: a bar escaped, line breaks as <br>."""
    return " <br> ".join(text.replace("|", "\\|").splitlines()) if text else ""


def _table(table: Table) -> list[str]:
    lines = [f"## {table.title}", ""]
    if not table.rows:
        return [*lines, f"*{table.empty}*", ""]
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in table.rows]
    lines.append("")
    if table.note:
        lines += [f"*{table.note}*", ""]
    return lines


def _fields(fields: Sequence[tuple[str, str]]) -> list[str]:
    return [f"- **{label}:** {value or SIGNATURE_LINE}" for label, value in fields]


def _sign_off(sign: SignOff) -> list[str]:
    lines = [f"## {sign.heading}", ""]
    if sign.intro:
        lines += [sign.intro, ""]
    return [*lines, *_fields(sign.fields), ""]
