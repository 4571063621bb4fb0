"""The gTTS adapter running gTTS's own request code against the loopback fake endpoint."""

from __future__ import annotations

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


# Kept-alive connections, per-client endpoints, the shared limit --------------------------------


class KeepAliveEndpoint:
    """A batchexecute endpoint that keeps connections open (as Google does) and counts them."""

    def __init__(self, status: int = 200, headers: dict[str, str] | None = None) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from tests.helpers.fake_gtts import batchexecute_body, synthesize_mp3

        endpoint = self
        self.connections: set[tuple[str, int]] = set()
        self.requests = 0
        body = batchexecute_body(synthesize_mp3("Halo.", "id")) if status == 200 else b"busy"

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                endpoint.connections.add(self.client_address)
                endpoint.requests += 1
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/_/batchexecute"

    def __enter__(self) -> KeepAliveEndpoint:
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()


async def test_requests_reuse_their_connection(monkeypatch) -> None:
    monkeypatch.setenv("NO_PROXY", "*")
    with KeepAliveEndpoint() as endpoint:
        engine = GttsEngine(endpoint=endpoint.url, timeout_s=3)
        for text in ("Satu.", "Dua.", "Tiga.", "Empat.", "Lima.", "Enam."):
            speech = await engine.synthesize(text, "id")
            assert speech.audio
        chunks = [Chunk(i, f"Bagian {i}.", 0) for i in range(12)]
        await synthesize_chunks(chunks, engine, "id", concurrency=4)
    assert endpoint.requests == 18
    # One connection per worker thread at most, not one per request.
    assert len(endpoint.connections) <= engine.client.limit.ceiling


async def test_each_client_speaks_to_its_own_endpoint(fake_gtts) -> None:
    from tests.helpers.fake_gtts import FakeGtts

    with FakeGtts() as other:
        first = GttsEngine(endpoint=fake_gtts.url, timeout_s=3)
        second = GttsEngine(endpoint=other.url, timeout_s=3)
        await first.synthesize("Untuk yang pertama.", "id")
        await second.synthesize("Untuk yang kedua.", "id")
        assert fake_gtts.texts == ["Untuk yang pertama."]
        assert other.texts == ["Untuk yang kedua."]


def test_plain_gtts_outside_our_threads_is_left_alone(fake_gtts) -> None:
    import gtts.tts
    from gtts import gTTS

    GttsEngine(endpoint=fake_gtts.url)  # installs the session hook
    assert gtts.tts.requests.Session() is not gtts.tts.requests.Session()  # fresh, as gTTS does
    with fake_gtts.patched():
        buffer = io.BytesIO()
        gTTS("Halo dari gTTS biasa.", lang="id").write_to_fp(buffer)
    assert buffer.getvalue() and fake_gtts.texts == ["Halo dari gTTS biasa."]


async def test_throttling_halves_the_shared_limit_and_reads_retry_after(monkeypatch) -> None:
    monkeypatch.setenv("NO_PROXY", "*")
    with KeepAliveEndpoint(status=429, headers={"Retry-After": "7"}) as endpoint:
        engine = GttsEngine(endpoint=endpoint.url, timeout_s=3)
        before = engine.client.limit.limit
        with pytest.raises(RateLimited) as caught:
            await engine.synthesize("Halo", "id")
    assert caught.value.retry_after_s == 7.0
    assert engine.client.limit.limit == max(1, before // 2)
    # Every engine for this endpoint shares the client, so all readings slow down together.
    assert GttsEngine(endpoint=endpoint.url).client is engine.client
