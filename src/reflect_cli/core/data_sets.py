"""Folders of YAML data shipped in prompts/ that a user can replace with their own (the
regulators' profiles, the standard sets): every file by id, or one by id, the user's own first.
Each kind of data keeps its own file reader and its own message for an unknown id."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from reflect_cli.core import paths

ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class _HasId(Protocol):
    id: str


Item = TypeVar("Item", bound=_HasId)
Reader = Callable[[Path, bool], Item]


def folders(name: str) -> list[tuple[Path, bool]]:
    """The built-in folder, then the user's own; each with whether it is built in."""
    return [(paths.builtin_prompts_dir() / name, True), (paths.user_prompts_dir() / name, False)]


def available(name: str, read: Reader[Item]) -> dict[str, Item]:
    """Every item in the folders called `name`, the user's own replacing a built-in one."""
    found: dict[str, Item] = {}
    for folder, builtin in folders(name):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                item = read(path, builtin)
                found[item.id] = item
    return found


def find(name: str, item_id: str, read: Reader[Item]) -> tuple[Item | None, dict[str, Item]]:
    """The item with this id (from its file `ID.yaml`, or one whose id differs from its file's
    name), or None with every item there is, for the message."""
    for folder, builtin in reversed(folders(name)):  # the user's own first
        path = folder / f"{item_id}.yaml"
        if ITEM_ID.match(item_id) and path.is_file():
            return read(path, builtin), {}
    items = available(name, read)
    return items.get(item_id), items
