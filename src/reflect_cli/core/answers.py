"""What counts as a valid answer to each kind of step, and reading an `--answers` file."""

from __future__ import annotations

import json
from typing import Any

from reflect_cli.errors import DataError
from reflect_cli.model import Framework, Step


def normalise(step: Step, value: Any) -> str:
    """The answer as stored (always text), or ValueError with a plain reason."""
    if value is None:
        value = ""
    if step.kind == "choices":
        return _normalise_choices(step, value)
    if step.kind == "actions" and isinstance(value, (list, tuple)):
        value = "\n".join(_items(value, "give each action as plain text"))
    text = _scalar_text(value).strip()
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
    if isinstance(value, (list, tuple)):
        picked = [item.strip() for item in _items(value, "give each choice as plain text")]
    else:
        picked = []
        for line in _scalar_text(value).splitlines():
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


def _scalar_text(value: Any) -> str:
    """A single answer as text: text as it is, a number as written; anything else (a list, a
    mapping, true/false, a date, binary data) is refused, never saved as Python's repr."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"give text, not {_what(value)}")


def _items(values: list[Any] | tuple[Any, ...], problem: str) -> list[str]:
    """The items of a list answer (actions, choices) as text; an empty item is skipped."""
    items = []
    for item in values:
        if item is None:
            continue
        try:
            items.append(_scalar_text(item))
        except ValueError:
            raise ValueError(f"{problem}, not {_what(item)}") from None
    return items


def _what(value: Any) -> str:
    """What a value that is not text is, in plain words."""
    from datetime import date

    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if isinstance(value, date):
        return "a date"
    return "a value of another kind"


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


MAX_ANSWERS_BYTES = 10 * 1024 * 1024  # the most `--answers` reads: more than a lifetime's typing
TOO_BIG = "a value too large or nested too deeply to be an answer"
ANSWERS_HINT = "Give a YAML or JSON file of step key to answer, or - for stdin."


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


def _load_yaml(text: str, source: str) -> Any:
    """The YAML document in `text`, refusing what an answers file never needs and an attacker
    would use: aliases (`*name`, which can expand a few hundred bytes into gigabytes) and a key
    given twice (YAML would silently keep the last)."""
    loader = _text_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, source)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_nodes(root: Any, source: str) -> None:
    """Walk the composed YAML (without recursion): a node met twice is an alias; a mapping
    must not have the same key twice."""
    import yaml

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line = node.start_mark.line + 1
            raise DataError(
                f"{source}: an alias (*name) repeats the value from line {line}; answers files"
                " cannot use anchors and aliases.",
                "Write each answer out in full.",
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        raise DataError(
                            f"{source}: '{key.value[:60]}' is given twice (lines"
                            f" {keys[key.value]} and {key.start_mark.line + 1}).",
                            "Keep one answer for each step.",
                        )
                    keys[key.value] = key.start_mark.line + 1
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _no_duplicates(source: str) -> Any:
    """A json `object_pairs_hook` that refuses a key given twice."""

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built: dict[str, Any] = {}
        for key, value in pairs:
            if key in built:
                raise DataError(
                    f"{source}: '{key[:60]}' is given twice.", "Keep one answer for each step."
                )
            built[key] = value
        return built

    return build


def read_answers_file(name: str) -> Any:
    """The YAML or JSON mapping in file `name` (`-` is stdin): a regular file of at most
    MAX_ANSWERS_BYTES, without aliases or a key given twice."""
    return load_answers(read_answers_text(name), name)


def answers_source(name: str) -> str:
    return "the answers on stdin" if name == "-" else name


def read_answers_text(name: str) -> str:
    """The text of answers file `name` (`-` is stdin): UTF-8, no NUL, at most MAX_ANSWERS_BYTES."""
    from reflect_cli.core.reading import read_file_or_stdin

    raw = read_file_or_stdin(name, MAX_ANSWERS_BYTES, "--answers", ANSWERS_HINT)
    source = answers_source(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataError(f"{source} is not UTF-8 text.", "Save it as UTF-8 and try again.") from None
    if "\x00" in text:
        raise DataError(f"{source} contains NUL bytes, so it is not plain text.")
    return text


def load_answers(text: str, name: str) -> Any:
    """The YAML or JSON mapping in `text`, read from `name`: no aliases, no key given twice."""
    source = answers_source(name)
    if name.endswith(".json"):
        try:
            return json.loads(text, object_pairs_hook=_no_duplicates(source))
        except json.JSONDecodeError as exc:
            raise DataError(f"{source} is not valid JSON: {exc}.") from None
        except (ValueError, RecursionError):  # a number of thousands of digits; deep nesting
            raise DataError(f"{source} holds {TOO_BIG}.") from None
    import yaml

    try:
        return _load_yaml(text, source)  # YAML is a superset of JSON
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise DataError(f"{source} is not valid YAML or JSON{where}.") from None
    except (ValueError, RecursionError):  # e.g. an !!int of thousands of digits
        raise DataError(f"{source} holds {TOO_BIG}.") from None
