"""`reflect review` on screen: the period, its calendar, the facts, the actions, the entries."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect_cli.model import duration, short_id
from reflect_cli.output.safe import one_line, user, visible
from reflect_cli.output.screens.actions import action_line
from reflect_cli.output.screens.privacy import marked_count
from reflect_cli.output.screens.voice import MIC

SPARK = "▁▂▃▄▅▆▇█"


def review(summary, label: str) -> Group:
    """The review as it reads in the terminal, at 80 columns."""
    period = summary.period
    start_year = f" {period.start.year}" if period.start.year != period.end.year else ""
    span = (f"{_fmt_day(period.start.isoformat())}{start_year} to "
            f"{_fmt_day(period.end.isoformat())} {period.end.year}")
    parts: list = [Text.assemble((label, "bold"), (f"  {span}", "dim")), Text("")]
    if not summary.total:
        parts.append(Text(
            "No reflections in this period yet. That is all right: even three minutes counts.\n"
            "Try: reflect quick   (or reflect gibbs after a hard case)"
        ))
    else:
        plural = "s" if summary.total != 1 else ""
        line = Text(f"{summary.total} reflection{plural} on {summary.days_reflected} of "
                    f"{len(period.days)} days")
        if summary.streak:
            from reflect_cli.core.review import STREAK_LIMIT

            days = f"{summary.streak}+" if summary.streak >= STREAK_LIMIT else str(summary.streak)
            line.append(f" · a {days}-day streak", style="green")
        parts += [line, Text(""), *_calendar(summary), Text("")]
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="cyan", no_wrap=True)
        facts.add_column()
        if summary.mood_average is not None:
            facts.add_row("Mood", f"average {summary.mood_average:g}")
        facts.add_row(
            "Frameworks", user(" · ".join(f"{k} {v}" for k, v in summary.by_framework.items()))
        )
        if summary.tags:
            themes = list(summary.tags.items())[:8]
            facts.add_row("Themes", user(" · ".join(f"{k} {v}" for k, v in themes)))
        _practice_rows(facts, summary)
        parts.append(facts)
        if summary.low_mood:
            parts += [Text(""), Text(
                "Your mood has been low these last few days. Be as kind to yourself as you would "
                "be to a colleague: rest, eat, and talk to someone you trust. Support is there "
                "when you want it.", style="italic")]
    if summary.nmc is not None:
        parts += [Text(""), _nmc_line(summary.nmc)]
    parts += _actions_section(summary)
    if summary.thin_steps:
        parts += [Text(""), Text("Depth", style="bold cyan")]
        for thin in summary.thin_steps[:6]:
            bits = []
            if thin.empty:
                bits.append(f"empty in {thin.empty}")
            if thin.short:
                bits.append(f"very short in {thin.short}")
            parts.append(user(f"   {thin.title} was {' and '.join(bits)} of {thin.of} "
                              f"{thin.framework} entries."))
        parts.append(Text("   A few lines there next time is where the learning is.", style="dim"))
    if summary.entries:
        parts += [Text(""), Text("Entries", style="bold cyan")]
        for entry in reversed(summary.entries[-15:]):
            line = Text(f"   {_fmt_day(entry.created_at):<11} ", style="dim")
            line.append(f"{visible(entry.framework):<9} ", style="dim")
            if entry.audio_seconds is not None:  # a voice note
                line.append(f"{MIC} {duration(entry.audio_seconds)} ", style="magenta")
            line.append(visible(entry.title or "(untitled)"), style="bold")
            if entry.first_words and entry.first_words != entry.title:
                line.append(f"  {visible(entry.first_words)}", style="dim")
            line.truncate(80, overflow="ellipsis")
            parts.append(line)
        if len(summary.entries) > 15:
            parts.append(Text(f"   … and {len(summary.entries) - 15} more: reflect list",
                              style="dim"))
    parts += _on_this_day(summary.on_this_day)
    if summary.marked:
        parts += [Text(""), marked_count(summary.marked)]
    return Group(*parts)


ON_THIS_DAY_SHOWN = 5


def _on_this_day(remembered: list) -> list:
    """'A year ago you wrote: <title>' for each entry of this day in earlier years and months;
    nothing at all when there are none."""
    if not remembered:
        return []
    parts: list = [Text(""), Text("On this day", style="bold cyan")]
    for item in remembered[:ON_THIS_DAY_SHOWN]:
        line = Text(f"   {item.label} you wrote: ")
        room = max(20, 80 - len(line) - 10)  # the id stays on the line
        line.append(one_line(item.entry.title or "(untitled)", room), style="bold")
        line.append(f"  {short_id(item.entry.id)}", style="dim")
        parts.append(line)
    more = len(remembered) - ON_THIS_DAY_SHOWN
    if more > 0:
        parts.append(Text(f"   … and {more} more: reflect list --on-this-day", style="dim"))
    return parts


def _calendar(summary) -> list[Text]:
    """One cell per day for up to a month; a weeks-by-weekday heatmap for longer periods."""
    from datetime import timedelta

    days = summary.period.days
    counts = summary.days_with_entries
    moods = summary.mood_by_day
    top = max([5.0, *moods.values()])
    if len(days) <= 31:
        months, names, marks, mood_row = Text("  "), Text("  "), Text("  "), Text("  ")
        labels = [" "] * (2 * len(days) + 6)  # 'Nov 25' over the first day, 'Dec 1' on the 1st
        free = 0
        for index, day in enumerate(days):
            name = f"{day:%b} {day.day}"
            if (index == 0 or day.day == 1) and 2 * index >= free:
                labels[2 * index : 2 * index + len(name)] = name
                free = 2 * index + len(name) + 1
        months.append("".join(labels).rstrip(), style="dim")
        for day in days:
            names.append(f"{'MTWTFSS'[day.weekday()]:<2}", style="dim")
            iso = day.isoformat()
            if counts.get(iso):
                marks.append("■ ", style="green")
            else:
                marks.append("· ", style="dim")
            if iso in moods:
                level = round((moods[iso] - 1) / max(top - 1, 1) * (len(SPARK) - 1))
                mood_row.append(SPARK[max(0, min(level, len(SPARK) - 1))] + " ", style="cyan")
            else:
                mood_row.append("  ")
        rows = [months, names, marks]
        if moods:
            mood_row.append(" mood", style="dim")
            rows.append(mood_row)
        return rows
    start = summary.period.start - timedelta(days=summary.period.start.weekday())
    weeks = (summary.period.end - start).days // 7 + 1
    shown = min(weeks, 70)
    first = start + timedelta(weeks=weeks - shown)
    labels = [" "] * (shown + 3)  # a month's name above the week its first day falls in
    starts = []
    for week in range(shown):
        monday = first + timedelta(weeks=week)
        sunday = monday + timedelta(days=6)
        if week == 0 or sunday.month != (monday - timedelta(days=1)).month:
            starts.append((week, f"{sunday:%b}"))
    if len(starts) > 1 and starts[1][0] < 4:
        del starts[0]  # the first month's few days: its name would hide the next one's
    free = 0
    for week, name in starts:
        if week >= free:
            labels[week : week + len(name)] = name
            free = week + len(name) + 1
    rows = [Text("    " + "".join(labels).rstrip(), style="dim")]
    for weekday in range(7):
        row = Text(f"  {'MTWTFSS'[weekday]} ", style="dim")
        for week in range(shown):
            day = first + timedelta(weeks=week, days=weekday)
            if day < summary.period.start or day > summary.period.end:
                row.append(" ")
            elif counts.get(day.isoformat()):
                row.append("■", style="green")
            else:
                row.append("·", style="dim")
        rows.append(row)
    if shown < weeks:
        rows.append(Text(f"  (the last {shown} weeks)", style="dim"))
    return rows


def _fmt_day(iso: str) -> str:
    from datetime import date

    day = date.fromisoformat(iso[:10])
    return f"{day:%a} {day.day} {day:%b}"


_REPORTED = {"yes": "reported", "planned": "report planned", "no": "not reported"}


def _practice_rows(facts: Table, summary) -> None:
    """The review's Incidents row (only if there were any) and its Kindness row."""
    incidents = summary.incidents
    if incidents.get("total"):
        bits = [str(incidents["total"])]
        bits += [f"{name} {n}" for name, n in incidents["by_class"].items()]
        bits += [f"{_REPORTED[k]} {n}" for k, n in incidents["reported"].items() if n]
        facts.add_row("Incidents", " · ".join(bits))
    quick, logged = summary.kindness["quick_answers"], summary.kindness["entries"]
    if quick or logged:
        bits = []
        if quick:
            bits.append(f"noted in {quick} quick reflection{'s' if quick != 1 else ''}")
        if logged:
            bits.append(f"{logged} kindness log entr{'ies' if logged != 1 else 'y'}")
        facts.add_row("Kindness", " · ".join(bits))
    else:
        facts.add_row("Kindness", "none noted yet; small things count, to others and to you")


