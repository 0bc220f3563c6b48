"""Every built-in framework in prompts/: it validates, can be written with, and credits its model.

The tests run over whatever files prompts/ holds, so a newly added framework is covered without
changing this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect_cli.core import paths
from reflect_cli.core.frameworks import FrameworkFileError, load_file
from reflect_cli.model import Framework, Step

BUILTIN_FILES = sorted(paths.builtin_prompts_dir().glob("*.yaml"))
NEW_IN_THIS_ISSUE = ["driscoll", "johns", "kolb", "aar", "schon", "kindness"]


def unknown_kind_reason(path: Path) -> str | None:
    """Why `path` cannot be loaded yet if the only problem is a step kind this reflect does not
    know (another framework may arrive before its new kind of step does); else None."""
    try:
        load_file(path, builtin=True)
    except FrameworkFileError as exc:
        if all("unknown kind" in p.message for p in exc.problems):
            return "; ".join(str(p) for p in exc.problems)
    return None


def loaded(path: Path) -> Framework:
    """The built-in framework in `path`, or a skip naming the step kind not known yet."""
    reason = unknown_kind_reason(path)
    if reason:
        pytest.skip(f"{path.stem} uses a step kind reflect does not know yet: {reason}")
    return load_file(path, builtin=True)


def builtin(framework_id: str) -> Framework:
    return load_file(paths.builtin_prompts_dir() / f"{framework_id}.yaml", builtin=True)


def answer_for(step: Step) -> tuple[object, str] | None:
    """A valid answer for `step` as given in an answers file, and as it should be stored; None
    for a kind of step this test does not know how to answer."""
    if step.kind == "text":
        text = f"About {step.key}.\nA second line."
        return text, text
    if step.kind == "line":
        return f"One line for {step.key}", f"One line for {step.key}"
    if step.kind == "choice":
        return step.choices[-1], step.choices[-1]
    if step.kind == "choices":  # several choices: stored one per line, in the file's order
        picked = list(dict.fromkeys([step.choices[0], step.choices[-1]]))
        return picked, "\n".join(picked)
    if step.kind == "scale":
        return step.max, str(step.max)
    if step.kind == "actions":
        return f"First step for {step.key}\nSecond step", f"First step for {step.key}\nSecond step"
    return None


# -- every file --------------------------------------------------------------------------------


def test_the_new_frameworks_are_built_in() -> None:
    assert {p.stem for p in BUILTIN_FILES} >= {"gibbs", "rolfe", "quick", *NEW_IN_THIS_ISSUE}


def test_every_builtin_file_validates(cli) -> None:
    files = [p for p in BUILTIN_FILES if not unknown_kind_reason(p)]
    result = cli("frameworks", "validate", *map(str, files))
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": ok (") == len(files)


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.stem)
def test_builtin_credits_its_source_and_asks_questions(path: Path) -> None:
    framework = loaded(path)
    assert framework.id == path.stem
    assert framework.name.strip()
    assert framework.description.strip()
    assert framework.source.strip()
    for step in framework.steps:
        assert step.question.strip().endswith("?"), (step.key, step.question)


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.stem)
def test_write_with_every_builtin(cli, exported, path: Path, tmp_path: Path) -> None:
    framework = loaded(path)
    given: dict[str, object] = {}
    stored: dict[str, str] = {}
    for step in framework.steps:
        answer = answer_for(step)
        if answer is None:
            if step.required:
                pytest.skip(f"{framework.id}: no test answer yet for a required {step.kind} step")
            stored[step.key] = ""  # left out: saved empty
            continue
        given[step.key], stored[step.key] = answer
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(given), encoding="utf-8")

    result = cli("write", framework.id, "--answers", str(answers))
    assert result.exit_code == 0, result.output

    raw = cli("export")
    assert raw.exit_code == 0, raw.output
    (entry,) = json.loads(raw.stdout)["entries"]
    assert entry["framework"] == framework.id
    assert [s["key"] for s in entry["steps"]] == [s.key for s in framework.steps]
    for saved, step in zip(entry["steps"], framework.steps, strict=True):
        assert saved["question"] == step.question
        assert saved["title"] == step.title
        assert saved["kind"] == step.kind
        assert saved["answer"] == stored[step.key], step.key
    action_steps = [s for s in framework.steps if s.kind == "actions" and s.key in given]
    assert len(entry["actions"]) == 2 * len(action_steps)
    assert all(a["done_at"] is None for a in entry["actions"])
    if framework.step("mood") and framework.step("mood").kind == "scale":
        assert entry["mood"] == framework.step("mood").max


# -- the frameworks added for clinical practice ------------------------------------------------


@pytest.mark.parametrize("framework_id", NEW_IN_THIS_ISSUE)
def test_new_framework_shape(framework_id: str) -> None:
    framework = builtin(framework_id)
    assert framework.steps[-1].kind == "actions"
    assert any("action" in hint for hint in framework.steps[-1].hints)
    for step in framework.steps:
        assert step.title.strip()
        assert len(step.hints) <= 6, step.key
        if step.kind in ("text", "actions"):
            assert len(step.hints) >= 3, step.key
        for hint in step.hints:
            assert hint.endswith(("?", ".")), hint


def test_step_keys() -> None:
    assert [s.key for s in builtin("driscoll").steps] == ["what", "so_what", "now_what"]
    assert [s.key for s in builtin("johns").steps] == [
        "looking_in", "looking_out", "aesthetics", "personal", "ethics", "empirics",
        "reflexivity", "next_time"]
    assert [s.key for s in builtin("kolb").steps] == [
        "concrete_experience", "reflective_observation", "abstract_conceptualisation",
        "active_experimentation"]
    assert [s.key for s in builtin("aar").steps] == ["planned", "happened", "why", "next_time"]
    assert [s.key for s in builtin("kindness").steps][:3] == ["direction", "what", "changed"]


def test_sources_credit_the_models() -> None:
    assert "Driscoll" in builtin("driscoll").source
    assert "Johns" in builtin("johns").source
    assert "Kolb" in builtin("kolb").source
    assert "After Action Review" in builtin("aar").source
    assert "kindness" in builtin("kindness").source.lower()


def test_aar_is_blame_free() -> None:
    aar = builtin("aar")
    assert "blame-free" in aar.description
    why = aar.step("why")
    assert why is not None
    assert any("what, not who" in hint.lower() for hint in why.hints)


def test_schon_says_its_questions_are_derived() -> None:
    source = builtin("schon").source
    assert "Schön" in source
    assert "1983" in source
    assert "The Reflective Practitioner" in source
    assert "derived" in source


def test_johns_has_the_kindness_prompt() -> None:
    reflexivity = builtin("johns").step("reflexivity")
    assert reflexivity is not None
    assert any("support yourself and others better" in hint for hint in reflexivity.hints)


def test_kindness_directions_stay_words() -> None:
    direction = builtin("kindness").step("direction")
    assert direction is not None
    assert direction.kind == "choice"
    assert direction.choices == ("given", "received", "shown to myself")


def test_gibbs_keeps_its_co_production_hints() -> None:
    gibbs = builtin("gibbs")
    analysis, action_plan = gibbs.step("analysis"), gibbs.step("action_plan")
    assert analysis is not None and action_plan is not None
    assert any("family" in hint and "community" in hint for hint in analysis.hints)
    assert any("part of the change" in hint for hint in action_plan.hints)


def test_the_list_shows_the_new_frameworks(cli) -> None:
    result = cli("frameworks", "--json")
    assert result.exit_code == 0, result.output
    listed = {f["id"]: f for f in json.loads(result.stdout)}
    for framework_id in NEW_IN_THIS_ISSUE:
        assert listed[framework_id]["builtin"] is True
        assert listed[framework_id]["source"]
