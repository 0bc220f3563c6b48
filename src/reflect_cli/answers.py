"""What counts as a valid answer to each kind of step, and reading an `--answers` file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from reflect_cli.errors import DataError, UsageError
from reflect_cli.frameworks import Framework, Step


def normalise(step: Step, value: Any) -> str:
    """The answer as stored (always text), or ValueError with a plain reason."""
    if value is None:
        value = ""
    if step.kind == "choices":
        return _normalise_choices(step, value)
    if step.kind == "actions" and isinstance(value, list):
        value = "\n".join(str(item) for item in value)
    if isinstance(value, (dict, list)):
        raise ValueError("give text, not a list or mapping")
    text = str(value).strip() if not isinstance(value, str) else value.strip()
    if not text:
        if step.required:
            raise ValueError("an answer is needed here")
        return ""
    if step.kind == "line" and "\n" in text:
        raise ValueError("give a single line")
    if step.kind == "scale":
        try:
            number = int(text)
        except ValueError:
            raise ValueError(f"give a whole number from {step.min} to {step.max}") from None
        if not step.min <= number <= step.max:
            raise ValueError(f"give a whole number from {step.min} to {step.max}")
        return str(number)
    if step.kind == "choice":
        matches = [c for c in step.choices if c.lower() == text.lower()]
        if not matches:
            raise ValueError(f"choose one of: {', '.join(step.choices)}")
        return matches[0]
    return text


def _normalise_choices(step: Step, value: Any) -> str:
    """A `choices` answer: a list, or text with one choice per line or separated by commas.
    Each must be one of the step's choices (any case); stored one per line, in the file's order."""
    if isinstance(value, dict):
        raise ValueError("give a list of choices, not a mapping")
    if isinstance(value, (list, tuple)):
        if any(isinstance(item, (dict, list)) for item in value):
            raise ValueError("give each choice as plain text")
        picked = [str(item).strip() for item in value]
    else:
        picked = []
        for line in str(value).splitlines():
            line = line.strip().lstrip("-*•").strip()
            if _match(step, line) is not None:  # a choice that itself holds a comma
                picked.append(line)
            else:
                picked.extend(part.strip() for part in line.split(","))
    picked = [item for item in picked if item]
    if not picked:
        if step.required:
            raise ValueError("choose at least one")
        return ""
    unknown = [item for item in picked if _match(step, item) is None]
    if unknown:
        raise ValueError(f"'{unknown[0]}' is not a choice here; choose from: "
                         + ", ".join(step.choices))
    chosen = {_match(step, item) for item in picked}
    return "\n".join(choice for choice in step.choices if choice in chosen)


def _match(step: Step, text: str) -> str | None:
    folded = text.casefold()
    return next((c for c in step.choices if c.casefold() == folded), None)


def parse_answers(framework: Framework, data: Any, source: str) -> dict[str, str]:
    """Check a mapping of step key to answer against `framework`; report every problem at once."""
    if not isinstance(data, dict):
        raise DataError(
            f"{source} must be a mapping of step key to answer.",
            f"The steps of {framework.id} are: {', '.join(s.key for s in framework.steps)}",
        )
    problems: list[str] = []
    answers: dict[str, str] = {}
    for key, value in data.items():
        step = framework.step(str(key))
        if step is None:
            problems.append(f"'{key}' is not a step of {framework.id}")
            continue
        try:
            answers[step.key] = normalise(step, value)
        except ValueError as exc:
            problems.append(f"{step.key}: {exc}")
    for step in framework.steps:
        if step.required and step.key not in data:
            problems.append(f"{step.key}: an answer is needed here")
    if problems:
        raise DataError(
            f"{source}: " + "; ".join(problems) + ".",
            f"The steps of {framework.id} are: {', '.join(s.key for s in framework.steps)}",
        )
    return answers


def _text_loader() -> type:
    """A safe YAML loader that keeps plain answers as typed: `no` stays 'no', not False, and
    `8:30` stays '8:30', not 510. Numbers stay text too; `normalise` reads scales itself."""
    import yaml

    class TextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    TextLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return TextLoader


def read_answers_file(name: str) -> Any:
    """The YAML or JSON mapping in file `name` (`-` is stdin)."""
    if name == "-":
        raw = sys.stdin.buffer.read()
        source = "the answers on stdin"
    else:
        path = Path(name)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UsageError(
                f"--answers: cannot read {name} ({exc.strerror}).",
                "Give a YAML or JSON file of step key to answer, or - for stdin.",
            ) from None
        source = name
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataError(f"{source} is not UTF-8 text.", "Save it as UTF-8 and try again.") from None
    if "\x00" in text:
        raise DataError(f"{source} contains NUL bytes, so it is not plain text.")
    if name.endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"{source} is not valid JSON: {exc}.") from None
    import yaml

    try:
        return yaml.load(text, Loader=_text_loader())  # YAML is a superset of JSON
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise DataError(f"{source} is not valid YAML or JSON{where}.") from None
