"""Framework files (`prompts/*.yaml`): load, validate with file and line, and find by id.

A framework is a named list of steps; each step is one question. Built-in files ship inside the
package; the user's own files (in `paths.user_prompts_dir()`) replace a built-in with the same id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect_cli.core import paths
from reflect_cli.errors import DataError
from reflect_cli.model import Framework, Step

KINDS = ("text", "line", "choice", "scale", "actions", "choices")  # choices: pick any number
TOP_KEYS = {"id", "name", "description", "source", "time_limit", "steps"}
STEP_KEYS = {
    "key",
    "title",
    "question",
    "hints",
    "kind",
    "required",
    "min",
    "max",
    "labels",
    "choices",
}
# Step keys that belong to some kinds of step only: a scale's range and labels, a choice's
# options. Anywhere else they would be silently ignored, so they are refused, named.
KIND_KEYS = {
    "min": ("scale",),
    "max": ("scale",),
    "labels": ("scale",),
    "choices": ("choice", "choices"),
}
KEY_PATTERN = re.compile(r"^[a-z0-9_]+$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FrameworkFileError(DataError):
    """A framework file with one or more problems; `problems` names file and line for each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(
            f"{first}{more}",
            f"Fix the file, or check it with: reflect frameworks validate {first.path}",
        )


def _yaml():
    import yaml

    return yaml


def load_file(path: Path, builtin: bool = False) -> Framework:
    """Read and validate one framework file; raise FrameworkFileError listing every problem."""
    yaml = _yaml()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkFileError([Problem(path, 1, f"cannot read the file ({exc})")]) from None
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or "this is not valid YAML"
        raise FrameworkFileError([Problem(path, line, f"not valid YAML: {reason}")]) from None
    validator = _Validator(path)
    framework = validator.framework(node, data, builtin)
    if validator.problems:
        raise FrameworkFileError(validator.problems)
    assert framework is not None
    return framework


