"""`reflect nudge`: one short line for a shell's start-up file when nothing was written today,
and nothing otherwise; `reflect nudge --notify` (what a reminder runs) shows it as a desktop
notification instead, where one can be shown.

It must never get in the way of a shell starting: no Typer, no Rich, one read-only query
(db/glance.py), and a journal that is missing, encrypted or unreadable means no line and exit 0.
The console script (launch.py) answers a plain `reflect nudge` from here without loading the app.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

LINE = "No reflection yet today: reflect quick"
UNSURE = "A few minutes to reflect on today? reflect quick"  # when the journal cannot be read
TITLE = "reflect"
NOTIFY_SECONDS = 10


def reflected_today(db_override: str | None = None) -> bool | None:
    """Whether a finished entry is dated today; None if there is no journal or it cannot be
    read without asking (encrypted, busy, damaged, not reflect's)."""
    from datetime import date

    from reflect_cli.core.paths import db_path
    from reflect_cli.db import glance

    return glance.wrote_on(db_path(db_override), date.today())  # the local day, as entries


def run(notify: bool = False, db_override: str | None = None) -> int:
    """The nudge: always exit 0, whatever happens (a shell start-up file runs it)."""
    try:
        done = reflected_today(db_override)
        if notify:
            if done is not True and not desktop(LINE if done is False else UNSURE):
                _say(LINE if done is False else UNSURE)
        elif done is False:
            _say(LINE)
    except Exception:  # never a traceback at a shell's start
        pass
    return 0


def _say(text: str) -> None:
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        pass


def desktop(text: str) -> bool:
    """Show `text` as a desktop notification (notify-send, or osascript on macOS); whether one
    could be shown."""
    import shutil
    import subprocess

    env = dict(os.environ)
    if sys.platform == "darwin":
        command = ["osascript", "-e", f'display notification "{text}" with title "{TITLE}"']
    elif sys.platform == "win32":  # a message box that closes itself after a minute
        command = ["powershell", "-NoProfile", "-WindowStyle", "Hidden", "-Command",
                   f"(New-Object -ComObject WScript.Shell).Popup('{text}', 60, '{TITLE}', 64)"]
    else:
        command = ["notify-send", f"--app-name={TITLE}", TITLE, text]
        bus = f"/run/user/{os.getuid()}/bus"  # cron gives no session bus address
        if not env.get("DBUS_SESSION_BUS_ADDRESS") and os.path.exists(bus):
            env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus}"
    if not shutil.which(command[0]):
        return False
    try:
        shown = subprocess.run(command, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=NOTIFY_SECONDS + (60 if sys.platform == "win32" else 0))
    except (OSError, subprocess.SubprocessError):
        return False
    return shown.returncode == 0


def fast(args: Sequence[str]) -> int | None:
    """`[--db PATH] nudge [--notify]` answered here; None for anything else (the app's)."""
    args = list(args)
    override = None
    if len(args) >= 2 and args[0] == "--db":
        override, args = args[1], args[2:]
    elif args and args[0].startswith("--db="):
        override, args = args[0].removeprefix("--db="), args[1:]
    if args not in (["nudge"], ["nudge", "--notify"]):
        return None
    return run(notify=len(args) == 2, db_override=override or None)
