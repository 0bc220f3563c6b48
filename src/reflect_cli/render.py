"""The only module that builds Rich renderables. Commands hand it data; it returns what to print."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from reflect_cli.output.safe import console, one_line, user, visible

if TYPE_CHECKING:
    from reflect_cli.frameworks import Catalogue, Framework, Step
    from reflect_cli.session import Progress
    from reflect_cli.store import Entry


@cache
def out() -> Console:
    return console()


@cache
def err() -> Console:
    return console(stderr=True)


def short_id(entry_id: str) -> str:
    return entry_id[:8]


def step_header(step: Step, progress: Progress) -> Group:
    """The stage title, 'n of N', and its guiding questions as hints."""
    parts: list = [Text("")]
    heading = Text.assemble(
        (visible(step.title), "bold cyan"),
        (f"   {progress.position} of {progress.total} · {visible(progress.framework_name)}", "dim"),
    )
    left = progress.seconds_left()
    if left is not None:
        heading.append(f"   {left // 60}:{left % 60:02d} left", style="dim")
    parts.append(heading)
    parts.append(user(step.question, style="bold"))
    parts.extend(user(f"  · {hint}", style="dim") for hint in step.hints)
    return Group(*parts)


def saved(entry: Entry) -> Group:
    """What the user sees when an entry is saved: a short summary, its actions and its id."""
    parts: list = [Text("")]
    heading = Text.assemble(("Saved: ", "bold green"), user(entry.title, "bold", "(untitled)"))
    parts.append(heading)
    for item in entry.steps:
        answer = (item.answer or "").strip()
        if item.step.kind == "actions" or not answer:
            continue
        first = answer.splitlines()[0]
        if item.step.kind == "choices":
            first = ", ".join(answer.splitlines())
        if len(first) > 70:
            first = first[:69] + "…"
        parts.append(Text.assemble(user("  " + item.step.title + ": ", "cyan"), user(first)))
    if entry.actions:
        parts.append(Text("  Actions to track:", style="cyan"))
        parts.extend(user(f"   ☐ {action.text}") for action in entry.actions)
    if entry.tags:
        parts.append(user("  Tags: " + ", ".join(entry.tags), style="dim"))
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
        table.add_row(user(framework.id), user(framework.name), str(len(framework.steps)),
                      user(origin))
    parts: list = [table]
    for name, problem in sorted(catalogue.broken.items()):
        parts.append(user(f"\n{name}: could not be loaded: {problem.message}", style="yellow"))
    return Group(*parts)


def framework_detail(framework: Framework) -> Group:
    parts: list = [user(framework.name, style="bold")]
    if framework.description:
        parts.append(user(framework.description))
    if framework.source:
        parts.append(user(f"Source: {framework.source}", style="dim"))
    if framework.time_limit:
        minutes, seconds = divmod(framework.time_limit, 60)
        parts.append(
            Text(f"Time: {minutes}:{seconds:02d} (a countdown, never a cut-off)", style="dim")
        )
    parts.append(user(f"File: {framework.path}", style="dim"))
    for position, step in enumerate(framework.steps, start=1):
        parts.append(Text(""))
        kind = step.kind
        if step.kind == "scale":
            kind = f"scale {step.min}..{step.max}"
        elif step.kind in ("choice", "choices"):
            kind = f"{step.kind}: " + ", ".join(step.choices)
        parts.append(
            Text.assemble(
                user(f"{position}. {step.title}", "bold cyan"),
                user(f"  [{step.key} · {kind}]", "dim"),
            )
        )
        parts.append(user(f"   {step.question}"))
        parts.extend(user(f"   · {hint}", style="dim") for hint in step.hints)
    return Group(*parts)


def drafts_table(drafts: list[Entry]) -> Table | Group | Text:
    """Each draft: id, framework, when started, how far it got, its title and first words."""
    if not drafts:
        return Text("No drafts. Anything you start and stop is kept here until you finish it.")
    rows = []
    for draft in drafts:
        from reflect_cli.store import default_title

        title = draft.title or default_title(draft.steps)
        rows.append((draft, _title_line(title, first_words(draft))))
    if out().width < NARROW:
        return Group(*(
            _stacked(
                Text.assemble(
                    (short_id(draft.id), "bold"), "  ", user(draft.framework),
                    f"  {_when(draft.created_at)}",
                    (f"  {draft.answered_count()} of {len(draft.steps)} answered", "dim"),
                ),
                line,
            )
            for draft, line in rows
        ))
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold", no_wrap=True, min_width=8)
    table.add_column("framework", no_wrap=True)
    table.add_column("started", no_wrap=True)
    table.add_column("answered", justify="right", no_wrap=True)
    table.add_column("title · first words", overflow="ellipsis", no_wrap=True, ratio=1)
    for draft, line in rows:
        table.add_row(
            short_id(draft.id),
            user(draft.framework),
            _when(draft.created_at),
            f"{draft.answered_count()} of {len(draft.steps)}",
            line,
        )
    return table


def home(counts: dict[str, int], db_path: str) -> Group:
    lines = [
        Text("reflect", style="bold") + Text(": your private reflective-practice journal"),
        Text(
            f"{counts['entries']} reflections · {counts['drafts']} drafts · "
            f"{counts['open_actions']} open actions",
        ),
        user(f"Stored only on this machine: {db_path}", style="dim"),
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


def framework_intro(framework: Framework) -> Group:
    """Shown once before the first question of a guided entry."""
    parts: list = [user(framework.name, style="bold")]
    if framework.description:
        parts.append(user(framework.description))
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
        user(framework_name),
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


NARROW = 72  # below this many columns, lists put each item on two lines instead of a row


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def _title_line(title: str, words: str) -> Text:
    """The title in bold, then the first words (dim) when they say more than the title."""
    title, words = one_line(title), one_line(words)
    line = user(title, "bold", "(untitled)")
    if words and not title.startswith(words):
        line.append("  " + words, style="dim")
    return line


def _stacked(head: Text, body: Text) -> Group:
    """An item on two lines: its facts, then its text indented (wrapped, never cut away)."""
    from rich.padding import Padding

    body.no_wrap = False
    return Group(head, Padding(body, (0, 0, 0, 2)))


def entries_table(entries: list[Entry]) -> Table | Group:
    """One line per entry, in the order given: id, date, framework, the title with its first
    words, tags; long text ends in '…'. Below NARROW columns, each entry takes two lines."""
    width = out().width
    if width < NARROW:
        parts: list = []
        for entry in entries:
            head = Text.assemble(
                (short_id(entry.id), "bold"), f"  {_when(entry.created_at)}  ",
                user(entry.framework, "dim"),
            )
            body = _title_line(entry.title, first_words(entry))
            if entry.tags:
                body.append("  " + visible(", ".join(entry.tags)), style="dim")
            parts.append(_stacked(head, body))
        return Group(*parts)
    tags = [visible(", ".join(entry.tags)) for entry in entries]
    framework_width = min(max([9, *(len(e.framework) for e in entries)]), 10)
    # id 8 + date 16 + framework + two spaces between each of the five columns
    rest = max(width - (8 + 16 + framework_width + 8), 20)
    tags_width = max(4, min(max([0, *(len(t) for t in tags)]), rest // 4))
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("id", style="bold", no_wrap=True, min_width=8)
    table.add_column("date", no_wrap=True, min_width=16)
    table.add_column("framework", no_wrap=True, overflow="ellipsis", width=framework_width)
    table.add_column("title · first words", no_wrap=True, overflow="ellipsis",
                     width=rest - tags_width)
    table.add_column("tags", style="dim", no_wrap=True, overflow="ellipsis", width=tags_width)
    for entry, entry_tags in zip(entries, tags, strict=True):
        table.add_row(
            short_id(entry.id),
            _when(entry.created_at),
            user(entry.framework),
            _title_line(entry.title, first_words(entry)),
            Text(entry_tags),
        )
    return table


def no_entries(filtered: bool) -> Text:
    if filtered:
        return Text("No reflections match these filters. Try a wider range: reflect list")
    return Text("No reflections yet. When you are ready, three minutes is enough: reflect quick")


def entry_detail(entry: Entry) -> Group:
    """The whole entry laid out as its Markdown document reads (`markdown.py`): the title, its
    facts, each answer under its question as it was asked, and the actions. Drawn with plain
    Rich text: a Markdown renderer would cost `reflect show` a third of its time to start."""
    from reflect_cli import markdown

    parts: list = [
        user(one_line(entry.title), "bold", "(untitled)"),
        user(markdown.facts(entry), style="dim italic"),
    ]
    for step_title, question, answer in markdown.sections(entry):
        parts += [Text(""), user(step_title, style="bold cyan"), user(f"│ {question}", "dim")]
        parts.append(user(answer) if answer else Text("(left empty)", style="dim italic"))
    if entry.actions:
        parts += [Text(""), Text("Actions", style="bold cyan")]
        parts += [
            Text.assemble(("✓ " if done else "☐ ", "green" if done else "yellow"), user(text))
            for done, text in markdown.actions(entry)
        ]
    return Group(*parts)


def highlighted(snippet: str) -> Text:
    """A search snippet on one line, the matched words shown bold and reversed."""
    from reflect_cli.searching import MARK_END, MARK_START

    text = Text()
    for index, part in enumerate(snippet.split(MARK_START)):
        if index == 0:
            text.append(visible(part))
            continue
        marked, _, rest = part.partition(MARK_END)
        text.append(visible(marked), style="bold reverse")
        text.append(visible(rest))
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
                user(hit.framework, "dim"),
                "  ",
                user(hit.title, "bold", "(untitled)"),
            )
        )
        parts.append(Text("  ") + highlighted(hit.snippet))
    parts.append(Text(f"\n{len(hits)} found. Read one in full: reflect show ID", style="dim"))
    return Group(*parts)


def no_hits(query: str) -> Text:
    return user(
        f"Nothing found for “{query.strip()}”. Try fewer or other words, or see your latest"
        " with: reflect list"
    )


# -- the identifier guard (guard.py, privacy.py) ----------------------------------------------

GUARD_SHOWN = 8  # findings shown under an answer, and per entry in `reflect check`
GUARD_LISTED = 10  # findings listed in a warning after a save or an edit


def finding_snippet(text: str, finding, width: int = 30) -> Text:
    """The finding in its words, on one line, the found text bold and reversed."""
    def flat(part: str) -> str:
        return part.replace("\r", "").replace("\n", " ").replace("\t", " ")

    before = flat(text[max(0, finding.start - width) : finding.start])
    after = flat(text[finding.end : finding.end + width])
    if finding.start > width and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if finding.end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return Text.assemble(
        user(before.lstrip()), user(flat(finding.text), "bold reverse"), user(after.rstrip())
    )


def _labelled(label: str) -> Text:
    """The start of a finding's line: its label in a column; the line is cut, never wrapped."""
    return Text(f"   {label:<22} ", style="dim", no_wrap=True, overflow="ellipsis")


