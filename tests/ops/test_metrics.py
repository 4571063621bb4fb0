"""Prometheus metrics and /healthz: instruments count, the server serves them, health is real."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bot.chat.app import build_application
from bot.config import Settings
from bot.ops import metrics as metrics_module
from bot.ops.metrics import (
    Metrics,
    MetricsAddress,
    MetricsServer,
    attach,
    metrics_address,
)

CHAT = 515


@pytest.fixture
def metrics() -> Metrics:
    return Metrics(CollectorRegistry())


def value(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def scraped(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Prometheus text → {(sample name, sorted labels): value}, parsed by the official parser."""
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_readings_count_by_outcome_and_time(metrics: Metrics) -> None:
    metrics.reading_done(seconds=4.0, engine="gtts", fetch_s=0.3)
    metrics.reading_done(seconds=12.0, mode="summary", engine="espeak")
    metrics.reading_done(seconds=0.5, outcome="error_fetch")
    assert value(metrics, "suara_readings_total", outcome="ok", mode="full") == 1
    assert value(metrics, "suara_readings_total", outcome="ok", mode="summary") == 1
    assert value(metrics, "suara_readings_total", outcome="error_fetch", mode="full") == 1
    assert value(metrics, "suara_reading_seconds_count") == 3
    assert value(metrics, "suara_reading_seconds_sum") == pytest.approx(16.5)
    assert value(metrics, "suara_reading_seconds_bucket", le="5.0") == 2


def test_label_values_stay_a_small_set(metrics: Metrics) -> None:
    metrics.reading_done(seconds=1, outcome="Error: <html> from https://example.com")
    metrics.cache_lookup("something-new", hit=True)
    metrics.delivery_done(kind="pigeon", outcome="lost")
    assert value(metrics, "suara_readings_total", outcome="other", mode="full") == 1
    assert value(metrics, "suara_cache_hits_total", kind="other") == 1
    assert value(metrics, "suara_deliveries_total", kind="other", outcome="other") == 1


def test_cache_speech_and_delivery_counters(metrics: Metrics) -> None:
    metrics.cache_lookup("audio", hit=True)
    metrics.cache_lookup("audio", hit=True)
    metrics.cache_lookup("chunk", hit=False)
    metrics.synthesis_done("gtts", seconds=3.0, chunks=12)
    metrics.gtts_error("rate_limited")
    metrics.gtts_error("timeout")
    metrics.speech_fell_back()
    metrics.delivery_done(kind="briefing", outcome="sent", seconds=0.8)
    metrics.delivery_done(kind="briefing", outcome="blocked", seconds=0.2)
    metrics.set_queue_length(3)
    assert value(metrics, "suara_cache_hits_total", kind="audio") == 2
    assert value(metrics, "suara_cache_misses_total", kind="chunk") == 1
    assert value(metrics, "suara_cache_hits_total", kind="chunk") == 0
    assert value(metrics, "suara_synthesis_seconds_sum", engine="gtts") == 3.0
    assert value(metrics, "suara_synthesized_chunks_total", engine="gtts") == 12
    assert value(metrics, "suara_gtts_errors_total", kind="rate_limited") == 1
    assert value(metrics, "suara_speech_fallbacks_total") == 1
    assert value(metrics, "suara_deliveries_total", kind="briefing", outcome="sent") == 1
    assert value(metrics, "suara_deliveries_total", kind="briefing", outcome="blocked") == 1
    assert value(metrics, "suara_delivery_seconds_count", kind="briefing") == 2
    assert value(metrics, "suara_queue_length") == 3


def test_readings_and_deliveries_log_one_line_each(metrics: Metrics, caplog) -> None:
    caplog.set_level(logging.INFO, logger="bot.events")
    metrics.reading_done(seconds=2.5, engine="gtts", site="kompas.com", fetch_s=0.4, speech=1.5)
    metrics.delivery_done(kind="reading", outcome="sent", seconds=0.3, parts=2)
    reading, delivery = (r for r in caplog.records if r.name == "bot.events")
    assert reading.getMessage() == "reading"
    assert reading.fields["total_s"] == 2.5 and reading.fields["fetch_s"] == 0.4
    assert reading.fields["speech_s"] == 1.5  # stage timings are named *_s
    assert delivery.fields == {"kind": "reading", "outcome": "sent", "parts": 2, "total_s": 0.3}


def test_module_functions_report_to_the_default_registry() -> None:
    before = value(metrics_module.DEFAULT, "suara_speech_fallbacks_total")
    metrics_module.speech_fell_back()
    assert value(metrics_module.DEFAULT, "suara_speech_fallbacks_total") == before + 1


