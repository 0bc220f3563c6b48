"""Measure the identifier guard on a labelled set: recall, precision and a table per kind.

    python scripts/guard_eval.py                          # tests/data/guard_sentences.jsonl
    python scripts/guard_eval.py tests/data/guard_holdout.jsonl
    python scripts/guard_eval.py --misses                 # also list what was missed or wrong
    python scripts/guard_eval.py --json                   # the figures, for the tests

`make guard-eval` runs it on both sets. The format of a set and the scoring rules are in
tests/data/README.md: a labelled span is found when one finding covers it; a finding is right
when it covers a labelled span.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
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


def score(rows: list[dict]) -> dict:
    """Counts per labelled kind (found / labelled) and per reported kind (right / reported)."""
    labelled, found, reported, right = Counter(), Counter(), Counter(), Counter()
    misses, wrong = [], []
    for row in rows:
        text, spans = row["text"], row["spans"]
        findings = guard.find(text)
        for span in spans:
            labelled[span["kind"]] += 1
            if any(f.start <= span["start"] and f.end >= span["end"] for f in findings):
                found[span["kind"]] += 1
            else:
                misses.append((span["kind"], span["text"], text))
        for f in findings:
            kind = KIND_OF.get(f.kind, f.kind)
            reported[kind] += 1
            if any(f.start <= s["start"] and f.end >= s["end"] for s in spans):
                right[kind] += 1
            else:
                wrong.append((kind, f.text, text))
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
    args = parser.parse_args()
    results = {}
    for path in args.files:
        result = score(load(path))
        if args.json:
            results[path.name] = {k: v for k, v in result.items() if k not in ("misses", "wrong")}
        else:
            report(path, result, args.misses)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
