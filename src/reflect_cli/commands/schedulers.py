"""The machine's own schedulers as `reflect remind` uses them: writing and removing reflect's
files and running the schedulers' commands (what is written is core/reminders.py's).

Where they look can be moved, for tests and for anyone who wants it elsewhere: systemd user units
live in $XDG_CONFIG_HOME/systemd/user, launchd agents in ~/Library/LaunchAgents (so HOME), the
commands (systemctl, crontab, launchctl, schtasks) are found on the PATH, `REFLECT_CRONTAB=FILE`
stands in for `crontab` itself, and `REFLECT_SCHEDULER` chooses one (and then only that one is
looked at).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from reflect_cli.core import reminders
from reflect_cli.core.reminders import Reminder
from reflect_cli.errors import DataError

SCHEDULER_ENV = "REFLECT_SCHEDULER"
CRONTAB_ENV = "REFLECT_CRONTAB"
COMMAND_SECONDS = 30
SYSTEMD_FOLDERS = ("systemd", "systemd/user", "systemd/user/timers.target.wants")


@dataclass(frozen=True)
class Found:
    """A reminder reflect set: when, and where it lives."""

    at: str
    days: str
    where: str


def _run(command: list[str], what: str, stdin: str | None = None,
         check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True,
                              timeout=COMMAND_SECONDS)
    except (OSError, subprocess.SubprocessError) as exc:
        raise DataError(f"{what}: {command[0]} could not be run ({exc}).") from None
    if check and done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise DataError(f"{what} did not work: {said[-1] if said else f'exit {done.returncode}'}")
    return done


def _shown(command: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(word) for word in command)


def _written_by_reflect(path: Path) -> bool:
    try:
        return path.is_file() and reminders.found(path.read_text(encoding="utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return False


class Systemd:
    name = "systemd"
    label = "a systemd user timer"
    gone = "its systemd user timer is removed"

    @property
    def base(self) -> Path:
        config = os.environ.get("XDG_CONFIG_HOME", "")
        return Path(config) if config and Path(config).is_absolute() else Path.home() / ".config"

    @property
    def folder(self) -> Path:
        return self.base / "systemd" / "user"

    def _new_folders(self) -> tuple[str, ...]:
        """The folders setting a timer makes (systemctl enable makes the .wants one) that are
        not there yet, relative to the configuration folder."""
        return tuple(name for name in SYSTEMD_FOLDERS if not (self.base / name).exists())

    def files(self) -> list[Path]:
        return [self.folder / f"{reminders.UNIT}.timer", self.folder / f"{reminders.UNIT}.service"]

    def commands(self) -> list[list[str]]:
        return [["systemctl", "--user", "daemon-reload"],
                ["systemctl", "--user", "enable", "--now", f"{reminders.UNIT}.timer"]]

    def plan(self, r: Reminder) -> list[str]:
        lines: list[str] = []
        for name, text in reminders.systemd_units(r, self._new_folders()).items():
            lines += [f"Would write {self.folder / name}:", text]
        return lines + [f"Would run: {_shown(c)}" for c in self.commands()]

    def set(self, r: Reminder) -> str:
        made = self._new_folders()
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in reminders.systemd_units(r, made).items():
            (self.folder / name).write_text(text, encoding="utf-8")
        try:
            for command in self.commands():
                _run(command, "systemd")
        except DataError as exc:
            self._clear()
            raise DataError(
                f"{exc.message}. Nothing was left behind.",
                "Use the crontab instead: REFLECT_SCHEDULER=cron reflect remind --at HH:MM",
            ) from None
        return str(self.files()[0])

    def current(self) -> Found | None:
        timer = self.files()[0]
        if not _written_by_reflect(timer):
            return None
        at, days = reminders.found(timer.read_text(encoding="utf-8")) or ("", "")
        return Found(at, days, str(timer))

    def removal(self) -> list[str]:
        ours = [p for p in self.files() if _written_by_reflect(p)]
        if not ours:
            return []
        disable = ["systemctl", "--user", "disable", "--now", f"{reminders.UNIT}.timer"]
        return [f"Would run: {_shown(disable)}", *(f"Would remove {p}" for p in ours),
                f"Would run: {_shown(self.commands()[0])}"]

    def remove(self) -> bool:
        if not any(_written_by_reflect(p) for p in self.files()):
            return False
        if shutil.which("systemctl"):
            _run(["systemctl", "--user", "disable", "--now", f"{reminders.UNIT}.timer"],
                 "systemd", check=False)
        self._clear(reload=True)
        return True

    def _clear(self, reload: bool = False) -> None:
        """Remove reflect's files, then the folders it made if that left them empty."""
        timer = self.files()[0]
        made = reminders.made_folders(timer.read_text(encoding="utf-8")) if (
            _written_by_reflect(timer)) else []
        for path in self.files():
            if _written_by_reflect(path):
                path.unlink(missing_ok=True)
        if reload and shutil.which("systemctl"):
            _run(self.commands()[0], "systemd", check=False)
        for name in (n for n in made if n in SYSTEMD_FOLDERS):
            with contextlib.suppress(OSError):  # not empty: something else lives there now
                (self.base / name).rmdir()


