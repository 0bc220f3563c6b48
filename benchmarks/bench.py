"""Time reflect as whole processes on journals of 1,000 to 100,000 entries (and jrnl, if installed).

Run with `make bench` (or `python benchmarks/bench.py --sizes 1000,10000,100000`). It writes a
Markdown table to benchmarks/RESULTS.md. Each journal is generated deterministically, written to a
temporary directory through `reflect import`, and timed command by command: the median of several
runs, and the peak memory (max RSS) of the largest run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
TZ = timezone(timedelta(hours=3))
SEARCH_WORD = "handover"

WORDS = [
    "patient",
    "family",
    "ward",
    "nurse",
    "doctor",
    "night",
    "shift",
    "handover",
    "medication",
    "chart",
    "pain",
    "team",
    "escalation",
    "sepsis",
    "fluids",
    "observation",
    "discharge",
    "theatre",
    "clinic",
    "community",
    "midwife",
    "baby",
    "mother",
    "relative",
    "colleague",
    "student",
    "student's",
    "early",
    "late",
    "calm",
    "busy",
    "short",
    "staffed",
    "rota",
    "break",
    "tea",
    "listened",
    "explained",
    "consent",
    "dignity",
    "kindness",
    "safety",
    "learning",
    "checklist",
    "sbar",
    "bleep",
    "registrar",
    "consultant",
    "triage",
    "oxygen",
    "saturation",
    "falls",
    "pressure",
    "ulcer",
    "dressing",
    "insulin",
    "glucose",
    "antibiotics",
    "infusion",
    "pump",
    "alarm",
    "bed",
    "bay",
    "corridor",
    "relatives",
    "worried",
    "relieved",
    "tired",
    "proud",
    "unsure",
    "confident",
    "supported",
    "alone",
    "thanked",
    "apologised",
    "reflected",
    "noticed",
    "changed",
]

BUDGETS = {  # seconds, at 100,000 entries (issue: speed at scale)
    "--version": 0.10,
    "quick TEXT": 0.15,
    "list -n 10": 0.15,
    "show ID": 0.15,
    "search WORD": 0.15,
    "review --week": 0.15,
    "actions": 0.15,
    "review --since 365d": 0.40,
    "export --format json": 5.0,
    "import": 20.0,
}
MEMORY_BUDGET_MB = 60


@dataclass
class Timing:
    seconds: float
    max_rss_mb: float


def sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def answer(rng: random.Random) -> str:
    return "\n\n".join(paragraph(rng, rng.randint(1, 4)) for _ in range(rng.randint(1, 3)))


def generate(count: int, seed: int = 7) -> dict:
    """An export document of `count` entries, about three a day, ending today."""
    rng = random.Random(seed)
    now = datetime.now(TZ).replace(microsecond=0)
    days = max(1, count // 3)
    frameworks = {
        "gibbs": ["description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"],
        "rolfe": ["what", "so_what", "now_what"],
        "quick": ["mood", "what_mattered", "kindness", "tomorrow"],
    }
    action_keys = {"action_plan", "now_what", "tomorrow"}
    tags = ["handover", "nights", "teamwork", "medication", "falls", "family", "students"]
    entries = []
    for n in range(count):
        created = now - timedelta(days=days * (count - n) / count, minutes=rng.randint(0, 600))
        framework = rng.choices(list(frameworks), weights=[2, 2, 6])[0]
        mood = rng.randint(1, 5) if framework == "quick" else None
        steps, actions = [], []
        for key in frameworks[framework]:
            if key == "mood":
                text = str(mood)
                kind = "scale"
            elif key in action_keys:
                lines = [sentence(rng, 4, 9) for _ in range(rng.randint(0, 2))]
                text = "\n".join(lines)
                kind = "actions"
                for line in lines:
                    done = rng.random() < 0.6
                    actions.append(
                        {
                            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                            "text": line,
                            "done_at": (created + timedelta(days=3)).isoformat() if done else None,
                            "note": sentence(rng, 3, 8) if done and rng.random() < 0.5 else None,
                        }
                    )
            else:
                text = answer(rng) if framework != "quick" else sentence(rng)
                kind = "text"
            steps.append(
                {
                    "key": key,
                    "title": key.replace("_", " ").capitalize(),
                    "question": f"{key.replace('_', ' ').capitalize()}?",
                    "kind": kind,
                    "answer": text,
                }
            )
        stamp = created.isoformat()
        entries.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "framework": framework,
                "created_at": stamp,
                "updated_at": stamp,
                "title": sentence(rng, 3, 8)[:60],
                "tags": rng.sample(tags, rng.randint(0, 2)),
                "mood": mood,
                "steps": steps,
                "actions": actions,
            }
        )
    return {
        "format": "reflect-export",
        "version": 1,
        "exported_at": now.isoformat(),
        "entries": entries,
    }


# A small Python process starts each command and reports its wall time and peak memory (max RSS
# from wait4). Forking from the large benchmark process itself would count the benchmark's own
# pages in the child's peak.
SPAWNER = """
import os, sys, time
start = time.perf_counter()
quiet = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=quiet)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
print(elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run(argv: list[str], env: dict[str, str]) -> Timing:
    """One whole process: wall time and max RSS."""
    result = subprocess.run(
        [sys.executable, "-c", SPAWNER, *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    elapsed, max_rss_kb, code = result.stdout.strip().splitlines()[-1].split()
    if int(code) != 0:
        raise SystemExit(f"failed ({code}): {' '.join(argv)}\n{result.stderr}")
    return Timing(float(elapsed), int(max_rss_kb) / 1024)


def median(argv: list[str], env: dict[str, str], runs: int, slow_after: float = 10.0) -> Timing:
    timings = [run(argv, env)]
    while len(timings) < runs and timings[0].seconds < slow_after:
        timings.append(run(argv, env))
    return Timing(statistics.median(t.seconds for t in timings), max(t.max_rss_mb for t in timings))


def reflect_commands(entry_id: str) -> list[tuple[str, list[str]]]:
    return [
        ("--version", ["--version"]),
        ("--help", ["--help"]),
        ("quick TEXT", ["quick", "A calm night; the SBAR sheet helped"]),
        ("list -n 10", ["list", "-n", "10"]),
        ("show ID", ["show", entry_id[:8]]),
        ("search WORD", ["search", SEARCH_WORD]),
        ("review --week", ["review", "--week"]),
        ("review --since 365d", ["review", "--since", "365d"]),
        ("actions", ["actions"]),
        ("export --format json", ["export", "--format", "json"]),
    ]


def jrnl_commands() -> dict[str, list[str]]:
    return {
        "--version": ["--version"],
        "quick TEXT": ["A calm night; the SBAR sheet helped"],
        "list -n 10": ["-n", "10"],
        "search WORD": ["-contains", SEARCH_WORD],
        "export --format json": ["--format", "json"],
    }


def write_jrnl(document: dict, folder: Path) -> dict[str, str]:
    """The same entries as a plain-text jrnl journal; returns the environment to run jrnl in."""
    journal = folder / "journal.txt"
    with journal.open("w", encoding="utf-8") as out:
        for entry in document["entries"]:
            stamp = datetime.fromisoformat(entry["created_at"]).strftime("%Y-%m-%d %H:%M")
            body = "\n\n".join(s["answer"] for s in entry["steps"] if s["answer"])
            tags = " ".join(f"@{t}" for t in entry["tags"])
            out.write(f"[{stamp}] {entry['title']}\n{body} {tags}\n\n")
    config_home = folder / "config"
    (config_home / "jrnl").mkdir(parents=True)
    (config_home / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n"
    )
    return {**os.environ, "XDG_CONFIG_HOME": str(config_home), "XDG_DATA_HOME": str(folder)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reflect", default=str(Path(sys.executable).parent / "reflect"))
    parser.add_argument("--jrnl", default=shutil.which("jrnl") or "")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, tuple[Timing, Timing | None]]] = {}
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"reflect-bench-{size}-"))
        env = {
            **os.environ,
            "REFLECT_DB": str(folder / "reflect.db"),
            "REFLECT_PROMPTS": str(folder / "prompts"),
            "REFLECT_CONFIG": str(folder / "config.toml"),
        }
        document = generate(size)
        export = folder / "export.json"
        export.write_text(json.dumps(document), encoding="utf-8")
        print(f"{size:>7} entries: importing {export.stat().st_size / 1e6:.0f} MB…", flush=True)
        timings: dict[str, tuple[Timing, Timing | None]] = {}
        timings["import"] = (run([args.reflect, "import", str(export)], env), None)
        jrnl_env = write_jrnl(document, folder) if args.jrnl else None
        entry_id = document["entries"][len(document["entries"]) // 2]["id"]
        for name, argv in reflect_commands(entry_id):
            ours = median([args.reflect, *argv], env, args.runs)
            theirs = None
            if jrnl_env is not None and name in jrnl_commands():
                theirs = median([args.jrnl, *jrnl_commands()[name]], jrnl_env, args.runs)
            timings[name] = (ours, theirs)
            ratio = f"  jrnl {theirs.seconds:.3f} s" if theirs else ""
            print(f"  {name:<22} {ours.seconds:.3f} s {ours.max_rss_mb:5.1f} MB{ratio}", flush=True)
        results[size] = timings
        shutil.rmtree(folder, ignore_errors=True)
    Path(args.output).write_text(report(results, args), encoding="utf-8")
    print(f"wrote {args.output}")


def report(results: dict[int, dict[str, tuple[Timing, Timing | None]]], args) -> str:
    largest = max(results)
    lines = [
        "# reflect benchmark results",
        "",
        f"Generated by `make bench` (benchmarks/bench.py) on {datetime.now():%Y-%m-%d}: "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Whole processes, median of up to {args.runs} runs; memory is the peak RSS.",
        "",
    ]
    header = "| command | " + " | ".join(f"{s:,} entries" for s in sorted(results))
    header += (
        f" | peak MB ({largest:,}) | budget at 100,000 | jrnl ({largest:,}) | jrnl / reflect |"
    )
    lines += [header, "|" + " --- |" * (len(results) + 5)]
    names = list(results[largest])
    for name in names:
        cells = [f"{results[s][name][0].seconds:.3f} s" for s in sorted(results)]
        ours, theirs = results[largest][name]
        budget = BUDGETS.get(name)
        met = ""
        if budget is not None:
            met = f"{budget:g} s"
            if largest >= 100_000:  # the budgets are set for 100,000 entries
                met += " ✓" if ours.seconds <= budget else " ✗"
        ratio = f"{theirs.seconds / ours.seconds:.0f} x" if theirs else ""
        jrnl = f"{theirs.seconds:.3f} s" if theirs else ""
        lines.append(
            f"| `{name}` | "
            + " | ".join(cells)
            + f" | {ours.max_rss_mb:.0f} | {met} | {jrnl} | {ratio} |"
        )
    lines += ["", f"Memory budget for everyday commands: {MEMORY_BUDGET_MB} MB."]
    if not any(theirs for _, theirs in results[largest].values()):
        lines += ["", "jrnl was not installed for this run (`make bench` installs it)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
