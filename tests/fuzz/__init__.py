"""Property and fuzz tests: hostile, random, huge and malformed input never crashes or hangs.

Every test bounds each example twice: hypothesis' `deadline` (slow examples fail and shrink)
and `time_limit` (a SIGALRM that interrupts Python code stuck in a loop). `conftest.py` adds a
process watchdog for code stuck inside C (a regex, libxml2), which a signal cannot interrupt.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class Hang(Exception):
    """An example ran past its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread if the block runs longer than `seconds`."""

    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
