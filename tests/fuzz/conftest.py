"""A watchdog for the fuzz suite: a hang inside C code ends the run with every thread's stack."""

from __future__ import annotations

import faulthandler
import sys
from collections.abc import Iterator

import pytest

WATCHDOG_S = 120
"""Far above any single fuzz test (each takes a few seconds); only a real hang reaches it."""


@pytest.fixture(autouse=True)
def _watchdog() -> Iterator[None]:
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True, file=sys.stderr)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
