"""`reflect export --format json`: the documented interchange format."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest


@pytest.fixture
def three(cli) -> None:
    cli("quick", "January one", "--at", "2026-01-10", "-t", "a")
    cli("quick", "February one", "--at", "2026-02-10", "-t", "b")
    cli("rolfe", "--answers", "-", "--at", "2026-03-10", input="what: March\nnow_what: Act\n")


def test_export_document_shape(cli, three) -> None:
    result = cli("export")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["format"] == "reflect-export" and document["version"] == 1
    assert document["exported_at"][19] in "+-Z"
    entries = document["entries"]
    assert [e["title"] for e in entries] == ["January one", "February one", "March"]
    keys = {
        "id",
        "framework",
        "created_at",
        "updated_at",
        "title",
        "tags",
        "mood",
        "starred",
        "audio",
        "steps",
        "actions",
    }
    assert all(set(e) == keys for e in entries)
    assert set(entries[2]["steps"][0]) == {"key", "title", "question", "kind", "answer"}
    assert set(entries[2]["actions"][0]) == {
        "id", "text", "entry_id", "entry_title", "created_at", "done_at", "note", "due"
    }


def test_export_filters(exported, three) -> None:
    assert [e["title"] for e in exported("--since", "2026-02-01")] == ["February one", "March"]
    assert [e["title"] for e in exported("--until", "2026-02-10")] == [
        "January one",
        "February one",
    ]
    assert [e["title"] for e in exported("--tag", "b")] == ["February one"]
    assert [e["title"] for e in exported("--framework", "rolfe")] == ["March"]


def test_export_to_file_is_private(cli, three, tmp_path: Path) -> None:
    out = tmp_path / "backup.json"
    result = cli("export", "-o", str(out))
    assert result.exit_code == 0
    assert "Exported 3 entries" in result.stderr
    assert len(json.loads(out.read_text())["entries"]) == 3
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".backup.json.*"))


def test_export_to_unwritable_place(cli, three, tmp_path: Path) -> None:
    result = cli("export", "-o", str(tmp_path / "no" / "such" / "dir" / "x.json"))
    assert result.exit_code == 1
    assert "Cannot write" in result.stderr


def test_export_bad_format_and_date(cli) -> None:
    assert cli("export", "--format", "pdf").exit_code == 2
    result = cli("export", "--since", "someday")
    assert result.exit_code == 2 and "--since" in result.stderr


# -- spreadsheets: --excel -------------------------------------------------------------------


def test_csv_for_excel_starts_with_a_byte_order_mark(cli, tmp_path: Path) -> None:
    import csv

    cli("quick", "Tulimhudumia mama kwa upole 🙏🏽 usiku wa leo", "-t", "huruma")
    out = tmp_path / "reflections.csv"
    result = cli("export", "--format", "csv", "--excel", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,created_at,") and data.count(b"\xef\xbb\xbf") == 1
    assert "Tulimhudumia mama kwa upole 🙏🏽 usiku wa leo".encode() in data
    plain = cli("export", "--format", "csv").stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert data[3:] == plain
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "id" and rows[1][3] == "Tulimhudumia mama kwa upole 🙏🏽 usiku wa leo"
    assert cli("export", "-f", "csv", "--excel").stdout_bytes.startswith(b"\xef\xbb\xbfid,")


@pytest.mark.parametrize("fmt", [None, "json", "markdown", "nmc"])
def test_excel_goes_only_with_csv(cli, three, tmp_path: Path, fmt: str | None) -> None:
    out = tmp_path / "export.out"
    args = ["export", "--excel", "-o", str(out)] + (["--format", fmt] if fmt else [])
    result = cli(*args)
    assert result.exit_code == 2
    assert f"--excel goes with --format csv, not with {fmt or 'json'}." in result.stderr
    assert "reflect export --format csv --excel" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2 and "Traceback" not in result.output
    assert result.stdout == "" and not out.exists()
