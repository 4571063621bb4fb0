"""Merging real espeak-ng speech into one voice note, checked with ffprobe."""

import json
import subprocess

import pytest

from bot.audio.merge import export_audio, merge_segments
from bot.errors import AudioError
from bot.models import Segment
from bot.speech.espeak_engine import EspeakEngine


def probe(path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,channels",
         "-show_entries", "format=duration,format_name", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )
    data = json.loads(out.stdout)
    stream = data["streams"][0]
    return {"codec": stream["codec_name"], "channels": stream["channels"],
            "duration": float(data["format"]["duration"]), "format": data["format"]["format_name"]}


async def _segments(texts, pause_ms=500):
    engine = EspeakEngine()
    result = []
    for i, text in enumerate(texts):
        speech = await engine.synthesize(text, "id")
        result.append(Segment(i, speech.audio, speech.format, speech.engine, pause_ms))
    return result


async def test_merge_adds_pauses_and_exports_opus_mono(tmp_path) -> None:
    segments = await _segments(["Selamat pagi.", "Ini berita hari ini."], pause_ms=500)
    single = [merge_segments([s]) for s in segments]
    merged = merge_segments(segments)
    expected_ms = sum(len(s) for s in single)  # each already carries its own 500 ms pause
    assert abs(len(merged) - expected_ms) < 5
    audio = export_audio(merged, tmp_path / "out.ogg", "ogg")
    info = probe(audio.path)
    assert info["codec"] == "opus" and info["channels"] == 1 and "ogg" in info["format"]
    assert abs(info["duration"] - audio.duration_s) < 0.2


async def test_mp3_export(tmp_path) -> None:
    merged = merge_segments(await _segments(["Satu dua tiga."]))
    audio = export_audio(merged, tmp_path / "out.mp3", "mp3")
    assert probe(audio.path)["codec"] == "mp3"


async def test_levels_are_evened_out(tmp_path) -> None:
    segments = await _segments(["Suara pertama.", "Suara kedua."], pause_ms=0)
    quiet = merge_segments([segments[0]]).apply_gain(-20)
    buf = tmp_path / "quiet.wav"
    quiet.export(buf, format="wav")
    quiet_segment = Segment(0, buf.read_bytes(), "wav", "espeak", 0)
    merged = merge_segments([quiet_segment, segments[1]])
    half = len(merged) // 2
    first, second = merged[: half - 200], merged[half + 200 :]
    assert abs(first.dBFS - second.dBFS) < 4


def test_merge_refuses_nothing_and_garbage() -> None:
    with pytest.raises(AudioError):
        merge_segments([])
    with pytest.raises(AudioError):
        merge_segments([Segment(0, b"not audio at all", "mp3", "gtts", 0)])
