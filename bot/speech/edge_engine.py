"""edge-tts adapter: Microsoft Edge's neural read-aloud voices (id-ID-GadisNeural, ArdiNeural).

The service is unofficial (the browser's read-aloud feature, no contract, no key) and can stop
working at any time, so gTTS stays the default and this engine always has gTTS, then espeak-ng,
behind it. edge-tts does the protocol (one WebSocket per text: speech.config and SSML out, MP3
frames and turn.end back); this module maps its failures onto ours and shares one adaptive request
limit per endpoint across readings. Returns 24 kHz mono MP3.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import ClassVar

import aiohttp
import edge_tts
import edge_tts.communicate
from edge_tts import exceptions as edge_errors

from bot.errors import RateLimited, SpeechError, SpeechUnavailable
from bot.speech.engine import AdaptiveLimit, Speech

logger = logging.getLogger(__name__)

EDGE_MAX_CHARS = 100
"""The service takes far more; the same chunks as gTTS keep caching, pauses and fallback alike."""
VOICES: dict[str, dict[str, str]] = {
    "gadis": {"id": "id-ID-GadisNeural", "en": "en-US-JennyNeural"},
    "ardi": {"id": "id-ID-ArdiNeural", "en": "en-US-GuyNeural"},
}
"""Voice label → the service's voice per reading language (an English page gets an English voice
of the same kind)."""
DEFAULT_VOICE = "gadis"

_endpoint_lock = threading.Lock()
_ORIGINAL_URL = edge_tts.communicate.WSS_URL


def endpoint_url(endpoint: str) -> str:
    """The URL edge-tts should connect to for `endpoint` ("" is Microsoft's). The client appends
    "&ConnectionId=..." itself, so a URL without a query gets the client token as one."""
    if not endpoint:
        return _ORIGINAL_URL
    if "?" in endpoint:
        return endpoint
    return f"{endpoint}?TrustedClientToken={edge_tts.constants.TRUSTED_CLIENT_TOKEN}"


def use_endpoint(endpoint: str) -> None:
    """Send edge-tts's WebSocket to `endpoint` instead of Microsoft's ("" restores it).

    edge-tts reads the URL from `edge_tts.communicate.WSS_URL` at each connection and offers no
    parameter for it; replacing that name is the only hook, and it is process-wide (one endpoint
    per process, as `SUARA_EDGE_ENDPOINT` is).
    """
    with _endpoint_lock:
        edge_tts.communicate.WSS_URL = endpoint_url(endpoint)


def voice_name(label: str, language: str) -> str:
    """The service's voice for a label ("gadis") and reading language ("id", "en")."""
    voices = VOICES.get(label, VOICES[DEFAULT_VOICE])
    return voices.get(language.split("-")[0].lower(), voices["id"])


class EdgeClient:
    """What every edge reading in the process shares for one endpoint: one adaptive limit on
    requests in flight (halved on 429, 5xx and time-outs), so the limit counts all readings."""

    _instances: ClassVar[dict[tuple[str, int, int], EdgeClient]] = {}
    _instances_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, endpoint: str = "", limit: AdaptiveLimit | None = None) -> None:
        self.endpoint = endpoint
        self.limit = limit or AdaptiveLimit(start=4, ceiling=8)

    @classmethod
    def shared(cls, endpoint: str = "", start: int = 4, ceiling: int = 8) -> EdgeClient:
        """The process's client for this endpoint and limit (made on first use)."""
        key = (endpoint, start, ceiling)
        with cls._instances_lock:
            client = cls._instances.get(key)
            if client is None:
                client = cls(endpoint, AdaptiveLimit(start=start, ceiling=ceiling))
                cls._instances[key] = client
            return client

    async def run(self, text: str, voice: str, timeout_s: float) -> bytes:
        """One request inside the shared limit; errors mapped to ours."""
        if endpoint_url(self.endpoint) != edge_tts.communicate.WSS_URL:
            use_endpoint(self.endpoint)
        async with self.limit:
            try:
                async with asyncio.timeout(timeout_s * 2):
                    audio = await _speak(text, voice, max(1, round(timeout_s)))
            except (RateLimited, SpeechUnavailable):
                self.limit.throttled()
                raise
            except TimeoutError as exc:
                self.limit.throttled()
                raise SpeechUnavailable("edge-tts timed out") from exc
        self.limit.succeeded()
        return audio


async def _speak(text: str, voice: str, timeout_s: int) -> bytes:
    """The audio of one text; raises RateLimited, SpeechUnavailable (may pass) or SpeechError."""
    try:
        communicate = edge_tts.Communicate(
            text, voice, connect_timeout=timeout_s, receive_timeout=timeout_s
        )
        audio = bytearray()
        async for message in communicate.stream():
            if message["type"] == "audio":
                audio += message["data"]
    except aiohttp.ClientResponseError as exc:  # the handshake was answered with a status
        if exc.status == 429:
            raise RateLimited(f"edge-tts: HTTP {exc.status}") from exc
        if exc.status >= 500:
            raise SpeechUnavailable(f"edge-tts: HTTP {exc.status}") from exc
        raise SpeechError(f"edge-tts: HTTP {exc.status}") from exc
    except edge_errors.NoAudioReceived as exc:
        raise SpeechUnavailable("edge-tts: the service closed without audio") from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise SpeechUnavailable(f"edge-tts: {type(exc).__name__}: {exc}") from exc
    except (edge_errors.EdgeTTSException, ValueError, KeyError, TypeError) as exc:
        # Messages edge-tts does not understand: the protocol changed, retrying will not help.
        raise SpeechError(f"edge-tts: {type(exc).__name__}: {exc}") from exc
    # Audio counted since the last turn.end: a stream cut before its turn.end left some behind.
    if communicate.state["chunk_audio_bytes"]:
        raise SpeechUnavailable("edge-tts: the stream ended before turn.end")
    if not audio:
        raise SpeechUnavailable("edge-tts returned no audio")
    return bytes(audio)


class EdgeEngine:
    """One neural voice ("gadis" or "ardi") through edge-tts. Its name carries the voice, so the
    chunk and audio caches keep each voice's audio apart."""

    max_chars = EDGE_MAX_CHARS

    def __init__(
        self,
        voice: str = DEFAULT_VOICE,
        endpoint: str = "",
        timeout_s: float = 10.0,
        *,
        client: EdgeClient | None = None,
    ) -> None:
        if voice not in VOICES:
            raise ValueError(f"unknown edge voice {voice!r}; one of {', '.join(VOICES)}")
        self.voice = voice
        self.name = f"edge-{voice}"
        self.timeout_s = timeout_s
        self.client = client or EdgeClient.shared(endpoint)

    async def synthesize(self, text: str, language: str) -> Speech:
        audio = await self.client.run(text, voice_name(self.voice, language), self.timeout_s)
        return Speech(audio=audio, format="mp3", engine=self.name)
