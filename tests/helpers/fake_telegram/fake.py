"""`FakeTelegram`, the side tests use: read and wait for the calls, act as users (messages, button
presses), inject failures, reset between tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

from tests.helpers.fake_telegram.records import Call, Failure, default_description, same_chat
from tests.helpers.fake_telegram.server import FakeServer
from tests.helpers.fake_telegram.text_rules import detect_entities

_SEND_METHODS = frozenset(
    "sendmessage sendvoice sendaudio senddocument sendphoto sendvideo copymessage "
    "forwardmessage".split()
)


class FakeTelegram(FakeServer):
    """Fake Bot API on 127.0.0.1: answers PTB, logs every call, injects failures.

    Attributes:
        latency_s: seconds every method except getUpdates waits before answering.
    """

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
                if c.ok and c.method.lower() in _SEND_METHODS and same_chat(c.chat_id, chat_id)
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
                and (chat_id is None or same_chat(c.chat_id, chat_id))
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
                Failure(
                    method.lower(),
                    chat_id,
                    status,
                    description or default_description(status, retry_after),
                    retry_after if status == 429 else None,
                    times,
                )
            )

    def clear_failures(self) -> None:
        with self._lock:
            self._failures.clear()

    def _wake_pollers(self) -> None:
        loop, event = self._loop, self._update_event
        if loop is not None and event is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(event.set)
