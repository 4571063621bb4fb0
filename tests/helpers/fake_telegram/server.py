"""The fake's aiohttp server in a background thread with its own event loop: start and stop, the
routes, and answering a call (latency, injected failures, the call log, the method handlers)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any, Self

from aiohttp import web

from tests.helpers.fake_telegram.bot_methods import BotMethods
from tests.helpers.fake_telegram.media_methods import MAX_UPLOAD_BYTES, MediaMethods
from tests.helpers.fake_telegram.message_methods import MessageMethods
from tests.helpers.fake_telegram.records import ApiError, Call, Files, Params, same_chat
from tests.helpers.fake_telegram.state import BOT_USERNAME

logger = logging.getLogger(__name__)

# Values of these parameters are free text or file references: never JSON-decode them.
_TEXT_KEYS = frozenset(
    "text caption description short_description name title performer data query url "
    "secret_token parse_mode action file_id voice audio document photo video animation "
    "thumbnail callback_query_id inline_message_id language_code emoji message_effect_id "
    "business_connection_id file_name".split()
)


def _decode_value(key: str, value: str) -> Any:
    """PTB sends non-string values JSON-encoded; free-text values stay strings."""
    if key in _TEXT_KEYS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeServer(BotMethods, MessageMethods, MediaMethods):
    """The Bot API over HTTP on 127.0.0.1; a context manager."""

    def __init__(self, latency_s: float = 0.0, bot_username: str = BOT_USERNAME) -> None:
        super().__init__(bot_username)
        self.latency_s = latency_s
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Self:
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

    def __enter__(self) -> Self:
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
            if failure.chat_id is not None and not same_chat(failure.chat_id, chat_id):
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
