"""Download an HTML page: every hop checked by the guard, bounded in time, size and redirects."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from charset_normalizer import from_bytes

from bot.config import Settings
from bot.errors import FetchError, FetchTimeout, HttpStatusError, InvalidLink, NotHtml, TooLarge
from bot.fetch.guard import Target, check_url
from bot.models import FetchedPage

logger = logging.getLogger(__name__)

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36 SuaraBerita/0.1"
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


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
    parts = urlsplit(target.url)
    host = f"[{target.address}]" if target.address.version == 6 else str(target.address)
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def _host_header(target: Target) -> str:
    parts = urlsplit(target.url)
    return target.host if parts.port is None else f"{target.host}:{parts.port}"


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
    except httpx.HTTPError as exc:
        raise FetchError(f"could not reach {urlsplit(url).hostname}: {type(exc).__name__}") from exc
    finally:
        if own_client:
            await client.aclose()


def make_client(settings: Settings) -> httpx.AsyncClient:
    """An httpx client for page fetching (no automatic redirects: we check each hop)."""
    return httpx.AsyncClient(
        follow_redirects=False,
        timeout=httpx.Timeout(settings.fetch_timeout_s),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Language": "id-ID,id;q=0.9,en;q=0.6",
        },
        trust_env=False,
    )


async def _fetch(
    url: str, settings: Settings, client: httpx.AsyncClient, headers: dict[str, str]
) -> Response:
    current = url
    for _hop in range(settings.fetch_max_redirects + 1):
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
                current = urljoin(current, location)
                continue
            if response.status_code == 304:
                return Response(url, current, 304, "", response.headers, b"")
            if response.status_code >= 400:
                raise HttpStatusError(response.status_code)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.fetch_max_bytes:
                raise TooLarge(f"page is {int(declared)} bytes")
            body = bytearray()
            # aiter_bytes decompresses, so the cap also holds against gzip bombs.
            async for piece in response.aiter_bytes():
                body.extend(piece)
                if len(body) > settings.fetch_max_bytes:
                    raise TooLarge(f"page is over {settings.fetch_max_bytes} bytes")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return Response(
                url, current, response.status_code, content_type, response.headers, bytes(body)
            )
        finally:
            await response.aclose()
    raise FetchError(f"more than {settings.fetch_max_redirects} redirects")


def decode_html(body: bytes, content_type_header: str = "") -> str:
    """Decode HTML bytes: charset from the header, then <meta>, then a detector."""
    candidates: list[str] = []
    match = re.search(r"charset=([\w.:-]+)", content_type_header, re.I)
    if match:
        candidates.append(match.group(1))
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for charset in candidates:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(body).best()
        return str(best) if best is not None else body.decode("utf-8", "replace")


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
    logger.debug("fetched %s (%d bytes)", response.final_url, len(response.body))
    return FetchedPage(
        url=url,
        final_url=response.final_url,
        status=response.status,
        content_type=content_type or "text/html",
        html=html,
        fetched_at=datetime.now(UTC),
    )


__all__ = ["Response", "decode_html", "fetch_bytes", "fetch_page", "make_client"]
