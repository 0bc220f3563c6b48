"""Install reflect for you, as a tool: `make install` runs this (standard library only).

With pipx or uv on the PATH, they do it (`pipx install .`, `uv tool install .`). Otherwise a
private virtual environment in reflect's user data directory (where the journal lives too, e.g.
~/.local/share/reflect/venv) gets reflect and only what it needs to run, and a `reflect` link
goes in ~/.local/bin (XDG_BIN_HOME if set). If that folder is not on your PATH, it says exactly
which line to add to your shell's start-up file.

    python3 scripts/install.py              # the best way found here
    python3 scripts/install.py --with venv  # choose: pipx, uv or venv
    python3 scripts/install.py --extras encrypt   # with the encryption extra (SQLCipher)
    python3 scripts/install.py --where      # say where reflect is installed, nothing more
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

APP = "reflect"
PACKAGE = "reflect-cli"
REPO = Path(__file__).resolve().parents[1]
WINDOWS = sys.platform == "win32"
METHODS = ("pipx", "uv", "venv")


def say(text: str = "") -> None:
    print(text, flush=True)


class InstallError(Exception):
    """What went wrong, said in one or two lines."""


# -- where things go -------------------------------------------------------------------------


def data_dir(env: dict[str, str] | None = None) -> Path:
    """reflect's user data directory, as platformdirs gives it (the journal lives there too)."""
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home())
    if WINDOWS:
        base = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP
    xdg = env.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share") / APP


def bin_dir(env: dict[str, str] | None = None) -> Path:
    """Where the `reflect` link goes: XDG_BIN_HOME, else ~/.local/bin (as pipx and uv do)."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_BIN_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg)
    return Path(env.get("HOME") or Path.home()) / ".local" / "bin"


def venv_reflect(venv: Path) -> Path:
    return venv / ("Scripts/reflect.exe" if WINDOWS else "bin/reflect")


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if WINDOWS else "bin/python")


def on_path(directory: Path, env: dict[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    wanted = os.path.normcase(os.path.realpath(directory))
    return any(
        os.path.normcase(os.path.realpath(part)) == wanted
        for part in env.get("PATH", "").split(os.pathsep)
        if part
    )


def path_advice(directory: Path, env: dict[str, str] | None = None) -> list[str]:
    """The lines that say how to put `directory` on the PATH: the start-up file of the user's
    shell and the exact line to add to it."""
    env = os.environ if env is None else env
    if WINDOWS:
        return [
            f"{directory} is not on your PATH. Add it in Settings > System > About >",
            "Advanced system settings > Environment Variables, then open a new terminal.",
        ]
    home = Path(env.get("HOME") or Path.home())
    shown = f"$HOME/{directory.relative_to(home)}" if directory.is_relative_to(home) else (
        str(directory))
    shell = Path(env.get("SHELL", "")).name
    if shell == "fish":
        rc, line = "~/.config/fish/config.fish", f"fish_add_path {shown.replace('$HOME', '~')}"
    else:
        rc = {"zsh": "~/.zshrc", "bash": "~/.bash_profile" if sys.platform == "darwin"
              else "~/.bashrc"}.get(shell, "~/.profile")
        line = f'export PATH="{shown}:$PATH"'
    return [
        f"{directory} is not on your PATH. Add this line to {rc}, then open a new terminal:",
        f"  {line}",
    ]


# -- the ways to install ---------------------------------------------------------------------


def choose(wanted: str | None, env: dict[str, str] | None = None) -> str:
    """pipx if it is on the PATH, else uv, else a private virtual environment."""
    env = os.environ if env is None else env
    if wanted:
        if wanted != "venv" and not shutil.which(wanted, path=env.get("PATH")):
            raise InstallError(f"{wanted} is not on your PATH. Leave out --with to use another"
                               " way.")
        return wanted
    for tool in ("pipx", "uv"):
        if shutil.which(tool, path=env.get("PATH")):
            return tool
    return "venv"


def run(command: list[str | Path], what: str, **kwargs) -> str:
    """Run `command`, its output kept unless it fails; the output (stdout) is returned."""
    try:
        done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    except OSError as exc:
        raise InstallError(f"Could not run {command[0]}: {exc.strerror or exc}.") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-12:]
        raise InstallError("\n".join([f"{what} failed (exit {done.returncode}):", *tail]))
    return done.stdout


def spec(extras: str | None = None) -> str:
    """What is installed: this checkout, with its extras (e.g. encrypt) if any."""
    return f"{REPO}[{extras}]" if extras else str(REPO)


def with_tool(tool: str, env: dict[str, str] | None = None, extras: str | None = None) -> Path:
    """`pipx install .` or `uv tool install .`; where the tool put `reflect`."""
    env = os.environ if env is None else env
    exe = shutil.which(tool, path=env.get("PATH")) or tool
    if tool == "pipx":
        say("Installing reflect with pipx...")
        run([exe, "install", "--force", spec(extras)], "pipx install")
        where = run([exe, "environment", "--value", "PIPX_BIN_DIR"], "pipx environment")
    else:
        say("Installing reflect with uv...")
        run([exe, "tool", "install", "--force", "--reinstall", spec(extras)], "uv tool install")
        where = run([exe, "tool", "dir", "--bin"], "uv tool dir")
    return Path(where.strip()) / ("reflect.exe" if WINDOWS else "reflect")


def with_venv(env: dict[str, str] | None = None, extras: str | None = None) -> Path:
    """A private virtual environment in the user data directory, with reflect and what it
    needs to run (not the test tools), and a `reflect` link in the bin directory."""
    data = data_dir(env)
    venv = data / "venv"
    if not data.exists():  # as reflect makes it: the journal will live here too
        data.mkdir(parents=True, mode=0o700)
        os.chmod(data, 0o700)
    python = venv_python(venv)
    if not python.exists():
        say(f"Making a private environment for reflect in {venv} ...")
        run([sys.executable, "-m", "venv", venv], "Making the environment")
    say("Installing reflect and what it needs to run (a minute the first time)...")
    # (pip reinstalls a project from a folder even at the same version: no --force needed)
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", spec(extras)],
        "Installing reflect")
    return link(venv_reflect(venv), bin_dir(env))


def link(target: Path, directory: Path) -> Path:
    """`reflect` in `directory`, pointing at `target` (a small .cmd file on Windows)."""
    directory.mkdir(parents=True, exist_ok=True)
    if WINDOWS:
        shim = directory / "reflect.cmd"
        shim.write_text(f'@"{target}" %*\r\n', encoding="utf-8")
        return shim
    made = directory / APP
    if made.is_symlink() or made.exists():
        if not made.is_symlink() and made.is_dir():
            raise InstallError(f"{made} is a folder, so reflect cannot be linked there.")
        made.unlink()
    made.symlink_to(target)
    return made


# -- what is said ----------------------------------------------------------------------------


def where(env: dict[str, str] | None = None) -> str:
    """One line: where `reflect` on the PATH is, or that it is not on it."""
    env = os.environ if env is None else env
    found = shutil.which(APP, path=env.get("PATH"))
    if found:
        real = os.path.realpath(found)
        return f"reflect on your PATH: {found}" + (f" (-> {real})" if real != found else "")
    return "reflect is not on your PATH yet: make install puts it there."


def check(installed: Path, env: dict[str, str] | None = None) -> str:
    """The installed reflect's version, run from outside the checkout."""
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home())
    out = run([installed, "--version"], "Running the installed reflect",
              cwd=home if home.is_dir() else None, timeout=60)
    return out.strip()


