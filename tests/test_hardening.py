"""Failures that must not lose what was written: a busy, read-only, full or damaged journal, a
framework changed under a draft, odd bytes on stdin, very long answers, and many writers."""

from __future__ import annotations

import gc
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typed_keys import CTRL_C, SUBMIT, keys

from reflect_cli.core import recovery
from reflect_cli.db.store import Store

WRITABLE_OPEN = Store.__dict__["open"]
KEPT = re.compile(r"kept in (\S+?)\.(?:\s|$)")

SHIFT = """\
name: End of shift
steps:
  - key: first
    title: First
    question: What happened first?
  - key: second
    title: Second
    question: What happened next?
  - key: third
    title: Third
    question: What will you do tomorrow?
"""

SHIFT_EDITED = """\
name: End of shift (new)
steps:
  - key: opening
    title: Opening
    question: A completely different question?
"""



def kept_file(stderr: str) -> Path:
    """The recovery file an error message points to."""
    found = KEPT.search(stderr)
    assert found, stderr
    return Path(found.group(1))


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def settle(db_path: Path) -> None:
    """Close the connections in-process commands left open, and fold the WAL into the file."""
    gc.collect()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    conn.close()


def drafts(cli) -> list[dict]:
    return json.loads(cli("drafts", "--json").stdout)


@pytest.fixture
def terminal(cli) -> None:
    cli.terminal = True


# -- a database locked by a long writer -----------------------------------------------------


