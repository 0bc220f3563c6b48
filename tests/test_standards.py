"""Standards on any entry and quality-improvement projects (issue 12): --standard on write,
quick, gibbs, rolfe and cpd add; reflect link afterwards; coverage in review --json; the pdsa
framework, --project and reflect list --project."""

from __future__ import annotations

import json

import pytest


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def newest(cli) -> str:
    return json.loads(cli("list", "--json", "-n", "1").stdout)[0]["id"]


def links(cli) -> dict[str, dict]:
    document = json.loads(ok(cli("export")).stdout)
    return {link["entry_id"]: link for link in document["entry_links"]}


@pytest.mark.parametrize(
    "command",
    [
        ["quick", "Listened to a worried family"],
        ["rolfe", "--answers", "-"],
        ["gibbs", "--answers", "-"],
        ["write", "kolb", "--answers", "-"],
    ],
    ids=lambda c: c[0] if c[0] != "write" else "write",
)
def test_standard_on_the_writing_commands(cli, command: list[str]) -> None:
    result = cli(*command, "--standard", " NMC:2 ", "--standard", "nmc:prioritise-people",
                 "--standard", "nmc:2", input="{}\n")
    ok(result)
    assert "Shows: nmc:2, nmc:prioritise-people" in result.stdout
    assert links(cli)[newest(cli)]["standards"] == ["nmc:2", "nmc:prioritise-people"]


@pytest.mark.parametrize(
    ("standard", "said"),
    [
        ("nmc:26", "The Code (NMC) has no '26'"),
        ("gmc:domain-5", "Good medical practice (GMC, 2024) has no 'domain-5'"),
        ("prioritise-people", "is not a standard's id"),
        ("nice:ng51", "There is no standard set called 'nice'"),
    ],
)
def test_an_unknown_standard_is_refused_before_anything_is_saved(cli, standard, said) -> None:
    result = cli("quick", "A calm night", "--standard", standard)
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.output
    assert json.loads(cli("list", "--json").stdout) == []
    guided = cli("rolfe", "--standard", standard, terminal=True)  # before a question is asked
    assert guided.exit_code == 2 and said in guided.stderr


def test_link_afterwards_and_remove(cli) -> None:
    ok(cli("quick", "A calm night"))
    entry = newest(cli)
    first = ok(cli("link", entry[:8], "gmc:domain-3", "nmc:14"))
    assert "Linked gmc:domain-3, nmc:14" in first.stdout
    again = ok(cli("link", entry[:8], "nmc:14"))
    assert "Nothing changed" in again.stdout
    ok(cli("link", entry[:8], "nmc:14", "--remove"))
    assert links(cli)[entry]["standards"] == ["gmc:domain-3"]
    nothing = cli("link", entry[:8])
    assert nothing.exit_code == 2 and "Give the standards to link" in nothing.stderr
    unknown = cli("link", "abcdef12", "nmc:1")
    assert unknown.exit_code == 1 and "No entry has an id starting 'abcdef12'" in unknown.stderr


def test_link_a_cpd_activity(cli) -> None:
    ok(cli("cpd", "add", "Sepsis", "--hours", "1"))
    activity = json.loads(cli("cpd", "--json").stdout)[0]["id"]
    ok(cli("link", activity[:8], "nmc:6", "nmc:19"))
    assert json.loads(cli("cpd", "--json").stdout)[0]["standards"] == ["nmc:6", "nmc:19"]


def test_review_json_has_the_coverage(cli, tmp_path) -> None:
    ok(cli("quick", "Raised a concern", "--standard", "nmc:16"))
    ok(cli("quick", "Learnt about delegation", "--standard", "gmc:domain-1"))
    ok(cli("cpd", "add", "Records course", "--hours", "2", "--standard", "nmc:10"))
    review = json.loads(ok(cli("review", "--json")).stdout)
    coverage = {c["set"]: {t["id"]: t["evidence"] for t in c["themes"]}
                for c in review["standards"]}
    assert coverage == {
        "gmc": {"gmc:domain-1": 1, "gmc:domain-2": 0, "gmc:domain-3": 0, "gmc:domain-4": 0},
        "nmc": {"nmc:prioritise-people": 0, "nmc:practise-effectively": 1,
                "nmc:preserve-safety": 1, "nmc:promote-professionalism-and-trust": 0},
    }
    (tmp_path / "config.toml").write_text('[revalidation]\nprofile = "hpcsa"\n')
    review = json.loads(ok(cli("review", "--json")).stdout)
    assert [c["set"] for c in review["standards"]] == ["gmc", "hpcsa", "nmc"]


