"""The fast narration path stays correct: streaming track, shared gTTS client, fallback, cancel."""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace
from pathlib import Path

import pytest
from pydub import AudioSegment

from bot import pipeline
from bot.audio.decode import mp3_frames
from tests.helpers.audio import probe

SEED_PAGE = Path(__file__).parents[1] / "extract" / "fixtures" / "koran_jakarta_seed.html"


@pytest.fixture
def seed_article():
    return pipeline.article_from_html(SEED_PAGE.read_text("utf-8"), "https://koran-jakarta.com/x")


@pytest.fixture
def gtts_settings(settings, fake_gtts):
    return replace(settings, gtts_endpoint=fake_gtts.url, tts_engine="gtts", gtts_retries=0)


def leftovers(settings) -> list[str]:
    return [p.name for p in Path(settings.cache_dir).rglob(".track-*")]


def ffmpeg_children() -> list[int]:
    """ffmpeg processes started by this process and still alive (zombies included)."""
    import os

    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                if Path(f"/proc/{pid}/comm").read_text().strip() == "ffmpeg":
                    found.append(int(pid))
            except OSError:
                continue
    return found


async def test_the_voice_note_holds_every_chunk_and_every_pause(
    seed_article, gtts_settings, fake_gtts
) -> None:
    fake_gtts.latency_s = 0.02
    narration = await pipeline.narrate(seed_article, gtts_settings)
    plan = narration.plan
    assert narration.engine == "gtts" and not narration.fell_back
    assert sorted(fake_gtts.texts) == sorted(c.text for c in plan.chunks)
    assert fake_gtts.max_in_flight <= pipeline.gtts_ceiling(gtts_settings)
    # Each chunk's own audio plus its pause, exactly: nothing dropped, doubled or cut.
    from tests.helpers.fake_gtts import synthesize_mp3

    expected_s = sum(
        mp3_frames(synthesize_mp3(c.text, "id")).samples / 24_000 + c.pause_after_ms / 1000
        for c in plan.chunks
    )
    assert abs(narration.audio.duration_s - expected_s) < 0.01
    info = probe(narration.audio.path)
    assert info["codec_name"] == "opus" and info["channels"] == 1
    assert abs(info["duration_s"] - expected_s) < 0.1
    assert leftovers(gtts_settings) == []
    assert {"plan_s", "synthesis_s", "merge_s", "total_s"} <= set(narration.timings_s)


async def test_mp3_output_to_a_chosen_path(seed_article, gtts_settings, tmp_path) -> None:
    out = tmp_path / "out" / "berita.mp3"
    narration = await pipeline.narrate(seed_article, gtts_settings, fmt="mp3", mode="summary",
                                       output=out)  # fmt: skip
    assert narration.audio.path == str(out)
    sound = AudioSegment.from_file(io.BytesIO(out.read_bytes()), format="mp3")
    assert abs(len(sound) / 1000 - narration.audio.duration_s) < 0.2
    assert [p.name for p in out.parent.iterdir()] == ["berita.mp3"]


async def test_a_reading_that_falls_back_mid_way_mixes_both_voices(
    seed_article, settings, fake_gtts
) -> None:
    settings = replace(settings, gtts_endpoint=fake_gtts.url, tts_engine="auto", gtts_retries=0)
    fake_gtts.latency_s = 0.05

    def on_progress(done: int, total: int) -> None:
        if done == 3:
            fake_gtts.fail_always(503)  # gTTS goes down part-way through the reading

    narration = await pipeline.narrate(seed_article, settings, on_progress=on_progress)
    assert narration.fell_back and narration.engine == "gtts+espeak"
    assert narration.audio.path.endswith("-fallback.ogg")
    assert probe(narration.audio.path)["duration_s"] > 60
    assert leftovers(settings) == []


async def test_a_cancelled_reading_leaves_no_partial_file(seed_article, gtts_settings, fake_gtts):
    fake_gtts.latency_s = 0.3
    reading = asyncio.create_task(pipeline.narrate(seed_article, gtts_settings))
    while len(fake_gtts.requests) < 2:
        await asyncio.sleep(0.01)
    reading.cancel()
    with pytest.raises(asyncio.CancelledError):
        await reading
    await asyncio.sleep(0.5)  # the track's threads finish cleaning up
    assert leftovers(gtts_settings) == []
    assert ffmpeg_children() == []
    assert not list(Path(gtts_settings.cache_dir, "audio").glob("*.ogg"))


async def test_a_failed_reading_leaves_no_partial_file(seed_article, gtts_settings, fake_gtts):
    from bot.errors import SpeechError

    fake_gtts.fail_always(503)
    with pytest.raises(SpeechError):
        await pipeline.narrate(seed_article, gtts_settings)
    await asyncio.sleep(0.5)
    assert leftovers(gtts_settings) == []
    assert ffmpeg_children() == []
