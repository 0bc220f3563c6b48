"""No command destroys the journal or a device, and encryption keeps its promise (issue 9, parts
4 and 6): exports and backups never land on the journal, its -wal/-shm, a backup or anything
that is not a regular file; copies left by a killed reflect are found and cleared; nothing is
written in plain text beside an encrypted journal; a mistyped passphrase may be typed again.
"""

from __future__ import annotations

import gc
import io
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reflect_cli.core import backup as backups
from reflect_cli.core import doctor, leftovers
from reflect_cli.core.files import regular_or_absent, same_file

REFLECT = Path(sys.executable).parent / "reflect"
SQLITE_HEADER = b"SQLite format 3\x00"
PASSPHRASE = "lantern over the harbour"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file in `folder` (the journal, its -wal and -shm...) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def journal(cli, db_path: Path) -> Path:
    assert cli("quick", "keep").exit_code == 0
    gc.collect()  # close the connections the command left open, as its process would
    return db_path


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_device(path: Path) -> Path:
    """A character device like /dev/null, in a test folder (root only)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("creating a device needs root (CAP_MKNOD)")
    return path


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 20):
    """The installed `reflect` in its own process (bounded in time)."""
    return subprocess.run(
        [str(REFLECT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or dict(os.environ),
        stdin=subprocess.DEVNULL,
    )


# -- 4a: an export or a backup never replaces the journal -----------------------------------


def test_export_onto_the_journal_leaves_it_byte_identical(cli, journal, tmp_path) -> None:
    # a reader in another process keeps the WAL files in place, as a reflect in another window
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sqlite3, sys
            conn = sqlite3.connect({str(journal)!r}, isolation_level=None)
            conn.execute("PRAGMA journal_mode").fetchone()
            conn.execute("BEGIN"); conn.execute("SELECT count(*) FROM entries").fetchone()
            print("ready", flush=True); sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        wal = Path(f"{journal}-wal")
        assert wal.exists() and Path(f"{journal}-shm").exists()
        link = tmp_path / "link.json"
        link.symlink_to(journal)
        hard = tmp_path / "hard.json"
        os.link(journal, hard)
        before = snapshot(journal.parent)
        for target in (journal, wal, Path(f"{journal}-shm"), link, hard):
            for extra in ((), ("--force",)):
                result = cli("export", "-o", str(target), *extra)
                assert result.exit_code == 1, (target, result.output)
                assert "never replaces it" in result.stderr and "Exported" not in result.stderr
                assert len(result.stderr.strip().splitlines()) <= 2
                assert snapshot(journal.parent) == before
        assert link.is_symlink() and same_file(hard, journal)
    finally:
        reader.communicate("\n", timeout=10)
    listing = cli("list", "--json")
    assert listing.exit_code == 0 and "keep" in listing.stdout


def test_export_never_lands_on_a_file_the_journal_has_not_made_yet(cli, journal) -> None:
    for end in ("-wal", "-shm", "-journal"):
        target = Path(f"{journal}{end}")
        target.unlink(missing_ok=True)
        result = cli("export", "-o", str(target))
        assert result.exit_code == 1 and not target.exists(), result.output


def test_export_never_replaces_a_backup_or_another_database(cli, journal, tmp_path) -> None:
    assert cli("backup").exit_code == 0
    (copy,) = (journal.parent / "backups").iterdir()
    other = tmp_path / "old-journal.sqlite"
    other.write_bytes(journal.read_bytes())
    for target in (copy, other):
        before = target.read_bytes()
        result = cli("export", "-o", str(target), "--force")
        assert result.exit_code == 1, result.output
        assert target.read_bytes() == before


def test_export_onto_an_existing_file_needs_force_without_a_terminal(cli, journal, tmp_path):
    target = tmp_path / "reflections.json"
    target.write_text("last month's export\n")
    result = cli("export", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert "--force" in result.stderr and len(result.stderr.strip().splitlines()) == 2
    assert target.read_text() == "last month's export\n"
    result = cli("export", "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["entries"][0]["title"] == "keep"


def test_export_onto_an_existing_file_asks_at_a_terminal(cli, journal, tmp_path, monkeypatch):

    cli.terminal = True
    target = tmp_path / "reflections.json"
    target.write_text("last month's export\n")
    result = cli("export", "-o", str(target), input="n\n")
    assert result.exit_code == 0 and "Replace it?" in result.output
    assert target.read_text() == "last month's export\n"
    result = cli("export", "-o", str(target), input="y\n")
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["entries"][0]["title"] == "keep"


def test_export_through_a_symlink_writes_its_file_and_keeps_the_link(cli, journal, tmp_path):
    real = tmp_path / "synced" / "reflections.json"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "reflections.json"
    link.symlink_to(real)
    assert cli("export", "-o", str(link), "--force").exit_code == 0
    assert link.is_symlink() and json.loads(real.read_text())["entries"]


def test_backup_never_lands_on_the_journals_own_files(cli, journal) -> None:
    wal = Path(f"{journal}-wal")
    wal.unlink(missing_ok=True)
    result = cli("backup", str(wal))
    assert result.exit_code == 1 and "never replaces it" in result.stderr
    assert not wal.exists()


# -- 4b: never a device, a pipe, or a folder -----------------------------------------------


@pytest.mark.parametrize("make", [make_fifo, make_device], ids=["fifo", "device"])
def test_export_and_backup_leave_a_device_or_a_pipe_alone(cli, journal, tmp_path, make) -> None:
    target = make(tmp_path / "special")
    kind = stat.S_IFMT(target.lstat().st_mode)
    for args in (
        ("export", "-o", str(target)),
        ("export", "-o", str(target), "--force"),
        ("backup", str(target)),
    ):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "not a regular file" in result.stderr
        assert stat.S_IFMT(target.lstat().st_mode) == kind
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("make", [make_fifo, make_device], ids=["fifo", "device"])
def test_a_database_path_that_is_a_device_or_a_pipe_is_refused_promptly(tmp_path, make):
    folder = tmp_path / "dev"
    folder.mkdir(mode=0o755)
    special = make(folder / "null")
    mode = stat.S_IMODE(special.lstat().st_mode)
    (tmp_path / "tmp").mkdir()
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"))  # where the quick text is kept
    for args in (
        ("list",),
        ("quick", "a thought"),
        ("doctor",),
        ("doctor", "--fix"),
        ("backup",),
        ("export",),
    ):
        started = time.monotonic()
        result = run("--db", str(special), *args, env=env, timeout=15)
        assert time.monotonic() - started < 10, args
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "not a regular file" in result.stdout + result.stderr, args
        assert "Traceback" not in result.stderr
        assert stat.S_IMODE(special.lstat().st_mode) == mode  # doctor --fix chmods nothing
        assert sorted(p.name for p in folder.iterdir()) == ["null"], args  # nothing beside
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_regular_or_absent(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    link = tmp_path / "link"
    link.symlink_to(plain)
    found = {
        "file": regular_or_absent(plain),
        "symlink to a file": regular_or_absent(link),
        "missing": regular_or_absent(tmp_path / "missing"),
        "folder": regular_or_absent(tmp_path),
        "fifo": regular_or_absent(make_fifo(tmp_path / "fifo")),
    }
    assert found == {
        "file": True,
        "symlink to a file": True,
        "missing": True,
        "folder": False,
        "fifo": False,
    }


# -- 6a: copies left by a killed reflect --------------------------------------------------------


def age(*paths: Path, seconds: float = 60) -> None:
    """Make files look `seconds` old (a copy left by a reflect killed a minute ago)."""
    then = time.time() - seconds
    for path in paths:
        os.utime(path, (then, then))


def plant_leftovers(journal: Path) -> dict[str, Path]:
    """Copies with exactly the names reflect gives them, as a killed reflect leaves them."""
    converting = journal.parent / f".{journal.name}.k1ll3d5x.converting"
    converting.write_bytes(journal.read_bytes())  # a decrypt's copy: plain SQLite
    journal_of_it = Path(f"{converting}-journal")
    journal_of_it.write_bytes(b"\0" * 512)
    folder = journal.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    backup_temp = folder / ".reflect-backup-q7w8e9r0.tmp"
    backup_temp.write_bytes(os.urandom(4096))  # an encrypted journal's backup: noise
    age(converting, journal_of_it, backup_temp)
    return {"converting": converting, "journal": journal_of_it, "backup": backup_temp}


def test_doctor_reports_leftovers_plain_ones_first_and_any_command_clears_them(
    cli, journal
) -> None:
    planted = plant_leftovers(journal)
    result = cli("doctor")
    assert result.exit_code == 1
    assert "All is well" not in result.stdout
    line = next(text for text in result.stdout.splitlines() if "Leftovers" in text)
    assert line.startswith("✗")
    plain_at = line.index("plain, unencrypted copy")
    assert plain_at < line.index(planted["backup"].name)
    assert line.index(planted["converting"].name) < line.index(planted["backup"].name)
    report = json.loads(cli("doctor", "--json").stdout)
    assert [c["name"] for c in report["checks"] if not c["ok"]] == ["Leftovers"]
    assert cli("list").exit_code == 0
    assert not any(path.exists() for path in planted.values())
    result = cli("doctor")
    assert result.exit_code == 0 and "All is well" in result.stdout, result.stdout


def test_doctor_fix_removes_leftovers(cli, journal) -> None:
    planted = plant_leftovers(journal)
    result = cli("doctor", "--fix")
    assert result.exit_code == 0, result.stdout
    assert "Removed" in result.stdout
    assert not any(path.exists() for path in planted.values())


def test_leftovers_only_match_reflects_own_names(cli, journal) -> None:
    mine = [
        journal.parent / "notes.converting",
        journal.parent / ".other.db.x.converting",
        journal.parent / "reflect-backup-x.tmp",
    ]
    for path in mine:
        path.write_text("mine")
    age(*mine)
    assert cli("list").exit_code == 0
    assert all(path.exists() for path in mine)


def holder(path: Path) -> subprocess.Popen:
    """Another process holding `path` as reflect does while it converts or backs up."""
    code = textwrap.dedent(f"""
        import os, sys
        from reflect_cli.core import leftovers
        fd = os.open({str(path)!r}, os.O_RDWR)
        leftovers.hold(fd)
        print("holding", flush=True)
        sys.stdin.readline()
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    return proc


