"""Render `reflect review --week` on a small sample journal to docs/review.svg (Rich's SVG export).

Run: .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

SAMPLES = [
    (6, ["quick", "-t", "nights", "--answers", "-"],
     "mood: 3\nwhat_mattered: A quiet night; I had time to sit with a frightened patient\n"
     "kindness: A colleague covered my break so I could eat\ntomorrow: Take my break on time\n"),
    (5, ["gibbs", "--title", "Missed handover of a new admission", "-t", "handover",
         "--answers", "-"],
     "description: A new admission arrived at shift change and was not handed over.\n"
     "feelings: Worried, then embarrassed, then relieved nothing had gone wrong.\n"
     "evaluation: The team noticed quickly and pulled together.\n"
     "conclusion: Structure helps most when we are busiest.\n"
     "action_plan: |\n  Use the SBAR sheet at every handover\n"
     "  Ask the night team to do the same\n"),
    (3, ["quick", "-t", "nights", "--answers", "-"],
     "mood: 2\nwhat_mattered: A hard death on the ward; the family thanked us\n"
     "kindness: I let myself cry in the car\ntomorrow: Debrief with the team\n"),
    (2, ["rolfe", "-t", "teamwork", "--answers", "-"],
     "what: Two of us disagreed about escalating a deteriorating patient.\n"
     "so_what: I waited too long to call for help because I did not want to seem unsure.\n"
     "now_what: Escalate early and say what I am worried about\n"),
    (1, ["quick", "--answers", "-"],
     "mood: 2\nwhat_mattered: Short-staffed again\nkindness: \ntomorrow: Ask about the rota\n"),
    (0, ["quick", "--answers", "-"],
     "mood: 4\nwhat_mattered: The SBAR sheet made handover calm and quick tonight\n"
     "kindness: Thanked the student for her help\n"),
]


def main() -> None:
    from typer.testing import CliRunner

    workdir = Path(tempfile.mkdtemp())
    os.environ["REFLECT_DB"] = str(workdir / "reflect.db")
    os.environ["REFLECT_PROMPTS"] = str(workdir / "prompts")
    from rich.console import Console

    from reflect_cli.cli import app
    from reflect_cli.output import console as consoles

    runner = CliRunner()
    for days_ago, args, answers in SAMPLES:
        at = (date.today() - timedelta(days=days_ago)).isoformat()
        result = runner.invoke(app, [*args, "--at", at], input=answers)
        assert result.exit_code == 0, result.output
    actions = runner.invoke(app, ["actions", "--json"]).stdout
    import json

    first = json.loads(actions)[0]["id"]
    runner.invoke(app, ["actions", "done", first, "--note", "Handovers calmer all week"])
    console = Console(record=True, width=80, force_terminal=True, color_system="truecolor")
    with consoles.swapped(out=console):
        runner.invoke(app, ["review", "--week"])
    target = Path(__file__).parent / "review.svg"
    console.save_svg(str(target), title="reflect review --week")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
