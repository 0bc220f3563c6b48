"""`reflect pack --for revalidation|appraisal|supervision`: one document to hand over.

A cover (your name, the period, the profile), the progress table and the CPD, feedback and
practice logs as tables, the reflective accounts, the reflective discussion form with its
sign-off block, and for supervision the chosen entries with a block for the supervisor to sign.
A Word document (the `[docx]` extra) or Markdown. What leaves the machine this way is redacted
(`--no-redact` to opt out, with a warning), and entries the guard marked are left out unless
`--include-marked`, exactly as `reflect export --format docx` does (commands/export.py).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import SinceOption, UntilOption, db_path_from, store_from
from reflect_cli.commands.export import (
    document_checks,
    guarded,
    say_left_out,
    target,
    warn_unless_redacted,
)
from reflect_cli.core import clock
from reflect_cli.core import pack as packs
from reflect_cli.core.files import write_atomically
from reflect_cli.core.nmc import FRAMEWORK_ID
from reflect_cli.errors import DataError, UsageError
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.core.config import Config
    from reflect_cli.core.profiles import Profile
    from reflect_cli.db.store import Store
    from reflect_cli.model import Entry

FORMATS = ("docx", "markdown")
DEFAULT_PROFILES = {"revalidation": "nmc", "appraisal": "gmc"}
PERIOD_UNSET = "No period is set, so this pack covers all of your journal, without progress."


def pack(
    ctx: typer.Context,
    for_: Annotated[
        str,
        typer.Option("--for", metavar="PURPOSE",
                     help="Who it is for: your NMC confirmer (revalidation), your appraiser"
                     " (appraisal) or your supervisor (supervision)."),
    ],
    since: SinceOption = None,
    until: UntilOption = None,
    entry: Annotated[
        list[str] | None,
        typer.Option("--entry", metavar="ID",
                     help="Only this reflection (repeat for more; default: those of the period)."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="docx (Word, the default) or markdown.")
    ] = "docx",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Your name, for the cover and the forms.")
    ] = None,
    pin: Annotated[
        str | None, typer.Option("--pin", help="Your registration number (NMC Pin), for the forms.")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", metavar="ID",
                     help="The regulator's profile for the progress table (default:"
                     " \\[revalidation] profile in your settings; nmc for revalidation, gmc for"
                     " appraisal)."),
    ] = None,
    include_marked: Annotated[
        bool,
        typer.Option("--include-marked",
                     help="Include entries that may identify someone (see: reflect check)."),
    ] = False,
    redact: Annotated[
        bool,
        typer.Option("--redact/--no-redact",
                     help="Replace what may identify someone by a placeholder such as \\[name]"
                     " (the default).", show_default=False),
    ] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
) -> None:
    """Make one document for your confirmer, appraiser or supervisor.

    Examples: reflect pack --for revalidation -o revalidation.docx  ·
    reflect pack --for supervision --entry 3f2a9c --entry 81bd07 -o supervision.docx  ·
    reflect pack --for appraisal --since 1y -f markdown -o appraisal.md
    """
    purpose = packs.purpose(for_)
    kind = format.strip().lower()
    if kind not in FORMATS:
        raise UsageError(f"--format: '{format.strip()[:40]}' is not a format a pack can have.",
                         "Use docx (Word) or markdown.")
    if kind == "docx":
        document_checks(ctx, output)
    days = _days(since, until)
    if output is not None:
        output = target(output, db_path_from(ctx), force=force, ask=common.is_interactive(ctx))
        if output is None:
            return
    settings = common.settings_from(ctx)
    today = clock.now().date()
    notes: list[str] = []
    chosen_profile, current_days = _profile(purpose, profile, settings,
                                            notes if days is None else [])
    days = days or current_days
    store = store_from(ctx)
    redacting = warn_unless_redacted(redact)
    left_out: list[Entry] = []
    chosen = _entries(store, purpose, days, entry)
    accounts = list(guarded(store, iter(chosen), left_out, settings,
                            leave_marked_out=not include_marked, redact=redacting))
    built = packs.Pack(purpose, (name or "").strip(), days,
                       chosen_profile.name if chosen_profile else "", today, accounts=accounts,
                       notes=notes)
    clean = _cleaner(settings, redacting)
    feedback_left_out = 0
    if purpose.logs:
        feedback_left_out = _logs(built, store, settings, chosen_profile, clean,
                                  include_marked=include_marked)
    if purpose.discussion:
        discussion = _discussion(store, days, {e.id for e in accounts})
        form, sign = packs.discussion_form(built, discussion, (pin or "").strip())
        built.discussion = form
        built.sign_offs.append(sign)
    if purpose.supervisor:
        built.sign_offs.append(packs.supervisor_sign_off())
    _write(built, kind, output)
    say_left_out(left_out, redacting=redacting, document=True)
    if feedback_left_out:
        noun = "piece of feedback was" if feedback_left_out == 1 else "pieces of feedback were"
        console.say(f"{feedback_left_out} {noun} left out because it may identify someone;"
                    " --include-marked to include it.", err=True)
    if output is not None:
        count = len(accounts)
        noun = "reflection" if count == 1 else "reflections"
        console.say(f"Wrote the {purpose.title.lower()} ({count} {noun}) to {output}", err=True)


def _days(since: str | None, until: str | None) -> tuple[date, date] | None:
    """The days of --since/--until (None: the whole journal, or the profile's period)."""
    if since is None and until is None:
        return None
    first = clock.parse_date(since, "--since") if since else date.min
    last = clock.parse_date(until, "--until") if until else clock.now().date()
    if first > last:
        raise UsageError("--since is after --until.", "Give the earlier day to --since.")
    return first, last


def _entries(store: Store, purpose: packs.Purpose, days: tuple[date, date] | None,
             ids: list[str] | None) -> list[Entry]:
    """The reflections chosen by --entry (in the order given, each once), else those of the
    period: for revalidation, the written reflective accounts (`nmc`)."""
    if ids:
        found = dict.fromkeys(store.resolve_id(prefix, status="done") for prefix in ids)
        return [store.get(entry_id) for entry_id in found]
    since, until = days if days else (None, None)
    framework = FRAMEWORK_ID if purpose.id == "revalidation" else None
    return store.entries(since=since, until=until, framework=framework)


def _profile(purpose: packs.Purpose, chosen: str | None, settings: Config, notes: list[str]
             ) -> tuple[Profile | None, tuple[date, date] | None]:
    """The regulator's profile (--profile, else the settings', else the purpose's own: nmc for
    revalidation, gmc for appraisal; none for supervision unless asked for) and its current
    period, as `reflect revalidation` finds them. With no period set, the pack covers the whole
    journal, and the cover says how to set one."""
    from reflect_cli.core import profiles

    profile_id = chosen or settings.revalidation_profile or DEFAULT_PROFILES.get(purpose.id)
    if not profile_id:
        return None, None
    try:
        profile = profiles.get(profile_id.strip().lower())
    except profiles.UnknownProfile as exc:  # a file that cannot be read stays a DataError
        if chosen:
            raise UsageError(f"--profile: {exc.message}", exc.hint) from None
        raise
    from reflect_cli.commands.revalidation import current

    try:
        _, period = current(settings, profile.id)
    except DataError as exc:  # the day the period ends is not set
        notes.append(f"{PERIOD_UNSET} {exc.hint or ''}".strip())
        return profile, None
    return profile, (period.start, period.end)


def _cleaner(settings: Config, redacting: bool) -> packs.Clean:
    """What the logs' text goes through: redacted as the entries are, or as written."""
    if not redacting:
        return lambda text: text
    from reflect_cli.core import guard

    words = settings.guard_words

    def clean(text: str) -> str:
        return guard.redact(text, guard.find(text, words)) if text else text

    return clean


def _logs(built: packs.Pack, store: Store, settings: Config, profile: Profile | None,
          clean: packs.Clean, *, include_marked: bool) -> int:
    """The progress table and the CPD, feedback and practice logs of the pack's days; returns
    how many pieces of feedback were left out (marked by the guard, without --include-marked).
    """
    since, until = built.period if built.period else (None, None)
    if profile is not None and built.period is not None:
        from reflect_cli.core import revalidation
        from reflect_cli.core.review import Period

        result = revalidation.progress(store, profile, Period(*built.period), built.made_on)
        built.progress = packs.progress_table(result.requirements)
    feedback, left_out = [], 0
    for item in store.feedback_items(since, until):
        if item.marked and settings.guard_enabled and not include_marked:
            left_out += 1
        else:
            feedback.append(item)
    practice = store.practice_records(since, until)
    built.logs = [
        packs.cpd_table(store.cpd_activities(since, until), clean),
        packs.feedback_table(feedback, clean),
        packs.practice_table(practice, clean, built.period),
    ]
    return left_out


def _discussion(store: Store, days: tuple[date, date] | None, accounts: set[str]) -> Any:
    """The reflective discussion of the period: the latest, preferring one about the accounts
    in the pack; None if there is none."""
    since, until = days if days else (None, None)
    found = store.discussions(since, until)
    about = [d for d in found if accounts & set(d.entry_ids)]
    return (about or found or [None])[-1]


def _write(built: packs.Pack, kind: str, output: Path | None) -> None:
    if kind == "markdown":
        from reflect_cli.output.pack_markdown import to_markdown

        text = to_markdown(built)
        if output is None:
            console.export_stream().write(text)
        else:
            write_atomically(output, text)
        return
    from reflect_cli.output import docx_pack

    buffer = io.BytesIO()
    docx_pack.write(built, buffer)
    if output is None:
        import sys

        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()
    else:
        write_atomically(output, buffer.getvalue())
