"""A fake Telegram Bot API server on aiohttp, for the real python-telegram-bot client.

    with FakeTelegram() as tg:
        app = (ApplicationBuilder().token("123:ABC")
               .base_url(f"{tg.base}/bot").base_file_url(f"{tg.base}/file/bot").build())
        ...                                      # start polling in the test's loop or a subprocess
        tg.user_text(42, "/start")
        [reply] = tg.wait_for_sync("sendMessage", chat_id=42)

The server runs in a background thread with its own event loop, so it serves sync tests, async
tests (whose loop runs the bot) and a bot in a subprocess (`SUARA_TELEGRAM_API=tg.base`). Every
helper is thread-safe. Design and pitfalls: `/work/shared/notes/telegram-and-speech.md` §6.1.

Behaviour copied from the real Bot API because product code has to cope with it: dates in seconds,
message ids increasing per chat, getUpdates as a long poll honouring `offset` (a second poller gets
409), text/caption length limits, "message is not modified" on an identical edit, editing text
without `reply_markup` drops the inline keyboard, unknown file ids and callback ids answer 400,
unknown methods 404.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import itertools
import json
import logging
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

logger = logging.getLogger(__name__)

Params = dict[str, Any]
Files = dict[str, tuple[str, str, bytes]]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
BOT_USERNAME = "SuaraBeritaBot"

# Values of these parameters are free text or file references: never JSON-decode them.
_TEXT_KEYS = frozenset(
    "text caption description short_description name title performer data query url "
    "secret_token parse_mode action file_id voice audio document photo video animation "
    "thumbnail callback_query_id inline_message_id language_code emoji message_effect_id "
    "business_connection_id file_name".split()
)
_SEND_METHODS = frozenset(
    "sendmessage sendvoice sendaudio senddocument sendphoto sendvideo copymessage "
    "forwardmessage".split()
)
_MEDIA = {  # method → (parameter, kind, file_path folder, default extension)
    "sendvoice": ("voice", "voice", "voice", "oga"),
    "sendaudio": ("audio", "audio", "music", "mp3"),
    "senddocument": ("document", "document", "documents", "bin"),
    "sendphoto": ("photo", "photo", "photos", "jpg"),
}
_CHAT_ACTIONS = frozenset(
    "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
    "choose_sticker find_location record_video_note upload_video_note".split()
)
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_URL_RE = re.compile(
    r"\bhttps?://[^\s<>\"]+"
    # Telegram also links bare domains ("kompas.com/read/..."); a few TLDs news links use.
    r"|(?<![@\w./:-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|id|info|news|co|tv)"
    r"\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"<[^>]+>")


_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{3,31}\b")


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


def detect_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command, mention and url entities Telegram's client would attach to `text`."""
    entities: list[dict[str, Any]] = []
    for match in _COMMAND_RE.finditer(text):
        entities.append(_entity("bot_command", text, match.start(), match.end()))
    for match in _MENTION_RE.finditer(text):
        entities.append(_entity("mention", text, match.start(), match.end()))
    for match in _URL_RE.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in ".,;:!?'\"»)]}":
            if text[end - 1] == ")" and text.count("(", match.start(), end) > text.count(
                ")", match.start(), end - 1
            ):
                break
            end -= 1
        entities.append(_entity("url", text, match.start(), end))
    return sorted(entities, key=lambda e: e["offset"])


def _entity(kind: str, text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "type": kind,
        "offset": _utf16_len(text[:start]),
        "length": _utf16_len(text[start:end]),
    }


def _visible_text(text: str, parse_mode: str | None) -> str:
    """The text as Telegram stores it: HTML markup removed (Markdown kept as sent)."""
    if parse_mode and parse_mode.upper() == "HTML":
        return html.unescape(_TAG_RE.sub("", text))
    return text


def _over_limit(visible: str, parse_mode: str | None, limit: int) -> bool:
    """Whether text breaks a length limit; Markdown is not parsed here, so it is not checked."""
    if parse_mode and parse_mode.upper().startswith("MARKDOWN"):
        return False
    return _utf16_len(visible) > limit


