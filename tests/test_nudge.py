"""`reflect nudge`: one line on a day without a reflection, nothing after one, nothing (exit 0)
when there is no journal or it cannot be read; `--notify` shows it on the desktop instead. The
console script answers it without loading Typer or Rich."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

LINE = "No reflection yet today: reflect quick"

PROBE = """
import json, sys
sys.argv = ["reflect", *sys.argv[1:]]
from reflect_cli.launch import main
code = main()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def launched(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          env=dict(os.environ) if env is None else env, timeout=60)


def test_silent_when_there_is_no_journal_yet(cli, db_path: Path) -> None:
    result = cli("nudge")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert not db_path.exists()  # looking never creates one


def test_one_line_on_a_day_without_a_reflection_then_silent(cli) -> None:
    assert cli("quick", "An older one", "--at", "2d").exit_code == 0
    gc.collect()
    result = cli("nudge")
    assert (result.exit_code, result.stdout) == (0, LINE + "\n")
    assert cli("quick", "Calm night; the SBAR sheet helped").exit_code == 0
    gc.collect()
    result = cli("nudge")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_draft_is_not_a_reflection(cli, db_path: Path) -> None:
    import sqlite3

    assert cli("quick", "today").exit_code == 0
    gc.collect()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE entries SET status = 'draft'")
    conn.close()
    assert cli("nudge").stdout == LINE + "\n"


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all\n", os.urandom(4096)], ids=["empty", "text", "random"]
)
def test_silent_when_the_journal_cannot_be_read(cli, db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(content)
    result = cli("nudge")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert db_path.read_bytes() == content


def test_silent_on_an_encrypted_journal_and_never_asks(cli, db_path: Path, monkeypatch) -> None:
    pytest.importorskip("sqlcipher3")
    from reflect_cli.db import crypto

    monkeypatch.setattr(crypto, "_typed", {})
    assert cli("quick", "An older one", "--at", "2d").exit_code == 0
    monkeypatch.setenv("REFLECT_PASSPHRASE", "a quiet ward")
    assert cli("encrypt").exit_code == 0
    gc.collect()
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    result = launched("nudge")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines()[:-1] == []  # nothing said before the probe's report


def test_a_directory_or_a_pipe_is_no_journal(cli, tmp_path: Path) -> None:
    assert cli("--db", str(tmp_path), "nudge").stdout == ""
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.db"
        os.mkfifo(fifo)
        result = launched("--db", str(fifo), "nudge")  # (opening a pipe to read would block)
        assert result.returncode == 0 and result.stdout.splitlines()[:-1] == []


def test_the_console_script_answers_it_without_typer_or_rich(cli) -> None:
    assert cli("quick", "An older one", "--at", "2d").exit_code == 0
    gc.collect()
    result = launched("nudge")
    *said, report = result.stdout.splitlines()
    assert said == [LINE], result.stderr
    modules = set(json.loads(report)["modules"])
    assert not {m for m in modules if m.split(".")[0] in {"typer", "rich", "click"}}
    assert "reflect_cli.cli" not in modules and "reflect_cli.db.store" not in modules


def test_db_option_is_answered_fast_too(cli, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "quick", "Elsewhere", "--at", "2d").exit_code == 0
    gc.collect()
    for args in (["--db", str(other), "nudge"], [f"--db={other}", "nudge"]):
        result = launched(*args)
        *said, report = result.stdout.splitlines()
        assert said == [LINE]
        assert "typer" not in json.loads(report)["modules"]


def test_anything_else_goes_to_the_app(cli) -> None:
    result = launched("nudge", "--help")
    assert result.returncode == 0 and "--notify" in result.stdout


@pytest.fixture
def notifier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notify-send on the PATH that notes what it was asked to show."""
    if sys.platform in ("darwin", "win32"):
        pytest.skip("notify-send is the Linux desktop's")
    log = tmp_path / "notified.log"
    tools = tmp_path / "tools"
    tools.mkdir()
    fake = tools / "notify-send"
    fake.write_text(f'#!/bin/sh\nfor a in "$@"; do echo "$a" >> {log}; done\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    return log


def test_notify_shows_a_desktop_notification(cli, notifier: Path) -> None:
    assert cli("quick", "An older one", "--at", "2d").exit_code == 0
    gc.collect()
    result = cli("nudge", "--notify")
    assert (result.exit_code, result.stdout) == (0, "")
    assert notifier.read_text().splitlines() == ["--app-name=reflect", "reflect", LINE]


def test_notify_is_silent_after_a_reflection(cli, notifier: Path) -> None:
    assert cli("quick", "Calm night").exit_code == 0
    gc.collect()
    result = cli("nudge", "--notify")
    assert (result.exit_code, result.stdout) == (0, "")
    assert not notifier.exists()


def test_notify_without_a_desktop_says_the_line(cli, monkeypatch, tmp_path: Path) -> None:
    if sys.platform in ("darwin", "win32"):
        pytest.skip("notify-send is the Linux desktop's")
    monkeypatch.setenv("PATH", str(tmp_path))  # no notify-send
    assert cli("quick", "An older one", "--at", "2d").exit_code == 0
    gc.collect()
    assert cli("nudge", "--notify").stdout == LINE + "\n"


def test_looking_leaves_nothing_beside_the_journal(cli, db_path: Path) -> None:
    assert cli("quick", "An older one", "--at", "2d", "-t", "nights").exit_code == 0
    gc.collect()
    before = sorted(p.name for p in db_path.parent.iterdir())
    assert cli("nudge").stdout == LINE + "\n"
    assert launched("nudge").stdout.splitlines()[0] == LINE
    assert sorted(p.name for p in db_path.parent.iterdir()) == before  # no -wal, no -shm


def test_an_entry_another_reflect_has_not_checkpointed_yet_counts(cli, db_path: Path) -> None:
    import sqlite3
    from datetime import date

    assert cli("quick", "An older one", "--at", "2d").exit_code == 0
    gc.collect()
    holder = sqlite3.connect(db_path)  # as a reflect still open in another window
    try:
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute("UPDATE entries SET day = ?", [date.today().isoformat()])
        holder.commit()
        assert Path(f"{db_path}-wal").exists()
        assert cli("nudge").stdout == ""
    finally:
        holder.close()
