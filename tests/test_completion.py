"""Shell completion (Typer's) for bash, zsh and fish: commands, framework ids, the journal's
tags; `--show-completion` and `--install-completion`. Completing never fails loudly, and none of
it is loaded by `reflect --version`."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LAUNCH = "import sys; from reflect_cli.launch import main; sys.exit(main())"


def ask(shell: str, line: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """What reflect answers when `shell` asks it to complete `line` (as its script does)."""
    extra = {"_REFLECT_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        extra |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        extra["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            extra["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return subprocess.run([sys.executable, "-c", LAUNCH], capture_output=True, text=True,
                          env={**os.environ, **(env or {}), **extra}, timeout=60)


def bash(line: str, **env: str) -> list[str]:
    answered = ask("bash", line, env)
    assert answered.returncode == 0 and answered.stderr == "", answered.stderr
    return answered.stdout.split()


@pytest.fixture
def tagged(cli) -> None:
    for tags in (["handover", "nights"], ["hands"]):
        args = [a for tag in tags for a in ("-t", tag)]
        assert cli("quick", "A tagged reflection", *args).exit_code == 0
    gc.collect()


def test_commands(cli) -> None:
    found = bash("reflect ")
    assert {"quick", "gibbs", "write", "frameworks", "remind", "nudge"} <= set(found)
    assert bash("reflect wr") == ["write"]
    assert bash("reflect re") == ["resume", "review", "remind", "revalidation"]
    assert "--install-completion" in bash("reflect --")
    assert bash("reflect frameworks ") == ["show", "validate", "new"]


def test_framework_ids(cli, prompts_dir: Path) -> None:
    assert cli("frameworks", "new", "shift").exit_code == 0  # one of the user's own
    (prompts_dir / "broken.yaml").write_text("steps: [unclosed\n")  # completes the rest
    found = bash("reflect write ")
    assert {"gibbs", "rolfe", "quick", "shift"} <= set(found) and "broken" not in found
    assert bash("reflect write g") == ["gibbs"]
    assert bash("reflect frameworks show ro") == ["rolfe"]


def test_tags_from_the_journal(cli, tagged, tmp_path: Path) -> None:
    assert bash("reflect quick --tag ") == ["handover", "hands", "nights"]
    assert bash("reflect list -t han") == ["handover", "hands"]
    assert bash("reflect review --tag n") == ["nights"]
    assert bash("reflect gibbs -t ni") == ["nights"]
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "quick", "x", "-t", "theatre").exit_code == 0
    gc.collect()
    assert bash(f"reflect --db {other} list -t ") == ["theatre"]


def test_zsh_and_fish(cli, tagged) -> None:
    zsh = ask("zsh", "reflect write gi")
    assert zsh.returncode == 0 and zsh.stdout.strip() == """_arguments '*: :(("gibbs"))'"""
    fish = ask("fish", "reflect quick --tag ")
    assert fish.returncode == 0 and fish.stdout.split() == ["handover", "hands", "nights"]


@pytest.mark.parametrize("journal", ["missing", "garbage", "directory", "random"])
def test_tags_never_fail_loudly(cli, db_path: Path, journal: str) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if journal == "garbage":
        db_path.write_text("not a database\n")
    elif journal == "directory":
        db_path.mkdir()
    elif journal == "random":  # what an encrypted journal looks like from outside
        db_path.write_bytes(os.urandom(8192))
    for shell in ("bash", "zsh", "fish"):
        answered = ask(shell, "reflect quick -t ")
        assert answered.returncode in (0, 1) and answered.stderr == ""
        assert "Traceback" not in answered.stdout and "handover" not in answered.stdout
    assert journal != "missing" or not db_path.exists()  # completing never makes a journal


def test_an_encrypted_journal_is_never_asked_for(cli, tagged, db_path, monkeypatch) -> None:
    pytest.importorskip("sqlcipher3")
    from reflect_cli.db import crypto

    monkeypatch.setattr(crypto, "_typed", {})
    monkeypatch.setenv("REFLECT_PASSPHRASE", "a quiet ward")
    assert cli("encrypt").exit_code == 0
    gc.collect()
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    assert bash("reflect quick -t ") == []


def test_version_is_quiet_while_completing(cli) -> None:
    assert "reflect " not in " ".join(bash("reflect --version "))


PROBE = """
import json, sys
from reflect_cli.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_version_loads_nothing_of_completion() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, "--version"], capture_output=True,
                            text=True, timeout=60)
    modules = set(json.loads(result.stdout.splitlines()[-1])["modules"])
    assert "reflect_cli.completion" not in modules  # (typer itself imports its own classes)
    assert not {m for m in modules if m.startswith("reflect_cli.commands")}


# -- the scripts ----------------------------------------------------------------------------------


@pytest.fixture
def in_shell(monkeypatch: pytest.MonkeyPatch):
    """Run as if from `name` (shellingham finds nothing here, so $SHELL says)."""
    import shellingham

    def detect() -> None:
        raise shellingham.ShellDetectionFailure()

    monkeypatch.setattr(shellingham, "detect_shell", detect)

    def choose(name: str) -> None:
        monkeypatch.setenv("SHELL", f"/usr/bin/{name}")

    return choose


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o default -F _reflect_completion reflect"),
        ("zsh", "compdef _reflect_completion reflect"),
        ("fish", "complete --command reflect --no-files"),
    ],
)
def test_show_completion(cli, in_shell, shell: str, expected: str) -> None:
    in_shell(shell)
    result = cli("--show-completion")
    assert result.exit_code == 0, result.output
    assert expected in result.stdout and "_REFLECT_COMPLETE=complete_" + shell in result.stdout


@pytest.mark.parametrize(
    ("shell", "script", "rc"),
    [
        ("bash", ".bash_completions/reflect.sh", ".bashrc"),
        ("zsh", ".zfunc/_reflect", ".zshrc"),
        ("fish", ".config/fish/completions/reflect.fish", None),
    ],
)
def test_install_completion(cli, in_shell, tmp_path, monkeypatch, shell, script, rc) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    in_shell(shell)
    result = cli("--install-completion")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Completion for {shell} is installed in ~/{script}.",
        "Open a new terminal, then press Tab after reflect (e.g. reflect write <Tab>).",
    ]
    assert "_REFLECT_COMPLETE" in (home / script).read_text()
    if rc:
        assert (home / rc).is_file()


def test_another_shell_is_said_plainly(cli, in_shell) -> None:
    in_shell("tcsh")
    result = cli("--show-completion")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "reflect: Completion works in bash, zsh and fish; this shell is 'tcsh'.",
        "  Run it from one of those, e.g.: bash -c 'reflect --install-completion'",
    ]


@pytest.mark.skipif(not shutil.which("bash") or sys.platform == "win32", reason="needs bash")
def test_in_a_real_bash(cli, tagged, tmp_path: Path) -> None:
    """The script `--show-completion` prints, sourced in bash, completes through reflect."""
    tools = tmp_path / "tools"
    tools.mkdir()
    wrapper = tools / "reflect"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "{LAUNCH}" "$@"\n')
    wrapper.chmod(0o755)
    script = """
eval "$(reflect --show-completion)"
COMP_WORDS=(reflect write g); COMP_CWORD=2; _reflect_completion reflect
echo "${COMPREPLY[*]}"
COMP_WORDS=(reflect quick --tag ha); COMP_CWORD=3; _reflect_completion reflect
echo "${COMPREPLY[*]}"
"""
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "SHELL": "/bin/bash"}
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["gibbs", "handover hands"]
