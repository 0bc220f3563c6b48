"""`reflect revalidation` (issue 12): progress against a regulator's profile, through the real
command line, with "today" fixed. One test per requirement's arithmetic: practice hours that
straddle the period's start count only the days inside, participatory CPD apart from the rest,
feedback, reflective accounts, the discussion, the declarations; the GMC's and the African
regulators' profiles; the settings it needs, and what it says when they are missing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reflect_cli.core import clock

TODAY = date(2026, 6, 1)
NMC = '[revalidation]\nprofile = "nmc"\ndate = 2028-03-31\n'  # the period: 2025-04-01..2028-03-31


@pytest.fixture(autouse=True)
def today():
    with clock.fixed(TODAY):
        yield TODAY


@pytest.fixture
def settings(tmp_path: Path):
    def write(text: str) -> None:
        (tmp_path / "config.toml").write_text(text, encoding="utf-8")

    return write


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def progress(cli, *extra: str) -> dict:
    return json.loads(ok(cli("revalidation", "--json", *extra)).stdout)


def requirement(report: dict, item: str) -> dict:
    return next(r for r in report["requirements"] if r["id"] == item)


def have_need(report: dict, item: str) -> tuple:
    found = requirement(report, item)
    return found["have"], found["need"], found["done"]


def nmc_account(cli, day: str) -> str:
    answers = json.dumps({"activity": ["CPD"], "nature": "A study day on sepsis",
                          "learning": "Screening early", "change": "I screen at triage",
                          "themes": ["Preserve safety"], "code": "Safety first"})
    ok(cli("write", "nmc", "--answers", "-", "--at", day, input=answers))
    return json.loads(cli("list", "--json", "-n", "1").stdout)[0]["id"]


# -- the shape, and an NMC user's have and need ---------------------------------------------


def test_the_json_shape(cli, settings) -> None:
    settings(NMC)
    report = progress(cli)
    assert report["profile"] == "nmc"
    assert report["period"] == {"start": "2025-04-01", "end": "2028-03-31"}
    ids = [r["id"] for r in report["requirements"]]
    assert ids == ["practice_hours", "cpd_hours", "participatory_hours", "feedback",
                   "reflective_accounts", "reflective_discussion", "health_and_character",
                   "indemnity", "confirmation"]
    for item in report["requirements"]:
        assert {"id", "title", "have", "need", "done"} <= item.keys()
        assert item["have"] == 0 and item["done"] is False
    assert [(r["need"]) for r in report["requirements"]] == [450, 35, 20, 5, 5, 1, 1, 1, 1]
    assert report["standards"]["set"] == "nmc"
    assert [t["evidence"] for t in report["standards"]["themes"]] == [0, 0, 0, 0]


def test_practice_hours_straddling_the_start_count_the_days_inside(cli, settings) -> None:
    settings(NMC)
    # 60 days from 2 March to 30 April 2025: 30 of them (from 1 April) are in the period
    ok(cli("practice", "add", "300", "--from", "2025-03-02", "--to", "2025-04-30"))
    assert have_need(progress(cli), "practice_hours") == (150, 450, False)
    ok(cli("practice", "add", "100", "--from", "2025-01-01", "--to", "2025-03-31"))  # all before
    assert have_need(progress(cli), "practice_hours") == (150, 450, False)
    ok(cli("practice", "add", "300", "--from", "2026-01-01", "--to", "2026-05-31"))
    assert have_need(progress(cli), "practice_hours") == (450, 450, True)


def test_cpd_hours_participatory_and_not(cli, settings) -> None:
    settings(NMC)
    ok(cli("cpd", "add", "Before the period", "--hours", "10", "--participatory",
           "--date", "2025-03-31"))
    ok(cli("cpd", "add", "Sepsis study day", "--hours", "7.5", "--participatory",
           "--date", "2025-04-01"))
    ok(cli("cpd", "add", "Reading", "--hours", "15", "--date", "2026-02-01"))
    report = progress(cli)
    assert have_need(report, "cpd_hours") == (22.5, 35, False)
    assert have_need(report, "participatory_hours") == (7.5, 20, False)
    ok(cli("cpd", "add", "Conference", "--hours", "12.5", "--participatory"))
    report = progress(cli)
    assert have_need(report, "cpd_hours") == (35, 35, True)
    assert have_need(report, "participatory_hours") == (20, 20, True)


def test_feedback_accounts_discussion_and_declarations(cli, settings) -> None:
    settings(NMC)
    for n in range(5):
        ok(cli("feedback", "add", f"Feedback {n}", "--from", "colleague",
               "--date", f"2026-0{n + 1}-10"))
    ok(cli("feedback", "add", "Too early", "--from", "patient", "--date", "2025-03-01"))
    accounts = [nmc_account(cli, f"2026-0{n + 1}-15") for n in range(4)]
    ok(cli("rolfe", "--answers", "-", input="what: Not an NMC account\n"))
    report = progress(cli)
    assert have_need(report, "feedback") == (5, 5, True)
    assert have_need(report, "reflective_accounts") == (4, 5, False)
    assert requirement(report, "reflective_accounts")["ids"] == accounts
    assert have_need(report, "reflective_discussion") == (0, 1, False)

    ok(cli("discussion", "add", "--partner-name", "A. Colleague", "--partner-pin", "12A3456B",
           "--date", "2026-05-30", *[x for a in accounts for x in ("--entry", a[:8])]))
    ok(cli("revalidation", "tick", "indemnity"))
    again = cli("revalidation", "tick", "Indemnity")
    assert "ticked already, on 2026-06-01" in ok(again).stdout
    report = progress(cli)
    assert have_need(report, "reflective_discussion") == (1, 1, True)
    assert have_need(report, "indemnity") == (1, 1, True)
    assert have_need(report, "confirmation") == (0, 1, False)
    ok(cli("revalidation", "untick", "indemnity"))
    assert have_need(progress(cli), "indemnity") == (0, 1, False)
    assert "was not ticked" in ok(cli("revalidation", "untick", "indemnity")).stdout


def test_the_codes_themes_have_evidence(cli, settings) -> None:
    settings(NMC)
    nmc_account(cli, "2026-03-01")  # ticks Preserve safety on the form
    ok(cli("quick", "Listened to a family's worries", "--standard", "nmc:2"))
    ok(cli("cpd", "add", "Leadership course", "--hours", "3", "--standard", "nmc:25"))
    themes = {t["title"]: t["evidence"] for t in progress(cli)["standards"]["themes"]}
    assert themes == {"Prioritise people": 1, "Practise effectively": 0, "Preserve safety": 1,
                      "Promote professionalism and trust": 1}
    screen = ok(cli("revalidation")).stdout
    assert "Practise effectively: none yet" in screen


def test_everything_in_place(cli, settings) -> None:
    settings(NMC)
    ok(cli("practice", "add", "450", "--from", "2026-01-01", "--to", "2026-05-31"))
    ok(cli("cpd", "add", "Course", "--hours", "35", "--participatory"))
    for n in range(5):
        ok(cli("feedback", "add", f"Feedback {n}", "--from", "patient"))
        nmc_account(cli, f"2026-0{n + 1}-02")
    ok(cli("discussion", "add", "--partner-name", "A", "--partner-pin", "1", "--date", "today"))
    for item in ("health_and_character", "indemnity", "confirmation"):
        ok(cli("revalidation", "tick", item))
    report = progress(cli)
    assert report["done"] is True and all(r["done"] for r in report["requirements"])
    assert "Everything this profile counts is in place" in ok(cli("revalidation")).stdout


# -- the screen -----------------------------------------------------------------------------


def test_the_screen_at_40_columns_without_colour(cli, settings, monkeypatch) -> None:
    settings(NMC)
    monkeypatch.setenv("COLUMNS", "40")
    ok(cli("practice", "add", "225", "--from", "2026-01-01", "--to", "2026-05-31"))
    screen = ok(cli("revalidation")).stdout
    assert all(len(line) <= 40 for line in screen.splitlines()), screen
    assert "225 of 450  █████░░░░░" in screen
    assert "Still to do" in screen and "225 more hours" in screen
    assert "reflect revalidation tick indemnity" in screen
    assert "\x1b[" not in screen


def test_the_screen_at_80_columns(cli, settings) -> None:
    settings(NMC)
    ok(cli("cpd", "add", "Course", "--hours", "35", "--participatory"))
    screen = ok(cli("revalidation")).stdout
    assert "NMC revalidation  1 Apr 2025 to 31 Mar 2028 · 669 days left" in screen
    cpd = next(line for line in screen.splitlines() if line.startswith("CPD hours"))
    assert cpd.rstrip().endswith("35 of 35  ██████████ ✓")
    assert "CPD hours: " not in screen  # nothing to do for what is done


def test_a_period_that_has_ended(cli, settings) -> None:
    settings('[revalidation]\nprofile = "nmc"\ndate = 2026-03-31\n')
    report = progress(cli)
    assert report["ended"] is True
    assert "This period ended on 31 Mar 2026" in ok(cli("revalidation")).stdout


# -- the settings ---------------------------------------------------------------------------


def test_no_profile_set(cli) -> None:
    result = cli("revalidation")
    assert result.exit_code == 1
    assert "No revalidation profile is set" in result.stderr
    assert '[revalidation] profile = "nmc"' in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 2


def test_a_profile_without_its_date(cli, settings) -> None:
    settings('[revalidation]\nprofile = "nmc"\n')
    result = cli("revalidation")
    assert result.exit_code == 1
    assert "NMC revalidation counts the 3 years up to a date, and none is set" in result.stderr
    assert "[revalidation] date = 2028-03-31" in result.stderr
    gmc = cli("revalidation", "--profile", "gmc")
    assert gmc.exit_code == 1 and "counts the 1 year up to a date" in gmc.stderr


def test_the_older_nmc_period_start_still_serves(cli, settings) -> None:
    settings('[nmc]\nperiod_start = 2025-04-01\n')
    assert progress(cli, "--profile", "nmc")["period"] == {"start": "2025-04-01",
                                                           "end": "2028-03-31"}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[revalidation]\nprofile = 3\n', "[revalidation] profile must be a profile's id"),
        ('[revalidation]\nprofile = "nmc"\ndate = "soon"\n', "[revalidation] date must be a date"),
        ('[revalidation]\nprofile = "nmc"\ndate = 0001-01-01\n', "cannot be the end of"),
        ("revalidation = 1\n", "[revalidation] must be a table"),
    ],
)
def test_bad_settings(cli, settings, text: str, said: str) -> None:
    settings(text)
    result = cli("revalidation")
    assert result.exit_code == 1 and said in result.stderr


def test_unknown_profiles_and_items(cli, settings) -> None:
    settings(NMC)
    unknown = cli("revalidation", "--profile", "hcpc")
    assert unknown.exit_code == 2
    assert "There is no revalidation profile called 'hcpc'" in unknown.stderr
    assert "gmc, hpcsa, kmpdc, nck, nmc, sanc" in unknown.stderr
    settings('[revalidation]\nprofile = "hcpc"\ndate = 2028-03-31\n')
    assert cli("revalidation").exit_code == 1
    settings(NMC)
    item = cli("revalidation", "tick", "probity")
    assert item.exit_code == 2
    assert "Its declarations: health_and_character, indemnity, confirmation" in item.stderr
    listing = ok(cli("revalidation", "profiles")).stdout
    assert "GMC appraisal (General Medical Council (UK))" in listing


# -- the other profiles ---------------------------------------------------------------------


def test_gmc_appraisal(cli, settings) -> None:
    settings('[revalidation]\nprofile = "gmc"\ndate = 2026-09-30\n')  # 2025-10-01..2026-09-30
    ok(cli("quick", "A reflection"))
    reflection = json.loads(cli("list", "--json").stdout)[0]["id"]
    ok(cli("cpd", "add", "Course", "--hours", "6", "--points", "12", "--entry", reflection[:8]))
    ok(cli("cpd", "add", "Reading", "--hours", "3"))
    ok(cli("feedback", "add", "Survey results", "--from", "patient", "--date", "2022-01-10"))
    ok(cli("feedback", "add", "Too old", "--from", "patient", "--date", "2021-09-30"))
    ok(cli("feedback", "add", "From the team", "--from", "manager"))
    pdsa = {"aim": "Fewer falls", "plan": "Huddle", "measure": "falls", "result": "2 from 5",
            "act": "adapt"}
    ok(cli("write", "pdsa", "--answers", "-", "--project", "Falls", "--at", "2023-05-01",
           input=json.dumps(pdsa)))
    ok(cli("rolfe", "--answers", "-", "-t", "complaint", input="what: A complaint\n"))
    report = progress(cli)
    assert report["period"] == {"start": "2025-10-01", "end": "2026-09-30"}
    assert have_need(report, "cpd_credits") == (15, 50, False)  # 12 points + 3 hours
    assert have_need(report, "quality_improvement") == (1, 1, True)  # within five years
    assert requirement(report, "quality_improvement")["period"]["start"] == "2021-10-01"
    assert have_need(report, "patient_feedback") == (1, 1, True)
    assert have_need(report, "colleague_feedback") == (1, 1, True)
    assert have_need(report, "significant_events") == (0, 0, True)
    assert have_need(report, "compliments_and_complaints") == (1, 0, True)
    assert have_need(report, "reflection_on_each") == (1, 3, False)


def test_hpcsa_ethics_ceus_and_a_rolling_year(cli, settings) -> None:
    settings('[revalidation]\nprofile = "hpcsa"\n')  # no date: the twelve months to today
    ok(cli("cpd", "add", "Ethics seminar", "--hours", "2", "--points", "4",
           "--standard", "hpcsa:ethics"))
    ok(cli("cpd", "add", "Clinical update", "--hours", "20", "--date", "2025-06-02"))
    ok(cli("cpd", "add", "A year and a day ago", "--hours", "10", "--date", "2025-06-01"))
    report = progress(cli)
    assert report["period"] == {"start": "2025-06-02", "end": "2026-06-01"}
    assert have_need(report, "ceus") == (24, 30, False)
    assert have_need(report, "ethics_ceus") == (4, 5, False)
    assert have_need(report, "ceu_balance") == (34, 60, False)  # 24 months


def test_kmpdc_calendar_year_and_unconfirmed_rules(cli, settings) -> None:
    settings('[revalidation]\nprofile = "kmpdc"\n')
    ok(cli("cpd", "add", "Last year", "--hours", "30", "--date", "2025-12-31"))
    ok(cli("cpd", "add", "This year", "--hours", "10", "--points", "20", "--date", "2026-01-01"))
    report = progress(cli)
    assert report["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert have_need(report, "cpd_points") == (20, 50, False)
    nck = progress(cli, "--profile", "nck")
    assert requirement(nck, "cpd_hours")["confirmed"] is False
    assert "Not confirmed" in ok(cli("revalidation", "--profile", "sanc")).stdout


def test_a_profile_of_your_own_replaces_the_builtin(cli, settings, prompts_dir) -> None:
    settings(NMC)
    folder = prompts_dir / "profiles"
    folder.mkdir()
    builtin = Path(__file__).resolve().parents[1] / "prompts" / "profiles" / "nmc.yaml"
    (folder / "nmc.yaml").write_text(
        builtin.read_text(encoding="utf-8").replace("need: 450", "need: 900"), encoding="utf-8")
    assert requirement(progress(cli), "practice_hours")["need"] == 900
    (folder / "nmc.yaml").write_text("id: nmc\nperiod: {years: 3}\nrequirements:\n"
                                     "  - {id: x, title: X, count: sometimes}\n")
    broken = cli("revalidation")
    assert broken.exit_code == 1 and "nmc.yaml: requirements[0].count must be one of" in \
        broken.stderr


def test_every_builtin_profile_and_standard_set_loads_and_cites_a_source() -> None:
    from reflect_cli.core import profiles, standards

    found = profiles.available()
    assert set(found) >= {"nmc", "gmc", "nck", "kmpdc", "hpcsa", "sanc"}
    for profile in found.values():
        assert profile.source.strip() and profile.regulator.strip(), profile.id
        text = profile.path.read_text(encoding="utf-8")
        assert "Source" in text, profile.id
        if profile.standards:
            standards.get(profile.standards)
    sets = standards.available()
    assert [t.title for t in sets["nmc"].themes] == [
        "Prioritise people", "Practise effectively", "Preserve safety",
        "Promote professionalism and trust"]
    assert [sid for t in sets["nmc"].themes for sid, _ in t.sections] == [
        f"nmc:{n}" for n in range(1, 26)]
    assert [t.id for t in sets["gmc"].themes] == [f"gmc:domain-{n}" for n in range(1, 5)]


def test_a_broken_profile_named_with_profile_is_the_files_fault_not_the_options(
    cli, prompts_dir
) -> None:
    folder = prompts_dir / "profiles"
    folder.mkdir()
    (folder / "nmc.yaml").write_text("id: nmc\ntitle: [oops\n", encoding="utf-8")
    result = cli("revalidation", "--profile", "nmc")
    assert result.exit_code == 1, result.output  # the data, not the command line (2)
    assert "nmc.yaml" in result.stderr and "not valid YAML" in result.stderr
    assert "--profile:" not in result.stderr
