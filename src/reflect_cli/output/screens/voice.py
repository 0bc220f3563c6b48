"""Voice notes on screen: 'voice note, 2:41' wherever an entry is shown, the recording screen
(a timer and a level meter), and what is said about recording and transcribing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from reflect_cli.model import duration

if TYPE_CHECKING:
    from reflect_cli.model import AudioNote, Entry

MIC = "🎙"  # before the title of an entry with a voice note, in the list and the review
METER = 24  # characters of the level meter
WARN_SECONDS = 15  # the timer says 'finish your thought' this long before the end


def voiced(entry: Entry, line: Text) -> Text:
    """`line` with the microphone before it if the entry has a voice note."""
    return Text.assemble((f"{MIC} ", "magenta"), line) if entry.audio else line


def transcript_note(note: AudioNote) -> Text:
    """The line under a step whose answer came from a voice note."""
    label = f"{MIC} voice note, {duration(note.seconds)}"
    if note.transcribed_by:
        label += (f" · transcribed by {note.transcribed_by}: a draft to correct; the recording"
                  " is the record")
    else:
        label += " · not transcribed"
    return Text(label, style="magenta")


def recording(elapsed: float, limit: int | None, level: float, source: str) -> Text:
    """The recording screen: a red dot, the time (and what is left), the meter, how to stop."""
    filled = round(max(0.0, min(level, 1.0)) * METER)
    meter = Text.assemble(("█" * filled, "green" if level < 0.9 else "red"),
                          ("·" * (METER - filled), "dim"))
    line = Text.assemble(("● REC ", "bold red"), (duration(elapsed), "bold"), "  ", meter)
    if limit:
        left = max(0, limit - elapsed)
        if left <= 0:
            line.append("  Three minutes are up.", style="italic")
        elif left <= WARN_SECONDS:
            line.append(f"  {duration(left)} left: finish your thought", style="yellow")
        else:
            line.append(f"  {duration(left)} left", style="dim")
    line.append(f"\n  Speak when you are ready. Press Enter to stop. ({source})", style="dim")
    return line


def recorded(seconds: float, limit_reached: bool) -> str:
    if limit_reached:
        return (f"Three minutes are up, so the recording stopped there: all {duration(seconds)}"
                " of it is kept.")
    return f"Recorded {duration(seconds)}. Thank you."


def transcript_ready(engine: str, step_title: str) -> str:
    return (f"{engine} has written down what it heard, as a rough draft: correct it under"
            f" “{step_title}”. The recording itself is kept as it is.")


def not_transcribed(reason: str) -> str:
    return f"The voice note is kept, without a transcript: {reason}"


def no_microphone_offer() -> str:
    return "Would you like to type your reflection instead?"
