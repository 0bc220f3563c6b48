"""The user's settings: `config.toml` in `REFLECT_CONFIG` if set, else in the config directory.

Every setting is optional; a missing file means the defaults. A malformed file is a DataError
naming the file and the problem, never a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect_cli.errors import DataError

if TYPE_CHECKING:
    from reflect_cli.core.guard import Words

CONFIG_ENV = "REFLECT_CONFIG"
# [nmc] period_start: a plausible day, whose three-year period ends on a day the calendar holds
FIRST_PERIOD_START = date(1900, 1, 1)
LAST_PERIOD_START = date(9996, 12, 31)


def config_path() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("reflect", appauthor=False) / "config.toml"


@dataclass(frozen=True)
class Config:
    """Settings with their defaults (see the README's Configuration section)."""

    guard_enabled: bool = True
    guard_names: tuple[str, ...] = ()  # names and places of the user's own to warn about
    guard_allow: tuple[str, ...] = ()  # words that are not names for this user ("Grace Ward")
    nmc_period_start: date | None = None  # the start of the current three-year NMC period
    revalidation_profile: str | None = None  # [revalidation] profile: a regulator's profile id
    revalidation_date: date | None = None  # [revalidation] date: the day the period ends
    voice_engine: str = "pocketsphinx"  # [voice] engine: pocketsphinx, whisper or none
    voice_model: str | None = None  # [voice] model: the user's own Whisper model file or folder
    voice_device: str | None = None  # [voice] device: the microphone (a name or a number)

    @property
    def guard_words(self) -> Words:
        """The user's own lists, as the identifier guard takes them."""
        from reflect_cli.core.guard import Words

        return Words(self.guard_names, self.guard_allow)


def load(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"Cannot read the settings file {path}: {exc}.") from None
    import tomllib  # only when there is a settings file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(
            f"The settings file {path} is not valid TOML: {exc}.", "Fix it, or move it aside."
        ) from None
    return _from_dict(data, path)


def _from_dict(data: dict[str, Any], path: Path) -> Config:
    guard = _section(data, "guard", path)
    nmc = _section(data, "nmc", path)
    enabled = guard.get("enabled", True)
    names = guard.get("names", [])
    allow = guard.get("allow", [])
    if not isinstance(enabled, bool):
        raise DataError(f"{path}: [guard] enabled must be true or false.")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DataError(f'{path}: [guard] names must be a list of text, e.g. ["Ward 7"].')
    if not isinstance(allow, list) or not all(isinstance(n, str) for n in allow):
        raise DataError(f'{path}: [guard] allow must be a list of text, e.g. ["Grace Ward"].')
    start = nmc.get("period_start")
    if isinstance(start, datetime):  # a TOML date and time: its day
        start = start.date()
    if start is not None and not isinstance(start, date):
        try:
            start = date.fromisoformat(str(start))
        except ValueError:
            raise DataError(
                f"{path}: [nmc] period_start must be a date, e.g. 2025-04-01."
            ) from None
    if start is not None and not FIRST_PERIOD_START <= start <= LAST_PERIOD_START:
        raise DataError(
            f"{path}: [nmc] period_start is {start.isoformat()}, which cannot be the start of"
            " your three-year revalidation period.",
            "Give the day your current period began, e.g. period_start = 2025-04-01.",
        )
    profile, period_end = _revalidation(_section(data, "revalidation", path), path)
    engine, model, device = _voice(_section(data, "voice", path), path)
    return Config(
        guard_enabled=enabled,
        guard_names=tuple(n.strip() for n in names if n.strip()),
        guard_allow=tuple(n.strip() for n in allow if n.strip()),
        nmc_period_start=start,
        revalidation_profile=profile,
        revalidation_date=period_end,
        voice_engine=engine,
        voice_model=model,
        voice_device=device,
    )


def _revalidation(section: dict[str, Any], path: Path) -> tuple[str | None, date | None]:
    """`[revalidation] profile` (a profile's id, e.g. "nmc") and `date` (the day the current
    period ends: a renewal, revalidation or appraisal date)."""
    import re

    profile, day = section.get("profile"), section.get("date")
    if profile is not None and (
        not isinstance(profile, str)
        or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", profile.strip().lower())
    ):
        raise DataError(f'{path}: [revalidation] profile must be a profile\'s id, e.g. "nmc".',
                        "The profiles: nmc, gmc, nck, kmpdc, hpcsa, sanc (see the README).")
    if isinstance(day, datetime):
        day = day.date()
    if day is not None and not isinstance(day, date):
        try:
            day = date.fromisoformat(str(day))
        except ValueError:
            raise DataError(f"{path}: [revalidation] date must be a date, e.g. 2028-03-31.",
                            "Give the day your current period ends (your renewal date).") from None
    if day is not None and not FIRST_PERIOD_START <= day <= LAST_PERIOD_START:
        raise DataError(f"{path}: [revalidation] date is {day.isoformat()}, which cannot be the"
                        " end of a revalidation period.",
                        "Give the day your current period ends, e.g. date = 2028-03-31.")
    return (profile.strip().lower() if profile else None), day


def _voice(section: dict[str, Any], path: Path) -> tuple[str, str | None, str | None]:
    """`[voice] engine` (pocketsphinx, whisper or none), `model` (a path: reflect never
    downloads one) and `device` (the microphone, for sounddevice or arecord)."""
    from reflect_cli.core.transcribe import ENGINES

    engine = section.get("engine", "pocketsphinx")
    if not isinstance(engine, str) or engine.strip().lower() not in ENGINES:
        raise DataError(f"{path}: [voice] engine must be one of {', '.join(ENGINES)}.",
                        'e.g. engine = "whisper" with model = "/path/to/ggml-base.en.bin"')
    found = []
    for name in ("model", "device"):
        value = section.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and name == "device":
            value = str(value)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise DataError(f"{path}: [voice] {name} must be text, e.g. {name} = \"...\".")
        found.append(value.strip() if value else None)
    return engine.strip().lower(), found[0], found[1]


def _section(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    section = data.get(name, {})
    if not isinstance(section, dict):
        raise DataError(f"{path}: [{name}] must be a table of settings.")
    return section
