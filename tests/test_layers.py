"""The layout holds: read from the source, so that it cannot quietly decay.

model/ is plain data (standard library only); db/ is the only package that knows SQL; core/ is
the domain without terminal or SQL; output/ is the only package that draws (Rich) and asks
(questionary, prompt_toolkit: in output/ask.py alone) and never touches storage; no module
imports another that imports it back, counting imports inside functions; no module is over 500
lines and no class over 350.
"""

from __future__ import annotations

import ast
import re
import sys
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "reflect_cli"
STORAGE_LIBRARIES = {"sqlite3", "sqlcipher3", "sqlite_utils"}
PROMPT_LIBRARIES = {"questionary", "prompt_toolkit"}
TERMINAL_LIBRARIES = {"typer", "click", "rich"} | PROMPT_LIBRARIES


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(encoding="utf-8"))


def imports(name: str) -> set[str]:
    """Every module `name` imports, at the top or inside a function, as full dotted names."""
    found: set[str] = set()
    package = name if modules()[name].name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found.add(base)
            for alias in node.names:  # `from reflect_cli.db import store` imports a module
                if f"{base}.{alias.name}" in modules():
                    found.add(f"{base}.{alias.name}")
    found.discard("__future__")
    return found


def top(name: str) -> str:
    return name.split(".")[0]


def layer(name: str) -> str:
    """'model', 'db', 'core', 'output', 'commands' or 'app' (cli, context, errors, …)."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in {"model", "db", "core", "output",
                                                       "commands"} else "app"


def in_layer(wanted: str) -> list[str]:
    return [name for name in modules() if layer(name) == wanted]


def internal(names: set[str]) -> set[str]:
    return {name for name in names if name in modules()}


def test_model_imports_only_the_standard_library() -> None:
    for name in in_layer("model"):
        outside = {n for n in imports(name) if top(n) not in sys.stdlib_module_names}
        assert not outside, f"{name} imports {outside}"


@pytest.mark.parametrize("name", sorted(in_layer("core")))
def test_core_knows_no_terminal_and_no_sql(name: str) -> None:
    wrong = {n for n in imports(name) if top(n) in TERMINAL_LIBRARIES | STORAGE_LIBRARIES}
    wrong |= {n for n in internal(imports(name)) if layer(n) in {"output", "commands"}}
    assert not wrong, f"{name} imports {wrong}"


def test_only_the_storage_package_imports_a_database_library() -> None:
    for name in modules():
        if layer(name) != "db":
            wrong = {n for n in imports(name) if top(n) in STORAGE_LIBRARIES}
            assert not wrong, f"{name} imports {wrong}"


def test_only_the_output_package_draws_and_only_ask_asks() -> None:
    for name in modules():
        used = {top(n) for n in imports(name)}
        if layer(name) != "output":
            assert "rich" not in used, f"{name} imports rich"
        if name != "reflect_cli.output.ask":
            assert not used & PROMPT_LIBRARIES, f"{name} imports {used & PROMPT_LIBRARIES}"


def test_only_the_word_modules_import_python_docx() -> None:
    """python-docx is an extra (`[docx]`): only output/docx_*.py import it, inside functions, so
    that reflect without it still starts and says how to install it."""
    for name in modules():
        used = {top(n) for n in imports(name)}
        if "docx" in used or "lxml" in used:
            assert name.startswith("reflect_cli.output.docx_"), f"{name} imports python-docx"
            top_level = {top(alias.name) for node in tree(name).body
                         if isinstance(node, ast.Import) for alias in node.names}
            top_level |= {top(node.module or "") for node in tree(name).body
                          if isinstance(node, ast.ImportFrom) and not node.level}
            assert not top_level & {"docx", "lxml"}, f"{name} imports python-docx at the top"


def test_storage_never_draws_or_asks() -> None:
    """db/ asks for a passphrase through what the command line gives it (crypto.PROMPTS)."""
    for name in in_layer("db"):
        wrong = {n for n in internal(imports(name)) if layer(n) in {"output", "commands"}}
        wrong |= {n for n in imports(name) if top(n) in TERMINAL_LIBRARIES | {"getpass"}}
        assert not wrong, f"{name} imports {wrong}"


def test_output_never_touches_storage() -> None:
    for name in in_layer("output"):
        wrong = {n for n in internal(imports(name)) if layer(n) in {"db", "commands"}}
        assert not wrong, f"{name} imports {wrong}"


def test_the_storage_package_names_no_command() -> None:
    """What to do next is said by the commands' layer; storage only says what happened."""
    cli = next(n for n in ast.walk(tree("reflect_cli.cli"))
               if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "COMMANDS")
    names = [key.value for key in cli.value.keys]
    assert "quick" in names and "doctor" in names
    command = re.compile(rf"\breflect (?:{'|'.join(names)})\b")
    for name in in_layer("db"):
        for node in ast.walk(tree(name)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                docstring_like = "\n" in node.value and node.value.strip().endswith(".")
                assert docstring_like or not command.search(node.value), (
                    f"{name} names a command: {node.value!r}"
                )


def test_no_import_circle() -> None:
    graph = {name: internal(imports(name)) - {name} for name in modules()}
    # a package's __init__ is imported on the way to its modules: not an edge of its own
    for edges in graph.values():
        edges -= {n for n in edges if modules()[n].name == "__init__.py"}
    seen: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt]
                pytest.fail("import circle: " + " → ".join(cycle))
            if nxt not in seen:
                visit(nxt)
        path.pop()
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name)


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_and_classes_stay_small(name: str) -> None:
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 500, f"{name} is {lines} lines"
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.ClassDef):
            size = node.end_lineno - node.lineno + 1
            assert size <= 350, f"class {node.name} in {name} is {size} lines"


def test_the_rules_see_what_they_guard() -> None:
    """The walk finds imports inside functions and relative imports: the rules can fail."""
    assert "sqlite3" in imports("reflect_cli.db.connection")
    assert "rich.console" in imports("reflect_cli.output.safe")  # imported inside a function
    assert layer("reflect_cli.core.review") == "core"
    assert layer("reflect_cli.cli") == "app"
