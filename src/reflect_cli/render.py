"""The only module that builds Rich renderables. Commands hand it data; it returns what to print."""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from reflect_cli.frameworks import Catalogue, Framework, Step
    from reflect_cli.session import Progress
    from reflect_cli.store import Entry


@cache
def out() -> Console:
    return Console(highlight=False)


@cache
def err() -> Console:
    return Console(stderr=True, highlight=False)


def short_id(entry_id: str) -> str:
    return entry_id[:8]


def step_header(step: Step, progress: Progress) -> Group:
    """The stage title, 'n of N', and its guiding questions as hints."""
    parts: list = [Text("")]
    heading = Text.assemble(
        (step.title, "bold cyan"),
        (f"   {progress.position} of {progress.total} · {progress.framework_name}", "dim"),
    )
    left = progress.seconds_left()
    if left is not None:
        heading.append(f"   {left // 60}:{left % 60:02d} left", style="dim")
    parts.append(heading)
    parts.append(Text(step.question, style="bold"))
    parts.extend(Text(f"  · {hint}", style="dim") for hint in step.hints)
    return Group(*parts)


def saved(entry: Entry) -> Group:
    """What the user sees when an entry is saved: a short summary, its actions and its id."""
    parts: list = [Text("")]
    heading = Text.assemble(("Saved: ", "bold green"), (entry.title or "(untitled)", "bold"))
    parts.append(heading)
    for item in entry.steps:
        answer = (item.answer or "").strip()
        if item.step.kind == "actions" or not answer:
            continue
        first = answer.splitlines()[0]
        if len(first) > 70:
            first = first[:69] + "…"
        parts.append(Text.assemble(("  " + item.step.title + ": ", "cyan"), first))
    if entry.actions:
        parts.append(Text("  Actions to track:", style="cyan"))
        parts.extend(Text(f"   ☐ {action.text}") for action in entry.actions)
    if entry.tags:
        parts.append(Text("  Tags: " + ", ".join(entry.tags), style="dim"))
    parts.append(
        Text(f"  id {short_id(entry.id)} · {entry.created_at[:16].replace('T', ' ')}", style="dim")
    )
    return Group(*parts)


def frameworks_table(catalogue: Catalogue) -> Group:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold")
    table.add_column("name")
    table.add_column("steps", justify="right")
    table.add_column("source file", style="dim", overflow="fold")
    for framework in sorted(catalogue.frameworks.values(), key=lambda f: f.id):
        origin = str(framework.path) + ("" if framework.builtin else "  (yours)")
        table.add_row(framework.id, framework.name, str(len(framework.steps)), origin)
    parts: list = [table]
    for name, problem in sorted(catalogue.broken.items()):
        parts.append(Text(f"\n{name}: could not be loaded: {problem.message}", style="yellow"))
    return Group(*parts)


def framework_detail(framework: Framework) -> Group:
    parts: list = [Text(framework.name, style="bold")]
    if framework.description:
        parts.append(Text(framework.description))
    if framework.source:
        parts.append(Text(f"Source: {framework.source}", style="dim"))
    if framework.time_limit:
        minutes, seconds = divmod(framework.time_limit, 60)
        parts.append(
            Text(f"Time: {minutes}:{seconds:02d} (a countdown, never a cut-off)", style="dim")
        )
    parts.append(Text(f"File: {framework.path}", style="dim"))
    for position, step in enumerate(framework.steps, start=1):
        parts.append(Text(""))
        kind = step.kind
        if step.kind == "scale":
            kind = f"scale {step.min}..{step.max}"
        elif step.kind == "choice":
            kind = "choice: " + ", ".join(step.choices)
        parts.append(
            Text.assemble(
                (f"{position}. {step.title}", "bold cyan"), (f"  [{step.key} · {kind}]", "dim")
            )
        )
        parts.append(Text(f"   {step.question}"))
        parts.extend(Text(f"   · {hint}", style="dim") for hint in step.hints)
    return Group(*parts)


