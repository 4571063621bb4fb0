"""Merging real espeak-ng speech into one voice note, checked with ffprobe."""

import json
import subprocess
from dataclasses import replace

import pytest

from bot.audio.decode import mp3_frames
from bot.audio.merge import AudioTrack, export_audio, merge_segments, merge_to_file
from bot.errors import AudioError
from bot.models import Segment
from bot.speech.espeak_engine import EspeakEngine


def probe(path) -> dict:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,channels",
            "-show_entries",
            "format=duration,format_name",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(out.stdout)
    stream = data["streams"][0]
    return {
        "codec": stream["codec_name"],
        "channels": stream["channels"],
        "duration": float(data["format"]["duration"]),
        "format": data["format"]["format_name"],
    }


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


# The streaming track --------------------------------------------------------------------------


def _gtts_mp3(text: str) -> bytes:
    """MP3 as gTTS returns it (24 kHz mono bare frames), spoken by the fake endpoint's voice."""
    from tests.helpers.fake_gtts import synthesize_mp3

    return synthesize_mp3(text, "id")


def _decode_pcm(path_or_bytes, fmt: str | None = None) -> bytes:
    """Decode with ffmpeg on its own (no knowledge of our frame counting) to 24 kHz mono PCM."""
    source = ["-f", fmt, "-i", "pipe:0"] if fmt else ["-i", str(path_or_bytes)]
    done = subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", *source, "-ac", "1", "-ar", "24000",
         "-f", "s16le", "pipe:1"],
        input=path_or_bytes if fmt else None, capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout


def _envelope(pcm: bytes, window_ms: int = 100) -> list[float]:
    import audioop

    step = 24_000 * 2 * window_ms // 1000
    return [audioop.rms(pcm[i : i + step], 2) for i in range(0, len(pcm) - step + 1, step)]


def _correlation(a: list[float], b: list[float]) -> float:
    import statistics

    n = min(len(a), len(b))
    return statistics.correlation(a[:n], b[:n])


def test_mp3_frames_count_exactly_what_ffmpeg_decodes() -> None:
    for text in ("Halo.", "Pemerintah Kota Bandung meresmikan taman baca baru di kawasan Cicendo."):
        mp3 = _gtts_mp3(text)
        frames = mp3_frames(mp3)
        assert frames is not None and frames.data == mp3
        assert frames.samples * 2 == len(_decode_pcm(mp3, "mp3"))


def test_mp3_frames_strips_tags_and_refuses_what_it_cannot_cut(tmp_path) -> None:
    tagged = tmp_path / "tagged.mp3"  # ffmpeg's defaults: an ID3v2 tag and a Xing/Info frame
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=1",
         "-ar", "24000", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k", str(tagged)],
        check=True,
    )  # fmt: skip
    data = tagged.read_bytes()
    assert data.startswith(b"ID3") and (b"Info" in data[:2000] or b"Xing" in data[:2000])
    frames = mp3_frames(data)
    assert frames is not None and not frames.data.startswith(b"ID3")
    assert b"Info" not in frames.data[:200] and b"Xing" not in frames.data[:200]
    assert frames.samples * 2 == len(_decode_pcm(frames.data, "mp3"))
    assert mp3_frames(b"not audio at all") is None
    assert mp3_frames(_gtts_mp3("Halo.")[:-10]) is None  # a cut-off last frame
    mpeg1 = tmp_path / "mpeg1.mp3"  # 44.1 kHz: decoded on its own, not in the 24 kHz stream
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "sine=duration=0.5", "-ar", "44100",
         "-c:a", "libmp3lame", str(mpeg1)],
        check=True,
    )  # fmt: skip
    assert mp3_frames(mpeg1.read_bytes()) is None


async def test_streaming_track_matches_the_in_memory_merge(tmp_path) -> None:
    texts = ["Selamat pagi, Indonesia.", "Harga beras naik lagi di pasar.", "Sekian berita."]
    segments = [Segment(i, _gtts_mp3(t), "mp3", "gtts", 250 * (i + 1)) for i, t in enumerate(texts)]
    espeak = await _segments(["Suara cadangan membaca sisanya."], pause_ms=600)
    segments.append(replace(espeak[0], chunk_index=3))  # a reading that fell back part-way
    expected = merge_segments(segments)

    audio = merge_to_file(segments, tmp_path / "track.ogg", "ogg", 32)

    info = probe(audio.path)
    assert info["codec"] == "opus" and info["channels"] == 1 and "ogg" in info["format"]
    assert abs(audio.duration_s - len(expected) / 1000) < 0.01
    assert abs(info["duration"] - audio.duration_s) < 0.03
    # Same sound in the same places: the loudness envelopes (100 ms windows) agree.
    decoded = _decode_pcm(audio.path)
    assert _correlation(_envelope(decoded), _envelope(expected.raw_data)) > 0.95
    assert [p.name for p in tmp_path.iterdir()] == ["track.ogg"]  # no temporary file left


