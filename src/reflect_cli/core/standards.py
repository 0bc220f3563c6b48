"""Standard sets (`prompts/standards/*.yaml`): the NMC Code's four themes and 25 sections, the
GMC's four domains of Good medical practice, and any set of the user's own. A reflection or a
CPD activity is linked to standards by id; coverage says which themes have evidence and which
have none.

A standard's id is `SET:KEY`, KEY being a theme's key (`nmc:prioritise-people`,
`gmc:domain-1`) or a section's number (`nmc:4`, which counts for its theme). Ids are read in
any case, with spaces around them ignored, and stored in this form.

A file of the user's own in `<prompts folder>/standards/` replaces the built-in with its id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reflect_cli.core import data_sets
from reflect_cli.errors import DataError, UsageError

FOLDER = "standards"
SET_ID = data_sets.ITEM_ID
KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_KEYS = {"id", "name", "source", "themes"}
THEME_KEYS = {"key", "title", "sections"}


@dataclass(frozen=True)
class Theme:
    id: str  # nmc:prioritise-people
    title: str
    sections: tuple[tuple[str, str], ...] = ()  # (id, title): (nmc:1, Treat people ...)


@dataclass(frozen=True)
class StandardSet:
    id: str
    name: str
    source: str
    themes: tuple[Theme, ...]
    path: Path | None = None
    builtin: bool = False

    def theme_of(self, standard: str) -> Theme | None:
        """The theme a standard id belongs to (a theme is its own)."""
        for theme in self.themes:
            if standard == theme.id or any(standard == sid for sid, _ in theme.sections):
                return theme
        return None

    def title_of(self, standard: str) -> str:
        for theme in self.themes:
            if standard == theme.id:
                return theme.title
            for sid, title in theme.sections:
                if standard == sid:
                    return f"{sid.split(':', 1)[1]}. {title}"
        return standard


@dataclass(frozen=True)
class ThemeCoverage:
    """How much evidence one theme has: the reflections and CPD activities linked to it or to
    one of its sections."""

    set_id: str
    theme: Theme
    entry_ids: tuple[str, ...]
    cpd_ids: tuple[str, ...]

    @property
    def evidence(self) -> int:
        return len(self.entry_ids) + len(self.cpd_ids)


def available() -> dict[str, StandardSet]:
    """Every standard set, the user's own replacing a built-in of the same id."""
    return data_sets.available(FOLDER, load_file)


def get(set_id: str) -> StandardSet:
    """The standard set with this id, or a DataError naming those there are."""
    standard_set, sets = data_sets.find(FOLDER, set_id, load_file)
    if standard_set is None:
        raise DataError(f"There is no standard set called '{set_id}'.",
                        f"There are: {', '.join(sorted(sets)) or 'none'}.")
    return standard_set


def resolve(refs: Iterable[str], option: str = "--standard") -> list[str]:
    """The standard ids given on the command line, checked and in their stored form, each once;
    an unknown one is a UsageError (exit 2) saying which ids its set has."""
    found: list[str] = []
    for ref in refs:
        standard = ref.strip().lower().replace(" ", "")
        set_id, colon, key = standard.partition(":")
        if not colon or not set_id or not key:
            raise UsageError(f"{option}: '{ref.strip()[:40]}' is not a standard's id.",
                             "Give SET:THEME or SET:NUMBER, e.g. nmc:prioritise-people, nmc:4,"
                             " gmc:domain-1.")
        try:
            standard_set = get(set_id)
        except DataError as exc:
            raise UsageError(f"{option}: {exc.message}", exc.hint) from None
        if standard_set.theme_of(standard) is None:
            raise UsageError(f"{option}: {standard_set.name} has no '{key[:40]}'.",
                             f"It has: {_ids_said(standard_set)}.")
        if standard not in found:
            found.append(standard)
    return found


def _ids_said(standard_set: StandardSet) -> str:
    themes = ", ".join(theme.id for theme in standard_set.themes)
    numbers = [sid.split(":", 1)[1] for theme in standard_set.themes for sid, _ in theme.sections]
    if numbers:
        themes += (f", or a section {standard_set.id}:{numbers[0]} to"
                   f" {standard_set.id}:{numbers[-1]}")
    return themes


