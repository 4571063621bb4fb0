"""Download an HTML page: every hop checked by the guard, bounded in time, size and redirects.

Limits: the whole fetch (DNS, every redirect, the body) within `fetch_timeout_s`; at most
`fetch_max_redirects` hops, each checked by `bot.fetch.guard` and sent to the checked IP; at most
`fetch_max_bytes` raw and decompressed (gzip/deflate are decoded here in bounded steps, one
coding only, so a 1 KB "gzip, gzip" body cannot become gigabytes in one call); the HTML's shape
(`bot.fetch.limits`) before any parser sees it.
"""

from __future__ import annotations

import asyncio
import codecs
import functools
import logging
import re
import ssl
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from charset_normalizer import from_bytes

from bot.config import Settings
from bot.errors import FetchError, FetchTimeout, HttpStatusError, InvalidLink, NotHtml, TooLarge
from bot.fetch.guard import PortPolicy, Target, check_port, check_url, parse_http_url
from bot.fetch.limits import check_html_shape
from bot.models import FetchedPage

logger = logging.getLogger(__name__)

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36 SuaraBerita/0.1"
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT_ENCODING = "gzip, deflate"
"""The codings `_BodyDecoder` decodes; a server that sends another one is refused."""
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_UNSAFE_CHARSETS = frozenset(
    codecs.lookup(name).name
    for name in ("idna", "punycode", "raw_unicode_escape", "unicode_escape", "undefined", "utf_7")
)
"""Codecs Python knows that no web page is written in (WHATWG maps none of them), by the name
`codecs.lookup` gives ("unicode-escape", "utf-7")."""
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Control characters libxml2 cannot hold in a text node (lxml raises ValueError when code sets
such text); real CMS output contains them now and then."""


@dataclass(frozen=True, slots=True)
class Response:
    """Raw bytes of a fetched resource with the headers that matter."""

    url: str
    final_url: str
    status: int
    content_type: str
    headers: httpx.Headers
    body: bytes


def _address_url(target: Target) -> str:
    """The URL rewritten to the checked IP, so the connection goes where the guard looked."""
    parts = urlsplit(target.url.strip())
    host = f"[{target.address}]" if target.address.version == 6 else str(target.address)
    netloc = f"{host}:{target.port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _host_header(target: Target) -> str:
    host = f"[{target.host}]" if ":" in target.host else target.host
    default_port = 443 if target.url.strip()[:6].lower() == "https:" else 80
    return host if target.port == default_port else f"{host}:{target.port}"


def port_policy(settings: Settings) -> PortPolicy:
    """The port policy from SUARA_ALLOWED_PORTS (default: web ports; any with private hosts)."""
    return PortPolicy.parse(settings.allowed_ports)


async def fetch_bytes(
    url: str,
    settings: Settings,
    client: httpx.AsyncClient | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """GET `url`, following at most `settings.fetch_max_redirects` checked redirects."""
    own_client = client is None
    if client is None:
        client = make_client(settings)
    try:
        return await asyncio.wait_for(
            _fetch(url, settings, client, headers or {}), timeout=settings.fetch_timeout_s
        )
    except (TimeoutError, httpx.TimeoutException) as exc:
        raise FetchTimeout(f"no answer from {urlsplit(url).hostname} in time") from exc
    except httpx.InvalidURL as exc:
        raise InvalidLink(f"malformed URL: {url[:80]!r}") from exc
    except httpx.HTTPError as exc:
        host = _safe_hostname(url)
        raise FetchError(f"could not reach {host}: {type(exc).__name__}") from exc
    finally:
        if own_client:
            await client.aclose()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context for every client: building one loads the CA bundle (about 40 ms of CPU
    on the event loop per client, measured under bench/load.py)."""
    return httpx.create_ssl_context()


def make_client(settings: Settings) -> httpx.AsyncClient:
    """An httpx client for page fetching (no automatic redirects: we check each hop)."""
    return httpx.AsyncClient(
        verify=_tls_context(),
        follow_redirects=False,
        timeout=httpx.Timeout(settings.fetch_timeout_s),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Language": "id-ID,id;q=0.9,en;q=0.6",
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        trust_env=False,
    )


async def _fetch(
    url: str, settings: Settings, client: httpx.AsyncClient, headers: dict[str, str]
) -> Response:
    current = url
    ports = port_policy(settings)
    for _hop in range(settings.fetch_max_redirects + 1):
        check_port(parse_http_url(current)[2], ports, settings.allow_private_hosts)
        target = await check_url(current, allow_private=settings.allow_private_hosts)
        request = client.build_request(
            "GET",
            _address_url(target),
            headers={**headers, "Host": _host_header(target)},
            extensions={"sni_hostname": target.host},
        )
        response = await client.send(request, stream=True)
        try:
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise HttpStatusError(response.status_code, "redirect without a location")
                current = _redirect_target(current, location)
                continue
            if response.status_code == 304:
                return Response(url, current, 304, "", response.headers, b"")
            if response.status_code >= 400:
                raise HttpStatusError(response.status_code)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.fetch_max_bytes:
                raise TooLarge(f"page is {int(declared)} bytes")
            body = await _read_body(response, settings.fetch_max_bytes)
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            status = response.status_code
            return Response(url, current, status, content_type, response.headers, body)
        finally:
            await response.aclose()
    raise FetchError(f"more than {settings.fetch_max_redirects} redirects")


def _redirect_target(current: str, location: str) -> str:
    """The absolute URL a Location header points to (checked by the guard on the next hop)."""
    try:
        return urljoin(current, location.strip())
    except ValueError as exc:
        raise InvalidLink(f"malformed redirect to {location[:80]!r}") from exc


