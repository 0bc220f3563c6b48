"""`reflect import FILE`: a JSON export merged back in by entry id, all or nothing."""

from __future__ import annotations

import copy
import json
import sqlite3
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect_cli.core import frameworks
from reflect_cli.core.frameworks import KINDS

TABLES = ("entries", "steps", "tags", "actions")
ROLFE_ANSWERS = (
    "what: |-\n  A fall on the ward at 3 a.m.\n  Nobody hurt, but it shook us\n"
    "so_what: We were short of staff\n"
    "now_what: |\n  Ask for a bed alarm\n  Raise staffing at the huddle\n"
)


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def document(*entries: dict) -> dict:
    return {
        "format": "reflect-export",
        "version": 1,
        "exported_at": "2026-11-22T18:03:11+03:00",
        "entries": list(entries),
    }


def an_entry(n: int = 0, **changes) -> dict:
    entry = {
        "id": str(uuid.UUID(int=n + 1)),
        "framework": "rolfe",
        "created_at": f"2026-03-{10 + n:02d}T21:14:00+03:00",
        "updated_at": f"2026-03-{10 + n:02d}T21:20:00+03:00",
        "title": f"Entry {n}",
        "tags": ["nights"],
        "mood": 3,
        "steps": [
            {
                "key": "what",
                "title": "What?",
                "question": "What happened?",
                "kind": "text",
                "answer": f"Answer {n}",
            },
            {
                "key": "now_what",
                "title": "Now what?",
                "question": "What next?",
                "kind": "actions",
                "answer": "Do it",
            },
        ],
        "actions": [
            {"id": str(uuid.UUID(int=1000 + n)), "text": "Do it", "done_at": None, "note": None}
        ],
    }
    entry.update(changes)
    return entry


def write(path: Path, data: dict | str | bytes) -> Path:
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.fixture
def entries(cli) -> None:
    """Three entries of different frameworks; one action is done, with a note."""
    assert cli("quick", "Calm night — 😊 «ok»", "--at", "2026-01-10", "-t", "nights").exit_code == 0
    result = cli(
        "rolfe", "--answers", "-", "--at", "2026-02-10", "-t", "falls", input=ROLFE_ANSWERS
    )
    assert result.exit_code == 0, result.output
    result = cli(
        "quick",
        "--answers",
        "-",
        "--at",
        "2026-03-12",
        input="mood: 2\nwhat_mattered: Hard day\nkindness: A hug\ntomorrow: Eat lunch\n",
    )
    assert result.exit_code == 0, result.output
    action = json.loads(cli("export").stdout)["entries"][1]["actions"][0]["id"]
    assert cli("actions", "done", action, "--note", "Alarm fitted").exit_code == 0


@pytest.fixture
def other(tmp_path: Path):
    """Run a command against a second, empty database."""
    db = tmp_path / "other" / "reflect.db"

    def run(cli, *args: str, input: str | bytes | None = None):
        return cli("--db", str(db), *args, input=input)

    run.db = db
    return run


