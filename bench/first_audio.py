"""Time to first audio: from a link arriving at the bot to the first voice note (the summary).

    .venv/bin/python bench/first_audio.py [--runs 3] [--json]

Ours: the real bot (python-telegram-bot polling the fake Bot API), the seed page on a loopback page
server, the fake gTTS endpoint answering after 150 ms, product defaults (engine "auto", reading
mode "default": summary voice first, then the full article). Each run starts a fresh bot with an
empty cache and database and sends one warm-up link first (imports, model loading); the clock
runs from the moment the update is queued at the fake Bot API to the moment `sendVoice` arrives.

Baseline: the obvious pipeline for the same summary voice note, in one process without Telegram:
fetch with httpx, readability, our summarizer, `gTTS(text, lang="id").save()`, pydub decode and
export to OGG/Opus. The fake gTTS server has every text cached before timing (its own espeak-ng
rendering is part of neither figure).

`--engine edge`: the same with SUARA_TTS_ENGINE=edge against the loopback fake of Microsoft's
read-aloud WebSocket service (same 150 ms per request); the baseline speaks the summary with
`edge_tts.Communicate(text, voice)` instead of gTTS. The fake does not model the real service's
synthesis time, so this times our pipeline and the protocol, not Microsoft's voice.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import time

import harness
from harness import GTTS_LATENCY_S, Result

from bot import pipeline
from tests.chat.pages import article_html
from tests.helpers.fake_edge_tts import FakeEdgeTts
from tests.helpers.fake_gtts import FakeGtts, synthesize_mp3
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.page_server import PageServer

TARGET_S = 1.5
CHAT = 777


def warm_fake_gtts(article_texts: list[str]) -> None:
    """Render every chunk and every gTTS part the runs will ask for, so timing sees only latency."""
    from gtts import gTTS

    for text in article_texts:
        article = pipeline.article_from_html(text, harness.SEED_URL)
        for mode in ("summary", "full"):
            plan = pipeline.plan_speech(article, mode)
            for chunk in plan.chunks:
                synthesize_mp3(chunk.text, "id")
            spoken = plan.spoken_text
            for part in gTTS(spoken, lang="id")._tokenize(spoken):
                synthesize_mp3(part, "id")


async def one_run(
    fake_gtts: FakeGtts, pages: PageServer, run: int, fake_edge: FakeEdgeTts | None = None
) -> dict[str, float]:
    """One fresh bot: a warm-up link, then the seed link; returns stage times in seconds."""
    with harness.scratch() as root, FakeTelegram() as telegram:
        edge = {"tts_engine": "edge", "edge_endpoint": fake_edge.url} if fake_edge else {}
        settings = harness.bench_settings(
            root,
            telegram_token="123456:BENCH",
            telegram_api=telegram.base,
            gtts_endpoint=fake_gtts.url,
            **edge,
        )
        warm_url = pages.add(f"/warm/{run}", article_html(f"Pemanasan {run}"))
        seed_url = pages.add_file(f"/berita/seed-{run}", harness.SEED_PAGE)
        async with harness.running_bot(settings):
            telegram.user_text(CHAT + 1, warm_url)
            await telegram.wait_for("sendVoice", 2, chat_id=CHAT + 1, timeout=60)
            start_mark = telegram.mark()
            started = time.monotonic()
            telegram.user_text(CHAT, seed_url)
            [first_voice] = await telegram.wait_for(
                "sendVoice", chat_id=CHAT, timeout=60, since=start_mark
            )
            texts = telegram.calls_of("sendMessage", chat_id=CHAT)
            full = await telegram.wait_for(
                "sendVoice", 2, chat_id=CHAT, timeout=60, since=start_mark
            )
            await telegram.wait_for("deleteMessage", chat_id=CHAT, timeout=30, since=start_mark)
        return {
            "status_s": texts[0].time - started,
            "summary_text_s": texts[1].time - started if len(texts) > 1 else float("nan"),
            "first_voice_s": first_voice.time - started,
            "full_voice_s": full[1].time - started,
        }


def baseline_run(pages: PageServer, run: int, fake_edge: FakeEdgeTts | None = None) -> float:
    """The obvious pipeline for the summary voice note: readability → gTTS.save() → pydub
    (with `fake_edge`: edge-tts's Communicate instead of gTTS)."""
    import httpx
    from gtts import gTTS
    from pydub import AudioSegment
    from readability import Document

    from bot.text.summarize import summarize

    url = pages.add_file(f"/baseline/seed-{run}", harness.SEED_PAGE)
    started = time.perf_counter()
    html = httpx.get(url).text
    document = Document(html)
    from lxml import html as lxml_html

    body = lxml_html.fromstring(document.summary())
    paragraphs = [p.text_content().strip() for p in body.iter("p") if p.text_content().strip()]
    summary = summarize(paragraphs, title=document.short_title(), language="id")
    spoken = f"{document.short_title()}. {' '.join(summary)}"
    mp3 = io.BytesIO()
    if fake_edge is not None:
        mp3.write(asyncio.run(_edge_mp3(spoken)))
    else:
        gTTS(spoken, lang="id").write_to_fp(mp3)
    mp3.seek(0)
    sound = AudioSegment.from_file(mp3, format="mp3")
    out = io.BytesIO()
    sound.export(out, format="ogg", codec="libopus", bitrate="32k",
                 parameters=["-ac", "1", "-application", "voip"])  # fmt: skip
    return time.perf_counter() - started


async def _edge_mp3(text: str) -> bytes:
    import edge_tts

    audio = bytearray()
    async for message in edge_tts.Communicate(text, "id-ID-GadisNeural").stream():
        if message["type"] == "audio":
            audio += message["data"]
    return bytes(audio)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--engine", choices=("gtts", "edge"), default="gtts")
    args = parser.parse_args()
    from bot.speech.edge_engine import use_endpoint

    with (
        FakeGtts() as fake_gtts,
        fake_gtts.patched(),
        PageServer() as pages,
        FakeEdgeTts() as fake_edge,
    ):
        warm_fake_gtts([harness.seed_html(), *(article_html(f"Pemanasan {n}")
                                               for n in range(args.runs))])  # fmt: skip
        fake_gtts.latency_s = fake_edge.latency_s = GTTS_LATENCY_S
        edge = fake_edge if args.engine == "edge" else None
        runs = [asyncio.run(one_run(fake_gtts, pages, n, edge)) for n in range(args.runs)]
        use_endpoint(fake_edge.url)
        if edge is not None:
            baseline_run(pages, -1, edge)  # the fake renders the whole summary text once
        baseline = harness.median([baseline_run(pages, n, edge) for n in range(args.runs)])
        use_endpoint("")
        if edge is not None and fake_gtts.requests:
            raise SystemExit(f"edge fell back to gTTS ({len(fake_gtts.requests)} requests)")
    ours = harness.median([r["first_voice_s"] for r in runs])
    stages = {key: harness.median([r[key] for r in runs]) for key in runs[0]}
    harness.report(
        [
            Result(
                goal=f"time to first audio (summary voice, seed article, {args.engine})",
                baseline=harness.seconds(baseline),
                ours=harness.seconds(ours),
                ratio=f"{baseline / ours:.1f}x",
                target=f"< {TARGET_S} s",
                met=ours < TARGET_S,
            )
        ],
        notes=[
            f"median of {args.runs} runs; stages after the link arrived: "
            + ", ".join(f"{k} {harness.seconds(v)}" for k, v in stages.items())
        ],
    )


if __name__ == "__main__":
    main()
