"""The audio cache folder: files named by a hash of what they contain, written atomically."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)


def content_key(*parts: str) -> str:
    """A stable hash of the parts (e.g. engine, language, text): the name of a cached file.

    >>> content_key("gtts", "id", "Halo") == content_key("gtts", "id", "Halo")
    True
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


class AudioCache:
    """`root/chunks/<key>.<fmt>` holds chunk audio; `root/audio/<key>.<fmt>` finished readings."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def chunk_path(self, key: str, fmt: str) -> Path:
        return self.root / "chunks" / key[:2] / f"{key}.{fmt}"

    def audio_path(self, key: str, fmt: str) -> Path:
        return self.root / "audio" / f"{key}.{fmt}"

    def get_chunk(self, key: str, fmt: str) -> bytes | None:
        path = self.chunk_path(key, fmt)
        try:
            return path.read_bytes()
        except OSError:
            return None

    def put_chunk(self, key: str, fmt: str, audio: bytes) -> None:
        """Store chunk audio; a full or read-only disk only costs the cache, never the reading."""
        try:
            write_atomic(self.chunk_path(key, fmt), audio)
        except OSError as exc:
            logger.warning("audio cache not writable: %s", exc)

    def find_audio(self, key: str, fmt: str) -> Path | None:
        path = self.audio_path(key, fmt)
        return path if path.is_file() and path.stat().st_size > 0 else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
