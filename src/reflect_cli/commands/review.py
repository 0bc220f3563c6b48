"""`reflect review`: the weekly self-assessment (or any period's)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import FrameworkFilter, JsonOption, TagOption, store_from
from reflect_cli.core import clock
from reflect_cli.core.review import OLDER_OPEN_SHOWN, Period, summarise
from reflect_cli.errors import UsageError
from reflect_cli.model import clean_tags
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.db.store import Store


def review(
    ctx: typer.Context,
    week: Annotated[bool, typer.Option("--week", help="The last seven days (default).")] = False,
    month: Annotated[bool, typer.Option("--month", help="The last thirty days.")] = False,
    since: Annotated[
        str | None, typer.Option(help="From this day: 2026-11-01, 4w, 90d, yesterday.")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day (default: today).")] = None,
    tag: TagOption = None,
    framework: FrameworkFilter = None,
    json: JsonOption = False,
) -> None:
    """Look back: what you reflected on, how you felt, and the actions you promised yourself.

    Example: reflect review --month -t handover
    """
    today = clock.now().date()
    if sum((week, month, since is not None)) > 1:
        raise UsageError("Choose one of --week, --month or --since.")
    if until is not None and since is None:
        raise UsageError(
            "--until goes with --since.", "Example: --since 2026-10-01 --until 2026-10-31"
        )
    if since is not None:
        end = clock.parse_date(until, "--until", today) if until else today
        period = Period(clock.parse_date(since, "--since", today), end)
        if period.start > period.end:
            raise UsageError("--since is after --until.", "Swap them round and try again.")
    else:
        period = Period.last_days(30 if month else 7, today)

    settings = common.settings_from(ctx)
    tags = clean_tags(tag)
    store = store_from(ctx)
    entries = store.entries(
        since=period.start, until=period.end, tags=tags, framework=framework
    )
    narrowing = {"tags": tags, "framework": framework}
    summary = summarise(
        entries,
        period=period,
        today=today,
        days_with_entries=store.days_with_entries(today),
        older_open_actions=store.actions(
            promised_before=period.start, limit=OLDER_OPEN_SHOWN, **narrowing
        ),
        older_open_count=store.count_actions(promised_before=period.start, **narrowing),
        done_in_period=store.actions(
            done_from=period.start, done_until=period.end, **narrowing
        ),
        due_actions=store.actions(due_by=today, limit=OLDER_OPEN_SHOWN, **narrowing),
        due_count=store.count_actions(due_by=today, **narrowing),
        this_day_before=store.entries(on_this_day=today, newest_first=True, **narrowing),
        **_nmc_progress(store, settings.nmc_period_start),
    )
    if settings.guard_enabled:  # the identifier check's marks (privacy.py)
        summary.marked = store.count_marked(
            since=period.start, until=period.end, tags=tags, framework=framework
        )
    if json:
        from reflect_cli.commands.evidence import review_standards
        from reflect_cli.output import shapes

        console.print_json({**shapes.review(summary),  # standards: which themes have evidence
                            "standards": review_standards(store, settings, period, entries)})
        return
    from reflect_cli.output.screens.review import review as review_screen

    console.show(review_screen(summary, label=_label(week, month, since)))


def _nmc_progress(store: Store, start: date | None) -> dict[str, Any]:
    """With `[nmc] period_start` set, that date and the nmc entries written in its three
    years, whatever the review's own period and filters."""
    from reflect_cli.core import nmc

    if start is None:
        return {}
    accounts = store.entries(since=start, until=nmc.period_end(start), framework=nmc.FRAMEWORK_ID)
    return {"nmc_period_start": start, "nmc_accounts": len(accounts)}


def _label(week: bool, month: bool, since: str | None) -> str:
    if since is not None:
        return "Your reflections"
    return "The last 30 days" if month else "Your week"
