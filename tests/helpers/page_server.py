"""A loopback web server for saved news pages and feeds, with redirects and conditional GET.

    with PageServer() as pages:
        pages.add("/berita/1", "<html>...</html>")
        pages.add_file("/kompas", Path("page.html.gz"))     # served as decompressed HTML
        pages.redirect("/pendek", "/berita/1")
        pages.add("/rss", feed_xml, content_type="application/rss+xml", etag=True)
        fetch(pages.url("/pendek"))
        assert pages.hits["/berita/1"] == 1

Runs a `ThreadingHTTPServer` on 127.0.0.1:0 in a daemon thread, so sync code, async code and
subprocesses can all reach it. Routes can be replaced at any time (a feed that changes).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import mimetypes
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.helpers.threaded import LoopbackServer, ThreadedServer

logger = logging.getLogger(__name__)

HTML = "text/html; charset=utf-8"
_CONTENT_TYPES = {
    ".html": HTML,
    ".htm": HTML,
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class Route:
    """What the server answers for one path."""

    body: bytes
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    """Quoted entity tag; a matching If-None-Match gets 304."""
    last_modified: datetime | None = None
    """A later-or-equal If-Modified-Since gets 304 (when no If-None-Match was sent)."""
    delay_s: float = 0.0
    chunked: bool = False
    """Send with Transfer-Encoding: chunked and no Content-Length (size caps must still hold)."""
    compress: bool = False
    """Send Content-Encoding: gzip to clients that accept it."""


@dataclass(frozen=True, slots=True)
class SeenRequest:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    status: int


class _Handler(BaseHTTPRequestHandler):
    server: LoopbackServer
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections end instead of holding a thread

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("page server: " + format, *args)

    def do_GET(self) -> None:
        self.server.owner._serve(self, head=False)

    def do_HEAD(self) -> None:
        self.server.owner._serve(self, head=True)


def _quote_etag(tag: str) -> str:
    if tag.startswith(('"', 'W/"')):
        return tag
    return f'"{tag}"'


def _etag_matches(header: str, etag: str) -> bool:
    """Weak comparison of an If-None-Match header against our tag (RFC 9110 §13.1.2)."""
    if header.strip() == "*":
        return True
    ours = etag.removeprefix("W/")
    return any(candidate.strip().removeprefix("W/") == ours for candidate in header.split(","))


class PageServer(ThreadedServer):
    """Serve canned pages on 127.0.0.1 and count the hits.

    Attributes:
        latency_s: seconds every request waits before answering (settable at any time).
    """

    handler = _Handler
    thread_name = "page-server"

    def __init__(self, latency_s: float = 0.0) -> None:
        self.latency_s = latency_s
        self._lock = threading.Lock()
        self._routes: dict[str, Route] = {}
        self._hits: Counter[str] = Counter()
        self._requests: list[SeenRequest] = []

    # lifecycle

    @property
    def base(self) -> str:
        """`http://127.0.0.1:PORT`, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """The absolute URL of `path` on this server."""
        return self.base + (path if path.startswith("/") else "/" + path)

    # routes

    def add(
        self,
        path: str,
        body: bytes | str,
        content_type: str = HTML,
        status: int = 200,
        headers: dict[str, str] | None = None,
        *,
        etag: str | bool | None = None,
        last_modified: datetime | None = None,
        delay_s: float = 0.0,
        chunked: bool = False,
        compress: bool = False,
    ) -> str:
        """Serve `body` at `path` (replacing any earlier route); returns the absolute URL.

        Args:
            path: the request target; one with a query string matches only that query, one
                without matches any query.
            etag: a tag (quoted if needed), or True to derive one from the body.
            last_modified: sent as Last-Modified; If-Modified-Since at or after it gets 304.
        """
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        extra = dict(headers or {})
        tag: str | None
        if etag is True:
            tag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        elif isinstance(etag, str):
            tag = _quote_etag(etag)
        else:
            tag = None
        for name, value in extra.items():  # ETag/Last-Modified given as plain headers count too
            if name.lower() == "etag" and tag is None:
                tag = _quote_etag(value)
            elif name.lower() == "last-modified" and last_modified is None:
                last_modified = parsedate_to_datetime(value)
        extra = {k: v for k, v in extra.items() if k.lower() not in {"etag", "last-modified"}}
        if last_modified is not None and last_modified.tzinfo is None:
            last_modified = last_modified.replace(tzinfo=UTC)
        route = Route(
            data, content_type, status, extra, tag, last_modified, delay_s, chunked, compress
        )
        with self._lock:
            self._routes[self._normalize(path)] = route
        return self.url(path)

    def add_file(
        self, path: str, file: str | Path, content_type: str | None = None, **options: object
    ) -> str:
        """Serve a file's content at `path`; `*.gz` files are served decompressed.

        The content type follows the name without `.gz` (`x.html.gz` → HTML) unless given.
        """
        file = Path(file)
        data = file.read_bytes()
        name = file.name
        if name.endswith(".gz"):
            data = gzip.decompress(data)
            name = name.removesuffix(".gz")
        if content_type is None:
            suffix = Path(name).suffix.lower()
            content_type = _CONTENT_TYPES.get(suffix) or (
                mimetypes.guess_type(name)[0] or "application/octet-stream"
            )
        return self.add(path, data, content_type, **options)  # type: ignore[arg-type]

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        """Answer `path` with a redirect to `location` (relative or absolute, sent as given)."""
        return self.add(path, b"", "text/plain", status, {"Location": location})

    def remove(self, path: str) -> None:
        """Forget a route: the path answers 404 again."""
        with self._lock:
            self._routes.pop(self._normalize(path), None)

    def reset(self) -> None:
        """Forget routes, hits, the request log and latency."""
        with self._lock:
            self._routes.clear()
            self._hits.clear()
            self._requests.clear()
            self.latency_s = 0.0

    # observations

    @property
    def hits(self) -> Counter[str]:
        """Requests per path as requested (query string included), 404s too (a copy)."""
        with self._lock:
            return Counter(self._hits)

    @property
    def requests(self) -> list[SeenRequest]:
        """Every request with its headers and the status answered (a copy)."""
        with self._lock:
            return list(self._requests)

    # serving (runs in server threads)

    @staticmethod
    def _normalize(path: str) -> str:
        return path if path.startswith("/") else "/" + path

    def _find(self, target: str) -> Route | None:
        with self._lock:
            route = self._routes.get(target)
            if route is None:
                route = self._routes.get(urllib.parse.urlsplit(target).path)
            return route

    def _serve(self, handler: _Handler, head: bool) -> None:
        target = handler.path
        route = self._find(target)
        delay = self.latency_s + (route.delay_s if route else 0.0)
        if delay > 0:
            time.sleep(delay)
        if route is None:
            status, body, headers = 404, b"<html><body>Not Found</body></html>", {}
            content_type, chunked, compress = HTML, False, False
        else:
            status, body, headers = route.status, route.body, dict(route.headers)
            content_type, chunked = route.content_type, route.chunked
            compress = route.compress and "gzip" in (handler.headers.get("Accept-Encoding") or "")
            if route.etag:
                headers["ETag"] = route.etag
            if route.last_modified:
                headers["Last-Modified"] = format_datetime(route.last_modified, usegmt=True)
            if status == 200 and self._not_modified(handler, route):
                status, body, chunked, compress = 304, b"", False, False
        with self._lock:
            self._hits[target] += 1
            self._requests.append(
                SeenRequest(handler.command, target, dict(handler.headers.items()), status)
            )
        if compress:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        handler.send_response(status)
        if status != 304:
            handler.send_header("Content-Type", content_type)
        for name, value in headers.items():
            handler.send_header(name, value)
        if chunked and not head:
            handler.send_header("Transfer-Encoding", "chunked")
        elif status != 304:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if head or status == 304:
            return
        try:
            if chunked:
                for start in range(0, len(body), 16_384):
                    piece = body[start : start + 16_384]
                    handler.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                handler.wfile.write(b"0\r\n\r\n")
            else:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The client stopped reading (a size cap doing its job).
            handler.close_connection = True

    @staticmethod
    def _not_modified(handler: _Handler, route: Route) -> bool:
        if_none_match = handler.headers.get("If-None-Match")
        if if_none_match is not None:
            return route.etag is not None and _etag_matches(if_none_match, route.etag)
        if_modified_since = handler.headers.get("If-Modified-Since")
        if if_modified_since and route.last_modified is not None:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return route.last_modified.replace(microsecond=0) <= since
        return False