def test_a_copy_a_running_reflect_is_working_on_is_left_alone(cli, journal) -> None:
    planted = plant_leftovers(journal)
    busy = holder(planted["converting"])
    try:
        assert cli("list").exit_code == 0
        assert planted["converting"].exists() and planted["journal"].exists()
        assert not planted["backup"].exists()  # no one holds that one
        result = cli("doctor")
        assert "Leftovers" not in result.stdout, result.stdout
    finally:
        busy.communicate("\n", timeout=10)
    assert cli("list").exit_code == 0
    assert not planted["converting"].exists()


def test_a_fresh_copy_is_left_for_a_moment(cli, journal) -> None:
    """Between creating its copy and locking it, a reflect elsewhere holds no lock yet."""
    planted = plant_leftovers(journal)
    os.utime(planted["backup"])  # just made
    assert cli("list").exit_code == 0
    assert planted["backup"].exists() and not planted["converting"].exists()


def killed_in(db: Path, command: str, module: str, function: str, env: dict) -> None:
    """Run `reflect COMMAND` in its own process, killed (SIGKILL) when it reaches
    `module.function`: as a reflect killed there would be."""
    code = textwrap.dedent(f"""
        import os, signal, sys
        import {module} as target
        from reflect_cli.cli import main
        def killed(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)
        setattr(target, {function!r}, killed)
        sys.exit(main([{command!r}]))
    """)
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def test_a_killed_backup_leaves_a_copy_that_the_next_command_clears(cli, journal) -> None:
    killed_in(journal, "backup", "reflect_cli.core.backup", "_place", dict(os.environ))
    folder = journal.parent / "backups"
    (left,) = folder.iterdir()
    assert left.name.startswith(".reflect-backup-") and left.name.endswith(".tmp")
    assert "Leftovers" in cli("doctor").stdout
    age(left)
    assert cli("list").exit_code == 0
    assert list(folder.iterdir()) == []


