"""A loopback HTTP server in a daemon thread: the lifecycle the page server and fake gTTS share."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: Any
    """The fake this server serves for (handlers reach it as `self.server.owner`)."""


class ThreadedServer:
    """Serve on a free 127.0.0.1 port from a daemon thread; stop cleanly; a context manager."""

    handler: type[BaseHTTPRequestHandler]
    thread_name = "loopback"

    _server: LoopbackServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> Self:
        """Bind to a free loopback port and serve in a daemon thread."""
        if self._server is not None:
            return self
        server = LoopbackServer(("127.0.0.1", 0), self.handler)
        server.owner = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True,
            name=f"{self.thread_name}-{server.server_address[1]}",
        )  # fmt: skip
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return int(self._server.server_address[1])
