"""The cache folder's size cap: least recently used files are removed first."""

import os
import time

from bot.audio.housekeeping import evict_lru, touch


def _file(folder, name: str, size: int, age_s: float):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    stamp = time.time() - age_s
    os.utime(path, (stamp, stamp))
    return path


def test_oldest_files_go_first_until_under_the_cap(tmp_path) -> None:
    old = _file(tmp_path, "audio/old.ogg", 400, 300)
    middle = _file(tmp_path, "chunks/ab/middle.mp3", 400, 200)
    new = _file(tmp_path, "audio/new.ogg", 400, 10)
    result = evict_lru(tmp_path, max_bytes=800)
    assert (result.files_removed, result.bytes_freed, result.bytes_kept) == (1, 400, 800)
    assert not old.exists() and middle.exists() and new.exists()


def test_a_touched_file_counts_as_recently_used(tmp_path) -> None:
    used = _file(tmp_path, "a.ogg", 500, 500)
    other = _file(tmp_path, "b.ogg", 500, 100)
    touch(used)
    evict_lru(tmp_path, max_bytes=600)
    assert used.exists() and not other.exists()


def test_under_the_cap_nothing_is_removed_and_hidden_temp_files_are_left(tmp_path) -> None:
    _file(tmp_path, "a.ogg", 100, 10)
    hidden = _file(tmp_path, ".tmp-123.ogg", 5000, 1000)
    result = evict_lru(tmp_path, max_bytes=1000)
    assert result.files_removed == 0 and hidden.exists()