def _advice(findings) -> list[Text]:
    """One line of advice per kind of finding: 'exact age: a life stage instead, e.g. …'."""
    advice = dict.fromkeys(f"{f.label}: {f.suggestion}" for f in findings)
    return [Text(f"   {line}", style="dim") for line in advice]


def answer_findings(answer: str, findings: list) -> Group:
    """Shown under an answer before it is kept: what could identify someone, in context."""
    parts: list = [Text(""), Text("This answer may identify someone:", style="bold yellow")]
    parts += [
        _labelled(f.label) + finding_snippet(answer, f, width=24)
        for f in findings[:GUARD_SHOWN]
    ]
    if len(findings) > GUARD_SHOWN:
        parts.append(Text(f"   … and {len(findings) - GUARD_SHOWN} more", style="dim"))
    parts += _advice(findings)
    return Group(*parts)


def _found_words(item) -> str:
    """The text found, as written, on one line (a number's finding holds the word that says
    what it is: 'Bed 4', 'MRN 123456')."""
    return " ".join(item.finding.text.split())


def privacy_warning(found: list, entry_id: str, intro: str, change: str | None = None) -> Group:
    """After a save or an edit without questions: what was found, one per line, on stderr."""
    lines: list = [Text(intro, style="yellow")]
    for item in found[:GUARD_LISTED]:
        lines.append(Text(f"  {item.finding.label}: ", style="dim") + user(_found_words(item)))
    if len(found) > GUARD_LISTED:
        lines.append(Text(f"  … and {len(found) - GUARD_LISTED} more: reflect check", style="dim"))
    lines.append(Text(
        "Exports leave it out unless you ask. To change it: "
        f"{change or f'reflect edit {short_id(entry_id)}'}", style="dim"
    ))
    return Group(*lines)


