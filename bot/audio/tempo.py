"""Speech speed: the finished audio played slower or faster by ffmpeg's `atempo` filter (pitch
kept). Telegram's own speed button only goes faster; this also serves listeners who need slower.
The result is cached beside the original, named by its key and the speed."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from pydub.utils import mediainfo

from bot.audio.cache import AudioCache
from bot.audio.merge import encoder_options
from bot.errors import AudioError
from bot.models import AudioFile

NORMAL = 1.0


def speed_key(key: str, speed: float) -> str:
    """The cache key of `key`'s audio at `speed` (the key itself at normal speed)."""
    return key if speed == NORMAL else f"{key}-x{speed:g}"


def change_tempo(
    source: AudioFile, speed: float, cache_root: str, key: str, bitrate_kbps: int
) -> tuple[AudioFile, str]:
    """`source` at `speed` (0.5 to 2.0), re-encoded in its format: (audio, its cache key).

    Blocking (runs ffmpeg); call it in a worker thread. Reuses an earlier result.
    """
    if speed == NORMAL:
        return source, key
    if not 0.5 <= speed <= 2.0:
        raise ValueError(f"speed {speed} outside atempo's single-filter range")
    new_key = speed_key(key, speed)
    cache = AudioCache(cache_root)
    target = cache.audio_path(new_key, source.format)
    if not (target.is_file() and target.stat().st_size > 0):
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=f".{source.format}.part")
        os.close(handle)
        command = [
            "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-i", source.path, "-filter:a", f"atempo={speed:g}", "-ac", "1",
            *encoder_options(source.format, bitrate_kbps), temporary,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            Path(temporary).unlink(missing_ok=True)
            raise AudioError(done.stderr.decode(errors="replace")[-300:])
        os.replace(temporary, target)
    duration = float(mediainfo(str(target)).get("duration") or 0.0)
    audio = AudioFile(path=str(target), format=source.format, duration_s=round(duration, 2),
                      size_bytes=target.stat().st_size)  # fmt: skip
    return audio, new_key
