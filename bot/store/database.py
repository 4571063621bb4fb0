"""One database interface over SQLite (aiosqlite) and PostgreSQL (asyncpg).

Repositories write SQL once, with `?` placeholders and the subset both engines share
(`INSERT ... ON CONFLICT ... DO UPDATE/NOTHING`, `RETURNING`, `COALESCE`, `CASE`). The dialect
layer is what differs: placeholders (`?` → `$1`), how a statement reports its row count, column
types in the migrations, and transactions. Timestamps are ISO-8601 text in UTC on both engines,
so comparisons and ordering behave the same.

`db.execute(sql, params)` is awaitable and an async context manager, like aiosqlite's, and gives
a `Cursor` with the rows already read (`fetchone`, `fetchall`, `async for`, `rowcount`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Generator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

BUSY_TIMEOUT_MS = 5_000
"""How long an SQLite writer waits for a lock before it reports 'database is locked'."""

Row = Any
"""A row: `sqlite3.Row` or `asyncpg.Record`; both index by position and by column name."""


@dataclass(frozen=True, slots=True)
class Dialect:
    """What differs between the engines, for the few places that must know."""

    name: str
    """"sqlite" or "postgresql"."""

    @property
    def is_postgres(self) -> bool:
        return self.name == "postgresql"


SQLITE = Dialect("sqlite")
POSTGRES = Dialect("postgresql")


def is_postgres_url(target: str) -> bool:
    """True for `postgresql://…` / `postgres://…`; anything else is an SQLite file path."""
    return target.startswith(("postgresql://", "postgres://"))


def display_target(target: str) -> str:
    """The database for messages and logs: a URL's password is replaced by `***`."""
    if not is_postgres_url(target):
        return target
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(target)
    if parts.password is None:
        return target
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class Cursor:
    """The outcome of one statement: its rows (read eagerly) and how many rows it changed."""

    def __init__(self, rows: Sequence[Row], rowcount: int) -> None:
        self.rows = list(rows)
        self.rowcount = rowcount
        self._next = 0

    async def fetchone(self) -> Row | None:
        if self._next >= len(self.rows):
            return None
        self._next += 1
        return self.rows[self._next - 1]

    async def fetchall(self) -> list[Row]:
        rest, self._next = self.rows[self._next :], len(self.rows)
        return rest

    def __aiter__(self) -> AsyncIterator[Row]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Row]:
        while (row := await self.fetchone()) is not None:
            yield row


class Statement:
    """`await db.execute(...)` or `async with db.execute(...) as cursor:` (aiosqlite's shape)."""

    def __init__(self, run: Awaitable[Cursor]) -> None:
        self._run = run

    def __await__(self) -> Generator[Any, None, Cursor]:
        return self._run.__await__()

    async def __aenter__(self) -> Cursor:
        return await self._run

    async def __aexit__(self, *exc: object) -> None:
        return None


class Database(Protocol):
    """What repositories and jobs use; `SqliteDatabase` and `PostgresDatabase` implement it."""

    dialect: Dialect
    target: str

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Statement: ...

    def transaction(self) -> contextlib.AbstractAsyncContextManager[Database]: ...

    async def close(self) -> None: ...


class SqliteDatabase:
    """One aiosqlite connection in autocommit mode (WAL, foreign keys, busy timeout).

    Statements from concurrent handlers share the connection; each is atomic on its own.
    `transaction()` takes a write lock (`BEGIN IMMEDIATE`) and is used for migrations only.
    """

    dialect = SQLITE

    def __init__(self, connection: aiosqlite.Connection, target: str) -> None:
        self.connection = connection
        self.target = target
        self._tx_lock = asyncio.Lock()

    @classmethod
    async def connect(cls, path: str) -> SqliteDatabase:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        for pragma in (
            f"busy_timeout = {BUSY_TIMEOUT_MS}",
            "journal_mode = WAL",
            "foreign_keys = ON",
            "synchronous = NORMAL",
        ):
            await connection.execute(f"PRAGMA {pragma}")
        return cls(connection, path)

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Statement:
        return Statement(self._run(sql, tuple(params)))

    async def _run(self, sql: str, params: tuple[Any, ...]) -> Cursor:
        async with self.connection.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
            return Cursor(rows, cursor.rowcount)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteDatabase]:
        async with self._tx_lock:
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")

    async def close(self) -> None:
        await self.connection.close()


async def connect(target: str) -> Database:
    """Open the database named by `SUARA_DB`: a `postgresql://` URL or an SQLite file path."""
    if is_postgres_url(target):
        from bot.store.postgres import PostgresDatabase

        return await PostgresDatabase.connect(target)
    return await SqliteDatabase.connect(target)
