"""The incident and NMC frameworks end to end, the NMC form export, and the review's incident,
kindness and NMC counts."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from reflect_cli.core import nmc, paths
from reflect_cli.core.frameworks import load_file
from reflect_cli.output import nmc_form

# The NMC written reflective account form's four questions, copied from the domain notes
# (/work/shared/domain/reflective-practice.md, "The form's four questions"), not from the YAML.
NMC_Q1 = ("What was the nature of the CPD activity and/or practice-related feedback and/or "
          "event or experience in your practice?")
NMC_Q2 = ("What did you learn from the CPD activity and/or feedback and/or event or experience "
          "in your practice?")
NMC_Q3 = "How did you change or improve your practice as a result?"
NMC_Q4 = "How is this relevant to the Code?"
CODE_THEMES = ["Prioritise people", "Practise effectively", "Preserve safety",
               "Promote professionalism and trust"]
ICPS_TYPES = ["Clinical administration", "Clinical process/procedure", "Documentation",
              "Healthcare-associated infection", "Medication/IV fluids", "Blood/blood products",
              "Nutrition", "Oxygen/gas/vapour", "Medical device/equipment",
              "Resources/organisational management"]

INCIDENT_KEYS = ["what_happened", "incident_class", "incident_type", "harm", "detected",
                 "contributing_factors", "reported", "candour", "involved", "learning",
                 "support", "actions"]

INCIDENT_ANSWERS = """\
what_happened: In March, a dose of insulin was nearly given twice at the night handover.
incident_class: Near miss
incident_type: medication/iv fluids
harm: none
detected: The second nurse's check
contributing_factors: [communication/handover, fatigue/stress]
reported: yes
candour: not applicable
involved: The patient was worried when told; they asked to see the chart.
learning: The double check works when we do not rush it.
support: It is normal to feel shaken. A chat with my supervisor.
actions: |
  Use the handover checklist for insulin
  Ask for a break when the ward is calmer
"""

NMC_ANSWERS = """\
activity: CPD, event or experience in your practice
nature: A study day on sepsis, then a deteriorating patient the week after.
learning: Screening early and escalating sooner.
change: I use the screening tool at every set of observations.
themes:
  - Preserve safety
  - prioritise people