def _safe_hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or "?"
    except ValueError:
        return "?"


class _BodyDecoder:
    """Content-Encoding gzip or deflate, decoded in steps that never exceed the byte cap."""

    def __init__(self, content_encoding: str, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise FetchError(f"layered content encoding {content_encoding[:40]!r}")
        coding = codings[0] if codings else ""
        if coding not in ("", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported content encoding {coding[:20]!r}")
        self.coding = coding
        self.max_bytes = max_bytes
        self.size = 0
        # gzip: gzip header; deflate: zlib header (32+: either), raw deflate tried on error.
        wbits = 16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else 32 + zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(wbits) if coding else None
        self._started = False

    def feed(self, data: bytes) -> bytes:
        """Decode one raw piece; raise TooLarge once the decoded body passes `max_bytes`."""
        out = data if self._inflate is None else self._inflate_bounded(data)
        self.size += len(out)
        if self.size > self.max_bytes:
            raise TooLarge(f"page is over {self.max_bytes} bytes")
        return out

    def finish(self) -> None:
        """Raise FetchError if a compressed body ended before its end marker (cut off)."""
        if self._inflate is not None and self._started and not self._inflate.eof:
            raise FetchError(f"corrupt or truncated {self.coding} body")

    def _inflate_bounded(self, data: bytes) -> bytes:
        assert self._inflate is not None
        if self._inflate.eof:
            return b""  # bytes after the end of the stream are ignored
        first, self._started = not self._started, True
        try:
            return self._inflate_steps(data)
        except zlib.error as exc:
            if not (first and self.coding == "deflate"):
                raise FetchError(f"corrupt {self.coding} body") from exc
        # Some servers send "deflate" without the zlib header: raw deflate.
        self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            return self._inflate_steps(data)
        except zlib.error as exc:
            raise FetchError("corrupt deflate body") from exc

    def _inflate_steps(self, data: bytes) -> bytes:
        """Inflate with `max_length`, so output stops one byte past the cap, whatever the ratio."""
        assert self._inflate is not None
        out = bytearray()
        pending = data
        while pending and not self._inflate.eof:
            room = self.max_bytes - self.size - len(out) + 1
            out += self._inflate.decompress(pending, max(room, 1))
            if self.size + len(out) > self.max_bytes:
                break
            pending = self._inflate.unconsumed_tail
        return bytes(out)


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    """The body, decoded, at most `max_bytes` raw and decoded (TooLarge otherwise)."""
    decoder = _BodyDecoder(response.headers.get("content-encoding", ""), max_bytes)
    body = bytearray()
    raw_size = 0
    async for piece in response.aiter_raw():
        raw_size += len(piece)
        if raw_size > max_bytes:
            raise TooLarge(f"page is over {max_bytes} bytes")
        body += decoder.feed(piece)
    decoder.finish()
    return bytes(body)


def decode_html(body: bytes, content_type_header: str = "") -> str:
    """Decode HTML bytes: charset from the header, then <meta>, then a detector.

    A declared charset is used only when it decodes the bytes without error and keeps the
    page's markup readable (a page declared UTF-16 or EBCDIC but written in ASCII is not).
    Control characters an XML tree cannot hold are removed.
    """
    return _XML_INCOMPATIBLE.sub("", _decode(body, content_type_header))


def _decode(body: bytes, content_type_header: str) -> str:
    candidates: list[str] = []
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type_header, re.I)
    if match:
        candidates.append(match.group(1))
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for charset in candidates:
        text = _decode_as(body, charset)
        if text is not None:
            return text
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(body).best()
        return str(best) if best is not None else body.decode("utf-8", "replace")


def _decode_as(body: bytes, charset: str) -> str | None:
    """`body` in `charset`, or None if the charset is unknown, unsafe or clearly wrong."""
    try:
        codec = codecs.lookup(charset)
    except (LookupError, ValueError):
        return None
    if codec.name in _UNSAFE_CHARSETS or not getattr(codec, "_is_text_encoding", True):
        return None
    try:
        text = body.decode(codec.name)
    except (UnicodeError, ValueError):
        return None
    if b"<" in body[:1024] and "<" not in text[:1024]:
        return None  # an ASCII-incompatible charset declared for an ASCII-compatible page
    return text


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta"))


async def fetch_page(
    url: str, settings: Settings, client: httpx.AsyncClient | None = None
) -> FetchedPage:
    """Fetch an article page. Raises a FetchError subclass with a reason a user can be told."""
    if len(url) > 2048:
        raise InvalidLink("link is too long")
    response = await fetch_bytes(url, settings, client)
    content_type = response.content_type
    sniffable = content_type in ("text/plain", "application/octet-stream")
    if (
        content_type
        and content_type not in HTML_TYPES
        and not (sniffable and _looks_like_html(response.body))
    ):
        raise NotHtml(f"content type {content_type}")
    if not content_type and not _looks_like_html(response.body):
        raise NotHtml("no content type and not HTML")
    if not response.body.strip():
        raise FetchError("empty page")
    html = decode_html(response.body, response.headers.get("content-type", ""))
    check_html_shape(html)
    logger.debug("fetched %s (%d bytes)", response.final_url, len(response.body))
    return FetchedPage(
        url=url,
        final_url=response.final_url,
        status=response.status,
        content_type=content_type or "text/html",
        html=html,
        fetched_at=datetime.now(UTC),
    )


__all__ = ["Response", "decode_html", "fetch_bytes", "fetch_page", "make_client", "port_policy"]
