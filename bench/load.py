"""Many users send links at once to the real bot: is everyone answered, how fast, at what cost?

    .venv/bin/python bench/load.py                      # 200 users
    .venv/bin/python bench/load.py --users 50 --gtts-latency 0.1 --json

The real Application (handlers, reader, pipeline, AIORateLimiter, SQLite) runs as in
`tests/chat/conftest.py` `running()`, against loopback fakes in this process: the Bot API
(`FakeTelegram`), the gTTS endpoint (`FakeGtts`, `--gtts-latency` per request, no espeak-ng
fallback) and a page server. Users are of three kinds, all sending at the same moment:

- **cached**: a link read during warm-up (audio and Telegram file_ids reused);
- **new**: a link nobody has sent, each its own short article (its own chunks to speak);
- **hot**: one new link that a share of users send together (one synthesis shared by all).

The fake gTTS answers silent MP3 frames as long as the text would take to say (96 bytes per
24 ms), so the fake costs no CPU; the bot still decodes, merges and encodes every reading with
ffmpeg. Printed: users answered, error replies, p50/p95/max latency of the first reply, the first
voice note and the last one; event-loop lag (a ticker's oversleep); peak RSS of this process
(fakes included, ffmpeg children not); Bot API calls and the busiest second. Everything
must be answered within `--timeout` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("NO_PROXY", "*")  # loopback fakes only

from bot.chat.texts import TEXTS  # noqa: E402
from bot.config import Settings  # noqa: E402
from tests.chat.conftest import running  # noqa: E402
from tests.helpers import fake_gtts  # noqa: E402
from tests.helpers.fake_gtts import FakeGtts  # noqa: E402
from tests.helpers.fake_telegram import Call, FakeTelegram  # noqa: E402
from tests.helpers.page_server import PageServer  # noqa: E402

WARM_ARTICLES = 5
"""Distinct cached links; the cached users share them."""
TICK_S = 0.02
"""The lag ticker sleeps this long and records how much later it woke up."""
UNWANTED_REPLIES = ("queue_full", "rate_limited", "fallback_voice")
"""Replies that mean a user was turned away or got the backup voice: counted as errors here."""
PLACES = (
    "Bandung",
    "Bogor",
    "Cirebon",
    "Garut",
    "Tasikmalaya",
    "Sukabumi",
    "Cianjur",
    "Depok",
    "Bekasi",
    "Karawang",
    "Purwakarta",
    "Subang",
    "Indramayu",
    "Majalengka",
    "Kuningan",
)


# -- articles --------------------------------------------------------------------------------


def article_page(n: int) -> str:
    """A short, unique article (about 70 words, 8-10 speech chunks); `n` makes every chunk new."""
    place = PLACES[n % len(PLACES)]
    books = 1_000 + 37 * n
    paragraphs = (
        f"Pemerintah Kabupaten {place} meresmikan taman baca ke-{n} di kawasan kota pada Senin "
        f"pagi. Taman itu menyimpan {books} buku dan terbuka untuk umum setiap hari.",
        f"Bupati mengatakan taman baca nomor {n} dibangun agar anak-anak dan warga lanjut usia di "
        f"{place} punya tempat membaca yang nyaman dan dekat dari rumah.",
        f"Pengelola menyiapkan {n + 12} rak baru serta buku dengan huruf besar untuk pembaca yang "
        "penglihatannya terbatas, kata kepala dinas perpustakaan.",
    )
    title = f"Taman Baca ke-{n} Dibuka di {place}"
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>{title} - Warta Uji</title><meta property="og:type" content="article">
<meta property="og:site_name" content="Warta Uji"><meta property="og:title" content="{title}">
</head><body><main><article><h1>{title}</h1><div class="content">{body}</div></article></main>
</body></html>"""


def silent_mp3(text: str, lang: str = "id", slow: bool = False) -> bytes:
    """Silent MP3 frames as long as `text` would take to say: a fake that costs no CPU."""
    seconds = max(0.3, len(text) * fake_gtts.TONE_SECONDS_PER_CHAR)
    return fake_gtts._SILENT_FRAME * max(1, round(seconds / fake_gtts._SILENT_FRAME_S))


# -- measuring -------------------------------------------------------------------------------