# -- encrypted journals -----------------------------------------------------------------------


@pytest.fixture
def encrypted(cli, journal, monkeypatch) -> Path:
    pytest.importorskip("sqlcipher3")
    from reflect_cli.db import crypto

    monkeypatch.setattr(crypto, "_typed", {})
    monkeypatch.delenv("REFLECT_NEW_PASSPHRASE", raising=False)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    result = cli("encrypt")
    assert result.exit_code == 0, result.output
    gc.collect()
    assert journal.read_bytes()[:16] != SQLITE_HEADER
    return journal


def test_a_killed_decrypt_leaves_a_plain_copy_that_doctor_reports_and_the_next_command_clears(
    cli, encrypted
) -> None:
    killed_in(encrypted, "decrypt", "reflect_cli.db.crypto", "_verify", dict(os.environ))
    (left,) = [p for p in encrypted.parent.iterdir() if p.name.endswith(".converting")]
    assert left.name.startswith(f".{encrypted.name}.")
    assert left.read_bytes()[:16] == SQLITE_HEADER  # the whole journal, readable by anyone
    result = cli("doctor")
    assert result.exit_code == 1 and "All is well" not in result.stdout
    assert "plain, unencrypted copy" in result.stdout and left.name in result.stdout
    age(left)
    assert cli("list").exit_code == 0
    gc.collect()
    assert not left.exists()
    assert sorted(p.name for p in encrypted.parent.iterdir()) == [encrypted.name]
    assert encrypted.read_bytes()[:16] != SQLITE_HEADER  # still encrypted, still opens
    assert "keep" in cli("list").stdout


@pytest.mark.parametrize("command", ["encrypt", "passphrase"])
def test_a_killed_encrypt_or_passphrase_leaves_nothing_after_the_next_command(
    cli, journal, monkeypatch, command
) -> None:
    pytest.importorskip("sqlcipher3")
    env = dict(os.environ, REFLECT_PASSPHRASE=PASSPHRASE, REFLECT_NEW_PASSPHRASE="another one")
    if command == "passphrase":
        assert run("encrypt", env=env).returncode == 0
    killed_in(journal, command, "reflect_cli.db.crypto", "_verify", env)
    (left,) = [p for p in journal.parent.iterdir() if p.name.endswith(".converting")]
    age(left)
    result = run("list", env=env)
    assert result.returncode == 0 and "keep" in result.stdout, result.stderr
    assert sorted(p.name for p in journal.parent.iterdir()) == [journal.name]