def marked_note() -> Text:
    """After a guided entry kept with something that may identify someone."""
    return Text(
        "  Kept as you wrote it, and marked: exports leave it out unless you ask"
        " (see: reflect check).", style="dim"
    )


def marked_count(count: int) -> Text:
    noun = "entry" if count == 1 else "entries"
    return Text(f"{count} {noun} may identify someone: reflect check", style="yellow")


def check_report(results: list, checked: int, show_all: bool, names_hint: str | None) -> Group:
    """`reflect check`: each entry with findings, its words in context, and what to try."""
    parts: list = []
    plural = "reflection" if checked == 1 else "reflections"
    if not checked:
        parts.append(Text("No reflections to check yet."))
    elif not results:
        parts.append(Text(
            f"Checked {checked} {plural}: nothing in them looks as if it could identify someone."
        ))
    else:
        parts.append(Text(f"Checked {checked} {plural}: {len(results)} may identify someone."))
    for entry, found in results:
        parts += [Text(""), Text.assemble(
            (short_id(entry.id), "bold"), f"  {entry.created_at[:10]}  ",
            user(entry.title, "bold", "(untitled)"),
        )]
        shown = found if show_all else found[:GUARD_SHOWN]
        for item in shown:
            parts.append(
                _labelled(item.finding.label) + finding_snippet(item.text, item.finding, width=24)
            )
        if len(found) > len(shown):
            parts.append(Text(
                f"   … and {len(found) - len(shown)} more: reflect check --all", style="dim"
            ))
        parts += _advice(item.finding for item in found)
    if results:
        parts += [Text(""), Text(
            "To change one: reflect edit ID. Nothing changes unless you do; exports leave these"
            " out unless you ask (--redact or --include-marked).", style="dim"
        )]
    if names_hint:
        parts.append(Text(names_hint, style="dim"))
    return Group(*parts)


