"""`reflect export --format markdown|csv`: a readable document and a spreadsheet, safely."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from reflect_cli.output.exporters import guard_cell

ROLFE_ANSWERS = (
    "what: |-\n"
    '  Family asked "why the delay?", twice;\n'
    "  I explained, then sat with them\n"
    "so_what: Listening, not just telling, calmed the room\n"
    "now_what: |\n"
    "  Sit down for hard conversations\n"
    "  Ask a colleague to cover my bleep\n"
)
QUICK_ANSWERS = (
    "mood: 4\nwhat_mattered: A good handover\nkindness: Tea with the night team\ntomorrow: Rest\n"
)


@pytest.fixture
def four(cli) -> dict[str, dict]:
    """Four entries over three months; the first action of the Rolfe entry is done."""
    assert cli("quick", "January one, with a comma", "--at", "2026-01-10", "-t", "a").exit_code == 0
    assert cli("quick", "=cmd|' /C calc'!A0", "--at", "2026-02-10", "-t", "b").exit_code == 0
    result = cli(
        "rolfe", "--answers", "-", "--at", "2026-03-10", "-t", "c", "-t", "d", input=ROLFE_ANSWERS
    )
    assert result.exit_code == 0, result.output
    result = cli("quick", "--answers", "-", "--at", "2026-03-12", input=QUICK_ANSWERS)
    assert result.exit_code == 0, result.output
    entries = json.loads(cli("export").stdout)["entries"]
    action = entries[2]["actions"][0]["id"]
    result = cli("actions", "done", action[:8], "--note", "Worked well")
    assert result.exit_code == 0, result.output
    return {e["title"]: e for e in json.loads(cli("export").stdout)["entries"]}


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# -- markdown ------------------------------------------------------------------------------


def test_markdown_has_a_title_and_one_section_per_entry(cli, four) -> None:
    result = cli("export", "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Reflections\n")
    assert "*2026-01-10 to 2026-03-12 · 4 reflections*" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {title}" for title in four]


def test_markdown_has_every_question_and_answer(cli, four) -> None:
    text = cli("export", "--format", "markdown").stdout
    for entry in four.values():
        for step in entry["steps"]:
            if step["kind"] == "actions" and entry["actions"]:
                continue  # listed under Actions instead
            assert f"> {step['question']}" in text
            assert (step["answer"] or "*(left empty)*") in text
    assert "- [x] Sit down for hard conversations (done " in text
    assert ": Worked well)" in text
    assert "- [ ] Ask a colleague to cover my bleep" in text


def test_markdown_with_nothing_to_export_says_so(cli) -> None:
    result = cli("export", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Reflections\n")
    assert "No reflections matched" in result.stdout


# -- csv -----------------------------------------------------------------------------------


def test_csv_header_and_one_row_per_entry(cli, four) -> None:
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = rows_of(result.stdout)
    assert rows[0] == [
        "id",
        "created_at",
        "framework",
        "title",
        "tags",
        "mood",
        "what_mattered",
        "what",
        "so_what",
        "now_what",
        "mood (answer)",  # the quick entry's mood step: not a second "mood" column
        "kindness",
        "tomorrow",
        "actions",
    ]
    assert len(rows) == 1 + len(four)
    assert [row[0] for row in rows[1:]] == [e["id"] for e in four.values()]


def test_csv_cells_keep_commas_quotes_and_newlines(cli, four) -> None:
    rows = rows_of(cli("export", "--format", "csv").stdout)
    header = rows[0]
    rolfe = dict(zip(header, rows[3], strict=True))
    assert rolfe["what"] == 'Family asked "why the delay?", twice;\nI explained, then sat with them'
    assert rolfe["tags"] == "c; d"
    assert rolfe["framework"] == "rolfe"
    assert rolfe["mood"] == ""
    assert rolfe["actions"] == (
        "[x] Sit down for hard conversations\n[ ] Ask a colleague to cover my bleep"
    )
    january = dict(zip(header, rows[1], strict=True))
    assert january["what_mattered"] == "January one, with a comma"
    assert january["what"] == ""
    quick = dict(zip(header, rows[4], strict=True))
    assert quick["mood"] == "4" and quick["mood (answer)"] == "4"
    assert quick["kindness"] == "Tea with the night team"


def test_csv_guards_against_spreadsheet_formulas(cli, four) -> None:
    rows = rows_of(cli("export", "--format", "csv").stdout)
    february = dict(zip(rows[0], rows[2], strict=True))
    assert february["title"] == "'=cmd|' /C calc'!A0"
    assert february["what_mattered"] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 7700 900000", "'+44 7700 900000"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-2", "-2"),  # a plain number is not a formula
        ("Calm night", "Calm night"),
        ("", ""),
    ],
)
def test_guard_cell(cell: str, safe: str) -> None:
    assert guard_cell(cell) == safe


def test_format_name_is_not_case_sensitive(cli, four) -> None:
    result = cli("export", "--format", "CSV")
    assert result.exit_code == 0
    assert result.stdout.startswith("id,created_at,")


# -- filters and --output, for every format ------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--since", "2026-02-01", "--until", "2026-03-10"], {"February", "March"}),
        (["--tag", "a"], {"January"}),
        (["--framework", "rolfe"], {"March"}),
    ],
)
def test_filters_and_output_with_each_format(
    cli, four, tmp_path: Path, fmt: str, options: list[str], expected: set[str]
) -> None:
    markers = {
        "January": "January one",
        "February": "calc",
        "March": "why the delay",
        "Quick": "Tea with the night team",
    }
    out = tmp_path / f"out.{fmt}"
    result = cli("export", "--format", fmt, *options, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    noun = "entry" if len(expected) == 1 else "entries"
    assert f"Exported {len(expected)} {noun} to {out}" in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(f".out.{fmt}.*"))
    text = out.read_text(encoding="utf-8")
    found = {name for name, marker in markers.items() if marker in text}
    assert found == expected
    if fmt != "json":  # json differs by exported_at
        assert cli("export", "--format", fmt, *options).stdout == text


def test_bad_format_lists_the_formats(cli) -> None:
    result = cli("export", "--format", "pdf")
    assert result.exit_code == 2
    assert "json, markdown, csv" in result.stderr


def test_export_help_lists_the_formats(cli) -> None:
    result = cli("export", "--help")
    assert result.exit_code == 0
    assert all(name in result.stdout for name in ("json", "markdown", "csv"))
