"""Speech audio → 24 kHz mono 16-bit PCM: gTTS's MP3 frames, espeak-ng's WAV, anything else."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import miniaudio
from pydub import AudioSegment

from bot.errors import AudioError
from bot.models import Segment

FRAME_RATE = 24_000
"""gTTS returns 24 kHz mono; espeak-ng's 22,050 Hz is resampled up to match."""
SAMPLE_WIDTH = 2
DECODE_BATCH = 200
"""Inputs per ffmpeg process (each holds two files open; stays far below 1,024 descriptors)."""
FFMPEG = ("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error")


def pcm_sound(pcm: bytes) -> AudioSegment:
    """Raw 24 kHz mono 16-bit PCM as an AudioSegment."""
    return AudioSegment(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=FRAME_RATE, channels=1)


# MP3 frames -----------------------------------------------------------------------------------

_MPEG2_LAYER3_KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_MPEG2_RATES = (22_050, 24_000, 16_000)
_MPEG25_RATES = (11_025, 12_000, 8_000)
SAMPLES_PER_FRAME = 576
"""An MPEG-2 (and 2.5) Layer III frame holds 576 samples: 24 ms at 24 kHz."""


@dataclass(frozen=True, slots=True)
class Mp3Frames:
    """The audio frames of one MP3 file: what a continuous decoder turns into samples."""

    data: bytes
    """The frames only: ID3 tags and a Xing/Info header frame removed."""
    samples: int


def mp3_frames(data: bytes, frame_rate: int = FRAME_RATE) -> Mp3Frames | None:
    """Parse bare MPEG-2 Layer III frames at `frame_rate` (what gTTS returns), or None.

    None means "decode this one on its own": another sample rate, MPEG-1, free format, or bytes
    that are not a clean run of frames. A stream of such frames decodes to exactly 576 samples
    per frame, so chunks can be joined into one stream and cut apart again by sample count.
    """
    start = _after_id3v2(data)
    end = len(data) - 128 if data[-128:-125] == b"TAG" else len(data)
    position, frames, first = start, 0, True
    kept_from = start
    while position < end:
        header = data[position : position + 4]
        if len(header) < 4 or header[0] != 0xFF or (header[1] & 0xE0) != 0xE0:
            return None
        version, layer = (header[1] >> 3) & 0b11, (header[1] >> 1) & 0b11
        rate_index, bitrate_index = (header[2] >> 2) & 0b11, header[2] >> 4
        if version not in (0b00, 0b10) or layer != 0b01 or rate_index == 3:
            return None  # MPEG-1 or reserved version, not Layer III, reserved rate
        rate = (_MPEG2_RATES if version == 0b10 else _MPEG25_RATES)[rate_index]
        if rate != frame_rate or bitrate_index in (0, 15):
            return None
        padding = (header[2] >> 1) & 1
        size = 72_000 * _MPEG2_LAYER3_KBPS[bitrate_index] // rate + padding
        if position + size > end:
            return None  # a cut-off last frame
        if first and any(tag in data[position : position + 64] for tag in (b"Xing", b"Info")):
            kept_from = position + size  # the header frame carries no audio
        else:
            frames += 1
        first = False
        position += size
    if frames == 0:
        return None
    return Mp3Frames(data=data[kept_from:end], samples=frames * SAMPLES_PER_FRAME)


def decode_mp3(frames: Mp3Frames) -> bytes:
    """Bare MP3 frames → 24 kHz mono 16-bit PCM of exactly `frames.samples` samples, in-process
    (miniaudio's dr_mp3: about 1.5 ms of CPU for a chunk, against about 70 ms to start one
    ffmpeg process; the same samples, 49 dB SNR against ffmpeg's decoder)."""
    try:
        decoded = miniaudio.decode(frames.data, output_format=miniaudio.SampleFormat.SIGNED16,
                                   nchannels=1, sample_rate=FRAME_RATE)  # fmt: skip
    except miniaudio.DecodeError as exc:
        raise AudioError(f"could not decode speech audio: {exc}") from exc
    pcm = decoded.samples.tobytes()
    wanted = frames.samples * SAMPLE_WIDTH
    return pcm[:wanted] + b"\0" * max(0, wanted - len(pcm))


def _after_id3v2(data: bytes) -> int:
    if data[:3] != b"ID3" or len(data) < 10:
        return 0
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | (byte & 0x7F)
    return 10 + size + (10 if data[5] & 0x10 else 0)


# Decoding a segment on its own ----------------------------------------------------------------


def decode_segments(segments: Sequence[Segment]) -> list[AudioSegment]:
    """Decode every segment to 24 kHz mono 16-bit PCM with one ffmpeg process per batch.

    WAV (espeak-ng) and gTTS's MP3 frames are decoded in-process; everything else goes through
    ffmpeg, one process with many inputs and one raw output per input, which keeps exact piece
    boundaries.
    """
    sounds: list[AudioSegment | None] = [_decode_wav(s) or _decode_frames(s) for s in segments]
    others = [n for n, sound in enumerate(sounds) if sound is None]
    for start in range(0, len(others), DECODE_BATCH):
        batch = others[start : start + DECODE_BATCH]
        for n, sound in zip(batch, _decode_batch([segments[n] for n in batch]), strict=True):
            sounds[n] = sound
    return [sound for sound in sounds if sound is not None]


def _decode_frames(segment: Segment) -> AudioSegment | None:
    frames = mp3_frames(segment.audio) if segment.format == "mp3" else None
    return pcm_sound(decode_mp3(frames)) if frames is not None else None


def _decode_wav(segment: Segment) -> AudioSegment | None:
    if segment.format != "wav":
        return None
    try:
        sound = AudioSegment(data=segment.audio)
    except Exception as exc:  # pydub raises several types for a broken header
        raise AudioError(f"could not read WAV speech audio: {exc}") from exc
    return sound.set_channels(1).set_sample_width(SAMPLE_WIDTH).set_frame_rate(FRAME_RATE)


def _decode_batch(batch: Sequence[Segment]) -> list[AudioSegment]:
    with tempfile.TemporaryDirectory(prefix="suara-merge-") as folder:
        command = list(FFMPEG)
        for n, segment in enumerate(batch):
            source = Path(folder, f"in{n}.{segment.format}")
            source.write_bytes(segment.audio)
            command += ["-f", segment.format, "-i", str(source)]
        for n in range(len(batch)):
            output = str(Path(folder, f"out{n}.pcm"))
            command += ["-map", f"{n}:a:0", "-ac", "1", "-ar", str(FRAME_RATE),
                        "-f", "s16le", "-acodec", "pcm_s16le", output]  # fmt: skip
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip().splitlines()
            raise AudioError(f"could not decode speech audio: {message[-1] if message else '?'}")
        return [pcm_sound(Path(folder, f"out{n}.pcm").read_bytes()) for n in range(len(batch))]
