"""A loopback fake of Google Translate's batchexecute TTS endpoint, as gTTS 2.5.4 speaks to it.

The fake answers in the exact envelope gTTS parses (gTTS's `tts.py`: a `)]}'` guard line, then
`wrb.fr` rows whose payload is the base64 MP3) with real MP3 bytes: espeak-ng speaks the requested
text and ffmpeg encodes it to 24 kHz mono MP3, so durations fit the text. It runs a
`ThreadingHTTPServer` in a background thread, so it serves in-process async code (gTTS runs in
worker threads), plain threads and subprocesses alike.

    with FakeGtts() as fake:
        gtts.tts._translate_url = lambda tld="com", path="": fake.url
        gtts.gTTS("Halo dunia", lang="id").save("halo.mp3")
        assert fake.requests == [("Halo dunia", "id", False)]
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import IO, NamedTuple

from tests.helpers.threaded import LoopbackServer, ThreadedServer

logger = logging.getLogger(__name__)

ENDPOINT_PATH = "/_/TranslateWebserverUi/data/batchexecute"
SAMPLE_RATE_HZ = 24_000
TONE_SECONDS_PER_CHAR = 0.06
"""Fallback tone length: about 16 characters per second, close to espeak-ng's Indonesian rate."""
DISK_CACHE_DIR = Path(tempfile.gettempdir()) / "suara-fake-gtts"
CACHE_VERSION = 1
"""Bump when the audio recipe changes, so old cached MP3s are not reused."""
SLOW_SPEED_WPM = 110
NORMAL_SPEED_WPM = 165

# One MPEG-2 Layer III frame: 24 kHz, 32 kbps, mono, no CRC; 96 bytes, 576 samples (24 ms).
# Zeroed side information decodes as silence; used only when ffmpeg is missing.
_SILENT_FRAME = b"\xff\xf3\x44\xc4" + b"\x00" * 92
_SILENT_FRAME_S = 576 / SAMPLE_RATE_HZ


class GttsRequest(NamedTuple):
    """One decoded request; compares equal to a plain `(text, lang, slow)` tuple."""

    text: str
    lang: str
    slow: bool


def batchexecute_body(mp3: bytes) -> bytes:
    """Wrap MP3 bytes in the batchexecute envelope gTTS 2.5.4 parses (compact JSON required)."""
    inner = json.dumps([base64.b64encode(mp3).decode("ascii")])
    row = json.dumps(
        [["wrb.fr", "jQ1olc", inner, None, None, None, "generic"]], separators=(",", ":")
    )
    return f")]}}'\n\n{len(row)}\n{row}\n".encode()


def broken_body() -> bytes:
    """A 200 body whose jQ1olc line carries no audio: gTTS raises gTTSError("200 (OK) ...")."""
    row = json.dumps(
        [["wrb.fr", "jQ1olc", None, None, None, None, "generic"]], separators=(",", ":")
    )
    return f")]}}'\n\n{len(row)}\n{row}\n".encode()


def empty_body() -> bytes:
    """A 200 envelope with no jQ1olc line at all: gTTS silently yields zero audio bytes."""
    row = json.dumps([["di", 42], ["af.httprm", 41, "-1", 7]], separators=(",", ":"))
    return f")]}}'\n\n{len(row)}\n{row}\n".encode()


def decode_request(body: bytes) -> GttsRequest:
    """Decode a gTTS POST body (`f.req=<quoted JSON>&`) into text, language and slowness."""
    form = urllib.parse.parse_qs(body.decode("utf-8"))
    rpc = json.loads(form["f.req"][0])
    text, lang, speed, _ = json.loads(rpc[0][0][1])
    return GttsRequest(text=text, lang=lang, slow=speed is True)


# -- audio ------------------------------------------------------------------------------------

_audio_cache: dict[GttsRequest, bytes] = {}
_audio_cache_lock = threading.Lock()
_espeak_voices: set[str] | None = None


def _known_espeak_voices() -> set[str]:
    """Language codes espeak-ng can speak (read once)."""
    global _espeak_voices
    if _espeak_voices is None:
        voices: set[str] = set()
        if shutil.which("espeak-ng"):
            out = subprocess.run(
                ["espeak-ng", "--voices"], capture_output=True, text=True, check=False, timeout=10
            ).stdout
            for line in out.splitlines()[1:]:
                parts = line.split()
                if len(parts) >= 2:
                    voices.add(parts[1].lower())
        _espeak_voices = voices
    return _espeak_voices


