"""One JSON shape per thing: an action is the same object in `actions --json`, `review --json`,
the export and `show --json`, and an export from before it gained keys still imports."""

from __future__ import annotations

import json

ACTION_KEYS = {"id", "text", "entry_id", "entry_title", "created_at", "done_at", "note", "due"}


def _journal(cli) -> None:
    cli(
        "rolfe", "--title", "Missed handover", "--answers", "-",
        input="what: A missed handover\nnow_what: |\n  Use SBAR\n  Ask for help early\n",
    )
    first = json.loads(cli("actions", "--json").stdout)[0]["id"]
    assert cli("actions", "done", first, "--note", "Calmer handovers").exit_code == 0


def test_an_action_is_one_object_everywhere(cli, exported) -> None:
    _journal(cli)
    listed = json.loads(cli("actions", "--all", "--json").stdout)
    review = json.loads(cli("review", "--json").stdout)
    in_review = review["done_actions"] + review["open_actions"]
    (entry,) = exported()
    shown = json.loads(cli("show", entry["id"][:8], "--json").stdout)

    assert len(listed) == 2
    assert all(set(action) == ACTION_KEYS for action in listed)
    by_id = {action["id"]: action for action in listed}
    assert {a["id"]: a for a in in_review} == by_id
    assert {a["id"]: a for a in entry["actions"]} == by_id
    assert {a["id"]: a for a in shown["actions"]} == by_id
    done = next(a for a in listed if a["done_at"])
    assert (done["text"], done["note"], done["entry_title"]) == (
        "Use SBAR", "Calmer handovers", "Missed handover"
    )


def test_an_export_with_the_old_action_object_still_imports(cli, exported) -> None:
    _journal(cli)
    document = json.loads(cli("export").stdout)
    assert document["format"] == "reflect-export" and document["version"] == 1
    for action in document["entries"][0]["actions"]:  # as exports had them before
        for key in ("entry_id", "entry_title", "created_at"):
            del action[key]
    entry_id = document["entries"][0]["id"]
    assert cli("delete", entry_id, "--yes").exit_code == 0
    result = cli("import", "-", input=json.dumps(document))
    assert result.exit_code == 0, result.output
    assert "Imported: 1 new" in result.stdout
    (entry,) = exported()
    assert [(a["text"], a["note"]) for a in entry["actions"]] == [
        ("Use SBAR", "Calmer handovers"), ("Ask for help early", None)
    ]
    assert all(set(a) == ACTION_KEYS for a in entry["actions"])
