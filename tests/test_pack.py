"""`reflect pack --for revalidation|appraisal|supervision`: one document, read back with
python-docx (and as Markdown): the cover, the reflective accounts as the NMC form, the
reflective discussion form and the blocks to sign; redacted, marked entries left out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from test_docx_export import NMC_ANSWERS, NMC_Q1, NMC_Q2, NMC_Q3, NMC_Q4


def write(cli, tmp_path: Path, framework: str, answers: dict, *extra: str) -> str:
    """Saves an entry from answers; returns its id."""
    file = tmp_path / f"{framework}-{len(list(tmp_path.glob('*.json')))}.json"
    file.write_text(json.dumps(answers), encoding="utf-8")
    result = cli("write", framework, "--answers", str(file), *extra)
    assert result.exit_code == 0, result.output
    return json.loads(cli("list", "--json", "-n", "1").stdout)[0]["id"]


def pack(cli, tmp_path: Path, *args: str, name: str = "pack.docx"):
    out = tmp_path / name
    result = cli("pack", *args, "--output", str(out), "--force")
    return result, out


def fields(table: list[list[str]]) -> dict[str, str]:
    return {row[0]: row[1] for row in table}


def forms(doc: dict) -> list[list[str]]:
    """The NMC account forms: one-column tables, as their rows' text."""
    return [[row[0] for row in table] for table in doc["tables"] if len(table[0]) == 1]


@pytest.fixture
def journal(cli, tmp_path: Path) -> dict[str, str]:
    ids = {
        "first": write(cli, tmp_path, "nmc", NMC_ANSWERS, "--at", "2026-01-10"),
        "marked": write(cli, tmp_path, "nmc", {**NMC_ANSWERS,
                                               "nature": "Achieng was crying at handover."},
                        "--at", "2026-02-10"),
        "rolfe": write(cli, tmp_path, "rolfe", {"what": "A missed handover",
                                                "now_what": "Use SBAR"}, "--at", "2026-03-10"),
    }
    return ids


def test_revalidation_pack(cli, tmp_path: Path, journal, read_docx) -> None:
    result, out = pack(cli, tmp_path, "--for", "revalidation", "--name", "Jane Doe",
                       "--pin", "12A3456E", "--since", "2026-01-01", "--until", "2026-12-31")
    assert result.exit_code == 0, result.output
    assert "1 entry was left out because it may identify someone" in result.stderr
    assert "Wrote the revalidation pack (1 reflection)" in result.stderr
    doc = read_docx(out)
    assert doc["paragraphs"][0] == "Revalidation pack"
    cover = fields(doc["tables"][0])
    assert cover["Name"] == "Jane Doe"
    assert cover["Period"] == "1 January 2026 to 31 December 2026"
    # the accounts: only the nmc ones, as the form, questions word for word
    [form] = forms(doc)
    assert form[0::2] == ["Nature of the activity", NMC_Q1, NMC_Q2, NMC_Q3, NMC_Q4]
    assert form[3] == NMC_ANSWERS["nature"]
    assert "A missed handover" not in doc["paragraphs"]
    # the reflective discussion form and its sign-off block
    assert "Reflective discussion form" in doc["paragraphs"]
    discussion = fields(doc["tables"][-2])
    assert discussion["Your name"] == "Jane Doe" and discussion["Your NMC Pin"] == "12A3456E"
    assert "Name of your NMC-registered partner" in discussion
    assert "Partner's professional address, including postcode" in discussion
    assert "Signed by your reflective discussion partner" in doc["paragraphs"]
    sign = fields(doc["tables"][-1])
    assert list(sign) == ["Name", "NMC Pin", "Date", "Signature"]
    assert sign["Signature"] == ""  # a box to sign in


def test_marked_entries_come_redacted_when_asked(cli, tmp_path: Path, journal,
                                                 read_docx) -> None:
    result, out = pack(cli, tmp_path, "--for", "revalidation", "--include-marked")
    assert result.exit_code == 0, result.output
    assert "left out" not in result.stderr
    texts = [row for form in forms(read_docx(out)) for row in form]
    assert "[name] was crying at handover." in texts
    assert not any("Achieng" in text for text in texts)

    result, out = pack(cli, tmp_path, "--for", "revalidation", "--include-marked",
                       "--no-redact")
    assert result.exit_code == 0, result.output
    assert "Warning: --no-redact" in result.stderr
    texts = [row for form in forms(read_docx(out)) for row in form]
    assert "Achieng was crying at handover." in texts


