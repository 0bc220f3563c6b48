"""The terminal while a voice note is recorded (a live timer and level meter until Enter, or
until the time is up) and while it is transcribed (a progress bar on stderr)."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from reflect_cli.model import duration
from reflect_cli.output import console
from reflect_cli.output.screens import voice

TICK = 0.1  # seconds between redraws of the timer and the meter


class Recording(Protocol):
    name: str

    @property
    def level(self) -> float: ...

    @property
    def elapsed(self) -> float: ...


def record(recorder: Recording, limit: int | None) -> bool:
    """Show the timer and the meter until the person presses Enter (or stdin closes), or until
    `limit` seconds are up; True if the time ran out. Ctrl-C passes on, as everywhere."""
    from rich.live import Live

    pressed = _enter_watch()
    with _quiet_enter(), Live(voice.recording(0, limit, 0, recorder.name), console=console.out(),
              refresh_per_second=10, transient=False) as live:
        while True:
            elapsed = recorder.elapsed
            live.update(voice.recording(elapsed, limit, recorder.level, recorder.name))
            if limit and elapsed >= limit:
                return True
            if pressed(TICK):
                return False


def _enter_watch() -> Callable[[float], bool]:
    """A function that waits up to its argument in seconds for Enter (or the end of stdin) and
    says whether it came. On a terminal it waits with select(), so nothing is left reading
    stdin afterwards to swallow the answers to the next questions."""
    stream = sys.stdin
    try:
        import select

        fd = stream.fileno()
        if not stream.isatty():
            raise OSError
    except (ImportError, OSError, ValueError, AttributeError):
        return _threaded_watch(stream)

    def waited(seconds: float) -> bool:
        ready, _, _ = select.select([fd], [], [], seconds)
        if ready:
            stream.readline()
            return True
        return False

    return waited


@contextlib.contextmanager
def _quiet_enter() -> Iterator[None]:
    """At a terminal, Enter is not echoed while recording (its new line would leave a copy of
    the timer behind); the terminal is put back as it was, however the recording ends."""
    try:
        import termios

        fd = sys.stdin.fileno()
        before = termios.tcgetattr(fd)
    except (ImportError, OSError, ValueError, AttributeError):  # not a terminal, or Windows
        yield
        return
    quiet = list(before)
    quiet[3] &= ~termios.ECHO
    try:
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, before)


def _threaded_watch(stream: Any) -> Callable[[float], bool]:
    """For a stdin that is not a terminal (a pipe, or a test's input): a line read by a
    thread."""
    done = threading.Event()

    def read() -> None:
        with contextlib.suppress(OSError, ValueError):
            stream.readline()
        done.set()

    threading.Thread(target=read, daemon=True).start()
    return done.wait


@contextlib.contextmanager
def transcribing(engine: str, seconds: float) -> Iterator[Callable[[float], None]]:
    """A progress bar on stderr while `engine` transcribes a voice note of `seconds`; yields
    the function to report how far it has got (0 to 1)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("Transcribing on this machine", style="cyan", markup=False), BarColumn(),
        TextColumn("{task.percentage:>3.0f}%", markup=False), TimeElapsedColumn(),
        console=console.err(), transient=True,
    )
    task = progress.add_task(engine, total=1.0)
    started = time.monotonic()
    with progress:
        yield lambda fraction: progress.update(task, completed=max(0.0, min(fraction, 1.0)))
    took = time.monotonic() - started
    console.say(f"Transcribed {duration(seconds)} with {engine} in {took:.0f} s.",
                err=True)
