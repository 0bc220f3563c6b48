"""`reflect revalidation` on screen: each requirement with what you have and what is needed, a
bar of plain characters (it reads the same without colour, with NO_COLOR and at 40 columns),
what is still to do, and which themes of the standards have evidence."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from reflect_cli.core.logs import hours_text
from reflect_cli.output.safe import user

BAR = 10  # characters
FULL, EMPTY = "█", "░"


def bar(have: float, need: float) -> str:
    """`have` of `need` as BAR characters: full ones for what there is, light ones for the rest."""
    filled = BAR if need <= 0 or have >= need else int(BAR * have / need)
    return FULL * filled + EMPTY * (BAR - filled)


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


def _heading(result) -> Text:
    profile, period = result.profile, result.period
    line = Text.assemble((profile.name, "bold"), (f"  {_day(period.start)} to {_day(period.end)}",
                                                  "dim"))
    if result.ended:
        line.append(" · ended", style="yellow")
    elif profile.rolling:
        line.append(" · the last 12 months" if profile.months == 12
                    else f" · the last {profile.months} months", style="dim")
    elif profile.needs_date:
        days = result.days_left
        line.append(f" · {days} day{'s' if days != 1 else ''} left", style="dim")
    return line


def _amount(item) -> str:
    count, have, need = item.requirement.count, item.have, item.need
    if count == "declaration":
        return "[x]" if item.done else "[ ]"
    if count == "reflected":
        return "nothing logged" if not need else f"{hours_text(have)} of {hours_text(need)}"
    if not need:
        return f"{hours_text(have)} (no minimum)"
    return f"{hours_text(have)} of {hours_text(need)}"


def _mark(item) -> str:
    count = item.requirement.count
    if count == "declaration" or (count != "reflected" and not item.need):
        return ""
    if count == "reflected" and not item.need:
        return ""
    return bar(item.have, item.need) + (" ✓" if item.done else "")


def _todo(item) -> Group | None:
    """What is still missing for one requirement, and (on the next line) how to add it."""
    requirement = item.requirement
    if item.done:
        return None
    count, missing = requirement.count, hours_text(item.missing)
    title = user(requirement.title)
    if count == "declaration":
        return _item(Text.assemble(title, ": tick it once it is in place"),
                     f"reflect revalidation tick {requirement.id}")
    how = {
        "practice_hours": (f"{missing} more hours", "reflect practice add HOURS"),
        "cpd_hours": (f"{missing} more hours", "reflect cpd add TOPIC --hours H"
                      + (" --participatory" if requirement.participatory else "")),
        "cpd_points": (f"{missing} more", "reflect cpd add TOPIC --hours H --points P"),
        "feedback": (f"{missing} more", "reflect feedback add TEXT --from "
                     + (requirement.sources[0] if requirement.sources else "patient")),
        "entries": (f"{missing} more", f"reflect write {requirement.framework or 'rolfe'}"
                    + (f" -t {requirement.tags[0]}" if requirement.tags else "")),
        "discussions": (f"{missing} more" if item.missing > 1 else "not yet",
                        "reflect discussion add"),
        "reflected": (f"{missing} without a reflection", "reflect cpd edit ID --entry ENTRY"),
    }[count]
    return _item(Text.assemble(title, f": {how[0]}"), how[1])


def _item(line: Text, command: str | None = None) -> Group:
    """A line of a list, '· ' before it, indented (also where it wraps); a command under it."""
    parts: list = [Padding(Text.assemble("· ", line), (0, 0, 0, 3), expand=False)]
    if command:
        parts.append(Padding(Text(command, style="dim"), (0, 0, 0, 5), expand=False))
    return Group(*parts)


class Requirements:
    """Each requirement on a line (title, have of need, bar); below 60 columns on two, the
    numbers and the bar under the title, so nothing is cut or broken inside a word."""

    NARROW = 60

    def __init__(self, items: list) -> None:
        self.items = items

    def __rich_console__(self, console, options):
        rows = []
        for item in self.items:
            title = user(item.requirement.title)
            if not item.requirement.confirmed:
                title.append(" ?", style="yellow")
            rows.append((title, _amount(item), _mark(item)))
        if options.max_width >= self.NARROW:
            table = Table.grid(padding=(0, 2))
            table.add_column(ratio=1)
            table.add_column(no_wrap=True, justify="right")
            table.add_column(no_wrap=True)
            for row in rows:
                table.add_row(*row)
            yield table
            return
        for title, amount, mark in rows:
            yield title
            yield Text(f"   {amount}  {mark}".rstrip(), no_wrap=True, overflow="ellipsis")


def revalidation(result) -> Group:
    """The progress screen."""
    parts: list = [_heading(result), Text(""), Requirements(result.requirements)]
    todo = [line for line in map(_todo, result.requirements) if line is not None]
    if todo:
        parts += [Text(""), Text("Still to do", style="bold cyan"), *todo]
    else:
        parts += [Text(""), Text("Everything this profile counts is in place for the period.",
                                 style="green")]
    unconfirmed = [item for item in result.requirements if not item.requirement.confirmed]
    if unconfirmed:
        parts += [Text(""), Text("? Not confirmed against the regulator's own rules:",
                                 style="yellow")]
        parts += [_item(Text.assemble(user(i.requirement.title), ": ",
                                      user(i.requirement.note or "not confirmed")))
                  for i in unconfirmed]
    parts += _coverage(result)
    if result.ended:
        parts += [Text(""), Text(
            f"This period ended on {_day(result.period.end)}. Once you have renewed, set"
            " [revalidation] date in your settings to the end of your next period.", style="dim")]
    return Group(*parts)


def _coverage(result) -> list:
    if result.standard_set is None:
        return []
    parts: list = [Text(""), Text.assemble((result.standard_set.name, "bold cyan"),
                                           (" in this period", "dim"))]
    for theme in result.coverage:
        count = (Text(f"{theme.evidence}", style="green") if theme.evidence
                 else Text("none yet", style="dim"))
        parts.append(_item(Text.assemble(user(theme.theme.title), ": ", count)))
    empty = [theme.theme.title for theme in result.coverage if not theme.evidence]
    if empty:
        start = ("To show evidence for a theme" if len(empty) < len(result.coverage)
                 else "Nothing is linked to these yet")
        parts.append(Padding(Text(
            f"{start}: add --standard to a reflection or a CPD activity, or link one later:"
            " reflect link ID STANDARD", style="dim"), (0, 0, 0, 3), expand=False))
    return parts
