"""Any text a user writes is shown exactly as written on every screen, and exported byte for byte.

Brackets are never Rich markup, control characters are never sent to the terminal (they are
shown visibly: ␛, ␍, \\x9b), and the JSON export returns each field as it was stored. The
consoles are forced into colour here, so the only escape sequences allowed in the output are
the style codes reflect itself writes.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reflect_cli.cli import app
from reflect_cli.output import console
from reflect_cli.output.safe import CONTROL, json_text, one_line, visible

SPECIAL = [
    "[/]", "[/sepsis6]", "[bold]", "[red]alarm[/red]", "[bed 3]", "[link=https://e.vil]x[/link]",
    ":smile:", "\x1b]52;c;ZXZpbA==\x07", "\x1b]52;c;ZXZpbA==\x1b\\", "\x1b[2J", "\x1b]0;title\x07",
    "\x1b]8;;https://e.vil\x1b\\link\x1b]8;;\x1b\\", "\r", "\b", "\x00", "\x9b", "\x7f", "\x07",
    "\u202e", "\u200f", "\u200b", "🙂", "👩🏾‍⚕️", "مرحبا", "habari ya asubuhi", "Mama Achieng'",
    "a" * 120, "\t", "<!-- note -->", "## Kindness", "*x*", "`code`", "\\", '"', ",", ";",
]
ALL_CONTROLS = "".join(chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)])

piece = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
    st.sampled_from(list(ALL_CONTROLS)),
)
# a line of text with something to see in it (a title, an action), and a longer answer
LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # str.splitlines' own
line = st.lists(piece, min_size=1, max_size=5).map("".join).map(
    lambda s: "x" + LINE_BREAKS.sub(" ", s) + "y"
)
answer = st.lists(st.one_of(piece, st.just("\n")), min_size=1, max_size=12).map("".join)

SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colours and bold reflect writes itself


def words(text: str) -> str:
    """Text as it reads, whatever the line breaks and padding a screen adds."""
    return " ".join(text.split())


def shown(text: str) -> str:
    """What a screen must show for `text`: every character, controls made visible."""
    return words(visible(text))


class Journal:
    """A journal of its own for one example, and reflect run against it in-process."""

    def __init__(self, root: Path) -> None:
        self.env = {
            "REFLECT_DB": str(root / "j.db"),
            "REFLECT_CONFIG": str(root / "config.toml"),
            "REFLECT_PROMPTS": str(root / "prompts"),
            "COLUMNS": "1000",
            "FORCE_COLOR": "1",
            "NO_COLOR": None,
            "TERM": "xterm-256color",
        }
        (root / "prompts").mkdir()
        self.root = root

    def run(self, *args: str) -> str:
        console.reset()
        result = CliRunner().invoke(app, list(args), env=self.env)
        assert result.exit_code == 0, (args, result.output)
        for stream in (result.stdout, result.stderr):
            assert not CONTROL.search(SGR.sub("", stream)), (args, stream)
        return SGR.sub("", result.stdout)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=line, tag=line, what=answer, action=line, note=line)
def test_any_text_is_shown_as_written_and_exported_byte_for_byte(
    title: str, tag: str, what: str, action: str, note: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder))
        answers = Path(folder) / "answers.json"
        what = "zqxj " + what  # a word to search for
        answers.write_text(json.dumps({"what_mattered": what, "tomorrow": action}))
        saved = journal.run("quick", "--title", title, "-t", tag, "--answers", str(answers))

        entry = json.loads(journal.run("export", "--include-marked"))["entries"][0]
        stored_tag = entry["tags"][0]
        assert entry["title"] == title.strip()
        assert entry["tags"] == [tag.strip().lstrip("#").strip().lower()]
        assert [s["answer"] for s in entry["steps"] if s["key"] == "what_mattered"] == [
            what.strip()
        ]
        assert [a["text"] for a in entry["actions"]] == [action.strip()]

        assert shown(entry["title"]) in words(saved)
        assert shown(entry["title"]) in words(journal.run("list"))
        # search cuts long titles on screen (a title may be a whole first answer)
        assert shown(entry["title"])[:60] in words(journal.run("search", "zqxj"))
        detail = words(journal.run("show", entry["id"]))
        for field in (entry["title"], stored_tag, what.strip(), action.strip()):
            assert shown(field) in detail
        assert shown(action.strip()) in words(journal.run("actions"))
        assert shown(action.strip()) in words(journal.run("review", "--week"))
        assert shown(stored_tag) in words(journal.run("review", "--week"))

        journal.run("actions", "done", entry["actions"][0]["id"], "--note", note)
        done = json.loads(journal.run("export", "--include-marked"))["entries"][0]["actions"][0]
        assert done["note"] == note.strip()
        assert shown(note.strip()) in words(journal.run("actions", "--all"))
        assert shown(note.strip()) in words(journal.run("show", entry["id"]))

        # to a file or a pipe, the Markdown export is the text itself, byte for byte
        markdown = CliRunner().invoke(
            app, ["export", "-f", "markdown", "--include-marked"], env=journal.env
        ).stdout_bytes.decode()  # .stdout would turn CR LF into LF
        assert what.strip() in markdown


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_visible_leaves_no_control_character_but_newline(text: str) -> None:
    assert not CONTROL.search(visible(text))
    assert visible(text).count("\n") == text.count("\n")


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_json_text_is_safe_on_a_terminal_and_decodes_to_the_same_text(text: str) -> None:
    encoded = json_text({"t": text})
    assert not CONTROL.search(encoded)
    assert json.loads(encoded) == {"t": text}


def test_one_line_is_cut_and_visible() -> None:
    assert one_line("a\x1b[2J\nb" + "c" * 200, limit=20) == "a␛[2J b" + "c" * 12 + "…"


@pytest.mark.parametrize(
    ("title", "tag", "answer"),
    [
        ("sepsis [/sepsis6]", "[/]", "x"),
        ("Handover [night shift]", "[b]ay", "Meds [x] given [red]alarm[/red] [bed 3]"),
        ("[link=https://e.vil]click[/link]", "[link=https://e.vil]t[/link]", "ok"),
    ],
)
def test_brackets_are_text_in_every_listing(cli, title: str, tag: str, answer: str) -> None:
    """The cases from the issue: each used to crash the listing or eat the text."""
    assert cli("quick", "--title", title, "-t", tag, answer).exit_code == 0
    for command in (["list"], ["review", "--week"], ["search", answer.split()[0]]):
        result = cli(*command)
        assert result.exit_code == 0, result.output
        assert title in result.stdout
    assert tag in cli("review", "--week").stdout
    assert "\x1b]8" not in cli("list").stdout


def test_a_carriage_return_is_shown_not_obeyed(cli) -> None:
    cli("quick", "visible\rHIDDEN")
    result = cli("search", "visible")
    assert "visible␍HIDDEN" in result.stdout


def test_an_osc52_clipboard_write_is_never_printed(cli) -> None:
    cli("quick", "x \x1b]52;c;ZXZpbA==\x1b\\ y")
    for command in (["search", "x"], ["list"], ["review", "--week"]):
        out = cli(*command).stdout
        assert "\x1b" not in out and "␛]52;c;ZXZpbA==␛\\" in out


def test_a_framework_name_with_brackets_is_listed(cli, prompts_dir: Path) -> None:
    (prompts_dir / "mine.yaml").write_text(
        'id: mine\nname: "Mine [/] \\e[2J"\nsteps:\n  - key: a\n    title: A\n    question: Q?\n'
    )
    result = cli("frameworks")
    assert result.exit_code == 0, result.output
    assert "Mine [/] ␛[2J" in result.stdout


def test_an_error_echoing_an_argument_shows_it_visibly_and_short(cli) -> None:
    result = cli("show", "abc\x1b[2J" + "d" * 300)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "abc␛[2j" in result.stderr  # ids are looked up in lower case
    assert max(len(line) for line in result.stderr.splitlines()) < 200


def test_an_argument_that_is_not_utf8_gets_a_plain_answer(db_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"reflect_cli", b"quick", b"x \x9b y"],
        capture_output=True, timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert b"not UTF-8 text" in result.stderr and b"Traceback" not in result.stderr
    assert not db_path.exists() or b"x" not in db_path.read_bytes()


def test_text_said_back_is_shown_visibly_at_a_terminal_and_as_is_to_a_file(monkeypatch) -> None:
    import io

    from reflect_cli.core import recovery

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, expected in ((Terminal(), "x ␛[2J y"), (io.StringIO(), "x \x1b[2J y")):
        monkeypatch.setattr("sys.stderr", stream)
        recovery._print_back("x \x1b[2J y")
        assert expected in stream.getvalue()