def install(wanted: str | None, env: dict[str, str] | None = None,
            extras: str | None = None) -> Path:
    env = os.environ if env is None else env
    if sys.version_info < (3, 11):  # noqa: UP036 (this file may be run by an older Python)
        raise InstallError(f"reflect needs Python 3.11 or newer; this is {sys.version.split()[0]}."
                           "\nRun it with a newer one, e.g.: make install PYTHON=python3.12")
    method = choose(wanted, env)
    installed = (with_venv(env, extras) if method == "venv"
                 else with_tool(method, env, extras))
    version = check(installed, env)
    real = installed.resolve()
    say(f"Installed {version}: {installed}" + (f" -> {real}" if real != installed else ""))
    if not on_path(installed.parent, env):
        for line in path_advice(installed.parent, env):
            say(line)
    else:
        found = shutil.which(APP, path=env.get("PATH"))
        if found and os.path.realpath(found) != os.path.realpath(installed):
            say(f"Note: another reflect comes first on your PATH: {found}")
        say("Start with: reflect quick")
    return installed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install reflect for you, as a tool.")
    parser.add_argument("--with", dest="method", choices=METHODS,
                        help="how: pipx, uv or a private virtual environment (default: the "
                             "first found, in that order)")
    parser.add_argument("--extras", help="extras to install too, e.g. encrypt (SQLCipher)")
    parser.add_argument("--where", action="store_true", help="only say where reflect is")
    args = parser.parse_args(argv)
    if args.where:
        say(where())
        return 0
    try:
        install(args.method, extras=args.extras)
    except InstallError as exc:
        print(f"install: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("install: stopped.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
