"""Entries on screen: the list, one entry in full, search hits, drafts, and the summary shown
when one is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reflect_cli.model import default_title, short_id
from reflect_cli.output.console import out
from reflect_cli.output.safe import one_line, user, visible
from reflect_cli.output.screens.common import (
    NARROW,
    first_words,
    stacked,
    title_line,
    when,
)
from reflect_cli.output.screens.voice import transcript_note, voiced

if TYPE_CHECKING:
    from reflect_cli.model import Entry


def entries_table(
    entries: list[Entry], *, header: bool = True, sized_by: list[Entry] | None = None
) -> Table | Group:
    """One line per entry, in the order given: id, date, framework, the title with its first
    words, tags; long text ends in '…'. Below NARROW columns, each entry takes two lines.
    Columns are as wide as `sized_by` needs (default: `entries`), so tables can line up."""
    width = out().width
    if width < NARROW:
        parts: list = []
        for entry in entries:
            head = Text.assemble(
                (short_id(entry.id), "bold"), f"  {when(entry.created_at)}  ",
                user(entry.framework, "dim"),
            )
            body = starred(entry, voiced(entry, title_line(entry.title, first_words(entry))))
            if entry.tags:
                body.append("  " + visible(", ".join(entry.tags)), style="dim")
            parts.append(stacked(head, body))
        return Group(*parts)
    tags = [visible(", ".join(entry.tags)) for entry in entries]
    sized_by = entries if sized_by is None else sized_by
    framework_width = min(max([9, *(len(e.framework) for e in sized_by)]), 10)
    # id 8 + date 16 + framework + two spaces between each of the five columns
    rest = max(width - (8 + 16 + framework_width + 8), 20)
    longest_tags = max([0, *(len(visible(", ".join(e.tags))) for e in sized_by)])
    tags_width = max(4, min(longest_tags, rest // 4))
    table = Table(box=None, pad_edge=False, show_edge=False, show_header=header)
    table.add_column("id", style="bold", no_wrap=True, min_width=8)
    table.add_column("date", no_wrap=True, min_width=16)
    table.add_column("framework", no_wrap=True, overflow="ellipsis", width=framework_width)
    table.add_column("title · first words", no_wrap=True, overflow="ellipsis",
                     width=rest - tags_width)
    table.add_column("tags", style="dim", no_wrap=True, overflow="ellipsis", width=tags_width)
    for entry, entry_tags in zip(entries, tags, strict=True):
        table.add_row(
            short_id(entry.id),
            when(entry.created_at),
            user(entry.framework),
            starred(entry, voiced(entry, title_line(entry.title, first_words(entry)))),
            Text(entry_tags),
        )
    return table


STAR = "★"  # before the title of a starred entry, in the list and in `show`


def starred(entry: Entry, line: Text) -> Text:
    """`line` with the star before it if the entry is starred."""
    return Text.assemble((f"{STAR} ", "yellow"), line) if entry.starred else line


def remembered_list(remembered: list) -> Group:
    """`list --on-this-day`: the entries under how long ago they were written ('A year ago')."""
    parts: list = []
    groups: dict[str, list[Entry]] = {}
    for item in remembered:
        groups.setdefault(item.label, []).append(item.entry)
    every = [item.entry for item in remembered]
    for label, entries in groups.items():
        if parts:
            parts.append(Text(""))
        table = entries_table(entries, header=not parts, sized_by=every)
        parts += [Text(label, style="bold cyan"), table]
    return Group(*parts)


def star_changed(entry: Entry, *, starred: bool, changed: bool) -> Text:
    """What `reflect star` / `unstar` says: done, or that it was so already (which is fine)."""
    title = Text.assemble("“", user(one_line(entry.title, 60), empty="(untitled)"), "”")
    if starred and changed:
        return Text.assemble(f"{STAR} Starred ", title,
                             ". Find it again with: reflect list --starred")
    if starred:
        return Text.assemble(title, " has a star already; it stays starred.")
    if changed:
        return Text.assemble("Took the star off ", title, ". The reflection itself is unchanged.")
    return Text.assemble(title, " has no star, so there was nothing to take off.")


def no_entries(filtered: bool, starred: bool = False, on_this_day: bool = False) -> Text:
    if on_this_day:
        return Text("Nothing from this day in earlier months or years yet. What you write comes "
                    "back here a month, and a year, later.")
    if starred and not filtered:
        return Text("No starred reflections yet. To star one: reflect star ID")
    if filtered or starred:
        return Text("No reflections match these filters. Try a wider range: reflect list")
    return Text("No reflections yet. When you are ready, three minutes is enough: reflect quick")


def entry_detail(entry: Entry) -> Group:
    """The whole entry laid out as its Markdown document reads (`markdown.py`): the title, its
    facts, each answer under its question as it was asked, and the actions. Drawn with plain
    Rich text: a Markdown renderer would cost `reflect show` a third of its time to start."""
    from reflect_cli.output import markdown

    parts: list = [
        starred(entry, user(one_line(entry.title), "bold", "(untitled)")),
        user(markdown.facts(entry), style="dim italic"),
    ]
    notes = {n.step_key: n for n in entry.audio}
    titles = {item.step.title: notes[item.step.key] for item in entry.steps
              if item.step.key in notes}
    for step_title, question, answer in markdown.sections(entry):
        parts += [Text(""), user(step_title, style="bold cyan"), user(f"│ {question}", "dim")]
        if step_title in titles:
            parts.append(transcript_note(titles[step_title]))
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
    from reflect_cli.core.searching import MARK_END, MARK_START

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


SHOWN_TITLE = 120  # characters of a search hit's title (or of the query echoed back) shown


def _cut(text: str) -> str:
    """A title or a query on one line, at most SHOWN_TITLE characters (a title may be the first
    line of a long answer)."""
    return one_line(text[: 4 * SHOWN_TITLE], SHOWN_TITLE)


def search_results(hits: list) -> Group:
    """Each hit: short id, date, framework and title (cut to a line or two), then the snippet
    with the words marked."""
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
                user(_cut(hit.title), "bold", "(untitled)"),
            )
        )
        parts.append(Text("  ") + highlighted(hit.snippet))
    parts.append(Text(f"\n{len(hits)} found. Read one in full: reflect show ID", style="dim"))
    return Group(*parts)


def no_hits(query: str) -> Text:
    return user(
        f"Nothing found for “{_cut(query)}”. Try fewer or other words, or see your latest"
        " with: reflect list"
    )


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
        parts.extend(_promised(action) for action in entry.actions)
    if entry.tags:
        parts.append(user("  Tags: " + ", ".join(entry.tags), style="dim"))
    parts.append(
        Text(f"  id {short_id(entry.id)} · {entry.created_at[:16].replace('T', ' ')}", style="dim")
    )
    return Group(*parts)


def _promised(action) -> Text:
    """'☐ Use SBAR · due Friday': an action as its entry is saved."""
    line = user(f"   ☐ {action.text}")
    if action.due:
        from reflect_cli.core import clock
        from reflect_cli.output.screens.actions import due_words

        line.append(f"  · {due_words(action.due, clock.now().date())}", style="dim")
    return line


def drafts_table(drafts: list[Entry]) -> Table | Group | Text:
    """Each draft: id, framework, when started, how far it got, its title and first words."""
    if not drafts:
        return Text("No drafts. Anything you start and stop is kept here until you finish it.")
    rows = []
    for draft in drafts:
        title = draft.title or default_title(draft.steps)
        rows.append((draft, title_line(title, first_words(draft))))
    if out().width < NARROW:
        return Group(*(
            stacked(
                Text.assemble(
                    (short_id(draft.id), "bold"), "  ", user(draft.framework),
                    f"  {when(draft.created_at)}",
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
            when(draft.created_at),
            f"{draft.answered_count()} of {len(draft.steps)}",
            line,
        )
    return table


def _draft_title(draft: Entry) -> str:
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
