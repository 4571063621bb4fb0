"""All performance goals of issue 8 in one table (each benchmark in its own process).

    .venv/bin/python bench/perf.py            # about 6-8 minutes on 2 idle cores
    .venv/bin/python bench/perf.py synthesis first_audio   # some of them

Prints a Markdown table (baseline, ours, ratio, target, met) ready for the README, then each
script's notes. Every script also runs alone with a table of its own; see its docstring for
what exactly is measured. Offline: loopback fakes only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from harness import Result, print_table

BENCH = Path(__file__).resolve().parent
SCRIPTS = (
    "synthesis",
    "first_audio",
    "merge",
    "merge_linear",
    "repeat_link",
    "responsiveness",
    "memory",
    "text_stages",
)


def run(name: str) -> tuple[list[Result], list[str], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(BENCH / f"{name}.py"), "--json"],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        failed = Result(name, "-", "failed", "-", "-", False)
        return [failed], [f"{name} failed:\n{done.stderr[-1500:]}"], elapsed
    results: list[Result] = []
    notes: list[str] = []
    for line in done.stdout.splitlines():
        record = json.loads(line) if line.startswith("{") else {}
        if "result" in record:
            results.append(Result(**record["result"]))
        elif "note" in record:
            notes.append(f"{name}: {record['note']}")
    return results, notes, elapsed


def main() -> None:
    chosen = sys.argv[1:] or list(SCRIPTS)
    unknown = set(chosen) - set(SCRIPTS)
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(SCRIPTS)}")
    results: list[Result] = []
    notes: list[str] = []
    for name in chosen:
        print(f"running bench/{name}.py ...", file=sys.stderr, flush=True)
        found, messages, elapsed = run(name)
        results.extend(found)
        notes.extend(messages)
        print(f"  {elapsed:.0f} s", file=sys.stderr, flush=True)
    print_table(results)
    for note in notes:
        print(note)
    met = sum(r.met for r in results)
    print(f"\n{met} of {len(results)} goals met")


if __name__ == "__main__":
    main()
