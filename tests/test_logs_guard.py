"""The identifier guard on the revalidation logs' own words: a CPD activity's topic, method and
note, a practice record's role. They are kept as written, said on stderr, and redacted on the
way out (export --redact)."""

from __future__ import annotations

import json


def test_cpd_words_that_identify_someone_are_said_and_kept(cli) -> None:
    result = cli("cpd", "add", "Shadowed Wanjiru Kamau on the round", "--hours", "2",
                 "--note", "Achieng showed me the bundle")
    assert result.exit_code == 0, result.output
    assert "name: Wanjiru Kamau" in result.stderr and "name: Achieng" in result.stderr
    assert "reflect cpd edit" in result.stderr
    listed = json.loads(cli("cpd", "--json").stdout)
    assert listed[0]["topic"] == "Shadowed Wanjiru Kamau on the round"  # as written


def test_a_clean_activity_says_nothing_on_stderr(cli) -> None:
    result = cli("cpd", "add", "Sepsis update", "--hours", "1")
    assert result.exit_code == 0 and result.stderr == ""


def test_a_practice_role_is_checked_and_an_edit_too(cli) -> None:
    result = cli("practice", "add", "10", "--role", "Nights with Otieno")
    assert result.exit_code == 0 and "name: Otieno" in result.stderr
    record_id = json.loads(cli("practice", "--json").stdout)[0]["id"]
    edited = cli("practice", "edit", record_id[:8], "--role", "Nights with Mama Njeri")
    assert edited.exit_code == 0 and "Njeri" in edited.stderr


def test_export_redact_redacts_the_logs_words(cli) -> None:
    cli("cpd", "add", "Shadowed Wanjiru on the round", "--hours", "2", "--note", "with Achieng")
    cli("practice", "add", "10", "--role", "Nights with Otieno")
    document = json.loads(cli("export", "--format", "json", "--redact").stdout)
    assert [(a["topic"], a["note"]) for a in document["cpd"]] == [
        ("Shadowed [name] on the round", "with [name]")
    ]
    assert [p["role"] for p in document["practice"]] == ["Nights with [name]"]
    kept = json.loads(cli("export", "--format", "json").stdout)
    assert kept["cpd"][0]["topic"] == "Shadowed Wanjiru on the round"


def test_the_guard_switched_off_says_nothing(cli, tmp_path) -> None:
    (tmp_path / "config.toml").write_text("[guard]\nenabled = false\n", encoding="utf-8")
    result = cli("cpd", "add", "Shadowed Wanjiru", "--hours", "1")
    assert result.exit_code == 0 and result.stderr == ""