def test_supervision_pack_has_the_chosen_entries_and_a_block_to_sign(
        cli, tmp_path: Path, journal, read_docx) -> None:
    result, out = pack(cli, tmp_path, "--for", "supervision", "--entry", journal["rolfe"][:8],
                       "--entry", journal["first"][:8])
    assert result.exit_code == 0, result.output
    doc = read_docx(out)
    assert doc["paragraphs"][0] == "Supervision pack"
    paragraphs = doc["paragraphs"]
    assert "A missed handover" in paragraphs and "Reflective account 1 of 1" in paragraphs
    assert paragraphs.index("A missed handover") < paragraphs.index("Reflective account 1 of 1")
    assert "Reflective discussion form" not in paragraphs
    assert "Signed by your supervisor" in paragraphs
    sign = fields(doc["tables"][-1])
    assert list(sign) == ["Supervisor's name", "Role and registration number (PIN)", "Date",
                          "Signature", "Comments"]


def test_marked_entry_chosen_by_id_is_still_left_out(cli, tmp_path: Path, journal,
                                                     read_docx) -> None:
    result, out = pack(cli, tmp_path, "--for", "supervision", "--entry", journal["marked"])
    assert result.exit_code == 0, result.output
    assert "1 entry was left out" in result.stderr
    assert "No reflections matched what you chose." in read_docx(out)["paragraphs"]


def test_appraisal_pack_as_markdown(cli, tmp_path: Path, journal) -> None:
    result = cli("pack", "--for", "appraisal", "--format", "markdown", "--include-marked")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Appraisal pack\n")
    assert f"**{NMC_Q1}**" in text and "[name] was crying at handover." in text
    assert "### A missed handover" in text and "Achieng" not in text
    assert "Reflective discussion form" not in text


def test_revalidation_markdown_has_the_forms(cli, tmp_path: Path, journal) -> None:
    out = tmp_path / "pack.md"
    result = cli("pack", "--for", "revalidation", "-f", "markdown", "-o", str(out),
                 "--name", "Jane Doe")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "- **Name:** Jane Doe" in text
    assert "## Reflective discussion form" in text
    assert "## Signed by your reflective discussion partner" in text
    assert "- **Signature:** ____" in text


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--for", "audit"], "'audit' is not a pack I can make"),
        (["--for", "revalidation", "--format", "pdf"], "'pdf' is not a format"),
        (["--for", "revalidation", "--since", "2026-05-01", "--until", "2026-01-01"],
         "--since is after --until"),
        (["--format", "docx"], "Missing option '--for'"),
    ],
)
def test_bad_command_lines(cli, args: list[str], said: str) -> None:
    result = cli("pack", *args, "-o", "x.docx")
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.output


def test_docx_to_a_terminal_is_a_usage_error(cli) -> None:
    result = cli("pack", "--for", "revalidation", terminal=True)
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_an_unknown_entry_is_a_plain_error(cli, tmp_path: Path, journal) -> None:
    result, out = pack(cli, tmp_path, "--for", "supervision", "--entry", "ffffffff")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and not out.exists()


def test_missing_extra_names_it(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    result, out = pack(cli, tmp_path, "--for", "revalidation")
    assert result.exit_code == 1
    assert "pip install 'reflect-cli[docx]'" in result.stderr and not out.exists()
    # Markdown needs no extra
    result = cli("pack", "--for", "revalidation", "-f", "markdown")
    assert result.exit_code == 0, result.output


# -- the logs and the progress (issue 12, part 1's commands) ---------------------------------


@pytest.fixture
def logs(cli, tmp_path: Path, journal) -> None:
    (tmp_path / "config.toml").write_text('[revalidation]\nprofile = "nmc"\ndate = 2028-03-31\n',
                                          encoding="utf-8")
    for args in (
        ["cpd", "add", "Sepsis study day with Dr Mehta", "--hours", "7.5", "--participatory",
         "--method", "Workshop", "--date", "2026-02-01"],
        ["cpd", "add", "Safeguarding e-learning", "--hours", "2", "--method", "Online",
         "--date", "2026-03-01"],
        ["feedback", "add", "Thank you for explaining my medicines so clearly.", "--from",
         "patient", "--date", "2026-02-10"],
        ["feedback", "add", "Mrs Otieno said you were kind", "--from", "colleague",
         "--date", "2026-02-11"],
        ["practice", "add", "600", "--role", "Staff nurse", "--from", "2025-01-01",
         "--to", "2025-12-31"],
        ["discussion", "add", "--partner-name", "Sam Partner", "--partner-pin", "98B7654C",
         "--partner-email", "sam@example.org", "--date", "2026-06-01",
         "--entry", journal["first"]],
    ):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)


