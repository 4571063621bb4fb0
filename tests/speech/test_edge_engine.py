"""The edge-tts adapter running edge-tts's own WebSocket client against a loopback fake service."""

from __future__ import annotations

import io
from dataclasses import replace

import edge_tts.communicate
import pytest
from pydub import AudioSegment

from bot import pipeline
from bot.config import EDGE_VOICES, Settings
from bot.errors import RateLimited, SpeechError, SpeechUnavailable
from bot.models import Article
from bot.speech.edge_engine import VOICES, EdgeEngine, endpoint_url, use_endpoint, voice_name
from bot.speech.engine import RetryingEngine
from tests.helpers.fake_edge_tts import FakeEdgeTts

BODY = (
    "Pemerintah kota membuka taman baca baru di pusat kota pada Senin pagi.",
    "Taman itu buka setiap hari dan bisa dipakai oleh warga dari segala usia tanpa biaya.",
)


@pytest.fixture
def fake_edge():
    with FakeEdgeTts() as server:
        yield server


@pytest.fixture(autouse=True)
def _restore_endpoint():
    yield
    use_endpoint("")


def _article() -> Article:
    return Article(url="", title="Taman Baca Baru", paragraphs=BODY, language="id")


async def test_gadis_speaks_indonesian_mp3_through_the_fake(fake_edge) -> None:
    engine = EdgeEngine("gadis", endpoint=fake_edge.url, timeout_s=5)
    speech = await engine.synthesize("Selamat pagi, Indonesia & dunia.", "id")
    sound = AudioSegment.from_file(io.BytesIO(speech.audio), format="mp3")
    assert speech.format == "mp3" and speech.engine == "edge-gadis"
    assert sound.channels == 1 and len(sound) > 800
    # edge-tts escapes the text into SSML; the fake unescapes it: what was asked is what is heard.
    assert fake_edge.requests == [("Selamat pagi, Indonesia & dunia.", "id-ID-GadisNeural")]


async def test_each_voice_and_language_asks_for_its_own_service_voice(fake_edge) -> None:
    await EdgeEngine("ardi", endpoint=fake_edge.url, timeout_s=5).synthesize("Halo semua.", "id")
    await EdgeEngine("ardi", endpoint=fake_edge.url, timeout_s=5).synthesize("Hello all.", "en")
    voices = [r.voice for r in fake_edge.requests]
    assert voices == ["id-ID-ArdiNeural", "en-US-GuyNeural"]
    assert set(VOICES) == set(EDGE_VOICES)
    assert voice_name("gadis", "id-ID") == "id-ID-GadisNeural"
    assert voice_name("gadis", "ms") == "id-ID-GadisNeural"  # unknown language: Indonesian
    with pytest.raises(ValueError):
        EdgeEngine("siti")


def test_endpoint_hook_is_process_wide_and_restorable() -> None:
    original = edge_tts.communicate.WSS_URL
    use_endpoint("ws://127.0.0.1:9/x")
    assert edge_tts.communicate.WSS_URL.startswith("ws://127.0.0.1:9/x?TrustedClientToken=")
    use_endpoint("")
    assert edge_tts.communicate.WSS_URL == original == endpoint_url("")


@pytest.mark.parametrize(
    ("status", "error"),
    [(429, RateLimited), (503, SpeechUnavailable), (400, SpeechError), (403, SpeechError)],
)
async def test_refused_handshake_maps_to_our_errors(fake_edge, status, error) -> None:
    fake_edge.refuse_always(status)
    engine = EdgeEngine("gadis", endpoint=fake_edge.url, timeout_s=5)
    with pytest.raises(error) as raised:
        await engine.synthesize("Halo.", "id")
    if error is SpeechError:  # not retried: a refusal that is not about load
        assert not isinstance(raised.value, RateLimited | SpeechUnavailable)


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("close", SpeechUnavailable),
        ("truncate", SpeechUnavailable),
        ("text", SpeechError),
        ("binary", SpeechError),
    ],
)
async def test_garbage_and_cut_streams_never_pass_as_audio(fake_edge, kind, error) -> None:
    fake_edge.garbage_next(1, kind)
    engine = EdgeEngine("gadis", endpoint=fake_edge.url, timeout_s=5)
    with pytest.raises(error):
        await engine.synthesize("Halo, apa kabar hari ini?", "id")
    speech = await engine.synthesize("Halo, apa kabar hari ini?", "id")  # the next one works
    assert len(speech.audio) > 1000