def _decode_value(key: str, value: str) -> Any:
    """PTB sends non-string values JSON-encoded; free-text values stay strings."""
    if key in _TEXT_KEYS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _sniff_mime(data: bytes, declared: str) -> str:
    if data.startswith(b"OggS"):
        return "audio/ogg"
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data.startswith(b"RIFF"):
        return "audio/x-wav"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return declared or "application/octet-stream"


def _probe_duration_s(data: bytes) -> int:
    """Duration Telegram would read from the file (0 when ffprobe is missing or fails)."""
    if not data or shutil.which("ffprobe") is None:
        return 0
    with tempfile.NamedTemporaryFile() as tmp:
        tmp.write(data)
        tmp.flush()
        done = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
             tmp.name],
            capture_output=True, text=True, check=False, timeout=20,
        )  # fmt: skip
    try:
        return round(float(done.stdout.strip()))
    except ValueError:
        return 0


def _same_chat(a: Any, b: Any) -> bool:
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
class _Failure:
    method: str
    chat_id: Any
    status: int
    description: str
    retry_after: int | None
    remaining: int | None


@dataclass(slots=True)
class _StoredFile:
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


def _default_description(status: int, retry_after: int | None) -> str:
    return {
        400: "Bad Request: chat not found",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        409: "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
        429: f"Too Many Requests: retry after {retry_after or 1}",
        502: "Bad Gateway",
    }.get(status, "Internal Server Error" if status >= 500 else f"Error {status}")


