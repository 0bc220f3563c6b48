"""`reflect revalidation`: progress in the current period against your regulator's profile
(`[revalidation] profile` and `date` in the settings, or --profile); `tick` and `untick` its
declarations; `profiles` lists the profiles there are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reflect_cli.commands import common
from reflect_cli.commands.common import JsonOption, store_from
from reflect_cli.core import clock
from reflect_cli.errors import DataError, UsageError
from reflect_cli.output import console

if TYPE_CHECKING:
    from reflect_cli.core.config import Config
    from reflect_cli.core.profiles import Profile
    from reflect_cli.core.review import Period

app = common.group("Your progress towards revalidation or appraisal in the current period.\n\n"
                   "Example: reflect revalidation")

ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", metavar="ID", help="A regulator's profile (default: [revalidation]"
                 " profile in your settings): nmc, gmc, nck, kmpdc, hpcsa, sanc."),
]
ItemArgument = Annotated[
    str, typer.Argument(metavar="ITEM", help="The declaration's id, e.g. indemnity.")
]


def current(settings: Config, profile_id: str | None) -> tuple[Profile, Period]:
    """The profile (from --profile, else the settings) and its current period; a plain message
    saying how to set what is missing."""
    from reflect_cli.core import nmc, profiles
    from reflect_cli.core.config import config_path

    chosen = profile_id.strip().lower() if profile_id else settings.revalidation_profile
    if not chosen:
        raise DataError("No revalidation profile is set, so I do not know what to count.",
                        f'Set it in {config_path()}: [revalidation] profile = "nmc" and'
                        " date = 2028-03-31 (the day your period ends); or pass --profile nmc.")
    try:
        profile = profiles.get(chosen)
    except profiles.UnknownProfile as exc:  # a file that cannot be read stays a DataError
        if profile_id:
            raise UsageError(f"--profile: {exc.message}", exc.hint) from None
        raise
    end = settings.revalidation_date
    if profile.needs_date and end is None and profile.id == "nmc" and settings.nmc_period_start:
        end = nmc.period_end(settings.nmc_period_start)  # the older [nmc] period_start
    if profile.needs_date and end is None:
        length = (f"{profile.months // 12} year{'s' if profile.months != 12 else ''}"
                  if profile.months % 12 == 0 else f"{profile.months} months")
        raise DataError(f"{profile.name} counts the {length} up to a date, and none is set.",
                        f"Set the day your current period ends in {config_path()}:"
                        " [revalidation] date = 2028-03-31")
    return profile, profile.period(end, clock.now().date())


@app.callback()
def revalidation(ctx: typer.Context, profile: ProfileOption = None, json: JsonOption = False
                 ) -> None:
    """Show what you have and what is still needed in the current period.

    Example: reflect revalidation  ·  reflect revalidation --profile gmc --json  ·
    reflect revalidation tick indemnity
    """
    if ctx.invoked_subcommand is not None:
        ctx.meta["revalidation.profile"] = profile  # (for tick and untick)
        return
    from reflect_cli.core import revalidation as core

    chosen, period = current(common.settings_from(ctx), profile)
    result = core.progress(store_from(ctx), chosen, period, clock.now().date())
    if json:
        from reflect_cli.output import logs_shapes

        console.print_json(logs_shapes.progress(result))
        return
    from reflect_cli.output.screens.revalidation import revalidation as screen

    console.show(screen(result))


def _declaration(ctx: typer.Context, item: str, profile_id: str | None):
    chosen, period = current(common.settings_from(ctx),
                             profile_id or ctx.meta.get("revalidation.profile"))
    wanted = item.strip().lower()
    requirement = chosen.requirement(wanted)
    if requirement is None or requirement.count != "declaration":
        items = ", ".join(r.id for r in chosen.declarations) or "none"
        raise UsageError(f"{chosen.name} has no declaration '{item.strip()[:40]}' to tick.",
                         f"Its declarations: {items}.")
    return chosen, period, requirement


@app.command("tick")
def tick(ctx: typer.Context, item: ItemArgument, profile: ProfileOption = None) -> None:
    """Tick a declaration once it is in place, for the current period.

    Example: reflect revalidation tick indemnity
    """
    chosen, period, requirement = _declaration(ctx, item, profile)
    store = store_from(ctx)
    ticked = [d for d in store.declarations(chosen.id) if d.item == requirement.id
              and period.start.isoformat() <= d.ticked_at[:10] <= period.end.isoformat()]
    if ticked:
        console.show(f"{requirement.title} was ticked already, on {ticked[0].ticked_at[:10]}.")
        return
    store.tick(chosen.id, requirement.id, clock.to_iso(clock.now()))
    console.show(f"Ticked: {requirement.title}.")


@app.command("untick")
def untick(ctx: typer.Context, item: ItemArgument, profile: ProfileOption = None) -> None:
    """Take the tick off a declaration in the current period.

    Example: reflect revalidation untick indemnity
    """
    chosen, period, requirement = _declaration(ctx, item, profile)
    if store_from(ctx).untick(chosen.id, requirement.id, period.start, period.end):
        console.show(f"Unticked: {requirement.title}.")
    else:
        console.show(f"{requirement.title} was not ticked in this period.")


@app.command("profiles")
def list_profiles(json: JsonOption = False) -> None:
    """List the regulators' profiles, with the file each comes from.

    Example: reflect revalidation profiles
    """
    from reflect_cli.core import profiles

    found = profiles.available()
    if json:
        console.print_json([{"id": p.id, "name": p.name, "regulator": p.regulator,
                             "source": p.source, "file": str(p.path), "builtin": p.builtin}
                            for p in found.values()])
        return
    for profile in found.values():
        console.say(f"{profile.id:<8} {profile.name} ({profile.regulator})")
        console.say(f"{'':<8} {profile.path}")
