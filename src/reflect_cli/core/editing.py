"""An entry as a Markdown file to change in a text editor, and reading it back (`reflect edit`).

The file looks like this:

    # Missed handover
    Tags: handover, nights

    <!-- Change the text under each heading, then save and close. Keep the ## headings. -->

    ## Description
    <!-- What happened? -->

    The answer, as many lines as it needs.

Any answer text comes back exactly as it was: a line of an answer that would read as a heading
(`## `) or a comment (`<!--`), or that starts with a backslash, is written with a backslash in
front (as Markdown escapes it), and the backslash is taken away again when it is read. A comment
is a line that starts with `<!--`, to its `-->` (perhaps some lines on); `<!--` inside a line is
text. A title or tags line left as it was written keeps the title and tags exactly as they were.

Pure: no files, no database. `from_editable` either returns the new title, tags and answers, or
raises `EditError` with a plain reason that names the step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reflect_cli.core.answers import normalise
from reflect_cli.model import Entry, Step, clean_tags

INSTRUCTIONS = (
    "<!-- Change the text under each heading, then save and close the file."
    " Keep the ## headings as they are. -->"
)

_HEADING = re.compile(r"^ {0,3}##(?=\s|$)(.*)$")
_TITLE = re.compile(r"^ {0,3}#(?=\s|$)(.*)$")
_TAGS = re.compile(r"^\s*tags\s*:(.*)$", re.I)


class EditError(ValueError):
    """The edited text cannot be read back; `reason` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Edited:
    title: str
    tags: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)


def to_editable(entry: Entry) -> str:
    """The entry as Markdown: title, tags, a short note, then one `## ` heading per step."""
    lines = [f"# {_one_line(entry.title)}".rstrip(), f"Tags: {_tags_line(entry.tags)}".rstrip()]
    lines += ["", INSTRUCTIONS]
    for item in entry.steps:
        lines += ["", f"## {_one_line(item.step.title)}", _comment(_guide(item.step)), ""]
        if item.answer:
            lines += [_escaped(line) for line in item.answer.split("\n")]
    return "\n".join(lines) + "\n"


def with_problem(text: str, problem: str) -> str:
    """`text` (an edited file) with `problem` as a comment at the top, for the editor to open
    again; a problem comment from an earlier try is replaced. `from_editable` ignores it."""
    note = _comment(f"reflect could not save this: {problem}. {PROBLEM_ADVICE}")
    text = text.removeprefix("\ufeff")
    first, _, rest = text.partition("\n")
    if first.startswith(PROBLEM_MARK):
        text = rest
    return f"{note}\n{text}"


PROBLEM_MARK = "<!-- reflect could not save this:"
PROBLEM_ADVICE = "Change it below, then save and close; to give up, empty the file."


def _needs_escape(line: str) -> bool:
    """Whether an answer line would not read back as text: a heading, a comment, or a line the
    reader would take a backslash from."""
    return bool(
        _HEADING.match(line) or line.lstrip(" \t").startswith("<!--") or line.startswith("\\")
    )


def _escaped(line: str) -> str:
    return "\\" + line if _needs_escape(line) else line


def _unescaped(line: str) -> str:
    return line[1:] if line.startswith("\\") and _needs_escape(line[1:]) else line


def _tags_line(tags: list[str]) -> str:
    return _one_line(", ".join(tags))


def _without_comments(text: str) -> list[str]:
    """The lines of `text` with its comments taken out: a comment starts a line (after any
    spaces) with `<!--` and ends at the next `-->`; what follows that on its line is kept."""
    kept: list[str] = []
    lines = iter(text.split("\n"))
    for line in lines:
        commented = False
        while line.lstrip(" \t").startswith("<!--"):
            commented = True
            rest: str | None = line.lstrip(" \t")[4:]
            while rest is not None and "-->" not in rest:
                rest = next(lines, None)
                if rest is not None and (_HEADING.match(rest) or "<!--" in rest):
                    rest = None  # a heading or another comment first: this one was left open
            if rest is None:
                raise EditError("a comment opened with <!-- is not closed with -->")
            line = rest.split("-->", 1)[1]
        if not commented or line.strip():  # a line that held only a comment is left out
            kept.append(line)
    return kept