class _Validator:
    """Walks the YAML node tree beside the loaded data so every problem has a line number."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, node: Any, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.path, line, message))

    @staticmethod
    def _children(node: Any) -> dict[str, tuple[Any, Any]]:
        """Map each key of a mapping node to (key node, value node)."""
        return {k.value: (k, v) for k, v in node.value} if node is not None else {}

    def framework(self, node: Any, data: Any, builtin: bool) -> Framework | None:
        if not isinstance(data, dict):
            self.add(node, "a framework file must be a mapping with 'name' and 'steps'")
            return None
        children = self._children(node)
        for key, (key_node, _) in children.items():
            if key not in TOP_KEYS:
                allowed = ", ".join(sorted(TOP_KEYS))
                self.add(key_node, f"unknown key '{key}' (allowed: {allowed})")
        framework_id = data.get("id", self.path.stem)
        if not isinstance(framework_id, str) or not ID_PATTERN.match(framework_id):
            self.add(
                children.get("id", (node, node))[1],
                f"id '{framework_id}' must use lower-case letters, digits, '-' and '_'",
            )
        for text_key in ("name", "description", "source"):
            if text_key in data and not isinstance(data[text_key], str):
                self.add(children[text_key][1], f"'{text_key}' must be text")
        time_limit = data.get("time_limit")
        if time_limit is not None and (
            not isinstance(time_limit, int) or isinstance(time_limit, bool) or time_limit <= 0
        ):
            self.add(children["time_limit"][1], "'time_limit' must be a whole number of seconds")
        if "steps" not in data:
            self.add(node, "missing 'steps': a framework needs at least one step")
            return None
        steps_node = children["steps"][1]
        if not isinstance(data["steps"], list) or not data["steps"]:
            self.add(steps_node, "'steps' must be a list with at least one step")
            return None
        steps: list[Step] = []
        seen: set[str] = set()
        for step_node, step_data in zip(steps_node.value, data["steps"], strict=True):
            step = self.step(step_node, step_data)
            if step is None:
                continue
            if step.key in seen:
                self.add(step_node, f"duplicate step key '{step.key}'")
            seen.add(step.key)
            steps.append(step)
        if self.problems:
            return None
        return Framework(
            id=framework_id,
            name=data.get("name") or framework_id,
            steps=tuple(steps),
            description=data.get("description") or "",
            source=data.get("source") or "",
            time_limit=time_limit,
            path=self.path,
            builtin=builtin,
        )

    def step(self, node: Any, data: Any) -> Step | None:
        if not isinstance(data, dict):
            self.add(node, "each step must be a mapping with at least 'key' and 'question'")
            return None
        children = self._children(node)
        before = len(self.problems)
        for key, (key_node, _) in children.items():
            if key not in STEP_KEYS:
                allowed = ", ".join(sorted(STEP_KEYS))
                self.add(key_node, f"unknown step key '{key}' (allowed: {allowed})")
        key = data.get("key")
        if key is None:
            self.add(node, "step without 'key'")
        elif not isinstance(key, str) or not KEY_PATTERN.match(key):
            self.add(children["key"][1], f"step key '{key}' must match [a-z0-9_]+")
        if not data.get("question") and not data.get("title"):
            self.add(node, f"step '{key}' needs a 'question' (or at least a 'title')")
        for text_key in ("title", "question"):
            if text_key in data and not isinstance(data[text_key], str):
                self.add(children[text_key][1], f"'{text_key}' must be text")
        hints = data.get("hints", [])
        if not isinstance(hints, list) or not all(isinstance(h, str) for h in hints):
            self.add(children["hints"][1], "'hints' must be a list of text lines")
        if not isinstance(data.get("required", False), bool):
            self.add(children["required"][1], "'required' must be true or false")
        kind = data.get("kind", "text")
        if kind not in KINDS:
            self.add(children["kind"][1], f"unknown kind '{kind}' (use one of: {', '.join(KINDS)})")
        else:
            for name, (key_node, _) in children.items():  # in the file's order
                kinds = KIND_KEYS.get(name)
                if kinds and kind not in kinds:
                    self.add(
                        key_node,
                        f"'{name}' belongs to a {' or '.join(kinds)} step, and step '{key}' is a"
                        f" {kind} step (remove '{name}', or change the kind)",
                    )
        low, high = data.get("min", 1), data.get("max", 5)
        if kind == "scale":
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
                self.add(node, "a scale's 'min' and 'max' must be whole numbers")
            elif low >= high:
                self.add(node, f"a scale's 'min' ({low}) must be below its 'max' ({high})")
        labels = data.get("labels", {})
        if not isinstance(labels, dict) or not all(isinstance(k, int) for k in labels):
            self.add(children["labels"][1], "'labels' must map whole numbers to text")
            labels = {}
        elif kind == "scale" and isinstance(low, int) and isinstance(high, int):
            for number in labels:
                if not low <= number <= high:
                    self.add(children["labels"][1], f"label {number} is outside {low}..{high}")
        choices = data.get("choices")
        if kind in ("choice", "choices"):
            if choices is None:
                what = "a choice" if kind == "choice" else "a 'choices' step"
                self.add(node, f"step '{key}' is {what} but has no 'choices'")
            elif (
                not isinstance(choices, list)
                or not choices
                or not all(isinstance(c, (str, int, float)) for c in choices)
            ):
                self.add(children["choices"][1], "'choices' must be a list of options")
        if len(self.problems) > before:
            return None
        if kind in ("choice", "choices"):
            choices = _as_written(children["choices"][1])
        written = _as_written(children.get("labels", (None, None))[1])
        labels = {int(k): v for k, v in zip(labels, written, strict=False)}
        title = data.get("title") or key.replace("_", " ").capitalize()
        return Step(
            key=key,
            title=title,
            question=data.get("question") or title,
            kind=kind,
            hints=tuple(hints),
            required=data.get("required", False),
            min=low if kind == "scale" else 1,
            max=high if kind == "scale" else 5,
            labels=labels,
            choices=tuple(choices or ()),
        )


def _as_written(node: Any) -> list[str]:
    """The scalar values of a sequence or mapping node exactly as typed, so that `yes`, `no` or
    `8:30` stay text instead of YAML 1.1's True, False and 510."""
    if node is None:
        return []
    if isinstance(node.value, list) and node.value and isinstance(node.value[0], tuple):
        return [value.value for _, value in node.value]
    return [item.value for item in node.value] if isinstance(node.value, list) else []


@dataclass
class Catalogue:
    """Every framework found, by id, and the user files that could not be loaded."""

    frameworks: dict[str, Framework]
    broken: dict[str, FrameworkFileError]


def _scan(directory: Path, builtin: bool, catalogue: Catalogue) -> None:
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.yaml")):
        try:
            framework = load_file(path, builtin=builtin)
        except FrameworkFileError as exc:
            catalogue.broken[path.stem] = exc
            continue
        catalogue.frameworks[framework.id] = framework
        catalogue.broken.pop(framework.id, None)


def catalogue() -> Catalogue:
    """Built-in frameworks, then the user's own (which replace a built-in of the same id)."""
    found = Catalogue({}, {})
    _scan(paths.builtin_prompts_dir(), True, found)
    _scan(paths.user_prompts_dir(), False, found)
    return found


def get(framework_id: str) -> Framework:
    """The framework with this id, or a DataError naming what is available. Only the user's
    own files and the one built-in file named by the id are read (built-ins are named by
    their id), so writing an entry does not parse every framework."""
    own = Catalogue({}, {})
    _scan(paths.user_prompts_dir(), False, own)
    if framework_id in own.broken:  # the user's file is meant, even where a built-in exists
        raise own.broken[framework_id]
    if framework_id in own.frameworks:
        return own.frameworks[framework_id]
    builtin = paths.builtin_prompts_dir() / f"{framework_id}.yaml"
    if ID_PATTERN.match(framework_id) and builtin.is_file():
        return load_file(builtin, builtin=True)
    found = catalogue()
    available = ", ".join(sorted(found.frameworks)) or "none"
    raise DataError(
        f"There is no framework called '{framework_id}'.",
        f"Available: {available}. See them with: reflect frameworks",
    )
