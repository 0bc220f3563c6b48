"""`reflect frameworks new ID`: a commented starter file the user can edit and write with."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from reflect_cli.core import paths
from reflect_cli.core.frameworks import KINDS, load_file

ANSWERS = """\
mood: 4
setting: community
what_happened: |
  A long night with two admissions.
  The team pulled together.
headline: A good team on a hard night
next_time: |
  Take my break before 3am
  Thank the healthcare assistant
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_writes_a_private_starter_that_validates(cli, prompts_dir: Path) -> None:
    result = cli("frameworks", "new", "shift")
    assert result.exit_code == 0, result.output
    path = prompts_dir / "shift.yaml"
    assert path.is_file()
    assert mode(path) == 0o600
    assert f"Created {path}" in result.stdout
    assert f"reflect frameworks validate {path}" in result.stdout
    assert "reflect write shift" in result.stdout
    assert "Note:" not in result.stdout
    assert result.stderr == ""

    checked = cli("frameworks", "validate", str(path))
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.strip() == f"{path}: ok (shift, 6 steps)"


def test_the_starter_shows_every_kind_and_explains_its_keys(cli, prompts_dir: Path) -> None:
    assert cli("frameworks", "new", "shift").exit_code == 0
    path = prompts_dir / "shift.yaml"
    framework = load_file(path)
    assert framework.id == "shift"
    assert sorted({s.kind for s in framework.steps}) == sorted(KINDS)  # every kind there is
    text = path.read_text(encoding="utf-8")
    assert '\nsource: "Adapted from ...' in text
    for key in ("key", "title", "question", "hints", "kind", "required"):
        assert f"  # {key}:" in text, key  # the comment block explaining each step key
    assert "# time_limit:" in text
    for kind in KINDS:
        assert f"kind: {kind} " in text, kind  # each followed by a comment on what it does
        assert kind in text.split("# kind:", 1)[1].split("\n", 1)[0], kind  # and named there
    for step in framework.steps:
        assert step.question.endswith("?"), step.key


def test_write_with_the_starter(cli, exported, prompts_dir: Path, tmp_path: Path) -> None:
    assert cli("frameworks", "new", "shift").exit_code == 0
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = cli("write", "shift", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    (entry,) = exported()
    assert entry["framework"] == "shift"
    assert entry["mood"] == 4
    assert {s["key"]: s["answer"] for s in entry["steps"]}["setting"] == "community"
    assert [a["text"] for a in entry["actions"]] == [
        "Take my break before 3am", "Thank the healthcare assistant"]


def test_new_creates_the_folder_privately(cli, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "config" / "reflect" / "prompts"
    monkeypatch.setenv("REFLECT_PROMPTS", str(folder))
    result = cli("frameworks", "new", "handover")
    assert result.exit_code == 0, result.output
    assert mode(folder) == 0o700
    assert mode(folder / "handover.yaml") == 0o600


def test_new_never_overwrites(cli, prompts_dir: Path) -> None:
    path = prompts_dir / "shift.yaml"
    path.write_text("name: Mine\nsteps:\n  - key: a\n    question: What?\n", encoding="utf-8")
    before = path.read_bytes()
    result = cli("frameworks", "new", "shift")
    assert result.exit_code == 1
    assert str(path) in result.stderr
    assert "already exists" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


def test_new_twice_keeps_the_first(cli, prompts_dir: Path) -> None:
    assert cli("frameworks", "new", "shift").exit_code == 0
    path = prompts_dir / "shift.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("My framework", "Nights"),
                    encoding="utf-8")
    edited = path.read_bytes()
    result = cli("frameworks", "new", "shift")
    assert result.exit_code == 1
    assert path.read_bytes() == edited


def test_new_refuses_an_id_already_used_by_another_file(cli, prompts_dir: Path) -> None:
    other = prompts_dir / "mine.yaml"
    other.write_text("id: shift\nname: Mine\nsteps:\n  - key: a\n    question: What?\n",
                     encoding="utf-8")
    result = cli("frameworks", "new", "shift")
    assert result.exit_code == 1
    assert str(other) in result.stderr
    assert not (prompts_dir / "shift.yaml").exists()


@pytest.mark.parametrize("bad", ["Shift", "night shift", "../escape", "_x", "shift.yaml", "é"])
def test_new_refuses_a_bad_id(cli, prompts_dir: Path, bad: str) -> None:
    result = cli("frameworks", "new", bad)
    assert result.exit_code == 2
    assert "lower-case letters, digits, '-' and '_'" in result.stderr
    assert "Traceback" not in result.output
    assert list(prompts_dir.iterdir()) == []
    assert not (prompts_dir.parent / "escape.yaml").exists()


def test_new_refuses_a_builtin_id_without_force(cli, prompts_dir: Path) -> None:
    result = cli("frameworks", "new", "gibbs")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'gibbs' is a built-in framework" in result.stderr
    assert "would replace it" in result.stderr and "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
    assert list(prompts_dir.iterdir()) == []
    listed = {f["id"]: f for f in json.loads(cli("frameworks", "--json").stdout)}
    assert listed["gibbs"]["builtin"] is True


def test_new_with_a_builtin_id_and_force_says_it_replaces_it(cli, prompts_dir: Path) -> None:
    result = cli("frameworks", "new", "gibbs", "--force")
    assert result.exit_code == 0, result.output
    assert "replaces" in result.stdout
    assert "built-in" in result.stdout
    path = prompts_dir / "gibbs.yaml"
    assert path.is_file()
    listed = {f["id"]: f for f in json.loads(cli("frameworks", "--json").stdout)}
    assert listed["gibbs"]["builtin"] is False
    assert listed["gibbs"]["file"] == str(path)
    assert (paths.builtin_prompts_dir() / "gibbs.yaml").is_file()


def test_new_has_help_with_an_example(cli) -> None:
    result = cli("frameworks", "new", "--help")
    assert result.exit_code == 0
    assert "Example: reflect frameworks new shift" in result.stdout
