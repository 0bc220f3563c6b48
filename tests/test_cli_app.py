"""The app as a whole: home screen, version, --db, exit codes, and no tracebacks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from reflect_cli import __version__


def test_home_creates_the_database(cli, db_path: Path) -> None:
    result = cli()
    assert result.exit_code == 0
    assert "0 reflections" in result.stdout
    assert str(db_path) in result.stdout
    assert db_path.exists()


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"reflect {__version__}"


def test_db_option_wins_over_environment(cli, tmp_path: Path, db_path: Path) -> None:
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "quick", "elsewhere").exit_code == 0
    assert other.exists() and not db_path.exists()


def test_foreign_database_is_refused(cli, tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    result = cli("--db", str(other), "quick", "hello")
    assert result.exit_code == 1
    assert "not a reflect one" in result.stderr
    assert "Traceback" not in result.output


def test_unwritable_database_location(cli, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() == 0:  # root can write anywhere; use a path under a file instead
        target = tmp_path / "afile"
        target.write_text("")
        path = target / "reflect.db"
    else:
        path = locked / "reflect.db"
    result = cli("--db", str(path), "quick", "hello")
    assert result.exit_code == 1
    assert "Cannot create the database" in result.stderr


def test_bad_option_exits_2_in_two_lines(cli) -> None:
    result = cli("quick", "--nope")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "--nope" in lines[0] and "--help" in lines[1]


def test_unknown_command(cli) -> None:
    result = cli("reflct")
    assert result.exit_code == 2
    assert "reflct" in result.stderr


def test_python_dash_m_runs_the_app(db_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reflect_cli", "quick", "via -m"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Saved: via -m" in result.stdout


def test_subprocess_without_terminal_exits_2_without_hanging(db_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reflect_cli", "gibbs"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert result.returncode == 2
    assert "--answers" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_home_screen_counts_in_words_a_person_would_use(cli) -> None:
    assert "0 reflections · 0 drafts · 0 open actions" in cli().stdout
    cli("quick", "A calm night")
    assert "1 reflection · 0 drafts · 0 open actions" in cli().stdout


def test_db_followed_by_an_option_makes_no_journal_of_it(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("--db", "--help")
    assert result.exit_code == 2
    assert "--db needs the path of a journal" in result.stderr
    assert not (tmp_path / "--help").exists()
