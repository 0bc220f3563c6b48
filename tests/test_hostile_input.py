"""Hostile input gets bounded work: a device, a pipe or a huge file to import, an export of any
layout read a piece at a time, a search over an answer of one word repeated (or one endless
word), and numbers or dates past what the calendar holds. Each is refused (or answered) promptly,
with a plain message and the right exit code, never a traceback; the slow or hungry ones run in a
subprocess with a time limit and a memory limit (RLIMIT_AS)."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from reflect_cli.core import import_stream, importer
from reflect_cli.core.importer import ExportStream, parse_export
from reflect_cli.core.searching import SNIPPET_WIDTH
from reflect_cli.db.store import Store

MEMORY = 1024 * 1024 * 1024  # bytes of address space a command may take here


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def reflect(*args: str, timeout: float = 20, stdin: bytes | None = None):
    """reflect as a whole process, in a bounded time and memory; fails if it shows a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "reflect_cli", *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limited,
        env=os.environ,
    )
    out = result.stdout.decode("utf-8", "replace")
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err + out
    assert "went wrong inside reflect" not in err
    return result.returncode, out, err


def an_entry(number: int, answer: str = "A quiet night on the ward.", **extra) -> dict:
    stamp = f"2025-01-{1 + number % 28:02d}T08:00:00+03:00"
    return {
        "id": str(uuid.UUID(int=number + 1, version=4)),
        "framework": "quick",
        "created_at": stamp,
        "updated_at": stamp,
        "title": f"Shift {number}",
        "tags": ["nights"],
        "mood": 1 + number % 5,
        "steps": [
            {
                "key": "what_mattered",
                "title": "What mattered",
                "question": "?",
                "kind": "text",
                "answer": answer,
            },
        ],
        "actions": [],
        **extra,
    }


def an_export(entries: list[dict], **head) -> dict:
    return {
        "format": "reflect-export",
        "version": 1,
        "exported_at": "2025-02-01T00:00:00+00:00",
        **head,
        "entries": entries,
    }


def count_entries(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    store = Store.open(db_path)
    try:
        return store.db.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        store.close()


# -- import: only regular files, read a piece at a time ---------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"), [("/dev/zero", "a device"), ("/dev/urandom", "a device")]
)
def test_importing_a_device_is_refused_at_once(path: str, kind: str) -> None:
    code, _, err = reflect("import", path, timeout=10)
    assert code == 2
    assert kind in err and "reflect reads only files" in err


