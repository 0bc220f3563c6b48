"""`reflect remind`: a daily nudge through the machine's own scheduler, against temporary user
scheduler folders and stand-in commands. Setting then removing a reminder leaves the scheduler
exactly as it was, other people's crontab lines included."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reflect_cli.core import reminders
from reflect_cli.errors import UsageError

CRON_JOB = re.compile(r"^(\d{1,2}) (\d{1,2}) \* \* ([0-6,*-]+) (.+ nudge --notify)"
                      r" >/dev/null 2>&1$")


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Stand-ins for scheduler commands, first on the PATH; each notes its arguments in
    <name>.log. `tools("crontab", body)` makes one with a shell body of its own."""
    if sys.platform == "win32":
        pytest.skip("the stand-ins are shell scripts")
    folder = tmp_path / "tools"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    def make(name: str, body: str = "exit 0") -> Path:
        log = tmp_path / f"{name}.log"
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n{body}\n')
        script.chmod(0o755)
        return log

    return make


@pytest.fixture
def systemd(tmp_path: Path, monkeypatch, tools) -> Path:
    """A temporary XDG_CONFIG_HOME, systemd chosen, and a systemctl that notes its calls."""
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("REFLECT_SCHEDULER", "systemd")
    tools("systemctl")
    return config


# -- what --at and --days mean ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days", "said"),
    [
        ("mon-fri", (0, 1, 2, 3, 4), "Monday to Friday"),
        ("sat,sun", (5, 6), "Saturday and Sunday"),
        ("daily", tuple(range(7)), "every day"),
        ("Weekends", (5, 6), "Saturday and Sunday"),
        ("mon,wed,fri", (0, 2, 4), "Monday, Wednesday and Friday"),
        ("fri-mon", (0, 4, 5, 6), "Monday and Friday to Sunday"),
        ("tuesday..thursday", (1, 2, 3), "Tuesday to Thursday"),
        ("mo, tu", (0, 1), "Monday and Tuesday"),
    ],
)
def test_days(text: str, days: tuple[int, ...], said: str) -> None:
    assert reminders.parse_days(text) == days
    assert reminders.describe_days(days) == said
    spec = reminders.Reminder(21, 0, days).days_spec
    assert reminders.parse_days(spec) == days  # what is written down reads back the same


@pytest.mark.parametrize("text", ["funday", "m", "mon-", "mon-tue-wed", "", " , "])
def test_days_refused_plainly(text: str) -> None:
    with pytest.raises(UsageError) as refused:
        reminders.parse_days(text)
    assert refused.value.message.startswith("--days:")
    assert "mon-fri" in refused.value.hint


@pytest.mark.parametrize("text", ["25:00", "21:60", "9pm", "21", "7:5", "-1:00", "21:00:00"])
def test_at_refused_plainly(text: str) -> None:
    with pytest.raises(UsageError, match="is not a time of day"):
        reminders.parse_at(text)


def test_at() -> None:
    assert reminders.parse_at("21:00") == (21, 0)
    assert reminders.parse_at("7:30") == (7, 30)
    assert reminders.parse_at("00:00") == (0, 0)


def test_what_each_scheduler_is_given() -> None:
    r = reminders.reminder("21:00", "mon-fri", ("/home/a nurse/bin/reflect", "nudge", "--notify"))
    units = reminders.systemd_units(r)
    assert "OnCalendar=Mon..Fri *-*-* 21:00:00" in units["reflect-nudge.timer"]
    assert 'ExecStart="/home/a nurse/bin/reflect" nudge --notify' in units["reflect-nudge.service"]
    comment, job = reminders.cron_lines(r)
    assert comment.startswith("# reflect remind --at 21:00 --days mon-fri")
    assert job == "0 21 * * 1-5 '/home/a nurse/bin/reflect' nudge --notify >/dev/null 2>&1"
    assert reminders.from_plist(reminders.launchd_plist(r)) == ("21:00", "mon-fri")
    daily = reminders.reminder("07:05", None, ("reflect", "nudge", "--notify"))
    assert reminders.from_plist(reminders.launchd_plist(daily)) == ("07:05", "daily")
    assert reminders.cron_lines(daily)[1].startswith("5 7 * * * reflect nudge")
    assert reminders.schtasks_create(r)[-7:] == [
        "/SC", "WEEKLY", "/D", "MON,TUE,WED,THU,FRI", "/ST", "21:00", "/F"
    ]
    xml = ("<Task><StartBoundary>2026-01-01T21:00:00</StartBoundary><DaysOfWeek><Saturday />"
           "<Sunday /></DaysOfWeek></Task>")
    assert reminders.from_task_xml(xml) == ("21:00", "sat,sun")


