"""`editing`: an entry as Markdown for a text editor, and reading the edited text back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect_cli.core.editing import EditError, from_editable, to_editable
from reflect_cli.model import Entry, Step, StepAnswer, action_lines

STEPS = (
    Step("mood", "How are you feeling?", "How are you now?", kind="scale", labels={1: "very low"}),
    Step("description", "Description", "What happened?"),
    Step("feelings", "Feelings", "What were you feeling?"),
    Step("setting", "Setting", "Where was it?", kind="choice", choices=("ward", "clinic")),
    Step("headline", "Headline", "One line to remember it by?", kind="line"),
    Step("action_plan", "Action plan", "What will you do next time?", kind="actions"),
)


def make_entry(answers: dict[str, str] | None = None, title="Missed handover", tags=("nights",)):
    answers = answers or {}
    return Entry(
        id="0f8e2c8a-5d4e-4c1b-9a53-8e1f4f2b7a10",
        framework="mine",
        title=title,
        status="done",
        created_at="2026-11-20T21:14:00+03:00",
        updated_at="2026-11-20T21:14:00+03:00",
        mood=None,
        tags=list(tags),
        steps=[
            StepAnswer(step, position, answers.get(step.key, ""), True)
            for position, step in enumerate(STEPS, start=1)
        ],
    )


FILLED = {
    "mood": "3",
    "description": "A new admission was not handed over.\n\nWe found it at 2 a.m.",
    "feelings": "Worried, then relieved.",
    "setting": "ward",
    "headline": "Check the board",
    "action_plan": "Use the SBAR sheet\nAsk the night team",
}


def test_the_file_shows_title_tags_a_note_and_each_step_under_its_heading() -> None:
    text = to_editable(make_entry(FILLED, tags=("nights", "handover")))
    lines = text.splitlines()
    assert lines[0] == "# Missed handover"
    assert lines[1] == "Tags: nights, handover"
    assert lines[3].startswith("<!--") and "## headings" in lines[3]
    at = lines.index("## Description")
    assert lines[at + 1] == "<!-- What happened? -->"
    assert lines[at + 3 : at + 6] == FILLED["description"].splitlines()
    assert "<!-- How are you now? (a whole number from 1 to 5: 1 very low) -->" in lines
    assert "<!-- Where was it? (one of: ward, clinic) -->" in lines
    assert "<!-- What will you do next time? (one action per line) -->" in lines
    assert lines[-2:] == ["Use the SBAR sheet", "Ask the night team"]
    assert [line for line in lines if line.startswith("## ")] == [f"## {s.title}" for s in STEPS]


def test_unchanged_text_gives_everything_back() -> None:
    entry = make_entry(FILLED)
    edited = from_editable(entry, to_editable(entry))
    assert edited.answers == FILLED
    assert edited.title == "Missed handover" and edited.tags == ["nights"]


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_changed_answers_title_and_tags_are_read() -> None:
    entry = make_entry(FILLED)
    text = to_editable(entry)
    text = replace(text, "Worried, then relieved.", "\n\n  Calmer now.\nStill tired.  \n\n")
    text = replace(text, "# Missed handover", "#   A better title  ")
    text = replace(text, "Tags: nights", "tags: Nights, #Handover, , handover")
    text = replace(text, "-->\n\n3\n", "-->\n\n 5 \n")
    edited = from_editable(entry, text)
    assert edited.answers["feelings"] == "Calmer now.\nStill tired."
    assert edited.answers["mood"] == "5"
    assert edited.title == "A better title"
    assert edited.tags == ["nights", "handover"]


def test_missing_title_and_tags_lines_keep_them_as_they_were() -> None:
    entry = make_entry(FILLED)
    text = to_editable(entry).replace("# Missed handover\n", "").replace("Tags: nights\n", "")
    edited = from_editable(entry, text)
    assert (edited.title, edited.tags) == ("Missed handover", ["nights"])


def test_headings_match_ignoring_case_and_spacing_and_crlf_and_bom_are_fine() -> None:
    entry = make_entry(FILLED)
    text = replace(to_editable(entry), "## Action plan", "##   action   PLAN ")
    edited = from_editable(entry, "\ufeff" + text.replace("\n", "\r\n"))
    assert edited.answers == FILLED


def test_comments_the_user_adds_are_left_out() -> None:
    """A comment starts a line; `<!--` inside a line is text (it may be part of an answer)."""
    entry = make_entry(FILLED)
    text = replace(
        to_editable(entry),
        "Worried, then relieved.",
        "Worried <!-- not really --> then relieved.\n<!-- a note\nover two lines -->\nSorted."
        "\n  <!-- one more -->\n<!-- and --> kept",
    )
    assert from_editable(entry, text).answers["feelings"] == (
        "Worried <!-- not really --> then relieved.\nSorted.\n kept"
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("## Feelings", "## How I felt"), "'## How I felt' is not one of this entry's headings"),
        (("## Feelings", "## Feelings\n## Feelings"), "'## Feelings' is there twice"),
        (("## Feelings\n", ""), "'## Feelings' is missing"),
        (("## Setting", "## Feelings"), "the heading '## Feelings' is there twice"),
        (("## Headline", "## Headline\n## Extra"), "'## Extra' is not one of"),
        (("Tags: nights", "Tags: nights\nA stray line"), "text before the first '## ' heading"),
        (("# Missed handover", "# One\n# Two"), "two title lines"),
        (("Worried, then", "<!-- Worried, then"), "not closed"),
        (("-->\n\n3\n", "-->\n\nthree\n"), "'How are you feeling?': give a whole number from 1"),
        (("-->\n\nward\n", "-->\n\nmoon\n"), "'Setting': choose one of: ward, clinic"),
        (("Check the board", "Check\nthe board"), "'Headline': give a single line"),
    ],
)
def test_text_that_cannot_be_read_back_says_why(change: tuple[str, str], reason: str) -> None:
    entry = make_entry(FILLED)
    with pytest.raises(EditError, match=reason.replace("?", r"\?").replace("(", r"\(")) as caught:
        from_editable(entry, replace(to_editable(entry), *change))
    assert caught.value.reason


def test_moved_heading_is_reported_as_out_of_order() -> None:
    entry = make_entry(FILLED)
    text = to_editable(entry)
    head, _, rest = text.partition("## Feelings\n")
    feelings, _, tail = rest.partition("## Setting\n")
    swapped = head + "## Setting\n" + tail.split("## Headline\n")[0]
    swapped += "## Feelings\n" + feelings + "## Headline\n" + tail.split("## Headline\n")[1]
    with pytest.raises(EditError, match="'## Feelings' should come next"):
        from_editable(entry, swapped)


def test_a_required_answer_cannot_be_emptied() -> None:
    required = Step("what", "What?", "What happened?", required=True)
    entry = make_entry()
    entry.steps = [StepAnswer(required, 1, "Something", True)]
    text = to_editable(entry).replace("Something", "")
    with pytest.raises(EditError, match="'What\\?': an answer is needed here"):
        from_editable(entry, text)


# -- property: what the user types under a heading comes back as the answer -----------------


# Lines that mean something in the edit format, or in Markdown, or to an editor.
_TRICKY_LINES = (
    "## Kindness", "## Feelings", "##", "# A title", "#", "   ## Description", "\\## escaped",
    "\\", "\\\\", "<!-- my own note -->", "<!--", "-->", " <!-- a", "b -->", "---", "- [ ]",
    "- [x] done", "Tags: nights", "", "   ", "trailing spaces   ", "\r", "a\rb", "line\r",
)


def _answer_text() -> st.SearchStrategy[str]:
    """Any text an answer could hold: lines that look like headings, comments, rules, task
    boxes, escapes, blank or space-only lines, carriage returns, and anything at all."""
    line = st.one_of(st.sampled_from(_TRICKY_LINES), st.text(max_size=30))
    return st.one_of(st.lists(line, max_size=8).map("\n".join), st.text())


_tags = st.lists(st.text(max_size=12), max_size=4)
_title = st.text()


@settings(max_examples=80, deadline=None)
@given(
    description=_answer_text(),
    feelings=_answer_text(),
    actions=_answer_text(),
    mood=st.sampled_from(["", "1", "2", "3", "4", "5"]),
    title=_title,
    tags=_tags,
)
def test_unchanged_text_round_trips_exactly(
    description: str, feelings: str, actions: str, mood: str, title: str, tags: list[str]
) -> None:
    answers = {"description": description, "feelings": feelings, "action_plan": actions}
    answers |= {"mood": mood, "setting": "clinic", "headline": "One line"}
    entry = make_entry(answers, title=title, tags=tags)
    edited = from_editable(entry, to_editable(entry))
    assert edited.answers == answers
    assert (edited.title, edited.tags) == (title, tags)
    assert action_lines(edited.answers["action_plan"]) == action_lines(actions)


@settings(max_examples=80, deadline=None)
@given(
    description=_answer_text().map(str.strip),
    feelings=_answer_text().map(str.strip),
    actions=_answer_text().map(str.strip),
)
def test_answers_typed_into_an_empty_entry_are_read_back(
    description: str, feelings: str, actions: str
) -> None:
    typed = {"description": description, "feelings": feelings, "action_plan": actions}
    empty = make_entry()
    filled = make_entry(typed)
    edited = from_editable(empty, to_editable(filled))
    assert {key: edited.answers[key] for key in typed} == typed
