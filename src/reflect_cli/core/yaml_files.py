"""Reading the small YAML data files beside the frameworks (standard sets, regulators' profiles):
one mapping per file, or a DataError naming the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reflect_cli.errors import DataError


def read_mapping(path: Path, what: str) -> dict[str, Any]:
    """The mapping in the YAML file `path`; `what` names what it should be ("a standard set")."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"Cannot read {path}: {exc}.") from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or "this is not valid YAML"
        raise DataError(f"{path}{line}: not valid YAML: {reason}.",
                        "Fix the file, or move it aside.") from None
    if not isinstance(data, dict):
        raise DataError(f"{path} is not {what}: it must be a mapping of settings.",
                        "Fix the file, or move it aside.")
    return data
