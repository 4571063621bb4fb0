"""The briefing minute tick as a queue job (queue mode), on a real PostgreSQL: delivered once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.queue.app import BRIEFING_TASK, make_app, run_briefing_tick
from bot.queue.jobs import Runtime
from bot.store.db import open_db
from bot.store.subscriptions import SubscriptionRepo
from bot.store.users import UserRepo


def test_the_tick_is_a_periodic_job_with_a_lock(postgres) -> None:
    app = make_app(postgres.url())
    task = app.tasks[BRIEFING_TASK]
    assert task.queueing_lock == "briefing-tick" and task.lock == "briefing-tick"
    [periodic] = [p for p in app.periodic_registry.periodic_tasks.values()
                  if p.task.name == BRIEFING_TASK]  # fmt: skip
    assert periodic.cron == "* * * * *"


async def test_a_tick_on_postgresql_delivers_once(
    banten_on_loopback, briefing_settings, bot, clock, fake_telegram, postgres
) -> None:
    settings = replace(briefing_settings, db_path=postgres.new_database())
    db = await open_db(settings.db_path)
    try:
        repo = SubscriptionRepo(db)
        for chat in (41, 42, 43):
            await UserRepo(db).ensure(chat, chat, "id", clock())
            await repo.subscribe(chat, chat, "banten", "06:00", "Asia/Jakarta", clock())
        clock.set(datetime(2026, 11, 26, 23, 0, tzinfo=UTC))  # 06:00 WIB
        runtime = Runtime(settings, db, bot, clock=clock)
        await run_briefing_tick(runtime)
        await run_briefing_tick(runtime)  # a second tick (another worker) sends nothing again
    finally:
        await db.close()
    voices = fake_telegram.calls_of("sendVoice")
    assert sorted(c.chat_id for c in voices) == [41, 42, 43]
    assert len([c for c in voices if c.files]) == 1  # one upload, then the file_id
