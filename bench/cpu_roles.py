"""CPU seconds per role of a multi-process benchmark, read from /proc (Linux).

    meter = CpuMeter()
    meter.track("bot", pid); meter.track("worker", pid); meter.track_tree("postgres", postmaster)
    meter.sample()            # as often as convenient (a killed process keeps its last sample)
    used = meter.used()       # role → CPU seconds since `start()`

A tracked process's own time (all its threads) goes to its role; the time of its children
(ffmpeg, ffprobe: waited for, so in the parent's cutime/cstime, plus any still running) goes to
`<role> children`. A tree role (PostgreSQL) counts the root and every descendant. Threads of this
process count as "bench driver" (the main thread) or "fakes" (every other thread: fake Bot API,
fake gTTS, page server). `machine_busy()` is the share of all cores busy over the same time,
whoever used them: on a shared machine, the difference is other people's work.
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(path: Path) -> list[str] | None:
    """Fields of a /proc stat file after the command name, or None if the process is gone."""
    try:
        raw = path.read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return raw[raw.rindex(")") + 2 :].split()


def _times(pid: int) -> tuple[float, float] | None:
    """(own, reaped children) CPU seconds of `pid`."""
    fields = _stat(Path(f"/proc/{pid}/stat"))
    if fields is None:
        return None
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime) / TICKS, (cutime + cstime) / TICKS


def _children() -> dict[int, list[int]]:
    """parent pid → live child pids, for every process we can see."""
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(entry / "stat")
            if fields is not None:
                tree[int(fields[1])].append(int(entry.name))
    return tree


def _tree_cpu(pid: int, tree: dict[int, list[int]]) -> float:
    """Own and reaped-children time of `pid` plus the same for each live descendant."""
    times = _times(pid)
    if times is None:
        return 0.0
    return sum(times) + sum(_tree_cpu(child, tree) for child in tree.get(pid, ()))


def _threads() -> tuple[float, float]:
    """(main thread, every other thread, ended ones included) CPU seconds of this process."""
    main_id = threading.main_thread().native_id
    fields = _stat(Path(f"/proc/self/task/{main_id}/stat"))
    main = (int(fields[11]) + int(fields[12])) / TICKS if fields else 0.0
    own = _times(os.getpid())
    return main, (own[0] if own else 0.0) - main


def _machine() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values) - idle, sum(values)


class CpuMeter:
    """Samples the CPU time of the tracked processes; `used()` is the growth since `start()`."""

    def __init__(self) -> None:
        self._procs: dict[int, str] = {}
        self._trees: dict[int, str] = {}
        self._last: dict[str, float] = {}
        """key (pid or role) → latest cumulative seconds; a dead process keeps its last value."""
        self._base: dict[str, float] = {}
        self._machine_base = (0, 0)
        self._machine_end = (0, 0)

    def track(self, role: str, pid: int) -> None:
        self._procs[pid] = role

    def track_tree(self, role: str, pid: int) -> None:
        self._trees[pid] = role

    def _read(self) -> dict[str, float]:
        tree = _children()
        now: dict[str, float] = {}
        for pid, role in self._procs.items():
            times = _times(pid)
            if times is None:
                continue
            live = sum(_tree_cpu(child, tree) for child in tree.get(pid, ()))
            now[f"{role}|{pid}"] = times[0]
            now[f"{role} children|{pid}"] = times[1] + live
        for pid, role in self._trees.items():
            now[f"{role}|{pid}"] = _tree_cpu(pid, tree)
        main, other = _threads()
        now["bench driver|self"] = main
        now["fakes|self"] = other
        return now

    def sample(self) -> None:
        """Record the current values (call before a process may die or be stopped)."""
        for key, value in self._read().items():
            self._last[key] = max(value, self._last.get(key, 0.0))

    def start(self) -> None:
        """Zero point: CPU used before this (start-up, imports) is not counted."""
        self.sample()
        self._base = dict(self._last)
        self._machine_base = _machine()

    def used(self) -> dict[str, float]:
        """role → CPU seconds since `start()` (processes started later count from zero)."""
        self.sample()
        self._machine_end = _machine()
        roles: dict[str, float] = defaultdict(float)
        for key, value in self._last.items():
            roles[key.split("|")[0]] += value - self._base.get(key, 0.0)
        return dict(roles)


    def machine_busy(self) -> float:
        """Share (0-1) of all cores busy between `start()` and the last `used()`, anyone's."""
        busy = self._machine_end[0] - self._machine_base[0]
        total = self._machine_end[1] - self._machine_base[1]
        return busy / total if total > 0 else 0.0


__all__ = ["CpuMeter"]
