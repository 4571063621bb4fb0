"""Responsiveness: how fast `/start` is answered while 10 articles are being read aloud.

    .venv/bin/python bench/responsiveness.py [--articles 10] [--json]

The real bot polls the fake Bot API. Ten users each send a different news article (IndoSum
stories of about two minutes of speech, on a loopback page server; the fake gTTS endpoint answers
after 150 ms with its audio cached beforehand); meanwhile one more user sends `/start` every
100 ms, waiting for each reply, until every article's full voice note is out. Latency: from the
update being queued to the reply arriving at the fake Bot API. Baseline: the same `/start` loop
on the idle bot.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import harness
from harness import GTTS_LATENCY_S, Result

from bot import pipeline
from bot.models import Article
from tests.chat.pages import article_html
from tests.helpers.fake_gtts import FakeGtts, synthesize_mp3
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.page_server import PageServer

TARGET_S = 0.25
PROBE_CHAT = 5000
FIRST_READER = 6000


def articles(count: int) -> list[Article]:
    return [harness.long_article(2, seed=n * 10) for n in range(count)]


def warm_fake_gtts(stories: list[Article]) -> None:
    texts = [
        chunk.text
        for story in stories
        for mode in ("summary", "full")
        for chunk in pipeline.plan_speech(story, mode).chunks
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda text: synthesize_mp3(text, "id"), texts))


async def start_latencies(telegram: FakeTelegram, until: asyncio.Event | None, count: int = 0):  # type: ignore[no-untyped-def]
    """Send /start every 100 ms (each after the previous reply) until `until` is set or `count`."""
    latencies: list[float] = []
    while (until is not None and not until.is_set()) or len(latencies) < count:
        mark = telegram.mark()
        started = time.monotonic()
        telegram.user_text(PROBE_CHAT, "/start")
        [reply] = await telegram.wait_for("sendMessage", chat_id=PROBE_CHAT, since=mark)
        latencies.append(reply.time - started)
        await asyncio.sleep(0.1)
    return latencies


async def measure(stories: list[Article]) -> tuple[list[float], list[float], float]:
    with (
        FakeGtts(latency_s=GTTS_LATENCY_S) as fake_gtts,
        PageServer() as pages,
        FakeTelegram() as telegram,
        harness.scratch() as root,
    ):
        settings = harness.bench_settings(
            root, telegram_token="123456:BENCH", telegram_api=telegram.base,
            gtts_endpoint=fake_gtts.url,
        )  # fmt: skip
        links = [
            pages.add(f"/berita/{n}", article_html(f"Berita {n}", story.paragraphs))
            for n, story in enumerate(stories)
        ]
        async with harness.running_bot(settings):
            idle = await start_latencies(telegram, None, count=30)
            done = asyncio.Event()
            started = time.monotonic()
            for n, link in enumerate(links):
                telegram.user_text(FIRST_READER + n, link)

            async def all_read() -> None:
                for n in range(len(links)):
                    await telegram.wait_for("sendVoice", 2, chat_id=FIRST_READER + n, timeout=300)
                done.set()

            waiter = asyncio.create_task(all_read())
            busy = await start_latencies(telegram, done)
            await waiter
            elapsed = time.monotonic() - started
    return idle, busy, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    stories = articles(args.articles)
    warm_fake_gtts(stories)
    idle, busy, elapsed = asyncio.run(measure(stories))
    idle_p95, busy_p95 = harness.percentile(idle, 0.95), harness.percentile(busy, 0.95)
    harness.report(
        [
            Result(
                goal=f"/start p95 while {args.articles} articles are read",
                baseline=f"{harness.seconds(idle_p95)} (idle bot)",
                ours=harness.seconds(busy_p95),
                ratio=f"{busy_p95 / idle_p95:.1f}x idle",
                target=f"< {TARGET_S * 1000:.0f} ms",
                met=busy_p95 < TARGET_S,
            )
        ],
        notes=[
            f"{len(busy)} /start replies while busy: median {harness.seconds(harness.median(busy))}"
            f", max {harness.seconds(max(busy))}; all {args.articles} articles read (summary and "
            f"full voice) in {elapsed:.1f} s"
        ],
    )


if __name__ == "__main__":
    main()