def _espeak_voice(lang: str) -> str:
    lang = lang.lower()
    voices = _known_espeak_voices()
    if lang in voices:
        return lang
    base = lang.split("-")[0]
    # espeak-ng resolves a bare language ("en") to its default variant by itself.
    return base if any(v == base or v.startswith(base + "-") for v in voices) else "id"


_FFMPEG_MP3 = [
    "-ac", "1", "-ar", str(SAMPLE_RATE_HZ), "-c:a", "libmp3lame", "-b:a", "32k",
    "-map_metadata", "-1", "-id3v2_version", "0", "-write_id3v1", "0", "-write_xing", "0",
    "-f", "mp3", "pipe:1",
]  # fmt: skip
"""ffmpeg output options: 24 kHz mono 32 kbps MP3 without ID3/Xing headers (Google sends bare
frames, so the parts gTTS concatenates stay one clean stream)."""


def _ffmpeg(input_options: list[str]) -> list[str]:
    return ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", *input_options,
            *_FFMPEG_MP3]  # fmt: skip


def _speak_mp3(text: str, lang: str, slow: bool) -> bytes:
    """espeak-ng piped straight into ffmpeg, both running at once."""
    speed = SLOW_SPEED_WPM if slow else NORMAL_SPEED_WPM
    espeak = subprocess.Popen(  # text on stdin: a text like "-5 derajat" is not an option
        ["espeak-ng", "-v", _espeak_voice(lang), "-s", str(speed), "--stdin", "--stdout"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert espeak.stdin is not None and espeak.stdout is not None
    ffmpeg = subprocess.Popen(
        _ffmpeg(["-f", "wav", "-i", "pipe:0"]), stdin=espeak.stdout, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    espeak.stdout.close()  # ffmpeg holds it now

    def feed(stdin: IO[bytes] = espeak.stdin) -> None:
        with contextlib.suppress(BrokenPipeError), stdin:
            stdin.write(text.encode("utf-8"))

    feeder = threading.Thread(target=feed, daemon=True)  # a long text must not block us
    feeder.start()
    try:
        mp3, errors = ffmpeg.communicate(timeout=60)
    finally:
        feeder.join(timeout=60)
        espeak.wait(timeout=60)
    if espeak.returncode != 0 or ffmpeg.returncode != 0:
        raise subprocess.CalledProcessError(
            espeak.returncode or ffmpeg.returncode, "espeak-ng | ffmpeg", stderr=errors
        )
    return mp3


def _tone_seconds(text: str, slow: bool) -> float:
    return max(0.3, len(text) * TONE_SECONDS_PER_CHAR) * (1.5 if slow else 1.0)


def _disk_cache_path(key: GttsRequest) -> Path:
    digest = hashlib.sha256(json.dumps([CACHE_VERSION, *key]).encode()).hexdigest()
    return DISK_CACHE_DIR / f"{digest}.mp3"


def render_mp3(text: str, lang: str = "id", slow: bool = False) -> bytes:
    """Speak `text` as MP3 without caching: espeak-ng → ffmpeg, else a tone, else silent frames.

    The fallbacks keep durations proportional to the text when the tools are missing.
    """
    have_ffmpeg = shutil.which("ffmpeg") is not None
    if have_ffmpeg and shutil.which("espeak-ng"):
        try:
            return _speak_mp3(text, lang, slow)
        except (subprocess.SubprocessError, OSError) as exc:
            logger.warning("espeak-ng/ffmpeg failed (%s); using a tone", exc)
    seconds = _tone_seconds(text, slow)
    if have_ffmpeg:
        tone = ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds:.3f}"]
        return subprocess.run(_ffmpeg(tone), capture_output=True, check=True, timeout=60).stdout
    return _SILENT_FRAME * max(1, round(seconds / _SILENT_FRAME_S))


def synthesize_mp3(text: str, lang: str = "id", slow: bool = False) -> bytes:
    """`render_mp3`, cached in memory and on disk (shared by processes and runs).

    An uncached sentence costs about 0.13 s (espeak-ng + ffmpeg start-up); a cached one nothing.
    """
    key = GttsRequest(text, lang, slow)
    with _audio_cache_lock:
        cached = _audio_cache.get(key)
    if cached is not None:
        return cached
    path = _disk_cache_path(key)
    try:
        mp3 = path.read_bytes()
    except OSError:
        mp3 = b""
    if not mp3:
        mp3 = render_mp3(text, lang, slow)
        with contextlib.suppress(OSError):  # write then rename: readers never see half a file
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{threading.get_ident()}.part")
            partial.write_bytes(mp3)
            partial.replace(path)
    with _audio_cache_lock:
        _audio_cache[key] = mp3
    return mp3


# -- server -----------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("fake gTTS: " + format, *args)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if urllib.parse.urlsplit(self.path).path != ENDPOINT_PATH:
            self._send(404, b"Not Found", "text/plain")
            return
        try:
            request = decode_request(body)
        except (KeyError, IndexError, TypeError, ValueError):
            self._send(400, b"Bad Request", "text/plain")
            return
        status, payload = self.server.owner._answer(request)
        content_type = "application/json; charset=utf-8" if status == 200 else "text/html"
        self._send(status, payload, content_type)

    def do_GET(self) -> None:
        self._send(405, b"Method Not Allowed", "text/plain")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        self.close_connection = True
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client went away (a worker killed mid-request, or a client timeout): as
            # Google's server would, drop the answer quietly instead of printing a traceback.
            return


class FakeGtts(ThreadedServer):
    """Fake batchexecute endpoint on 127.0.0.1 with failure injection and a request log.

    Attributes:
        latency_s: seconds every request waits before answering (settable at any time).
    """

    handler = _Handler
    thread_name = "fake-gtts"

    def __init__(self, latency_s: float = 0.0) -> None:
        self.latency_s = latency_s
        self._lock = threading.Lock()
        self._requests: list[GttsRequest] = []
        self._in_flight = 0
        self._max_in_flight = 0
        self._fail_next: list[int] = []
        self._garbage_next: list[str] = []
        self._fail_always: int | None = None

    # lifecycle

    @property
    def url(self) -> str:
        """The full endpoint URL, the value for SUARA_GTTS_ENDPOINT."""
        return f"http://127.0.0.1:{self.port}{ENDPOINT_PATH}"

    @contextmanager
    def patched(self) -> Iterator[None]:
        """Point `gtts.tts._translate_url` at this fake for the duration of a block."""
        import gtts.tts

        original = gtts.tts._translate_url
        gtts.tts._translate_url = lambda tld="com", path="": self.url
        try:
            yield
        finally:
            gtts.tts._translate_url = original

    # failure injection

    def fail_next(self, n: int = 1, status: int = 429) -> None:
        """The next `n` requests answer HTTP `status` (after any failures already queued)."""
        with self._lock:
            self._fail_next.extend([status] * n)

    def garbage_next(self, n: int = 1, kind: str = "broken") -> None:
        """The next `n` requests answer 200 without audio.

        `kind="broken"`: a jQ1olc line without audio (gTTS raises gTTSError, status 200).
        `kind="empty"`: no jQ1olc line at all (gTTS returns zero bytes without an error).
        """
        if kind not in {"broken", "empty"}:
            raise ValueError(f"unknown garbage kind {kind!r}")
        with self._lock:
            self._garbage_next.extend([kind] * n)

    def fail_always(self, status: int | None = 503) -> None:
        """Answer every request with `status` until called with None."""
        with self._lock:
            self._fail_always = status

    def reset(self) -> None:
        """Forget requests, counters, injected failures and latency (the audio cache stays)."""
        with self._lock:
            self._requests.clear()
            self._max_in_flight = self._in_flight
            self._fail_next.clear()
            self._garbage_next.clear()
            self._fail_always = None
            self.latency_s = 0.0

    # observations

    @property
    def requests(self) -> list[GttsRequest]:
        """Every decoded request so far, failed ones included, in arrival order (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def texts(self) -> list[str]:
        """The texts of all requests so far."""
        return [request.text for request in self.requests]

    @property
    def max_in_flight(self) -> int:
        """The highest number of requests being answered at the same time."""
        with self._lock:
            return self._max_in_flight

    # answering (runs in server threads)

    def _answer(self, request: GttsRequest) -> tuple[int, bytes]:
        with self._lock:
            self._requests.append(request)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
        try:
            if self.latency_s > 0:
                time.sleep(self.latency_s)
            with self._lock:
                if self._fail_always is not None:
                    return self._fail_always, b"<html>Error</html>"
                if self._fail_next:
                    return self._fail_next.pop(0), b"<html>Error</html>"
                garbage = self._garbage_next.pop(0) if self._garbage_next else None
            if garbage == "broken":
                return 200, broken_body()
            if garbage == "empty":
                return 200, empty_body()
            return 200, batchexecute_body(synthesize_mp3(*request))
        finally:
            with self._lock:
                self._in_flight -= 1
