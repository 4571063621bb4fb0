"""espeak-ng adapter: the offline voice (robotic but always there). Returns WAV."""

from __future__ import annotations

import asyncio
import shutil

from bot.errors import SpeechError
from bot.speech.engine import Speech

VOICES = {"id": "id", "en": "en-us", "ms": "ms"}
ESPEAK_MAX_CHARS = 100
"""espeak-ng has no real limit; the same chunks as gTTS keep caching and pauses uniform."""


class EspeakEngine:
    """espeak-ng in a subprocess, `-v id` for Indonesian."""

    name = "espeak"
    max_chars = ESPEAK_MAX_CHARS

    def __init__(self, words_per_minute: int = 160, binary: str = "espeak-ng") -> None:
        self.words_per_minute = words_per_minute
        self.binary = binary

    async def synthesize(self, text: str, language: str) -> Speech:
        if shutil.which(self.binary) is None:
            raise SpeechError(f"{self.binary} is not installed")
        voice = VOICES.get(language, language or "id")
        process = await asyncio.create_subprocess_exec(
            self.binary,
            "-v",
            voice,
            "-s",
            str(self.words_per_minute),
            "--stdout",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        audio, error = await process.communicate(text.encode("utf-8"))
        if process.returncode != 0 or not audio:
            raise SpeechError(f"espeak-ng failed: {error.decode(errors='replace')[:200]}")
        return Speech(audio=audio, format="wav", engine=self.name)
