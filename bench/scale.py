"""Queue mode on one machine: PostgreSQL, 2 webhook bot processes, 1/2/4 worker processes.

    .venv/bin/python bench/scale.py                               # 500 users, 200 links, 1 2 4
    .venv/bin/python bench/scale.py --workers 2 --users 100 --links 40 --no-kill

Everything is offline: a throw-away PostgreSQL cluster (initdb, pg_ctl), the fake Bot API and a
page server in threads of this process, the fake gTTS endpoint answering after 150 ms. The bench
plays Telegram: it POSTs each user's update to one of the two bot instances' webhooks in turn
(the fake Bot API has no webhook driver of its own). Users send their link at --rate a second;
the first --links users take one link each, the rest pick by popularity (Zipf, s=1), so some
links are asked for by dozens of users at once.

Printed per worker count: readings per minute (answered requests over the time from the first
request to the last answer), p50/p95 seconds from a request to its first voice note, gTTS
requests per distinct article and how many chunk texts were spoken more than once, uploads per
article (2 expected: summary and article), duplicate messages and lost readings (both must be 0).
A last run kills one of two workers with SIGKILL while it works (--no-kill skips it).

A second table says where the CPU went, per answered reading, from the first request until every
listener was answered (start-up excluded; see bench/cpu_roles.py): the two bot processes, the
workers, the workers' children (the encoder of each voice note: opusenc, or ffmpeg), PostgreSQL
(every backend), the fakes (fake Bot API, fake gTTS and page server: threads of this process)
and the bench driver
(posting updates, polling the fake). "ours busy" is all of it over wall time x cores; "machine
busy" counts every process on the machine (/proc/stat): near 100 % the cores are saturated and
more workers cannot help; a gap between the two is other work on a shared machine.

Every fake and every process shares the machine's cores: the ceiling shown is this machine's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("NO_PROXY", "*")  # loopback fakes only

from bench.cpu_roles import CpuMeter  # noqa: E402
from bot import pipeline  # noqa: E402
from bot.chat.texts import text  # noqa: E402
from bot.queue.app import is_alive  # noqa: E402
from bot.reading import plan  # noqa: E402
from bot.store.db import open_db  # noqa: E402
from tests.helpers.fake_gtts import FakeGtts, synthesize_mp3  # noqa: E402
from tests.helpers.fake_telegram import FakeTelegram  # noqa: E402
from tests.helpers.page_server import PageServer  # noqa: E402
from tests.helpers.postgres import PostgresCluster  # noqa: E402

TOKEN = "123456:SCALE-BENCH"
VOICES = 2
"""Voice notes per answer in the default reading mode: the summary, then the article."""
SECRET = "scale-bench-secret"
PLACES = ("Cibadak", "Sukamaju", "Karangsari", "Tanjungsari", "Mekarjaya", "Sindangsari")
THINGS = ("pohon mangga", "sumur bor", "jembatan bambu", "pos ronda", "kebun sayur", "lampu jalan")


def article_page(n: int) -> tuple[str, str]:
    """A short, unique article (no sentence shared with another one)."""
    place, thing = PLACES[n % len(PLACES)], THINGS[(n // len(PLACES)) % len(THINGS)]
    title = f"Warga {place} Membangun {thing.title()} Nomor {n}"
    paragraphs = [
        f"Warga Desa {place} bergotong royong membangun {thing} nomor {n} pada Sabtu pagi. "
        f"Kegiatan itu melibatkan {n + 12} orang dari tiga dusun.",
        f"Kepala desa mengatakan {thing} nomor {n} akan dipakai bersama oleh warga. "
        f"Biaya pembangunan berasal dari iuran warga sebesar {n + 3} juta rupiah.",
        f"Pembangunan {thing} nomor {n} ditargetkan selesai dalam {n % 9 + 2} pekan. "
        f"Warga {place} berharap kabupaten membantu merawat {thing} nomor {n}.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f"<!doctype html><html lang='id'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:type' content='article'><meta property='og:site_name' "
            f"content='Kabar Desa'></head><body><article><h1>{title}</h1>{body}</article>"
            "</body></html>")  # fmt: skip
    return f"/berita/2026/12/04/kabar-desa-{n}", html


def prerender(pages: list[str], settings_part_minutes: float) -> int:
    """Fill the fake gTTS's own MP3 cache, so no run pays espeak-ng for the fake (fair order)."""
    texts: set[str] = set()
    for html in pages:
        article = pipeline.article_from_html(html, "https://kabar.example/x")
        language = pipeline.speech_language(article)
        reading = asyncio.run(plan(article, settings_part_minutes, text("part_label", language)))
        sources = [(reading.article, "summary")] + [(part, "full") for part in reading.parts]
        for source, mode in sources:
            speech = pipeline.plan_speech(source, mode, summary=reading.summary)
            texts.update(chunk.text for chunk in speech.chunks)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(synthesize_mp3, texts))
    return len(texts)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Run:
    workers: int
    killed: bool
    answered: int
    lost: int
    duplicates: int
    per_minute: float
    p50_s: float
    p95_s: float
    gtts_per_article: float
    gtts_repeats: int
    uploads_per_article: float
    seconds: float
    cpu: dict[str, float]
    cpu_wall_s: float
    """Wall seconds the CPU figures cover (first request to the last answer seen)."""
    machine_busy: float = 0.0
    """Share of all cores busy over the same time, by anyone (other work on the machine too)."""
    jobs_per_worker: int = 2
    load: str = ""


