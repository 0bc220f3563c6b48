"""End to end through a real pseudo-terminal: the installed `reflect` script driven by pexpect,
then the database file read with plain sqlite3 (what `reflect` stored, not what it says).

Keys as a terminal sends them: Enter is CR, Esc then Enter saves a multi-line answer, the down
arrow moves a select, Ctrl-C is ETX. Each test waits for a prompt before typing into it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

REFLECT = Path(sys.executable).parent / "reflect"
PROMPTS = Path(__file__).parents[1] / "prompts"

ENTER = "\r"
SAVE = "\x1b\r"  # Esc then Enter
DOWN = "\x1b[B"
CTRL_C = "\x03"
TEXT_PROMPT = "Esc then Enter to save"
TIMEOUT = 15

GIBBS = "Gibbs' reflective cycle"
ROLFE = "What? So what? Now what?"
QUICK = "Three-minute reflection"


def terminal_env() -> dict[str, str]:
    """The test's REFLECT_DB / REFLECT_PROMPTS (set by conftest), and a plain terminal whose
    size comes from the pty alone."""
    env = dict(os.environ, TERM="dumb", NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1")
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return env


@pytest.fixture
def spawn() -> Iterator[Any]:
    """Start `reflect ARGS...` in a 100x40 pseudo-terminal; anything left running is killed."""
    children: list[pexpect.spawn] = []

    def start(*args: str) -> pexpect.spawn:
        child = pexpect.spawn(
            str(REFLECT), list(args), env=terminal_env(), dimensions=(40, 100),
            encoding="utf-8", timeout=TIMEOUT,
        )
        child.logfile_read = io.StringIO()
        children.append(child)
        return child

    yield start
    for child in children:
        if not child.closed and child.isalive():
            child.close(force=True)


def transcript(child: pexpect.spawn) -> str:
    return child.logfile_read.getvalue()


def finish(child: pexpect.spawn) -> None:
    """Wait for the program to end and reap it (exitstatus / signalstatus are then set)."""
    child.expect(pexpect.EOF)
    child.close()


def header(child: pexpect.spawn, title: str, position: int, total: int, name: str) -> None:
    """Wait for a step's header line: its title, 'n of N' and the framework's name."""
    child.expect_exact(f"{title}   {position} of {total} · {name}")


def answer_text(child: pexpect.spawn, text: str) -> None:
    """Type a text answer (lines separated by Enter) into the open prompt and save it."""
    child.expect_exact(TEXT_PROMPT)
    child.send(text.replace("\n", ENTER) + SAVE)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def steps_of(db: Path, entry_id: str) -> list[tuple]:
    """(position, key, title, question, answer, answered_at) for each step, in order."""
    return rows(
        db,
        "SELECT position, key, title, question, answer, answered_at FROM steps"
        " WHERE entry_id = ? ORDER BY position",
        (entry_id,),
    )


def the_one_entry(db: Path) -> tuple:
    """(id, framework, title, status, mood) of the only row in entries."""
    found = rows(db, "SELECT id, framework, title, status, mood FROM entries")
    assert len(found) == 1, found
    return found[0]


# -- a. a whole Gibbs entry ------------------------------------------------------------------


def test_gibbs_all_six_stages_are_saved_with_questions_actions_and_tag(spawn, db_path):
    framework = yaml.safe_load((PROMPTS / "gibbs.yaml").read_text(encoding="utf-8"))
    typed = {
        "description": "Handover at 19:00 was rushed\nThe new admission was not mentioned",
        "feelings": "Anxious, then embarrassed",
        "evaluation": "The patient came to no harm; the night team caught it",
        "analysis": "No structure, and I did not want to slow everyone down",
        "conclusion": "A checklist and asking earlier would have helped",
        "action_plan": "Use the SBAR sheet\nAsk for help earlier",
    }
    assert [s["key"] for s in framework["steps"]] == list(typed)

    child = spawn("gibbs", "--title", "Missed handover", "-t", "handover")
    for position, step in enumerate(framework["steps"], start=1):
        header(child, step["title"], position, 6, GIBBS)
        answer_text(child, typed[step["key"]])
    child.expect_exact("Saved: Missed handover")
    child.expect_exact("Actions to track:")
    child.expect_exact("☐ Use the SBAR sheet")
    child.expect_exact("☐ Ask for help earlier")
    child.expect_exact("Tags: handover")
    finish(child)
    output = transcript(child)
    assert child.exitstatus == 0, output
    assert "6 of 6" in output

    entry_id, fw, title, status, _mood = the_one_entry(db_path)
    assert (fw, title, status) == ("gibbs", "Missed handover", "done")
    steps = steps_of(db_path, entry_id)
    assert [(p, k, t, q, a) for p, k, t, q, a, _ in steps] == [
        (position, step["key"], step["title"], step["question"], typed[step["key"]])
        for position, step in enumerate(framework["steps"], start=1)
    ]
    assert all(answered_at for *_, answered_at in steps)
    actions = rows(
        db_path, "SELECT text, done_at FROM actions WHERE entry_id = ? ORDER BY position",
        (entry_id,),
    )
    assert actions == [("Use the SBAR sheet", None), ("Ask for help earlier", None)]
    assert rows(db_path, "SELECT entry_id, tag FROM tags") == [(entry_id, "handover")]


# -- b. killed outright, then listed and resumed -------------------------------------------


def test_rolfe_killed_keeps_given_answers_and_resume_starts_at_the_next_step(spawn, db_path):
    child = spawn("rolfe")
    header(child, "What?", 1, 3, ROLFE)
    answer_text(child, "Relative shouted at clerk")
    header(child, "So what?", 2, 3, ROLFE)
    answer_text(child, "I froze\nI need words ready for this")
    header(child, "Now what?", 3, 3, ROLFE)
    child.kill(signal.SIGKILL)
    finish(child)
    assert child.signalstatus == signal.SIGKILL

    entry_id, fw, _title, status, _mood = the_one_entry(db_path)
    assert (fw, status) == ("rolfe", "draft")
    steps = steps_of(db_path, entry_id)
    assert [(k, a) for _, k, _, _, a, _ in steps] == [
        ("what", "Relative shouted at clerk"),
        ("so_what", "I froze\nI need words ready for this"),
        ("now_what", None),
    ]
    assert [bool(answered_at) for *_, answered_at in steps] == [True, True, False]
    assert rows(db_path, "SELECT count(*) FROM actions") == [(0,)]

    env = dict(os.environ)
    listed = subprocess.run(
        [str(REFLECT), "drafts"], env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert listed.returncode == 0, listed.stderr
    line = next((ln for ln in listed.stdout.splitlines() if ln.startswith(entry_id[:8])), None)
    assert line is not None, listed.stdout
    assert "rolfe" in line
    assert "2 of 3" in line
    assert "Relative shouted at clerk" in line
    assert f"reflect resume {entry_id[:8]}" in listed.stdout
    as_json = subprocess.run(
        [str(REFLECT), "drafts", "--json"], env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert as_json.returncode == 0, as_json.stderr
    [draft] = json.loads(as_json.stdout)
    assert (draft["id"], draft["answered"], draft["steps"], draft["next_step"]) == (
        entry_id, 2, 3, "now_what"
    )

    child = spawn("resume")
    child.expect_exact(f"Carrying on: {ROLFE}")
    child.expect_exact("(2 of 3 answered")
    first_asked = child.expect_exact(
        [f"Now what?   3 of 3 · {ROLFE}", f"   1 of 3 · {ROLFE}", f"   2 of 3 · {ROLFE}"]
    )
    assert first_asked == 0, f"resume asked an answered step again:\n{transcript(child)}"
    answer_text(child, "Call the relative back\nBook a debrief")
    child.expect_exact("Saved: Relative shouted at clerk")
    finish(child)
    assert child.exitstatus == 0, transcript(child)

    assert the_one_entry(db_path)[:4] == (entry_id, "rolfe", "Relative shouted at clerk", "done")
    steps = steps_of(db_path, entry_id)
    assert [(k, a) for _, k, _, _, a, _ in steps] == [
        ("what", "Relative shouted at clerk"),
        ("so_what", "I froze\nI need words ready for this"),
        ("now_what", "Call the relative back\nBook a debrief"),
    ]
    assert all(answered_at for *_, answered_at in steps)
    assert rows(
        db_path, "SELECT text FROM actions WHERE entry_id = ? ORDER BY position", (entry_id,)
    ) == [("Call the relative back",), ("Book a debrief",)]


# -- c. Ctrl-C keeps the text being typed -----------------------------------------------------


def test_quick_ctrl_c_keeps_typed_text_and_resume_offers_it_again(spawn, db_path):
    child = spawn("quick")
    header(child, "Mood", 1, 4, QUICK)
    child.expect_exact("Choose a number")
    child.send(DOWN * 3 + ENTER)  # 1 -> 4 "good"
    header(child, "What mattered", 2, 4, QUICK)
    child.expect_exact(TEXT_PROMPT)
    child.send("A daughter said thank you" + ENTER + "for the night")
    child.expect_exact("for the night")  # echoed: the text is in the box, not submitted
    child.send(CTRL_C)
    child.expect_exact("Stopped.")
    child.expect(r"reflect resume ([0-9a-f]{8})")
    short_id = child.match.group(1)
    finish(child)
    assert child.exitstatus == 130, transcript(child)

    entry_id, fw, _title, status, mood = the_one_entry(db_path)
    assert (fw, status, mood) == ("quick", "draft", 4)
    assert entry_id.startswith(short_id)
    steps = steps_of(db_path, entry_id)
    assert [(k, a, bool(at)) for _, k, _, _, a, at in steps] == [
        ("mood", "4", True),
        ("what_mattered", "A daughter said thank you\nfor the night", False),
        ("kindness", None, False),
        ("tomorrow", None, False),
    ]

    child = spawn("resume", short_id)
    header(child, "What mattered", 2, 4, QUICK)
    child.expect_exact(TEXT_PROMPT)
    child.expect_exact("for the night")  # pre-filled: nothing has been typed this time
    child.send(SAVE)
    header(child, "Kindness", 3, 4, QUICK)
    answer_text(child, "Tea with the team")
    header(child, "Tomorrow", 4, 4, QUICK)
    child.expect_exact(TEXT_PROMPT)
    child.send(SAVE)
    child.expect_exact("Saved: A daughter said thank you")
    finish(child)
    assert child.exitstatus == 0, transcript(child)

    assert the_one_entry(db_path) == (
        entry_id, "quick", "A daughter said thank you", "done", 4
    )
    steps = steps_of(db_path, entry_id)
    assert [(k, a) for _, k, _, _, a, _ in steps] == [
        ("mood", "4"),
        ("what_mattered", "A daughter said thank you\nfor the night"),
        ("kindness", "Tea with the team"),
        ("tomorrow", ""),
    ]
    assert all(answered_at for *_, answered_at in steps)


# -- d. the terminal goes away -----------------------------------------------------------------


def _draft_with_typed_text(child: pexpect.spawn) -> None:
    header(child, "What?", 1, 3, ROLFE)
    answer_text(child, "Night shift, two nurses short")
    header(child, "So what?", 2, 3, ROLFE)
    child.expect_exact(TEXT_PROMPT)
    child.send("Half a thought about staffing")
    child.expect_exact("about staffing")


def _assert_typed_text_kept(db: Path) -> None:
    entry_id, fw, _title, status, _mood = the_one_entry(db)
    assert (fw, status) == ("rolfe", "draft")
    assert [(k, a, bool(at)) for _, k, _, _, a, at in steps_of(db, entry_id)] == [
        ("what", "Night shift, two nurses short", True),
        ("so_what", "Half a thought about staffing", False),
        ("now_what", None, False),
    ]


@pytest.mark.parametrize("stop", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_hangup_or_terminate_signal_keeps_text_typed_but_not_submitted(spawn, db_path, stop):
    """The terminal hanging up, or a shell or session manager ending reflect: the text is kept."""
    child = spawn("rolfe")
    _draft_with_typed_text(child)
    child.kill(stop)
    child.expect_exact("reflect resume")
    finish(child)
    assert child.signalstatus is None, f"{stop.name} should be handled, not kill the process"
    assert child.exitstatus == 130, transcript(child)
    _assert_typed_text_kept(db_path)


def test_closing_the_terminal_keeps_text_typed_but_not_submitted(spawn, db_path):
    """The real thing: the pty master is closed (the kernel then hangs up the session)."""
    child = spawn("rolfe")
    _draft_with_typed_text(child)
    os.close(child.child_fd)
    child.closed = child.ptyproc.closed = True  # the fd is gone; don't let pexpect reuse it
    deadline = time.monotonic() + TIMEOUT
    while os.waitpid(child.pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(child.pid, signal.SIGKILL)
            os.waitpid(child.pid, 0)
            pytest.fail("reflect kept running after its terminal was closed")
        time.sleep(0.05)
    child.ptyproc.terminated = True
    _assert_typed_text_kept(db_path)


# -- e. the quick countdown -----------------------------------------------------------------


def test_quick_shows_a_countdown_that_runs_down(spawn, db_path):
    child = spawn("quick")
    child.expect(rf"Mood   1 of 4 · {QUICK}   ([23]:[0-5]\d) left")
    first = child.match.group(1)
    assert first in ("3:00", "2:59")
    child.expect_exact("Choose a number")
    child.expect_exact("very good")  # the last choice; the countdown bar is below the choices
    child.expect(r"[23]:[0-5]\d(\x1b\[[0-9;]*m)* left")
    time.sleep(2.2)
    child.send(ENTER)
    child.expect(rf"What mattered   2 of 4 · {QUICK}   (\d):([0-5]\d) left")
    left = int(child.match.group(1)) * 60 + int(child.match.group(2))
    assert 170 <= left <= 178, f"{left} s left after about 2 s"
    child.expect_exact(TEXT_PROMPT)
    child.send(CTRL_C)
    finish(child)
    assert child.exitstatus == 130, transcript(child)
    assert re.search(r"reflect resume [0-9a-f]{8}", transcript(child))


# -- f. the window closes under a shell (tmux kill-window, closing a terminal tab) -------------


def _reflect_under_a_shell(db: Path) -> tuple[pexpect.spawn, int]:
    """bash in a pty (the session leader, as in a terminal window), running `reflect rolfe` as
    its job, with one answer saved and text typed into the next. Returns (shell, reflect's pid)."""
    shell = pexpect.spawn(
        "bash", ["--norc", "--noprofile"], env=dict(terminal_env(), PS1="$ "),
        dimensions=(40, 100), encoding="utf-8", timeout=TIMEOUT,
    )
    shell.logfile_read = io.StringIO()
    shell.expect_exact("$ ")
    shell.sendline(f"{REFLECT} rolfe")
    _draft_with_typed_text(shell)
    children = Path(f"/proc/{shell.pid}/task/{shell.pid}/children").read_text().split()
    assert len(children) == 1, children
    return shell, int(children[0])


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    "how", ["close the pty", "hang up the shell's session", "SIGHUP and SIGCONT from the shell"]
)
def test_closing_the_window_under_a_shell_keeps_text_typed(db_path, how):
    shell, reflect_pid = _reflect_under_a_shell(db_path)
    try:
        if how == "hang up the shell's session":
            os.killpg(os.getsid(shell.pid), signal.SIGHUP)  # as tmux does, then the pty goes
        if how == "SIGHUP and SIGCONT from the shell":
            # reflect is held still until its terminal is dead; the kernel then hangs up the
            # shell, which passes SIGHUP and SIGCONT on to its stopped job: every write and read
            # reflect makes after that fails (EIO), the way a slow machine meets a closed window
            os.kill(reflect_pid, signal.SIGSTOP)
            shell.expect_exact("Stopped")
        os.close(shell.child_fd)
        shell.closed = shell.ptyproc.closed = True  # the fd is gone; don't let pexpect reuse it
        deadline = time.monotonic() + TIMEOUT
        while not _gone(reflect_pid):
            if time.monotonic() > deadline:
                os.kill(reflect_pid, signal.SIGKILL)
                pytest.fail("reflect kept running after its window was closed")
            time.sleep(0.05)
    finally:
        with contextlib.suppress(OSError):
            os.kill(shell.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(shell.pid, 0)
        shell.ptyproc.terminated = True
    _assert_typed_text_kept(db_path)


# -- g. a failed edit at a terminal opens the editor again --------------------------------------


@pytest.mark.parametrize("then", ["puts it right", "closes it without a change"])
def test_a_failed_edit_reopens_the_editor_with_the_problem_at_the_top(db_path, tmp_path, then):
    made = subprocess.run(
        [str(REFLECT), "quick", "--answers", "-"], input="mood: 2\nwhat_mattered: A long day\n",
        env=terminal_env(), capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert made.returncode == 0, made.stderr
    [(entry_id,)] = rows(db_path, "SELECT id FROM entries")
    seen = tmp_path / "seen"
    seen.mkdir()
    editor = tmp_path / "editor.py"
    editor.write_text(  # first a mood of 9; once told why, a mood of 4
        f"#!{sys.executable}\n"
        "import pathlib, sys\n"
        f"seen = pathlib.Path({str(seen)!r})\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        "turn = len(list(seen.iterdir()))\n"
        "(seen / str(turn)).write_text(text, encoding='utf-8')\n"
        "old, new = ('-->\\n\\n2\\n', '-->\\n\\n9\\n') if turn == 0 else ('\\n9\\n', '\\n4\\n')\n"
        f"if turn == 0 or {then == 'puts it right'}:\n"
        "    path.write_text(text.replace(old, new), encoding='utf-8')\n"
    )
    editor.chmod(0o755)
    child = pexpect.spawn(
        str(REFLECT), ["edit", entry_id[:8]], env=dict(terminal_env(), VISUAL=str(editor)),
        dimensions=(40, 100), encoding="utf-8", timeout=TIMEOUT,
    )
    child.logfile_read = io.StringIO()
    finish(child)
    first, second = (seen / "0").read_text(), (seen / "1").read_text()
    assert sorted(p.name for p in seen.iterdir()) == ["0", "1"]
    assert not first.startswith("<!-- reflect could not save this")
    top = second.splitlines()[0]
    assert top.startswith("<!-- reflect could not save this: 'Mood': give a whole number")
    assert "\n9\n" in second  # the text as the user left it
    kept = sorted((db_path.parent / "recovered").glob("edit-*.md"))
    if then == "puts it right":
        assert child.exitstatus == 0, transcript(child)
        assert "Saved your changes" in transcript(child)
        assert rows(db_path, "SELECT mood FROM entries") == [(4,)]
        assert kept == []
    else:
        assert child.exitstatus == 1, transcript(child)
        assert "your edited text is kept in" in " ".join(transcript(child).split())
        assert rows(db_path, "SELECT mood FROM entries") == [(2,)]
        assert [k.read_text(encoding="utf-8") for k in kept] == [second]


# -- h. resume first shows what is written so far ------------------------------------------------


def test_resume_shows_a_recap_of_what_was_written_cut_to_the_width(spawn, db_path):
    long_line = "Relative shouted at the clerk [b]about[/b] the wait " + "and more " * 20
    child = spawn("rolfe")
    header(child, "What?", 1, 3, ROLFE)
    answer_text(child, long_line.strip() + "\nA second line, not in the recap")
    header(child, "So what?", 2, 3, ROLFE)
    answer_text(child, "I froze")
    header(child, "Now what?", 3, 3, ROLFE)
    child.kill(signal.SIGKILL)
    finish(child)

    child = spawn("resume")
    child.expect_exact(f"Carrying on: {ROLFE}")
    header(child, "Now what?", 3, 3, ROLFE)
    shown = transcript(child)
    recap = shown[shown.index("So far:") : shown.index("Now what?   3 of 3")]
    lines = [line.rstrip("\r") for line in recap.split("\n") if line.strip()]
    assert lines[0] == "So far:"
    assert lines[1].startswith("  What?: Relative shouted at the clerk [b]about[/b] the wait")
    assert lines[1].endswith("…") and len(lines[1]) <= 100
    assert lines[2] == "  So what?: I froze"
    assert "A second line" not in recap
    child.send(CTRL_C)
    finish(child)
