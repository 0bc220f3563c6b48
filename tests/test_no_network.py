"""No code path opens a network connection: every command, run with network sockets refused."""

from __future__ import annotations

import json
import os
import shlex
import socket
import sys
from pathlib import Path

import pytest
from typed_keys import SUBMIT, keys
from typer.main import get_command

from reflect_cli.cli import app
from reflect_cli.db import crypto

SHIFT = """\
name: End of shift
steps:
  - key: what
    question: What happened?
"""

GIBBS = """\
description: A new admission was not handed over.
feelings: Worried, then relieved.
action_plan: |
  Use the SBAR sheet at every handover
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse (and record) every attempt at a network socket, a connection or a name lookup.
    Local socket pairs (asyncio's wake-up pipe, used by the prompts) are still allowed."""
    attempts: list[str] = []
    real_socket = socket.socket

    def refused(what: str) -> OSError:
        attempts.append(what)
        return OSError(f"reflect tried to use the network: {what}")

    class LocalOnly(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if fileno is None and family in (-1, socket.AF_INET, socket.AF_INET6):
                raise refused(f"socket({family}, {type})")
            super().__init__(family, type, proto, fileno)

        def connect(self, address):
            raise refused(f"connect({address!r})")

        def connect_ex(self, address):
            raise refused(f"connect_ex({address!r})")

    def refuse(name: str):
        def call(*args, **kwargs):
            raise refused(f"{name}{args!r}")

        return call

    monkeypatch.setattr(socket, "socket", LocalOnly)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts



def test_the_guard_itself_refuses_the_network(no_network: list[str]) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 443))
    with pytest.raises(OSError):
        socket.socket()
    with pytest.raises(OSError):
        socket.getaddrinfo("example.org", 443)
    a, b = socket.socketpair()  # local only: allowed
    a.close()
    b.close()
    assert len(no_network) == 3


def test_every_command_runs_without_the_network(
    cli, no_network: list[str], tmp_path: Path, prompts_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[tuple[str, ...]] = []

    def run(*args: str, code: int = 0, input: str | None = None):
        result = cli(*args, input=input)
        assert result.exit_code == code, (args, result.output)
        assert "Traceback" not in result.output
        ran.append(args)
        return result

    (prompts_dir / "shift.yaml").write_text(SHIFT)
    answers = tmp_path / "gibbs.yaml"
    answers.write_text(GIBBS)

    run()
    run("--version")
    run("--help")
    run("quick", "A calm night on the ward")
    run("quick", "-", input="From stdin: a good handover\n")
    run("quick", "--answers", "-", input="mood: 4\nwhat_mattered: Teamwork\ntomorrow: Rest\n")
    run("rolfe", "--answers", "-", input="what: Handover\nso_what: Matters\nnow_what: Use SBAR\n")
    run("gibbs", "--answers", str(answers), "-t", "handover")
    run("write", "shift", "--answers", "-", input="what: A short shift\n")
    cli.terminal = True
    with keys("Guided" + SUBMIT + "So" + SUBMIT + "Now" + SUBMIT):
        run("rolfe")
    cli.terminal = False
    run("drafts")
    run("drafts", "--json")
    run("resume")  # nothing to resume
    run("frameworks")
    run("frameworks", "--json")
    run("frameworks", "show", "gibbs")
    run("frameworks", "show", "shift", "--json")
    run("frameworks", "validate", str(prompts_dir / "shift.yaml"))
    for fmt in ("json", "markdown", "csv", "nmc", "docx"):
        run("export", "--format", fmt)
    for purpose in ("revalidation", "appraisal", "supervision"):
        run("pack", "--for", purpose, "--output", str(tmp_path / f"{purpose}.docx"))
    exported = tmp_path / "export.json"
    run("export", "--output", str(exported))
    run("import", str(exported))
    for options in (
        (), ("--week",), ("--month",), ("--since", "30d", "--until", "today"),
        ("-t", "handover"), ("--framework", "gibbs"), ("--json",),
    ):
        run("review", *options)
    run("list")
    listed = json.loads(run("list", "--json", "-n", "50").stdout)
    run("list", "-n", "2", "--since", "2w", "-t", "handover", "--framework", "gibbs")
    entry_id = next(e["id"] for e in listed if e["framework"] == "gibbs")
    run("show", entry_id[:8])
    run("show", entry_id, "--json")
    run("search", "handover")
    run("search", "handover", "--json")
    run("search", "🙂")
    voice = Path(__file__).parent / "data" / "voice_pain_medicine.wav"  # transcribed here
    run("quick", "--audio", str(voice))
    voiced = json.loads(run("list", "--json", "-n", "1").stdout)[0]["id"][:8]
    run("audio", voiced, "--output", str(tmp_path / "note.wav"))
    player = tmp_path / "players" / "aplay"
    player.parent.mkdir()
    player.write_text(f"#!{sys.executable}\n")  # plays nothing, and says nothing
    player.chmod(0o755)
    monkeypatch.setenv("PATH", f"{player.parent}{os.pathsep}{os.environ['PATH']}")
    run("play", voiced)
    run("export", "--include-audio")
    run("actions")
    run("actions", "--all", "--json")
    action_id = json.loads(run("actions", "--json").stdout)[0]["id"]
    run("actions", "done", action_id[:8], "--note", "Used it all week")
    editor = tmp_path / "editor.py"
    editor.write_text(
        f"#!{sys.executable}\nimport sys\n"
        "open(sys.argv[-1], 'a', encoding='utf-8').write('\\nAsk the night team too\\n')\n"
    )
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", shlex.quote(str(editor)))
    run("edit", entry_id[:8])
    quick_id = next(e["id"] for e in listed if e["framework"] == "quick")
    run("delete", quick_id[:8], "--yes")
    run("check")
    run("check", "--all", "--json")
    run("backup")
    run("backup", str(tmp_path))
    run("doctor")
    run("doctor", "--fix")
    run("doctor", "--json")
    run("show", "zzzzzzzz", code=1)
    run("list", "--nope", code=2)
    if crypto.dbapi() is None:  # the `encrypt` extra is not installed: each says so
        for command in ("encrypt", "passphrase", "decrypt"):
            run(command, code=1)
    else:
        monkeypatch.setenv("REFLECT_PASSPHRASE", "first phrase")
        run("encrypt")
        monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", "second phrase")
        run("passphrase")
        monkeypatch.setenv("REFLECT_PASSPHRASE", "second phrase")
        run("list")
        run("backup")
        run("doctor")
        run("decrypt")

    assert no_network == []
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    missing = commands - {args[0] for args in ran if args}
    assert not missing, f"add these commands to this test: {sorted(missing)}"
