"""The fake's memory (calls, updates, chats, messages, files, ...) behind one lock, and the Bot API
objects built from it: the bot, chats, users and messages."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from typing import Any

from tests.helpers.fake_telegram.records import ApiError, Call, Failure, Params, StoredFile

BOT_USERNAME = "SuaraBeritaBot"


class FakeState:
    """Everything the fake remembers; the methods and the server share it (hold `_lock`)."""

    def __init__(self, bot_username: str = BOT_USERNAME) -> None:
        self.bot_username = bot_username
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._loop: asyncio.AbstractEventLoop | None = None
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
        self._files: dict[str, StoredFile] = {}
        self._callback_ids: set[str] = set()
        self._failures: list[Failure] = []
        self._commands: dict[tuple[str, str], list[Any]] = {}
        self._bot_texts: dict[tuple[str, str], str] = {}
        self._webhook: dict[str, Any] = {}

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
