"""gTTS adapter: gTTS's own request building and response parsing, run in worker threads that
keep their HTTPS connection open, under one adaptive request limit per endpoint; errors mapped."""

from __future__ import annotations

import asyncio
import io
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import gtts.tts
import requests
from gtts import gTTS
from gtts.tts import gTTSError

from bot.errors import RateLimited, SpeechError, SpeechUnavailable
from bot.speech.engine import AdaptiveLimit, Speech

logger = logging.getLogger(__name__)

GTTS_MAX_CHARS = 100
_endpoint_lock = threading.Lock()
_original_translate_url = gtts.tts._translate_url


def use_endpoint(endpoint: str) -> None:
    """Send plain gTTS requests to `endpoint` instead of Google's batchexecute URL ("" restores).

    gTTS builds the URL with `gtts.tts._translate_url`, imported by name into `gtts.tts`; replacing
    it there is the only hook the library offers, and it is process-wide. `GttsEngine` does not
    need it: its sessions send to their own endpoint.
    """
    with _endpoint_lock:
        if endpoint:
            gtts.tts._translate_url = lambda tld="com", path="": endpoint
        else:
            gtts.tts._translate_url = _original_translate_url


# Kept-alive sessions ----------------------------------------------------------------------------


class _KeptSession(requests.Session):
    """A session gTTS may "close" after every part: it stays open, so the next request of this
    thread reuses the connection (no TCP and TLS handshake per chunk)."""

    def __init__(self, endpoint: str) -> None:
        super().__init__()
        self.endpoint = endpoint

    def __exit__(self, *exc_info: object) -> None:
        pass  # gTTS uses `with requests.Session() as s:` per part; this one lives on

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.endpoint:
            request.url = self.endpoint
        return super().send(request, **kwargs)


class _RequestsInGtts:
    """Stands in for the `requests` module inside `gtts.tts`. Identical, except that in a thread
    of a `GttsClient`, `requests.Session()` returns that thread's kept-alive session. Everywhere
    else gTTS gets a fresh session as before; its request and parsing code is untouched."""

    def __init__(self) -> None:
        self.local = threading.local()

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def Session(self) -> requests.Session:  # the name gTTS calls
        kept: requests.Session | None = getattr(self.local, "session", None)
        return kept if kept is not None else requests.Session()


_install_lock = threading.Lock()


def _requests_in_gtts() -> _RequestsInGtts:
    with _install_lock:
        if not isinstance(gtts.tts.requests, _RequestsInGtts):
            gtts.tts.requests = _RequestsInGtts()  # type: ignore[assignment]
        return gtts.tts.requests  # type: ignore[return-value]


class GttsClient:
    """What every gTTS reading in the process shares for one endpoint: worker threads with a
    kept-alive session each, and one adaptive limit on requests in flight.

    Shared because the limit only protects the service if it counts all readings together, and
    connections only pay off if they outlive one reading. `shared()` hands out one per endpoint.
    """

    _instances: ClassVar[dict[tuple[str, str, int, int], GttsClient]] = {}
    _instances_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, endpoint: str = "", tld: str = "com", limit: AdaptiveLimit | None = None):
        self.endpoint = endpoint
        self.tld = tld
        self.limit = limit or AdaptiveLimit(start=4, ceiling=8)
        self._hook = _requests_in_gtts()
        # Twice the ceiling: a request given up on by its timeout still holds its thread a while.
        self._threads = ThreadPoolExecutor(
            max_workers=2 * self.limit.ceiling,
            thread_name_prefix="gtts",
            initializer=self._start_thread,
        )

    @classmethod
    def shared(
        cls, endpoint: str = "", tld: str = "com", start: int = 4, ceiling: int = 8
    ) -> GttsClient:
        """The process's client for this endpoint and limit (made on first use)."""
        key = (endpoint, tld, start, ceiling)
        with cls._instances_lock:
            client = cls._instances.get(key)
            if client is None:
                client = cls(endpoint, tld, AdaptiveLimit(start=start, ceiling=ceiling))
                cls._instances[key] = client
            return client

    def _start_thread(self) -> None:
        self._hook.local.session = _KeptSession(self.endpoint)

    async def run(self, text: str, language: str, timeout_s: float) -> bytes:
        """One request in a worker thread, inside the shared limit."""
        loop = asyncio.get_running_loop()
        async with self.limit:
            try:
                audio = await asyncio.wait_for(
                    loop.run_in_executor(self._threads, self._speak, text, language, timeout_s),
                    timeout=timeout_s * 2 + 1,
                )
            except (RateLimited, SpeechUnavailable):
                self.limit.throttled()
                raise
            except TimeoutError as exc:
                # The thread runs on past this, but gTTS's own timeout ends it soon after.
                self.limit.throttled()
                raise SpeechUnavailable("gTTS timed out") from exc
        self.limit.succeeded()
        return audio

    def _speak(self, text: str, language: str, timeout_s: float) -> bytes:
        buffer = io.BytesIO()
        try:
            gTTS(text, lang=language, tld=self.tld, timeout=timeout_s).write_to_fp(buffer)
        except gTTSError as exc:
            status = exc.rsp.status_code if exc.rsp is not None else None
            if status == 429:
                raise RateLimited(str(exc), retry_after_s=_retry_after(exc.rsp)) from exc
            if status is None or status >= 500 or status == 200:
                # No connection, a server error, or a 200 without audio: may pass.
                raise SpeechUnavailable(str(exc)) from exc
            raise SpeechError(str(exc)) from exc
        except (AssertionError, ValueError) as exc:
            raise SpeechError(f"gTTS refused the text: {exc}") from exc
        audio = buffer.getvalue()
        if not audio:
            raise SpeechUnavailable("gTTS returned no audio")
        return audio


def _retry_after(response: requests.Response | None) -> float | None:
    value = response.headers.get("Retry-After", "") if response is not None else ""
    try:
        return float(value) if value else None
    except ValueError:
        return None


class GttsEngine:
    """Google Translate's text-to-speech through gTTS. Returns 24 kHz mono MP3."""

    name = "gtts"
    max_chars = GTTS_MAX_CHARS

    def __init__(
        self,
        endpoint: str = "",
        timeout_s: float = 10.0,
        tld: str = "com",
        *,
        client: GttsClient | None = None,
    ) -> None:
        self.timeout_s = timeout_s
        self.client = client or GttsClient.shared(endpoint, tld)

    async def synthesize(self, text: str, language: str) -> Speech:
        audio = await self.client.run(text, language, self.timeout_s)
        return Speech(audio=audio, format="mp3", engine=self.name)
