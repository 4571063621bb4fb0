"""Memory: peak RSS while reading a 60-minute article aloud (whole processes, `/usr/bin/time -v`).

    .venv/bin/python bench/memory.py [--minutes 60] [--json]

Ours: `suara read article.html --engine gtts -o out.ogg` in its own process: extraction, text
stages, 150 ms fake gTTS requests (the fake runs in this benchmark's process, its audio cached
beforehand), the streaming track. Baseline: the same article's speech segments merged with the
whole track in memory (`merge_segments` + `export_audio`, the pipeline before the streaming
track; pydub's `+` loop holds at least as much). Two figures each: GNU time's maximum resident
set size (the largest single process) and the peak of the sum over the process tree (Python and
its ffmpeg children, sampled every 20 ms from /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness
from harness import GTTS_LATENCY_S, REPO, Result

from bot import pipeline
from tests.chat.pages import article_html
from tests.helpers.fake_gtts import FakeGtts, synthesize_mp3

TARGET_MB = 300.0
BASELINE_SCRIPT = """
import sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from bot import pipeline
from bot.audio.merge import export_audio, merge_segments
from bot.models import Segment
from tests.helpers.fake_gtts import synthesize_mp3
html = Path({html!r}).read_text("utf-8")
plan = pipeline.plan_speech(pipeline.article_from_html(html, ""), "full")
segments = [Segment(c.index, synthesize_mp3(c.text, "id"), "mp3", "gtts", c.pause_after_ms)
            for c in plan.chunks]
sound = merge_segments(segments)
export_audio(sound, Path({out!r}), "ogg", 32)
"""


def tree_rss_kb(pid: int) -> int:
    """Resident set size of a process and all its descendants, in kB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                match = re.search(r"VmRSS:\s+(\d+)", status.read())
            total += int(match.group(1)) if match else 0
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pending.extend(int(child) for child in children)
        except (OSError, ValueError):
            continue
    return total


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run under /usr/bin/time -v; returns (max RSS MB, peak tree RSS MB, seconds, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        ["/usr/bin/time", "-v", *command], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate(timeout=600)
    stop.set()
    sampler.join()
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed:\n{out[-2000:]}\n{err[-2000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    assert match, err
    return int(match.group(1)) / 1024, peak / 1024, elapsed, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    story = harness.long_article(args.minutes)
    plan = pipeline.plan_speech(story, "full")
    with ThreadPoolExecutor(max_workers=4) as pool:  # the first run renders with espeak-ng
        list(pool.map(lambda chunk: synthesize_mp3(chunk.text, "id"), plan.chunks))
        list(pool.map(lambda chunk: synthesize_mp3(chunk.text, "id"),
                      pipeline.plan_speech(story, "summary").chunks))  # fmt: skip

    with harness.scratch() as root, FakeGtts(latency_s=GTTS_LATENCY_S) as fake:
        html = root / "article.html"
        html.write_text(article_html("Bacaan panjang", story.paragraphs), "utf-8")
        env = {
            **os.environ,
            "NO_PROXY": "*",
            "SUARA_CACHE_DIR": str(root / "cache"),
            "SUARA_DB": str(root / "suara.db"),
            "SUARA_GTTS_ENDPOINT": fake.url,
            "PYTHONPATH": str(REPO),
        }
        ours_out = root / "ours.ogg"
        ours = run_measured(
            [sys.executable, "-m", "bot", "read", str(html), "--engine", "gtts", "--json",
             "-o", str(ours_out)], env,
        )  # fmt: skip
        requests = len(fake.requests)
        reading = json.loads(ours[3])
        baseline_script = BASELINE_SCRIPT.format(
            repo=str(REPO), html=str(html), out=str(root / "baseline.ogg")
        )
        baseline = run_measured([sys.executable, "-c", baseline_script], env)
    harness.report(
        [
            Result(
                goal=f"peak RSS reading a {args.minutes}-minute article",
                baseline=f"{baseline[0]:.0f} MB ({baseline[1]:.0f} MB tree)",
                ours=f"{ours[0]:.0f} MB ({ours[1]:.0f} MB tree)",
                ratio=f"{baseline[1] / ours[1]:.1f}x less",
                target=f"< {TARGET_MB:.0f} MB",
                met=max(ours[0], ours[1]) < TARGET_MB,
            )
        ],
        notes=[
            f"ours: {reading['chunks']} chunks, {requests} gTTS requests, "
            f"{reading['duration_s'] / 60:.1f} min of audio in {ours[2]:.1f} s; baseline (merge "
            f"only, segments already spoken) {baseline[2]:.1f} s"
        ],
    )


if __name__ == "__main__":
    main()
