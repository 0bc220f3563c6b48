"""`reflect discussion`: the NMC reflective discussion (list; add, edit and delete by id). Its
form asks for the partner's professional details: they are the form's own fields, given with
the partner's consent, so the identifier guard does not flag them."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from reflect_cli.commands import common, logbook
from reflect_cli.commands.common import JsonOption, SinceOption, UntilOption, store_from
from reflect_cli.commands.logbook import RecordIdArgument, YesOption
from reflect_cli.core import logs
from reflect_cli.output import console

TABLE = "discussions"
app = common.group("The reflective discussion with another NMC registrant about your accounts.\n\n"
                   "Example: reflect discussion add --partner-name \"A. Colleague\" --partner-pin"
                   " 12A3456B --date 2026-03-02 --entry 3f2a9c")

NameOption = Annotated[str, typer.Option("--partner-name", help="Your discussion partner's name.")]
PinOption = Annotated[str, typer.Option("--partner-pin", help="Their NMC PIN.")]
EmailOption = Annotated[str | None, typer.Option("--partner-email", help="Their email address.")]
EntriesOption = Annotated[
    list[str] | None,
    typer.Option("--entry", metavar="ID",
                 help="A reflective account you discussed; repeat for more."),
]


@app.callback()
def discussion(ctx: typer.Context, since: SinceOption = None, until: UntilOption = None,
               json: JsonOption = False) -> None:
    """List your reflective discussions, oldest first.

    Example: reflect discussion  ·  reflect discussion add --partner-name ... --date today
    """
    if ctx.invoked_subcommand is not None:
        return
    filters = common.entry_filters(since, until, None, None)
    found = store_from(ctx).discussions(filters["since"], filters["until"])
    if json:
        from reflect_cli.output import logs_shapes

        console.print_json([logs_shapes.discussion(d) for d in found])
        return
    from reflect_cli.output.screens import logs as screens

    console.show(screens.discussion_list(found) if found
                 else screens.empty(TABLE, bool(since or until)))


@app.command("add")
def add(
    ctx: typer.Context,
    partner_name: NameOption,
    partner_pin: PinOption,
    date: Annotated[str, typer.Option("--date", help="The day of the discussion.")],
    partner_email: EmailOption = None,
    entry: EntriesOption = None,
) -> None:
    """Record your reflective discussion.

    Example: reflect discussion add --partner-name "A. Colleague" --partner-pin 12A3456B
    --partner-email a.colleague@nhs.net --date 2026-03-02 --entry 3f2a9c --entry 8d02aa
    """
    record = logs.Discussion(
        id="", day=logbook.day_of(date, "--date"),
        partner_name=logs.checked_text(partner_name, "--partner-name", required=True),
        partner_pin=logs.checked_text(partner_pin, "--partner-pin", required=True),
        partner_email=logs.checked_text(partner_email or "", "--partner-email"),
    )
    store = store_from(ctx)
    record = dataclasses.replace(record, entry_ids=tuple(
        dict.fromkeys(logbook.entry_id_of(store, e) for e in entry or ())))
    saved = store.add_record(record)
    from reflect_cli.output.screens import logs as screens

    console.show(screens.saved(TABLE, saved))


@app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: RecordIdArgument,
    partner_name: Annotated[str | None, typer.Option("--partner-name")] = None,
    partner_pin: Annotated[str | None, typer.Option("--partner-pin")] = None,
    partner_email: EmailOption = None,
    date: Annotated[str | None, typer.Option("--date")] = None,
    entry: Annotated[
        list[str] | None,
        typer.Option("--entry", metavar="ID", help="The accounts discussed (replaces the list)."),
    ] = None,
    no_entries: Annotated[bool, typer.Option("--no-entries", help="No accounts listed.")] = False,
) -> None:
    """Change a reflective discussion: give only what changes.

    Example: reflect discussion edit 3f2a9c --date 2026-03-03
    """
    if all(v is None for v in (partner_name, partner_pin, partner_email, date, entry)) \
            and not no_entries:
        raise logbook.nothing_to_change("reflect discussion edit", "--date 2026-03-03 (or"
                                        " --partner-name, --partner-pin, --partner-email, --entry)")
    store = store_from(ctx)
    current = store.record(TABLE, store.resolve_record_id(TABLE, record_id))
    entry_ids = current.entry_ids
    if entry is not None:
        entry_ids = tuple(dict.fromkeys(logbook.entry_id_of(store, e) for e in entry))
    elif no_entries:
        entry_ids = ()
    changed = dataclasses.replace(
        current, entry_ids=entry_ids,
        partner_name=logs.checked_text(partner_name, "--partner-name", required=True)
        if partner_name is not None else current.partner_name,
        partner_pin=logs.checked_text(partner_pin, "--partner-pin", required=True)
        if partner_pin is not None else current.partner_pin,
        partner_email=logs.checked_text(partner_email, "--partner-email")
        if partner_email is not None else current.partner_email,
        day=logbook.day_of(date, "--date") if date is not None else current.day,
    )
    from reflect_cli.output.screens import logs as screens

    console.show(screens.saved(TABLE, store.update_record(changed), verb="Changed"))


@app.command("delete")
def delete(ctx: typer.Context, record_id: RecordIdArgument, yes: YesOption = False) -> None:
    """Delete a reflective discussion. Asks first (--yes to skip the question).

    Example: reflect discussion delete 3f2a9c
    """
    logbook.delete_record(ctx, TABLE, record_id, yes, "reflect discussion delete", "Discussion")