def drafts_table(drafts: list[Entry]) -> Table | Text:
    if not drafts:
        return Text("No drafts: every reflection you started is finished.")
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold")
    table.add_column("framework")
    table.add_column("started")
    table.add_column("answered", justify="right")
    table.add_column("first words", overflow="ellipsis", no_wrap=True, max_width=40)
    for draft in drafts:
        first = next((s.answer for s in draft.steps if s.answer and s.answer.strip()), "")
        table.add_row(
            short_id(draft.id),
            draft.framework,
            draft.created_at[:16].replace("T", " "),
            f"{draft.answered_count()} of {len(draft.steps)}",
            first.strip().splitlines()[0] if first.strip() else "",
        )
    return table


def home(counts: dict[str, int], db_path: str) -> Group:
    lines = [
        Text("reflect", style="bold") + Text(": your private reflective-practice journal"),
        Text(
            f"{counts['entries']} reflections · {counts['drafts']} drafts · "
            f"{counts['open_actions']} open actions",
        ),
        Text(f"Stored only on this machine: {db_path}", style="dim"),
        Text(""),
        Text("  reflect quick       three minutes at the end of the day"),
        Text("  reflect gibbs       after an incident or a hard case (six stages)"),
        Text("  reflect rolfe       What? So what? Now what?"),
        Text("  reflect review      your week at a glance: mood, themes, actions"),
        Text("  reflect actions     what you promised yourself, and what you did"),
        Text("  reflect frameworks  every framework you can use"),
        Text("  reflect --help      everything else"),
    ]
    if counts["drafts"]:
        lines.insert(3, Text("You have an unfinished reflection: reflect resume", style="yellow"))
    return Group(*lines)


