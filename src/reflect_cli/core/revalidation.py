"""Progress against a regulator's profile in a period: for each requirement what you have, what
is needed and whether it is done, and which themes of the profile's standards have evidence.

    evidence = revalidation.collect(store, period)          # or build an Evidence yourself
    result = revalidation.progress(evidence, profile, period, today)

`progress` also takes the store itself (anything with the reading methods `collect` uses) and
collects what it needs, over the longest window any requirement counts over. Pure otherwise:
no printing, and no SQL (the store is only called).

The arithmetic, one rule each:
- practice hours count the part of each record's days that fall in the period, prorated by days
  (`PracticeHours.hours_within`);
- CPD hours count activities dated in the period; `participatory` narrows to those, `standard`
  to those linked to that standard or a section of it; points count each activity's `points`,
  else its hours;
- feedback, reflections (`framework`, any of `tags`) and discussions are counted by their day;
- a declaration is done when it was ticked on a day in the period;
- `reflected` has, of the CPD activities and feedback in the period, those with a reflection
  linked that is still in the journal, and needs them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reflect_cli.core import standards as standard_sets
from reflect_cli.core.logs import CpdActivity, Declaration, Discussion, Feedback, PracticeHours
from reflect_cli.core.profiles import Profile, Requirement
from reflect_cli.core.review import Period
from reflect_cli.core.standards import StandardSet, ThemeCoverage
from reflect_cli.model import Entry

UNITS = {"practice_hours": "hours", "cpd_hours": "hours", "cpd_points": "points"}
THEMES_STEP = "themes"  # a `choices` step of this key ticks themes (the NMC form's)


@dataclass
class Evidence:
    """What the journal holds over some days: the logs, the reflections, the declarations
    ticked, and the standards linked to reflections (entry id to standard ids)."""

    cpd: list[CpdActivity] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    practice: list[PracticeHours] = field(default_factory=list)
    discussions: list[Discussion] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    entry_standards: dict[str, list[str]] = field(default_factory=dict)
    existing_entries: set[str] = field(default_factory=set)  # linked reflections still here


@dataclass(frozen=True)
class RequirementProgress:
    requirement: Requirement
    period: Period  # the days it was counted over
    have: float
    need: float
    ids: tuple[str, ...] = ()  # what was counted (CPD, feedback, entries, discussions)

    @property
    def done(self) -> bool:
        return self.have >= self.need

    @property
    def missing(self) -> float:
        return max(0.0, round(self.need - self.have, 2))

    @property
    def unit(self) -> str:
        return UNITS.get(self.requirement.count, "")

    @property
    def id(self) -> str:
        return self.requirement.id

    @property
    def title(self) -> str:
        return self.requirement.title


@dataclass(frozen=True)
class Progress:
    profile: Profile
    period: Period
    today: date
    requirements: list[RequirementProgress]
    standard_set: StandardSet | None = None
    coverage: list[ThemeCoverage] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        return self.today > self.period.end

    @property
    def days_left(self) -> int:
        return max(0, (self.period.end - self.today).days)

    @property
    def done(self) -> bool:
        return all(item.done for item in self.requirements)


def span(profile: Profile, period: Period) -> Period:
    """The days that any of the profile's requirements counts over."""
    starts = [r.period_within(period).start for r in profile.requirements]
    return Period(min([period.start, *starts]), period.end)


def collect(store: Any, period: Period) -> Evidence:
    """Everything the store holds for `period` that a profile can count."""
    since, until = period.start, period.end
    evidence = Evidence(
        cpd=store.cpd_activities(since=since, until=until),
        feedback=store.feedback_items(since=since, until=until),
        practice=store.practice_records(since=since, until=until),
        discussions=store.discussions(since=since, until=until),
        entries=store.entries(since=since, until=until),
        declarations=store.declarations(),
    )
    evidence.entry_standards = store.entry_standards([e.id for e in evidence.entries])
    linked = [item.entry_id for item in [*evidence.cpd, *evidence.feedback] if item.entry_id]
    evidence.existing_entries = store.existing_entries(linked)
    return evidence


def progress(source: Any, profile: Profile, period: Period, today: date) -> Progress:
    """Each requirement of `profile` over `period` (or its own window), from an Evidence or a
    store; and the coverage of the profile's standard set, over the period."""
    evidence = source if isinstance(source, Evidence) else collect(source, span(profile, period))
    items = [_count(evidence, requirement, requirement.period_within(period))
             for requirement in profile.requirements]
    standard_set = standard_sets.get(profile.standards) if profile.standards else None
    covered = coverage(evidence, standard_set, period) if standard_set else []
    return Progress(profile, period, today, items, standard_set, covered)


