"""The journal's storage: the only package that knows SQL (sqlite3, sqlcipher3, sqlite-utils).

`from reflect_cli.db import Store, open_store` loads the store only when asked for, so that
importing a module of this package (or `reflect --version`) does not load sqlite3.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reflect_cli.db import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