def entries_of(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["entries"]


# -- the round trip ------------------------------------------------------------------------


def test_round_trip_gives_the_same_entries(cli, entries, other, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    assert cli("export", "-o", str(backup)).exit_code == 0
    before = json.loads(backup.read_text())["entries"]
    result = other(cli, "import", str(backup))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported: 3 new, 0 updated, 0 unchanged.\n"
    after = entries_of(other(cli, "export"))
    assert after == before
    done = after[1]["actions"][0]
    assert done["done_at"] and done["note"] == "Alarm fitted"
    for fmt in ("markdown", "csv"):
        assert other(cli, "export", "-f", fmt).stdout == cli("export", "-f", fmt).stdout


def test_imported_entries_behave_like_written_ones(cli, entries, other, tmp_path: Path) -> None:
    backup = write(tmp_path / "b.json", cli("export").stdout)
    assert other(cli, "import", str(backup)).exit_code == 0
    assert len(entries_of(other(cli, "export", "--since", "2026-02-01"))) == 2
    assert len(entries_of(other(cli, "export", "--tag", "falls"))) == 1
    assert other(cli, "drafts", "--json").stdout.strip() == "[]"


def test_importing_twice_adds_nothing(cli, entries, other, tmp_path: Path) -> None:
    backup = write(tmp_path / "b.json", cli("export").stdout)
    assert other(cli, "import", str(backup)).exit_code == 0
    rows = counts(other.db)
    result = other(cli, "import", str(backup))
    assert result.exit_code == 0
    assert result.stdout == "Imported: 0 new, 0 updated, 3 unchanged.\n"
    assert counts(other.db) == rows
    # and into the database it came from
    assert cli("import", str(backup)).stdout == "Imported: 0 new, 0 updated, 3 unchanged.\n"


def test_stdin(cli, entries, other) -> None:
    result = other(cli, "import", "-", input=cli("export").stdout)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Imported: 3 new")


# -- merging by updated_at -----------------------------------------------------------------


def test_a_newer_copy_replaces_and_an_older_one_is_ignored(cli, db_path, tmp_path: Path) -> None:
    assert (
        cli("import", str(write(tmp_path / "a.json", document(an_entry(0), an_entry(1))))).exit_code
        == 0
    )
    newer = an_entry(
        1,
        updated_at="2026-03-12T09:00:00+03:00",
        title="Edited on the laptop",
        tags=["laptop"],
        actions=[],
    )
    newer["steps"][0]["answer"] = "Rewritten"
    result = cli("import", str(write(tmp_path / "b.json", document(an_entry(0), newer))))
    assert result.stdout == "Imported: 0 new, 1 updated, 1 unchanged.\n"
    entry = entries_of(cli("export"))[1]
    assert entry["title"] == "Edited on the laptop"
    assert entry["tags"] == ["laptop"]
    assert entry["steps"][0]["answer"] == "Rewritten"
    assert entry["actions"] == []
    assert counts(db_path)["actions"] == 1

    older = an_entry(1, updated_at="2026-03-11T08:00:00+03:00", title="Old copy")
    result = cli("import", str(write(tmp_path / "c.json", document(older))))
    assert result.stdout == "Imported: 0 new, 0 updated, 1 unchanged.\n"
    assert entries_of(cli("export"))[1]["title"] == "Edited on the laptop"


def test_updated_at_is_compared_as_a_moment_not_as_text(cli, tmp_path: Path) -> None:
    here = an_entry(0, updated_at="2026-03-10T12:00:00+00:00")
    assert cli("import", str(write(tmp_path / "a.json", document(here)))).exit_code == 0
    # 11:30 at UTC-1 is 12:30 UTC: later, though it sorts earlier as text
    later = an_entry(0, updated_at="2026-03-10T11:30:00-01:00", title="Later")
    result = cli("import", str(write(tmp_path / "b.json", document(later))))
    assert result.stdout == "Imported: 0 new, 1 updated, 0 unchanged.\n"
    # 14:00 at +03:00 is 11:00 UTC: earlier, though it sorts later as text
    earlier = an_entry(0, updated_at="2026-03-10T14:00:00+03:00", title="Earlier")
    result = cli("import", str(write(tmp_path / "c.json", document(earlier))))
    assert result.stdout == "Imported: 0 new, 0 updated, 1 unchanged.\n"
    assert entries_of(cli("export"))[0]["title"] == "Later"


def test_a_draft_here_is_replaced_by_a_newer_entry(cli, store, tmp_path: Path) -> None:
    draft_id = store.start_draft(frameworks.get("rolfe"), title="Half written")
    store.save_answer(draft_id, "what", "Only this")
    stamp = store.get(draft_id).updated_at
    older = an_entry(0, id=draft_id, updated_at="2000-01-01T00:00:00+00:00")
    result = cli("import", str(write(tmp_path / "a.json", document(older))))
    assert result.stdout == "Imported: 0 new, 0 updated, 1 unchanged.\n"
    assert store.get(draft_id).status == "draft"

    newer = an_entry(0, id=draft_id, updated_at="2099-01-01T00:00:00+00:00")
    result = cli("import", str(write(tmp_path / "b.json", document(newer))))
    assert result.stdout == "Imported: 0 new, 1 updated, 0 unchanged.\n"
    entry = store.get(draft_id)
    assert entry.status == "done" and entry.updated_at != stamp
    assert [s.answer for s in entry.steps] == ["Answer 0", "Do it"]
    assert cli("drafts", "--json").stdout.strip() == "[]"


def test_an_action_id_used_by_another_entry_gets_a_new_id(cli, db_path, tmp_path: Path) -> None:
    first = an_entry(0)
    assert cli("import", str(write(tmp_path / "a.json", document(first)))).exit_code == 0
    clash = an_entry(1, actions=[dict(first["actions"][0], text="Same id, other entry")])
    result = cli("import", str(write(tmp_path / "b.json", document(clash))))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported: 1 new, 0 updated, 0 unchanged.\n"
    exported = entries_of(cli("export"))
    assert exported[0]["actions"][0]["id"] == first["actions"][0]["id"]
    moved = exported[1]["actions"][0]
    assert moved["text"] == "Same id, other entry"
    assert moved["id"] != first["actions"][0]["id"]
    uuid.UUID(moved["id"])
    assert counts(db_path)["actions"] == 2


def test_the_same_action_id_twice_in_one_file(cli, db_path, tmp_path: Path) -> None:
    action = {"id": str(uuid.uuid4()), "text": "Twice", "done_at": None, "note": None}
    doc = document(an_entry(0, actions=[action]), an_entry(1, actions=[action]))
    result = cli("import", str(write(tmp_path / "a.json", doc)))
    assert result.stdout == "Imported: 2 new, 0 updated, 0 unchanged.\n"
    assert counts(db_path)["actions"] == 2


def test_a_failure_part_way_writes_nothing(store, db_path, monkeypatch) -> None:
    """All the entries go in one transaction: a failure on the last leaves no trace."""
    from reflect_cli.core.importer import parse_export
    from reflect_cli.db.connection import Tables

    entries = parse_export(json.dumps(document(*(an_entry(n) for n in range(3)))), "test")
    real = Tables.insert_all

    def fail_on_the_last_table(self, table, rows, ignore=False):
        if table == "actions":  # written last, after the entries, steps and tags
            raise sqlite3.OperationalError("disk I/O error")
        real(self, table, rows, ignore)

    monkeypatch.setattr(Tables, "insert_all", fail_on_the_last_table)
    before = counts(db_path)
    with pytest.raises(sqlite3.OperationalError):
        store.import_entries(entries)
    assert counts(db_path) == before


# -- what is filled in ---------------------------------------------------------------------


def test_a_step_without_kind_takes_it_from_the_framework_here(cli, tmp_path: Path) -> None:
    entry = an_entry(0, framework="quick")
    entry["steps"] = [
        {"key": "mood", "title": "Mood", "question": "How are you?", "answer": "4"},
        {"key": "invented", "title": "New", "question": "?", "answer": "x"},
    ]
    assert cli("import", str(write(tmp_path / "a.json", document(entry)))).exit_code == 0
    steps = entries_of(cli("export"))[0]["steps"]
    assert [s["kind"] for s in steps] == ["scale", "text"]


def test_tags_are_stored_as_reflect_stores_them(cli, tmp_path: Path) -> None:
    entry = an_entry(0, tags=["#Handover", " handover ", "Nights", "  "])
    assert cli("import", str(write(tmp_path / "a.json", document(entry)))).exit_code == 0
    assert entries_of(cli("export"))[0]["tags"] == ["handover", "nights"]
    assert len(entries_of(cli("export", "--tag", "handover"))) == 1


def test_unknown_fields_are_ignored(cli, tmp_path: Path) -> None:
    entry = an_entry(0, location="ward 7")
    entry["steps"][0]["hint"] = "added in a later version"
    doc = dict(document(entry), device="laptop")
    result = cli("import", str(write(tmp_path / "a.json", doc)))
    assert result.exit_code == 0, result.output


# -- refused, with nothing written ---------------------------------------------------------


def _set(path: tuple, value: object):
    def change(doc: dict) -> None:
        target = doc
        for part in path[:-1]:
            target = target[part]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()
LAST = ("entries", 2)

BAD_FILES = {
    "answer not text": (
        _set((*LAST, "steps", 1, "answer"), 3),
        "entries[2].steps[1].answer: must be text",
    ),
    "answer null": (
        _set((*LAST, "steps", 0, "answer"), None),
        "entries[2].steps[0].answer: must be text",
    ),
    "id not a uuid": (
        _set((*LAST, "id"), "not-a-uuid"),
        "entries[2].id: 'not-a-uuid' is not a UUID",
    ),
    "no offset": (
        _set((*LAST, "created_at"), "2026-03-12T21:14:00"),
        "entries[2].created_at: '2026-03-12T21:14:00' has no UTC offset",
    ),
    "not a date": (
        _set((*LAST, "updated_at"), "last Tuesday"),
        "entries[2].updated_at: 'last Tuesday' is not an ISO date and time",
    ),
    "missing updated_at": (
        _set((*LAST, "updated_at"), _DELETE),
        "entries[2].updated_at: is missing",
    ),
    "mood as text": (_set((*LAST, "mood"), "3"), "entries[2].mood: must be a whole number or null"),
    "mood too large": (_set((*LAST, "mood"), 10**30), "entries[2].mood: is too large a number"),
    "tags not a list": (_set((*LAST, "tags"), "nights"), "entries[2].tags: must be a list of text"),
    "tag not text": (_set((*LAST, "tags"), ["ok", 7]), "entries[2].tags[1]: must be text"),
    "bad step key": (
        _set((*LAST, "steps", 0, "key"), "Bad Key"),
        "entries[2].steps[0].key: 'Bad Key' must match [a-z0-9_]+",
    ),
    "bad kind": (
        _set((*LAST, "steps", 0, "kind"), "essay"),
        "entries[2].steps[0].kind: must be one of: text, line",
    ),
    "duplicate step key": (
        _set((*LAST, "steps", 1, "key"), "what"),
        "entries[2].steps[1].key: 'what' is already used by entries[2].steps[0]",
    ),
    "steps missing": (_set((*LAST, "steps"), _DELETE), "entries[2].steps: is missing"),
    "bad done_at": (
        _set((*LAST, "actions", 0, "done_at"), "yesterday"),
        "entries[2].actions[0].done_at: 'yesterday' is not an ISO date and time",
    ),
    "action id": (
        _set((*LAST, "actions", 0, "id"), 12),
        "entries[2].actions[0].id: must be a UUID",
    ),
    "entry not an object": (_set(LAST, "hello"), "entries[2]: must be an object"),
    "duplicate entry id": (
        _set((*LAST, "id"), str(uuid.UUID(int=1))),
        "entries[2].id: the same id as entries[0]",
    ),
    "bad framework": (
        _set((*LAST, "framework"), "My Framework!"),
        "entries[2].framework: 'My Framework!' is not a framework id",
    ),
    "entries not a list": (_set(("entries",), {}), "entries: must be a list"),
    "wrong format": (_set(("format",), "jrnl"), "it is not a reflect export"),
    "version 0": (_set(("version",), 0), "version: must be 1"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_malformed_file_is_refused_and_nothing_is_written(
    cli, db_path, tmp_path: Path, case: str
) -> None:
    assert cli("import", str(write(tmp_path / "ok.json", document(an_entry(5))))).exit_code == 0
    before = counts(db_path)
    doc = document(an_entry(0), an_entry(1), an_entry(2))
    change, message = BAD_FILES[case]
    change(doc)
    result = cli("import", str(write(tmp_path / "bad.json", doc)))
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Nothing was imported" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert counts(db_path) == before


def test_several_problems_are_listed_up_to_three(cli, tmp_path: Path) -> None:
    entries = [an_entry(n, id="x") for n in range(5)]
    result = cli("import", str(write(tmp_path / "bad.json", document(*entries))))
    assert result.exit_code == 1
    assert "entries[0].id" in result.stderr and "entries[2].id" in result.stderr
    assert "(and 2 more)" in result.stderr


def test_a_lone_surrogate_is_refused(cli, db_path, tmp_path: Path) -> None:
    text = json.dumps(document(an_entry(0))).replace("Answer 0", "\\ud800")
    result = cli("import", str(write(tmp_path / "bad.json", text)))
    assert result.exit_code == 1
    assert "entries[0].steps[0].answer: holds a character that is not valid Unicode" in (
        result.stderr
    )
    assert not db_path.exists()  # checked before the database is even opened


def test_a_newer_version_asks_for_an_upgrade(cli, db_path, tmp_path: Path) -> None:
    doc = dict(document(an_entry(0)), version=2)
    result = cli("import", str(write(tmp_path / "new.json", doc)))
    assert result.exit_code == 1
    assert "version 2" in result.stderr and "newer reflect" in result.stderr
    assert "Upgrade reflect" in result.stderr
    assert not db_path.exists()


def test_not_utf8(cli, tmp_path: Path) -> None:
    result = cli("import", str(write(tmp_path / "latin.json", "café".encode("latin-1"))))
    assert result.exit_code == 1
    assert "latin.json is not UTF-8 text" in result.stderr


def test_not_json(cli, tmp_path: Path) -> None:
    result = cli("import", str(write(tmp_path / "notes.json", "Dear diary,\n")))
    assert result.exit_code == 1
    assert "notes.json is not valid JSON" in result.stderr


def test_not_json_on_stdin(cli) -> None:
    result = cli("import", "-", input="{")
    assert result.exit_code == 1
    assert "The export on stdin is not valid JSON" in result.stderr


def test_json_nested_too_deeply(cli) -> None:
    result = cli("import", "-", input="[" * 100_000)
    assert result.exit_code == 1
    assert "nested too deeply" in result.stderr


def test_a_utf8_byte_order_mark_is_fine(cli, tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(document(an_entry(0))).encode()
    result = cli("import", str(write(tmp_path / "bom.json", raw)))
    assert result.stdout == "Imported: 1 new, 0 updated, 0 unchanged.\n"


def test_a_missing_file(cli, tmp_path: Path) -> None:
    result = cli("import", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 2
    assert "Cannot read" in result.stderr and "nowhere.json" in result.stderr


def test_help_has_an_example(cli) -> None:
    result = cli("import", "--help")
    assert result.exit_code == 0
    assert "Example: reflect import" in result.stdout


# -- the round trip, for any text ----------------------------------------------------------

# Arbitrary Unicode, NUL and other control characters included. Lone surrogates cannot be
# written as UTF-8 at all, so hypothesis's text() leaves them out (they are refused: see above).
any_text = st.text(max_size=40)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.builds(
    lambda moment, zone: moment.replace(microsecond=0, tzinfo=zone).isoformat(),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)),
    offsets,
)
step_keys = st.from_regex(r"[a-z0-9_]{1,10}", fullmatch=True)
steps = st.lists(
    st.fixed_dictionaries(
        {"key": step_keys, "title": any_text, "question": any_text, "answer": any_text},
        optional={"kind": st.sampled_from(KINDS)},
    ),
    max_size=4,
    unique_by=lambda step: step["key"],
)
actions = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.uuids().map(str),
            "text": any_text.filter(str.strip),
            "done_at": st.none() | moments,
            "note": st.none() | any_text,
        }
    ),
    max_size=3,
)
export_entries = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.uuids().map(str),
            "framework": st.sampled_from(["gibbs", "rolfe", "quick"])
            | st.from_regex(r"[a-z0-9][a-z0-9_-]{0,12}", fullmatch=True),
            "created_at": moments,
            "updated_at": moments,
            "title": any_text,
            "tags": st.lists(any_text, max_size=4),
            "mood": st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1),
            "steps": steps,
            "actions": actions,
        }
    ),
    max_size=4,
    unique_by=lambda entry: entry["id"],
)


