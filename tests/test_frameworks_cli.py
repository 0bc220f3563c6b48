"""`reflect frameworks` (list, show, validate) and writing with the user's own framework."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from reflect_cli.core import paths
from reflect_cli.core.frameworks import FrameworkFileError, load_file

GIBBS_TITLES = ["Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"]

ALL_KINDS = """
    id: all_kinds
    name: All five kinds
    description: One step of each kind.
    steps:
      - key: story
        question: What happened?
        hints: [Who was there?]
      - key: place
        kind: line
        question: Which ward?
      - key: setting
        kind: choice
        question: Where did it happen?
        choices: [ward, clinic, theatre]
      - key: mood
        kind: scale
        question: How are you feeling?
        labels: {1: very low, 5: very good}
      - key: plan
        kind: actions
        question: What will you do, one per line?
    """

GOOD_ANSWERS = """
    story: |
      A new admission was not handed over.
      We found out at the drug round.
    place: Ward 3
    setting: Clinic
    mood: 3
    plan: |
      Use the SBAR sheet at every handover
      - Ask nights to do the same
      3. Check the board at 8
    """


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def squeezed(text: str) -> str:
    """`text` without any whitespace, so a path folded by the table still matches."""
    return "".join(text.split())


@pytest.fixture
def all_kinds(prompts_dir: Path) -> Path:
    return write(prompts_dir, "all_kinds.yaml", ALL_KINDS)


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console wide enough that no line is wrapped (see test_validate_lines_are_never_wrapped)."""
    monkeypatch.setenv("COLUMNS", "1000")


# -- reflect frameworks ------------------------------------------------------------------------


def test_list_shows_the_builtins_with_their_files(cli) -> None:
    result = cli("frameworks")
    assert result.exit_code == 0, result.output
    for framework_id in ("gibbs", "rolfe", "quick"):
        path = paths.builtin_prompts_dir() / f"{framework_id}.yaml"
        line = next(ln for ln in result.stdout.splitlines() if ln.startswith(framework_id + " "))
        assert str(path) in line
    assert "Gibbs' reflective cycle" in result.stdout
    assert "(yours)" not in result.stdout
    assert result.stderr == ""