@dataclass
class User:
    chat_id: int
    kind: str
    url: str
    sent_at: float = 0.0
    first_reply: float | None = None
    voices: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class LagTicker:
    """Sleeps TICK_S over and over on the bot's loop; every late wake-up is event-loop lag."""

    def __init__(self) -> None:
        self.lags_s: list[float] = []
        self.rss_mb: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(TICK_S)
            self.lags_s.append(loop.time() - before - TICK_S)
            if len(self.lags_s) % 10 == 0:
                self.rss_mb.append(current_rss_mb())

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def unwanted_prefixes() -> list[str]:
    """The Indonesian start of every error and turn-away reply (up to its first placeholder)."""
    keys = [k for k in TEXTS if k.startswith("error_")] + list(UNWANTED_REPLIES)
    return [TEXTS[k]["id"].split("{")[0][:40] for k in keys if "id" in TEXTS[k]]


def record(calls: list[Call], users: dict[int, User], prefixes: list[str]) -> None:
    """Fold Bot API calls into the users' timelines."""
    for call in calls:
        user = users.get(_chat(call.chat_id))
        if user is None:
            continue
        if not call.ok:
            user.errors.append(f"{call.method} -> {call.status}")
            continue
        if call.method in ("sendMessage", "sendVoice", "sendAudio") and user.first_reply is None:
            user.first_reply = call.time
        if call.method == "sendVoice":
            user.voices.append(call.time)
        if call.method in ("sendMessage", "editMessageText") and call.text.startswith(
            tuple(prefixes)
        ):
            user.errors.append(call.text[:60])