# -- actions and the review -----------------------------------------------------------------

SPARK = "▁▂▃▄▅▆▇█"


def age(created_at: str, today) -> str:
    """'today', '1 day', '12 days' since an ISO datetime."""
    from datetime import date

    days = (today - date.fromisoformat(created_at[:10])).days
    return "today" if days <= 0 else f"{days} day{'s' if days != 1 else ''}"


def _action_line(row, today, show_age: bool = True) -> Text:
    line = Text("   ")
    line.append(f"{short_id(row.id)} ", style="dim")
    if row.done_at:
        line.append("✓ ", style="green")
        line.append(visible(row.text))
        line.append(f"  done {row.done_at[:10]}", style="dim")
        if row.note:
            line.append(f"\n{' ' * 14}{visible(row.note)}", style="dim italic")
    else:
        line.append("☐ ", style="yellow")
        line.append(visible(row.text))
        if show_age:
            line.append(f"  · {age(row.created_at, today)}", style="dim")
    return line


def actions_table(
    rows, today, include_done: bool, any_actions: bool = True
) -> Table | Group | Text:
    """Open actions (or all, with `include_done`): id, the action and its note, its age or
    when it was done, and the entry it came from. Below NARROW columns, two lines each."""
    if not rows:
        if not any_actions:
            return Text("No actions yet. Each line of an action plan (Tomorrow, Now what?, "
                        "Action plan) becomes one, so you can look back and tick it off.")
        if include_done:
            return Text("No actions yet. Each line of an action plan becomes one.")
        return Text("No open actions. Those you ticked off are in: reflect actions --all")
    table = Table(box=None, pad_edge=False, show_edge=False, expand=False)
    narrow = out().width < NARROW
    if narrow:
        parts: list = []
        for row in rows:
            status = f"done {row.done_at[:10]}" if row.done_at else age(row.created_at, today)
            head = Text.assemble(
                (short_id(row.id), "bold"), (f"  {status}  ", "dim"),
                user(row.entry_title or short_id(row.entry_id), "dim"),
            )
            head.no_wrap, head.overflow = True, "ellipsis"
            body = user(row.text)
            if row.note:
                body.append(f"\n  {visible(row.note)}", style="dim italic")
            parts.append(_stacked(head, body))
        return Group(*parts)
    table.add_column("id", style="bold", no_wrap=True, min_width=8)
    table.add_column("action", min_width=24)
    table.add_column("age" if not include_done else "status", no_wrap=True)
    table.add_column("from", style="dim", max_width=28, overflow="ellipsis", no_wrap=True)
    for row in rows:
        status = f"done {row.done_at[:10]}" if row.done_at else age(row.created_at, today)
        text = user(row.text)
        if row.note:
            text.append(f"\n{visible(row.note)}", style="dim italic")
        table.add_row(
            short_id(row.id), text, status, user(row.entry_title or short_id(row.entry_id))
        )
    return table


