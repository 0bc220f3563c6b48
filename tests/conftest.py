"""Shared fixtures: every test gets its own database and prompts directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import pytest
from typer.testing import CliRunner

from reflect_cli.cli import app
from reflect_cli.context import Environment
from reflect_cli.db.store import Store
from reflect_cli.output import console


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private REFLECT_DB, REFLECT_PROMPTS and REFLECT_CONFIG for each test, and a wide,
    plain console."""
    db = tmp_path / "data" / "reflect.db"
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    monkeypatch.setenv("REFLECT_DB", str(db))
    monkeypatch.setenv("REFLECT_PROMPTS", str(prompts))
    monkeypatch.setenv("REFLECT_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("REFLECT_DEBUG", raising=False)
    console.reset()
    return db


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def prompts_dir(tmp_path: Path) -> Path:
    return tmp_path / "prompts"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def cli():
    """Run the real app in-process: `cli("quick", "text")` returns the click Result. Set
    `cli.terminal = True` (or pass terminal=True) to run it as if at a terminal: the run's
    Environment says so, with no module patched."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None, terminal: bool | None = None):
        console.reset()
        pretend = invoke.terminal if terminal is None else terminal
        return runner.invoke(app, list(args), input=input, obj=Environment(terminal=pretend))

    invoke.terminal = None  # True: as if at a terminal (questions asked); None: the real streams
    return invoke


@pytest.fixture
def exported(cli):
    """The entries of `reflect export --format json`, as Python data."""

    def run(*extra: str) -> list[dict]:
        result = cli("export", "--format", "json", *extra)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["entries"]

    return run


# `pytest --hypothesis-profile=noshrink` reports failing examples without shrinking them.
_PHASES = hypothesis.Phase
hypothesis.settings.register_profile(
    "noshrink", phases=[_PHASES.explicit, _PHASES.reuse, _PHASES.generate]
)


@pytest.fixture
def read_docx():
    """A Word document read back with python-docx: `read(path)` gives its paragraphs (text),
    its tables (each a list of rows of cell text, in document order) and its footer text."""
    def read(path: Path | bytes) -> dict:
        import io

        import docx  # the test extra installs it

        document = docx.Document(io.BytesIO(path) if isinstance(path, bytes) else str(path))
        return {
            "paragraphs": [p.text for p in document.paragraphs],
            "styles": [(p.style.name, p.text) for p in document.paragraphs],
            "tables": [[[cell.text for cell in row.cells] for row in table.rows]
                       for table in document.tables],
            "footer": "\n".join(p.text for p in document.sections[0].footer.paragraphs),
        }

    return read