def test_percent_signs_are_kept_in_cron_and_systemd() -> None:
    r = reminders.reminder("21:00", None, ("reflect", "--db", "/j/100%.db", "nudge", "--notify"))
    assert "/j/100\\%.db" in reminders.cron_lines(r)[1]
    assert "/j/100%%.db" in reminders.systemd_units(r)["reflect-nudge.service"]


def test_a_crontab_keeps_every_other_line() -> None:
    theirs = "MAILTO=me@example.org\n# backups\n0 3 * * * /usr/local/bin/backup --all\n\n"
    r = reminders.reminder("21:00", "mon-fri", ("reflect", "nudge", "--notify"))
    ours = reminders.with_reminder(theirs, r)
    assert ours.startswith(theirs) and ours.count("nudge") == 1
    again = reminders.with_reminder(ours, reminders.reminder("22:00", None, r.command))
    assert again.count("nudge") == 1 and "0 22 * * *" in again  # replaced, not added
    assert reminders.without_reminder(again) == (theirs, reminders.cron_lines(
        reminders.reminder("22:00", None, r.command)))
    lookalike = "# reflect remind me to call mum\n30 8 * * * mail -s nudge mum\n"
    assert reminders.without_reminder(lookalike) == (lookalike, [])


# -- systemd user timers ------------------------------------------------------------------------


