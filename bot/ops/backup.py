"""Online backup of the SQLite database with SQLite's backup API, safe while the bot runs.

The copy is taken in one step inside a read transaction: in WAL mode (which `open_db` sets) the
bot's writers carry on meanwhile, and the copy is one consistent snapshot, WAL contents included.
It is written beside the target, switched to a self-contained rollback-journal file, checked with
`PRAGMA integrity_check`, and only then renamed into place, so a failed backup never leaves a
half-written file under the target name.

Restore (bot stopped): copy the backup over `SUARA_DB`, delete `SUARA_DB-wal` and `SUARA_DB-shm`
if present, start the bot; migrations newer than the backup run at start.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

logger = logging.getLogger(__name__)


class BackupError(Exception):
    """The backup could not be made (missing source, target exists, failed check)."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: str
    size_bytes: int
    seconds: float
    migrations: tuple[str, ...]
    """Migrations recorded in the copy (what a restore starts from)."""


def _check_copy(path: str) -> tuple[str, ...]:
    """Make the copy self-contained, verify it and list its migrations (runs in a thread)."""
    copy = sqlite3.connect(path)
    try:
        copy.execute("PRAGMA journal_mode = DELETE")
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError("backup failed its integrity check: " + "; ".join(problems[:3]))
        has_table = copy.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        if not has_table:
            return ()
        rows = copy.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
        return tuple(row[0] for row in rows)
    finally:
        copy.close()


def _fsync(path: str) -> None:
    with open(path, "rb") as file:
        os.fsync(file.fileno())


async def backup_database(source: str, target: str, overwrite: bool = False) -> BackupResult:
    """Copy the database at `source` to `target` while it may be in use.

    Raises BackupError when `source` does not exist, `target` exists (unless `overwrite`), or
    the copy fails its integrity check.
    """
    started = time.perf_counter()
    if source == ":memory:" or not Path(source).is_file():
        raise BackupError(f"no database at {source}")
    destination = Path(target)
    if destination.resolve() == Path(source).resolve():
        raise BackupError("the backup must not overwrite the database itself")
    if destination.exists() and not overwrite:
        raise BackupError(f"{target} exists (use --force to replace it)")
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent
    )
    os.close(handle)
    try:
        # check_same_thread=False: aiosqlite runs the copy in the source connection's thread.
        copy = sqlite3.connect(partial, check_same_thread=False)
        try:
            async with aiosqlite.connect(source) as db:
                await db.execute("PRAGMA busy_timeout = 5000")
                await db.backup(copy)  # pages=0: one step, one consistent snapshot
        finally:
            copy.close()
        migrations = await asyncio.to_thread(_check_copy, partial)
        await asyncio.to_thread(_fsync, partial)
        os.replace(partial, destination)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    result = BackupResult(
        path=str(destination),
        size_bytes=destination.stat().st_size,
        seconds=time.perf_counter() - started,
        migrations=migrations,
    )
    logger.info(
        "backup of %s written to %s (%d bytes, %.2f s)",
        source, result.path, result.size_bytes, result.seconds,
    )  # fmt: skip
    return result


__all__ = ["BackupError", "BackupResult", "backup_database"]