def error(message: str, hint: str | None = None) -> None:
    """One or two plain lines on stderr (nothing, if the terminal has already gone)."""
    try:
        sys.stderr.write(f"reflect: {message}\n")
        if hint:
            sys.stderr.write(f"  {hint}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def framework_intro(framework: Framework) -> Group:
    """Shown once before the first question of a guided entry."""
    parts: list = [Text(framework.name, style="bold")]
    if framework.description:
        parts.append(Text(framework.description))
    tip = "Each answer is saved as you give it. Ctrl-C stops and keeps a draft."
    if framework.time_limit:
        minutes = framework.time_limit // 60
        tip = f"About {minutes} minutes; the clock is only a guide. " + tip
    parts.append(Text(tip, style="dim"))
    return Group(*parts)


def resume_hint(draft: Entry) -> Text:
    return Text(
        f"\nCarry on with the newest: reflect resume  (or: reflect resume {short_id(draft.id)})",
        style="dim",
    )


def resume_intro(draft: Entry, framework_name: str) -> Text:
    return Text.assemble(
        ("Carrying on: ", "bold"),
        framework_name,
        (
            f"  ({draft.answered_count()} of {len(draft.steps)} answered,"
            f" started {draft.created_at[:16].replace('T', ' ')})",
            "dim",
        ),
    )


# -- list, show, search ---------------------------------------------------------------------


def first_words(entry: Entry) -> str:
    """The first line of the entry's first written answer (scales and choices left out)."""
    for item in entry.steps:
        answer = (item.answer or "").strip()
        if answer and item.step.kind in ("text", "line", "actions"):
            return answer.splitlines()[0].strip()
    return ""


def entries_table(entries: list[Entry]) -> Table:
    """One line per entry, in the order given; long cells end in '…' so that each row fits the
    terminal (80 columns or wider)."""
    tags = [", ".join(entry.tags) for entry in entries]
    framework_width = min(max([9, *(len(e.framework) for e in entries)]), 10)
    # id 8 + date 16 + framework + two spaces between each of the six columns
    rest = max(out().width - (8 + 16 + framework_width + 10), 30)
    tags_width = max(4, min(max([0, *(len(t) for t in tags)]), rest // 4))
    title_width = (rest - tags_width) // 2
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold", no_wrap=True, width=8)
    table.add_column("date", no_wrap=True, width=16)
    table.add_column("framework", no_wrap=True, overflow="ellipsis", width=framework_width)
    table.add_column("title", no_wrap=True, overflow="ellipsis", width=title_width)
    table.add_column(
        "first words", no_wrap=True, overflow="ellipsis", width=rest - tags_width - title_width
    )
    table.add_column("tags", style="dim", no_wrap=True, overflow="ellipsis", width=tags_width)
    for entry, entry_tags in zip(entries, tags, strict=True):
        table.add_row(
            short_id(entry.id),
            entry.created_at[:16].replace("T", " "),
            entry.framework,
            entry.title or "(untitled)",
            first_words(entry),
            entry_tags,
        )
    return table


def no_entries(filtered: bool) -> Text:
    if filtered:
        return Text("No reflections match these filters. Try a wider range: reflect list")
    return Text("No reflections yet. When you are ready, three minutes is enough: reflect quick")


def entry_detail(entry: Entry):
    """The whole entry as Markdown: each answer under its question as it was asked."""
    from rich.markdown import Markdown

    from reflect_cli.markdown import entry_to_markdown

    return Markdown(entry_to_markdown(entry))


def highlighted(snippet: str) -> Text:
    """A search snippet on one line, the matched words shown bold and reversed."""
    from reflect_cli.searching import MARK_END, MARK_START

    text = Text()
    for index, part in enumerate(snippet.split(MARK_START)):
        if index == 0:
            text.append(part)
            continue
        marked, _, rest = part.partition(MARK_END)
        text.append(marked, style="bold reverse")
        text.append(rest)
    # one line: answers may run over several
    return Text(" ").join(line for line in text.split("\n") if line.plain.strip())


def search_results(hits: list) -> Group:
    """Each hit: short id, date, framework and title, then the snippet with the words marked."""
    parts: list = []
    for hit in hits:
        if parts:
            parts.append(Text(""))
        parts.append(
            Text.assemble(
                (short_id(hit.entry_id), "bold"),
                f"  {hit.created_at[:16].replace('T', ' ')}  ",
                (hit.framework, "dim"),
                "  ",
                (hit.title or "(untitled)", "bold"),
            )
        )
        parts.append(Text("  ") + highlighted(hit.snippet))
    parts.append(Text(f"\n{len(hits)} found. Read one in full: reflect show ID", style="dim"))
    return Group(*parts)


def no_hits(query: str) -> Text:
    return Text(
        f"Nothing found for “{query.strip()}”. Try fewer or other words, or see your latest"
        " with: reflect list"
    )


# -- actions and the review -----------------------------------------------------------------

SPARK = "▁▂▃▄▅▆▇█"


def age(created_at: str, today) -> str:
    """'today', '1 day', '12 days' since an ISO datetime."""
    from datetime import date

    days = (today - date.fromisoformat(created_at[:10])).days
    return "today" if days <= 0 else f"{days} day{'s' if days != 1 else ''}"


def _action_line(row, today, show_age: bool = True) -> Text:
    line = Text("   ")
    if row.done_at:
        line.append("✓ ", style="green")
        line.append(row.text)
        line.append(f"  done {row.done_at[:10]}", style="dim")
        if row.note:
            line.append(f"\n     {row.note}", style="dim italic")
    else:
        line.append("☐ ", style="yellow")
        line.append(row.text)
        if show_age:
            line.append(f"  · {age(row.created_at, today)}", style="dim")
    return line


def actions_table(rows, today, include_done: bool) -> Table | Text:
    if not rows:
        if include_done:
            return Text("No actions yet. Each line of an action plan becomes one.")
        return Text("No open actions: everything you promised yourself is done. Well done.")
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("action", min_width=24)
    table.add_column("age" if not include_done else "status", no_wrap=True)
    table.add_column("from", style="dim", max_width=28, overflow="ellipsis", no_wrap=True)
    for row in rows:
        status = f"done {row.done_at[:10]}" if row.done_at else age(row.created_at, today)
        text = Text(row.text)
        if row.note:
            text.append(f"\n{row.note}", style="dim italic")
        table.add_row(short_id(row.id), text, status, row.entry_title or short_id(row.entry_id))
    return table


def action_done(row) -> Text:
    text = Text.assemble(("Done: ", "bold green"), row.text)
    if row.note:
        text.append(f"\n  {row.note}", style="dim")
    return text


def _calendar(summary) -> list[Text]:
    """One cell per day for up to a month; a weeks-by-weekday heatmap for longer periods."""
    from datetime import timedelta

    days = summary.period.days
    counts = summary.days_with_entries
    moods = summary.mood_by_day
    top = max([5.0, *moods.values()])
    if len(days) <= 31:
        names, marks, mood_row = Text("  "), Text("  "), Text("  ")
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
        rows = [names, marks]
        if moods:
            mood_row.append(" mood", style="dim")
            rows.append(mood_row)
        return rows
    start = summary.period.start - timedelta(days=summary.period.start.weekday())
    weeks = (summary.period.end - start).days // 7 + 1
    shown = min(weeks, 70)
    first = start + timedelta(weeks=weeks - shown)
    rows = []
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


def review(summary, label: str) -> Group:
    """The review as it reads in the terminal, at 80 columns."""
    period = summary.period
    span = f"{_fmt_day(period.start.isoformat())} to {_fmt_day(period.end.isoformat())}"
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
            line.append(f" · a {summary.streak}-day streak", style="green")
        parts += [line, Text(""), *_calendar(summary), Text("")]
        facts = Table.grid(padding=(0, 2))
        facts.add_column(style="cyan", no_wrap=True)
        facts.add_column()
        if summary.mood_average is not None:
            facts.add_row("Mood", f"average {summary.mood_average:g}")
        facts.add_row(
            "Frameworks", " · ".join(f"{k} {v}" for k, v in summary.by_framework.items())
        )
        if summary.tags:
            themes = list(summary.tags.items())[:8]
            facts.add_row("Themes", " · ".join(f"{k} {v}" for k, v in themes))
        parts.append(facts)
        if summary.low_mood:
            parts += [Text(""), Text(
                "Your mood has been low these last few days. Be as kind to yourself as you would "
                "be to a colleague: rest, eat, and talk to someone you trust. Support is there "
                "when you want it.", style="italic")]
    parts += _actions_section(summary)
    if summary.thin_steps:
        parts += [Text(""), Text("Depth", style="bold cyan")]
        for thin in summary.thin_steps[:6]:
            bits = []
            if thin.empty:
                bits.append(f"empty in {thin.empty}")
            if thin.short:
                bits.append(f"very short in {thin.short}")
            parts.append(Text(f"   {thin.title} was {' and '.join(bits)} of {thin.of} "
                              f"{thin.framework} entries."))
        parts.append(Text("   A few lines there next time is where the learning is.", style="dim"))
    if summary.entries:
        parts += [Text(""), Text("Entries", style="bold cyan")]
        for entry in reversed(summary.entries[-15:]):
            line = Text(f"   {_fmt_day(entry.created_at):<11} ", style="dim")
            line.append(f"{entry.framework:<7} ", style="dim")
            line.append(entry.title or "(untitled)", style="bold")
            if entry.first_words and entry.first_words != entry.title:
                line.append(f"  {entry.first_words}", style="dim")
            line.truncate(80, overflow="ellipsis")
            parts.append(line)
        if len(summary.entries) > 15:
            parts.append(Text(f"   … and {len(summary.entries) - 15} more: reflect list",
                              style="dim"))
    return Group(*parts)


def _actions_section(summary) -> list:
    promised = summary.open_actions + [a for a in summary.done_actions
                                       if a.created_at[:10] >= summary.period.start.isoformat()]
    if not (promised or summary.done_actions or summary.older_open_actions):
        return []
    parts: list = [Text(""), Text("Actions", style="bold cyan")]
    if promised:
        done_count = len(promised) - len(summary.open_actions)
        parts.append(Text(f"   Promised in this period: {len(promised)} · done {done_count}"
                          f" · still open {len(summary.open_actions)}"))
    for row in summary.done_actions:
        parts.append(_action_line(row, summary.today))
    for row in summary.open_actions:
        parts.append(_action_line(row, summary.today))
    if summary.older_open_actions:
        parts.append(Text("   Still waiting from before:", style="dim"))
        for row in summary.older_open_actions[:8]:
            parts.append(_action_line(row, summary.today))
        if len(summary.older_open_actions) > 8:
            parts.append(Text(f"   … and {len(summary.older_open_actions) - 8} more: "
                              "reflect actions", style="dim"))
    parts.append(Text("   Close the loop: reflect actions done ID --note \"what happened\"",
                      style="dim"))
    return parts
