"""Broadcast one region's briefing to many subscribers through the fake Bot API; prints numbers.

    .venv/bin/python bench/broadcast.py                          # 10,000 subscribers at 30 msg/s
    .venv/bin/python bench/broadcast.py --rate 300 --subscribers 10000
    .venv/bin/python bench/broadcast.py --compare --subscribers 2000  # default next to paid

`--paid` sends with `allow_paid_broadcast` at the paid limit (1000 msg/s unless --rate is
given), as `SUARA_PAID_BROADCAST=1` does; `--compare` runs the default and the paid pacing on the
same subscribers and prints them side by side.

Everything is offline: the Banten fixture feeds on a loopback page server, espeak-ng for the one
synthesis, the fake Bot API (tests/helpers) in a thread of this process. Two messages per
subscriber (voice note + text), so at Telegram's 30 messages a second 10,000 subscribers take
about 11 minutes. Printed: syntheses, uploads, subscribers served once / more than once / not at
all, the overall send rate (mean and the busiest second) against the configured limit, the
shortest gap between two messages to one chat, total time and peak memory (RSS of the whole process,
fake server included; Python heap too with --trace-memory).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.briefing import build as build_module  # noqa: E402
from bot.briefing import regions as regions_module  # noqa: E402
from bot.briefing.delivery import (  # noqa: E402
    DEFAULT_RATE,
    PAID_RATE,
    Broadcast,
    make_bot,
    workers_for,
)
from bot.config import Settings  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.store.db import open_db  # noqa: E402
from bot.store.subscriptions import SubscriptionRepo  # noqa: E402
from tests.briefing.conftest import FEEDS, local_feed, write_regions_file  # noqa: E402
from tests.helpers.fake_telegram import FakeTelegram  # noqa: E402
from tests.helpers.page_server import PageServer  # noqa: E402

NOW = datetime(2026, 11, 26, 22, 35, tzinfo=UTC)  # 05:35 WIB, Friday 27 November 2026
DAY = date(2026, 11, 27)


def busiest_second(times: list[float]) -> int:
    """Most messages inside any one-second window."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def run(
    subscribers: int, rate: float, latency_s: float, workdir: Path, paid: bool = False
) -> dict[str, float]:
    pages = PageServer().start()
    telegram = FakeTelegram(latency_s=latency_s).start()
    try:
        for path, (name, _outlet) in FEEDS.items():
            pages.add(path, local_feed(name, pages.base), content_type="application/rss+xml")
        packaged = regions_module.load_catalogue().get("banten")
        rows = [{"code": "banten", "feed_url": f.url, "status": "off"} for f in packaged.feeds]
        rows += [
            {"code": "banten", "outlet": outlet, "feed_url": pages.url(path), "status": "seen"}
            for path, (_name, outlet) in FEEDS.items()
        ]
        regions_file = str(write_regions_file(workdir / "regions.tsv", rows))
        regions_module._cached.cache_clear()
        settings = replace(
            Settings(), allow_private_hosts=True, cache_dir=str(workdir / "cache"),
            db_path=str(workdir / "bench.db"), tts_engine="espeak", fetch_timeout_s=3.0,
            telegram_token="123456:BENCH", telegram_api=telegram.base, regions_file=regions_file,
        )  # fmt: skip
        db = await open_db(settings.db_path)
        services = Services(settings, db, clock=lambda: NOW)
        await db.executemany(
            "INSERT INTO users (user_id, chat_id, language, created_at, updated_at) "
            "VALUES (?, ?, 'id', ?, ?)",
            [(n, n, NOW.isoformat(), NOW.isoformat()) for n in range(1, subscribers + 1)],
        )
        await db.executemany(
            "INSERT INTO subscriptions (user_id, chat_id, region, deliver_at, time_zone, active, "
            "created_at) VALUES (?, ?, 'banten', '06:00', 'Asia/Jakarta', 1, ?)",
            [(n, n, NOW.isoformat()) for n in range(1, subscribers + 1)],
        )
        syntheses = 0
        real_render = build_module.render_briefing

        async def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal syntheses
            syntheses += 1
            return await real_render(*args, **kwargs)

        build_module.render_briefing = counted  # type: ignore[assignment]
        started = time.perf_counter()
        banten = regions_module.catalogue(regions_file).get("banten")
        built = await build_module.build_briefing(banten, DAY, services)
        build_module.render_briefing = real_render  # type: ignore[assignment]
        build_s = time.perf_counter() - started
        recipients = await SubscriptionRepo(db).pending_recipients(
            "banten", DAY.isoformat(), NOW, 3
        )
        bot = make_bot(settings, rate)
        send_started = time.perf_counter()
        async with bot:
            stats = await Broadcast(
                bot, db, built.briefing, "Banten", clock=lambda: NOW, workers=workers_for(rate),
                paid=paid,
            ).run(recipients)
        send_s = time.perf_counter() - send_started
        await db.close()
        calls = [c for c in telegram.calls if c.ok and c.method in ("sendVoice", "sendMessage")]
        times = sorted(c.time for c in calls)
        voices = Counter(c.chat_id for c in calls if c.method == "sendVoice")
        texts = Counter(c.chat_id for c in calls if c.method == "sendMessage")
        per_chat: dict[object, list[float]] = defaultdict(list)
        for call in calls:
            per_chat[call.chat_id].append(call.time)
        gaps = [b - a for ts in per_chat.values() for a, b in itertools.pairwise(sorted(ts))]
        span = (times[-1] - times[0]) if len(times) > 1 else 0.0
        return {
            "paid_broadcast": int(paid),
            "paid_flagged": sum(1 for c in calls if c.params.get("allow_paid_broadcast")),
            "subscribers": subscribers,
            "syntheses": syntheses,
            "uploads": sum(1 for c in calls if c.method == "sendVoice" and c.files),
            "served_once": sum(
                1 for n in range(1, subscribers + 1) if voices[n] == 1 and texts[n] == 1
            ),
            "served_twice": sum(1 for n in voices.values() if n > 1),
            "not_served": sum(1 for n in range(1, subscribers + 1) if voices[n] == 0),
            "messages": len(calls),
            "rate_limit": rate,
            "rate_mean": len(calls) / span if span else 0.0,
            "rate_busiest_second": busiest_second(times),
            "min_gap_per_chat_s": min(gaps) if gaps else 0.0,
            "build_s": build_s,
            "send_s": send_s,
            "failed": stats.failed,
            "audio_s": built.briefing.duration_s or 0.0,
        }
    finally:
        telegram.stop()
        pages.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=None,
                        help="overall messages a second (default 30, paid 1000)")
    parser.add_argument("--paid", action="store_true", help="allow_paid_broadcast pacing")
    parser.add_argument("--compare", action="store_true", help="default and paid side by side")
    parser.add_argument("--latency", type=float, default=0.0, help="fake Bot API latency, s")
    parser.add_argument("--trace-memory", action="store_true", help="also trace the Python heap")
    args = parser.parse_args()
    if args.trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    modes = [False, True] if args.compare else [args.paid]
    results = []
    for paid in modes:
        rate = args.rate or (PAID_RATE if paid else DEFAULT_RATE)
        with tempfile.TemporaryDirectory(prefix="suara-bench-") as workdir:
            results.append(asyncio.run(
                run(args.subscribers, rate, args.latency, Path(workdir), paid)))  # fmt: skip
    total = time.perf_counter() - started
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if len(results) == 2:
        print(f"{'':<22} {'default':>12} {'paid':>12}")
    for key in results[0]:
        cells = [f"{r[key]:.2f}" if isinstance(r[key], float) else str(r[key]) for r in results]
        print(f"{key:<22} " + " ".join(f"{c:>12}" for c in cells))
    print(f"{'total_s':<22} {total:.1f}")
    print(f"{'peak_rss_mb':<22} {peak_rss_mb:.0f}")
    if args.trace_memory:
        print(f"{'peak_python_heap_mb':<22} {tracemalloc.get_traced_memory()[1] / 2**20:.0f}")


if __name__ == "__main__":
    main()