def test_list_json(cli) -> None:
    result = cli("frameworks", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert isinstance(listed, list)
    builtins = sorted(p.stem for p in paths.builtin_prompts_dir().glob("*.yaml"))
    assert [f["id"] for f in listed] == builtins
    assert {"gibbs", "quick", "rolfe"} <= set(builtins)
    by_id = {f["id"]: f for f in listed}
    gibbs = by_id["gibbs"]
    assert {"id", "name", "file", "builtin", "steps"} <= set(gibbs)
    assert gibbs["name"] == "Gibbs' reflective cycle"
    assert gibbs["file"] == str(paths.builtin_prompts_dir() / "gibbs.yaml")
    assert gibbs["builtin"] is True
    assert gibbs["steps"] == [
        "description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"]
    assert by_id["rolfe"]["steps"] == ["what", "so_what", "now_what"]


def test_list_marks_the_users_own(cli, all_kinds: Path, prompts_dir: Path) -> None:
    write(prompts_dir, "gibbs.yaml", """
        name: My Gibbs
        steps:
          - key: only
            question: What happened?
        """)
    result = cli("frameworks")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("(yours)") == 2
    assert squeezed(f"{all_kinds}  (yours)") in squeezed(result.stdout)
    assert squeezed(f"{prompts_dir / 'gibbs.yaml'}  (yours)") in squeezed(result.stdout)
    assert str(paths.builtin_prompts_dir() / "gibbs.yaml") not in result.stdout
    assert str(paths.builtin_prompts_dir() / "rolfe.yaml") in result.stdout

    listed = {f["id"]: f for f in json.loads(cli("frameworks", "--json").stdout)}
    assert listed["all_kinds"]["builtin"] is False
    assert listed["all_kinds"]["file"] == str(all_kinds)
    assert listed["gibbs"]["builtin"] is False
    assert listed["rolfe"]["builtin"] is True


def test_list_mentions_a_broken_file_and_still_lists_the_rest(
    cli, all_kinds: Path, prompts_dir: Path, wide: None
) -> None:
    write(prompts_dir, "broken.yaml", "name: Broken\nsteps: []\n")
    result = cli("frameworks")
    assert result.exit_code == 0, result.output
    assert "broken: could not be loaded" in result.stdout
    assert "'steps' must be a list" in result.stdout
    for framework_id in ("all_kinds", "gibbs", "rolfe", "quick"):
        assert any(ln.startswith(framework_id + " ") for ln in result.stdout.splitlines())

    json_result = cli("frameworks", "--json")
    assert json_result.exit_code == 0, json_result.output
    assert "broken" not in {f["id"] for f in json.loads(json_result.stdout)}


# -- reflect frameworks show -------------------------------------------------------------------


def test_show_gibbs(cli) -> None:
    result = cli("frameworks", "show", "gibbs")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for position, title in enumerate(GIBBS_TITLES, start=1):
        assert any(ln.startswith(f"{position}. {title}") for ln in lines), title
    assert "What happened?" in result.stdout
    assert "When and where did it happen, and who was involved?" in result.stdout
    assert "[action_plan · actions]" in result.stdout
    assert str(paths.builtin_prompts_dir() / "gibbs.yaml") in result.stdout


def test_show_a_users_framework(cli, all_kinds: Path) -> None:
    result = cli("frameworks", "show", "all_kinds")
    assert result.exit_code == 0, result.output
    assert "[mood · scale 1..5]" in result.stdout
    assert "[setting · choice: ward, clinic, theatre]" in result.stdout
    assert "Who was there?" in result.stdout


def test_show_json(cli) -> None:
    result = cli("frameworks", "show", "quick", "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["id"] == "quick"
    assert shown["time_limit"] == 180
    assert shown["file"] == str(paths.builtin_prompts_dir() / "quick.yaml")
    assert shown["source"]
    assert [s["key"] for s in shown["steps"]] == ["mood", "what_mattered", "kindness", "tomorrow"]
    mood = shown["steps"][0]
    assert (mood["kind"], mood["min"], mood["max"]) == ("scale", 1, 5)
    assert mood["labels"]["3"] == "okay"
    assert mood["hints"] == ["There is no right answer; just notice how you are."]
    assert shown["steps"][-1]["kind"] == "actions"

    gibbs = json.loads(cli("frameworks", "show", "gibbs", "--json").stdout)
    assert gibbs["time_limit"] is None
    assert [s["title"] for s in gibbs["steps"]] == GIBBS_TITLES


def test_show_an_unknown_id(cli) -> None:
    result = cli("frameworks", "show", "nope")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "There is no framework called 'nope'" in result.stderr
    builtins = sorted(p.stem for p in paths.builtin_prompts_dir().glob("*.yaml"))
    assert f"Available: {', '.join(builtins)}." in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.splitlines()) <= 2


def test_show_a_broken_user_file(cli, prompts_dir: Path) -> None:
    broken = write(prompts_dir, "broken.yaml", "name: Broken\nkind: text\nsteps: []\n")
    result = cli("frameworks", "show", "broken")
    assert result.exit_code == 1
    assert f"{broken}:2: unknown key 'kind'" in result.stderr
    assert "(and 1 more)" in result.stderr
    assert "Traceback" not in result.output


# -- reflect frameworks validate ---------------------------------------------------------------

BAD = """
    name: Bad
    colour: blue
    steps:
      - key: what
        question: What happened?
        kind: essay
      - key: setting
        question: Where?
        kind: choice
    """


def expected_lines(path: Path) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        load_file(path)
    return [str(problem) for problem in caught.value.problems]


def test_validate_good_files(cli, all_kinds: Path) -> None:
    gibbs = paths.builtin_prompts_dir() / "gibbs.yaml"
    result = cli("frameworks", "validate", str(all_kinds), str(gibbs))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{all_kinds}: ok (all_kinds, 5 steps)",
        f"{gibbs}: ok (gibbs, 6 steps)",
    ]


def test_validate_a_bad_file(cli, tmp_path: Path, wide: None) -> None:
    bad = write(tmp_path, "bad.yaml", BAD)
    result = cli("frameworks", "validate", str(bad))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}:2: unknown key 'colour' (allowed: description, id, name, source, steps, "
        "time_limit)",
        f"{bad}:6: unknown kind 'essay' (use one of: text, line, choice, scale, actions, "
        "choices)",
        f"{bad}:7: step 'setting' is a choice but has no 'choices'",
    ]
    assert "ok" not in result.stdout
    assert "Traceback" not in result.output


def test_validate_several_files_reports_all(cli, tmp_path: Path, all_kinds: Path,
                                            wide: None) -> None:
    bad = write(tmp_path, "bad.yaml", BAD)
    not_yaml = write(tmp_path, "not_yaml.yaml", "name: x\nsteps:\n  - key: a\n   question: q\n")
    result = cli("frameworks", "validate", str(bad), str(all_kinds), str(not_yaml))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        *expected_lines(bad),
        f"{all_kinds}: ok (all_kinds, 5 steps)",
        *expected_lines(not_yaml),
    ]
    assert len(lines) == 5
    assert lines[-1].startswith(f"{not_yaml}:4: not valid YAML")


