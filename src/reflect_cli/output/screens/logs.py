"""The revalidation logs on screen: the lists of `reflect cpd`, `feedback`, `practice` and
`discussion`, and the line that says what was saved, changed or deleted. What the user wrote is
shown as written (safe.user), never as markup."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect_cli.core.logs import hours_text
from reflect_cli.model import short_id
from reflect_cli.output.safe import one_line, user

NAMES = {"cpd": "CPD", "feedback": "feedback", "practice": "practice hours",
         "discussions": "reflective discussions"}
ADD = {"cpd": 'reflect cpd add "Sepsis update" --hours 2 --participatory',
       "feedback": 'reflect feedback add "Thanked us for explaining the plan" --from carer',
       "practice": "reflect practice add 37.5 --from 2026-03-02 --to 2026-03-06",
       "discussions": 'reflect discussion add --partner-name "..." --partner-pin ... --date today'}


def _table() -> Table:
    table = Table(box=None, padding=(0, 1), show_header=True, header_style="dim", expand=False)
    return table


def empty(table: str, narrowed: bool) -> Text:
    what = NAMES[table]
    if narrowed:
        return Text(f"No {what} in those days.")
    return Text.assemble(f"No {what} logged yet. Add some with:\n  ", (ADD[table], "dim"))


def cpd_list(activities: list) -> Group:
    table = _table()
    for name in ("id", "date", "hours", "topic"):
        table.add_column(name, no_wrap=name != "topic", overflow="fold")
    total = together = 0.0
    for a in activities:
        total += a.hours
        together += a.hours if a.participatory else 0
        topic = user(one_line(a.topic))
        details = [a.method] if a.method else []
        if a.participatory:
            details.insert(0, "participatory")
        if a.points is not None:
            details.append(f"{hours_text(a.points)} points")
        details += list(a.standards)
        if details:
            topic.append(f"  {one_line(' · '.join(details))}", style="dim")
        table.add_row(short_id(a.id), a.day, hours_text(a.hours), topic)
    plural = "activity" if len(activities) == 1 else "activities"
    return Group(table, Text(
        f"{len(activities)} {plural}, {hours_text(total)} hours ({hours_text(together)}"
        " participatory)", style="dim"))


def feedback_list(items: list) -> Group:
    table = _table()
    for name in ("id", "date", "from", "feedback"):
        table.add_column(name, no_wrap=name != "feedback", overflow="fold")
    for f in items:
        text = user(one_line(f.text, 200))
        if f.marked:
            text.append("  may identify someone", style="yellow")
        table.add_row(short_id(f.id), f.day, f.source, text)
    plural = "piece" if len(items) == 1 else "pieces"
    return Group(table, Text(f"{len(items)} {plural} of feedback", style="dim"))


def practice_list(records: list) -> Group:
    table = _table()
    for name in ("id", "days", "hours", "role"):
        table.add_column(name, no_wrap=name != "role", overflow="fold")
    for p in records:
        days = p.start if p.start == p.end else f"{p.start} to {p.end}"
        table.add_row(short_id(p.id), days, hours_text(p.hours), user(one_line(p.role)))
    total = sum(p.hours for p in records)
    plural = "record" if len(records) == 1 else "records"
    return Group(table, Text(f"{len(records)} {plural}, {hours_text(total)} hours", style="dim"))


def discussion_list(discussions: list) -> Group:
    table = _table()
    for name in ("id", "date", "partner", "accounts"):
        table.add_column(name, no_wrap=name != "partner", overflow="fold")
    for d in discussions:
        partner = user(one_line(d.partner_name))
        partner.append(f"  PIN {one_line(d.partner_pin)}", style="dim")
        if d.partner_email:
            partner.append(f"  {one_line(d.partner_email)}", style="dim")
        table.add_row(short_id(d.id), d.day, partner, str(len(d.entry_ids)))
    return Group(table)


def _hours(hours: float) -> str:
    return f"{hours_text(hours)} hour{'' if hours == 1 else 's'}"


WHO = {"other": "someone else", "patient": "a patient", "carer": "a carer",
       "colleague": "a colleague", "manager": "a manager", "student": "a student"}


def saved(table: str, record, verb: str = "Logged") -> Text:
    """'Logged: 2 hours of CPD, Sepsis update (participatory) · 3f2a9c1e'."""
    if table == "cpd":
        what = Text.assemble(f"{_hours(record.hours)} of CPD, ",
                             user(one_line(record.topic, 80)))
        if record.participatory:
            what.append(" (participatory)")
    elif table == "feedback":
        what = Text(f"feedback from {WHO.get(record.source, record.source)} on {record.day}")
    elif table == "practice":
        days = record.start if record.start == record.end else f"{record.start} to {record.end}"
        what = Text(f"{_hours(record.hours)} of practice, {days}")
    else:
        what = Text.assemble("the reflective discussion with ",
                             user(one_line(record.partner_name, 60)), f" on {record.day}")
    return Text.assemble((f"{verb}: ", "green"), what, (f"  {short_id(record.id)}", "dim"))


def deleted(table: str, record) -> Text:
    return saved(table, record, verb="Deleted")