class FakeTelegram:
    """Fake Bot API on 127.0.0.1: answers PTB, logs every call, injects failures.

    Attributes:
        latency_s: seconds every method except getUpdates waits before answering.
    """

    def __init__(self, latency_s: float = 0.0, bot_username: str = BOT_USERNAME) -> None:
        self.latency_s = latency_s
        self.bot_username = bot_username
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._closing = False
        self._update_event: asyncio.Event | None = None
        self._poll_waiter: asyncio.Future[None] | None = None
        self._ids = itertools.count(1)
        self._clear_state()

    def _clear_state(self) -> None:
        self._calls: list[Call] = []
        self._tokens: list[str] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._chats: dict[str, dict[str, Any]] = {}
        self._messages: dict[tuple[str, int], dict[str, Any]] = {}
        self._last_message_id: dict[str, int] = {}
        self._files: dict[str, _StoredFile] = {}
        self._callback_ids: set[str] = set()
        self._failures: list[_Failure] = []
        self._commands: dict[tuple[str, str], list[Any]] = {}
        self._bot_texts: dict[tuple[str, str], str] = {}
        self._webhook: dict[str, Any] = {}

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        """Start the server thread and its loop; returns once the port is bound."""
        if self._thread is not None:
            return self
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                loop.run_until_complete(self._startup())
            except BaseException as exc:
                errors.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
                for task in pending:
                    task.cancel()
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.close()

        self._closing = False
        self._thread = threading.Thread(target=run, name="fake-telegram", daemon=True)
        self._thread.start()
        if not ready.wait(10) or errors:
            self._thread = None
            raise RuntimeError("fake Telegram server did not start") from (
                errors[0] if errors else None
            )
        return self

    def stop(self) -> None:
        """Wake pending long polls, close the server and join its thread."""
        if self._thread is None or self._loop is None:
            return
        loop = self._loop
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        self._thread = None
        self._loop = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def _startup(self) -> None:
        self._update_event = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._on_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._on_file)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def _shutdown(self) -> None:
        self._closing = True
        if self._update_event is not None:
            self._update_event.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("FakeTelegram is not started")
        return self._port

    @property
    def base(self) -> str:
        """`http://127.0.0.1:PORT`: the value for SUARA_TELEGRAM_API."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def bot_url(self) -> str:
        """For `ApplicationBuilder().base_url(...)`."""
        return f"{self.base}/bot"

    @property
    def file_url(self) -> str:
        """For `ApplicationBuilder().base_file_url(...)`."""
        return f"{self.base}/file/bot"

    def reset(self) -> None:
        """Forget calls, updates, chats, files and injected failures (the server keeps running)."""
        with self._lock:
            self._clear_state()
            self.latency_s = 0.0

    # -- observations ------------------------------------------------------------------------

    @property
    def token(self) -> str | None:
        """The token of the latest request (any token is accepted)."""
        with self._lock:
            return self._tokens[-1] if self._tokens else None

    @property
    def tokens(self) -> list[str]:
        """Every distinct token seen, in order of first use."""
        with self._lock:
            return list(dict.fromkeys(self._tokens))

    @property
    def calls(self) -> list[Call]:
        """Every request so far, failed ones included (a copy)."""
        with self._lock:
            return list(self._calls)

    def mark(self) -> int:
        """A position in the call log, for `wait_for(..., since=mark)`."""
        with self._lock:
            return len(self._calls)

    def calls_of(self, method: str, *, chat_id: Any = None, ok: bool | None = None) -> list[Call]:
        """Calls of one method (case-insensitive), optionally to one chat or by outcome."""
        return self._matching(method, chat_id, ok, 0)

    def sent_to(self, chat_id: Any) -> list[Call]:
        """Successful message-producing calls (send*, copy, forward) to one chat, in order."""
        with self._lock:
            return [
                c
                for c in self._calls
                if c.ok and c.method.lower() in _SEND_METHODS and _same_chat(c.chat_id, chat_id)
            ]

    def messages(self, chat_id: Any) -> list[dict[str, Any]]:
        """The chat's current messages (user's and bot's), edits applied, deletions gone."""
        with self._lock:
            found = [m for (chat, _), m in self._messages.items() if chat == str(chat_id)]
            return [json.loads(json.dumps(m)) for m in sorted(found, key=lambda m: m["message_id"])]

    @property
    def uploads(self) -> dict[str, bytes]:
        """file_id → bytes of every uploaded file."""
        with self._lock:
            return {file_id: stored.data for file_id, stored in self._files.items()}

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._lock:
            return list(self._updates)

    def _matching(self, method: str, chat_id: Any, ok: bool | None, since: int) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self._calls[since:]
                if c.method.lower() == method.lower()
                and (chat_id is None or _same_chat(c.chat_id, chat_id))
                and (ok is None or c.ok == ok)
            ]

    def wait_for_sync(
        self,
        method: str,
        n: int = 1,
        *,
        chat_id: Any = None,
        timeout: float = 10,
        ok: bool | None = True,
        since: int = 0,
    ) -> list[Call]:
        """Block until `n` matching calls arrived; return the first `n`.

        By default only successful calls count (`ok=None` counts failed ones too); `since`
        (from `mark()`) ignores earlier calls. Raises TimeoutError listing the calls seen.
        Never call it from the thread whose event loop runs the bot: use `await wait_for`.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = self._matching(method, chat_id, ok, since)
                if len(found) >= n:
                    return found[:n]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(method, n, chat_id, timeout, found))
                self._changed.wait(min(remaining, 0.5))

    async def wait_for(
        self,
        method: str,
        n: int = 1,
        *,
        chat_id: Any = None,
        timeout: float = 10,
        ok: bool | None = True,
        since: int = 0,
    ) -> list[Call]:
        """Like `wait_for_sync`, without blocking the caller's event loop."""
        deadline = time.monotonic() + timeout
        while True:
            found = self._matching(method, chat_id, ok, since)
            if len(found) >= n:
                return found[:n]
            if time.monotonic() >= deadline:
                raise TimeoutError(self._timeout_message(method, n, chat_id, timeout, found))
            await asyncio.sleep(0.01)

    def _timeout_message(
        self, method: str, n: int, chat_id: Any, timeout: float, found: list[Call]
    ) -> str:
        target = f" to chat {chat_id}" if chat_id is not None else ""
        lines: list[str] = []
        polls = 0
        for call in self.calls:
            if call.method == "getUpdates" and call.ok:
                polls += 1
                continue
            if polls:
                lines.append(f"getUpdates x{polls}")
                polls = 0
            lines.append(call.summary())
        if polls:
            lines.append(f"getUpdates x{polls}")
        seen = "\n  ".join(lines) or "(none)"
        return (
            f"waited {timeout:g}s for {n} {method} call(s){target}, got {len(found)}; "
            f"calls seen:\n  {seen}"
        )

    # -- driving the bot ---------------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (update_id assigned when missing); returns it."""
        with self._lock:
            update = dict(update)
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
            self._updates.append(update)
        self._wake_pollers()
        return update

    def user_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        language_code: str = "id",
        chat_type: str = "private",
        entities: list[dict[str, Any]] | None = None,
        forward_origin: dict[str, Any] | None = None,
        reply_to: int | None = None,
        first_name: str = "Uji",
    ) -> dict[str, Any]:
        """A user writes `text`; bot_command and url entities are added unless given."""
        with self._lock:
            chat = self._chat(chat_id, chat_type, first_name)
            extra: dict[str, Any] = {"text": text}
            found = detect_entities(text) if entities is None else entities
            if found:
                extra["entities"] = found
            if forward_origin is not None:
                extra["forward_origin"] = forward_origin
            if reply_to is not None:
                extra["reply_to_message"] = self._reply_target(chat, reply_to)
            user = self._user(chat, user_id, first_name, language_code)
            message = self._new_message(chat, user, extra)
        return self.push_update({"message": message})

    def user_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        language_code: str = "id",
        first_name: str = "Uji",
    ) -> dict[str, Any]:
        """A user presses an inline button with callback `data` under message `message_id`."""
        with self._lock:
            chat = self._chat(chat_id)
            message = self._messages.get((str(chat["id"]), message_id))
            if message is None:  # keep the update valid for PTB (it needs a date)
                message = {
                    "message_id": message_id, "date": int(time.time()), "chat": chat,
                    "from": self._bot_user(), "text": "",
                }  # fmt: skip
            query_id = f"cbq{next(self._ids)}"
            self._callback_ids.add(query_id)
            query = {
                "id": query_id,
                "from": self._user(chat, user_id, first_name, language_code),
                "chat_instance": f"ci{chat['id']}",
                "message": message,
                "data": data,
            }
        return self.push_update({"callback_query": query})

    def fail(
        self,
        method: str,
        *,
        chat_id: Any = None,
        status: int = 429,
        description: str | None = None,
        retry_after: int | None = 1,
        times: int | None = 1,
    ) -> None:
        """The next `times` calls of `method` (or "*": any) answer an error (None: forever).

        The description defaults to Telegram's wording for the status: 429 "Too Many Requests:
        retry after N" (with `parameters.retry_after`), 403 "Forbidden: bot was blocked by the
        user", 400 "Bad Request: chat not found".
        """
        with self._lock:
            self._failures.append(
                _Failure(
                    method.lower(),
                    chat_id,
                    status,
                    description or _default_description(status, retry_after),
                    retry_after if status == 429 else None,
                    times,
                )
            )

    def clear_failures(self) -> None:
        with self._lock:
            self._failures.clear()

    # -- Bot API objects (call with the lock held) -------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        token = self._tokens[-1] if self._tokens else ""
        prefix = token.split(":", 1)[0]
        bot_id = int(prefix) if prefix.isdigit() else 7_000_000_001
        return {"id": bot_id, "is_bot": True, "first_name": "Suara Berita",
                "username": self.bot_username}  # fmt: skip

    def _chat(
        self, chat_id: Any, chat_type: str | None = None, first_name: str = "Uji"
    ) -> dict[str, Any]:
        key = str(chat_id)
        chat = self._chats.get(key)
        if chat is not None and (chat_type is None or chat["type"] == chat_type):
            return chat
        if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
            chat = {"id": -1_001_000_000_000 - len(self._chats), "type": "channel",
                    "title": chat_id.lstrip("@"), "username": chat_id.lstrip("@")}  # fmt: skip
            self._chats[str(chat["id"])] = chat
        else:
            numeric = int(chat_id)
            kind = chat_type or (
                "private" if numeric > 0 else "supergroup" if key.startswith("-100") else "group"
            )
            chat = {"id": numeric, "type": kind}
            if kind == "private":
                chat["first_name"] = first_name
            else:
                chat["title"] = "Grup Uji"
        self._chats[key] = chat
        return chat

    def _user(
        self, chat: dict[str, Any], user_id: int | None, first_name: str, language_code: str
    ) -> dict[str, Any]:
        if user_id is None:
            user_id = chat["id"] if chat["type"] == "private" else 1001
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    def _new_message(
        self, chat: dict[str, Any], sender: dict[str, Any], extra: dict[str, Any]
    ) -> dict[str, Any]:
        key = str(chat["id"])
        message_id = self._last_message_id.get(key, 0) + 1
        self._last_message_id[key] = message_id
        message = {"message_id": message_id, "from": sender, "chat": chat,
                   "date": int(time.time()), **extra}  # fmt: skip
        self._messages[(key, message_id)] = message
        return message

    def _reply_target(self, chat: dict[str, Any], message_id: int) -> dict[str, Any]:
        target = self._messages.get((str(chat["id"]), message_id))
        if target is None:
            return {"message_id": message_id, "date": int(time.time()), "chat": chat}
        return {k: v for k, v in target.items() if k != "reply_to_message"}

    def _wake_pollers(self) -> None:
        loop, event = self._loop, self._update_event
        if loop is not None and event is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(event.set)

    # -- HTTP --------------------------------------------------------------------------------

    async def _on_method(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        params, files = await self._read_params(request)
        arrived = time.monotonic()
        handler = self._handlers().get(method.lower())
        status, result, body = 200, None, {}
        with self._lock:
            self._tokens.append(token)
        try:
            if handler is None:
                raise ApiError(404, "Not Found")
            if self.latency_s > 0 and method.lower() != "getupdates":
                await asyncio.sleep(self.latency_s)
            with self._lock:
                self._injected_failure(method, params)
            result = await handler(params, files)
            body = {"ok": True, "result": result}
        except ApiError as exc:
            status, result = exc.status, exc.description
            body = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
        except Exception as exc:  # a gap in the fake: answer 500 and say so loudly
            logger.exception("fake Telegram failed on %s", method)
            status, result = 500, f"Internal Server Error: fake failed: {exc!r}"
            body = {"ok": False, "error_code": 500, "description": result}
        with self._changed:
            self._calls.append(Call(method, params, files, arrived, status, result, token))
            self._changed.notify_all()
        return web.json_response(body, status=status)

    async def _read_params(self, request: web.Request) -> tuple[Params, Files]:
        params: Params = {k: _decode_value(k, v) for k, v in request.query.items()}
        files: Files = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        content = value.file.read()
                        files[key] = (value.filename, value.content_type, content)
                    else:
                        params[key] = _decode_value(key, str(value))
        return params, files

    async def _on_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        with self._lock:
            stored = next((f for f in self._files.values() if f.path == path), None)
        if stored is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return web.Response(body=stored.data, content_type=stored.mime_type)

    def _injected_failure(self, method: str, params: Params) -> None:
        for failure in self._failures:
            if failure.method not in {"*", method.lower()}:
                continue
            chat_id = params.get("chat_id")
            if failure.chat_id is not None and not _same_chat(failure.chat_id, chat_id):
                continue
            if failure.remaining is not None:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
            retry = failure.retry_after
            raise ApiError(
                failure.status, failure.description, {"retry_after": retry} if retry else None
            )

    def _handlers(self) -> dict[str, Callable[[Params, Files], Awaitable[Any]]]:
        return {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setmydescription": self._bot_text_setter("description"),
            "getmydescription": self._bot_text_getter("description"),
            "setmyshortdescription": self._bot_text_setter("short_description"),
            "getmyshortdescription": self._bot_text_getter("short_description"),
            "setmyname": self._bot_text_setter("name"),
            "getmyname": self._bot_text_getter("name"),
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagecaption": self._edit_message_caption,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "sendchataction": self._send_chat_action,
            "answercallbackquery": self._answer_callback_query,
            "sendvoice": self._media_sender("sendvoice"),
            "sendaudio": self._media_sender("sendaudio"),
            "senddocument": self._media_sender("senddocument"),
            "sendphoto": self._media_sender("sendphoto"),
            "getfile": self._get_file,
            "getchat": self._get_chat,
            "close": self._true,
            "logout": self._true,
        }

    # -- methods -----------------------------------------------------------------------------

    async def _true(self, params: Params, files: Files) -> bool:
        return True

    async def _get_me(self, params: Params, files: Files) -> dict[str, Any]:
        with self._lock:
            bot = self._bot_user()
        return {**bot, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}  # fmt: skip

    async def _get_updates(self, params: Params, files: Files) -> list[dict[str, Any]]:
        """A real long poll: answer at once when updates wait, else wait up to `timeout`."""
        assert self._loop is not None and self._update_event is not None
        with self._lock:
            if self._webhook.get("url"):
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
        offset = params.get("offset")
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        allowed = params.get("allowed_updates") or None
        if self._poll_waiter is not None and not self._poll_waiter.done():
            self._poll_waiter.set_result(None)  # the earlier poller gets 409, like Telegram
        mine: asyncio.Future[None] = self._loop.create_future()
        self._poll_waiter = mine
        deadline = self._loop.time() + timeout
        try:
            while True:
                self._update_event.clear()
                with self._lock:
                    if isinstance(offset, int):
                        if offset < 0:
                            self._updates = self._updates[offset:]
                        else:
                            self._updates = [u for u in self._updates if u["update_id"] >= offset]
                    ready = [
                        u
                        for u in self._updates
                        if allowed is None or any(kind in u for kind in allowed)
                    ][:limit]
                remaining = deadline - self._loop.time()
                if ready or self._closing or remaining <= 0:
                    return ready
                waiter = asyncio.ensure_future(self._update_event.wait())
                try:
                    await asyncio.wait(
                        {waiter, mine}, timeout=remaining, return_when=asyncio.FIRST_COMPLETED
                    )
                finally:
                    waiter.cancel()
                if mine.done():
                    raise ApiError(409, _default_description(409, None))
        finally:
            if self._poll_waiter is mine:
                self._poll_waiter = None

    async def _delete_webhook(self, params: Params, files: Files) -> bool:
        with self._lock:
            self._webhook = {}
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    async def _set_webhook(self, params: Params, files: Files) -> bool:
        url = params.get("url") or ""
        if url and not str(url).startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        with self._lock:
            self._webhook = {"url": url, "secret_token": params.get("secret_token")}
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    async def _get_webhook_info(self, params: Params, files: Files) -> dict[str, Any]:
        with self._lock:
            return {
                "url": self._webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }

    @staticmethod
    def _scope_key(params: Params) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    async def _set_my_commands(self, params: Params, files: Files) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict):
                raise ApiError(400, "Bad Request: can't parse BotCommand")
            if not _COMMAND_NAME.match(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: command description is empty or too long")
        with self._lock:
            self._commands[self._scope_key(params)] = commands
        return True

    async def _get_my_commands(self, params: Params, files: Files) -> list[Any]:
        with self._lock:
            return list(self._commands.get(self._scope_key(params), []))

    async def _delete_my_commands(self, params: Params, files: Files) -> bool:
        with self._lock:
            self._commands.pop(self._scope_key(params), None)
        return True

    def _bot_text_setter(self, name: str) -> Callable[[Params, Files], Awaitable[bool]]:
        async def setter(params: Params, files: Files) -> bool:
            with self._lock:
                self._bot_texts[(name, str(params.get("language_code") or ""))] = str(
                    params.get(name) or ""
                )
            return True

        return setter

    def _bot_text_getter(self, name: str) -> Callable[[Params, Files], Awaitable[dict[str, str]]]:
        async def getter(params: Params, files: Files) -> dict[str, str]:
            with self._lock:
                lang = str(params.get("language_code") or "")
                return {name: self._bot_texts.get((name, lang), "")}

        return getter

    def _target_chat(self, params: Params) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        return self._chat(chat_id)

    def _message_extras(self, params: Params, chat: dict[str, Any]) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            extra["reply_markup"] = markup
        reply = params.get("reply_parameters") or {}
        reply_id = reply.get("message_id") if isinstance(reply, dict) else None
        reply_id = reply_id or params.get("reply_to_message_id")
        if reply_id:
            extra["reply_to_message"] = self._reply_target(chat, int(reply_id))
        return extra

    async def _send_message(self, params: Params, files: Files) -> dict[str, Any]:
        text = _visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _over_limit(text, params.get("parse_mode"), MAX_TEXT_LENGTH):
            raise ApiError(400, "Bad Request: message is too long")
        with self._lock:
            chat = self._target_chat(params)
            extra = {"text": text, **self._message_extras(params, chat)}
            if params.get("entities"):
                extra["entities"] = params["entities"]
            return self._new_message(chat, self._bot_user(), extra)

    def _own_message(self, params: Params) -> dict[str, Any]:
        chat = self._target_chat(params)
        message = self._messages.get((str(chat["id"]), int(params.get("message_id") or 0)))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not message["from"].get("is_bot"):
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    @staticmethod
    def _new_markup(params: Params) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        return markup if isinstance(markup, dict) and markup.get("inline_keyboard") else None

    def _apply_edit(self, message: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        current = {k: message.get(k) for k in changes}
        if current == changes:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        return message

    async def _edit_message_text(self, params: Params, files: Files) -> Any:
        text = _visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _over_limit(text, params.get("parse_mode"), MAX_TEXT_LENGTH):
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        if params.get("inline_message_id"):
            return True
        with self._lock:
            message = self._own_message(params)
            if "text" not in message:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            changes = {"text": text, "reply_markup": self._new_markup(params)}
            return self._apply_edit(message, changes)

    async def _edit_message_caption(self, params: Params, files: Files) -> Any:
        caption = _visible_text(str(params.get("caption") or ""), params.get("parse_mode"))
        if _over_limit(caption, params.get("parse_mode"), MAX_CAPTION_LENGTH):
            raise ApiError(400, "Bad Request: message caption is too long")
        if params.get("inline_message_id"):
            return True
        with self._lock:
            message = self._own_message(params)
            changes = {"caption": caption or None, "reply_markup": self._new_markup(params)}
            return self._apply_edit(message, changes)

    async def _edit_message_reply_markup(self, params: Params, files: Files) -> Any:
        if params.get("inline_message_id"):
            return True
        with self._lock:
            message = self._own_message(params)
            return self._apply_edit(message, {"reply_markup": self._new_markup(params)})

    async def _delete_message(self, params: Params, files: Files) -> bool:
        with self._lock:
            chat = self._target_chat(params)
            key = (str(chat["id"]), int(params.get("message_id") or 0))
            if self._messages.pop(key, None) is None:
                raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def _send_chat_action(self, params: Params, files: Files) -> bool:
        with self._lock:
            self._target_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    async def _answer_callback_query(self, params: Params, files: Files) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        with self._lock:
            if query_id not in self._callback_ids:
                raise ApiError(
                    400,
                    "Bad Request: query is too old and response timeout expired or query ID "
                    "is invalid",
                )
            self._callback_ids.discard(query_id)
        return True

    def _media_sender(self, method: str) -> Callable[[Params, Files], Awaitable[dict[str, Any]]]:
        async def send(params: Params, files: Files) -> dict[str, Any]:
            return await self._send_media(method, params, files)

        return send

    async def _send_media(self, method: str, params: Params, files: Files) -> dict[str, Any]:
        field_name, kind, folder, extension = _MEDIA[method]
        caption = _visible_text(str(params.get("caption") or ""), params.get("parse_mode"))
        if _over_limit(caption, params.get("parse_mode"), MAX_CAPTION_LENGTH):
            raise ApiError(400, "Bad Request: message caption is too long")
        reference = params.get(field_name)
        upload = files.get(field_name)
        if upload is None and isinstance(reference, str) and reference.startswith("attach://"):
            upload = files.get(reference.removeprefix("attach://"))
        with self._lock:
            self._target_chat(params)
        if upload is not None:
            file_id, stored = await self._store_upload(upload, kind, folder, extension, params)
        elif isinstance(reference, str) and reference:
            file_id, stored = self._stored_by_reference(reference, kind)
        else:
            raise ApiError(400, f"Bad Request: there is no {field_name} in the request")
        with self._lock:
            chat = self._target_chat(params)
            extra = {kind: self._media_object(file_id, stored)}
            extra.update(self._message_extras(params, chat))
            if caption:
                extra["caption"] = caption
                if params.get("caption_entities"):
                    extra["caption_entities"] = params["caption_entities"]
            return self._new_message(chat, self._bot_user(), extra)

    async def _store_upload(
        self, upload: tuple[str, str, bytes], kind: str, folder: str, extension: str, params: Params
    ) -> tuple[str, _StoredFile]:
        filename, content_type, data = upload
        if len(data) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        if not data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        duration = params.get("duration")
        if kind in {"voice", "audio"} and not isinstance(duration, int | float):
            duration = await asyncio.get_running_loop().run_in_executor(
                None, _probe_duration_s, data
            )
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            number = next(self._ids)
            stored = _StoredFile(
                data=data,
                kind=kind,
                unique_id=f"U{digest[:15]}",
                path=f"{folder}/file_{number}.{extension}",
                mime_type=_sniff_mime(data, content_type),
                file_name=filename or f"file_{number}.{extension}",
                duration=int(duration or 0),
                extra={k: params[k] for k in ("title", "performer") if params.get(k)},
            )
            file_id = f"{kind.upper()}_{number:05d}_{digest[:12]}"
            self._files[file_id] = stored
        return file_id, stored

    def _stored_by_reference(self, reference: str, kind: str) -> tuple[str, _StoredFile]:
        if reference.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: failed to get HTTP URL content")
        with self._lock:
            stored = self._files.get(reference)
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise ApiError(
                400, f"Bad Request: can't use file of type {stored.kind.title()} as {kind.title()}"
            )
        return reference, stored

    @staticmethod
    def _media_object(file_id: str, stored: _StoredFile) -> Any:
        base = {"file_id": file_id, "file_unique_id": stored.unique_id,
                "file_size": len(stored.data)}  # fmt: skip
        if stored.kind == "voice":
            return {**base, "duration": stored.duration, "mime_type": stored.mime_type}
        if stored.kind == "audio":
            return {**base, "duration": stored.duration, "mime_type": stored.mime_type,
                    "file_name": stored.file_name, **stored.extra}  # fmt: skip
        if stored.kind == "photo":
            return [{**base, "width": 320, "height": 240}]
        return {**base, "file_name": stored.file_name, "mime_type": stored.mime_type}

    async def _get_file(self, params: Params, files: Files) -> dict[str, Any]:
        file_id = str(params.get("file_id") or "")
        with self._lock:
            stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": stored.unique_id,
                "file_size": len(stored.data), "file_path": stored.path}  # fmt: skip

    async def _get_chat(self, params: Params, files: Files) -> dict[str, Any]:
        with self._lock:
            chat = self._target_chat(params)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11}
