"""One object per run, kept in the Typer context (`ctx.obj`): where the journal is, the settings
read once, whether this is a terminal, and the journal opened on first use and closed when the
command ends. What httpie calls its Environment: a test hands the app its own
(`app(obj=Environment(terminal=True))`) instead of patching modules.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect_cli.core.config import Config
    from reflect_cli.db.store import Store


@dataclass
class Environment:
    """What a command needs to know about where it runs. `terminal` None: ask the real streams."""

    db_override: str | None = None
    terminal: bool | None = None
    _journal: Store | None = field(default=None, repr=False)
    _settings: Config | None = field(default=None, repr=False)

    @property
    def interactive(self) -> bool:
        """Whether questions can be asked: stdin and stdout are both a terminal."""
        if self.terminal is not None:
            return self.terminal
        return sys.stdin.isatty() and sys.stdout.isatty()

    @property
    def db_path(self) -> Path:
        """Where the journal named by `--db` / `REFLECT_DB` / the default is (not opened). Every
        way to the journal passes here or through `journal`, so this is where storage is given
        the terminal's passphrase prompt (it never imports output itself)."""
        from reflect_cli.core.paths import db_path
        from reflect_cli.db import crypto
        from reflect_cli.output import passphrase

        crypto.PROMPTS = passphrase
        return db_path(self.db_override)

    @property
    def settings(self) -> Config:
        """config.toml, read once per run."""
        if self._settings is None:
            from reflect_cli.core.config import load

            self._settings = load()
        return self._settings

    def journal(self) -> Store:
        """The journal, opened (and migrated) on first use; closed by `close`."""
        if self._journal is None:
            from reflect_cli.db.store import open_store

            self.db_path  # noqa: B018  (gives storage the passphrase prompt)
            self._journal = open_store(self.db_override)
        return self._journal

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


def environment(ctx: Any) -> Environment:
    """The run's Environment, made on first use (a test may have given its own)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Environment):
        root.obj = Environment()
    return root.obj