def test_importing_a_pipe_does_not_wait_for_it(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code, _, err = reflect("import", str(fifo), timeout=10)
    assert code == 2
    assert "a pipe (FIFO)" in err


def test_importing_a_folder_is_refused(tmp_path: Path) -> None:
    code, _, err = reflect("import", str(tmp_path), timeout=10)
    assert code == 2
    assert "a folder" in err


def test_an_endless_piece_is_refused_naming_the_limit(tmp_path: Path, monkeypatch) -> None:
    """A string that never ends (or one entry past the limit) stops at MAX_PIECE, in bounded
    memory, and the message says what the limit is."""
    monkeypatch.setattr(import_stream, "MAX_PIECE", 2 * 1024 * 1024)
    monkeypatch.setattr(import_stream, "READ_SIZE", 64 * 1024)
    path = tmp_path / "endless.json"
    path.write_text(
        '{"format": "reflect-export", "version": 1, "entries": [{"title": "'
        + "x" * (5 * 1024 * 1024)
    )
    with path.open("rb") as handle:
        with pytest.raises(importer.DataError) as caught:
            list(ExportStream(handle, "endless.json"))
        assert handle.tell() < 4 * 1024 * 1024  # it stopped near the limit, not at the end
    assert "entries[0] is over 2 MB, the most reflect reads as one piece" in str(caught.value)


def test_half_a_gigabyte_of_nuls_is_refused_quickly(tmp_path: Path) -> None:
    """A huge file that is not an export: read only as far as it takes to tell, a plain answer."""
    path = tmp_path / "nuls.json"
    with path.open("wb") as out:
        out.write(b'{"format": "reflect-export", "version": 1, "entries": [')
        out.truncate(512 * 1024 * 1024)  # a sparse file: costs nothing to write
    code, _, err = reflect("import", str(path), timeout=20)
    assert code == 1
    assert "is not valid JSON" in err and "Nothing was imported" in err


def test_a_version_of_five_thousand_digits_is_a_plain_refusal(
    db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "version.json"
    path.write_text('{"format": "reflect-export", "version": ' + "9" * 5000 + ', "entries": []}')
    code, _, err = reflect("import", str(path))
    assert code == 1
    assert "holds a number too long to read" in err and 'the value of "version"' in err
    assert not db_path.exists()


LAYOUTS = {
    "reflect's own, one entry a line": None,  # exporters.write_json
    "all on one line": {},
    "pretty-printed (an old export)": {"indent": 2},
    "pretty-printed with tabs, ASCII only": {"indent": "\t", "ensure_ascii": True},
}


def _document() -> dict:
    answers = [
        "plain",
        'quotes " and \\ backslashes',
        "é ü 🙂 \u202e rtl",
        "line\nbreaks\r\n",
        "\x00\x1b[2J control",
        "x" * 70_000,
        "[b]markup[/b]",
        "",
    ]
    return an_export(
        [an_entry(n, answers[n % len(answers)]) for n in range(40)],
        extra={"nested": [1, 2.5, None, True, {"a": []}]},
    )


def _layout(document: dict, layout: dict | None) -> bytes:
    if layout is None:  # as exporters.write_json writes it
        head = {k: v for k, v in document.items() if k != "entries"}
        text = json.dumps(head)[:-1] + ', "entries": ['
        text += ",".join("\n" + json.dumps(e, ensure_ascii=False) for e in document["entries"])
        return (text + "\n]}\n").encode()
    return json.dumps(document, **layout).encode()


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
@pytest.mark.parametrize("read_size", [1, 7, 4096])
def test_every_layout_streams_to_the_same_entries(monkeypatch, layout, read_size: int) -> None:
    """Read a few bytes at a time, every layout gives the entries a whole-document parse gives:
    each cut (inside a string, an escape, a number, a multi-byte character) is read across."""
    document = _document()
    data = _layout(document, layout)
    expected = parse_export(data, "whole")
    assert len(expected) == 40
    monkeypatch.setattr(import_stream, "READ_SIZE", read_size)
    assert list(ExportStream(io.BytesIO(b"\xef\xbb\xbf" + data), "streamed")) == expected


def test_members_after_the_entries_are_still_checked(monkeypatch) -> None:
    monkeypatch.setattr(import_stream, "READ_SIZE", 5)
    late = b'{"entries": [], "format": "reflect-export", "version": 2}'
    with pytest.raises(importer.DataError, match="a version 2 export, from a newer reflect"):
        list(ExportStream(io.BytesIO(late), "late.json"))
    later = b'{"entries": [], "format": "something-else", "version": 1}'
    with pytest.raises(importer.DataError, match="not a reflect export"):
        list(ExportStream(io.BytesIO(later), "later.json"))


def test_the_export_is_read_as_it_is_imported(tmp_path: Path) -> None:
    """After the first entry, only the first megabyte or two of a larger file has been read."""
    entries = [an_entry(n, "word " * 200) for n in range(5000)]
    path = tmp_path / "export.json"
    path.write_bytes(_layout(an_export(entries), None))
    assert path.stat().st_size > 5 * 1024 * 1024
    with path.open("rb") as handle:
        stream = iter(ExportStream(handle, "export.json"))
        assert next(stream).title == "Shift 0"
        assert handle.tell() <= 2 * import_stream.READ_SIZE
        assert sum(1 for _ in stream) == 4999


def test_a_problem_late_in_a_streamed_file_imports_nothing(cli, db_path: Path, tmp_path: Path):
    """Thousands of good entries are written as they are read, in one transaction: a bad one at
    the very end undoes them all."""
    entries = [an_entry(n) for n in range(4500)]
    entries.append({**an_entry(9999), "mood": "very"})
    path = tmp_path / "export.json"
    path.write_bytes(_layout(an_export(entries), None))
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert "entries[4500].mood: must be a whole number" in result.output
    assert "Nothing was imported" in result.output
    assert count_entries(db_path) == 0
    entries.pop()
    path.write_bytes(_layout(an_export(entries), None))
    assert cli("import", str(path)).exit_code == 0
    assert count_entries(db_path) == 4500


def test_reflects_own_export_round_trips_through_the_stream(cli, monkeypatch) -> None:
    assert cli("quick", "--title", "First", "one").exit_code == 0
    assert cli("quick", "--title", "Second", "two").exit_code == 0
    exported = cli("export", "--format", "json").stdout
    monkeypatch.setattr(import_stream, "READ_SIZE", 3)
    entries = list(ExportStream(io.BytesIO(exported.encode()), "mine", lambda *_: None))
    assert sorted(e.title for e in entries) == ["First", "Second"]


# -- search: bounded snippets -----------------------------------------------------------------


@pytest.fixture
def hostile_journal(cli, tmp_path: Path) -> None:
    """Answers of one word repeated 40,000 times, of a megabyte, and of one megabyte-long word."""
    answers = [
        "word " * 40_000,
        "word " * 200_000,
        "handover " + "x" * 1_000_000,
        "🙂" * 300_000 + " word",
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(an_export([an_entry(n, a) for n, a in enumerate(answers)])))
    assert cli("import", str(path)).exit_code == 0


@pytest.mark.usefixtures("hostile_journal")
@pytest.mark.parametrize("query", ["word", "handover", "🙂", "x" * 5000])
def test_a_search_over_huge_answers_is_quick_and_its_snippets_short(query: str) -> None:
    code, out, _ = reflect("search", "--json", query, timeout=10)
    assert code == 0
    hits = json.loads(out)
    assert query == "x" * 5000 or hits
    for hit in hits:
        assert len(hit["snippet"]) <= SNIPPET_WIDTH + 2  # and a "…" at each end
    code, out, _ = reflect("search", query, timeout=10)
    assert code == 0
    assert len(out) < 2000 * max(1, len(hits))  # titles and snippets cut on screen


@pytest.mark.usefixtures("hostile_journal")
@pytest.mark.parametrize(
    "query",
    ["% " * 999, " ".join(f"%{n}" for n in range(999)), " ".join(["word"] * 999)],
    ids=["one piece 999 times", "999 pieces", "one word 999 times"],
)
def test_a_query_of_hundreds_of_pieces_is_answered(query: str) -> None:
    code, out, err = reflect("search", query, timeout=10)
    assert code == 0, err
    assert "too large" not in out + err
    assert len(out) < 20_000


# -- numbers and dates the calendar cannot hold -------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["list", "--since", "10000000000d"], "further back or ahead than reflect can count"),
        (["list", "--since", "9" * 5000 + "d"], "further back or ahead than reflect can count"),
        (["review", "--since", "999999d"], "further back or ahead than reflect can count"),
        (["review", "--since", "1d", "--until", "9999-12-31"], "--until: '9999-12-31'"),
        (["export", "--since", "10000000000d"], "further back or ahead"),
        (["list", "-n", "99999999999999999999999"], "is not in the range"),
        (["search", "-n", "99999999999999999999999", "word"], "is not in the range"),
        (["actions", "-n", "99999999999999999999999"], "is not in the range"),
        (["quick", "--at", "0001-01-01T00:00+05:00", "x"], "further back or ahead"),
        (["quick", "--at", "10000000000d", "x"], "further back or ahead"),
    ],
)
def test_out_of_range_numbers_and_dates_are_command_line_problems(args, said, cli, db_path):
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "database" not in result.output and "doctor" not in result.output
    assert not isinstance(result.exception, (OverflowError, ValueError))


def test_a_review_after_an_early_entry_still_counts(cli) -> None:
    assert cli("quick", "--at", "0001-01-02T00:00+05:00", "early").exit_code == 0
    result = cli("review", "--since", "0001-01-01")
    assert result.exit_code == 0, result.output
    assert cli("review", "--since", "999999d").exit_code == 2


def test_a_period_start_past_the_calendar_is_a_settings_problem(tmp_path: Path) -> None:
    Path(os.environ["REFLECT_CONFIG"]).write_text("[nmc]\nperiod_start = 9999-12-31\n")
    code, _, err = reflect("review")
    assert code == 1
    assert "[nmc] period_start is 9999-12-31" in err
