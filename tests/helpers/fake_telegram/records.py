"""What the fake records and answers: Bot API calls as received, injected failures, stored files,
and error answers in Telegram's wording."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Params = dict[str, Any]
Files = dict[str, tuple[str, str, bytes]]


def same_chat(a: Any, b: Any) -> bool:
    """Whether two chat ids (int or str, None for none) name the same chat."""
    return a is not None and b is not None and str(a) == str(b)


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API request as the fake received and answered it."""

    method: str
    params: Params
    files: Files
    time: float
    """`time.monotonic()` when the request arrived."""
    status: int = 200
    result: Any = None
    """The `result` answered (a message dict, True, ...) or the error description."""
    token: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        """The message text or caption sent, or ""."""
        return str(self.params.get("text") or self.params.get("caption") or "")

    def summary(self) -> str:
        parts = [self.method]
        if self.chat_id is not None:
            parts.append(f"chat={self.chat_id}")
        if self.text:
            parts.append(repr(self.text[:60]))
        if self.files:
            parts.append("files=" + ",".join(f"{k}:{len(v[2])}B" for k, v in self.files.items()))
        if not self.ok:
            parts.append(f"-> {self.status} {self.result}")
        return " ".join(parts)


@dataclass(slots=True)
class Failure:
    """An injected error, answered instead of the next `remaining` matching calls (None: all)."""

    method: str
    chat_id: Any
    status: int
    description: str
    retry_after: int | None
    remaining: int | None


@dataclass(slots=True)
class StoredFile:
    """An uploaded file, kept under its file_id."""

    data: bytes
    kind: str
    unique_id: str
    path: str
    mime_type: str
    file_name: str
    duration: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class ApiError(Exception):
    """Answered as `{"ok": false, "error_code": status, "description": ...}`."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def default_description(status: int, retry_after: int | None) -> str:
    """Telegram's wording of an error `status`."""
    return {
        400: "Bad Request: chat not found",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        409: "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
        429: f"Too Many Requests: retry after {retry_after or 1}",
        502: "Bad Gateway",
    }.get(status, "Internal Server Error" if status >= 500 else f"Error {status}")
