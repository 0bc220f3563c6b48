"""Keys typed into the real prompts (prompt_toolkit pipe input), for the tests of questions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

SUBMIT = "\x1b\r"  # Esc then Enter ends a multi-line answer
DOWN = "\x1b[B"
CTRL_C = "\x03"


@contextmanager
def keys(text: str) -> Iterator[None]:
    """The prompts asked inside read `text` as typed, then the end of input."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(text)
        pipe.close()
        yield