def test_a_conversion_at_work_in_another_process_is_never_disturbed(cli, encrypted) -> None:
    """A `reflect decrypt` paused half-way in another process holds its copy: a command here
    clears nothing of it, and the decrypt then finishes."""
    code = textwrap.dedent("""
        import sys
        from reflect_cli.db import crypto
        from reflect_cli.cli import main
        real = crypto._verify
        def paused(*args, **kwargs):
            print("paused", flush=True)
            sys.stdin.readline()
            return real(*args, **kwargs)
        crypto._verify = paused
        sys.exit(main(["decrypt"]))
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "paused"
        (left,) = [p for p in encrypted.parent.iterdir() if p.name.endswith(".converting")]
        age(left)
        assert leftovers.clear(encrypted) == []
        assert left.exists()
        assert doctor._leftovers_check(encrypted) is None  # not reported while it is at work
    finally:
        _out, err = proc.communicate("\n", timeout=30)
    assert proc.returncode == 0, err
    assert encrypted.read_bytes()[:16] == SQLITE_HEADER and not left.exists()


# -- 6b: nothing in plain text beside an encrypted journal ------------------------------------


def test_a_wrong_passphrase_never_writes_the_text_in_plain_beside_the_journal(
    cli, encrypted, tmp_path, monkeypatch
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the one")
    secret = "Bed 4 told me something I must not forget"
    result = cli("quick", secret)
    assert result.exit_code == 1
    assert "That passphrase does not open" in result.stderr
    assert secret in result.stderr  # said back, to copy
    assert not (encrypted.parent / "recovered").exists()
    assert list((tmp_path / "tmp").iterdir()) == []
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_keep_prints_back_beside_an_encrypted_journal(encrypted, capsys) -> None:
    from reflect_cli.core import recovery

    assert recovery.keep(encrypted, "private words\n", "quick.txt") is None
    assert "private words" in capsys.readouterr().err
    assert not (encrypted.parent / "recovered").exists()


# -- 6c: three tries at a terminal ------------------------------------------------------------


def spawn_list(env: dict[str, str]):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        str(REFLECT), ["list"], env=env, encoding="utf-8", timeout=20, dimensions=(40, 100)
    )
    child.logfile_read = io.StringIO()
    return pexpect, child


def test_at_a_terminal_a_mistyped_passphrase_can_be_typed_again(encrypted) -> None:
    env = dict(os.environ, TERM="dumb", NO_COLOR="1")
    env.pop("REFLECT_PASSPHRASE")
    pexpect, child = spawn_list(env)
    child.expect_exact("Passphrase for reflect.db:")
    child.sendline("lantern over the harbor")
    child.expect_exact("That passphrase did not open the journal. Try again (2 left).")
    child.expect_exact("Passphrase for reflect.db:")
    child.sendline("lantern")
    child.expect_exact("Try again (1 left).")
    child.expect_exact("Passphrase for reflect.db:")
    child.sendline(PASSPHRASE)
    child.expect(pexpect.EOF)
    child.close()
    shown = child.logfile_read.getvalue()
    assert child.exitstatus == 0, shown
    assert "keep" in shown and PASSPHRASE not in shown


def test_at_a_terminal_three_wrong_passphrases_end_the_command(encrypted) -> None:
    env = dict(os.environ, TERM="dumb", NO_COLOR="1")
    env.pop("REFLECT_PASSPHRASE")
    pexpect, child = spawn_list(env)
    for _ in range(3):
        child.expect_exact("Passphrase for reflect.db:")
        child.sendline("wrong words")
    child.expect(pexpect.EOF)
    child.close()
    shown = child.logfile_read.getvalue()
    assert child.exitstatus == 1, shown
    assert "That passphrase does not open" in shown and "Traceback" not in shown
    assert shown.count("Passphrase for reflect.db:") == 3


def test_a_wrong_passphrase_in_the_variable_fails_at_once(encrypted) -> None:
    env = dict(os.environ, REFLECT_PASSPHRASE="wrong words")
    result = run("list", env=env)
    assert result.returncode == 1
    assert "That passphrase does not open" in result.stderr and "Try again" not in result.stderr


def test_precious_names_what_must_not_be_replaced(journal, tmp_path) -> None:
    assert backups.precious(journal, journal) == "your journal"
    assert backups.precious(Path(f"{journal}-wal"), journal) == "one of your journal's own files"
    assert backups.precious(tmp_path / "new.json", journal) is None
