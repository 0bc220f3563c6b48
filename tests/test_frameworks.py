"""frameworks.py: loading and validating framework files, and finding frameworks by id."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from reflect_cli.core import paths
from reflect_cli.core.frameworks import (
    KINDS,
    FrameworkFileError,
    Problem,
    catalogue,
    get,
    load_file,
)
from reflect_cli.errors import DataError
from reflect_cli.model import Step

BUILTIN_FILES = sorted(paths.builtin_prompts_dir().glob("*.yaml"))

GIBBS_STAGES = ["description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, name: str = "bad.yaml") -> list[Problem]:
    """The problems load_file reports for `text`; fails the test if the file loads."""
    path = write(tmp_path, name, text)
    with pytest.raises(FrameworkFileError) as caught:
        load_file(path)
    for problem in caught.value.problems:
        assert problem.path == path
    return caught.value.problems


def only_problem(tmp_path: Path, text: str) -> Problem:
    found = problems(tmp_path, text)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


# -- the built-in files ------------------------------------------------------------------------


def test_the_builtin_frameworks_are_found() -> None:
    assert {p.stem for p in BUILTIN_FILES} >= {"gibbs", "rolfe", "quick"}


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.stem)
def test_builtin_file_loads(path: Path) -> None:
    framework = load_file(path, builtin=True)
    assert framework.id == path.stem
    assert framework.builtin is True
    assert framework.path == path
    assert framework.name.strip()
    assert framework.source.strip()
    assert framework.steps
    for step in framework.steps:
        assert step.question.strip(), step.key
        assert step.kind in KINDS


def builtin(framework_id: str):
    return load_file(paths.builtin_prompts_dir() / f"{framework_id}.yaml", builtin=True)


def test_gibbs_has_the_six_stages_in_order() -> None:
    gibbs = builtin("gibbs")
    assert [s.key for s in gibbs.steps] == GIBBS_STAGES
    assert [s.kind for s in gibbs.steps] == ["text"] * 5 + ["actions"]
    assert all(s.hints for s in gibbs.steps)


def test_rolfe_now_what_is_actions() -> None:
    rolfe = builtin("rolfe")
    assert [s.key for s in rolfe.steps] == ["what", "so_what", "now_what"]
    now_what = rolfe.step("now_what")
    assert now_what is not None
    assert now_what.kind == "actions"


def test_quick_has_a_time_limit_and_a_mood_scale() -> None:
    quick = builtin("quick")
    assert quick.time_limit == 180
    mood = quick.step("mood")
    assert mood is not None
    assert mood.kind == "scale"
    assert (mood.min, mood.max) == (1, 5)
    assert mood.labels[1] == "very low"
    assert mood.labels[5] == "very good"


# -- malformed files: each problem with its line -----------------------------------------------


def test_not_yaml_at_all(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Bad indentation
        steps:
          - key: what
            question: What happened?
           title: What
        """)
    assert problem.line == 5
    assert problem.message.startswith("not valid YAML")


def test_top_level_is_a_list(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        # a list of steps without the mapping around it
        - key: what
          question: What happened?
        """)
    assert problem.line == 2
    assert "must be a mapping" in problem.message


def test_empty_file(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "")
    assert problem.line == 1
    assert "must be a mapping" in problem.message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Mine
        author: Me
        steps:
          - key: what
            question: What happened?
        """)
    assert problem.line == 2
    assert "unknown key 'author'" in problem.message


def test_missing_steps(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        # a framework with no questions
        name: Mine
        description: Nothing to ask.
        """)
    assert problem.line == 2
    assert "missing 'steps'" in problem.message


@pytest.mark.parametrize("steps", ["[]", "", "just text"])
def test_empty_steps(tmp_path: Path, steps: str) -> None:
    problem = only_problem(tmp_path, f"""
        name: Mine
        description: Nothing to ask.
        steps: {steps}
        """)
    assert problem.line == 3
    assert "'steps' must be a list with at least one step" in problem.message


def test_step_without_key(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Mine
        steps:
          - key: what
            question: What happened?
          - title: No key
            question: So what?
        """)
    assert problem.line == 5
    assert "step without 'key'" in problem.message


def test_bad_step_key(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Mine
        steps:
          - question: What happened?
            key: Bad Key
        """)
    assert problem.line == 4
    assert "step key 'Bad Key' must match [a-z0-9_]+" in problem.message


def test_duplicate_step_keys_point_at_the_second(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Mine
        steps:
          - key: what
            question: What happened?
          - key: so_what
            question: So what?
          - key: what
            question: What else?
        """)
    assert problem.line == 7
    assert "duplicate step key 'what'" in problem.message