def _env(url: str, fake: FakeTelegram, gtts: FakeGtts, cache: Path, stalled_s: float) -> dict:
    return {
        **os.environ, "SUARA_DB": url, "SUARA_QUEUE": "postgres", "TELEGRAM_BOT_TOKEN": TOKEN,
        "SUARA_TELEGRAM_API": fake.base, "SUARA_GTTS_ENDPOINT": gtts.url,
        "SUARA_TTS_ENGINE": "gtts", "SUARA_ALLOW_PRIVATE_HOSTS": "1", "SUARA_CACHE_DIR": str(cache),
        "SUARA_METRICS_PORT": "0", "SUARA_RATE_PER_HOUR": "1000", "SUARA_LOG_LEVEL": "WARNING",
        "SUARA_WORKER_STALLED_S": str(stalled_s), "SUARA_WEBHOOK_SECRET": SECRET,
        "SUARA_BROADCAST_RATE": "1000", "NO_PROXY": "*",
    }  # fmt: skip


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))  # fmt: skip


def _wait_listening(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"no bot listening on {port}")


def _post(port: int, update: dict) -> None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram", data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def run_once(
    cluster: PostgresCluster, fake: FakeTelegram, gtts: FakeGtts, links: list[str],
    choices: list[int], workers: int, kill: bool, rate: float, work: Path, stalled_s: float,
    timeout: float, jobs: int = 2, latency_s: float = 0.15,
) -> Run:  # fmt: skip
    url = cluster.new_database()
    asyncio.run(_migrate(url))
    fake.reset()
    gtts.reset()
    gtts.latency_s = latency_s  # reset() clears it: without this every run had no latency
    ports = [free_port(), free_port()]
    processes: list[subprocess.Popen] = []
    meter = CpuMeter()
    meter.track_tree("postgres", int((cluster.data / "postmaster.pid").read_text().split()[0]))
    folder = Path(tempfile.mkdtemp(dir=work, prefix=f"w{workers}{'k' if kill else ''}-"))
    try:
        for n, port in enumerate(ports):
            env = _env(url, fake, gtts, folder / f"bot{n}", stalled_s)
            processes.append(_start(["serve", "--webhook", "https://bench.invalid/telegram",
                                     "--listen", f"127.0.0.1:{port}"], env,
                                    folder / f"bot{n}.log"))  # fmt: skip
        for port in ports:
            _wait_listening(port)
        worker_processes = []
        names: list[str] = []
        for n in range(workers):
            env = _env(url, fake, gtts, folder / f"worker{n}", stalled_s)
            name = f"{folder.name}-{n}"
            names.append(name)
            worker_processes.append(_start(["worker", "--name", name, "--concurrency", str(jobs)],
                                           env, folder / f"worker{n}.log"))  # fmt: skip
        processes += worker_processes
        deadline = time.monotonic() + 120
        while not all(is_alive(name, stalled_s) for name in names):  # started, queue reached
            if time.monotonic() > deadline:
                raise TimeoutError("workers did not start")
            time.sleep(0.2)
        for n, process in enumerate(processes):
            meter.track("bot" if n < len(ports) else "worker", process.pid)
        sent: dict[int, float] = {}
        chat_link: dict[int, int] = {}
        meter.start()
        started = time.monotonic()
        sampled = started
        killed_at = None
        for n, link_index in enumerate(choices):
            chat = 10_000 + n
            update = fake.user_text(chat, links[link_index])
            sent[chat] = time.monotonic()
            chat_link[chat] = link_index
            _post(ports[n % 2], update)
            if time.monotonic() - sampled > 0.5:
                meter.sample()
                sampled = time.monotonic()
            if kill and killed_at is None and n >= len(choices) // 3:
                meter.sample()
                worker_processes[0].send_signal(signal.SIGKILL)  # mid-load, jobs in flight
                killed_at = time.monotonic()
            time.sleep(max(0.0, started + (n + 1) / rate - time.monotonic()))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            voices = Counter(int(c.chat_id) for c in fake.calls_of("sendVoice"))
            if all(voices[chat] >= VOICES for chat in sent):
                break
            meter.sample()
            time.sleep(0.5)
        cpu, cpu_wall_s = meter.used(), time.monotonic() - started
        time.sleep(2.0)  # anything sent twice arrives now
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    run = _measure(fake, gtts, sent, chat_link, workers, kill, started)
    run.cpu, run.cpu_wall_s, run.jobs_per_worker = cpu, cpu_wall_s, jobs
    run.machine_busy = meter.machine_busy()
    return run


