"""The gTTS adapter running gTTS's own request code against the loopback fake endpoint."""

import io
from dataclasses import replace

import pytest
from pydub import AudioSegment

from bot.errors import RateLimited, SpeechUnavailable
from bot.models import Chunk
from bot.pipeline import make_engine
from bot.speech.engine import RetryingEngine
from bot.speech.gtts_engine import GttsEngine, use_endpoint
from bot.speech.synthesize import synthesize_chunks


@pytest.fixture(autouse=True)
def _restore_endpoint():
    yield
    use_endpoint("")


async def test_gtts_speaks_indonesian_mp3_through_the_fake(fake_gtts) -> None:
    engine = GttsEngine(endpoint=fake_gtts.url, timeout_s=3)
    speech = await engine.synthesize("Selamat pagi, Indonesia.", "id")
    sound = AudioSegment.from_file(io.BytesIO(speech.audio), format="mp3")
    assert speech.format == "mp3" and sound.channels == 1 and len(sound) > 500
    assert fake_gtts.requests[-1].text == "Selamat pagi, Indonesia."
    assert fake_gtts.requests[-1].lang == "id"


async def test_429_maps_to_rate_limited_and_is_retried(fake_gtts) -> None:
    engine = GttsEngine(endpoint=fake_gtts.url, timeout_s=3)
    fake_gtts.fail_next(1, 429)
    with pytest.raises(RateLimited):
        await engine.synthesize("Halo", "id")
    fake_gtts.fail_next(2, 503)
    speech = await RetryingEngine(engine, retries=3, base_delay_s=0.01).synthesize("Halo", "id")
    assert speech.audio
    assert len(fake_gtts.requests) == 4


async def test_garbage_answer_is_a_passing_failure(fake_gtts) -> None:
    engine = GttsEngine(endpoint=fake_gtts.url, timeout_s=3)
    fake_gtts.garbage_next(1)
    with pytest.raises(SpeechUnavailable):
        await engine.synthesize("Halo", "id")


async def test_unreachable_endpoint_is_a_passing_failure() -> None:
    engine = GttsEngine(endpoint="http://127.0.0.1:9/_/x", timeout_s=1)
    with pytest.raises(SpeechUnavailable):
        await engine.synthesize("Halo", "id")


async def test_auto_engine_falls_back_to_espeak_and_says_so(fake_gtts, settings) -> None:
    fake_gtts.fail_always(503)
    settings = replace(settings, gtts_endpoint=fake_gtts.url, gtts_retries=1)
    engine = make_engine("auto", settings)
    chunks = [Chunk(i, f"Kalimat nomor {i}.", 250) for i in range(6)]
    segments = await synthesize_chunks(chunks, engine, "id", concurrency=2)
    assert {s.engine for s in segments} == {"espeak"}
    assert engine.primary_failed
    # Once gTTS failed, the remaining chunks did not each retry it.
    assert len(fake_gtts.requests) <= 2 * (1 + 1)


async def test_concurrency_is_bounded_against_the_real_client(fake_gtts, settings) -> None:
    fake_gtts.latency_s = 0.1
    engine = make_engine("gtts", replace(settings, gtts_endpoint=fake_gtts.url))
    chunks = [Chunk(i, f"Bagian {i}.", 0) for i in range(10)]
    segments = await synthesize_chunks(chunks, engine, "id", concurrency=4)
    assert len(segments) == 10
    assert 2 <= fake_gtts.max_in_flight <= 4
