"""gTTS adapter: one request per chunk in a worker thread; gTTS errors mapped to ours."""

from __future__ import annotations

import asyncio
import io
import logging
import threading

import gtts.tts
from gtts import gTTS
from gtts.tts import gTTSError

from bot.errors import RateLimited, SpeechError, SpeechUnavailable
from bot.speech.engine import Speech

logger = logging.getLogger(__name__)

GTTS_MAX_CHARS = 100
_endpoint_lock = threading.Lock()
_original_translate_url = gtts.tts._translate_url


def use_endpoint(endpoint: str) -> None:
    """Send gTTS requests to `endpoint` instead of Google's batchexecute URL ("" restores it).

    gTTS builds the URL with `gtts.tts._translate_url`, imported by name into `gtts.tts`; replacing
    it there is the only hook the library offers, and it is process-wide.
    """
    with _endpoint_lock:
        if endpoint:
            gtts.tts._translate_url = lambda tld="com", path="": endpoint
        else:
            gtts.tts._translate_url = _original_translate_url


class GttsEngine:
    """Google Translate's text-to-speech through gTTS. Returns 24 kHz mono MP3."""

    name = "gtts"
    max_chars = GTTS_MAX_CHARS

    def __init__(self, endpoint: str = "", timeout_s: float = 10.0, tld: str = "com") -> None:
        self.timeout_s = timeout_s
        self.tld = tld
        if endpoint:
            use_endpoint(endpoint)

    def _speak(self, text: str, language: str) -> bytes:
        buffer = io.BytesIO()
        try:
            gTTS(text, lang=language, tld=self.tld, timeout=self.timeout_s).write_to_fp(buffer)
        except gTTSError as exc:
            status = exc.rsp.status_code if exc.rsp is not None else None
            if status == 429:
                raise RateLimited(str(exc)) from exc
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

    async def synthesize(self, text: str, language: str) -> Speech:
        # The thread keeps running past the timeout, but gTTS's own timeout ends it soon after.
        try:
            audio = await asyncio.wait_for(
                asyncio.to_thread(self._speak, text, language), timeout=self.timeout_s * 2 + 1
            )
        except TimeoutError as exc:
            raise SpeechUnavailable("gTTS timed out") from exc
        return Speech(audio=audio, format="mp3", engine=self.name)
