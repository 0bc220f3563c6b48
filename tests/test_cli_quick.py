"""`reflect quick TEXT` and `reflect quick -`."""

from __future__ import annotations

import pytest


def test_quick_text_is_saved_at_once(cli, exported) -> None:
    result = cli("quick", "Calm night; the SBAR sheet helped", "-t", "nights")
    assert result.exit_code == 0, result.stderr
    assert "Saved: Calm night; the SBAR sheet helped" in result.stdout
    (entry,) = exported()
    assert entry["framework"] == "quick"
    assert entry["tags"] == ["nights"]
    assert [(s["key"], s["answer"]) for s in entry["steps"]] == [
        ("what_mattered", "Calm night; the SBAR sheet helped")
    ]
    assert entry["actions"] == []


def test_quick_from_stdin_keeps_every_line(cli, exported) -> None:
    result = cli("quick", "-", input="First line\nSecond line 🙂\n")
    assert result.exit_code == 0
    assert exported()[0]["steps"][0]["answer"] == "First line\nSecond line 🙂"


def test_quick_empty_text_is_refused(cli, exported) -> None:
    for args, stdin in ((("quick", "   "), None), (("quick", "-"), "\n\n")):
        result = cli(*args, input=stdin)
        assert result.exit_code == 2
        assert "no text" in result.stderr
    assert exported() == []


def test_quick_stdin_not_utf8_or_nul(cli, exported) -> None:
    assert cli("quick", "-", input=b"caf\xe9").exit_code == 1
    result = cli("quick", "-", input=b"a\x00b")
    assert result.exit_code == 1 and "NUL" in result.stderr
    assert exported() == []


def test_quick_text_and_answers_together_is_refused(cli) -> None:
    result = cli("quick", "text", "--answers", "-", input="mood: 3\n")
    assert result.exit_code == 2


def test_quick_with_answers_fills_the_three_minute_entry(cli, exported) -> None:
    result = cli(
        "quick",
        "--answers",
        "-",
        input=(
            "mood: 2\nwhat_mattered: A hard death\nkindness: I ate lunch\ntomorrow: Debrief at 9\n"
        ),
    )
    assert result.exit_code == 0, result.stderr
    (entry,) = exported()
    assert entry["mood"] == 2
    assert [a["text"] for a in entry["actions"]] == ["Debrief at 9"]


def test_quick_mood_out_of_range(cli) -> None:
    result = cli("quick", "--answers", "-", input="mood: 9\n")
    assert result.exit_code == 1
    assert "mood: give a whole number from 1 to 5" in result.stderr


def test_long_text_is_kept_whole(cli, exported) -> None:
    text = "word " * 20000
    assert cli("quick", "-", input=text).exit_code == 0
    assert exported()[0]["steps"][0]["answer"] == text.strip()


# -- nothing piped in is lost ------------------------------------------------------------------


@pytest.fixture
def stdin_reads(monkeypatch) -> list:
    """How many times `reflect quick -` read its stdin (each read returns 'careful text')."""
    from reflect_cli.commands import quick

    reads: list = []

    def read() -> str:
        reads.append(1)
        return "careful text\n"

    monkeypatch.setattr(quick, "_read_stdin", read)
    return reads


def _recovered(db_path) -> list:
    folder = db_path.parent / "recovered"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_quick_bad_at_is_a_usage_error_before_stdin_is_read(cli, exported, stdin_reads) -> None:
    for when in ("0001-01-01", "10000000000d", "99999999999999999999w"):
        result = cli("quick", "--at", when, "-")
        assert result.exit_code == 2, (when, result.stderr)
        assert "--at" in result.stderr and when in result.stderr
        assert "went wrong inside reflect" not in result.stderr
    assert stdin_reads == [], "stdin was read before --at was checked"
    assert exported() == []


def test_quick_broken_settings_stop_before_stdin_is_read(cli, tmp_path, stdin_reads) -> None:
    (tmp_path / "config.toml").write_text("[guard\nenabled = ", encoding="utf-8")
    result = cli("quick", "-")
    assert result.exit_code == 1
    assert "settings file" in result.stderr
    assert stdin_reads == [], "stdin was read, then lost, because of the settings"


def test_quick_text_read_from_stdin_is_kept_whatever_fails(cli, db_path, monkeypatch) -> None:
    from reflect_cli.db.store import Store

    def broken(self, *args, **kwargs):
        raise ValueError("year 0 is out of range")

    monkeypatch.setattr(Store, "create_entry", broken)
    result = cli("quick", "-", input="careful text\nsecond line\n")
    assert result.exit_code == 1
    [kept] = _recovered(db_path)
    assert kept.read_text(encoding="utf-8") == "careful text\nsecond line\n"
    assert str(kept) in " ".join(result.stderr.split())
    assert len(result.stderr.strip().splitlines()) <= 2
