"""The identifier guard on entries (privacy.py) and the marks in the store."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from reflect_cli.core import clock, frameworks, privacy
from reflect_cli.db.store import Store


def add(store: Store, text: str, **extra) -> str:
    answers = {"what": text, "now_what": extra.pop("actions", "")}
    return store.create_entry(frameworks.get("rolfe"), answers, **extra).id


def test_entry_findings_cover_title_answers_tags_and_notes(store: Store) -> None:
    entry_id = add(store, "Quiet", title="Call 0712 345 678", tags=["achieng"], actions="Ask")
    (action,) = store.get(entry_id).actions
    store.mark_done(action.id, "Asked Dr Otieno")
    found = privacy.entry_findings(store.get(entry_id), ["Achieng"])
    assert [(f.field, f.finding.kind) for f in found] == [
        ("title", "phone"),
        ("tags", "listed_name"),
        ("note", "title_name"),
    ]
    assert found[0].text == "Call 0712 345 678"


def test_scales_and_choices_are_not_looked_at(store: Store) -> None:
    entry = store.create_entry(frameworks.get("quick"), {"mood": "4"})
    assert privacy.entry_findings(entry) == []


def test_distinct_keeps_one_of_each(store: Store) -> None:
    entry = store.get(add(store, "Mrs Achieng, then Mrs Achieng again"))
    found = privacy.entry_findings(entry)
    assert len(found) == 4  # twice in the default title, twice in the answer
    assert [f.finding.text for f in privacy.distinct(found)] == ["Mrs Achieng"]


def test_recheck_marks_and_unmarks(store: Store) -> None:
    risky, clean = add(store, "Mrs Achieng"), add(store, "Calm")
    found = privacy.recheck(store, store.entries())
    assert [bool(found[risky]), bool(found[clean])] == [True, False]
    assert store.marked_ids() == {risky}
    store.update_entry(risky, "Better", [], {"what": "The patient"})
    before = store.get(risky).updated_at
    privacy.recheck(store, [store.get(risky)])
    assert store.marked_ids() == set()
    assert store.get(risky).updated_at == before  # marking is not editing


def test_count_marked_follows_the_period_tags_and_framework(store: Store) -> None:
    today = clock.now().date()
    old = clock.now() - timedelta(days=20)
    ids = [
        add(store, "Mrs Achieng", tags=["nights"]),
        add(store, "Dr Otieno"),
        add(store, "Mr Kamau", created_at=datetime(old.year, old.month, old.day, 12)),
        add(store, "Calm"),
    ]
    privacy.recheck(store, store.entries())
    assert store.count_marked() == 3
    assert store.count_marked(since=today - timedelta(days=6), until=today) == 2
    assert store.count_marked(tags=["nights"]) == 1
    assert store.count_marked(framework="quick") == 0
    assert store.count_marked(until=date(2000, 1, 1)) == 0
    assert ids[3] not in store.marked_ids()


def test_redact_entry_changes_a_copy(store: Store) -> None:
    entry_id = add(
        store, "Rang 0712 345 678", title="Mrs Achieng", tags=["ward 7"], actions="Ask Dr Otieno"
    )
    entry = store.get(entry_id)
    clean = privacy.redact_entry(entry, ["Ward 7"])
    assert clean.title == "[name]" and clean.tags == ["[name]"]
    assert clean.steps[0].answer == "Rang [phone]"
    assert clean.steps[2].answer == "Ask [name]" and clean.actions[0].text == "Ask [name]"
    assert store.get(entry_id).steps[0].answer == "Rang 0712 345 678"  # the store is untouched
    assert entry.title == "Mrs Achieng"


def test_an_export_leaves_out_marked_entries_and_what_is_found_now(store: Store) -> None:
    marked_only, clean, risky_now = add(store, "Calm a"), add(store, "Calm b"), add(store, "Ward 7")
    left_out = [e.id for e in store.entries() if privacy.leave_out(e, {marked_only}, ("Ward 7",))]
    assert sorted(left_out) == sorted([marked_only, risky_now]) and clean not in left_out


def test_free_text_is_one_list_for_saved_and_imported_entries(store: Store) -> None:
    """Write time, import time and `reflect check` look at the same fields: title, written
    answers, tags, action texts and notes (issue 9, section 7)."""
    import io
    import json

    from reflect_cli.core.importer import parse_export
    from reflect_cli.output.exporters import get_exporter

    entry_id = add(store, "Quiet", title="A night", tags=["nights"], actions="Ask\nRing back")
    store.mark_done(store.get(entry_id).actions[0].id, "Asked")
    saved = store.get(entry_id)
    fields = privacy.free_text(saved)
    assert [field for field, _ in fields] == [
        "title", "what", "now_what", "tags", "action", "action", "note"
    ]
    buffer = io.StringIO()
    get_exporter("json").write([saved], buffer)
    document = json.loads(buffer.getvalue())
    (imported,) = parse_export(json.dumps(document), "test")
    assert privacy.free_text(imported) == fields


def test_action_texts_are_looked_at(store: Store) -> None:
    entry_id = add(store, "Quiet", actions="Ask")
    store.db.execute("UPDATE actions SET text = 'Ring Mrs Achieng' WHERE entry_id = ?", [entry_id])
    found = privacy.entry_findings(store.get(entry_id))
    assert [(f.field, f.finding.text) for f in found] == [("action", "Mrs Achieng")]