def test_review_json_with_nothing_linked(cli) -> None:
    ok(cli("quick", "A calm night"))
    assert json.loads(ok(cli("review", "--json")).stdout)["standards"] == []


# -- quality improvement ---------------------------------------------------------------------


def cycle(cli, title: str, at: str, project: str, act: str) -> None:
    answers = {"aim": "Every handover uses SBAR", "plan": "Try the sheet on one shift",
               "measure": "Handovers with the sheet", "do": "Went well", "result": title,
               "study": "Better than predicted", "act": act, "next_cycle": "Try nights"}
    ok(cli("write", "pdsa", "--answers", "-", "--title", title, "--at", at, "--project", project,
           input=json.dumps(answers)))


def test_a_project_lists_its_cycles_in_order(cli) -> None:
    cycle(cli, "Cycle two: 7 of 10", "2026-02-10", "Handover SBAR", "adopt")
    cycle(cli, "Cycle one: 4 of 10", "2026-01-10", "handover  sbar", "adapt")
    ok(cli("quick", "Another project", "--project", "Falls huddle"))
    screen = ok(cli("list", "--project", "HANDOVER SBAR")).stdout
    assert screen.index("Cycle one") < screen.index("Cycle two")
    assert "Handover SBAR  2 reflections" in screen  # the first spelling is kept
    assert "Result: Cycle one: 4 of 10 · Act: adapt" in screen
    assert "Another project" not in screen
    listed = json.loads(ok(cli("list", "--project", "handover sbar", "--json")).stdout)
    assert [(e["title"], e["cycle"], e["project"]) for e in listed] == [
        ("Cycle one: 4 of 10", 1, "Handover SBAR"), ("Cycle two: 7 of 10", 2, "Handover SBAR")]
    narrowed = json.loads(cli("list", "--project", "handover sbar", "--since", "2026-02-01",
                              "--json").stdout)
    assert [(e["cycle"]) for e in narrowed] == [2]  # cycle two keeps its number
    none = ok(cli("list", "--project", "Sepsis"))
    assert "No reflections are in a project called “Sepsis” yet" in none.stdout
    assert "Falls huddle, Handover SBAR" in none.stdout


def test_move_a_reflection_into_and_out_of_a_project(cli) -> None:
    ok(cli("quick", "Huddle idea"))
    entry = newest(cli)
    ok(cli("link", entry[:8], "--project", "Falls huddle"))
    assert links(cli)[entry]["project"] == "Falls huddle"
    ok(cli("link", entry[:8], "--no-project"))
    assert entry not in links(cli)
    empty = cli("quick", "x", "--project", "  ")
    assert empty.exit_code == 2 and "--project is empty" in empty.stderr


def test_the_pdsa_framework_cites_the_model_for_improvement() -> None:
    from reflect_cli.core import frameworks

    pdsa = frameworks.get("pdsa")
    assert [s.key for s in pdsa.steps] == ["aim", "plan", "measure", "do", "result", "study",
                                          "act", "next_cycle"]
    assert "Langley" in pdsa.source and "Institute for Healthcare Improvement" in pdsa.source
    assert pdsa.step("act").choices == ("adopt", "adapt", "abandon")


def test_delete_takes_the_links_with_it(cli, db_path) -> None:
    import sqlite3

    ok(cli("quick", "Huddle idea", "--standard", "nmc:8", "--project", "Falls huddle"))
    entry = newest(cli)
    ok(cli("delete", entry[:8], "--yes"))
    with sqlite3.connect(db_path) as conn:
        left = [conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("standard_links", "entry_projects")]
    assert left == [0, 0]
    assert "No reflections are in a project" in ok(cli("list", "--project", "falls huddle")).stdout
