"""`reflect export --format docx`: a Word document, read back with python-docx. NMC entries as
the NMC reflective account form (its questions word for word, the Code's themes ticked), others
as their framework's headings; redacted by default, marked entries left out unless asked."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import hypothesis
import pytest

from reflect_cli.output import docx_doc

# The form's questions, copied from the domain notes (shared/domain/reflective-practice.md, "The
# form's four questions"), not from the code that writes them.
NMC_Q1 = ("What was the nature of the CPD activity and/or practice-related feedback and/or "
          "event or experience in your practice?")
NMC_Q2 = ("What did you learn from the CPD activity and/or feedback and/or event or experience "
          "in your practice?")
NMC_Q3 = "How did you change or improve your practice as a result?"
NMC_Q4 = "How is this relevant to the Code?"
THEMES = ["Prioritise people", "Practise effectively", "Preserve safety",
          "Promote professionalism and trust"]

NMC_ANSWERS = {
    "activity": ["CPD", "Event or experience in your practice"],
    "nature": "A study day on sepsis, then a deteriorating patient the week after.",
    "learning": "Screening early and escalating sooner.",
    "change": "I use the screening tool at every set of observations.",
    "themes": ["Preserve safety", "prioritise people"],
    "code": "It kept people safe and put their needs first.",
}


def write(cli, tmp_path: Path, framework: str, answers: dict, *extra: str) -> None:
    file = tmp_path / f"{framework}-{len(list(tmp_path.glob('*.json')))}.json"
    file.write_text(json.dumps(answers), encoding="utf-8")
    result = cli("write", framework, "--answers", str(file), *extra)
    assert result.exit_code == 0, result.output


def export(cli, tmp_path: Path, *extra: str, name: str = "out.docx"):
    out = tmp_path / name
    result = cli("export", "--format", "docx", "--output", str(out), "--force", *extra)
    return result, out


def test_nmc_entry_is_the_form_word_for_word(cli, tmp_path: Path, read_docx) -> None:
    write(cli, tmp_path, "nmc", NMC_ANSWERS, "--at", "2026-03-01")
    result, out = export(cli, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Exported 1 entry" in result.stderr
    doc = read_docx(out)
    assert "Reflective account 1 of 1" in doc["paragraphs"]
    assert "Date: 1 March 2026" in doc["paragraphs"]
    [form] = doc["tables"]
    rows = [row[0] for row in form]
    assert rows[0::2] == ["Nature of the activity", NMC_Q1, NMC_Q2, NMC_Q3, NMC_Q4]
    assert rows[1].splitlines() == [
        "☒ CPD", "☐ Practice-related feedback", "☒ Event or experience in your practice"]
    assert rows[3] == NMC_ANSWERS["nature"]
    assert rows[5] == NMC_ANSWERS["learning"]
    assert rows[7] == NMC_ANSWERS["change"]
    assert rows[9].splitlines() == [
        "☒ Prioritise people", "☐ Practise effectively", "☒ Preserve safety",
        "☐ Promote professionalism and trust", NMC_ANSWERS["code"]]
    assert "might identify a patient" in doc["footer"]


def test_other_frameworks_as_their_headings(cli, tmp_path: Path, read_docx) -> None:
    write(cli, tmp_path, "rolfe", {"what": "A missed handover", "so_what": "",
                                   "now_what": "Use SBAR\nAsk for help"}, "-t", "handover")
    result, out = export(cli, tmp_path)
    assert result.exit_code == 0, result.output
    doc = read_docx(out)
    styles = doc["styles"]
    assert ("Heading 1", "A missed handover") in styles
    assert ("Heading 2", "What?") in styles and ("Heading 2", "So what?") in styles
    paragraphs = doc["paragraphs"]
    assert paragraphs[paragraphs.index("What?") + 1] == "What happened?"  # as it was asked
    assert paragraphs[paragraphs.index("What?") + 2] == "A missed handover"
    assert paragraphs[paragraphs.index("So what?") + 2] == "(left empty)"
    assert ("Heading 2", "Actions") in styles
    assert "☐ Use SBAR" in paragraphs and "☐ Ask for help" in paragraphs
    assert any("rolfe" in p and "tags: handover" in p for p in paragraphs)
    assert not doc["tables"]  # no NMC form


def test_choices_are_ticked_boxes(cli, tmp_path: Path, read_docx) -> None:
    write(cli, tmp_path, "incident", {"what_happened": "A near miss with insulin.",
                                      "incident_class": "Near miss",
                                      "contributing_factors": ["fatigue/stress"]})
    result, out = export(cli, tmp_path)
    assert result.exit_code == 0, result.output
    paragraphs = read_docx(out)["paragraphs"]
    ticked = [p for p in paragraphs if p.startswith("☒")]
    assert any("atigue" in p for p in ticked)
    assert any(p.startswith("☐") for p in paragraphs)


def test_redacted_by_default_and_marked_entries_left_out(cli, tmp_path: Path,
                                                         read_docx) -> None:
    write(cli, tmp_path, "nmc", {**NMC_ANSWERS, "nature": "Achieng was crying at handover."})
    write(cli, tmp_path, "rolfe", {"what": "A calm shift", "now_what": "Rest"})
    result, out = export(cli, tmp_path)
    assert result.exit_code == 0, result.output
    assert "1 entry was left out because it may identify someone" in result.stderr
    assert "--include-marked" in result.stderr
    doc = read_docx(out)
    assert not doc["tables"] and "A calm shift" in doc["paragraphs"]

    result, out = export(cli, tmp_path, "--include-marked")
    assert result.exit_code == 0, result.output
    assert "left out" not in result.stderr and "Exported 2 entries" in result.stderr
    [form] = read_docx(out)["tables"]
    assert form[3][0] == "[name] was crying at handover."

    result, out = export(cli, tmp_path, "--include-marked", "--no-redact")
    assert result.exit_code == 0, result.output
    assert "Warning: --no-redact" in result.stderr
    [form] = read_docx(out)["tables"]
    assert form[3][0] == "Achieng was crying at handover."


def test_unmarked_text_is_redacted_too(cli, tmp_path: Path, read_docx) -> None:
    """An entry saved while the guard was off is not marked, but what leaves is redacted."""
    config = Path(tmp_path / "config.toml")
    config.write_text("[guard]\nenabled = false\n", encoding="utf-8")
    write(cli, tmp_path, "rolfe", {"what": "Called 0712 345 678 about Mrs Otieno"})
    config.write_text("", encoding="utf-8")
    result, out = export(cli, tmp_path)
    assert result.exit_code == 0, result.output
    paragraphs = read_docx(out)["paragraphs"]
    assert "Called [phone] about [name]" in paragraphs
    assert not any("Otieno" in p or "0712" in p for p in paragraphs)


def test_control_characters_cannot_break_the_document(cli, tmp_path: Path, read_docx) -> None:
    text = "NUL\x00 ESC\x1b[31m BEL\x07 VT\x0b lone CR\r end\r\nnext\tcolumn \ufffe 🩺 [b]x[/b]"
    write(cli, tmp_path, "rolfe", {"what": "Odd text", "so_what": text})
    result, out = export(cli, tmp_path)
    assert result.exit_code == 0, result.output
    paragraphs = read_docx(out)["paragraphs"]
    shown = paragraphs[paragraphs.index("So what?") + 2]
    assert shown == ("NUL␀ ESC␛[31m BEL␇ VT␋ lone CR␍ end\nnext\tcolumn \\ufffe 🩺 [b]x[/b]")


def test_xml_safe_keeps_everything_xml_can_hold() -> None:
    kept = "Tab\there\nline 2 — «ü» ñ 中文 🩺 \x7f\x85 [name] <b>&amp;"
    assert docx_doc.xml_safe(kept) == kept
    assert docx_doc.xml_safe("a\x00b\x1fc\rd\r\ne") == "a␀b␟c␍d\ne"


def test_to_a_terminal_is_a_usage_error(cli) -> None:
    cli("quick", "A calm night")
    result = cli("export", "--format", "docx", terminal=True)
    assert result.exit_code == 2
    assert "cannot be shown in the terminal" in result.stderr
    assert "--output" in result.stderr and "Traceback" not in result.output


def test_to_a_pipe_it_is_the_document(cli, read_docx) -> None:
    cli("quick", "A calm night")
    result = cli("export", "--format", "docx", terminal=False)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes[:2] == b"PK"  # a zip file
    assert "A calm night" in read_docx(result.stdout_bytes)["paragraphs"]


def test_missing_extra_is_a_plain_message(cli, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cli("quick", "A calm night")
    monkeypatch.setitem(sys.modules, "docx", None)  # `import docx` raises ImportError
    result, out = export(cli, tmp_path)
    assert result.exit_code == 1
    assert "python-docx" in result.stderr
    assert "pip install 'reflect-cli[docx]'" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_nothing_chosen_is_still_a_document(cli, tmp_path: Path, read_docx) -> None:
    result, out = export(cli, tmp_path, "--since", "2020-01-01")
    assert result.exit_code == 0, result.output
    assert any("nothing here yet" in p for p in read_docx(out)["paragraphs"])


def test_no_writer_in_the_file_properties(cli, tmp_path: Path) -> None:
    import docx

    cli("quick", "A calm night")
    _, out = export(cli, tmp_path)
    properties = docx.Document(str(out)).core_properties
    assert properties.author == "" and properties.last_modified_by == ""
    assert "python-docx" not in (properties.comments or "")


@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(text=hypothesis.strategies.text(
    alphabet=hypothesis.strategies.characters(codec="utf-8", exclude_categories=["Cs"]),
    max_size=60))
def test_any_text_makes_a_document_that_reads_back(text: str) -> None:
    """Whatever was written: the document is made, opens, and holds it as written, but for the
    characters XML cannot hold, shown visibly."""
    import io

    import docx

    document = docx_doc.Document(text)
    document.answer(text)
    document.table(["Topic"], [[text]])
    buffer = io.BytesIO()
    document.save(buffer)
    read = docx.Document(io.BytesIO(buffer.getvalue()))
    expected = docx_doc.xml_safe(text)
    if text.strip():
        assert read.paragraphs[0].text == expected
    assert read.tables[0].rows[1].cells[0].text == expected
