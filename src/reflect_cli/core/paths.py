"""Where the database and the frameworks live. Environment variables override the defaults."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reflect"
DB_ENV = "REFLECT_DB"
PROMPTS_ENV = "REFLECT_PROMPTS"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "reflect.db"


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """`--db`, else `REFLECT_DB`, else `reflect.db` in the user data directory."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return default_db_path()


def user_prompts_dir() -> Path:
    """`REFLECT_PROMPTS`, else `prompts/` in the user config directory."""
    if os.environ.get(PROMPTS_ENV):
        return Path(os.environ[PROMPTS_ENV]).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "prompts"


def builtin_prompts_dir() -> Path:
    """The built-in framework files: inside the installed package, or `prompts/` in a checkout."""
    packaged = Path(__file__).parents[1] / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "prompts"


def ensure_private_dir(directory: Path) -> None:
    """Create `directory` (and parents) readable only by the user. Another reflect creating it
    at the same moment is no error (else the journal would be created without its `0600`)."""
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(directory, 0o700)