def _nmc_line(nmc: dict) -> Text:
    """'NMC reflective accounts: 3 of 5 (period 2025-04-01 to 2028-03-31)'."""
    line = Text(f"NMC reflective accounts: {nmc['accounts']} of {nmc['needed']}")
    line.append(f" (period {nmc['period_start']} to {nmc['period_end']})", style="dim")
    return line


def _actions_section(summary) -> list:
    """Actions due by today first (gently: "was due 3 days ago"), then those of the period,
    then the open ones from before it; each with the id `actions done` takes, shown once."""
    promised = summary.open_actions + [a for a in summary.done_actions
                                       if a.created_at[:10] >= summary.period.start.isoformat()]
    if not (promised or summary.done_actions or summary.older_open_actions
            or summary.due_actions):
        return []
    parts: list = [Text(""), Text("Actions", style="bold cyan")]
    due_ids = {a.id for a in summary.due_actions}
    if summary.due_actions:
        parts.append(Text("   Due now:"))
        for row in summary.due_actions[:8]:
            parts.append(action_line(row, summary.today, show_age=False))
        if summary.due_count > 8:
            parts.append(Text(f"   … and {summary.due_count - 8} more due: reflect actions",
                              style="dim"))
    if promised:
        done_count = len(promised) - len(summary.open_actions)
        parts.append(Text(f"   Promised in this period: {len(promised)} · done {done_count}"
                          f" · still open {len(summary.open_actions)}"))
    for row in summary.done_actions:
        parts.append(action_line(row, summary.today))
    for row in summary.open_actions:
        if row.id not in due_ids:
            parts.append(action_line(row, summary.today))
    older = [a for a in summary.older_open_actions if a.id not in due_ids]
    if older:
        parts.append(Text("   Still waiting from before:", style="dim"))
        for row in older[:8]:
            parts.append(action_line(row, summary.today))
        due_before = sum(1 for a in summary.due_actions
                         if a.created_at[:10] < summary.period.start.isoformat())
        more = summary.older_open_count - due_before - len(older[:8])
        if more > 0:
            parts.append(Text(f"   … and {more} more: reflect actions", style="dim"))
    parts.append(Text("   Close the loop: reflect actions done ID --note \"what happened\"",
                      style="dim"))
    return parts