async def test_server_exposes_metrics_and_health(metrics: Metrics) -> None:
    state = {"bot": "ok", "database": "ok"}

    async def health() -> dict[str, str]:
        return dict(state)

    server = MetricsServer(metrics, health, "127.0.0.1", 0)
    await server.start()
    try:
        metrics.reading_done(seconds=3.0, engine="gtts")
        metrics.cache_lookup("article", hit=True)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
            page = await client.get("/metrics")
            assert page.status_code == 200
            assert page.headers["content-type"].startswith("text/plain; version=0.0.4")
            samples = scraped(page.text)
            assert samples[("suara_readings_total", (("mode", "full"), ("outcome", "ok")))] == 1
            assert samples[("suara_cache_hits_total", (("kind", "article"),))] == 1
            assert samples[("suara_cache_misses_total", (("kind", "article"),))] == 0
            openmetrics = await client.get(
                "/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"}
            )
            assert openmetrics.headers["content-type"].startswith("application/openmetrics-text")
            assert openmetrics.text.rstrip().endswith("# EOF")
            metrics.reading_done(seconds=1.0)
            again = scraped((await client.get("/metrics")).text)
            assert again[("suara_readings_total", (("mode", "full"), ("outcome", "ok")))] == 2

            healthy = await client.get("/healthz")
            assert healthy.status_code == 200
            assert healthy.json()["status"] == "ok" and healthy.json()["database"] == "ok"
            state["database"] = "failed: OperationalError"
            sick = await client.get("/healthz")
            assert sick.status_code == 503 and sick.json()["status"] == "unhealthy"
            assert (await client.get("/other")).status_code == 404
    finally:
        await server.stop()


async def test_health_that_hangs_or_fails_is_unhealthy(metrics: Metrics, monkeypatch) -> None:
    monkeypatch.setattr(metrics_module, "HEALTH_TIMEOUT_S", 0.1)

    async def hangs() -> dict[str, str]:
        await asyncio.sleep(5)
        return {"bot": "ok"}

    async def fails() -> dict[str, str]:
        raise RuntimeError("boom")

    for health, reason in ((hangs, "no answer"), (fails, "RuntimeError")):
        server = MetricsServer(metrics, health, "127.0.0.1", 0)
        await server.start()
        try:
            async with httpx.AsyncClient() as client:
                answer = await client.get(f"http://127.0.0.1:{server.port}/healthz")
        finally:
            await server.stop()
        assert answer.status_code == 503 and reason in answer.json()["health"]


async def test_attached_to_the_bot_health_follows_the_application(
    bot_settings, fake_telegram, metrics: Metrics
) -> None:
    application = build_application(bot_settings)
    server = attach(application, MetricsAddress("127.0.0.1", 0), metrics)
    async with application:
        await application.post_init(application)  # opens the database, starts the server
        try:
            url = f"http://127.0.0.1:{server.port}"
            async with httpx.AsyncClient(base_url=url) as client:
                starting = await client.get("/healthz")
                assert starting.status_code == 503 and starting.json()["bot"] == "not running"
                await application.start()
                not_polling = await client.get("/healthz")
                assert not_polling.status_code == 503  # running, but no updates come in yet
                await application.updater.start_polling(poll_interval=0.0, timeout=1)
                ready = await client.get("/healthz")
                assert ready.status_code == 200, ready.text
                assert ready.json() == {"status": "ok", "version": ready.json()["version"],
                                        "bot": "ok", "database": "ok"}  # fmt: skip
                application.bot_data["reader"].waiting = 2  # two readings queued right now
                samples = scraped((await client.get("/metrics")).text)
                assert samples[("suara_queue_length", ())] == 2
                fake_telegram.user_text(CHAT, "/start")
                await fake_telegram.wait_for("sendMessage", chat_id=CHAT)
                await application.updater.stop()
                assert (await client.get("/healthz")).status_code == 503
                await application.stop()
                assert (await client.get("/healthz")).status_code == 503
        finally:
            await application.post_shutdown(application)  # stops the server, closes the db
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient() as client:
            await client.get(f"http://127.0.0.1:{server.port}/healthz")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, MetricsAddress("127.0.0.1", 9464)),
        ({"SUARA_METRICS_PORT": "9100"}, MetricsAddress("127.0.0.1", 9100)),
        ({"SUARA_METRICS_PORT": "0", "SUARA_METRICS_HOST": "0.0.0.0"},
         MetricsAddress("0.0.0.0", 0)),
    ],
)  # fmt: skip
def test_metrics_address_from_settings(env: dict[str, str], expected: MetricsAddress) -> None:
    address = metrics_address(Settings.from_env(env))
    assert address == expected
    assert address.enabled == (expected.port > 0)


@pytest.mark.parametrize("raw", ["abc", "70000", "-1"])
def test_bad_metrics_port_is_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="SUARA_METRICS_PORT"):
        Settings.from_env({"SUARA_METRICS_PORT": raw})
