"""The `reflect` console script (and `python -m reflect_cli`). A plain `reflect nudge`, which
shell start-up files run, is answered without loading the app (nudging.py); everything else is
the app's (cli.main)."""

from __future__ import annotations

import os
import sys


def main() -> int:
    args = sys.argv[1:]
    if "nudge" in args and not os.environ.get("_REFLECT_COMPLETE"):
        from reflect_cli import nudging

        code = nudging.fast(args)
        if code is not None:
            return code
    from reflect_cli.cli import main as app

    return app()