def _clean_tags(tags: list[str]) -> list[str]:
    cleaned = (t.strip().lstrip("#").strip().lower() for t in tags)
    return [t for t in dict.fromkeys(cleaned) if t]


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=export_entries)
@example(
    generated=[
        {
            "id": "0f8e2c8a-5d4e-4c1b-9a53-8e1f4f2b7a10",
            "framework": "gibbs",
            "created_at": "2026-11-20T21:14:00+03:00",
            "updated_at": "2026-11-20T21:20:41+05:45",
            "title": "=Nul\x00 · emoji 🩺👩🏽‍⚕️ · עברית · \u200b",
            "tags": ["#Nachtdienst", "ÉQUIPE", "🩺"],
            "mood": -3,
            "steps": [
                {"key": "description", "title": "", "question": "\r\n", "answer": "a\nb\r\n\x00\t"},
                {
                    "key": "action_plan",
                    "title": "Plan",
                    "question": "?",
                    "answer": "",
                    "kind": "actions",
                },
            ],
            "actions": [
                {
                    "id": "5b1c9e0e-0000-4000-8000-000000000001",
                    "text": "\x00 ✓",
                    "done_at": "2026-11-21T08:00:00-01:00",
                    "note": "\n",
                }
            ],
        }
    ]
)
def test_round_trip_of_any_text(cli, tmp_path_factory, generated: list[dict]) -> None:
    base = tmp_path_factory.mktemp("roundtrip")
    first, second = str(base / "first.db"), str(base / "second.db")
    source = write(base / "generated.json", document(*copy.deepcopy(generated)))

    result = cli("--db", first, "import", str(source))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Imported: {len(generated)} new, 0 updated, 0 unchanged.\n"
    exported = cli("--db", first, "export", "--include-marked").stdout
    once = json.loads(exported)["entries"]
    assert cli("--db", second, "import", "-", input=exported).exit_code == 0
    twice = entries_of(cli("--db", second, "export", "--include-marked"))
    assert twice == once

    again = cli("--db", first, "import", "-", input=exported)
    assert again.stdout == f"Imported: 0 new, 0 updated, {len(generated)} unchanged.\n"

    # and what was written survives exactly
    by_id = {entry["id"]: entry for entry in once}
    assert set(by_id) == {entry["id"] for entry in generated}
    for entry in generated:
        got = by_id[entry["id"]]
        for name in ("framework", "created_at", "updated_at", "title", "mood"):
            assert got[name] == entry[name]
        assert got["tags"] == _clean_tags(entry["tags"])
        assert [(s["key"], s["question"], s["answer"]) for s in got["steps"]] == [
            (s["key"], s["question"], s["answer"]) for s in entry["steps"]
        ]
        assert [s["title"] for s in got["steps"]] == [
            s["title"] or s["key"] for s in entry["steps"]
        ]
        assert [(a["text"], a["done_at"], a["note"]) for a in got["actions"]] == [
            (a["text"], a["done_at"], a["note"]) for a in entry["actions"]
        ]


def test_imported_text_is_searchable_and_the_index_consistent(
    cli, tmp_path: Path, db_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large imports write in batches and index in one pass at the end; the result must match
    row-by-row indexing."""
    monkeypatch.setattr("reflect_cli.db.bulk.IMPORT_BATCH", 2)
    cli("quick", "an entry written here first about sepsis")
    entries = [an_entry(n) for n in range(5)]
    entries[3]["steps"][0]["answer"] = "Escalated the deteriorating patient early"
    assert cli("import", str(write(tmp_path / "a.json", document(*entries)))).exit_code == 0
    assert "deteriorating" in cli("search", "deteriorate").stdout
    assert "sepsis" in cli("search", "sepsis").stdout
    with sqlite3.connect(db_path) as conn:
        for table in ("steps_fts", "entries_fts"):
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES('integrity-check', 1)")
        names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in names}
    assert {"steps_ai", "entries_ai"} <= triggers
    cli("quick", "written after the import about handover")
    assert "handover" in cli("search", "handover").stdout
