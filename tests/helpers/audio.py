"""ffprobe for tests: compare audio by codec, channels and duration, never by bytes."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any


def probe(path: str | Path) -> dict[str, Any]:
    """Describe the first audio stream of a file.

    Returns:
        `codec_name` ("mp3", "opus", ...), `channels`, `sample_rate` (Hz), `duration_s`
        (float, 0.0 when unknown), `format_name` ("mp3", "ogg", ...), `size_bytes`.

    Raises:
        ValueError: the file holds no audio stream ffprobe can read.
    """
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        capture_output=True, text=True, check=False, timeout=30,
    )  # fmt: skip
    info = json.loads(done.stdout or "{}")
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if done.returncode != 0 or not streams:
        raise ValueError(f"no audio in {path}: {done.stderr.strip()[:200]}")
    stream, container = streams[0], info.get("format", {})
    duration = container.get("duration") or stream.get("duration") or 0.0
    return {
        "codec_name": stream.get("codec_name", ""),
        "channels": int(stream.get("channels", 0)),
        "sample_rate": int(stream.get("sample_rate", 0)),
        "duration_s": float(duration),
        "format_name": container.get("format_name", ""),
        "size_bytes": int(container.get("size", 0)),
    }


def probe_bytes(data: bytes, suffix: str = "") -> dict[str, Any]:
    """`probe()` for audio held in memory (written to a temporary file first)."""
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(data)
        tmp.flush()
        return probe(tmp.name)


def make_tone(path: str | Path, seconds: float = 0.5, codec: str = "libopus") -> Path:
    """Write a short 440 Hz mono tone (OGG/Opus by default; "libmp3lame" for MP3) for tests."""
    path = Path(path)
    done = subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", f"sine=frequency=440:duration={seconds}", "-ac", "1", "-c:a", codec,
         "-b:a", "24k", str(path)],
        capture_output=True, text=True, check=False, timeout=30,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg could not write {path}: {done.stderr.strip()[:200]}")
    return path
