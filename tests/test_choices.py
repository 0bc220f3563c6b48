"""The `choices` step kind: pick any number of a step's choices."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest
from typed_keys import keys

from reflect_cli.core import editing, frameworks, session
from reflect_cli.core.answers import normalise, parse_answers
from reflect_cli.core.frameworks import KINDS, FrameworkFileError, load_file
from reflect_cli.core.review import thin_steps
from reflect_cli.core.session import Interrupted, Progress
from reflect_cli.errors import DataError
from reflect_cli.model import Entry, Step, StepAnswer
from reflect_cli.output import markdown
from reflect_cli.output.ask import ask_step
from reflect_cli.output.exporters import get_exporter

FACTORS = Step(
    "factors",
    "Factors",
    "What played a part?",
    kind="choices",
    choices=("staffing/workload", "communication/handover", "equipment", "Other, not listed"),
)
REQUIRED = Step("themes", "Themes", "Which themes?", kind="choices", required=True,
                choices=("Prioritise people", "Preserve safety"))
PROGRESS = Progress(1, 1, "Test")
SPACE, DOWN, ENTER, CTRL_C = " ", "\x1b[B", "\r", "\x03"



def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# -- framework files ---------------------------------------------------------------------------


def test_choices_is_a_kind_and_keeps_its_choices_as_written(tmp_path: Path) -> None:
    assert "choices" in KINDS
    path = write(tmp_path, "mine.yaml", """
        name: Mine
        steps:
          - key: answered
            question: Which?
            kind: choices
            choices: [yes, no, not sure, 3]
        """)
    step = load_file(path).steps[0]
    assert (step.kind, step.choices) == ("choices", ("yes", "no", "not sure", "3"))


@pytest.mark.parametrize(
    ("choices_line", "message"),
    [
        ("", "step 'factors' is a 'choices' step but has no 'choices'"),
        ("    choices: []\n", "'choices' must be a list of options"),
        ("    choices: staffing\n", "'choices' must be a list of options"),
    ],
)
def test_choices_need_a_list_of_choices(tmp_path: Path, choices_line: str, message: str) -> None:
    text = "name: Bad\nsteps:\n  - key: factors\n    question: Which?\n    kind: choices\n"
    path = tmp_path / "bad.yaml"
    path.write_text(text + choices_line, encoding="utf-8")
    with pytest.raises(FrameworkFileError) as caught:
        load_file(path)
    assert [p.message for p in caught.value.problems] == [message]


# -- normalise ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        ["equipment", "staffing/workload"],
        "equipment\nstaffing/workload",
        "Equipment, STAFFING/workload",
        "- equipment\n- staffing/workload\n",
        ["staffing/workload", "equipment", "Equipment"],
    ],
    ids=["list", "lines", "commas-any-case", "bullets", "repeated"],
)
def test_choices_are_stored_one_per_line_in_the_files_order(given) -> None:
    assert normalise(FACTORS, given) == "staffing/workload\nequipment"


def test_a_choice_with_a_comma_in_it_is_read_whole_on_its_own_line() -> None:
    assert normalise(FACTORS, "other, not listed\nequipment") == "equipment\nOther, not listed"


@pytest.mark.parametrize("empty", [None, "", "  \n", [], ["", " "]])
def test_no_choice_is_allowed_unless_required(empty) -> None:
    assert normalise(FACTORS, empty) == ""
    with pytest.raises(ValueError, match="choose at least one"):
        normalise(REQUIRED, empty)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("equipment, weather", "'weather' is not a choice here; choose from: staffing/workload"),
        ({"equipment": True}, "not a mapping"),
        ([["equipment"]], "plain text"),
    ],
)
def test_bad_choices_say_why(given, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        normalise(FACTORS, given)
    assert message in str(caught.value)


def test_answers_file_reports_an_unknown_choice_by_step_key(tmp_path: Path) -> None:
    framework = load_file(write(tmp_path, "f.yaml", """
        name: F
        steps:
          - key: themes
            question: Which themes?
            kind: choices
            choices: [Prioritise people, Preserve safety]
        """))
    assert parse_answers(framework, {"themes": ["preserve safety"]}, "a.yaml") == {
        "themes": "Preserve safety"
    }
    with pytest.raises(DataError) as caught:
        parse_answers(framework, {"themes": "Be nice"}, "a.yaml")
    assert "themes: 'Be nice' is not a choice here" in caught.value.message


# -- the real checkbox prompt ------------------------------------------------------------------


def test_space_ticks_arrow_moves_enter_saves() -> None:
    with keys(SPACE + DOWN + DOWN + SPACE + ENTER):
        assert ask_step(FACTORS, PROGRESS) == "staffing/workload\nequipment"


def test_nothing_ticked_is_a_skip() -> None:
    with keys(ENTER):
        assert ask_step(FACTORS, PROGRESS) == ""


def test_a_required_step_waits_for_a_tick() -> None:
    with keys(ENTER + DOWN + SPACE + ENTER):
        assert ask_step(REQUIRED, PROGRESS) == "Preserve safety"


def test_a_partial_answer_comes_back_ticked() -> None:
    with keys(SPACE + ENTER):  # untick the first, which was ticked before
        answer = ask_step(FACTORS, PROGRESS, "Staffing/workload\nequipment")
    assert answer == "equipment"


def test_ctrl_c_in_a_checkbox_is_an_interrupt() -> None:
    with keys(SPACE + CTRL_C), pytest.raises(Interrupted):
        ask_step(FACTORS, PROGRESS)


def test_a_whole_nmc_account_through_the_real_prompts(store) -> None:
    submit = "\x1b\r"
    typed = (SPACE + ENTER  # activity: CPD
             + "Sepsis study day" + submit + "Escalate early" + submit + "I screen" + submit
             + DOWN + DOWN + SPACE + ENTER  # themes: Preserve safety
             + "Safety first" + submit)
    with keys(typed):
        entry = session.run(store, frameworks.get("nmc"), ask_step)
    answers = {item.step.key: item.answer for item in entry.steps}
    assert answers["activity"] == "CPD"
    assert answers["themes"] == "Preserve safety"
    assert answers["code"] == "Safety first"


# -- entries with a choices answer -------------------------------------------------------------


def entry_with(answer: str) -> Entry:
    return Entry(
        id="0f8e2c8a-5d4e-4c1b-9a53-8e1f4f2b7a10", framework="incident", title="Near miss",
        status="done", created_at="2026-03-01T21:00:00+00:00",
        updated_at="2026-03-01T21:00:00+00:00", mood=None,
        steps=[StepAnswer(FACTORS, 1, answer, True)],
    )


def test_editing_shows_the_choices_and_reads_one_per_line() -> None:
    entry = entry_with("equipment")
    text = editing.to_editable(entry)
    assert ("<!-- What played a part? (any of: staffing/workload, communication/handover, "
            "equipment, Other, not listed; one per line) -->") in text
    more = text.replace("\nequipment", "\nequipment\nStaffing/workload")
    edited = editing.from_editable(entry, more)
    assert edited.answers["factors"] == "staffing/workload\nequipment"
    with pytest.raises(editing.EditError, match="'Factors': 'rota' is not a choice here"):
        editing.from_editable(entry, text.replace("\nequipment", "\nrota"))


def test_a_choices_step_is_never_thin() -> None:
    assert thin_steps([entry_with(""), entry_with("equipment")]) == []


def test_exports_show_the_lines() -> None:
    entry = entry_with("staffing/workload\nequipment")
    assert "- staffing/workload\n- equipment" in markdown.entry_to_markdown(entry)
    data = json.loads(exported("json", entry))
    assert data["entries"][0]["steps"][0]["kind"] == "choices"
    assert data["entries"][0]["steps"][0]["answer"] == "staffing/workload\nequipment"
    assert '"staffing/workload\nequipment"' in exported("csv", entry)


def exported(name: str, *entries: Entry) -> str:
    buffer = io.StringIO()
    get_exporter(name).write(list(entries), buffer)
    return buffer.getvalue()
