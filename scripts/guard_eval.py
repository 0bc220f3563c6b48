"""Measure the identifier guard on a labelled set: recall, precision and a table per kind.

    python scripts/guard_eval.py                          # tests/data/guard_sentences.jsonl
    python scripts/guard_eval.py tests/data/guard_holdout.jsonl
    python scripts/guard_eval.py --misses                 # also list what was missed or wrong
    python scripts/guard_eval.py --json                   # the figures, for the tests
    python scripts/guard_eval.py --cli                    # through the real command line

`make guard-eval` runs it on both sets. The format of a set and the scoring rules are in
tests/data/README.md: a labelled span is found when one finding covers it; a finding is right
when it covers a labelled span.

With `--cli` the sentences go through reflect itself, as a user's entries would: each becomes a
quick entry in a new journal in a temporary folder (`reflect import`), and `reflect check --json`
says what it found in each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reflect_cli.core import guard  # noqa: E402

DEFAULT = ROOT / "tests" / "data" / "guard_sentences.jsonl"
# The guard's kinds, as the labelled sets name them.
KIND_OF = {
    "title_name": "name",
    "listed_name": "name",
    "nhs_number": "id_number",
    "chi_number": "id_number",
    "za_id": "id_number",
    "ke_id": "id_number",
    "kra_pin": "id_number",
}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def direct(rows: list[dict]) -> list[list[tuple[str, int, int, str]]]:
    """(kind, start, end, text) of each finding in each sentence, from guard.find."""
    return [[(f.kind, f.start, f.end, f.text) for f in guard.find(row["text"])] for row in rows]


def through_cli(
    rows: list[dict], reflect: str = "reflect"
) -> list[list[tuple[str, int, int, str]]]:
    """The same, from `reflect import` and `reflect check --json` on a journal of its own."""
    entries = [
        {
            "id": f"00000000-0000-4000-8000-{index:012d}",
            "framework": "quick",
            "created_at": "2026-01-01T08:00:00+00:00",
            "updated_at": "2026-01-01T08:00:00+00:00",
            "title": f"Sentence {index}",
            "tags": [],
            "mood": None,
            "steps": [{"key": "what_mattered", "kind": "text", "answer": row["text"]}],
            "actions": [],
        }
        for index, row in enumerate(rows)
    ]
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "sentences.json"
        export.write_text(
            json.dumps({"format": "reflect-export", "version": 1, "entries": entries}),
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "REFLECT_DB": str(Path(folder) / "journal.db"),
            "REFLECT_CONFIG": str(Path(folder) / "none.toml"),
        }
        subprocess.run([reflect, "import", str(export)], env=env, check=True, capture_output=True)
        out = subprocess.run(
            [reflect, "check", "--json"], env=env, check=True, capture_output=True, text=True
        ).stdout
    found: list[list[tuple[str, int, int, str]]] = [[] for _ in rows]
    for entry in json.loads(out)["entries"]:
        index = int(entry["id"].rsplit("-", 1)[1])
        for f in entry["findings"]:
            if f["field"] == "what_mattered":
                found[index].append((f["kind"], f["start"], f["end"], f["text"]))
    return found


def score(rows: list[dict], finder: Callable[[list[dict]], list] = direct) -> dict:
    """Counts per labelled kind (found / labelled) and per reported kind (right / reported)."""
    labelled, found, reported, right = Counter(), Counter(), Counter(), Counter()
    misses, wrong = [], []
    for row, findings in zip(rows, finder(rows), strict=True):
        text, spans = row["text"], row["spans"]
        for span in spans:
            labelled[span["kind"]] += 1
            if any(s <= span["start"] and e >= span["end"] for _, s, e, _ in findings):
                found[span["kind"]] += 1
            else:
                misses.append((span["kind"], span["text"], text))
        for guard_kind, start, end, what in findings:
            kind = KIND_OF.get(guard_kind, guard_kind)
            reported[kind] += 1
            if any(start <= s["start"] and end >= s["end"] for s in spans):
                right[kind] += 1
            else:
                wrong.append((kind, what, text))
    kinds = sorted(set(labelled) | set(reported))
    table = {
        kind: {
            "labelled": labelled[kind],
            "found": found[kind],
            "reported": reported[kind],
            "right": right[kind],
            "recall": _ratio(found[kind], labelled[kind]),
            "precision": _ratio(right[kind], reported[kind]),
        }
        for kind in kinds
    }
    total_labelled, total_reported = sum(labelled.values()), sum(reported.values())
    return {
        "sentences": len(rows),
        "positive": sum(1 for row in rows if row["spans"]),
        "recall": _ratio(sum(found.values()), total_labelled),
        "precision": _ratio(sum(right.values()), total_reported),
        "kinds": table,
        "misses": misses,
        "wrong": wrong,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def report(path: Path, result: dict, misses: bool) -> None:
    print(f"{path.name}: {result['sentences']} sentences, {result['positive']} with identifiers")
    print(f"  recall {_shown(result['recall'])}   precision {_shown(result['precision'])}")
    head = f"  {'kind':<15}{'labelled':>9}{'found':>7}{'recall':>8}"
    print(head + f"{'reported':>10}{'precision':>11}")
    for kind, row in result["kinds"].items():
        print(
            f"  {kind:<15}{row['labelled']:>9}{row['found']:>7}{_shown(row['recall']):>8}"
            f"{row['reported']:>10}{_shown(row['precision']):>11}"
        )
    if misses:
        for kind, what, text in result["misses"]:
            print(f"  missed {kind}: {what!r} in {text!r}")
        for kind, what, text in result["wrong"]:
            print(f"  wrong  {kind}: {what!r} in {text!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--misses", action="store_true", help="list misses and false findings")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--cli", action="store_true", help="through reflect import and check")
    parser.add_argument("--reflect", default="reflect", help="the reflect to run with --cli")
    args = parser.parse_args()
    finder = (lambda rows: through_cli(rows, args.reflect)) if args.cli else direct
    results = {}
    for path in args.files:
        result = score(load(path), finder)
        if args.json:
            results[path.name] = {k: v for k, v in result.items() if k not in ("misses", "wrong")}
        else:
            report(path, result, args.misses)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
