"""A fake Telegram Bot API server on aiohttp, for the real python-telegram-bot client.

    with FakeTelegram() as tg:
        app = (ApplicationBuilder().token("123:ABC")
               .base_url(f"{tg.base}/bot").base_file_url(f"{tg.base}/file/bot").build())
        ...                                      # start polling in the test's loop or a subprocess
        tg.user_text(42, "/start")
        [reply] = tg.wait_for_sync("sendMessage", chat_id=42)

The server runs in a background thread with its own event loop, so it serves sync tests, async
tests (whose loop runs the bot) and a bot in a subprocess (`SUARA_TELEGRAM_API=tg.base`). Every
helper is thread-safe. Design and pitfalls: see the comments in `server.py`.

Behaviour copied from the real Bot API because product code has to cope with it: dates in seconds,
message ids increasing per chat, getUpdates as a long poll honouring `offset` (a second poller gets
409), text/caption length limits, "message is not modified" on an identical edit, editing text
without `reply_markup` drops the inline keyboard, unknown file ids and callback ids answer 400,
unknown methods 404.

Modules: `fake` (FakeTelegram, what tests use), `server` (thread, routes, answering a call),
`bot_methods`, `message_methods` and `media_methods` (the Bot API methods), `state` (what the fake
remembers, Bot API objects), `records` (Call, failures, stored files, errors), `text_rules`
(entities, UTF-16 lengths, limits).
"""

from tests.helpers.fake_telegram.fake import FakeTelegram
from tests.helpers.fake_telegram.records import Call
from tests.helpers.fake_telegram.text_rules import detect_entities

__all__ = ["Call", "FakeTelegram", "detect_entities"]