async def test_a_passing_failure_is_retried(fake_edge) -> None:
    fake_edge.refuse_next(1, 503)
    engine = RetryingEngine(EdgeEngine("gadis", endpoint=fake_edge.url, timeout_s=5), retries=1,
                            base_delay_s=0.01)  # fmt: skip
    assert (await engine.synthesize("Halo.", "id")).audio
    assert fake_edge.handshakes == 2


def _edge_settings(settings: Settings, fake_edge, fake_gtts) -> Settings:
    return replace(
        settings,
        tts_engine="edge",
        edge_endpoint=fake_edge.url,
        edge_timeout_s=5.0,
        gtts_endpoint=fake_gtts.url,
        gtts_retries=0,
    )


async def test_edge_reading_uses_the_chunk_cache_per_voice(settings, fake_edge, fake_gtts) -> None:
    settings = _edge_settings(settings, fake_edge, fake_gtts)
    first = await pipeline.narrate(_article(), settings, fmt="mp3")
    asked = len(fake_edge.requests)
    assert first.engine == "edge-gadis" and not first.fell_back and asked == len(first.plan.chunks)
    assert all(len(r.text) <= 100 for r in fake_edge.requests) and not fake_gtts.requests
    again = await pipeline.narrate(_article(), settings, fmt="mp3")
    assert again.from_cache and len(fake_edge.requests) == asked
    assert again.engine == "edge-gadis"  # the voice stored with it, so file_ids stay per voice
    # Another voice is another cache entry: every chunk is asked for again, in Ardi's voice.
    ardi = await pipeline.narrate(_article(), settings, fmt="mp3", voice="ardi")
    assert ardi.engine == "edge-ardi" and ardi.audio_key != first.audio_key
    assert [r.voice for r in fake_edge.requests[asked:]] == ["id-ID-ArdiNeural"] * asked


async def test_refusing_service_falls_back_to_gtts_then_espeak(
    settings, fake_edge, fake_gtts
) -> None:
    settings = _edge_settings(settings, fake_edge, fake_gtts)
    fake_edge.refuse_always(503)
    narration = await pipeline.narrate(_article(), settings, fmt="mp3")
    assert narration.fell_back and narration.engine == "gtts"
    assert fake_gtts.requests and narration.audio.duration_s > 2
    # Chunks start at once, so each may try edge (one retry); none tries after the switch.
    chunks = len(narration.plan.chunks)
    assert chunks > 1 and fake_edge.handshakes <= chunks * (1 + pipeline.EDGE_RETRIES)
    assert len(fake_gtts.requests) == chunks
    fake_gtts.fail_always(503)
    both_down = await pipeline.narrate(_article(), settings, fmt="mp3", voice="ardi")
    assert both_down.fell_back and both_down.engine == "espeak"


async def test_garbage_mid_reading_hands_the_rest_to_gtts(settings, fake_edge, fake_gtts) -> None:
    settings = _edge_settings(settings, fake_edge, fake_gtts)
    fake_edge.garbage_next(1, "text")
    narration = await pipeline.narrate(_article(), settings, fmt="mp3")
    assert narration.fell_back and "gtts" in narration.engine
    assert narration.audio.duration_s > 2


def test_settings_accept_the_edge_engine_and_check_the_voice() -> None:
    env = {"SUARA_TTS_ENGINE": "edge", "SUARA_EDGE_VOICE": "ardi", "SUARA_EDGE_ENDPOINT": "ws://x"}
    settings = Settings.from_env(env)
    assert (settings.tts_engine, settings.edge_voice, settings.edge_endpoint) == (
        "edge",
        "ardi",
        "ws://x",
    )
    with pytest.raises(ValueError, match="SUARA_EDGE_VOICE"):
        Settings.from_env({"SUARA_EDGE_VOICE": "siti"})
