"""PostgreSQL behind the `Database` interface: an asyncpg pool, `?` placeholders rewritten."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Iterable
from functools import lru_cache
from typing import Any

import asyncpg

from bot.store.database import POSTGRES, Cursor, Statement

POOL_SIZE = 10
"""Connections per process; each statement borrows one for its own duration."""

_RETURNS_ROWS = re.compile(r"^\s*(SELECT|WITH|VALUES|SHOW)\b|\bRETURNING\b", re.IGNORECASE)


@lru_cache(maxsize=512)
def to_numbered(sql: str) -> str:
    """`?` → `$1, $2, …`, leaving quoted text and identifiers alone."""
    out: list[str] = []
    quote: str | None = None
    n = 0
    for char in sql:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            n += 1
            out.append(f"${n}")
            continue
        out.append(char)
    return "".join(out)


def _rowcount(status: str) -> int:
    """'UPDATE 3' → 3, 'INSERT 0 1' → 1; -1 when the status has no count."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


async def _run(conn: Any, sql: str, params: tuple[Any, ...]) -> Cursor:
    query = to_numbered(sql)
    if _RETURNS_ROWS.search(sql):
        rows = await conn.fetch(query, *params)
        return Cursor(rows, len(rows))
    status = await conn.execute(query, *params) if params else await conn.execute(query)
    return Cursor([], _rowcount(status))


class _Connection:
    """One borrowed connection inside a transaction (nested `transaction()` is a savepoint)."""

    dialect = POSTGRES

    def __init__(self, conn: Any, target: str) -> None:
        self.conn = conn
        self.target = target

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Statement:
        return Statement(_run(self.conn, sql, tuple(params)))

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Connection]:
        async with self.conn.transaction():
            yield self

    async def execute_script(self, script: str) -> None:
        """Several statements as one text (function bodies included), no parameters."""
        await self.conn.execute(script)

    async def close(self) -> None:
        return None


class PostgresDatabase:
    """A pool of asyncpg connections. Each statement commits on its own; `transaction()` holds
    one connection for several statements (all or none)."""

    dialect = POSTGRES

    def __init__(self, pool: asyncpg.Pool, target: str) -> None:
        self.pool = pool
        self.target = target

    @classmethod
    async def connect(cls, url: str, size: int = POOL_SIZE) -> PostgresDatabase:
        pool = await asyncpg.create_pool(url, min_size=1, max_size=size)
        return cls(pool, url)

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Statement:
        return Statement(self._run(sql, tuple(params)))

    async def _run(self, sql: str, params: tuple[Any, ...]) -> Cursor:
        async with self.pool.acquire() as conn:
            return await _run(conn, sql, params)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield _Connection(conn, self.target)

    async def close(self) -> None:
        await self.pool.close()
