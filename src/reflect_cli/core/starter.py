"""`reflect frameworks new ID`: a commented starter file for the user's own framework.

The starter shows every kind of step with a comment on each key, and passes
`reflect frameworks validate` as it is, so a person can edit it a little at a time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reflect_cli.core import frameworks, paths
from reflect_cli.errors import DataError, UsageError

ID_RULE = (
    "Use lower-case letters, digits, '-' and '_', starting with a letter or digit "
    "(for example: shift, night-shift, handover_2)."
)

TEMPLATE = """\
# reflect framework: @ID@
# Your own framework. Change the words, keep the shape, then check it with:
#   reflect frameworks validate @PATH@
# and write with it:
#   reflect write @ID@
# Lines starting with # are notes for you; reflect ignores them.
# Tip: ask warm, plain, short questions, as you would ask a tired colleague after a shift.

# The id is the file name without .yaml (here: @ID@).
name: "My framework"           # shown in: reflect frameworks
description: "One sentence on what it is for and when to use it."
source: "Adapted from ... (credit the model, and the page your questions come from)"
# time_limit: 180              # optional, seconds: shows a countdown (a guide, never a cut-off)

steps:                         # one step per question, asked in this order
  # key:      the step's name in answers files and exports: lower-case letters, digits and _,
  #           different for each step
  # title:    a short heading for the step
  # question: what you ask; end it with a question mark
  # hints:    optional guiding sub-questions, shown under the question
  # kind:     text (several lines, the default), line, choice, choices, scale or actions
  # required: true if the step cannot be skipped (default false: an empty answer is fine)

  - key: mood
    title: "Mood"
    question: "How are you feeling right now?"
    hints:
      - "There is no right answer; just notice how you are."
    kind: scale                # a whole number from min to max (default 1 to 5)
    min: 1
    max: 5
    labels: {1: "very low", 3: "okay", 5: "very good"}   # optional words for some numbers
    # a scale step whose key is mood gives the entry its mood in the weekly review

  - key: setting
    title: "Setting"
    question: "Where did it happen?"
    kind: choice               # pick one option from the list below
    choices: ["ward", "clinic", "theatre", "community", "other"]   # quotes keep yes/no as words

  - key: what_helped
    title: "What helped"
    question: "What helped you through it?"
    kind: choices              # tick any number of the options below, or none
    choices: ["my team", "a break", "a clear plan", "talking it through"]

  - key: what_happened
    title: "What happened"
    question: "What happened?"
    hints:
      - "Who was involved, and what was your part?"
      - "Leave out names and anything that could identify a patient or colleague."
    kind: text                 # a few lines or more
    required: false

  - key: headline
    title: "Headline"
    question: "What one line would help you remember it?"
    kind: line                 # a single line

  - key: next_time
    title: "Next time"
    question: "What will you do next time, one step per line?"
    hints:
      - "Keep each step small and doable."
      - "Write one action per line; reflect will track each one."
    kind: actions              # each line becomes an action reflect tracks until you mark it done
"""


@dataclass(frozen=True)
class Created:
    """A starter file just written, and the built-in framework it replaces (with --force)."""

    path: Path
    replaces_builtin: str | None


def starter_text(framework_id: str, path: Path) -> str:
    return TEMPLATE.replace("@ID@", framework_id).replace("@PATH@", str(path))


def create(framework_id: str, *, force: bool = False) -> Created:
    """Write `<id>.yaml` into the user's prompts directory (0700) as a private file (0600).

    Refuses an id that is not allowed, and a built-in's id unless `force` (a file with a
    built-in's id replaces the built-in) (UsageError, exit 2); and a file or a framework of
    the user's that already exists (DataError, exit 1): an existing file is never touched.
    """
    if not frameworks.ID_PATTERN.match(framework_id):
        raise UsageError(f"'{framework_id}' cannot be a framework id.", ID_RULE)
    directory = paths.user_prompts_dir()
    path = directory / f"{framework_id}.yaml"
    if path.exists():
        raise DataError(
            f"{path} already exists; reflect will not overwrite it.",
            "Edit that file, or choose another id.",
        )
    found = frameworks.catalogue()
    existing = found.frameworks.get(framework_id)
    if existing is not None and not existing.builtin:
        raise DataError(
            f"You already have a framework called '{framework_id}', in {existing.path}.",
            "Edit that file, or choose another id.",
        )
    if existing is not None and existing.builtin and not force:
        raise UsageError(
            f"'{framework_id}' is a built-in framework; a file of yours with that id would"
            " replace it. Nothing was written.",
            f"Choose another id (e.g. my-{framework_id}), or add --force to replace it.",
        )
    try:
        paths.ensure_private_dir(directory)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise DataError(
            f"{path} already exists; reflect will not overwrite it.",
            "Edit that file, or choose another id.",
        ) from None
    except OSError as exc:
        raise DataError(
            f"Cannot create {path}: {exc.strerror}.",
            f"Check the folder, or set {paths.PROMPTS_ENV} to a folder you can write to.",
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)  # whatever the umask
            handle.write(starter_text(framework_id, path))
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise DataError(f"Cannot write {path}: {exc.strerror}.") from None
    builtin = existing.id if existing is not None and existing.builtin else None
    return Created(path, builtin)
