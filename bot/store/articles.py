"""ArticleRepo: articles already read (by canonical URL and the links that led to them), their
audio files and Telegram file_ids, so a repeated link costs no fetch, synthesis or upload."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store.database import Database


@dataclass(frozen=True, slots=True)
class CachedArticle:
    url: str
    content_hash: str
    title: str
    site: str
    language: str
    summary: tuple[str, ...]
    words: int
    expires_at: str


@dataclass(frozen=True, slots=True)
class StoredAudio:
    audio_key: str
    part: int
    kind: str
    """"summary", "full" or "briefing"."""
    format: str
    path: str
    duration_s: float
    size_bytes: int
    engine: str
    file_id: str | None
    speed: float = 1.0
    """Speech speed of this file (file_ids are kept per speed)."""


class ArticleRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def find(self, url: str, now: datetime) -> CachedArticle | None:
        """A fresh article for a canonical URL or a link that once led to it."""
        async with self.db.execute(
            "SELECT a.url, content_hash, title, site, language, summary_json, words, expires_at"
            " FROM articles a LEFT JOIN url_aliases u ON u.article_url = a.url"
            " WHERE (a.url = ? OR u.url = ?) AND expires_at > ? LIMIT 1",
            (url, url, now.isoformat()),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return CachedArticle(
            row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])), row[6], row[7]
        )

    async def content_hash(self, url: str) -> str | None:
        """The stored content hash of an article, fresh or expired."""
        async with self.db.execute(
            "SELECT content_hash FROM articles WHERE url = ?", (url,)
        ) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def save(
        self,
        *,
        url: str,
        aliases: list[str],
        content_hash: str,
        title: str,
        site: str,
        language: str,
        summary: tuple[str, ...],
        words: int,
        now: datetime,
        ttl: timedelta,
        body: str = "",
    ) -> None:
        """Store or refresh an article. Changed content drops the old audio (it no longer fits)."""
        async with self.db.execute(
            "SELECT content_hash FROM articles WHERE url = ?", (url,)
        ) as cursor:
            old = await cursor.fetchone()
        if old is not None and old[0] != content_hash:
            await self.db.execute("DELETE FROM audio WHERE article_url = ?", (url,))
        await self.db.execute(
            "INSERT INTO articles (url, content_hash, title, site, language, summary_json, words,"
            " fetched_at, expires_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET content_hash = excluded.content_hash,"
            " title = excluded.title, site = excluded.site, language = excluded.language,"
            " summary_json = excluded.summary_json, words = excluded.words,"
            " fetched_at = excluded.fetched_at, expires_at = excluded.expires_at,"
            " body = excluded.body",
            (url, content_hash, title, site, language, json.dumps(list(summary)), words,
             now.isoformat(), (now + ttl).isoformat(), body),
        )  # fmt: skip
        for alias in {a for a in aliases if a and a != url}:
            await self.db.execute(
                "INSERT INTO url_aliases (url, article_url) VALUES (?, ?)"
                " ON CONFLICT(url) DO UPDATE SET article_url = excluded.article_url",
                (alias, url),
            )

    async def body(self, url: str) -> tuple[str, str] | None:
        """(title, text) of a stored article, for /teks; None when unknown or stored without."""
        async with self.db.execute(
            "SELECT title, body FROM articles WHERE url = ?", (url,)
        ) as cursor:
            row = await cursor.fetchone()
        return (row[0], row[1]) if row and row[1] else None

    async def body_by_hash(self, content_hash: str) -> tuple[str, str] | None:
        """(title, text) of the stored article with this content hash ("Teks lengkap")."""
        async with self.db.execute(
            "SELECT title, body FROM articles WHERE content_hash = ? AND body != '' LIMIT 1",
            (content_hash,),
        ) as cursor:
            row = await cursor.fetchone()
        return (row[0], row[1]) if row else None

    async def audio(
        self, url: str, kind: str, fmt: str, speed: float = 1.0
    ) -> list[StoredAudio]:
        """The parts of one reading of an article at one speed, in order."""
        async with self.db.execute(
            "SELECT audio_key, part, kind, format, path, duration_s, size_bytes, engine, file_id,"
            " speed FROM audio WHERE article_url = ? AND kind = ? AND format = ? AND speed = ?"
            " ORDER BY part",
            (url, kind, fmt, speed),
        ) as cursor:
            return [StoredAudio(*row) async for row in cursor]

    async def save_audio(self, url: str | None, audio: StoredAudio, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO audio (audio_key, part, article_url, kind, format, path, duration_s,"
            " size_bytes, engine, file_id, created_at, last_used_at, speed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(audio_key, part) DO UPDATE SET path = excluded.path,"
            " article_url = excluded.article_url, last_used_at = excluded.last_used_at,"
            " file_id = COALESCE(excluded.file_id, audio.file_id)",
            (audio.audio_key, audio.part, url, audio.kind, audio.format, audio.path,
             audio.duration_s, audio.size_bytes, audio.engine, audio.file_id,
             now.isoformat(), now.isoformat(), audio.speed),
        )  # fmt: skip

    async def set_file_id(self, audio_key: str, part: int, file_id: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE audio SET file_id = ?, last_used_at = ? WHERE audio_key = ? AND part = ?",
            (file_id, now.isoformat(), audio_key, part),
        )

    async def touch(self, audio_key: str, part: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE audio SET last_used_at = ? WHERE audio_key = ? AND part = ?",
            (now.isoformat(), audio_key, part),
        )

    async def forget_file_id(self, file_id: str) -> None:
        """Telegram refused a file_id (e.g. the bot token changed): upload again next time."""
        await self.db.execute("UPDATE audio SET file_id = NULL WHERE file_id = ?", (file_id,))