def coverage(evidence: Evidence, standard_set: StandardSet, period: Period) -> list[ThemeCoverage]:
    """The themes of `standard_set` with the reflections and CPD of `period` linked to them:
    by `--standard` or `reflect link`, or ticked on the form (a `themes` step)."""
    return standard_sets.coverage(standard_set, links_in(evidence, standard_set, period))


def links_in(
    evidence: Evidence, standard_set: StandardSet, period: Period
) -> list[tuple[str, str, str]]:
    """(kind, id, standard) for the evidence of `period`: kind "entry" or "cpd"."""
    links: list[tuple[str, str, str]] = []
    for entry in evidence.entries:
        if _within(entry.created_at[:10], period):
            links += [("entry", entry.id, s) for s in evidence.entry_standards.get(entry.id, [])]
            for item in entry.steps:
                if item.step.key == THEMES_STEP and item.step.kind == "choices":
                    links += [("entry", entry.id, s)
                              for s in standard_sets.themes_ticked(item.answer, standard_set)]
    for activity in evidence.cpd:
        if _within(activity.day, period):
            links += [("cpd", activity.id, s) for s in activity.standards]
    return links


def _within(day: str, period: Period) -> bool:
    return period.start.isoformat() <= day[:10] <= period.end.isoformat()


def _count(evidence: Evidence, requirement: Requirement, period: Period) -> RequirementProgress:
    count = requirement.count
    if count == "practice_hours":
        found = [(p.id, p.hours_within(period.start, period.end)) for p in evidence.practice]
        found = [(i, h) for i, h in found if h > 0]
        return _summed(requirement, period, found)
    if count in ("cpd_hours", "cpd_points"):
        chosen = [a for a in evidence.cpd if _within(a.day, period) and _cpd_counts(a, requirement)]
        return _summed(requirement, period,
                       [(a.id, a.hours if count == "cpd_hours" else a.credit) for a in chosen])
    if count == "feedback":
        return _counted(requirement, period, [
            f.id for f in evidence.feedback if _within(f.day, period)
            and (not requirement.sources or f.source in requirement.sources)])
    if count == "entries":
        return _counted(requirement, period, [
            e.id for e in evidence.entries if _within(e.created_at, period)
            and (requirement.framework is None or e.framework == requirement.framework)
            and (not requirement.tags or set(requirement.tags) & set(e.tags))])
    if count == "discussions":
        return _counted(requirement, period,
                        [d.id for d in evidence.discussions if _within(d.day, period)])
    if count == "declaration":
        ticked = any(d.item == requirement.id and _within(d.ticked_at, period)
                     for d in evidence.declarations)
        return RequirementProgress(requirement, period, float(ticked), 1.0)
    # reflected: the CPD and feedback of the period that have a reflection linked
    logged = [item for item in [*evidence.cpd, *evidence.feedback] if _within(item.day, period)]
    linked = [item.id for item in logged if item.entry_id in evidence.existing_entries]
    return RequirementProgress(requirement, period, float(len(linked)), float(len(logged)),
                               tuple(linked))


def _cpd_counts(activity: CpdActivity, requirement: Requirement) -> bool:
    wanted_kind = requirement.participatory
    if wanted_kind is not None and activity.participatory != wanted_kind:
        return False
    if requirement.standard is None:
        return True
    wanted = requirement.standard
    set_id = wanted.split(":", 1)[0]
    if not any(s.startswith(f"{set_id}:") for s in activity.standards):
        return False
    theme = standard_sets.get(set_id).theme_of(wanted)
    return any(s == wanted or (theme is not None and theme.id == wanted
                               and standard_sets.get(set_id).theme_of(s) == theme)
               for s in activity.standards)


def _summed(
    requirement: Requirement, period: Period, found: Iterable[tuple[str, float]]
) -> RequirementProgress:
    found = list(found)
    have = round(sum(amount for _, amount in found), 2)
    return RequirementProgress(requirement, period, have, float(requirement.need),
                               tuple(i for i, _ in found))


def _counted(requirement: Requirement, period: Period, ids: list[str]) -> RequirementProgress:
    return RequirementProgress(requirement, period, float(len(ids)), float(requirement.need),
                               tuple(ids))
