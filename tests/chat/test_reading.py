"""The in-process reading coordinator: the status-message budget."""

from __future__ import annotations

from bot.chat.reading import PROGRESS_CALLS_PER_S, Reader


def test_status_messages_slow_down_together_when_many_are_active() -> None:
    reader = Reader(max_syntheses=2, max_pending=3)
    assert reader.progress_every(4.0) == 4.0
    reader.progress_active = 10
    assert reader.progress_every(4.0) == 4.0  # 10 readings: 2.5 calls/s, within the budget
    reader.progress_active = 200
    every = reader.progress_every(4.0)
    assert every == 200 / PROGRESS_CALLS_PER_S
    assert reader.progress_active / every <= PROGRESS_CALLS_PER_S  # the sum stays in budget
