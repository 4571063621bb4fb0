"""A dead worker's job is taken over: retried, or, when a newer job for the same link already
waits (the queueing lock allows one), ended so that the waiting job can run and resume it."""

from __future__ import annotations

from bot.queue.app import READING_TASK, _take_over, enqueue_reading, make_app
from bot.store.db import open_db


async def _statuses(db) -> list[str]:  # type: ignore[no-untyped-def]
    async with db.execute("SELECT status FROM procrastinate_jobs ORDER BY id") as cursor:
        return [row[0] async for row in cursor]


async def _die_holding_a_job(app, db) -> None:  # type: ignore[no-untyped-def]
    worker = await app.job_manager.register_worker()
    job = await app.job_manager.fetch_job(queues=None, worker_id=worker)
    assert job is not None and job.task_name == READING_TASK
    await db.execute("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'")


async def test_stalled_jobs_are_retried_or_handed_over(postgres) -> None:
    url = postgres.new_database()
    db = await open_db(url)
    app = make_app(url)
    try:
        async with app.open_async():
            link = "https://kabar.example/berita/1"
            assert await enqueue_reading(app, link, "ogg")
            assert not await enqueue_reading(app, link, "ogg")  # one waiting job per link
            await _die_holding_a_job(app, db)
            [stalled] = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=10)
            await _take_over(app, stalled)  # nothing else waits: the job itself is retried
            assert await _statuses(db) == ["todo"]

            await _die_holding_a_job(app, db)
            assert await enqueue_reading(app, link, "ogg")  # a newer request while it "ran"
            [stalled] = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=10)
            await _take_over(app, stalled)  # retrying would make two waiting jobs: handed over
            assert await _statuses(db) == ["failed", "todo"]
            assert await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=10) == []
    finally:
        await db.close()