code: It kept people safe and put their needs first.
"""


def ago(days: int) -> str:
    return (date.today() - timedelta(days=days)).isoformat()


def builtin(framework_id: str):
    return load_file(paths.builtin_prompts_dir() / f"{framework_id}.yaml", builtin=True)


# -- the incident framework --------------------------------------------------------------------


def test_incident_steps_and_kinds() -> None:
    incident = builtin("incident")
    assert [s.key for s in incident.steps] == INCIDENT_KEYS
    kinds = {s.key: s.kind for s in incident.steps}
    assert kinds["contributing_factors"] == "choices" and kinds["actions"] == "actions"
    assert kinds["detected"] == "line"
    for key in ("incident_class", "incident_type", "harm", "reported", "candour"):
        assert kinds[key] == "choice", key
    choices = {s.key: list(s.choices) for s in incident.steps}
    assert choices["incident_class"] == ["reportable circumstance", "near miss",
                                         "no-harm incident", "harmful incident"]
    assert choices["incident_type"] == [*ICPS_TYPES, "other"]
    assert choices["harm"] == ["none", "mild", "moderate", "severe", "death", "not known"]
    assert choices["reported"] == ["yes", "no", "planned"]
    assert choices["candour"] == ["yes", "not yet", "not applicable"]


def test_incident_is_kind_about_reporting_candour_and_support() -> None:
    incident = builtin("incident")
    first = " ".join([incident.description, *incident.steps[0].hints]).lower()
    assert "report" in first and "candour" in first and "replace" in first
    assert any("names" in h and "date" in h for h in incident.steps[0].hints)
    assert any("month" in h for h in incident.steps[0].hints)
    support = incident.step("support")
    assert support is not None
    assert any(h.startswith("It is normal to feel shaken") for h in support.hints)
    for credit in ("ICPS", "2009", "MIM PS", "Scott", "second victim"):
        assert credit in incident.source, credit


def test_incident_yaml_quotes_every_yes_and_no() -> None:
    text = (paths.builtin_prompts_dir() / "incident.yaml").read_text(encoding="utf-8")
    for word in ("yes", "no", "none", "not known"):
        assert f'- "{word}"' in text
        assert f"- {word}\n" not in text


def test_write_incident_end_to_end(cli, exported) -> None:
    result = cli("write", "incident", "--answers", "-", "-t", "medicines", input=INCIDENT_ANSWERS)
    assert result.exit_code == 0, result.output
    assert "Saved:" in result.stdout
    (entry,) = exported()
    assert entry["framework"] == "incident"
    answers = {s["key"]: s["answer"] for s in entry["steps"]}
    assert list(answers) == INCIDENT_KEYS
    assert answers["incident_class"] == "near miss"
    assert answers["incident_type"] == "Medication/IV fluids"
    assert answers["reported"] == "yes"  # not YAML's True
    assert answers["contributing_factors"] == "communication/handover\nfatigue/stress"
    assert [a["text"] for a in entry["actions"]] == ["Use the handover checklist for insulin",
                                                      "Ask for a break when the ward is calmer"]


def test_write_incident_refuses_a_class_that_is_not_listed(cli) -> None:
    result = cli("write", "incident", "--answers", "-", input="incident_class: disaster\n")
    assert result.exit_code == 1
    assert "incident_class: choose one of: reportable circumstance" in result.stderr
    assert json.loads(cli("list", "--json").stdout) == []


# -- the NMC framework and its form ------------------------------------------------------------


def test_nmc_questions_are_the_forms_word_for_word() -> None:
    form = builtin("nmc")
    assert [s.key for s in form.steps] == ["activity", "nature", "learning", "change", "themes",
                                           "code"]
    questions = {s.key: s.question for s in form.steps}
    assert [questions[k] for k in ("nature", "learning", "change", "code")] == [
        NMC_Q1, NMC_Q2, NMC_Q3, NMC_Q4]
    assert list(nmc_form.QUESTIONS.values()) == [NMC_Q1, NMC_Q2, NMC_Q3, NMC_Q4]
    kinds = {s.key: s.kind for s in form.steps}
    assert kinds["activity"] == kinds["themes"] == "choices"
    assert {k for k, v in kinds.items() if v == "text"} == {"nature", "learning", "change", "code"}
    choices = {s.key: list(s.choices) for s in form.steps}
    assert choices["activity"] == ["CPD", "Practice-related feedback",
                                   "Event or experience in your practice"]
    assert choices["themes"] == CODE_THEMES
    assert any("might identify a patient, service user, colleague or other individual" in h
               for h in form.steps[0].hints)
    assert "NMC" in form.source and "2019" in form.source


def test_write_nmc_end_to_end(cli, exported) -> None:
    result = cli("write", "nmc", "--answers", "-", "--title", "Sepsis", input=NMC_ANSWERS)
    assert result.exit_code == 0, result.output
    (entry,) = exported()
    answers = {s["key"]: s["answer"] for s in entry["steps"]}
    assert answers["activity"] == "CPD\nEvent or experience in your practice"
    assert answers["themes"] == "Prioritise people\nPreserve safety"
    questions = {s["key"]: s["question"] for s in entry["steps"]}
    asked = [questions[k] for k in ("nature", "learning", "change", "code")]
    assert asked == [NMC_Q1, NMC_Q2, NMC_Q3, NMC_Q4]


def test_export_nmc_is_the_form(cli) -> None:
    cli("write", "nmc", "--answers", "-", "--at", "2026-01-15", input=NMC_ANSWERS)
    cli("write", "nmc", "--answers", "-", "--at", "2026-02-03",
        input="activity: [Practice-related feedback]\nnature: A thank-you card.\n")
    cli("quick", "A calm shift", "--at", "2026-01-20")
    result = cli("export", "--format", "nmc")
    assert result.exit_code == 0, result.output
    form = result.stdout
    assert form.count("## Reflective account") == 2
    assert "Reflective account 1 of 2" in form and "Reflective account 2 of 2" in form
    assert "15 January 2026" in form and "3 February 2026" in form
    for question in (NMC_Q1, NMC_Q2, NMC_Q3, NMC_Q4):
        assert form.count(question) == 2, question
    first, second = form.split("\n---\n")
    assert "- [x] CPD\n- [ ] Practice-related feedback\n" \
           "- [x] Event or experience in your practice" in first
    assert ("- [x] Prioritise people\n- [ ] Practise effectively\n- [x] Preserve safety\n"
            "- [ ] Promote professionalism and trust") in first
    assert first.index(NMC_Q1) < first.index("A study day on sepsis") < first.index(NMC_Q2)
    assert first.index(NMC_Q4) < first.index("- [x] Preserve safety") \
        < first.index("It kept people safe")
    assert "- [x] Practice-related feedback" in second
    assert "- [ ] Preserve safety" in second and "*(left empty)*" in second
    assert "A calm shift" not in form
    assert form.splitlines()[2] == ("<!-- 1 reflection of other frameworks left out: only "
                                    "reflections written with `reflect write nmc` are "
                                    "reflective accounts. -->")


def test_export_nmc_to_a_file_counts_the_accounts(cli, tmp_path: Path) -> None:
    cli("write", "nmc", "--answers", "-", input=NMC_ANSWERS)
    cli("quick", "A calm shift")
    target = tmp_path / "accounts.md"
    result = cli("export", "-f", "nmc", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"Exported 1 entry to {target}" in result.stderr
    assert NMC_Q4 in target.read_text(encoding="utf-8")


def test_export_nmc_with_no_accounts_says_how_to_write_one(cli) -> None:
    cli("quick", "A calm shift")
    result = cli("export", "--format", "nmc")
    assert result.exit_code == 0
    assert "reflect write nmc" in result.stdout and "Reflective account" not in result.stdout


def test_export_help_names_nmc(cli) -> None:
    assert "nmc" in cli("export", "--help").stdout


# -- the review: incidents, kindness, NMC -------------------------------------------------------


def incident(cli, days: int, klass: str, kind: str, reported: str) -> None:
    result = cli("write", "incident", "--answers", "-", "--at", ago(days),
                 input=f"what_happened: Something in the month\nincident_class: {klass}\n"
                       f"incident_type: {kind}\nreported: {reported}\n")
    assert result.exit_code == 0, result.output


@pytest.fixture
def journal(cli, prompts_dir: Path) -> None:
    """Three incidents and some kindness this week, one incident and one kindness before it."""
    (prompts_dir / "kindness.yaml").write_text(
        "name: Kindness\nsteps:\n  - key: what\n    question: What kindness?\n",
        encoding="utf-8",
    )
    incident(cli, 1, "near miss", "Medication/IV fluids", "yes")
    incident(cli, 2, "harmful incident", "Documentation", "planned")
    incident(cli, 3, "near miss", "Medication/IV fluids", "no")
    incident(cli, 20, "no-harm incident", "Nutrition", "yes")
    cli("write", "kindness", "--answers", "-", "--at", ago(1), input="what: Tea for the team\n")
    cli("write", "kindness", "--answers", "-", "--at", ago(25), input="what: Stayed late\n")
    cli("quick", "--answers", "-", "--at", ago(2), input="kindness: A proper break\n")
    cli("quick", "--answers", "-", "--at", ago(3), input="kindness: Held a hand\n")
    cli("quick", "Nothing in the kindness box", "--at", ago(4))


def test_review_json_counts_incidents_and_kindness(cli, journal) -> None:
    document = json.loads(cli("review", "--json").stdout)
    assert document["incidents"] == {
        "total": 3,
        "by_class": {"near miss": 2, "harmful incident": 1},
        "by_type": {"Medication/IV fluids": 2, "Documentation": 1},
        "reported": {"yes": 1, "no": 1, "planned": 1},
    }
    assert document["kindness"] == {"entries": 1, "quick_answers": 2}
    assert document["nmc"] is None
    month = json.loads(cli("review", "--month", "--json").stdout)
    assert month["incidents"]["total"] == 4 and month["kindness"]["entries"] == 2


def test_review_screen_shows_incidents_and_kindness(cli, journal) -> None:
    out = cli("review").stdout
    assert ("Incidents   3 · near miss 2 · harmful incident 1 · reported 1 · not reported 1"
            " · report planned 1") in out
    assert "noted in 2 quick reflections · 1 kindness log entry" in out
    assert "NMC reflective accounts" not in out


def test_review_without_incidents_has_no_incidents_line(cli) -> None:
    cli("quick", "A calm shift")
    out = cli("review").stdout
    assert "Incidents" not in out
    assert "Kindness" in out and "none noted yet" in out


def test_nmc_period_end_is_three_years_less_a_day() -> None:
    assert nmc.period_end(date(2025, 4, 1)) == date(2028, 3, 31)
    assert nmc.period_end(date(2024, 2, 29)) == date(2027, 2, 28)
    assert nmc.period_end(date(2026, 1, 1)) == date(2028, 12, 31)


def test_review_counts_nmc_accounts_in_the_configured_period(cli, tmp_path: Path) -> None:
    start = date.today() - timedelta(days=400)
    (tmp_path / "config.toml").write_text(f"[nmc]\nperiod_start = {start.isoformat()}\n")
    for days in (2, 100, 399, 401, 900):  # the last two are before the period began
        result = cli("write", "nmc", "--answers", "-", "--at", ago(days), input=NMC_ANSWERS)
        assert result.exit_code == 0, result.output
    end = nmc.period_end(start)
    document = json.loads(cli("review", "--json").stdout)
    assert document["nmc"] == {"period_start": start.isoformat(), "period_end": end.isoformat(),
                               "accounts": 3, "needed": 5}
    assert document["total"] == 1  # the week itself holds only one
    out = cli("review").stdout
    assert (f"NMC reflective accounts: 3 of 5 (period {start.isoformat()} to "
            f"{end.isoformat()})") in out
    # the NMC count is the whole period, whatever the review's filters
    filtered = json.loads(cli("review", "-t", "nothing", "--json").stdout)
    assert filtered["total"] == 0 and filtered["nmc"]["accounts"] == 3
    assert "NMC reflective accounts: 3 of 5" in cli("review", "-t", "nothing").stdout


def test_review_with_a_broken_setting_says_so(cli, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[nmc]\nperiod_start = 'spring'\n")
    result = cli("review")
    assert result.exit_code == 1
    assert "period_start must be a date" in result.stderr
