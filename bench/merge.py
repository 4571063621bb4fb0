"""Merge and encode a 30-minute article: the naive pydub path against ours.

    .venv/bin/python bench/merge.py [--json]

(`bench/merge_linear.py` times ours at 10 and 60 minutes.) Input: gTTS-style MP3 chunks (24 kHz
mono, bare frames) of a 10-minute stretch of IndoSum news, spoken by the fake gTTS endpoint's
espeak-ng voice, with the chunker's pauses; longer articles repeat those segments (the same
number of chunks per minute).
Naive (as the issue describes it): `AudioSegment.from_file` per chunk (ffprobe + ffmpeg each),
`track += sound + silence` in a loop, `track.export(format="ogg", codec="libopus", 32k, voip)`.
Ours: `merge_to_file`: one ffmpeg decoder for the whole MP3 stream, leveling and pauses in
Python, one ffmpeg Opus encoder (compression level 0, 60 ms frames) fed through a pipe.
Both write a 32 kbps mono OGG/Opus file; durations are checked against each other.
"""

from __future__ import annotations

import argparse
import io
import resource
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness
from harness import Result

from bot import pipeline
from bot.audio.merge import merge_to_file
from bot.models import Segment
from tests.helpers.audio import probe
from tests.helpers.fake_gtts import synthesize_mp3

SPEEDUP_TARGET = 3.0


def ten_minutes_of_segments() -> list[Segment]:
    article = harness.long_article(10)
    plan = pipeline.plan_speech(article, "full")
    with ThreadPoolExecutor(max_workers=4) as pool:  # the first run renders with espeak-ng
        audio = list(pool.map(lambda chunk: synthesize_mp3(chunk.text, "id"), plan.chunks))
    return [
        Segment(chunk.index, mp3, "mp3", "gtts", chunk.pause_after_ms)
        for chunk, mp3 in zip(plan.chunks, audio, strict=True)
    ]


def naive_merge(segments: Sequence[Segment], path: Path) -> None:
    from pydub import AudioSegment

    track = AudioSegment.empty()
    for segment in segments:
        sound = AudioSegment.from_file(io.BytesIO(segment.audio), format="mp3")
        pause = AudioSegment.silent(duration=segment.pause_after_ms, frame_rate=sound.frame_rate)
        track += sound + pause
    track.export(str(path), format="ogg", codec="libopus", bitrate="32k",
                 parameters=["-ac", "1", "-application", "voip"])  # fmt: skip


def cpu_s() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action, *args) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall and CPU seconds (this process and its ffmpeg children) of one call."""
    cpu, started = cpu_s(), time.perf_counter()
    action(*args)
    return time.perf_counter() - started, cpu_s() - cpu


def article_segments(minutes: int) -> list[Segment]:
    """About `minutes` of speech: the 10-minute segments repeated."""
    ten = ten_minutes_of_segments()
    return [segment for _ in range(max(1, minutes // 10)) for segment in ten]


def describe(label: str, path: Path, chunks: int, wall_cpu: tuple[float, float]) -> str:
    minutes = probe(path)["duration_s"] / 60
    return (
        f"{label}: {chunks} chunks, {minutes:.1f} min of audio, {harness.seconds(wall_cpu[0])} "
        f"wall, {wall_cpu[1]:.1f} s CPU, {path.stat().st_size / 1e6:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.parse_args()
    thirty = article_segments(30)
    with harness.scratch() as root:
        ours_path, naive_path = root / "ours.ogg", root / "naive.ogg"
        ours = timed(merge_to_file, thirty, ours_path, "ogg", 32)
        naive = timed(naive_merge, thirty, naive_path)
        drift = abs(probe(naive_path)["duration_s"] - probe(ours_path)["duration_s"])
        notes = [
            describe("ours", ours_path, len(thirty), ours),
            describe("naive", naive_path, len(thirty), naive),
            f"durations differ by {drift:.2f} s",
        ]
    speedup = naive[0] / ours[0]
    harness.report(
        [
            Result(
                goal="merge + encode, 30-minute article",
                baseline=harness.seconds(naive[0]),
                ours=harness.seconds(ours[0]),
                ratio=f"{speedup:.1f}x",
                target=f">= {SPEEDUP_TARGET:.0f}x",
                met=speedup >= SPEEDUP_TARGET,
            )
        ],
        notes=notes,
    )


if __name__ == "__main__":
    main()
