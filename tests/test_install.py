"""`make install` (scripts/install.py): reflect installed for the user as a tool, with pipx or
uv when present, else in a private virtual environment with a link on the PATH.

The quick tests drive the script's pieces with a temporary HOME and fake pipx / uv; the slow one
runs `make install` in a fresh clone with no pipx or uv on the PATH, then the installed reflect
from another directory (it reuses pip's cache; the first run may reach PyPI, as `make test` does).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("install_script", REPO / "scripts/install.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_tool(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    tool = directory / name
    tool.write_text(f"#!/bin/sh\n{body}\n")
    tool.chmod(0o755)
    return tool


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return {"HOME": str(home), "PATH": str(tmp_path / "tools"), "SHELL": "/bin/bash"}


def test_the_venv_goes_in_the_user_data_directory(script, home: dict[str, str], tmp_path):
    if sys.platform in ("darwin", "win32"):
        pytest.skip("the XDG layout is Linux's")
    assert script.data_dir(home) == Path(home["HOME"]) / ".local/share/reflect"
    assert script.data_dir({**home, "XDG_DATA_HOME": str(tmp_path / "d")}) == tmp_path / "d/reflect"
    assert script.bin_dir(home) == Path(home["HOME"]) / ".local/bin"
    assert script.bin_dir({**home, "XDG_BIN_HOME": str(tmp_path / "b")}) == tmp_path / "b"


@pytest.mark.parametrize(
    ("shell", "rc", "line"),
    [
        ("/bin/bash", "~/.bashrc", 'export PATH="$HOME/.local/bin:$PATH"'),
        ("/usr/bin/zsh", "~/.zshrc", 'export PATH="$HOME/.local/bin:$PATH"'),
        ("/usr/bin/fish", "~/.config/fish/config.fish", "fish_add_path ~/.local/bin"),
        ("/bin/dash", "~/.profile", 'export PATH="$HOME/.local/bin:$PATH"'),
    ],
)
def test_it_says_exactly_which_line_to_add(script, home, shell: str, rc: str, line: str):
    if sys.platform in ("darwin", "win32"):
        pytest.skip("the start-up files differ there")
    env = {**home, "SHELL": shell}
    advice = script.path_advice(script.bin_dir(env), env)
    assert advice == [
        f"{script.bin_dir(env)} is not on your PATH. Add this line to {rc}, then open a new "
        "terminal:",
        f"  {line}",
    ]


def test_pipx_then_uv_then_a_venv(script, home: dict[str, str], tmp_path: Path):
    tools = tmp_path / "tools"
    assert script.choose(None, home) == "venv"
    fake_tool(tools, "uv", "exit 0")
    assert script.choose(None, home) == "uv"
    fake_tool(tools, "pipx", "exit 0")
    assert script.choose(None, home) == "pipx"
    assert script.choose("venv", home) == "venv"
    (tools / "uv").unlink()
    with pytest.raises(script.InstallError, match="uv is not on your PATH"):
        script.choose("uv", home)


@pytest.mark.skipif(sys.platform == "win32", reason="shell scripts stand in for pipx")
def test_pipx_installs_it_when_present(script, home, tmp_path: Path, capsys):
    """With pipx on the PATH: `pipx install --force <checkout>`, then the tool's reflect is run
    and where it lives is said, with the line to add when its folder is not on the PATH."""
    log = tmp_path / "pipx.log"
    pipx_bin = tmp_path / "pipx-bin"
    fake_tool(pipx_bin, "reflect", 'echo "reflect 9.9"')
    fake_tool(tmp_path / "tools", "pipx", f'echo "$@" >> {log}\n'
              f'[ "$1" = environment ] && echo {pipx_bin}\nexit 0')
    installed = script.install(None, home)
    assert installed == pipx_bin / "reflect"
    calls = log.read_text().splitlines()
    assert calls[0] == f"install --force {script.REPO}"
    script.install("pipx", home, extras="encrypt")
    assert log.read_text().splitlines()[2] == f"install --force {script.REPO}[encrypt]"
    assert calls[1] == "environment --value PIPX_BIN_DIR"
    said = capsys.readouterr().out
    assert f"Installed reflect 9.9: {pipx_bin / 'reflect'}" in said
    assert f"{pipx_bin} is not on your PATH" in said


def test_a_failing_tool_is_said_plainly(script, home, tmp_path: Path, monkeypatch, capsys):
    fake_tool(tmp_path / "tools", "uv", 'echo "error: no network" >&2\nexit 2')
    monkeypatch.setenv("PATH", home["PATH"])
    assert script.main(["--with", "uv"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("install: uv tool install failed (exit 2):")
    assert "error: no network" in err and "Traceback" not in err


def test_where_says_which_reflect_the_path_finds(script, tmp_path: Path):
    tools = tmp_path / "tools"
    assert "not on your PATH" in script.where({"PATH": str(tools)})
    fake_tool(tools, "reflect", "exit 0")
    assert script.where({"PATH": str(tools)}) == f"reflect on your PATH: {tools / 'reflect'}"


def pip_cache() -> str | None:
    found = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True,
                           text=True)
    return found.stdout.strip() or None if found.returncode == 0 else None


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="make and a POSIX shell")
def test_make_install_in_a_fresh_clone(tmp_path: Path):
    """No pipx or uv on the PATH: a private venv with only what reflect needs to run, a link in
    ~/.local/bin, the line to add to ~/.bashrc; then `reflect --version` from elsewhere."""
    if not (REPO / ".git").exists() or not shutil.which("git") or not shutil.which("make"):
        pytest.skip("needs a git checkout, git and make")
    clone = tmp_path / "clone"
    cloned = subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)],
                            capture_output=True, text=True, timeout=60)
    assert cloned.returncode == 0, cloned.stderr
    home = tmp_path / "home"
    home.mkdir()
    tools = tmp_path / "tools"  # make and nothing else: no pipx, no uv
    tools.mkdir()
    (tools / "make").symlink_to(shutil.which("make"))
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "XDG_BIN_HOME", "MAKEFLAGS",
                        "MAKELEVEL", "MFLAGS")}
    env.update(HOME=str(home), PATH=str(tools), SHELL="/bin/bash",
               XDG_DATA_HOME=str(tmp_path / "data"))
    cache = pip_cache()
    if cache:
        env["PIP_CACHE_DIR"] = cache  # the temporary HOME would start an empty one
    python = os.path.realpath(sys.executable)  # the interpreter behind the test's venv

    made = subprocess.run(["make", "install", f"PYTHON={python}"], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    link = home / ".local" / "bin" / "reflect"
    venv = tmp_path / "data" / "reflect" / "venv"
    assert link.is_symlink() and link.resolve() == (venv / "bin" / "reflect").resolve()
    assert "Installed reflect " in made.stdout and str(link) in made.stdout
    assert f"{link.parent} is not on your PATH. Add this line to ~/.bashrc" in made.stdout
    assert 'export PATH="$HOME/.local/bin:$PATH"' in made.stdout
    assert oct((tmp_path / "data" / "reflect").stat().st_mode & 0o777) == "0o700"

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env["PATH"] = f"{link.parent}{os.pathsep}{env['PATH']}"
    env["REFLECT_DB"] = str(tmp_path / "journal.db")
    version = subprocess.run(["reflect", "--version"], cwd=elsewhere, env=env,
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("reflect ")
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import reflect_cli, importlib.util as u; print(reflect_cli.__file__);"
                            "print(u.find_spec('pytest') is not None)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
    file, has_pytest = where.stdout.split()
    assert Path(file).resolve().is_relative_to(venv.resolve())  # a copy, not the clone
    assert has_pytest == "False"  # only what reflect needs to run

    again = subprocess.run(["make", "install", f"PYTHON={python}"], cwd=clone, env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Start with: reflect quick" in again.stdout  # on the PATH now: no line to add