class Cron:
    name = "cron"
    label = "your crontab"
    gone = "its lines are gone from your crontab"

    @property
    def hook(self) -> Path | None:
        given = os.environ.get(CRONTAB_ENV)
        return Path(given) if given else None

    def available(self) -> bool:
        return self.hook is not None or shutil.which("crontab") is not None

    def read(self) -> str | None:
        """The crontab's text; None when there is none."""
        if self.hook is not None:
            return self.hook.read_text(encoding="utf-8") if self.hook.exists() else None
        if not shutil.which("crontab"):
            return None
        listed = _run(["crontab", "-l"], "crontab -l", check=False)
        if listed.returncode != 0:
            if "no crontab" in listed.stderr.lower():
                return None
            raise DataError(f"crontab -l did not work: {listed.stderr.strip() or 'no reason'}")
        return listed.stdout

    def write(self, text: str | None) -> None:
        """Replace the crontab with `text`; None removes it."""
        if self.hook is not None:
            if text is None:
                self.hook.unlink(missing_ok=True)
            else:
                self.hook.write_text(text, encoding="utf-8")
            return
        if text is None:
            _run(["crontab", "-r"], "crontab -r")
        else:
            _run(["crontab", "-"], "crontab", stdin=text)

    def plan(self, r: Reminder) -> list[str]:
        return ["Would add these lines to your crontab (crontab -l shows it):",
                *reminders.cron_lines(r)]

    def set(self, r: Reminder) -> str:
        if not self.available():
            raise DataError(
                "There is no systemd user session and no crontab here, so reflect cannot set a"
                " reminder on this machine.",
                "Put 'reflect nudge' in your shell's start-up file instead (see: reflect nudge"
                " --help).",
            )
        self.write(reminders.with_reminder(self.read() or "", r))
        return "your crontab"

    def current(self) -> Found | None:
        text = self.read() if self.available() else None
        at_days = reminders.found(text) if text else None
        return Found(*at_days, "your crontab") if at_days else None

    def removal(self) -> list[str]:
        text = self.read() if self.available() else None
        removed = reminders.without_reminder(text)[1] if text else []
        return ["Would remove these lines from your crontab:", *removed] if removed else []

    def remove(self) -> bool:
        text = self.read() if self.available() else None
        if not text:
            return False
        kept, removed = reminders.without_reminder(text)
        if not removed:
            return False
        self.write(kept if kept.strip() else None)  # it was reflect's alone: none, as before
        return True


class Launchd:
    name = "launchd"
    label = "a launchd agent"
    gone = "its launchd agent is removed"

    @property
    def file(self) -> Path:
        return Path.home() / "Library" / "LaunchAgents" / f"{reminders.LAUNCHD_LABEL}.plist"

    def plan(self, r: Reminder) -> list[str]:
        return [f"Would write {self.file}:", reminders.launchd_plist(r).decode("utf-8"),
                f"Would run: {_shown(['launchctl', 'load', '-w', str(self.file)])}"]

    def set(self, r: Reminder) -> str:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self.file.write_bytes(reminders.launchd_plist(r))
        try:
            _run(["launchctl", "load", "-w", str(self.file)], "launchctl")
        except DataError:
            self.file.unlink(missing_ok=True)
            raise
        return str(self.file)

    def _ours(self) -> tuple[str, str] | None:
        try:
            return reminders.from_plist(self.file.read_bytes()) if self.file.is_file() else None
        except OSError:
            return None

    def current(self) -> Found | None:
        at_days = self._ours()
        return Found(*at_days, str(self.file)) if at_days else None

    def removal(self) -> list[str]:
        if not self._ours():
            return []
        return [f"Would run: {_shown(['launchctl', 'unload', '-w', str(self.file)])}",
                f"Would remove {self.file}"]

    def remove(self) -> bool:
        if not self._ours():
            return False
        if shutil.which("launchctl"):
            _run(["launchctl", "unload", "-w", str(self.file)], "launchctl", check=False)
        self.file.unlink(missing_ok=True)
        return True


class TaskScheduler:
    name = "schtasks"
    label = "Task Scheduler"
    gone = "its task is gone from Task Scheduler"

    def plan(self, r: Reminder) -> list[str]:
        return [f"Would run: {_shown(reminders.schtasks_create(r))}"]

    def set(self, r: Reminder) -> str:
        _run(reminders.schtasks_create(r), "Task Scheduler")
        return f"the task {reminders.UNIT}"

    def current(self) -> Found | None:
        if not shutil.which("schtasks"):
            return None
        query = _run(reminders.schtasks_query(), "Task Scheduler", check=False)
        at_days = reminders.from_task_xml(query.stdout) if query.returncode == 0 else None
        return Found(*at_days, f"the task {reminders.UNIT}") if at_days else None

    def removal(self) -> list[str]:
        return [f"Would run: {_shown(reminders.schtasks_delete())}"] if self.current() else []

    def remove(self) -> bool:
        if not self.current():
            return False
        _run(reminders.schtasks_delete(), "Task Scheduler")
        return True


Scheduler = Systemd | Cron | Launchd | TaskScheduler
KINDS: dict[str, type[Scheduler]] = {
    "systemd": Systemd, "cron": Cron, "launchd": Launchd, "schtasks": TaskScheduler,
}


def systemd_runs() -> bool:
    """Whether this machine was booted with systemd (as sd_booted checks) and has systemctl."""
    return Path("/run/systemd/system").is_dir() and shutil.which("systemctl") is not None


def chosen() -> Scheduler:
    """The scheduler a new reminder goes to."""
    name = reminders.choose(sys.platform, systemd_runs(), os.environ.get(SCHEDULER_ENV))
    return KINDS[name]()


def on_this_machine() -> list[Scheduler]:
    """Where a reminder of reflect's may be: the chosen scheduler first, then the others this
    kind of machine has (only the chosen one when REFLECT_SCHEDULER names it)."""
    first = chosen()
    if os.environ.get(SCHEDULER_ENV):
        return [first]
    names = {"darwin": ["launchd", "cron"], "win32": ["schtasks"]}.get(
        sys.platform, ["systemd", "cron"])
    return [first, *(KINDS[n]() for n in names if n != first.name)]