def test_unknown_step_key(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Mine
        steps:
          - key: what
            prompt: What happened?
            question: What happened?
        """)
    assert problem.line == 4
    assert "unknown step key 'prompt'" in problem.message


def test_bad_kind(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Mine
        steps:
          - key: what
            question: What happened?
            kind: essay
        """)
    assert problem.line == 5
    assert "unknown kind 'essay'" in problem.message
    assert "text, line, choice, scale, actions" in problem.message


def test_choice_without_choices(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Mine
        steps:
          - key: what
            question: What happened?
          - key: setting
            question: Where?
            kind: choice
        """)
    assert problem.line == 5
    assert "step 'setting' is a choice but has no 'choices'" in problem.message


@pytest.mark.parametrize(("low", "high"), [(5, 5), (5, 1)])
def test_scale_min_not_below_max(tmp_path: Path, low: int, high: int) -> None:
    problem = only_problem(tmp_path, f"""
        name: Mine
        steps:
          - key: mood
            question: How are you?
            kind: scale
            min: {low}
            max: {high}
        """)
    assert problem.line == 3
    assert f"'min' ({low}) must be below its 'max' ({high})" in problem.message


def test_label_outside_the_scale(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, """
        name: Mine
        steps:
          - key: mood
            question: How are you?
            kind: scale
            labels: {1: low, 7: high}
        """)
    assert problem.line == 6
    assert "label 7 is outside 1..5" in problem.message


@pytest.mark.parametrize(
    ("kind", "extra", "line", "belongs"),
    [
        ("choices", "labels: {1: low}", 7, "a scale step"),
        ("choice", "min: 0", 7, "a scale step"),
        ("text", "max: 3", 7, "a scale step"),
        ("scale", "choices: [a, b]", 7, "a choice or choices step"),
    ],
)
def test_a_key_of_another_kind_is_refused(
    tmp_path: Path, kind: str, extra: str, line: int, belongs: str
) -> None:
    """Keys are the design's framework contract: a scale's min, max and labels, a choice's
    choices. Elsewhere they would be silently ignored, so they are refused, named."""
    options = "choices: [ward, clinic]" if kind in ("choice", "choices") else "required: false"
    problem = only_problem(tmp_path, f"""
        name: Mine
        steps:
          - key: setting
            question: Where?
            kind: {kind}
            {options}
            {extra}
        """)
    name = extra.split(":")[0]
    assert problem.line == line
    assert f"'{name}' belongs to {belongs}, and step 'setting' is a {kind} step" in problem.message


@pytest.mark.parametrize("hints", ["One hint, not a list", "[1, 2]", "{a: b}"])
def test_hints_not_a_list_of_text(tmp_path: Path, hints: str) -> None:
    problem = only_problem(tmp_path, f"""
        name: Mine
        steps:
          - key: what
            question: What happened?
            hints: {hints}
        """)
    assert problem.line == 5
    assert "'hints' must be a list of text lines" in problem.message


@pytest.mark.parametrize("limit", ["0", "-30", "three minutes", "1.5", "true"])
def test_time_limit_not_a_positive_whole_number(tmp_path: Path, limit: str) -> None:
    problem = only_problem(tmp_path, f"""
        name: Mine
        time_limit: {limit}
        steps:
          - key: what
            question: What happened?
        """)
    assert problem.line == 2
    assert "'time_limit' must be a whole number of seconds" in problem.message


def test_every_problem_is_reported(tmp_path: Path) -> None:
    found = problems(tmp_path, """
        name: Mine
        colour: blue
        steps:
          - key: what
            question: What happened?
            kind: essay
          - key: setting
            question: Where?
            kind: choice
        """)
    assert [(p.line, p.message.split(" (")[0]) for p in found] == [
        (2, "unknown key 'colour'"),
        (6, "unknown kind 'essay'"),
        (7, "step 'setting' is a choice but has no 'choices'"),
    ]


def test_the_error_names_the_first_problem_and_counts_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", """
        name: Mine
        colour: blue
        size: large
        steps:
          - key: what
            question: What happened?
            kind: essay
        """)
    with pytest.raises(FrameworkFileError) as caught:
        load_file(path)
    assert isinstance(caught.value, DataError)
    assert caught.value.message.startswith(f"{path}:2: unknown key 'colour'")
    assert caught.value.message.endswith("(and 2 more)")
    assert caught.value.hint is not None
    assert f"reflect frameworks validate {path}" in caught.value.hint


def test_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(FrameworkFileError) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (path, 1)
    assert "cannot read the file" in problem.message


def test_yes_and_no_choices_stay_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", """
        name: Mine
        steps:
          - key: consent
            question: Did the patient consent?
            kind: choice
            choices: [yes, no, not sure]
        """)
    step = load_file(path).steps[0]
    assert step.choices == ("yes", "no", "not sure")


# -- every step kind, and the spec stored with a draft -----------------------------------------

ALL_KINDS = """
    id: all_kinds
    name: All kinds
    steps:
      - key: story
        question: What happened?
        hints: [Who was there?, What did you do?]
        required: true
      - key: ward
        kind: line
        title: Ward
      - key: setting
        kind: choice
        question: Where did it happen?
        choices: [ward, clinic, 3]
      - key: stress
        kind: scale
        question: How stressed were you?
        min: 0
        max: 10
        labels: {0: calm, 10: overwhelmed}
      - key: plan
        kind: actions
        question: What will you do?
      - key: factors
        kind: choices
        question: What played a part?
        choices: [staffing, handover, no]
    """


def test_every_kind_loads(tmp_path: Path) -> None:
    framework = load_file(write(tmp_path, "kinds.yaml", ALL_KINDS))
    assert framework.id == "all_kinds"
    assert [s.kind for s in framework.steps] == list(KINDS)
    story, ward, setting, stress, plan, factors = framework.steps
    assert factors.choices == ("staffing", "handover", "no")
    assert story.hints == ("Who was there?", "What did you do?")
    assert story.required is True
    assert ward.required is False
    assert (ward.title, ward.question) == ("Ward", "Ward")
    assert setting.choices == ("ward", "clinic", "3")
    assert (stress.min, stress.max) == (0, 10)
    assert stress.labels == {0: "calm", 10: "overwhelmed"}
    assert plan.title == "Plan"


def test_step_spec_round_trips(tmp_path: Path) -> None:
    framework = load_file(write(tmp_path, "kinds.yaml", ALL_KINDS))
    for step in framework.steps:
        spec = json.loads(json.dumps(step.to_spec()))  # as stored with a draft
        assert Step.from_spec(spec) == step


def test_an_old_spec_with_only_a_key_still_reads() -> None:
    step = Step.from_spec({"key": "what"})
    assert (step.key, step.title, step.question, step.kind) == ("what", "what", "", "text")
    assert (step.min, step.max, step.choices, step.labels) == (1, 5, (), {})


# -- the catalogue: built-in and the user's own ------------------------------------------------

ONE_STEP = """
    name: {name}
    steps:
      - key: only
        question: Just one question?
    """


def test_the_catalogue_holds_the_builtins() -> None:
    found = catalogue()
    assert {"gibbs", "rolfe", "quick"} <= set(found.frameworks)
    assert all(f.builtin for f in found.frameworks.values())
    assert found.broken == {}
    assert get("gibbs").path == paths.builtin_prompts_dir() / "gibbs.yaml"


def test_a_user_file_replaces_the_builtin(prompts_dir: Path) -> None:
    mine = write(prompts_dir, "gibbs.yaml", ONE_STEP.format(name="My Gibbs"))
    gibbs = get("gibbs")
    assert gibbs.builtin is False
    assert gibbs.path == mine
    assert gibbs.name == "My Gibbs"
    assert [s.key for s in gibbs.steps] == ["only"]
    assert get("rolfe").builtin is True


def test_a_user_file_is_found_by_its_id(prompts_dir: Path) -> None:
    mine = write(prompts_dir, "my-file.yaml", "id: ward_round\n" + textwrap.dedent(
        ONE_STEP.format(name="Ward round")))
    framework = get("ward_round")
    assert framework.path == mine
    assert framework.builtin is False
    assert "my-file" not in catalogue().frameworks
    with pytest.raises(DataError):
        get("my-file")


def test_a_broken_user_file_hides_nothing_else(prompts_dir: Path) -> None:
    broken = write(prompts_dir, "broken.yaml", "name: Broken\n")
    good = write(prompts_dir, "good.yaml", ONE_STEP.format(name="Good"))
    found = catalogue()
    assert {"gibbs", "rolfe", "quick", "good"} <= set(found.frameworks)
    assert set(found.broken) == {"broken"}
    assert get("good").path == good
    with pytest.raises(FrameworkFileError) as caught:
        get("broken")
    assert caught.value.problems[0].path == broken
    assert "missing 'steps'" in caught.value.problems[0].message


def test_a_broken_user_replacement_is_not_silently_ignored(prompts_dir: Path) -> None:
    write(prompts_dir, "gibbs.yaml", "name: My Gibbs\nsteps: []\n")
    with pytest.raises(FrameworkFileError):
        get("gibbs")


def test_an_unknown_id_names_what_is_available(prompts_dir: Path) -> None:
    write(prompts_dir, "mine.yaml", ONE_STEP.format(name="Mine"))
    with pytest.raises(DataError) as caught:
        get("nope")
    assert not isinstance(caught.value, FrameworkFileError)
    assert "'nope'" in caught.value.message
    assert caught.value.hint is not None
    available = sorted({"mine", *(p.stem for p in BUILTIN_FILES)})
    assert f"Available: {', '.join(available)}." in caught.value.hint
