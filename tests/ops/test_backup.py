"""Online backup: a consistent, restorable copy taken while the bot keeps writing."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.ops.backup import BackupError, backup_database
from bot.store.db import open_db
from bot.store.migrations import MIGRATIONS

NOW = "2026-11-27T05:00:00+00:00"


async def add_user(db, user_id: int) -> None:
    await db.execute(
        "INSERT INTO users (user_id, chat_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
        (user_id, user_id, NOW, NOW),
    )


def user_ids(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT user_id FROM users ORDER BY user_id")]


async def test_backup_holds_committed_rows_still_in_the_wal(tmp_path: Path) -> None:
    source = tmp_path / "suara.db"
    db = await open_db(str(source))
    try:
        for user_id in (1, 2, 3):
            await add_user(db, user_id)
        assert Path(f"{source}-wal").stat().st_size > 0  # the rows are not checkpointed yet
        result = await backup_database(str(source), str(tmp_path / "backups" / "copy.db"))
    finally:
        await db.close()
    copy = Path(result.path)
    assert user_ids(copy) == [1, 2, 3]
    assert result.size_bytes == copy.stat().st_size > 0
    assert result.migrations == tuple(name for name, _ in MIGRATIONS)
    assert not Path(f"{copy}-wal").exists()  # one self-contained file
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list(copy.parent.glob("*.partial"))


async def test_backup_leaves_out_an_open_transaction(tmp_path: Path) -> None:
    source = tmp_path / "suara.db"
    db = await open_db(str(source))
    try:
        await add_user(db, 1)
        await db.execute("BEGIN IMMEDIATE")
        await add_user(db, 2)  # not committed while the backup runs
        result = await backup_database(str(source), str(tmp_path / "copy.db"))
        await db.execute("ROLLBACK")
    finally:
        await db.close()
    assert user_ids(Path(result.path)) == [1]


async def test_backup_while_the_bot_keeps_writing_is_consistent(tmp_path: Path) -> None:
    source = tmp_path / "suara.db"
    db = await open_db(str(source))
    stop = asyncio.Event()

    async def writer() -> int:
        written = 0
        while not stop.is_set():
            written += 1
            await add_user(db, written)
            await asyncio.sleep(0)
        return written

    try:
        task = asyncio.create_task(writer())
        await asyncio.sleep(0.05)
        copies = [await backup_database(str(source), str(tmp_path / f"copy{i}.db"))
                  for i in range(3)]  # fmt: skip
        stop.set()
        written = await task
    finally:
        await db.close()
    counts = [len(user_ids(Path(copy.path))) for copy in copies]
    assert counts == sorted(counts) and counts[0] > 0 and counts[-1] <= written
    assert written > counts[0]  # the bot kept writing while backups were taken
    for copy in copies:  # every snapshot is a gap-free prefix of what was written
        ids = user_ids(Path(copy.path))
        assert ids == list(range(1, len(ids) + 1))


async def test_restore_by_copying_the_backup_back(tmp_path: Path) -> None:
    live = tmp_path / "live" / "suara.db"
    db = await open_db(str(live))
    await add_user(db, 7)
    backup = await backup_database(str(live), str(tmp_path / "backup.db"))
    await add_user(db, 8)  # written after the backup: lost by the restore
    await db.close()
    # The documented restore: bot stopped, file copied over, -wal/-shm removed, bot started.
    shutil.copyfile(backup.path, live)
    for extra in (Path(f"{live}-wal"), Path(f"{live}-shm")):
        extra.unlink(missing_ok=True)
    restored = await open_db(str(live))
    try:
        async with restored.execute("SELECT user_id FROM users") as cursor:
            assert [row[0] async for row in cursor] == [7]
        async with restored.execute("SELECT count(*) FROM schema_migrations") as cursor:
            assert (await cursor.fetchone())[0] == len(MIGRATIONS)
        await add_user(restored, 9)  # writable again
    finally:
        await restored.close()


async def test_existing_target_is_kept_unless_forced(tmp_path: Path) -> None:
    source = tmp_path / "suara.db"
    await (await open_db(str(source))).close()
    target = tmp_path / "copy.db"
    target.write_bytes(b"older backup")
    with pytest.raises(BackupError, match="exists"):
        await backup_database(str(source), str(target))
    assert target.read_bytes() == b"older backup"
    await backup_database(str(source), str(target), overwrite=True)
    assert target.read_bytes().startswith(b"SQLite format 3")


@pytest.mark.parametrize("source", ["missing.db", ":memory:"])
async def test_nothing_to_back_up(tmp_path: Path, source: str) -> None:
    path = source if source == ":memory:" else str(tmp_path / source)
    with pytest.raises(BackupError, match="no database"):
        await backup_database(path, str(tmp_path / "copy.db"))
    assert not (tmp_path / "copy.db").exists()


async def test_backup_onto_the_database_itself_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "suara.db"
    await (await open_db(str(source))).close()
    with pytest.raises(BackupError, match="itself"):
        await backup_database(str(source), str(source), overwrite=True)
    assert user_ids(source) == []


async def test_corrupt_source_leaves_no_file_behind(tmp_path: Path) -> None:
    source = tmp_path / "broken.db"
    source.write_bytes(b"this is not a database" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        await backup_database(str(source), str(tmp_path / "out" / "copy.db"))
    assert list((tmp_path / "out").iterdir()) == []
