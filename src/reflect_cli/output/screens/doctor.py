"""`reflect doctor` on screen: plain lines (no Rich), one per check, ✓ or ✗, with what to do
under each ✗."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect_cli.core.doctor import Check


def report(checks: list[Check], done: list[str], fix: bool) -> Iterator[str]:
    """What was fixed, then each check, then one line on what needs attention."""
    for line in done:
        yield f"→ {line}"
    if done:
        yield ""
    for check in checks:
        yield f"{'✓' if check.ok else '✗'} {check.name}: {check.detail}"
        if not check.ok and check.advice:
            yield f"    {check.advice}"
    failed = [check for check in checks if not check.ok]
    yield ""
    if not failed:
        yield "All is well."
        return
    noun = "thing needs" if len(failed) == 1 else "things need"
    fixable = sum(1 for check in failed if check.fix)
    if fixable and not fix:
        yield f"{len(failed)} {noun} your attention; reflect doctor --fix can see to {fixable}."
    else:
        yield f"{len(failed)} {noun} your attention (see above)."
