"""Encryption at rest (`reflect encrypt`, `decrypt`, `passphrase`), against real SQLCipher files.

The database file itself is checked: its first bytes, whether plain `sqlite3` can read it, and
what `reflect export` gives before and after.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip(
    "sqlcipher3",
    reason="sqlcipher3 is not installed: install the test extra (pip install -e '.[test]')",
)

from reflect_cli.db import crypto

SQLITE_HEADER = b"SQLite format 3\x00"
PASSPHRASE = "it's a “quiet” ward, ünï 'quoted'"  # quotes and non-ASCII: the key is quoted


@pytest.fixture(autouse=True)
def no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    monkeypatch.delenv("REFLECT_NEW_PASSPHRASE", raising=False)
    monkeypatch.setenv("REFLECT_BUSY_TIMEOUT", "0.5")
    monkeypatch.setattr(crypto, "_typed", {})


@pytest.fixture
def journal(cli, exported) -> list[dict]:
    """A plain database with two entries (one with an action); returns their export."""
    for text in ("Calm night; the SBAR sheet helped", "Family meeting: I sat down and listened"):
        assert cli("quick", text).exit_code == 0
    answers = "what: Missed handover\nnow_what: Use SBAR\n"
    result = cli("write", "rolfe", "--answers", "-", input=answers)
    assert result.exit_code == 0, result.output
    entries = exported()
    gc.collect()  # close the connections those commands left open, as their process would
    return entries


def encrypt(cli, monkeypatch, phrase: str = PASSPHRASE) -> None:
    monkeypatch.setenv("REFLECT_PASSPHRASE", phrase)
    result = cli("encrypt")
    assert result.exit_code == 0, result.output


def header(path: Path) -> bytes:
    return path.read_bytes()[: len(SQLITE_HEADER)]


def leftovers(path: Path) -> list[str]:
    """Files beside the database other than itself (temporary copies, -wal, -shm, -journal)."""
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def readable_by_sqlite3(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def test_encrypt_hides_the_file_and_every_command_works_with_the_passphrase(
    cli, exported, journal, db_path, monkeypatch
) -> None:
    assert header(db_path) == SQLITE_HEADER
    encrypt(cli, monkeypatch)
    assert header(db_path) != SQLITE_HEADER
    assert b"SBAR" not in db_path.read_bytes()
    assert not readable_by_sqlite3(db_path)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert leftovers(db_path) == []
    assert exported() == journal
    assert cli("quick", "Written after encrypting").exit_code == 0
    listing = cli("list", "--json")
    assert listing.exit_code == 0, listing.output
    assert "Written after encrypting" in listing.stdout
    assert cli("search", "SBAR").exit_code == 0
    assert len(exported()) == len(journal) + 1
    assert not readable_by_sqlite3(db_path)


def test_wrong_passphrase_says_so_plainly(cli, journal, db_path, monkeypatch) -> None:
    encrypt(cli, monkeypatch)
    before = db_path.read_bytes()
    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the one")
    result = cli("list")
    assert result.exit_code == 1
    assert "That passphrase does not open" in result.stderr
    assert "Traceback" not in result.output and "hmac" not in result.output
    assert db_path.read_bytes() == before


def test_no_passphrase_and_no_terminal_exits_2(cli, journal, db_path, monkeypatch) -> None:
    encrypt(cli, monkeypatch)
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    result = cli("list")
    assert result.exit_code == 2
    assert "encrypted" in result.stderr and "REFLECT_PASSPHRASE" in result.stderr


def test_decrypt_gives_back_the_same_plain_database(cli, exported, journal, db_path, monkeypatch):
    encrypt(cli, monkeypatch)
    result = cli("decrypt")
    assert result.exit_code == 0, result.output
    assert header(db_path) == SQLITE_HEADER and readable_by_sqlite3(db_path)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert leftovers(db_path) == []
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    assert exported() == journal
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == len(journal)


def test_changing_the_passphrase(cli, exported, journal, db_path, monkeypatch) -> None:
    encrypt(cli, monkeypatch)
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", "a new one")
    result = cli("passphrase")
    assert result.exit_code == 0, result.output
    assert "REFLECT_PASSPHRASE" in result.stdout  # a reminder to change it there too
    assert cli("list").exit_code == 1  # the old one no longer opens it
    monkeypatch.setenv("REFLECT_PASSPHRASE", "a new one")
    assert exported() == journal
    assert header(db_path) != SQLITE_HEADER and leftovers(db_path) == []


def test_a_new_database_can_be_encrypted_before_first_use(cli, exported, db_path, monkeypatch):
    encrypt(cli, monkeypatch)
    assert db_path.exists() and header(db_path) != SQLITE_HEADER
    assert cli("quick", "The first one").exit_code == 0
    assert [e["title"] for e in exported()] == ["The first one"]


def test_a_symlinked_journal_stays_a_symlink(
    cli, exported, journal, db_path, tmp_path, monkeypatch
) -> None:
    real = tmp_path / "synced" / "journal.db"
    real.parent.mkdir()
    db_path.rename(real)
    db_path.symlink_to(real)
    encrypt(cli, monkeypatch)
    assert db_path.is_symlink() and header(real) != SQLITE_HEADER
    assert exported() == journal


def test_encrypt_twice_and_decrypt_a_plain_one_are_refused(cli, journal, db_path, monkeypatch):
    result = cli("decrypt")
    assert result.exit_code == 1 and "not encrypted" in result.stderr
    encrypt(cli, monkeypatch)
    before = db_path.read_bytes()
    result = cli("encrypt")
    assert result.exit_code == 1 and "encrypted already" in result.stderr
    assert db_path.read_bytes() == before


def test_encrypt_without_a_passphrase_or_terminal_exits_2(cli, journal, db_path) -> None:
    result = cli("encrypt")
    assert result.exit_code == 2 and "REFLECT_PASSPHRASE" in result.stderr
    assert header(db_path) == SQLITE_HEADER


@pytest.mark.parametrize("command", ["encrypt", "decrypt", "passphrase"])
def test_a_failed_swap_leaves_the_original_intact(
    cli, exported, journal, db_path, monkeypatch, command
) -> None:
    """A crash between writing the copy and swapping it in: the original holds what it held
    and opens as before, and no temporary copy is left beside it. (Its bytes may differ: reflect
    takes it out of WAL mode first, and SQLCipher re-encrypts the page that records that.)"""
    if command != "encrypt":
        encrypt(cli, monkeypatch)
        monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", "a new one")
    else:
        monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    was_plain = header(db_path) == SQLITE_HEADER

    def crash(*args, **kwargs):
        raise OSError(5, "Input/output error")

    real_replace = os.replace
    monkeypatch.setattr(os, "replace", crash)
    result = cli(command)
    monkeypatch.setattr(os, "replace", real_replace)
    assert result.exit_code == 1
    assert "not changed" in result.stderr and "Traceback" not in result.output
    assert (header(db_path) == SQLITE_HEADER) == was_plain
    assert leftovers(db_path) == []
    if command == "encrypt":
        assert readable_by_sqlite3(db_path)
    else:
        monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    assert exported() == journal


def test_a_copy_left_by_a_killed_conversion_is_cleared_next_time(
    cli, exported, journal, db_path, monkeypatch
) -> None:
    stale = db_path.parent / f".{db_path.name}.k1ll3d.converting"
    stale.write_bytes(os.urandom(4096))
    encrypt(cli, monkeypatch)
    assert leftovers(db_path) == []
    assert exported() == journal


def test_encrypted_database_without_the_extra_says_how_to_install_it(
    cli, journal, db_path, monkeypatch
) -> None:
    encrypt(cli, monkeypatch)
    before = db_path.read_bytes()
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    result = cli("list")
    assert result.exit_code == 1
    assert "may be encrypted" in result.stderr
    assert "pip install 'reflect-cli[encrypt]'" in result.stderr
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("command", ["encrypt", "decrypt", "passphrase"])
def test_the_commands_without_the_extra_say_how_to_install_it(cli, monkeypatch, command):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    result = cli(command)
    assert result.exit_code == 1
    assert "pip install 'reflect-cli[encrypt]'" in result.stderr


def test_a_foreign_text_file_is_still_not_a_reflect_database(cli, db_path, monkeypatch):
    db_path.parent.mkdir(parents=True)
    db_path.write_text("my shopping list\n")
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    result = cli("list")
    assert result.exit_code == 1 and "not a reflect database" in result.stderr
    assert db_path.read_text() == "my shopping list\n"


def test_random_bytes_with_a_passphrase_are_wrong_or_not_reflect(cli, db_path, monkeypatch):
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(os.urandom(4096))
    before = db_path.read_bytes()
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    result = cli("list")
    assert result.exit_code == 1
    assert "wrong passphrase, or the file is not a reflect database" in result.stderr
    assert db_path.read_bytes() == before


# -- in a terminal ------------------------------------------------------------------------------


@dataclass
class Terminal:
    """What the person at the pretend terminal will type, and the prompts they were shown."""

    answers: list[str] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)

    def getpass(self, prompt: str = "Password: ", stream=None) -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """stdin is a terminal, and `getpass` reads from `Terminal.answers`."""
    import getpass

    pretend = Terminal()
    monkeypatch.setattr(crypto, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(getpass, "getpass", pretend.getpass)
    return pretend


def new_process(terminal: Terminal) -> None:
    """Forget what this process was told, as a new `reflect` command would."""
    crypto._typed.clear()
    terminal.prompts.clear()


def test_in_a_terminal_the_passphrase_is_asked_twice_then_once_per_command(
    cli, exported, journal, terminal
) -> None:
    terminal.answers += ["two words", "two words"]
    result = cli("encrypt")
    assert result.exit_code == 0, result.output
    assert "cannot be recovered" in result.stdout
    assert terminal.prompts == ["New passphrase: ", "The same again, to be sure: "]
    new_process(terminal)
    terminal.answers.append("two words")
    assert exported() == journal
    assert terminal.prompts == ["Passphrase for reflect.db: "]


def test_in_a_terminal_two_different_passphrases_change_nothing(cli, journal, db_path, terminal):
    terminal.answers += ["one thing", "another thing"]
    before = db_path.read_bytes()
    result = cli("encrypt")
    assert result.exit_code == 1 and "not the same" in result.stderr
    assert db_path.read_bytes() == before


def test_in_a_terminal_a_wrong_passphrase_is_refused(cli, journal, terminal) -> None:
    terminal.answers += ["right words", "right words"]
    assert cli("encrypt").exit_code == 0
    new_process(terminal)
    terminal.answers += ["wrong words", "still wrong", "wrong again"]  # three tries, then no
    result = cli("list")
    assert result.exit_code == 1 and "That passphrase does not open" in result.stderr
    assert result.stderr.count("Try again") == 2 and len(terminal.prompts) == 3


def test_decrypt_in_a_terminal_asks_once(cli, exported, journal, db_path, terminal) -> None:
    terminal.answers += ["two words", "two words"]
    assert cli("encrypt").exit_code == 0
    new_process(terminal)
    terminal.answers.append("two words")
    result = cli("decrypt")
    assert result.exit_code == 0, result.output
    assert terminal.prompts == ["Passphrase for reflect.db: "]
    assert readable_by_sqlite3(db_path) and exported() == journal


def test_in_a_real_terminal_the_passphrase_is_not_shown(journal, db_path) -> None:
    """Through a pseudo-terminal: getpass asks without echo, so what is typed never appears."""
    import io

    pexpect = pytest.importorskip("pexpect")
    reflect = Path(sys.executable).parent / "reflect"
    env = dict(os.environ, TERM="dumb", NO_COLOR="1")
    secret = "lantern over the harbour"

    def run(*args: str, typed: list[tuple[str, str]]) -> tuple[str, int]:
        child = pexpect.spawn(str(reflect), list(args), env=env, encoding="utf-8", timeout=20)
        child.logfile_read = io.StringIO()
        for prompt, text in typed:
            child.expect_exact(prompt)
            child.sendline(text)
        child.expect(pexpect.EOF)
        child.close()
        return child.logfile_read.getvalue(), child.exitstatus

    shown, status = run(
        "encrypt", typed=[("New passphrase:", secret), ("The same again, to be sure:", secret)]
    )
    assert status == 0 and "Encrypted" in shown and secret not in shown, shown
    shown, status = run("list", typed=[("Passphrase for reflect.db:", secret)])
    assert status == 0 and "Calm night" in shown and secret not in shown, shown
    assert header(db_path) != SQLITE_HEADER


# -- with another reflect at work ----------------------------------------------------------------


def other_process(db_path: Path, script: str) -> subprocess.Popen:
    """Another program with the database open, in its own process (SQLite's file locks only
    keep other processes out), driven line by line through stdin."""
    code = textwrap.dedent(
        f"""
        import sqlite3, sys
        conn = sqlite3.connect({str(db_path)!r}, timeout=0.1, isolation_level=None)
        conn.execute("SELECT count(*) FROM entries").fetchone()
        print("ready", flush=True)
        """
    ) + textwrap.dedent(script)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.parametrize(
    "doing",
    [
        pytest.param("sys.stdin.readline()\n", id="left open"),
        pytest.param(
            'conn.execute("BEGIN IMMEDIATE")\nsys.stdin.readline()\n', id="in the middle of a write"
        ),
    ],
)
def test_encrypt_waits_for_a_reflect_open_elsewhere_and_changes_nothing(
    cli, exported, journal, db_path, monkeypatch, doing
) -> None:
    """A reflect left open in another window (a guided entry, say) keeps the database in use:
    encrypting it then would strand that reflect's next answers in the old file."""
    other = other_process(db_path, doing)
    try:
        monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
        result = cli("encrypt")
        assert result.exit_code == 1
        assert "Another reflect is using this database" in result.stderr
        assert header(db_path) == SQLITE_HEADER
    finally:
        other.communicate("\n", timeout=10)
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    assert exported() == journal