async def _migrate(url: str) -> None:
    db = await open_db(url)
    await db.close()


def _measure(fake, gtts, sent, chat_link, workers, kill, started) -> Run:  # type: ignore[no-untyped-def]
    voices: dict[int, list] = defaultdict(list)
    for call in fake.calls_of("sendVoice"):
        voices[int(call.chat_id)].append(call)
    summaries = Counter(int(c.chat_id) for c in fake.calls_of("sendMessage")
                        if "Ringkasan:" in c.text)  # fmt: skip
    # Answered: both voice notes arrived (from a worker, or from the bot by stored file_ids).
    done_at = {chat: sorted(c.time for c in calls)[VOICES - 1]
               for chat, calls in voices.items() if len(calls) >= VOICES}  # fmt: skip
    answered = [chat for chat in sent if chat in done_at]
    duplicates = 0
    for chat in sent:
        captions = Counter(c.text for c in voices[chat])
        duplicates += sum(n - 1 for n in captions.values()) + max(0, summaries[chat] - 1)
    first_voice = sorted(min(c.time for c in voices[chat]) - sent[chat]
                         for chat in sent if voices[chat])  # fmt: skip
    uploads: Counter[str] = Counter(c.text for c in fake.calls_of("sendVoice") if c.files)
    articles = len(set(chat_link.values()))
    texts = gtts.texts
    last = max(done_at.values(), default=started)
    q = statistics.quantiles(first_voice, n=20) if len(first_voice) >= 2 else [0.0] * 19
    return Run(
        workers=workers, killed=kill, answered=len(answered), lost=len(sent) - len(answered),
        duplicates=duplicates, per_minute=len(answered) / max(last - started, 1e-9) * 60,
        p50_s=statistics.median(first_voice) if first_voice else 0.0, p95_s=q[18],
        gtts_per_article=len(texts) / articles, gtts_repeats=len(texts) - len(set(texts)),
        uploads_per_article=sum(uploads.values()) / articles, seconds=last - started,
        cpu={}, cpu_wall_s=0.0,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--links", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rate", type=float, default=25.0, help="requests a second")
    parser.add_argument("--latency", type=float, default=0.15, help="fake gTTS seconds")
    parser.add_argument("--stalled", type=float, default=5.0, help="SUARA_WORKER_STALLED_S")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--jobs-per-worker", type=int, default=2,
                        help="jobs one worker runs at once (suara worker --concurrency)")
    parser.add_argument("--no-kill", action="store_true")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop children and cluster on TERM
    rng = random.Random(args.seed)
    weights = [1 / (rank + 1) for rank in range(args.links)]
    choices = list(range(args.links)) + rng.choices(range(args.links), weights,
                                                    k=max(0, args.users - args.links))  # fmt: skip
    rng.shuffle(choices)
    pages = [article_page(n) for n in range(args.links)]
    print(f"users {len(choices)}, distinct links {args.links}, most popular link asked "
          f"{max(Counter(choices).values())} times; fake gTTS latency {args.latency:.2f} s")
    started = time.monotonic()
    print(f"pre-rendered {prerender([h for _, h in pages], 10.0)} chunk texts for the fake gTTS "
          f"in {time.monotonic() - started:.0f} s (not timed below)")
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="suara-scale-") as work, PostgresCluster() as cluster, \
            FakeTelegram() as fake, FakeGtts(latency_s=args.latency) as gtts, \
            PageServer() as server:  # fmt: skip
        links = [server.add(path, html) for path, html in pages]
        plans = [(n, False) for n in args.workers] + ([] if args.no_kill else [(2, True)])
        for workers, kill in plans:
            run = run_once(cluster, fake, gtts, links, choices, workers, kill, args.rate,
                           Path(work), args.stalled, args.timeout,
                           args.jobs_per_worker, args.latency)  # fmt: skip
            run.load = load_average()
            runs.append(run)
            print(f"  done: {workers} worker(s){' (one killed)' if kill else ''} "
                  f"in {run.seconds:.0f} s (load average {run.load})", flush=True)
    print()
    print(f"{args.jobs_per_worker} job(s) per worker, {os.cpu_count()} cores")
    print("| workers | readings/min | p50 first voice (s) | p95 first voice (s) | gTTS req/article "
          "| gTTS repeats | uploads/article | duplicates | lost |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        label = f"{r.workers}, one killed -9" if r.killed else str(r.workers)
        print(f"| {label} | {r.per_minute:.0f} | {r.p50_s:.1f} | {r.p95_s:.1f} | "
              f"{r.gtts_per_article:.1f} | {r.gtts_repeats} | {r.uploads_per_article:.2f} | "
              f"{r.duplicates} | {r.lost} |")
    print_cpu(runs)


ROLES = ("bot", "bot children", "worker", "worker children", "postgres", "fakes", "bench driver")


def load_average() -> str:
    """The 1/5/15-minute load averages, to print beside each run (other work on the machine)."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def print_cpu(runs: list[Run]) -> None:
    """CPU seconds per answered reading by role, the total, and how busy the cores were."""
    cores = os.cpu_count() or 1
    print()
    print("CPU seconds per answered reading, by role (worker children: the voice-note encoder):")
    print("| workers | " + " | ".join(ROLES)
          + " | total | ours busy | machine busy | load average after |")
    print("|---|" + "---|" * (len(ROLES) + 4))
    for r in runs:
        label = f"{r.workers}, one killed -9" if r.killed else str(r.workers)
        per = [r.cpu.get(role, 0.0) / max(r.answered, 1) for role in ROLES]
        total = sum(r.cpu.values())
        busy = total / max(r.cpu_wall_s * cores, 1e-9) * 100
        print(f"| {label} | " + " | ".join(f"{v:.3f}" for v in per)
              + f" | {total / max(r.answered, 1):.3f} | {busy:.0f} % | "
              f"{r.machine_busy * 100:.0f} % | {r.load} |")


if __name__ == "__main__":
    main()
