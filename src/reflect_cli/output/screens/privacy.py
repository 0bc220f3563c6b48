"""The identifier check on screen (guard.py, privacy.py): findings under an answer, the warning
after a save or an edit, and `reflect check`'s report."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from reflect_cli.model import short_id
from reflect_cli.output.console import out
from reflect_cli.output.safe import user

GUARD_SHOWN = 8  # findings shown under an answer, and per entry in `reflect check`


GUARD_LISTED = 10  # findings listed in a warning after a save or an edit


def finding_snippet(text: str, finding, width: int = 30) -> Text:
    """The finding in its words, on one line, the found text bold and reversed. The words
    around it are cut to the terminal, so the finding itself always shows (at 40 columns too)."""
    def flat(part: str) -> str:
        return part.replace("\r", "").replace("\n", " ").replace("\t", " ")

    room = out().width - 3 - 23 - len(finding.text)  # after the label's column
    width = max(4, min(width, room // 2))

    before = flat(text[max(0, finding.start - width) : finding.start])
    after = flat(text[finding.end : finding.end + width])
    if finding.start > width and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if finding.end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return Text.assemble(
        user(before.lstrip()), user(flat(finding.text), "bold reverse"), user(after.rstrip())
    )


def _labelled(label: str) -> Text:
    """The start of a finding's line: its label in a column; the line is cut, never wrapped."""
    return Text(f"   {label:<22} ", style="dim", no_wrap=True, overflow="ellipsis")


def _advice(findings) -> list[Text]:
    """One line of advice per kind of finding: 'exact age: a life stage instead, e.g. …'."""
    advice = dict.fromkeys(f"{f.label}: {f.suggestion}" for f in findings)
    return [Text(f"   {line}", style="dim") for line in advice]


def answer_findings(answer: str, findings: list) -> Group:
    """Shown under an answer before it is kept: what could identify someone, in context."""
    parts: list = [Text(""), Text("This answer may identify someone:", style="bold yellow")]
    parts += [
        _labelled(f.label) + finding_snippet(answer, f, width=24)
        for f in findings[:GUARD_SHOWN]
    ]
    if len(findings) > GUARD_SHOWN:
        parts.append(Text(f"   … and {len(findings) - GUARD_SHOWN} more", style="dim"))
    parts += _advice(findings)
    return Group(*parts)


def _found_words(item) -> str:
    """The text found, as written, on one line (a number's finding holds the word that says
    what it is: 'Bed 4', 'MRN 123456')."""
    return " ".join(item.finding.text.split())


def privacy_warning(
    found: list,
    entry_id: str,
    intro: str,
    change: str | None = None,
    kept: str = "Exports leave it out unless you ask.",
) -> Group:
    """After a save or an edit without questions: what was found, one per line, on stderr;
    `kept` says what happens to it on the way out."""
    lines: list = [Text(intro, style="yellow")]
    for item in found[:GUARD_LISTED]:
        lines.append(Text(f"  {item.finding.label}: ", style="dim") + user(_found_words(item)))
    if len(found) > GUARD_LISTED:
        lines.append(Text(f"  … and {len(found) - GUARD_LISTED} more: reflect check", style="dim"))
    lines.append(Text(
        f"{kept} To change it: {change or f'reflect edit {short_id(entry_id)}'}", style="dim"
    ))
    return Group(*lines)


def marked_note() -> Text:
    """After a guided entry kept with something that may identify someone."""
    return Text(
        "  Kept as you wrote it, and marked: exports leave it out unless you ask"
        " (see: reflect check).", style="dim"
    )


def marked_count(count: int) -> Text:
    noun = "entry" if count == 1 else "entries"
    return Text(f"{count} {noun} may identify someone: reflect check", style="yellow")


def check_report(results: list, checked: int, show_all: bool, names_hint: str | None) -> Group:
    """`reflect check`: each entry with findings, its words in context, and what to try."""
    parts: list = []
    plural = "reflection" if checked == 1 else "reflections"
    if not checked:
        parts.append(Text("No reflections to check yet."))
    elif not results:
        parts.append(Text(
            f"Checked {checked} {plural}: nothing in them looks as if it could identify someone."
        ))
    else:
        parts.append(Text(f"Checked {checked} {plural}: {len(results)} may identify someone."))
    for entry, found in results:
        parts += [Text(""), Text.assemble(
            (short_id(entry.id), "bold"), f"  {entry.created_at[:10]}  ",
            user(entry.title, "bold", "(untitled)"),
        )]
        shown = found if show_all else found[:GUARD_SHOWN]
        for item in shown:
            parts.append(
                _labelled(item.finding.label) + finding_snippet(item.text, item.finding, width=24)
            )
        if len(found) > len(shown):
            parts.append(Text(
                f"   … and {len(found) - len(shown)} more: reflect check --all", style="dim"
            ))
        parts += _advice(item.finding for item in found)
    if results:
        parts += [Text(""), Text(
            "To change one: reflect edit ID. Nothing changes unless you do; exports leave these"
            " out unless you ask (--redact or --include-marked).", style="dim"
        )]
    if names_hint:
        parts.append(Text(names_hint, style="dim"))
    return Group(*parts)