def test_validate_lines_are_never_wrapped(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # what rich assumes when the output is piped
    bad = write(tmp_path, "bad.yaml", BAD)
    result = cli("frameworks", "validate", str(bad))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == expected_lines(bad)


def test_validate_a_missing_file(cli, tmp_path: Path, wide: None) -> None:
    missing = tmp_path / "missing.yaml"
    result = cli("frameworks", "validate", str(missing))
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output
    assert "Something went wrong inside reflect" not in result.output
    assert str(missing) in result.output
    assert "No such file" in result.output or "cannot read" in result.output


def test_validate_needs_a_file(cli) -> None:
    result = cli("frameworks", "validate")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# -- writing with the user's own framework -----------------------------------------------------


def test_write_with_every_kind(cli, exported, all_kinds: Path, tmp_path: Path) -> None:
    answers = write(tmp_path, "answers.yaml", GOOD_ANSWERS)
    result = cli("write", "all_kinds", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert "Saved" in result.stdout

    raw = cli("export")
    assert raw.exit_code == 0, raw.output
    (entry,) = json.loads(raw.stdout)["entries"]
    assert entry["framework"] == "all_kinds"
    assert entry["title"] == "A new admission was not handed over."
    assert {s["key"]: s["answer"] for s in entry["steps"]} == {
        "story": "A new admission was not handed over.\nWe found out at the drug round.",
        "place": "Ward 3",
        "setting": "clinic",
        "mood": "3",
        "plan": "Use the SBAR sheet at every handover\n- Ask nights to do the same\n"
                "3. Check the board at 8",
    }
    assert entry["steps"][1]["question"] == "Which ward?"
    assert entry["mood"] == 3
    assert [a["text"] for a in entry["actions"]] == [
        "Use the SBAR sheet at every handover",
        "Ask nights to do the same",
        "Check the board at 8",
    ]
    assert all(a["done_at"] is None for a in entry["actions"])


def test_a_scale_not_called_mood_sets_no_mood(cli, exported, prompts_dir: Path,
                                              tmp_path: Path) -> None:
    write(prompts_dir, "stress.yaml", """
        name: Stress
        steps:
          - key: stress
            kind: scale
            question: How stressed?
        """)
    answers = write(tmp_path, "answers.yaml", "stress: 4\n")
    result = cli("write", "stress", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    (entry,) = exported()
    assert entry["steps"][0]["answer"] == "4"
    assert entry["mood"] is None


def test_answers_from_stdin(cli, exported, all_kinds: Path) -> None:
    result = cli("write", "all_kinds", "--answers", "-",
                 input="story: Told on stdin\nmood: 5\nsetting: theatre\n")
    assert result.exit_code == 0, result.output
    (entry,) = exported()
    answers = {s["key"]: s["answer"] for s in entry["steps"]}
    assert answers["story"] == "Told on stdin"
    assert answers["setting"] == "theatre"
    assert answers["place"] == ""
    assert entry["mood"] == 5
    assert entry["actions"] == []


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ("story: ok\ncolour: blue\n", "'colour' is not a step of all_kinds"),
        ("story: ok\nmood: 9\n", "mood: give a whole number from 1 to 5"),
        ("story: ok\nmood: three\n", "mood: give a whole number from 1 to 5"),
        ("story: ok\nsetting: garden\n", "setting: choose one of: ward, clinic, theatre"),
        ("place: |\n  Ward 3\n  Ward 4\n", "place: give a single line"),
    ],
    ids=["unknown-step", "scale-out-of-range", "scale-not-a-number", "choice-not-listed",
         "line-with-two-lines"],
)
def test_bad_answers(cli, exported, all_kinds: Path, tmp_path: Path, answers: str,
                     expected: str) -> None:
    path = write(tmp_path, "answers.yaml", answers)
    result = cli("write", "all_kinds", "--answers", str(path))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "story, place, setting, mood, plan" in result.stderr
    assert "Traceback" not in result.output
    assert exported() == []


def test_answers_that_are_not_a_mapping(cli, exported, all_kinds: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "answers.yaml", "- just\n- a list\n")
    result = cli("write", "all_kinds", "--answers", str(path))
    assert result.exit_code == 1
    assert "must be a mapping of step key to answer" in result.stderr
    assert exported() == []


def test_a_missing_answers_file(cli, exported, all_kinds: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = cli("write", "all_kinds", "--answers", str(missing))
    assert result.exit_code == 2
    assert f"cannot read {missing}" in result.stderr
    assert "Traceback" not in result.output
    assert exported() == []


def test_writing_with_a_broken_user_file(cli, prompts_dir: Path, tmp_path: Path) -> None:
    broken = write(prompts_dir, "broken.yaml", """
        name: Broken
        steps:
          - key: what
            kind: essay
            question: What happened?
        """)
    answers = write(tmp_path, "answers.yaml", "what: x\n")
    result = cli("write", "broken", "--answers", str(answers))
    assert result.exit_code == 1
    assert f"{broken}:4: unknown kind 'essay'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("typed", ["no", "8:30", "1.10"])
def test_a_plain_answer_is_kept_as_typed(cli, exported, all_kinds: Path, tmp_path: Path,
                                         typed: str) -> None:
    path = write(tmp_path, "answers.yaml", f"place: {typed}\n")
    result = cli("write", "all_kinds", "--answers", str(path))
    assert result.exit_code == 0, result.output
    (entry,) = exported()
    assert entry["steps"][1]["answer"] == typed