def test_a_program_that_opened_the_old_file_cannot_write_to_it_unseen(
    cli, exported, journal, db_path, monkeypatch
) -> None:
    """A program that had opened the plain file (but not yet read it) when it was encrypted
    fails loudly when it writes, rather than writing to a file no one will read again: the
    journal is swapped for a new file (SQLite refuses writes to a replaced file), never
    rewritten in place under a program that still has it open."""
    code = textwrap.dedent(
        f"""
        import sqlite3, sys
        conn = sqlite3.connect({str(db_path)!r}, timeout=0.1, isolation_level=None)
        print("open", flush=True)
        sys.stdin.readline()
        try:
            conn.execute("INSERT INTO tags (entry_id, tag) VALUES ('x', 'lost')")
            print("wrote")
        except sqlite3.DatabaseError as exc:
            print("refused:", exc)
        """
    )
    late = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert late.stdout is not None and late.stdout.readline().strip() == "open"
    encrypt(cli, monkeypatch)
    out, _ = late.communicate("\n", timeout=10)
    assert out.startswith("refused"), out
    assert exported() == journal


# -- the helpers ---------------------------------------------------------------------------------


def test_db_errors_cover_both_libraries() -> None:
    from sqlcipher3 import dbapi2

    errors = crypto.db_errors("OperationalError")
    assert errors == (sqlite3.OperationalError, dbapi2.OperationalError)
    assert dbapi2.Error in crypto.db_errors()


def test_may_be_encrypted(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    empty = tmp_path / "empty.db"
    empty.touch()
    noise = tmp_path / "noise.db"
    noise.write_bytes(os.urandom(1024))
    found = {p.name: crypto.may_be_encrypted(p) for p in (plain, text, empty, noise)}
    assert found == {"plain.db": False, "notes.txt": False, "empty.db": False, "noise.db": True}
    assert not crypto.may_be_encrypted(tmp_path / "missing.db")
