"""`reflect list`: newest first, -n, filters, --json, and a kind word when there is nothing."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len


@pytest.fixture
def three(cli) -> None:
    cli("quick", "January one", "--at", "2026-01-10", "-t", "a")
    cli("quick", "February one", "--at", "2026-02-10", "-t", "b", "-t", "nights")
    cli("rolfe", "--answers", "-", "--at", "2026-03-10", input="what: March\nnow_what: Act\n")


def listed(cli, *extra: str) -> list[dict]:
    result = cli("list", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_newest_first_in_a_table(cli, three, exported) -> None:
    result = cli("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "date", "framework", "title", "·", "first", "words", "tags"]
    march, february, january = (e["id"] for e in reversed(exported()))
    assert [line[:8] for line in lines[1:]] == [march[:8], february[:8], january[:8]]
    assert "2026-02-10 12:00" in lines[2] and "quick" in lines[2]
    assert "February one" in lines[2] and "b, nights" in lines[2]
    assert "rolfe" in lines[1] and "March" in lines[1]


def test_list_json_keys_and_order(cli, three) -> None:
    entries = listed(cli)
    assert [e["title"] for e in entries] == ["March", "February one", "January one"]
    assert all(
        set(e)
        == {"id", "framework", "created_at", "updated_at", "title", "tags", "mood", "starred",
            "audio"}
        for e in entries
    )
    assert entries[1]["tags"] == ["b", "nights"]
    assert entries[1]["created_at"].startswith("2026-02-10T12:00:00")


def test_list_number(cli, three) -> None:
    assert [e["title"] for e in listed(cli, "-n", "2")] == ["March", "February one"]
    assert [e["title"] for e in listed(cli, "--number", "1")] == ["March"]
    result = cli("list", "-n", "0")
    assert result.exit_code == 2 and "--number" in result.stderr


def test_list_shows_20_by_default(cli) -> None:
    for day in range(1, 23):
        cli("quick", f"Day {day}", "--at", f"2026-01-{day:02d}")
    entries = listed(cli)
    assert len(entries) == 20
    assert entries[0]["title"] == "Day 22" and entries[-1]["title"] == "Day 3"
    assert len(listed(cli, "-n", "50")) == 22


def test_list_filters(cli, three) -> None:
    assert [e["title"] for e in listed(cli, "--since", "2026-02-01")] == ["March", "February one"]
    assert [e["title"] for e in listed(cli, "--until", "2026-02-10")] == [
        "February one",
        "January one",
    ]
    assert [e["title"] for e in listed(cli, "--tag", "b")] == ["February one"]
    assert [e["title"] for e in listed(cli, "-t", "#B", "-t", "nights")] == ["February one"]
    assert listed(cli, "-t", "a", "-t", "b") == []
    assert [e["title"] for e in listed(cli, "--framework", "rolfe")] == ["March"]


def test_list_bad_date_exits_2(cli, three) -> None:
    for option in ("--since", "--until"):
        result = cli("list", option, "someday")
        assert result.exit_code == 2
        assert f"{option}: 'someday' is not a date" in result.stderr
        assert "Traceback" not in result.output


def test_list_empty_is_kind(cli) -> None:
    result = cli("list")
    assert result.exit_code == 0
    assert "No reflections yet" in result.stdout and "reflect quick" in result.stdout
    assert listed(cli) == []


def test_list_nothing_matching_filters(cli, three) -> None:
    result = cli("list", "--framework", "gibbs")
    assert result.exit_code == 0
    assert "No reflections match" in result.stdout


def test_list_fits_80_columns(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    long = "A very long first answer about a difficult night with many admissions " * 3
    title = "An equally long title that goes on and on and on"
    cli("quick", long, "--title", title, "-t", "handover", "-t", "nights", "-t", "teamwork")
    cli("quick", "Short one 🙂")
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(cell_len(line.rstrip()) <= 80 for line in lines)
    long_line = next(line for line in lines if "An equally" in line)
    assert "…" in long_line and "handover" in long_line
    assert any("Short one 🙂" in line for line in lines)
    monkeypatch.setenv("COLUMNS", "160")
    wide = next(line for line in cli("list").stdout.splitlines() if "An equally" in line)
    assert title in wide and "A very long" in wide  # the first words, after the title


@pytest.mark.parametrize("columns", [40, 50])
def test_list_when_narrow_puts_each_entry_on_two_lines(cli, monkeypatch, columns) -> None:
    cli("quick", "Handover at the bedside went well", "-t", "handover")
    entry_id = listed(cli)[0]["id"]
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = cli("list").stdout.splitlines()
    assert lines[0].startswith(entry_id[:8] + "  ")  # the id is never cut short
    assert all(cell_len(line.rstrip()) <= columns for line in lines)
    assert "Handover at the bedside went well" in " ".join(w.strip() for w in lines[1:])
    assert "handover" in lines[-1]


def test_list_first_words_skip_the_mood(cli) -> None:
    cli("quick", "--answers", "-", input="mood: 4\nwhat_mattered: Sat with a family\n")
    line = cli("list").stdout.splitlines()[1]
    assert line.count("Sat with a family") == 1  # the title, not repeated as first words
    assert " 4 " not in line


def test_the_default_title_is_stored_whole(cli) -> None:
    first = "Night shift on a medical ward. At the 22:00 round I was asked to check a drip"
    cli("quick", first + "\nand then more")
    assert listed(cli)[0]["title"] == first


def test_list_help_has_example(cli) -> None:
    result = cli("list", "--help")
    assert result.exit_code == 0
    assert "Example: reflect list" in result.stdout and "20" in result.stdout