def _chat(chat_id: object) -> int:
    try:
        return int(chat_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return -1


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (float("nan"),) * 3
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


# -- the run ---------------------------------------------------------------------------------


@contextlib.contextmanager
def fakes(gtts_latency_s: float) -> Iterator[tuple[FakeTelegram, FakeGtts, PageServer]]:
    with (
        FakeTelegram() as telegram,
        FakeGtts(latency_s=gtts_latency_s) as gtts,
        PageServer() as pages,
    ):
        yield telegram, gtts, pages


def plan_users(args: argparse.Namespace, pages: PageServer) -> list[User]:
    """Assign kinds and links: cached, hot (one shared new link) and new (one link each)."""
    rng = random.Random(args.seed)
    warm = [pages.add(f"/warm/{n}", article_page(n)) for n in range(WARM_ARTICLES)]
    hot = pages.add("/hot", article_page(900))
    users: list[User] = []
    for index in range(args.users):
        chat_id = 10_000 + index
        roll = rng.random()
        if roll < args.cached_share:
            users.append(User(chat_id, "cached", rng.choice(warm)))
        elif roll < args.cached_share + args.hot_share:
            users.append(User(chat_id, "hot", hot))
        else:
            users.append(
                User(chat_id, "new", pages.add(f"/new/{index}", article_page(1000 + index)))
            )
    return users


async def warm_up(telegram: FakeTelegram, pages: PageServer, timeout_s: float) -> None:
    """Read every cached link once, one after another, so the load phase finds them cached."""
    for n in range(WARM_ARTICLES):
        chat_id = 1_000 + n
        telegram.user_text(chat_id, pages.url(f"/warm/{n}"))
        await telegram.wait_for("sendVoice", 2, chat_id=chat_id, timeout=timeout_s)


async def load(args: argparse.Namespace) -> dict[str, object]:
    fake_gtts.synthesize_mp3 = silent_mp3  # the fake answers silence of the right length
    workdir = Path(tempfile.mkdtemp(prefix="suara-load-"))
    with fakes(args.gtts_latency) as (telegram, gtts, pages):
        settings = replace(
            Settings(),
            telegram_token="123456:LOAD-TEST",
            telegram_api=telegram.base,
            gtts_endpoint=gtts.url,
            tts_engine="gtts",  # espeak-ng fallback off: every voice comes from the fake gTTS
            allow_private_hosts=True,  # the page server is on 127.0.0.1
            cache_dir=str(workdir / "cache"),
            db_path=str(workdir / "suara.db"),
        )
        users = plan_users(args, pages)
        by_chat = {user.chat_id: user for user in users}
        prefixes = unwanted_prefixes()
        async with running(settings):
            warm_started = time.monotonic()
            await warm_up(telegram, pages, args.timeout)
            warm_s = time.monotonic() - warm_started
            gtts.reset()
            gtts.latency_s = args.gtts_latency
            mark = telegram.mark()
            rss_before = current_rss_mb()
            ticker = LagTicker()
            ticker.start()
            started = time.monotonic()
            for user in users:
                user.sent_at = time.monotonic()
                telegram.user_text(user.chat_id, f"Tolong bacakan {user.url}")
            deadline = started + args.timeout
            seen = mark
            while time.monotonic() < deadline:
                await asyncio.sleep(0.1)
                calls = telegram.calls
                record(calls[seen:], by_chat, prefixes)
                seen = len(calls)
                if all(len(u.voices) >= 2 or u.errors for u in users):
                    break
            elapsed = time.monotonic() - started
            await asyncio.sleep(1.0)  # late errors or duplicate voices
            calls = telegram.calls
            record(calls[seen:], by_chat, prefixes)
            await ticker.stop()
            run = Run(users, ticker, calls[mark:], elapsed, warm_s, rss_before)
            return summarize_run(run, gtts)


@dataclass
class Run:
    """What one load run observed."""

    users: list[User]
    ticker: LagTicker
    calls: list[Call]
    elapsed_s: float
    warm_up_s: float
    rss_before_mb: float


def summarize_run(run: Run, gtts: FakeGtts) -> dict[str, object]:
    """The numbers of a run, as a JSON-ready dict."""
    users, ticker, calls = run.users, run.ticker, run.calls
    answered = [u for u in users if len(u.voices) >= 2 and not u.errors]
    per_second = Counter(int(c.time) for c in calls if c.method != "getUpdates")
    result: dict[str, object] = {
        "users": len(users),
        "kinds": dict(Counter(u.kind for u in users)),
        "answered": len(answered),
        "with_errors": sum(1 for u in users if u.errors),
        "errors": sorted(Counter(e for u in users for e in u.errors).items())[:5],
        "duplicate_voices": sum(1 for u in users if len(u.voices) > 2),
        "elapsed_s": round(run.elapsed_s, 1),
        "warm_up_s": round(run.warm_up_s, 1),
        "gtts_requests": len(gtts.requests),
        "gtts_max_in_flight": gtts.max_in_flight,
        "bot_api_calls": sum(per_second.values()),
        "busiest_second_calls": max(per_second.values(), default=0),
        "rss_before_mb": round(run.rss_before_mb, 1),
        "rss_peak_sampled_mb": round(max(ticker.rss_mb, default=run.rss_before_mb), 1),
        "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    latencies = {
        "first reply": [u.first_reply - u.sent_at for u in users if u.first_reply],
        "first voice": [u.voices[0] - u.sent_at for u in users if u.voices],
        "last voice": [u.voices[-1] - u.sent_at for u in users if u.voices],
    }
    for kind in ("cached", "new", "hot"):
        group = [u for u in users if u.kind == kind and u.voices]
        latencies[f"last voice ({kind})"] = [u.voices[-1] - u.sent_at for u in group]
    result["latency_s"] = {
        name: [round(v, 2) for v in percentiles(values)] for name, values in latencies.items()
    }
    result["loop_lag_ms"] = [round(v * 1000, 1) for v in percentiles(ticker.lags_s)]
    result["loop_lag_over_100ms"] = sum(1 for lag in ticker.lags_s if lag > 0.1)
    return result


def print_table(result: dict[str, object]) -> None:
    rows = [
        ("users (cached/new/hot)", f"{result['users']} {result['kinds']}"),
        ("answered (2 voice notes, no error)", result["answered"]),
        ("users with error replies", result["with_errors"]),
        ("users with more than 2 voice notes", result["duplicate_voices"]),
        ("time until all answered (s)", result["elapsed_s"]),
        (
            "gTTS requests / most in flight",
            f"{result['gtts_requests']} / {result['gtts_max_in_flight']}",
        ),
        (
            "Bot API calls / busiest second",
            f"{result['bot_api_calls']} / {result['busiest_second_calls']}",
        ),
        (
            "RSS before / sampled peak / peak (MB)",
            " / ".join(
                str(result[k]) for k in ("rss_before_mb", "rss_peak_sampled_mb", "rss_peak_mb")
            ),
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if result["errors"]:
        print(f"{'errors seen (first 5)':<{width}}  {result['errors']}")
    print()
    print(f"{'latency (s)':<28} {'p50':>7} {'p95':>7} {'max':>7}")
    for name, (p50, p95, top) in result["latency_s"].items():  # type: ignore[union-attr]
        print(f"{name:<28} {p50:>7} {p95:>7} {top:>7}")
    p50, p95, top = result["loop_lag_ms"]  # type: ignore[misc]
    print(f"{'event-loop lag (ms)':<28} {p50:>7} {p95:>7} {top:>7}")
    print(f"ticks late by over 100 ms: {result['loop_lag_over_100ms']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--cached-share", type=float, default=0.4)
    parser.add_argument("--hot-share", type=float, default=0.1)
    parser.add_argument("--gtts-latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--timeout", type=float, default=170.0, help="seconds for everyone")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = asyncio.run(load(args))
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
    if result["answered"] != result["users"] or result["with_errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
