"""Keep the audio cache folder under its size cap: least recently used files go first."""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Eviction:
    files_removed: int
    bytes_freed: int
    bytes_kept: int


def touch(path: str | os.PathLike[str]) -> None:
    """Mark a cached file as just used (its modification time is the LRU clock)."""
    with contextlib.suppress(OSError):  # a missing file has nothing to mark
        os.utime(path)


def evict_lru(root: str | os.PathLike[str], max_bytes: int) -> Eviction:
    """Remove the least recently used files under `root` until at most `max_bytes` remain.

    A removed finished reading only costs a re-upload or re-synthesis later: Telegram file_ids in
    the database stay valid without the file, and chunk audio is rebuilt on demand.
    """
    files: list[tuple[float, int, Path]] = []
    for path in Path(root).rglob("*"):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in files)
    removed = freed = 0
    for _, size, path in sorted(files):
        if total - freed <= max_bytes:
            break
        try:
            path.unlink()
        except OSError as exc:
            logger.warning("could not remove %s: %s", path, exc)
            continue
        removed += 1
        freed += size
    if removed:
        logger.info("cache: removed %d files, %d bytes", removed, freed)
    return Eviction(removed, freed, total - freed)