def test_dry_run_prints_a_valid_timer_and_changes_nothing(cli, systemd: Path, tmp_path) -> None:
    result = cli("remind", "--at", "21:00", "--days", "mon-fri", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Dry run: nothing is changed.")
    assert f"Would write {systemd / 'systemd/user/reflect-nudge.timer'}:" in result.stdout
    assert "OnCalendar=Mon..Fri *-*-* 21:00:00" in result.stdout
    assert "Would run: systemctl --user enable --now reflect-nudge.timer" in result.stdout
    assert "nudge --notify" in result.stdout
    assert snapshot(systemd) == {} and not (tmp_path / "systemctl.log").exists()
    calendar = re.search(r"^OnCalendar=(.+)$", result.stdout, re.M)[1]
    if shutil.which("systemd-analyze"):
        checked = subprocess.run(["systemd-analyze", "calendar", calendar],
                                 capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr
        assert "Mon..Fri *-*-* 21:00:00" in checked.stdout


@pytest.mark.parametrize("others", [False, True], ids=["no-units-yet", "other-units"])
def test_set_then_off_leaves_systemd_as_it_was(cli, systemd, tmp_path, db_path, others) -> None:
    if others:
        units = systemd / "systemd" / "user"
        (units / "timers.target.wants").mkdir(parents=True)
        (units / "backup.timer").write_text("[Timer]\nOnCalendar=daily\n")
    before = snapshot(systemd)

    result = cli("remind", "--at", "21:00", "--days", "mon-fri")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Reminder set: at 21:00, Monday to Friday (a systemd user")
    timer = systemd / "systemd/user/reflect-nudge.timer"
    service = (systemd / "systemd/user/reflect-nudge.service").read_text()
    assert "OnCalendar=Mon..Fri *-*-* 21:00:00" in timer.read_text()
    assert f"--db {db_path} nudge --notify" in service  # the same journal as this run's
    assert (tmp_path / "systemctl.log").read_text().splitlines() == [
        "--user daemon-reload", "--user enable --now reflect-nudge.timer"
    ]
    shown = cli("remind", "--show")
    assert shown.stdout == (
        f"A reminder is set: at 21:00, Monday to Friday (a systemd user timer: {timer}).\n"
    )
    assert cli("remind").stdout == shown.stdout  # --show is what plain `reflect remind` does

    off = cli("remind", "--off")
    assert off.exit_code == 0
    assert off.stdout == "The reminder is off: its systemd user timer is removed.\n"
    assert snapshot(systemd) == before
    assert (tmp_path / "systemctl.log").read_text().splitlines()[2:] == [
        "--user disable --now reflect-nudge.timer", "--user daemon-reload"
    ]
    assert cli("remind", "--show").stdout.startswith("No reminder is set. Set one with: reflect")
    assert cli("remind", "--off").stdout == "No reminder was set, so there was nothing to remove.\n"


def test_setting_again_replaces_it(cli, systemd) -> None:
    assert cli("remind", "--at", "21:00").exit_code == 0
    assert cli("remind", "--at", "06:45", "--days", "sat,sun").exit_code == 0
    timer = (systemd / "systemd/user/reflect-nudge.timer").read_text()
    assert "OnCalendar=Sat,Sun *-*-* 06:45:00" in timer and "21:00" not in timer
    import json

    shown = json.loads(cli("remind", "--show", "--json").stdout)
    assert shown["set"] is True
    assert [(r["at"], r["days"], r["scheduler"]) for r in shown["reminders"]] == [
        ("06:45", "sat,sun", "systemd")
    ]


def test_a_unit_reflect_did_not_write_is_left_alone(cli, systemd) -> None:
    units = systemd / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "reflect-nudge.timer").write_text("[Timer]\nOnCalendar=hourly\n")  # not ours
    assert cli("remind", "--show").stdout.startswith("No reminder is set")
    assert cli("remind", "--off").stdout.startswith("No reminder was set")
    assert (units / "reflect-nudge.timer").read_text() == "[Timer]\nOnCalendar=hourly\n"


def test_systemd_refusing_leaves_nothing_behind(cli, systemd, tools) -> None:
    tools("systemctl", 'echo "Failed to connect to bus: No medium found" >&2\nexit 1')
    result = cli("remind", "--at", "21:00")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "reflect: systemd did not work: Failed to connect to bus: No medium found. Nothing was"
        " left behind.",
        "  Use the crontab instead: REFLECT_SCHEDULER=cron reflect remind --at HH:MM",
    ]
    assert snapshot(systemd) == {}


# -- the crontab ------------------------------------------------------------------------------

THEIRS = "SHELL=/bin/sh\n# someone else's job, untouched\n15 2 * * 1 /usr/bin/rotate --logs\n"


@pytest.fixture
def crontab(tmp_path: Path, monkeypatch) -> Path:
    """REFLECT_CRONTAB: a file standing in for the user's crontab (absent: no crontab)."""
    monkeypatch.setenv("REFLECT_SCHEDULER", "cron")
    path = tmp_path / "crontab.txt"
    monkeypatch.setenv("REFLECT_CRONTAB", str(path))
    return path


def test_cron_dry_run_prints_a_valid_line(cli, crontab: Path) -> None:
    crontab.write_text(THEIRS)
    result = cli("remind", "--at", "21:00", "--days", "mon-fri", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "Would add these lines to your crontab (crontab -l shows it):"
    assert lines[2].startswith("# reflect remind --at 21:00 --days mon-fri")
    job = CRON_JOB.match(lines[3])
    assert job and job.groups()[:3] == ("0", "21", "1-5")
    assert crontab.read_text() == THEIRS


def test_cron_set_then_off_leaves_other_lines_exactly(cli, crontab: Path) -> None:
    crontab.write_text(THEIRS)
    result = cli("remind", "--at", "21:30", "--days", "sat,sun")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Reminder set: at 21:30, Saturday and Sunday (your crontab).")
    text = crontab.read_text()
    assert text.startswith(THEIRS)
    assert CRON_JOB.match(text.splitlines()[-1]).groups()[:3] == ("30", "21", "0,6")
    assert cli("remind", "--show").stdout == (
        "A reminder is set: at 21:30, Saturday and Sunday (your crontab).\n"
    )
    off = cli("remind", "--off")
    assert off.stdout == "The reminder is off: its lines are gone from your crontab.\n"
    assert crontab.read_text() == THEIRS


def test_no_crontab_before_means_none_after(cli, crontab: Path) -> None:
    assert cli("remind", "--at", "21:00").exit_code == 0
    assert crontab.exists()
    assert cli("remind", "--off").exit_code == 0
    assert not crontab.exists()


def test_the_real_crontab_command(cli, tools, tmp_path: Path, monkeypatch) -> None:
    """With no REFLECT_CRONTAB, `crontab -l` and `crontab -` (here a stand-in on the PATH)."""
    monkeypatch.setenv("REFLECT_SCHEDULER", "cron")
    monkeypatch.delenv("REFLECT_CRONTAB", raising=False)
    table = tmp_path / "table"
    tools("crontab", f"""case "$1" in
  -l) [ -f "{table}" ] || {{ echo "no crontab for nurse" >&2; exit 1; }}; cat "{table}";;
  -r) rm "{table}";;
  -) cat > "{table}";;
esac""")
    table.write_text(THEIRS)
    assert cli("remind", "--at", "21:00").exit_code == 0
    assert table.read_text().startswith(THEIRS) and "nudge --notify" in table.read_text()
    assert cli("remind", "--off").exit_code == 0
    assert table.read_text() == THEIRS
    table.unlink()
    assert cli("remind", "--show").stdout.startswith("No reminder is set")
    assert cli("remind", "--at", "21:00").exit_code == 0
    assert cli("remind", "--off").exit_code == 0
    assert not table.exists()
    assert (tmp_path / "crontab.log").read_text().splitlines()[-1] == "-r"


# -- launchd and Task Scheduler (their stand-ins) -------------------------------------------------


def test_launchd_agent(cli, tools, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_SCHEDULER", "launchd")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    agents = tmp_path / "home" / "Library" / "LaunchAgents"
    agents.mkdir(parents=True)
    log = tools("launchctl")
    before = snapshot(agents)
    dry = cli("remind", "--at", "08:15", "--days", "mon-fri", "--dry-run")
    assert "<key>StartCalendarInterval</key>" in dry.stdout and snapshot(agents) == before
    assert cli("remind", "--at", "08:15", "--days", "mon-fri").exit_code == 0
    plist = agents / "local.reflect.nudge.plist"
    assert reminders.from_plist(plist.read_bytes()) == ("08:15", "mon-fri")
    assert log.read_text().splitlines() == [f"load -w {plist}"]
    assert "at 08:15, Monday to Friday (a launchd agent" in cli("remind", "--show").stdout
    assert cli("remind", "--off").exit_code == 0
    assert snapshot(agents) == before
    assert log.read_text().splitlines()[-1] == f"unload -w {plist}"


def test_task_scheduler(cli, tools, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_SCHEDULER", "schtasks")
    state = tmp_path / "task.xml"
    log = tools("schtasks", f"""case "$1" in
  /Create) echo "<Task><StartBoundary>2026-01-01T21:00:00</StartBoundary></Task>" > "{state}";;
  /Query) [ -f "{state}" ] && cat "{state}" || exit 1;;
  /Delete) rm "{state}";;
esac""")
    assert cli("remind", "--show").stdout.startswith("No reminder is set")
    assert cli("remind", "--at", "21:00").exit_code == 0
    create = log.read_text().splitlines()[-1]
    assert create.startswith("/Create /TN reflect-nudge /TR ") and "nudge --notify" in create
    assert create.endswith("/SC DAILY /ST 21:00 /F")
    assert "at 21:00, every day (Task Scheduler" in cli("remind", "--show").stdout
    off = cli("remind", "--off")
    assert off.stdout == "The reminder is off: its task is gone from Task Scheduler.\n"
    assert not state.exists()


# -- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--at", "25:00"], "reflect: --at: '25:00' is not a time of day."),
        (["--at", "9pm"], "reflect: --at: '9pm' is not a time of day."),
        (["--at", "21:00", "--days", "funday"], "reflect: --days: 'funday' is not a day."),
        (["--days", "mon-fri"], "reflect: --days goes with --at: at what time?"),
        (["--off", "--at", "21:00"], "reflect: --off removes the reminder, so it goes alone."),
        (["--at", "21:00", "--json"], "reflect: --json goes with --show."),
    ],
)
def test_bad_input_is_two_plain_lines(cli, systemd, args: list[str], said: str) -> None:
    result = cli("remind", *args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == said and len(lines) == 2 and "Traceback" not in result.output
    assert snapshot(systemd) == {}


def test_an_unknown_scheduler_is_said(cli, monkeypatch) -> None:
    monkeypatch.setenv("REFLECT_SCHEDULER", "anacron")
    result = cli("remind", "--at", "21:00")
    assert result.exit_code == 2
    assert "REFLECT_SCHEDULER: 'anacron' is not a scheduler reflect knows." in result.stderr


def test_the_scheduler_is_the_machines_own() -> None:
    assert reminders.choose("linux", True) == "systemd"
    assert reminders.choose("linux", False) == "cron"
    assert reminders.choose("darwin", False) == "launchd"
    assert reminders.choose("win32", False) == "schtasks"
    assert reminders.choose("linux", True, "cron") == "cron"
