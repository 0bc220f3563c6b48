"""The revalidation logs through the real command line (issue 12): reflect cpd, feedback,
practice and discussion: add, list (--json), edit and delete by id; what they refuse (negative
hours, an unknown --from, --to before --from, a day in the future, an unknown standard); the
identifier guard on feedback; and the logs in the JSON export, read back by import."""

from __future__ import annotations

import json
from datetime import date

import pytest

from reflect_cli.core import clock

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def today():
    with clock.fixed(TODAY):
        yield TODAY


def listed(cli, command: str, *extra: str) -> list[dict]:
    result = cli(command, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def entry_id(cli) -> str:
    result = cli("quick", "A calm night; the SBAR sheet helped")
    assert result.exit_code == 0, result.output
    return json.loads(cli("list", "--json").stdout)[0]["id"]


# -- CPD ------------------------------------------------------------------------------------


def test_cpd_add_list_edit_delete(cli) -> None:
    reflection = entry_id(cli)
    result = cli("cpd", "add", "Sepsis update", "--hours", "2", "--participatory", "--method",
                 "study day", "--date", "2026-05-20", "--standard", "NMC:6", "--standard",
                 "nmc:preserve-safety", "--note", "Screening at triage", "--entry",
                 reflection[:8])
    assert result.exit_code == 0, result.output
    assert "Logged: 2 hours of CPD, Sepsis update (participatory)" in result.stdout
    assert cli("cpd", "add", "Falls e-learning", "--hours", "1:30").exit_code == 0

    (first, second) = listed(cli, "cpd")
    assert first == {
        "id": first["id"], "date": "2026-05-20", "topic": "Sepsis update", "hours": 2,
        "points": None, "participatory": True, "method": "study day",
        "note": "Screening at triage", "entry_id": reflection,
        "standards": ["nmc:6", "nmc:preserve-safety"],
        "created_at": first["created_at"], "updated_at": first["updated_at"],
    }
    assert (second["topic"], second["hours"], second["date"], second["participatory"]) == (
        "Falls e-learning", 1.5, TODAY.isoformat(), False)

    shown = cli("cpd")
    assert shown.exit_code == 0
    assert "2 activities, 3.5 hours (2 participatory)" in shown.stdout

    edited = cli("cpd", "edit", second["id"][:6], "--hours", "2.25", "--participatory",
                 "--standard", "gmc:domain-1")
    assert edited.exit_code == 0, edited.output
    after = listed(cli, "cpd")[1]
    assert (after["hours"], after["participatory"], after["standards"]) == (
        2.25, True, ["gmc:domain-1"])
    assert after["updated_at"] >= second["updated_at"]
    assert cli("cpd", "edit", second["id"][:6], "--not-participatory").exit_code == 0
    assert listed(cli, "cpd")[1]["participatory"] is False

    assert cli("cpd", "delete", second["id"][:8], "--yes").exit_code == 0
    assert [a["topic"] for a in listed(cli, "cpd")] == ["Sepsis update"]


def test_cpd_since_and_until(cli) -> None:
    for day in ("2026-01-10", "2026-03-01", "2026-05-01"):
        assert cli("cpd", "add", f"Topic {day}", "--hours", "1", "--date", day).exit_code == 0
    found = listed(cli, "cpd", "--since", "2026-02-01", "--until", "2026-04-30")
    assert [a["date"] for a in found] == ["2026-03-01"]
    assert "No CPD in those days" in cli("cpd", "--since", "2026-05-02").stdout


@pytest.mark.parametrize("hours", ["-3", "0", "abc", "nan", "inf", "1:75", "20000"])
def test_cpd_refuses_hours_that_are_not_hours(cli, hours: str) -> None:
    result = cli("cpd", "add", "Sepsis update", "--hours", hours)
    assert result.exit_code == 2, result.output
    assert "--hours" in result.stderr and "Traceback" not in result.output
    assert listed(cli, "cpd") == []


def test_cpd_refuses_an_unknown_standard_a_day_ahead_and_an_empty_topic(cli) -> None:
    unknown = cli("cpd", "add", "Sepsis", "--hours", "1", "--standard", "nmc:99")
    assert unknown.exit_code == 2
    assert "The Code (NMC) has no '99'" in unknown.stderr
    assert "nmc:prioritise-people" in unknown.stderr
    no_set = cli("cpd", "add", "Sepsis", "--hours", "1", "--standard", "hcpc:1")
    assert no_set.exit_code == 2 and "no standard set called 'hcpc'" in no_set.stderr
    ahead = cli("cpd", "add", "Sepsis", "--hours", "1", "--date", "2026-06-02")
    assert ahead.exit_code == 2 and "in the future" in ahead.stderr
    empty = cli("cpd", "add", "  ", "--hours", "1")
    assert empty.exit_code == 2 and "TOPIC is empty" in empty.stderr
    bad_entry = cli("cpd", "add", "Sepsis", "--hours", "1", "--entry", "abcdef12")
    assert bad_entry.exit_code == 1 and "No entry has an id starting" in bad_entry.stderr
    assert listed(cli, "cpd") == []


def test_edit_without_a_change_and_unknown_ids(cli) -> None:
    assert cli("cpd", "add", "Sepsis", "--hours", "1").exit_code == 0
    (activity,) = listed(cli, "cpd")
    nothing = cli("cpd", "edit", activity["id"][:8])
    assert nothing.exit_code == 2 and "nothing to change" in nothing.stderr
    unknown = cli("cpd", "edit", "0000000000", "--hours", "2")
    assert unknown.exit_code == 1
    assert "No CPD activity has an id starting '0000000000'" in unknown.stderr
    assert "reflect cpd" in unknown.stderr
    short = cli("cpd", "delete", "abc", "--yes")
    assert short.exit_code == 1 and "too short to name a CPD activity" in short.stderr


def test_delete_asks_first(cli) -> None:
    assert cli("cpd", "add", "Sepsis", "--hours", "1").exit_code == 0
    (activity,) = listed(cli, "cpd")
    no_terminal = cli("cpd", "delete", activity["id"][:8])
    assert no_terminal.exit_code == 2 and "--yes" in no_terminal.stderr
    kept = cli("cpd", "delete", activity["id"][:8], input="n\n", terminal=True)
    assert kept.exit_code == 0 and "Kept." in kept.stdout
    assert len(listed(cli, "cpd")) == 1
    gone = cli("cpd", "delete", activity["id"][:8], input="y\n", terminal=True)
    assert gone.exit_code == 0 and "Deleted: 1 hour of CPD, Sepsis" in gone.stdout
    assert listed(cli, "cpd") == []


def test_points_are_kept_and_checked(cli) -> None:
    assert cli("cpd", "add", "Ethics seminar", "--hours", "1", "--points", "2").exit_code == 0
    assert listed(cli, "cpd")[0]["points"] == 2
    bad = cli("cpd", "add", "Ethics seminar", "--hours", "1", "--points", "-1")
    assert bad.exit_code == 2 and "--points" in bad.stderr


def test_user_text_is_shown_as_written(cli) -> None:
    assert cli("cpd", "add", "[red]Sepsis[/red] \x1b[2J", "--hours", "1",
               "--method", "[bold]x").exit_code == 0
    shown = cli("cpd").stdout
    assert "[red]Sepsis[/red] ␛[2J" in shown and "[bold]x" in shown
    assert "\x1b" not in shown


# -- feedback -------------------------------------------------------------------------------


def test_feedback_add_list_edit(cli) -> None:
    result = cli("feedback", "add", "Said the discharge plan was clear", "--from", "Patient",
                 "--date", "yesterday")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    (item,) = listed(cli, "feedback")
    assert {k: item[k] for k in ("date", "from", "text", "entry_id")} == {
        "date": "2026-05-31", "from": "patient", "text": "Said the discharge plan was clear",
        "entry_id": None}
    assert cli("feedback", "edit", item["id"][:8], "--from", "carer").exit_code == 0
    assert listed(cli, "feedback")[0]["from"] == "carer"
    assert cli("feedback", "delete", item["id"][:8], "--yes").exit_code == 0
    assert listed(cli, "feedback") == []


def test_feedback_refuses_an_unknown_source(cli) -> None:
    result = cli("feedback", "add", "Lovely care", "--from", "visitor")
    assert result.exit_code == 2
    assert "'visitor' is not who feedback can come from" in result.stderr
    assert "patient, carer, colleague, manager, student, other" in result.stderr
    missing = cli("feedback", "add", "Lovely care")
    assert missing.exit_code == 2 and "--from" in missing.stderr
    assert listed(cli, "feedback") == []


def test_the_guard_reads_feedback(cli) -> None:
    result = cli("feedback", "add", "Mrs Achieng said the nurse on 07712 345678 was kind",
                 "--from", "carer")
    assert result.exit_code == 0, result.output
    assert "Logged: feedback from a carer" in result.stdout
    assert "could identify someone, so it is marked" in result.stderr
    assert "Mrs Achieng" in result.stderr and "reflect feedback edit" in result.stderr
    (item,) = listed(cli, "feedback")
    assert "may identify someone" in cli("feedback").stdout

    exported = json.loads(cli("export").stdout)
    assert exported["feedback"] == []
    assert "1 piece of feedback was left out" in cli("export").stderr
    with_it = json.loads(cli("export", "--include-marked").stdout)["feedback"]
    assert with_it[0]["text"] == item["text"]
    redacted = json.loads(cli("export", "--redact").stdout)["feedback"][0]["text"]
    assert "Achieng" not in redacted and "[name]" in redacted and "[phone]" in redacted

    cleaned = cli("feedback", "edit", item["id"][:8], "--text", "Said the nurse was kind")
    assert cleaned.exit_code == 0 and "could identify anyone now" in cleaned.stdout
    assert "may identify someone" not in cli("feedback").stdout


def test_the_guard_switched_off_marks_no_feedback(cli, tmp_path) -> None:
    (tmp_path / "config.toml").write_text("[guard]\nenabled = false\n")
    result = cli("feedback", "add", "Mrs Achieng was pleased", "--from", "carer")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(cli("export").stdout)["feedback"][0]["text"] == "Mrs Achieng was pleased"


# -- practice hours -------------------------------------------------------------------------


def test_practice_add_list_edit(cli) -> None:
    assert cli("practice", "add", "150", "--from", "2026-01-01", "--to", "2026-01-31",
               "--role", "Staff nurse").exit_code == 0
    assert cli("practice", "add", "7.5").exit_code == 0
    assert cli("practice", "add", "12", "--from", "2026-05-30").exit_code == 0
    records = listed(cli, "practice")
    assert [(r["hours"], r["from"], r["to"], r["role"]) for r in records] == [
        (150, "2026-01-01", "2026-01-31", "Staff nurse"),
        (12, "2026-05-30", "2026-05-30", ""),
        (7.5, TODAY.isoformat(), TODAY.isoformat(), ""),
    ]
    assert cli("practice", "edit", records[0]["id"][:8], "--from", "2026-01-05").exit_code == 0
    assert listed(cli, "practice")[0]["from"] == "2026-01-05"
    assert listed(cli, "practice")[0]["to"] == "2026-01-31"
    assert "3 records, 169.5 hours" in cli("practice").stdout
    assert len(listed(cli, "practice", "--since", "2026-02-01")) == 2


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["practice", "add", "10", "--from", "2026-03-10", "--to", "2026-03-01"],
         "--to (2026-03-01) is before --from (2026-03-10)"),
        (["practice", "add", "10", "--to", "2026-03-01"], "--to goes with --from"),
        (["practice", "add", "--", "-10"], "not more than 0 hours"),
        (["practice", "add", "ten"], "'ten' is not a number of hours"),
        (["practice", "add", "10", "--from", "tomorrow"], "not a date I understand"),
        (["practice", "add", "10", "--from", "2026-06-02"], "in the future"),
    ],
)
def test_practice_refuses(cli, args: list[str], said: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert listed(cli, "practice") == []


# -- the reflective discussion --------------------------------------------------------------


def test_discussion_add_list_edit(cli) -> None:
    account = entry_id(cli)
    result = cli("discussion", "add", "--partner-name", "Grace Wanjiru", "--partner-pin",
                 "12A3456B", "--partner-email", "grace@example.org", "--date", "2026-05-28",
                 "--entry", account[:8], "--entry", account)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the partner's details are the form's fields: not flagged
    (found,) = listed(cli, "discussion")
    assert {k: found[k] for k in ("date", "partner_name", "partner_pin", "partner_email",
                                  "entry_ids")} == {
        "date": "2026-05-28", "partner_name": "Grace Wanjiru", "partner_pin": "12A3456B",
        "partner_email": "grace@example.org", "entry_ids": [account]}
    assert cli("discussion", "edit", found["id"][:8], "--no-entries").exit_code == 0
    assert listed(cli, "discussion")[0]["entry_ids"] == []
    assert "Grace Wanjiru" in cli("discussion").stdout
    missing = cli("discussion", "add", "--partner-name", "Grace", "--date", "today")
    assert missing.exit_code == 2 and "--partner-pin" in missing.stderr


# -- export and import ----------------------------------------------------------------------


def _all_logs(cli) -> None:
    account = entry_id(cli)
    cli("link", account[:8], "nmc:prioritise-people", "--project", "Handover SBAR")
    cli("cpd", "add", "Sepsis update", "--hours", "2", "--participatory", "--standard", "nmc:6",
        "--entry", account[:8])
    cli("feedback", "add", "Thanked us for explaining the plan", "--from", "carer")
    cli("practice", "add", "37.5", "--from", "2026-05-25", "--to", "2026-05-29")
    cli("discussion", "add", "--partner-name", "A. Colleague", "--partner-pin", "12A3456B",
        "--date", "2026-05-30", "--entry", account[:8])
    cli("revalidation", "--profile", "nmc", "tick", "indemnity")


def test_the_logs_go_out_with_the_export_and_come_back(cli, tmp_path, db_path) -> None:
    (tmp_path / "config.toml").write_text('[revalidation]\nprofile = "nmc"\ndate = 2028-03-31\n')
    _all_logs(cli)
    before = {name: listed(cli, name) for name in ("cpd", "feedback", "practice", "discussion")}
    progress = json.loads(cli("revalidation", "--json").stdout)["requirements"]
    exported = cli("export", "-o", str(tmp_path / "backup.json"))
    assert exported.exit_code == 0, exported.output
    document = json.loads((tmp_path / "backup.json").read_text())
    assert {k: len(v) for k, v in document.items() if isinstance(v, list)} == {
        "entries": 1, "cpd": 1, "feedback": 1, "practice": 1, "discussions": 1,
        "declarations": 1, "entry_links": 1}
    assert document["entry_links"][0]["standards"] == ["nmc:prioritise-people"]
    assert document["entry_links"][0]["project"] == "Handover SBAR"

    other = str(tmp_path / "other.db")
    first = cli("--db", other, "import", str(tmp_path / "backup.json"))
    assert first.exit_code == 0, first.output
    assert "Logs (CPD, feedback, practice, discussions): 4 new" in first.stdout
    again = cli("--db", other, "import", str(tmp_path / "backup.json"))
    assert "0 new, 0 updated, 4 unchanged" in again.stdout  # importing twice adds nothing
    for name, records in before.items():
        result = cli("--db", other, name, "--json")
        assert json.loads(result.stdout) == records, name
    assert json.loads(cli("--db", other, "revalidation", "--json").stdout)["requirements"] \
        == progress
    assert "Handover SBAR" in cli("--db", other, "list", "--project", "handover sbar").stdout


def test_a_newer_copy_of_a_record_wins_on_import(cli, tmp_path) -> None:
    assert cli("cpd", "add", "Sepsis", "--hours", "1").exit_code == 0
    document = json.loads(cli("export").stdout)
    newer = dict(document["cpd"][0], hours=3, updated_at="2030-01-01T00:00:00+00:00")
    older = dict(document["cpd"][0], hours=9, updated_at="2020-01-01T00:00:00+00:00")
    assert "1 updated" in cli("import", "-", input=json.dumps({**document, "cpd": [newer]})).stdout
    assert listed(cli, "cpd")[0]["hours"] == 3
    assert "1 unchanged" in cli("import", "-",
                                input=json.dumps({**document, "cpd": [older]})).stdout
    assert listed(cli, "cpd")[0]["hours"] == 3


def test_an_export_without_logs_still_imports(cli) -> None:
    entry_id(cli)
    document = json.loads(cli("export").stdout)
    for key in ("cpd", "feedback", "practice", "discussions", "declarations", "entry_links"):
        document.pop(key)
    cli("delete", document["entries"][0]["id"], "--yes")
    result = cli("import", "-", input=json.dumps(document))
    assert result.exit_code == 0, result.output
    assert "Imported: 1 new" in result.stdout and "Logs" not in result.stdout


@pytest.mark.parametrize(
    ("member", "said"),
    [
        ({"cpd": [{"id": "x"}]}, "cpd[0].id: 'x' is not a UUID"),
        ({"cpd": "lots"}, "cpd: must be a list"),
        ({"feedback": [{"id": "0f8e2c8a-5d4e-4c1b-9a53-8e1f4f2b7a10", "date": "2026-01-01",
                        "from": "visitor", "text": "x",
                        "updated_at": "2026-01-01T10:00:00+00:00"}]},
         "feedback[0].from: must be one of"),
        ({"practice": [{"id": "0f8e2c8a-5d4e-4c1b-9a53-8e1f4f2b7a10", "hours": -2,
                        "from": "2026-01-01", "to": "2026-01-02",
                        "updated_at": "2026-01-01T10:00:00+00:00"}]},
         "practice[0].hours: must be from 0"),
    ],
)
def test_a_bad_log_imports_nothing(cli, member: dict, said: str) -> None:
    entry_id(cli)
    document = json.loads(cli("export").stdout)
    cli("delete", document["entries"][0]["id"], "--yes")
    result = cli("import", "-", input=json.dumps({**document, **member}))
    assert result.exit_code == 1
    assert said in result.stderr and "Nothing was imported" in result.stderr
    assert json.loads(cli("list", "--json").stdout) == []  # the entries were not imported either


def test_check_reads_the_feedback_log_and_listed_names_are_left_out(cli, tmp_path) -> None:
    assert cli("feedback", "add", "Sister Wanjiku said it went well", "--from", "colleague",
               ).exit_code == 0
    assert cli("feedback", "add", "Ward Jasiri was calm tonight", "--from", "manager",
               ).exit_code == 0
    report = json.loads(cli("check", "--json").stdout)
    assert report["feedback"]["checked"] == 2 and len(report["feedback"]["marked"]) == 1
    (tmp_path / "config.toml").write_text('[guard]\nnames = ["Ward Jasiri"]\n')
    assert json.loads(cli("export").stdout)["feedback"] == []  # a name listed since
    screen = cli("check")
    assert "2 pieces of feedback may identify someone" in screen.stdout
    assert cli("feedback").stdout.count("may identify someone") == 2
