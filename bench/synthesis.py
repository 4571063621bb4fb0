"""Synthesis of the seed article: `gTTS(text, lang="id").save()` against our speech stage.

    .venv/bin/python bench/synthesis.py [--runs 3] [--json]

Both speak the same text, the seed article's spoken text (title and body, normalized), through
the same loopback fake gTTS endpoint answering every request after 150 ms; its own audio
rendering is cached before timing. The baseline is gTTS as the obvious pipeline uses it: its
tokenizer cuts the text into ≤100-character parts, requested one after another, a new session
each. Ours is `make_engine("gtts")` + `synthesize_chunks` with product defaults: our chunks
(sentences packed up to 100 characters), gTTS's own request and parsing code in worker threads
with kept-alive sessions, the adaptive limit starting at 4 requests in flight (a fresh client per
run, so the probing up to 8 is timed too), an empty chunk cache.

Also printed: an edited article (one paragraph changed) spoken again with the chunk cache.

`--engine edge` times the neural voice the same way against the loopback fake of Microsoft's
read-aloud WebSocket service (`tests/helpers/fake_edge_tts.py`), answering every request after the
same 150 ms: the baseline is edge-tts as its README shows it, `Communicate(text, voice).save()`
on the whole text (edge-tts cuts it into 4,096-byte parts, one WebSocket each, in turn); ours is
`make_engine("edge")` + `synthesize_chunks` (our chunks, one WebSocket each, several at once).
The fake answers a whole text as fast as a chunk, where the real service speaks longer texts
longer: these figures time our pipeline and the protocol, not Microsoft's synthesis.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import time
from dataclasses import replace

import harness
from harness import GTTS_LATENCY_S, Result

from bot import pipeline
from bot.audio.cache import AudioCache
from bot.speech.synthesize import synthesize_chunks
from tests.helpers.fake_edge_tts import FakeEdgeTts
from tests.helpers.fake_gtts import FakeGtts, synthesize_mp3

TARGET_RATIO = 5.0


def baseline_parts(spoken: str) -> list[str]:
    from gtts import gTTS

    return gTTS(spoken, lang="id")._tokenize(spoken)


def time_baseline(fake: FakeGtts, spoken: str) -> tuple[float, int]:
    from gtts import gTTS

    before = len(fake.requests)
    with fake.patched():
        started = time.perf_counter()
        gTTS(spoken, lang="id").write_to_fp(io.BytesIO())
        elapsed = time.perf_counter() - started
    return elapsed, len(fake.requests) - before


async def time_edge_baseline(fake: FakeEdgeTts, spoken: str) -> tuple[float, int]:
    import edge_tts

    from bot.speech.edge_engine import use_endpoint, voice_name

    before = len(fake.requests)
    use_endpoint(fake.url)
    try:
        started = time.perf_counter()
        audio = bytearray()
        async for message in edge_tts.Communicate(spoken, voice_name("gadis", "id")).stream():
            if message["type"] == "audio":
                audio += message["data"]
        elapsed = time.perf_counter() - started
    finally:
        use_endpoint("")
    assert audio
    return elapsed, len(fake.requests) - before


async def time_ours(latency_s: float, plan, cache_root, engine_name: str = "gtts"):  # type: ignore[no-untyped-def]
    """One run against a fresh fake endpoint (so a fresh shared client and limit)."""
    fake_kind = FakeEdgeTts if engine_name == "edge" else FakeGtts
    with fake_kind(latency_s=latency_s) as fake, harness.scratch() as root:
        endpoint = {"edge_endpoint" if engine_name == "edge" else "gtts_endpoint": fake.url}
        settings = harness.bench_settings(root, **endpoint)
        engine = pipeline.make_engine(engine_name, settings)
        started = time.perf_counter()
        segments = await synthesize_chunks(
            plan.chunks,
            engine,
            plan.language,
            concurrency=pipeline.gtts_ceiling(settings),
            cache=AudioCache(cache_root) if cache_root else None,
        )
        elapsed = time.perf_counter() - started
        assert len(segments) == len(plan.chunks)
        assert all(s.engine.startswith(engine_name) for s in segments), "the engine fell back"
        return elapsed, len(fake.requests), fake.max_in_flight


def edited(article):  # type: ignore[no-untyped-def]
    paragraphs = list(article.paragraphs)
    paragraphs[2] = paragraphs[2].replace("tiga hari", "empat hari") + " Kalimat tambahan."
    return replace(article, paragraphs=tuple(paragraphs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--engine", choices=("gtts", "edge"), default="gtts")
    args = parser.parse_args()
    engine = args.engine
    article = harness.seed_article()
    plan = pipeline.plan_speech(article, "full")
    spoken = plan.spoken_text
    second = pipeline.plan_speech(edited(article), "full")
    for text in [*baseline_parts(spoken), *(c.text for c in (*plan.chunks, *second.chunks))]:
        synthesize_mp3(text, "id")  # warm the fake's audio cache

    if engine == "edge":
        synthesize_mp3(spoken, "id")
        with FakeEdgeTts(latency_s=GTTS_LATENCY_S) as fake_edge:
            baselines = [asyncio.run(time_edge_baseline(fake_edge, spoken))
                         for _ in range(args.runs)]  # fmt: skip
    else:
        with FakeGtts(latency_s=GTTS_LATENCY_S) as fake:
            baselines = [time_baseline(fake, spoken) for _ in range(args.runs)]
    ours = [asyncio.run(time_ours(GTTS_LATENCY_S, plan, None, engine)) for _ in range(args.runs)]
    with harness.scratch() as cache_root:
        asyncio.run(time_ours(GTTS_LATENCY_S, plan, cache_root, engine))
        edit_s, edit_requests, _ = asyncio.run(
            time_ours(GTTS_LATENCY_S, second, cache_root, engine)
        )

    baseline_s = harness.median([b[0] for b in baselines])
    ours_s = harness.median([o[0] for o in ours])
    ratio = baseline_s / ours_s
    harness.report(
        [
            Result(
                goal=f"synthesis of the seed article ({engine})",
                baseline=f"{harness.seconds(baseline_s)} ({baselines[0][1]} requests)",
                ours=f"{harness.seconds(ours_s)} ({ours[0][1]} requests)",
                ratio=f"{ratio:.1f}x",
                target=f">= {TARGET_RATIO:.0f}x" if engine == "gtts" else harness.NO_TARGET,
                met=ratio >= TARGET_RATIO,
            )
        ],
        notes=[
            f"median of {args.runs} runs, {len(spoken)} characters, fake {engine} latency "
            f"{GTTS_LATENCY_S * 1000:.0f} ms; most requests in flight (ours): "
            f"{max(o[2] for o in ours)}",
            f"edited article (one paragraph changed), chunk cache warm: {edit_requests} of "
            f"{len(second.chunks)} chunks requested again, {harness.seconds(edit_s)}",
        ],
    )


if __name__ == "__main__":
    main()
