"""A daily reminder, as the machine's own scheduler wants it: what `--at` and `--days` mean, and
the text of a systemd user timer and its service, a crontab's lines, a launchd agent's plist and
the Task Scheduler command. Pure: writing the files and running the schedulers' commands is
commands/schedulers.py's job.

Everything reflect writes says that reflect wrote it and how it was asked for (`reflect remind
--at 21:00 --days mon-fri`), so `--show` reads it back and `--off` removes exactly that and
nothing else.
"""

from __future__ import annotations

import plistlib
import re
import shlex
from dataclasses import dataclass

from reflect_cli.errors import UsageError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # 0 = Monday, as datetime counts
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVERY_DAY = tuple(range(7))
DAY_WORDS = {
    "daily": EVERY_DAY, "everyday": EVERY_DAY, "all": EVERY_DAY, "*": EVERY_DAY,
    "weekdays": tuple(range(5)), "weekends": (5, 6), "weekend": (5, 6),
}
DAYS_HINT = "Give days like mon-fri, sat,sun or daily, e.g. --days mon-fri."
AT_HINT = "Give the time as HH:MM on the 24-hour clock, e.g. --at 21:00."

SCHEDULERS = ("systemd", "cron", "launchd", "schtasks")
UNIT = "reflect-nudge"  # the systemd unit names (.timer, .service) and the Windows task name
LAUNCHD_LABEL = "local.reflect.nudge"
# the first line of everything reflect writes: how it was asked for
SIGNATURE = re.compile(r"reflect remind --at (\d\d:\d\d) --days (\S+)")


