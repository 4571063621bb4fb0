"""Merge and encode stay linear: ours for a 60-minute article against a 10-minute one.

    .venv/bin/python bench/merge_linear.py [--json]

Same input and the same `merge_to_file` as `bench/merge.py`; 3 runs of each, interleaved
(10, 60, 10, 60, ...) so that other work on the machine weighs on both alike; medians compared.
"""

from __future__ import annotations

import argparse

import harness
from harness import Result
from merge import article_segments, describe, timed

from bot.audio.merge import merge_to_file

LINEAR_TARGET = 6.6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.parse_args()
    runs: dict[int, list[tuple[float, float]]] = {10: [], 60: []}
    segments = {minutes: article_segments(minutes) for minutes in runs}
    notes: list[str] = []
    with harness.scratch() as root:
        for _ in range(3):
            for minutes in runs:
                path = root / f"ours-{minutes}.ogg"
                runs[minutes].append(timed(merge_to_file, segments[minutes], path, "ogg", 32))
        typical = {
            minutes: (harness.median([wall for wall, _ in timings]),
                      harness.median([cpu for _, cpu in timings]))
            for minutes, timings in runs.items()
        }  # fmt: skip
        for minutes in runs:
            path = root / f"ours-{minutes}.ogg"
            label = f"ours, {minutes} min (median of 3)"
            notes.append(describe(label, path, len(segments[minutes]), typical[minutes]))
    ratio = typical[60][0] / typical[10][0]
    harness.report(
        [
            Result(
                goal="merge + encode linear: 60 min / 10 min",
                baseline="-",
                ours=f"{harness.seconds(typical[60][0])} / {harness.seconds(typical[10][0])}",
                ratio=f"{ratio:.2f}x",
                target=f"<= {LINEAR_TARGET}x",
                met=ratio <= LINEAR_TARGET,
            )
        ],
        notes=notes,
    )


if __name__ == "__main__":
    main()