def coverage(
    standard_set: StandardSet, links: Iterable[tuple[str, str, str]]
) -> list[ThemeCoverage]:
    """Each theme of the set with the evidence linked to it: `links` are (kind, item id,
    standard), kind "entry" or "cpd"; links to other sets are passed over."""
    by_theme: dict[str, tuple[dict[str, None], dict[str, None]]] = {
        theme.id: ({}, {}) for theme in standard_set.themes
    }
    for kind, item_id, standard in links:
        theme = standard_set.theme_of(standard)
        if theme is not None:
            by_theme[theme.id][0 if kind == "entry" else 1][item_id] = None
    return [
        ThemeCoverage(standard_set.id, theme, tuple(by_theme[theme.id][0]),
                      tuple(by_theme[theme.id][1]))
        for theme in standard_set.themes
    ]


def themes_ticked(answer: str | None, standard_set: StandardSet) -> list[str]:
    """The theme ids of `standard_set` whose titles are ticked in a `choices` answer (one per
    line): an NMC reflective account ticks the Code's themes it relates to."""
    titles = {theme.title.casefold(): theme.id for theme in standard_set.themes}
    return [titles[line.strip().casefold()] for line in (answer or "").splitlines()
            if line.strip().casefold() in titles]


# -- the files --------------------------------------------------------------------------------


def load_file(path: Path, builtin: bool = False) -> StandardSet:
    """A standard set file, checked; a DataError naming the file and the first problems."""
    return _load(path, path.stat().st_mtime_ns if path.exists() else 0, builtin)


@cache
def _load(path: Path, _stamp: int, builtin: bool) -> StandardSet:
    from reflect_cli.core.yaml_files import read_mapping

    data = read_mapping(path, "a standard set")
    problems: list[str] = []
    _unknown(data, TOP_KEYS, "", problems)
    set_id = data.get("id", path.stem)
    if not isinstance(set_id, str) or not SET_ID.match(set_id):
        problems.append(f"id '{set_id}' must use lower-case letters, digits, '-' and '_'")
        set_id = path.stem
    themes: list[Theme] = []
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        problems.append("'themes' must be a list with at least one theme")
        raw_themes = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_themes):
        where = f"themes[{index}]"
        if not isinstance(raw, dict):
            problems.append(f"{where} must be a mapping with 'key' and 'title'")
            continue
        _unknown(raw, THEME_KEYS, where, problems)
        key, title = raw.get("key"), raw.get("title")
        if not isinstance(key, str) or not KEY.match(key) or key.isdigit():
            problems.append(f"{where}.key must be lower-case words joined by '-', not a number")
            continue
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where}.title must be text")
            continue
        sections = _sections(raw.get("sections", {}), set_id, where, problems)
        for sid in [f"{set_id}:{key}", *(sid for sid, _ in sections)]:
            if sid in seen:
                problems.append(f"{where}: '{sid}' is given twice")
            seen.add(sid)
        themes.append(Theme(f"{set_id}:{key}", title.strip(), sections))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DataError(f"{path}: {problems[0]}{more}.", "Fix the file, or move it aside.")
    return StandardSet(set_id, str(data.get("name") or set_id), str(data.get("source") or ""),
                       tuple(themes), path, builtin)


def _sections(
    raw: Any, set_id: str, where: str, problems: list[str]
) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, dict):
        problems.append(f"{where}.sections must map each section's number to its title")
        return ()
    found = []
    for number, title in raw.items():
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            problems.append(f"{where}.sections: '{number}' is not a section number")
        elif not isinstance(title, str) or not title.strip():
            problems.append(f"{where}.sections.{number} must be text")
        else:
            found.append((f"{set_id}:{number}", title.strip()))
    return tuple(found)


def _unknown(data: dict[str, Any], allowed: set[str], where: str, problems: list[str]) -> None:
    for key in data:
        if key not in allowed:
            place = f"{where}: " if where else ""
            problems.append(f"{place}unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")
