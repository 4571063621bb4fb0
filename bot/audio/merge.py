"""Speech segments → one voice track: decode, even out the level, add pauses, encode once."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pydub import AudioSegment

from bot.audio.cache import write_atomic
from bot.errors import AudioError
from bot.models import AudioFile, Segment

logger = logging.getLogger(__name__)

FRAME_RATE = 24_000
"""gTTS returns 24 kHz mono; espeak-ng's 22,050 Hz is resampled up to match."""
SAMPLE_WIDTH = 2
TARGET_DBFS = -20.0
"""Each piece is brought to this loudness (capped so that peaks stay under -1 dBFS)."""
_DECODE_WORKERS = max(2, os.cpu_count() or 2)


def _decode(segment: Segment) -> AudioSegment:
    sound = AudioSegment.from_file(io.BytesIO(segment.audio), format=segment.format)
    return sound.set_channels(1).set_frame_rate(FRAME_RATE).set_sample_width(SAMPLE_WIDTH)


def _level(sound: AudioSegment) -> AudioSegment:
    if sound.rms == 0:
        return sound
    gain = TARGET_DBFS - sound.dBFS
    gain = min(gain, -1.0 - sound.max_dBFS)
    return sound.apply_gain(gain)


def _silence(ms: int) -> bytes:
    return b"\0" * (FRAME_RATE * SAMPLE_WIDTH * ms // 1000)


def merge_segments(segments: Sequence[Segment]) -> AudioSegment:
    """Join segments with their pauses. Linear: raw PCM is collected and joined once.

    MP3 pieces need one ffmpeg process each to decode; they run in parallel threads.
    """
    if not segments:
        raise AudioError("nothing to merge")
    try:
        with ThreadPoolExecutor(max_workers=_DECODE_WORKERS) as pool:
            sounds = list(pool.map(_decode, segments))
    except Exception as exc:  # pydub raises CouldntDecodeError or OSError from ffmpeg
        raise AudioError(f"could not decode speech audio: {exc}") from exc
    pieces: list[bytes] = []
    for segment, sound in zip(segments, sounds, strict=True):
        pieces.append(_level(sound).raw_data)
        if segment.pause_after_ms:
            pieces.append(_silence(segment.pause_after_ms))
    return AudioSegment(
        data=b"".join(pieces), sample_width=SAMPLE_WIDTH, frame_rate=FRAME_RATE, channels=1
    )


def export_audio(sound: AudioSegment, path: Path, fmt: str, bitrate_kbps: int = 32) -> AudioFile:
    """Encode once to OGG/Opus (voice note) or MP3, mono, writing atomically to `path`."""
    buffer = io.BytesIO()
    if fmt == "ogg":
        # compression_level 5 halves encode time against the default 10 at the same size.
        sound.export(
            buffer,
            format="ogg",
            codec="libopus",
            bitrate=f"{bitrate_kbps}k",
            parameters=["-ac", "1", "-application", "voip", "-compression_level", "5"],
        )
    elif fmt == "mp3":
        sound.export(
            buffer, format="mp3", bitrate=f"{max(bitrate_kbps, 48)}k", parameters=["-ac", "1"]
        )
    else:
        raise AudioError(f"unknown audio format {fmt!r}")
    data = buffer.getvalue()
    if not data:
        raise AudioError("the encoder produced no audio")
    write_atomic(path, data)
    return AudioFile(
        path=str(path), format=fmt, duration_s=round(len(sound) / 1000, 2), size_bytes=len(data)
    )