def action_done(row) -> Text:
    text = Text.assemble(("Done: ", "bold green"), user(row.text))
    if row.note:
        text.append(f"\n  {visible(row.note)}", style="dim")
    return text


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
            from reflect_cli.review import STREAK_LIMIT

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
            line.append(visible(entry.title or "(untitled)"), style="bold")
            if entry.first_words and entry.first_words != entry.title:
                line.append(f"  {visible(entry.first_words)}", style="dim")
            line.truncate(80, overflow="ellipsis")
            parts.append(line)
        if len(summary.entries) > 15:
            parts.append(Text(f"   … and {len(summary.entries) - 15} more: reflect list",
                              style="dim"))
    if summary.marked:
        parts += [Text(""), marked_count(summary.marked)]
    return Group(*parts)


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
        if summary.older_open_count > 8:
            parts.append(Text(f"   … and {summary.older_open_count - 8} more: "
                              "reflect actions", style="dim"))
    parts.append(Text("   Close the loop: reflect actions done ID --note \"what happened\"",
                      style="dim"))
    return parts


# -- drafts: discard, and the recap on resume (user text only ever in Text(...)) -------------


def _draft_title(draft: Entry) -> str:
    from reflect_cli.store import default_title

    return draft.title or default_title(draft.steps) or first_words(draft)


def draft_to_discard(draft: Entry) -> Text:
    """The draft about to be discarded: '“Title” · started 2026-11-20 21:14 · 2 of 6 answered'."""
    return Text.assemble(
        "“", Text(one_line(_draft_title(draft), 60) or "(untitled)"), "”",
        (f" · started {draft.created_at[:16].replace('T', ' ')}", "dim"),
        (f" · {draft.answered_count()} of {len(draft.steps)} answered", "dim"),
    )


def draft_discarded(draft: Entry) -> Text:
    return Text.assemble(
        "Discarded the draft “", Text(one_line(_draft_title(draft), 60) or "(untitled)"), "”."
    )


def resume_recap(draft: Entry, width: int | None = None) -> Group:
    """What is written so far: each answered step's title and its answer's first line, each
    line cut to `width` (the terminal's, by default)."""
    width = max(20, width or out().width)
    lines: list[Text] = [Text("So far:", style="dim")]
    for item in draft.steps:
        if not item.answered:  # (text typed but not saved comes back in its question)
            continue
        answer = (item.answer or "").strip()
        title = one_line(item.step.title)
        first = one_line(answer.splitlines()[0]) if answer else "(skipped)"
        room = width - len(title) - 5
        if room < 8:  # a long title: it gets the line's first half
            title = one_line(title, width // 2)
            room = width - len(title) - 5
        line = Text.assemble(("  ", ""), (title, "bold"), (": ", ""))
        line.append(Text(one_line(first, room), style="dim" if not answer else ""))
        line.no_wrap = True
        line.overflow = "ellipsis"
        lines.append(line)
    return Group(*lines)
