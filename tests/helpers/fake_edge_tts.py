"""A loopback fake of Microsoft Edge's read-aloud WebSocket service, as edge-tts 7.x speaks to it.

The client (edge_tts/communicate.py) opens a WebSocket, sends a `Path:speech.config` text message
(JSON with the output format) and a `Path:ssml` text message (headers, a blank line, then SSML with
the voice and the escaped text). The service answers `Path:turn.start`, then binary frames (two
bytes of header length, the headers with `Path:audio` and `Content-Type:audio/mpeg`, then MP3
bytes), `Path:audio.metadata` with a sentence boundary, an empty binary frame without a
Content-Type, and finally `Path:turn.end`. The MP3 is real speech: espeak-ng and ffmpeg, as in the
fake gTTS. The server is aiohttp on its own event loop in a daemon thread, so it serves in-process
async code, threads and subprocesses alike.

    with FakeEdgeTts() as fake:
        engine = EdgeEngine("gadis", endpoint=fake.url)
        ...
        assert fake.requests == [("Halo dunia.", "id-ID-GadisNeural")]

Failures to inject: `refuse_next(n, status)` and `refuse_always(status)` (the handshake answers
an HTTP status), and
`garbage_next(n, kind)`: "close" (closes without audio), "truncate" (half the audio, then closes
without turn.end), "text" (an unknown Path), "binary" (a binary frame whose path is not audio).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import uuid
from typing import NamedTuple, Self
from xml.sax.saxutils import unescape

from aiohttp import WSMsgType, web

from tests.helpers.fake_gtts import synthesize_mp3

logger = logging.getLogger(__name__)

PATH = "/consumer/speech/synthesize/readaloud/edge/v1"
FRAME_BYTES = 4096
"""Audio bytes per binary frame (the service streams small frames too)."""
GARBAGE_KINDS = ("close", "truncate", "text", "binary")
_VOICE = re.compile(
    r"<voice name='Microsoft Server Speech Text to Speech Voice \(([^,]+), ([^)]+)\)'>"
)
_TEXT = re.compile(r"<prosody [^>]*>(.*)</prosody>", re.DOTALL)


class EdgeRequest(NamedTuple):
    """One decoded SSML request; compares equal to a plain `(text, voice)` tuple."""

    text: str
    voice: str
    """Short name, e.g. "id-ID-GadisNeural"."""


def parse_message(message: str) -> tuple[dict[str, str], str]:
    """Split a text message into its headers and body (blank line between)."""
    head, _, body = message.partition("\r\n\r\n")
    headers = dict(line.split(":", 1) for line in head.split("\r\n") if ":" in line)
    return headers, body


def parse_ssml(ssml: str) -> EdgeRequest:
    """The voice and the plain text of the SSML edge-tts sends."""
    voice, text = _VOICE.search(ssml), _TEXT.search(ssml)
    if voice is None or text is None:
        raise ValueError("not the SSML edge-tts sends")
    locale, name = voice.groups()
    return EdgeRequest(unescape(text.group(1)), f"{locale}-{name}")


def text_message(request_id: str, path: str, body: str) -> str:
    return (
        f"X-RequestId:{request_id}\r\nContent-Type:application/json; charset=utf-8\r\n"
        f"Path:{path}\r\n\r\n{body}"
    )


def audio_frame(request_id: str, audio: bytes, content_type: bool = True) -> bytes:
    """Two bytes of header length, the headers (ending with CRLF), then the audio."""
    kind = "Content-Type:audio/mpeg\r\n" if content_type else ""
    head = f"X-RequestId:{request_id}\r\n{kind}X-StreamId:{uuid.uuid4().hex}\r\nPath:audio\r\n"
    encoded = head.encode()
    return len(encoded).to_bytes(2, "big") + encoded + audio


class FakeEdgeTts:
    """The fake service on 127.0.0.1 with failure injection and a request log."""

    def __init__(self, latency_s: float = 0.0) -> None:
        self.latency_s = latency_s
        self._lock = threading.Lock()
        self._requests: list[EdgeRequest] = []
        self._handshakes = 0
        self._in_flight = 0
        self._max_in_flight = 0
        self._refuse_next: list[int] = []
        self._refuse_always: int | None = None
        self._garbage_next: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    # lifecycle

    def start(self) -> Self:
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(ready,), daemon=True, name="fake-edge-tts"
        )
        self._thread.start()
        if not ready.wait(10) or not self._port:
            raise RuntimeError("fake edge-tts did not start")
        return self

    def stop(self) -> None:
        if self._loop is None or self._runner is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
        future.result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._loop = self._runner = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The WebSocket URL, the value for SUARA_EDGE_ENDPOINT."""
        return f"ws://127.0.0.1:{self._port}{PATH}"

    # failure injection and observations

    def refuse_next(self, n: int = 1, status: int = 429) -> None:
        """The next `n` handshakes answer HTTP `status` instead of upgrading."""
        with self._lock:
            self._refuse_next.extend([status] * n)

    def refuse_always(self, status: int | None = 503) -> None:
        """Refuse every handshake with `status` until called with None."""
        with self._lock:
            self._refuse_always = status

    def garbage_next(self, n: int = 1, kind: str = "close") -> None:
        """The next `n` requests misbehave as `kind` (see the module docstring)."""
        if kind not in GARBAGE_KINDS:
            raise ValueError(f"unknown garbage kind {kind!r}")
        with self._lock:
            self._garbage_next.extend([kind] * n)

    @property
    def requests(self) -> list[EdgeRequest]:
        """Every decoded SSML request, in arrival order (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def max_in_flight(self) -> int:
        """The most requests answered at the same time."""
        with self._lock:
            return self._max_in_flight

    @property
    def handshakes(self) -> int:
        """WebSocket connections asked for, refused ones included."""
        with self._lock:
            return self._handshakes

    # serving (the server's own thread and loop)

    def _serve(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = web.Application()
        app.router.add_get(PATH, self._handle)
        runner = web.AppRunner(app, handle_signals=False)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        server = site._server
        assert server is not None
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._loop, self._runner = loop, runner
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            self._handshakes += 1
            refuse = self._refuse_next.pop(0) if self._refuse_next else self._refuse_always
        if refuse is not None:
            return web.Response(status=refuse, text="refused")
        if "TrustedClientToken" not in request.query or "Sec-MS-GEC" not in request.query:
            return web.Response(status=403, text="no token")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        config = False
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            headers, body = parse_message(message.data)
            if headers.get("Path") == "speech.config":
                output = json.loads(body)["context"]["synthesis"]["audio"]["outputFormat"]
                config = output == "audio-24khz-48kbitrate-mono-mp3"
            elif headers.get("Path") == "ssml" and config:
                await self._answer(ws, headers.get("X-RequestId", ""), body)
                break
            else:
                await ws.close(code=1002, message=b"unexpected message")
                break
        await ws.close()
        return ws

    async def _answer(self, ws: web.WebSocketResponse, request_id: str, ssml: str) -> None:
        try:
            request = parse_ssml(ssml)
        except ValueError:
            await ws.close(code=1007, message=b"bad ssml")
            return
        with self._lock:
            self._requests.append(request)
            garbage = self._garbage_next.pop(0) if self._garbage_next else None
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
        try:
            await self._speak(ws, request_id, request, garbage)
        finally:
            with self._lock:
                self._in_flight -= 1

    async def _speak(
        self, ws: web.WebSocketResponse, request_id: str, request: EdgeRequest, garbage: str | None
    ) -> None:
        if self.latency_s > 0:
            await asyncio.sleep(self.latency_s)
        if garbage == "close":
            return
        if garbage == "text":
            await ws.send_str(text_message(request_id, "nonsense", "{}"))
            return
        if garbage == "binary":
            await ws.send_bytes(b"\x00\x10Path:video\r\n\r\nxxxxxxxx")
            return
        language = request.voice.split("-")[0]
        mp3 = await asyncio.get_running_loop().run_in_executor(
            None, synthesize_mp3, request.text, language
        )
        await ws.send_str(text_message(request_id, "turn.start", '{"context":{}}'))
        frames = [mp3[i : i + FRAME_BYTES] for i in range(0, len(mp3), FRAME_BYTES)]
        if garbage == "truncate":
            frames = frames[: max(1, len(frames) // 2)]
        for frame in frames:
            await ws.send_bytes(audio_frame(request_id, frame))
        if garbage == "truncate":
            return
        boundary = {
            "Metadata": [
                {
                    "Type": "SentenceBoundary",
                    "Data": {
                        "Offset": 1_000_000,
                        "Duration": 10_000_000,
                        "text": {"Text": request.text, "Length": len(request.text)},
                    },
                }
            ]
        }
        await ws.send_str(text_message(request_id, "audio.metadata", json.dumps(boundary)))
        await ws.send_bytes(audio_frame(request_id, b"", content_type=False))
        await ws.send_str(text_message(request_id, "turn.end", "{}"))
