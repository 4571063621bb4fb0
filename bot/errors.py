"""Failures a user can meet. Each has a key into the message catalogue (`bot.chat.texts`)."""

from __future__ import annotations


class SuaraError(Exception):
    """Base class: an expected failure with a message key for the user."""

    key = "error_generic"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.key)
        self.detail = detail


class FetchError(SuaraError):
    key = "error_fetch"


class InvalidLink(FetchError):
    key = "error_invalid_link"


class UnknownHost(InvalidLink):
    """The link is well formed but no site answers to its name (DNS finds no address)."""

    key = "error_unknown_host"


class BlockedAddress(FetchError):
    key = "error_blocked_address"


class TooLarge(FetchError):
    key = "error_too_large"


class NotHtml(FetchError):
    key = "error_not_html"


class HttpStatusError(FetchError):
    key = "error_http_status"

    def __init__(self, status: int, detail: str = "") -> None:
        super().__init__(detail or f"HTTP {status}")
        self.status = status


class FetchTimeout(FetchError):
    key = "error_timeout"


class ExtractionError(SuaraError):
    key = "error_no_article"


class NoArticle(ExtractionError):
    key = "error_no_article"


class GalleryPage(ExtractionError):
    key = "error_gallery"


class TextTooShort(ExtractionError):
    key = "error_too_short"


class SpeechError(SuaraError):
    key = "error_speech"


class RateLimited(SpeechError):
    """The speech service throttles us (HTTP 429)."""

    key = "error_speech_busy"

    def __init__(self, detail: str = "", retry_after_s: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class AudioError(SuaraError):
    key = "error_audio"


class SpeechUnavailable(SpeechError):
    """The speech service failed in a way that may pass (5xx, timeout, connection, garbage)."""

    key = "error_speech_busy"


class Paywall(ExtractionError):
    """The page asks for a subscription or a login before the article."""

    key = "error_paywall"


class CacheUnavailable(AudioError):
    """The audio cache folder cannot be written (disk full, read-only, not a folder)."""

    key = "error_cache"
