"""Bot API methods on messages and chats: send, edit and delete messages, chat actions, callback
answers, getChat."""

from __future__ import annotations

import time
from typing import Any

from tests.helpers.fake_telegram.records import ApiError, Files, Params
from tests.helpers.fake_telegram.state import FakeState
from tests.helpers.fake_telegram.text_rules import (
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    over_limit,
    visible_text,
)

_CHAT_ACTIONS = frozenset(
    "typing upload_photo record_video upload_video record_voice upload_voice upload_document "
    "choose_sticker find_location record_video_note upload_video_note".split()
)


class MessageMethods(FakeState):
    """Handlers of the message and chat methods (each takes the request's params and files)."""

    async def _send_message(self, params: Params, files: Files) -> dict[str, Any]:
        text = visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if over_limit(text, params.get("parse_mode"), MAX_TEXT_LENGTH):
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
        text = visible_text(str(params.get("text") or ""), params.get("parse_mode"))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if over_limit(text, params.get("parse_mode"), MAX_TEXT_LENGTH):
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
        caption = visible_text(str(params.get("caption") or ""), params.get("parse_mode"))
        if over_limit(caption, params.get("parse_mode"), MAX_CAPTION_LENGTH):
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

    async def _get_chat(self, params: Params, files: Files) -> dict[str, Any]:
        with self._lock:
            chat = self._target_chat(params)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11}
