"""Repeat link: a link someone already had read, answered from stored Telegram file_ids.

    .venv/bin/python bench/repeat_link.py [--repeats 10] [--json]

The real bot polls the fake Bot API; the seed page is on a loopback page server and the fake gTTS
endpoint answers after 150 ms. One user sends the seed link (the first answer: fetch, summary,
speech, uploads; the baseline, since the obvious pipeline does this every time); then other
users send the same link one after another. A repeat is timed from the update being queued at
the fake Bot API to the last voice note of the answer arriving there, sent by file_id (no
upload, no fetch, no synthesis).
"""

from __future__ import annotations

import argparse
import asyncio
import time

import harness
from harness import GTTS_LATENCY_S, Result

from bot import pipeline
from tests.helpers.fake_gtts import FakeGtts, synthesize_mp3
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.page_server import PageServer

TARGET_S = 0.3
FIRST_CHAT = 9000


async def answer_time(telegram: FakeTelegram, chat: int, link: str, voices: int) -> float:
    """Seconds from the link arriving to the `voices`-th voice note of the answer."""
    mark = telegram.mark()
    started = time.monotonic()
    telegram.user_text(chat, link)
    sent = await telegram.wait_for("sendVoice", voices, chat_id=chat, timeout=120, since=mark)
    return sent[-1].time - started


async def measure(repeats: int) -> tuple[float, list[float], int, int]:
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
        link = pages.add_file("/berita/tangerang", harness.SEED_PAGE)
        async with harness.running_bot(settings):
            first = await answer_time(telegram, FIRST_CHAT, link, 2)
            await telegram.wait_for("deleteMessage", chat_id=FIRST_CHAT, timeout=30)
            uploads = len(telegram.uploads)
            requests = len(fake_gtts.requests)
            repeat_times = [
                await answer_time(telegram, FIRST_CHAT + n, link, 2)
                for n in range(1, repeats + 1)
            ]
            new_uploads = len(telegram.uploads) - uploads
            new_requests = len(fake_gtts.requests) - requests
    return first, repeat_times, new_uploads, new_requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    article = harness.seed_article()
    for mode in ("summary", "full"):
        for chunk in pipeline.plan_speech(article, mode).chunks:
            synthesize_mp3(chunk.text, "id")  # warm the fake's audio cache
    first, repeats, uploads, requests = asyncio.run(measure(args.repeats))
    median, worst = harness.median(repeats), max(repeats)
    harness.report(
        [
            Result(
                goal="repeat link answered by file_id (end to end)",
                baseline=f"{harness.seconds(first)} (first answer)",
                ours=f"{harness.seconds(median)} median, {harness.seconds(worst)} max",
                ratio=f"{first / median:.0f}x",
                target=f"< {TARGET_S * 1000:.0f} ms",
                met=worst < TARGET_S,
            )
        ],
        notes=[
            f"{args.repeats} repeats by other users; during them {uploads} uploads and "
            f"{requests} gTTS requests (both should be 0)"
        ],
    )


if __name__ == "__main__":
    main()