def from_editable(entry: Entry, text: str) -> Edited:
    """The title, tags and answers (by step key) in `text`, checked as every answer is checked.

    A missing title or tags line leaves the title or tags as they were."""
    text = text.removeprefix("\ufeff")  # some editors add these
    if text.count("\r\n") == text.count("\n"):  # and turn every line ending into CR LF
        text = text.replace("\r\n", "\n")

    preamble: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in _without_comments(text):
        heading = _HEADING.match(line)
        if heading:
            sections.append((heading.group(1).strip(), []))
        elif sections:
            sections[-1][1].append(_unescaped(line))
        else:
            preamble.append(line)

    title, tags = _read_preamble(entry, preamble)
    steps = [item.step for item in entry.steps]
    _check_headings(steps, [name for name, _ in sections])

    answers: dict[str, str] = {}
    for item, (_, body) in zip(entry.steps, sections, strict=True):
        answer = "\n".join(body).strip("\n")
        if answer.strip() == (item.answer or "").strip():
            answers[item.step.key] = item.answer or ""  # unchanged: kept exactly as it was
            continue
        try:
            answers[item.step.key] = normalise(item.step, answer)
        except ValueError as exc:
            raise EditError(f"'{_one_line(item.step.title)}': {exc}") from None
    return Edited(title=title, tags=tags, answers=answers)


def _read_preamble(entry: Entry, lines: list[str]) -> tuple[str, list[str]]:
    title: str | None = None
    tags: list[str] | None = None
    for line in lines:
        if not line.strip():
            continue
        title_match = _TITLE.match(line)
        tags_match = _TAGS.match(line)
        if title_match:
            if title is not None:
                raise EditError("there are two title lines (starting '# ') before the first step")
            title = title_match.group(1).strip()
            if title == _one_line(entry.title):
                title = entry.title  # as it was written: kept exactly
        elif tags_match:
            if tags is not None:
                raise EditError("there are two 'Tags:' lines")
            written = tags_match.group(1).strip()
            if written == _tags_line(entry.tags):
                tags = list(entry.tags)  # as it was written: kept exactly
            else:
                tags = clean_tags(written.split(","))
        else:
            shown = line.strip()
            if len(shown) > 40:
                shown = shown[:39] + "…"
            raise EditError(
                f"there is text before the first '## ' heading ('{shown}'); "
                "only the title and the Tags line go there"
            )
    return (
        entry.title if title is None else title,
        list(entry.tags) if tags is None else tags,
    )


def _check_headings(steps: list[Step], found: list[str]) -> None:
    """The `## ` headings must be the entry's step titles, each once, in order."""
    expected = [_one_line(step.title) for step in steps]
    for position, name in enumerate(expected):
        if position >= len(found):
            raise EditError(f"the heading '## {name}' is missing")
        here = found[position]
        if _same(here, name):
            continue
        if not any(_same(here, other) for other in expected):
            raise EditError(
                f"'## {here}' is not one of this entry's headings ('## {name}' should be here)"
            )
        if any(_same(here, other) for other in expected[:position]):
            raise EditError(f"the heading '## {here}' is there twice")
        if any(_same(name, other) for other in found[position:]):
            raise EditError(
                f"the headings are not in their order: '## {name}' should come next, "
                f"not '## {here}'"
            )
        raise EditError(f"the heading '## {name}' is missing")
    if len(found) > len(expected):
        extra = found[len(expected)]
        if any(_same(extra, other) for other in expected):
            raise EditError(f"the heading '## {extra}' is there twice")
        raise EditError(
            f"'## {extra}' is not one of this entry's headings "
            "(a line starting '## ' is read as a heading)"
        )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _guide(step: Step) -> str:
    """The question as it was asked, with what a valid answer looks like."""
    question = step.question or step.title
    if step.kind == "scale":
        labels = "; ".join(f"{k} {v}" for k, v in sorted(step.labels.items()))
        extra = f"a whole number from {step.min} to {step.max}" + (f": {labels}" if labels else "")
        return f"{question} ({extra})"
    if step.kind == "choice":
        return f"{question} (one of: {', '.join(step.choices)})"
    if step.kind == "choices":
        return f"{question} (any of: {', '.join(step.choices)}; one per line)"
    if step.kind == "actions" and "per line" not in question:
        return f"{question} (one action per line)"
    if step.kind == "line":
        return f"{question} (one line)"
    return question


def _comment(text: str) -> str:
    return "<!-- " + _one_line(text).replace("-->", "->") + " -->"