def table_titled(doc: dict, first_column: str) -> list[list[str]]:
    return next(t for t in doc["tables"] if t[0][0] == first_column and len(t[0]) > 2)


def test_revalidation_pack_has_the_progress_and_the_logs(cli, tmp_path: Path, logs,
                                                         read_docx) -> None:
    result, out = pack(cli, tmp_path, "--for", "revalidation", "--name", "Jane Doe")
    assert result.exit_code == 0, result.output
    assert "1 piece of feedback was left out" in result.stderr  # Mrs Otieno's
    doc = read_docx(out)
    cover = fields(doc["tables"][0])
    assert cover["Period"] == "1 April 2025 to 31 March 2028"
    assert cover["Profile"] == "NMC revalidation"
    assert "Progress" in doc["paragraphs"] and "CPD log" in doc["paragraphs"]
    progress = {row[0]: row[1:] for row in table_titled(doc, "Requirement")[1:]}
    assert progress["CPD hours"] == ["9.5 hours", "35 hours", "not yet"]
    assert progress["Participatory CPD hours"] == ["7.5 hours", "20 hours", "not yet"]
    assert progress["Reflective discussion"] == ["1", "1", "done"]
    assert progress["Practice hours"][0] == "452.05 hours"  # 600 over 2025, from 1 April
    cpd = table_titled(doc, "Date")
    assert cpd[0] == ["Date", "Topic", "Method", "Hours", "Participatory hours", "Standards"]
    assert cpd[1][:5] == ["1 February 2026", "Sepsis study day with [name]", "Workshop",
                          "7.5", "7.5"]
    assert cpd[2][:5] == ["1 March 2026", "Safeguarding e-learning", "Online", "2", "0"]
    feedback = next(t for t in doc["tables"] if t[0] == ["Date", "From", "Feedback"])
    assert feedback[1:] == [["10 February 2026", "patient",
                             "Thank you for explaining my medicines so clearly."]]
    practice = next(t for t in doc["tables"] if t[0][0] == "Dates")
    assert practice[1] == ["1 January 2025 to 31 December 2025", "Staff nurse", "600", "452.05"]
    # the discussion as recorded: the partner's details as given, not redacted
    discussion = fields(doc["tables"][-2])
    assert discussion["Name of your NMC-registered partner"] == "Sam Partner"
    assert discussion["Partner's NMC Pin"] == "98B7654C"
    assert discussion["Partner's email address"] == "sam@example.org"
    assert discussion["Date of the discussion"] == "1 June 2026"
    assert discussion["Reflective accounts discussed"] == "1 of the 1 in this pack"
    sign = fields(doc["tables"][-1])
    assert sign == {"Name": "Sam Partner", "NMC Pin": "98B7654C", "Date": "1 June 2026",
                    "Signature": ""}


def test_marked_feedback_comes_redacted_when_asked(cli, tmp_path: Path, logs,
                                                   read_docx) -> None:
    result, out = pack(cli, tmp_path, "--for", "revalidation", "--include-marked")
    assert result.exit_code == 0, result.output
    feedback = next(t for t in read_docx(out)["tables"] if t[0] == ["Date", "From", "Feedback"])
    assert [row[2] for row in feedback[1:]] == [
        "Thank you for explaining my medicines so clearly.", "[name] said you were kind"]


def test_logs_in_markdown(cli, tmp_path: Path, logs) -> None:
    result = cli("pack", "--for", "revalidation", "-f", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "| Date | Topic | Method | Hours | Participatory hours | Standards |" in text
    assert "| 1 February 2026 | Sepsis study day with [name] | Workshop | 7.5 | 7.5 |" in text
    assert "| CPD hours | 9.5 hours | 35 hours | not yet |" in text


def test_no_period_set_says_how(cli, tmp_path: Path, journal, read_docx) -> None:
    result, out = pack(cli, tmp_path, "--for", "revalidation")
    assert result.exit_code == 0, result.output
    doc = read_docx(out)
    assert fields(doc["tables"][0])["Period"] == "All of your journal"
    assert any("No period is set" in p and "[revalidation] date" in p
               for p in doc["paragraphs"])
    assert "Progress" not in doc["paragraphs"]
    assert "No CPD recorded in this period. Add it with: reflect cpd add" in doc["paragraphs"]


def test_an_unknown_profile_is_a_usage_error(cli, tmp_path: Path) -> None:
    result, _ = pack(cli, tmp_path, "--for", "appraisal", "--profile", "nope")
    assert result.exit_code == 2
    assert "--profile" in result.stderr and "Traceback" not in result.output