@pytest.fixture
def held(db_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """The journal with one entry, and another connection holding its write lock."""
    assert cli("quick", "first").exit_code == 0
    monkeypatch.setenv("REFLECT_BUSY_TIMEOUT", "0.3")
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()


def test_a_busy_journal_waits_then_says_so_and_keeps_the_text(cli, held, exported) -> None:
    started = time.monotonic()
    result = cli("quick", "-", input="Second thoughts about the handover")
    waited = time.monotonic() - started
    held.execute("ROLLBACK")
    assert result.exit_code == 1
    assert "The database is busy" in result.stderr and "Traceback" not in result.output
    assert waited >= 0.3
    kept = kept_file(result.stderr)
    assert kept.read_text() == "Second thoughts about the handover\n" and private(kept)
    assert [e["steps"][0]["answer"] for e in exported()] == ["first"]  # nothing half-written
    assert drafts(cli) == []


def test_a_busy_journal_for_other_writes_is_a_clear_message(cli, held) -> None:
    result = cli("rolfe", "--answers", "-", input="what: x\n")
    assert result.exit_code == 1 and "The database is busy" in result.stderr
    assert "reflect write rolfe --answers" in result.stderr


def test_a_writer_that_finishes_in_time_is_waited_for(
    cli, held, exported, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFLECT_BUSY_TIMEOUT", "10")
    threading.Timer(0.3, lambda: held.execute("COMMIT")).start()
    result = cli("quick", "after the wait")
    assert result.exit_code == 0, result.output
    assert len(exported()) == 2


# -- read-only journal, full disk -----------------------------------------------------------


@pytest.fixture
def read_only(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal that opens but cannot be written (as a read-only file does, even for root)."""
    assert cli("quick", "already there").exit_code == 0
    real_open = Store.open.__func__

    def open_read_only(cls, path):
        store = real_open(cls, path)
        store.db.conn.execute("PRAGMA query_only = ON")
        return store

    monkeypatch.setattr(Store, "open", classmethod(open_read_only))


def test_read_only_quick_text_is_kept_in_a_private_file(cli, read_only, db_path, exported) -> None:
    result = cli("quick", "A kind word from the porter")
    assert result.exit_code == 1
    assert "read-only" in result.stderr and "Traceback" not in result.output
    kept = kept_file(result.stderr)
    assert kept.parent == db_path.parent / "recovered"
    assert kept.read_text() == "A kind word from the porter\n"
    assert private(kept) and stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert "reflect quick - <" in result.stderr


def test_read_only_answers_are_kept_and_can_be_saved_later(
    cli, read_only, exported, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = (
        "description: |\n  A new admission was not handed over.\n  We found it at midnight.\n"
        "feelings: 'no'\n"
        "action_plan:\n  - Use the SBAR sheet\n  - Ask for help early\n"
    )
    result = cli("gibbs", "--answers", "-", input=answers)
    assert result.exit_code == 1 and "read-only" in result.stderr
    kept = kept_file(result.stderr)
    assert kept.suffix == ".yaml" and private(kept)
    assert "reflect write gibbs --answers" in result.stderr
    assert exported() and all(e["framework"] == "quick" for e in exported())

    monkeypatch.setattr(Store, "open", WRITABLE_OPEN)  # the journal can be written again
    again = cli("write", "gibbs", "--answers", str(kept))
    assert again.exit_code == 0, again.output
    (entry,) = [e for e in exported() if e["framework"] == "gibbs"]
    answers = {s["key"]: s["answer"] for s in entry["steps"]}
    assert answers["description"] == (
        "A new admission was not handed over.\nWe found it at midnight."
    )
    assert answers["feelings"] == "no"
    assert [a["text"] for a in entry["actions"]] == ["Use the SBAR sheet", "Ask for help early"]


def test_an_interactive_answer_that_cannot_be_saved_is_kept(
    cli, read_only, terminal, exported
) -> None:
    with keys("The night was long" + SUBMIT):
        result = cli("rolfe")
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    kept = kept_file(result.stderr)
    assert kept.read_text() == "What happened?\n\nThe night was long\n"
    assert private(kept)
    assert "reflect write rolfe" in result.stderr


def test_disk_full_mid_session_keeps_the_draft_and_the_answer(
    cli, terminal, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first answer is in the draft; the second, when the disk fills up, is in a file."""
    calls = {"n": 0}
    real_save = Store.save_answer

    def save_until_full(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            self.db.conn.execute(
                "PRAGMA max_page_count = "
                + str(self.db.conn.execute("PRAGMA page_count").fetchone()[0])
            )
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_answer", save_until_full)
    with keys("What happened" + SUBMIT + "So what: " + "a lot to think about " * 250 + SUBMIT):
        result = cli("rolfe")
    assert result.exit_code == 1, result.output
    assert "disk is full" in result.stderr
    kept = kept_file(result.stderr)
    assert "a lot to think about" in kept.read_text()
    (draft,) = drafts(cli)
    assert draft["answered"] == 1
    assert f"reflect resume {draft['id'][:8]}" in result.stderr


def test_disk_full_for_a_long_quick_text(cli, db_path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("quick", "small").exit_code == 0
    real_open = Store.open.__func__

    def open_full(cls, path):
        store = real_open(cls, path)
        pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
        store.db.conn.execute(f"PRAGMA max_page_count = {pages}")
        return store

    monkeypatch.setattr(Store, "open", classmethod(open_full))
    text = "A long reflection on a hard week. " * 3000
    result = cli("quick", "-", input=text)
    assert result.exit_code == 1
    assert "disk is full" in result.stderr
    assert kept_file(result.stderr).read_text() == text.strip() + "\n"


def test_an_edit_that_cannot_be_saved_is_kept(
    cli, read_only, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        f"#!{sys.executable}\nimport sys\n"
        "open(sys.argv[-1], 'a', encoding='utf-8').write('\\nA thought added later\\n')\n"
    )
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    entry_id = json.loads(cli("list", "--json").stdout)[0]["id"]
    result = cli("edit", entry_id[:8])
    assert result.exit_code == 1 and "read-only" in result.stderr
    kept = kept_file(result.stderr)
    assert "A thought added later" in kept.read_text() and "already there" in kept.read_text()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_really_read_only_file(cli, db_path: Path) -> None:
    assert cli("quick", "first").exit_code == 0
    settle(db_path)
    os.chmod(db_path, 0o400)
    try:
        result = cli("quick", "second")
    finally:
        os.chmod(db_path, 0o600)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "second" in kept_file(result.stderr).read_text()


def test_when_recovered_cannot_be_made_a_private_temp_folder_is_used(
    cli, read_only, db_path: Path
) -> None:
    (db_path.parent / "recovered").write_text("in the way")
    result = cli("quick", "Still safe")
    assert result.exit_code == 1
    kept = kept_file(result.stderr)
    assert kept.parent.name.startswith("reflect-recovered-")
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert kept.read_text() == "Still safe\n"


def test_when_nothing_can_be_written_the_text_is_printed_back(
    cli, read_only, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recovery, "_write_new", no_space)
    result = cli("quick", "Copy me before it is gone")
    assert result.exit_code == 1
    assert "Copy me before it is gone" in result.stderr
    assert "printed above" in result.stderr


# -- a corrupt file ---------------------------------------------------------------------------


def _damage(cli, db_path: Path, how: str) -> None:
    if how == "garbage":
        db_path.parent.mkdir(parents=True, mode=0o700)
        db_path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
        return
    for i in range(30):
        assert cli("quick", f"entry {i} " + "words " * 200).exit_code == 0
    settle(db_path)
    db_path.write_bytes(db_path.read_bytes()[: db_path.stat().st_size // 2])


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_a_corrupt_file_gets_a_clear_message_from_every_command(
    cli, db_path: Path, tmp_path: Path, how: str
) -> None:
    _damage(cli, db_path, how)
    before = db_path.read_bytes()
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "reflect-export", "version": 1, "entries": []}))
    commands = [
        (), ("quick", "text"), ("rolfe", "--answers", "-"), ("list",), ("show", "abcdef12"),
        ("search", "words"), ("review",), ("actions",), ("actions", "done", "abcdef12"),
        ("export",), ("import", str(export)), ("drafts",), ("resume",), ("edit", "abcdef12"),
        ("delete", "abcdef12", "--yes"), ("backup",), ("doctor",),
    ]
    for args in commands:
        result = cli(*args, input="what: x\n")
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        message = result.stderr if args != ("doctor",) else result.stdout
        assert "damaged" in message or "malformed" in message or "not a database" in message, (
            args,
            result.output,
        )
    assert db_path.read_bytes() == before


# -- a framework changed between a draft and its resumption -----------------------------------


@pytest.mark.parametrize("change", ["edited", "deleted", "broken"])
def test_a_draft_resumes_with_its_own_questions(
    cli, terminal, prompts_dir: Path, exported, change: str
) -> None:
    framework = prompts_dir / "shift.yaml"
    framework.write_text(SHIFT)
    with keys("The ward was calm" + SUBMIT + CTRL_C):
        stopped = cli("write", "shift")
    assert stopped.exit_code == 130, stopped.output
    if change == "edited":
        framework.write_text(SHIFT_EDITED)
    elif change == "deleted":
        framework.unlink()
    else:
        framework.write_text("name: [unclosed\n")
    with keys("Then a call came" + SUBMIT + "Rest" + SUBMIT):
        resumed = cli("resume")
    assert resumed.exit_code == 0, resumed.output
    assert "What happened next?" in resumed.stdout
    (entry,) = exported()
    assert [(s["question"], s["answer"]) for s in entry["steps"]] == [
        ("What happened first?", "The ward was calm"),
        ("What happened next?", "Then a call came"),
        ("What will you do tomorrow?", "Rest"),
    ]


# -- stdin: odd bytes, very long answers --------------------------------------------------------


@pytest.mark.parametrize("data", [b"caf\xe9 au lait", b"half\x00a line", b"\xff\xfe\x00w"])
def test_bad_bytes_on_stdin_are_refused_and_nothing_is_saved(cli, exported, data: bytes) -> None:
    for args, payload in (
        (("quick", "-"), data),
        (("rolfe", "--answers", "-"), b"what: " + data + b"\n"),
    ):
        result = cli(*args, input=payload)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        assert "UTF-8" in result.stderr or "NUL" in result.stderr, result.stderr
    assert exported() == []
    assert drafts(cli) == []


def big_answer() -> str:
    """About a megabyte of varied text: several lines, accents and emoji, no edge whitespace."""
    line = "Handover at the nurses' station, café break, 🙂 then a long, careful talk — again."
    text = "\n".join(f"{line} line {n} of many" for n in range(12800))
    assert len(text.encode("utf-8")) > 1_000_000
    return text


def test_a_one_megabyte_answer_round_trips_through_quick(cli, exported) -> None:
    text = big_answer()
    result = cli("quick", "-", input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert exported()[0]["steps"][0]["answer"] == text


def test_a_one_megabyte_answer_round_trips_through_answers(
    cli, exported, tmp_path: Path
) -> None:
    text = big_answer()
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"what": text, "so_what": "Much", "now_what": "Rest"}))
    result = cli("rolfe", "--answers", str(answers))
    assert result.exit_code == 0, result.output
    (entry,) = exported()
    assert entry["steps"][0]["answer"] == text


# -- many writers at once ---------------------------------------------------------------------

WRITER = """
import sys
from reflect_cli.cli import main
name = sys.argv[1]
failed = [i for i in range(200) if main(["quick", f"{name} says hello {i}"]) != 0]
sys.exit(1 if failed else 0)
"""


def test_two_processes_writing_200_entries_each_lose_nothing(db_path: Path) -> None:
    env = dict(os.environ)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name in ("first", "second")  # no names: the guard would warn on stderr
    ]
    errors = [w.communicate(timeout=120)[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    assert errors == ["", ""]
    with sqlite3.connect(db_path) as conn:
        count = conn.execute("SELECT count(*) FROM entries WHERE status = 'done'").fetchone()[0]
        texts = {row[0] for row in conn.execute("SELECT answer FROM steps")}
    assert count == 400 and len(texts) == 400
