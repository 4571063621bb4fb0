"""Bot API methods about the bot itself: getMe, getUpdates (a real long poll), webhooks, commands,
and the bot's name and descriptions."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from tests.helpers.fake_telegram.records import ApiError, Files, Params, default_description
from tests.helpers.fake_telegram.state import FakeState

_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


class BotMethods(FakeState):
    """Handlers of the bot's own methods (each takes the request's params and files)."""

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
                    raise ApiError(409, default_description(409, None))
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