@dataclass(frozen=True)
class Reminder:
    """When to nudge, and the command that does it (`reflect [--db PATH] nudge --notify`)."""

    hour: int
    minute: int
    days: tuple[int, ...]  # sorted, each once; 0 = Monday
    command: tuple[str, ...] = ()

    @property
    def at(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @property
    def daily(self) -> bool:
        return self.days == EVERY_DAY

    @property
    def days_spec(self) -> str:
        """The days as `--days` takes them: daily, mon-fri, sat,sun, mon,wed,fri."""
        return "daily" if self.daily else ",".join(_runs(self.days, "-", DAYS))

    @property
    def signature(self) -> str:
        return f"reflect remind --at {self.at} --days {self.days_spec}"

    def describe(self) -> str:
        """'at 21:00, Monday to Friday' / 'at 07:30, every day'."""
        return f"at {self.at}, {describe_days(self.days)}"


def parse_at(text: str) -> tuple[int, int]:
    """`--at`: HH:MM (or H:MM) on the 24-hour clock."""
    found = re.fullmatch(r"\s*(\d{1,2}):(\d\d)\s*", text)
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise UsageError(f"--at: '{text}' is not a time of day.", AT_HINT)
    return int(found[1]), int(found[2])


def parse_days(text: str) -> tuple[int, ...]:
    """`--days`: day names (mon or monday), ranges (mon-fri, fri-mon), lists (sat,sun), or
    daily / weekdays / weekends."""
    chosen: set[int] = set()
    parts = [part.strip().lower() for part in text.split(",")]
    if not any(parts):
        raise UsageError("--days: no days given.", DAYS_HINT)
    for part in parts:
        if part in DAY_WORDS:
            chosen.update(DAY_WORDS[part])
            continue
        ends = re.split(r"\s*(?:-|\.\.)\s*", part)
        if len(ends) > 2 or not all(ends):
            raise UsageError(f"--days: '{part}' is not a day or a range of days.", DAYS_HINT)
        first, last = (_day(end) for end in (ends[0], ends[-1]))
        chosen.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    return tuple(sorted(chosen))


def _day(word: str) -> int:
    """A day from its name or the start of it, two letters at least (mo, tue, thurs, sunday)."""
    for number, name in enumerate(DAY_NAMES):
        if len(word) >= 2 and name.lower().startswith(word):
            return number
    raise UsageError(f"--days: '{word}' is not a day.", DAYS_HINT)


def describe_days(days: tuple[int, ...]) -> str:
    """'every day', 'Monday to Friday', 'Saturday and Sunday', 'Monday, Wednesday and Friday'."""
    if days == EVERY_DAY:
        return "every day"
    pieces = _runs(days, " to ", DAY_NAMES)
    return pieces[0] if len(pieces) == 1 else ", ".join(pieces[:-1]) + " and " + pieces[-1]


def _runs(days: tuple[int, ...], joiner: str, names: tuple[str, ...]) -> list[str]:
    """Runs of three or more days in a row as ranges (Monday to Friday), the rest one by one."""
    groups: list[list[int]] = []
    for day in days:
        if groups and day == groups[-1][-1] + 1:
            groups[-1].append(day)
        else:
            groups.append([day])
    said: list[str] = []
    for group in groups:
        if len(group) >= 3:
            said.append(f"{names[group[0]]}{joiner}{names[group[-1]]}")
        else:
            said.extend(names[day] for day in group)
    return said


def reminder(at: str, days: str | None, command: tuple[str, ...] = ()) -> Reminder:
    hour, minute = parse_at(at)
    return Reminder(hour, minute, parse_days(days) if days else EVERY_DAY, command)


def choose(platform: str, systemd_runs: bool, forced: str | None = None) -> str:
    """Which scheduler: `forced` (REFLECT_SCHEDULER) if given; launchd on macOS, Task Scheduler
    on Windows, a systemd user timer where systemd runs, else the crontab."""
    if forced:
        if forced not in SCHEDULERS:
            raise UsageError(
                f"REFLECT_SCHEDULER: '{forced}' is not a scheduler reflect knows.",
                f"Use one of: {', '.join(SCHEDULERS)} (or unset it).",
            )
        return forced
    if platform == "darwin":
        return "launchd"
    if platform == "win32":
        return "schtasks"
    return "systemd" if systemd_runs else "cron"


def found(text: str) -> tuple[str, str] | None:
    """(at, days) of the reminder that reflect's signature in `text` describes, if any."""
    match = SIGNATURE.search(text)
    return (match[1], match[2]) if match else None


# -- systemd --------------------------------------------------------------------------------------


def on_calendar(r: Reminder) -> str:
    """The timer's OnCalendar: `Mon..Fri *-*-* 21:00:00`, or `*-*-* 21:00:00` every day."""
    days = "" if r.daily else ",".join(_runs(r.days, "..", tuple(d.title() for d in DAYS))) + " "
    return f"{days}*-*-* {r.at}:00"


def _systemd_word(word: str) -> str:
    """One argument of ExecStart: `%` and `$` doubled, quoted when it holds a space or quote."""
    word = word.replace("%", "%%").replace("$", "$$")
    if re.fullmatch(r"[\w@%+=:,./-]+", word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


MADE = "# Folders reflect made (removed with it if empty): "


def systemd_units(r: Reminder, made: tuple[str, ...] = ()) -> dict[str, str]:
    """The timer and its service, by file name. `made`: the folders (under the configuration
    folder) that were not there before, noted in the timer so that --off removes them too."""
    head = f"# {r.signature}\n# Written by reflect; reflect remind --off removes it.\n"
    note = f"{MADE}{', '.join(made)}\n" if made else ""
    return {
        f"{UNIT}.timer": (
            f"{head}{note}[Unit]\nDescription=reflect: a nudge to reflect, {r.describe()}\n\n"
            f"[Timer]\nOnCalendar={on_calendar(r)}\nUnit={UNIT}.service\n\n"
            "[Install]\nWantedBy=timers.target\n"
        ),
        f"{UNIT}.service": (
            f"{head}[Unit]\nDescription=reflect: a nudge to reflect, unless you already have "
            "today\n\n[Service]\nType=oneshot\n"
            f"ExecStart={' '.join(_systemd_word(word) for word in r.command)}\n"
        ),
    }


def made_folders(timer: str) -> list[str]:
    """The folders the timer's note says reflect made, deepest first."""
    for line in timer.splitlines():
        if line.startswith(MADE):
            names = [n.strip() for n in line.removeprefix(MADE).split(",") if n.strip()]
            return sorted(names, key=lambda n: n.count("/"), reverse=True)
    return []


# -- cron ----------------------------------------------------------------------------------------

CRON_MARK = "# reflect remind"  # the first line of the two reflect adds to a crontab


def cron_lines(r: Reminder) -> list[str]:
    """A comment saying what it is, and the job: `0 21 * * 1-5 reflect nudge --notify`."""
    numbers = tuple((day + 1) % 7 for day in r.days)  # cron counts from Sunday = 0
    weekdays = "*" if r.daily else ",".join(
        _runs(tuple(sorted(numbers)), "-", tuple(str(n) for n in range(7)))
    )
    command = " ".join(shlex.quote(word) for word in r.command).replace("%", "\\%")
    return [
        f"# {r.signature} (this line and the next; reflect remind --off removes them)",
        f"{r.minute} {r.hour} * * {weekdays} {command} >/dev/null 2>&1",
    ]


def without_reminder(crontab: str) -> tuple[str, list[str]]:
    """The crontab without reflect's lines (its comment and the job after it), and those lines.
    Every other line stays exactly as it was."""
    kept: list[str] = []
    removed: list[str] = []
    lines = crontab.splitlines(keepends=True)
    skip_job = False
    for line in lines:
        if skip_job and "nudge" in line and not line.lstrip().startswith("#"):
            removed.append(line.rstrip("\n"))
            skip_job = False
            continue
        skip_job = line.startswith(CRON_MARK) and bool(SIGNATURE.search(line))
        if skip_job:
            removed.append(line.rstrip("\n"))
        else:
            kept.append(line)
    return "".join(kept), removed


def with_reminder(crontab: str, r: Reminder) -> str:
    """The crontab with reflect's lines (any earlier ones of reflect's replaced) at its end."""
    kept, _ = without_reminder(crontab)
    if kept and not kept.endswith("\n"):
        kept += "\n"
    return kept + "\n".join(cron_lines(r)) + "\n"


# -- launchd (macOS) -----------------------------------------------------------------------------


def launchd_plist(r: Reminder) -> bytes:
    """The launch agent: run the command at the time on the days (launchd counts from Sunday
    = 0), its output dropped."""
    if r.daily:
        interval: object = {"Hour": r.hour, "Minute": r.minute}
    else:
        interval = [{"Weekday": (day + 1) % 7, "Hour": r.hour, "Minute": r.minute}
                    for day in r.days]
    return plistlib.dumps({
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": list(r.command),
        "StartCalendarInterval": interval,
        "StandardOutPath": "/dev/null",
        "StandardErrorPath": "/dev/null",
    })


def from_plist(data: bytes) -> tuple[str, str] | None:
    """(at, days) of the launch agent reflect wrote (None for anything else)."""
    try:
        agent = plistlib.loads(data)
        interval = agent["StartCalendarInterval"]
        times = interval if isinstance(interval, list) else [interval]
        at = f"{int(times[0]['Hour']):02d}:{int(times[0]['Minute']):02d}"
        if agent.get("Label") != LAUNCHD_LABEL:
            return None
    except (plistlib.InvalidFileException, KeyError, TypeError, ValueError, IndexError,
            AttributeError):
        return None
    if not isinstance(interval, list):
        return at, "daily"
    days = tuple(sorted({(int(t["Weekday"]) - 1) % 7 for t in times if "Weekday" in t}))
    return at, Reminder(0, 0, days).days_spec if days else "daily"


# -- Task Scheduler (Windows) --------------------------------------------------------------------


def schtasks_create(r: Reminder) -> list[str]:
    """`schtasks /Create` for a daily or weekly task at the time (replacing reflect's own)."""
    from subprocess import list2cmdline

    when = ["/SC", "DAILY"] if r.daily else [
        "/SC", "WEEKLY", "/D", ",".join(DAYS[day].upper() for day in r.days)
    ]
    return ["schtasks", "/Create", "/TN", UNIT, "/TR", list2cmdline(r.command), *when,
            "/ST", r.at, "/F"]


def schtasks_delete() -> list[str]:
    return ["schtasks", "/Delete", "/TN", UNIT, "/F"]


def schtasks_query() -> list[str]:
    return ["schtasks", "/Query", "/TN", UNIT, "/XML"]


def from_task_xml(xml: str) -> tuple[str, str] | None:
    """(at, days) of the task Task Scheduler describes in XML (`schtasks /Query /XML`)."""
    start = re.search(r"<StartBoundary>[^<T]*T(\d\d:\d\d)", xml)
    if not start:
        return None
    week = re.search(r"<DaysOfWeek>(.*?)</DaysOfWeek>", xml, re.S)
    if not week:
        return start[1], "daily"
    days = tuple(n for n, name in enumerate(DAY_NAMES) if f"<{name}" in week[1])
    return start[1], Reminder(0, 0, days).days_spec if days else "daily"