def test_streaming_track_keeps_pauses_where_they_belong(tmp_path) -> None:
    first, second = _gtts_mp3("Kalimat pertama."), _gtts_mp3("Kalimat kedua.")
    track = AudioTrack(tmp_path, "mp3", 32)
    track.add(Segment(0, first, "mp3", "gtts", 1000))
    track.add(Segment(1, second, "mp3", "gtts", 0))
    audio = track.finish(tmp_path / "out.mp3")
    assert probe(audio.path)["codec"] == "mp3"
    pcm = _decode_pcm(audio.path)
    boundary = len(_decode_pcm(first, "mp3"))  # in bytes: the pause starts here
    second_s = len(_decode_pcm(second, "mp3")) / 48_000
    assert abs(audio.duration_s - (boundary / 48_000 + 1.0 + second_s)) < 0.01
    envelope = _envelope(pcm)
    pause = envelope[boundary // 4800 + 2 : boundary // 4800 + 8]  # well inside the second
    speech = envelope[: boundary // 4800]
    assert max(pause) < 50 < max(speech)


def test_a_broken_segment_fails_the_track_and_leaves_no_file(tmp_path) -> None:
    track = AudioTrack(tmp_path, "ogg", 32)
    track.add(Segment(0, _gtts_mp3("Halo."), "mp3", "gtts", 0))
    track.add(Segment(1, b"not audio at all", "mp3", "gtts", 0))
    with pytest.raises(AudioError):
        track.finish(tmp_path / "out.ogg")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(AudioError):
        merge_to_file([], tmp_path / "empty.ogg", "ogg")


def test_an_aborted_track_stops_its_encoder_and_cleans_up(tmp_path) -> None:
    track = AudioTrack(tmp_path, "ogg", 32)
    track.add(Segment(0, _gtts_mp3("Halo."), "mp3", "gtts", 0))
    track.abort()
    track.abort()  # twice is harmless
    with pytest.raises(AudioError):
        track.add(Segment(1, _gtts_mp3("Lagi."), "mp3", "gtts", 0))
    track._encoder.wait(timeout=10)
    assert track._encoder.returncode != 0
    assert not any(p.name.startswith(".track-") for p in tmp_path.iterdir())


async def test_waiting_for_room_never_deadlocks_on_mixed_voices(tmp_path) -> None:
    import threading

    [wav] = await _segments(["Suara cadangan membaca bagian ini."], pause_ms=100)
    mp3 = [Segment(n, _gtts_mp3(t), "mp3", "gtts", 100) for n, t in enumerate(["Satu.", "Dua."])]
    segments = [mp3[0], wav, wav, wav, mp3[1], mp3[0], wav]
    track = AudioTrack(tmp_path, "ogg", 32)

    def feed_and_wait() -> None:
        for segment in segments:
            track.add(segment)
            # Less than what is queued: the pump must get past the MP3 run to make room.
            track.wait_for_room(len(wav.audio))

    feeder = threading.Thread(target=feed_and_wait, daemon=True)
    feeder.start()
    feeder.join(timeout=30)
    if feeder.is_alive():
        track.abort()
        pytest.fail("wait_for_room() never returned")
    audio = track.finish(tmp_path / "mixed.ogg")
    assert abs(audio.duration_s - len(merge_segments(segments)) / 1000) < 0.01


@pytest.mark.parametrize("opusenc_installed", [True, False])
def test_voice_notes_are_opus_with_or_without_opusenc(tmp_path, monkeypatch, opusenc_installed):
    import bot.audio.merge as merge

    if not opusenc_installed:  # ffmpeg's encoder is the fallback
        monkeypatch.setattr(merge.shutil, "which", lambda name: None)
    command = merge.encoder_command("ogg", 32, str(tmp_path / "x.ogg"))
    assert (command[0] == "opusenc") is opusenc_installed
    track = AudioTrack(tmp_path, "ogg", 32)
    track.add(Segment(0, _gtts_mp3("Kalimat pertama."), "mp3", "gtts", 500))
    audio = track.finish(tmp_path / "out.ogg")
    info = probe(audio.path)
    assert info["codec"] == "opus" and info["channels"] == 1
    assert abs(info["duration"] - audio.duration_s) < 0.1
