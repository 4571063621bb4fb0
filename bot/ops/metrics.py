"""Prometheus metrics and `/healthz`, served on a local port next to the bot.

Other modules report what happened with one call each; the call also logs the one structured line
per reading or delivery (`bot.ops.logs.log_event`):

    from bot.ops import metrics
    metrics.reading_done(seconds=4.2, outcome="ok", engine="gtts", site="kompas.com")
    metrics.cache_lookup("audio", hit=True)
    metrics.synthesis_done("gtts", seconds=3.1, chunks=12)
    metrics.gtts_error("rate_limited"); metrics.speech_fell_back()
    metrics.delivery_done(kind="briefing", outcome="sent", seconds=0.8)

The instruments live on prometheus-client's default registry (with its process and GC metrics),
because counters are process-wide by nature; tests build a `Metrics` on a registry of their own.
`attach(application, host, port)` starts the HTTP server with the bot and stops it after.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.exposition import choose_encoder

from bot import __version__
from bot.ops.logs import log_event

if TYPE_CHECKING:  # the HTTP side is imported when the server starts, not by callers of metrics
    from aiohttp import web
    from telegram.ext import Application

    from bot.config import Settings

logger = logging.getLogger(__name__)

DEFAULT_METRICS_PORT = 9464
"""The port registered for Prometheus exporters of this kind; 0 turns the server off."""
DEFAULT_METRICS_HOST = "127.0.0.1"
HEALTH_TIMEOUT_S = 2.0

CACHE_KINDS = ("article", "audio", "chunk", "file_id", "briefing")
GTTS_ERROR_KINDS = ("rate_limited", "server_error", "connection", "timeout", "bad_response")
DELIVERY_KINDS = ("reading", "briefing")
DELIVERY_OUTCOMES = ("sent", "failed", "blocked", "retried")
_LABEL = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

READING_BUCKETS_S = (1, 2, 5, 10, 20, 30, 60, 120, 300, 600)
"""A summary reading takes 3-10 s, a long full article 1-3 minutes, a briefing up to 5."""
SYNTHESIS_BUCKETS_S = (0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300)
DELIVERY_BUCKETS_S = (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60)


def _one_of(value: str, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else "other"


def _slug(value: str) -> str:
    """A label value from a small set (error keys, engine names); anything else is "other"."""
    value = (value or "").strip().lower()
    return value if _LABEL.match(value) else "other"


class Metrics:
    """Every instrument of Suara Berita on one registry."""

    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.registry = registry
        self.readings = Counter(
            "suara_readings", "Readings finished, by outcome (ok or an error key) and mode.",
            ["outcome", "mode"], registry=registry,
        )  # fmt: skip
        self.reading_seconds = Histogram(
            "suara_reading_seconds", "Wall time of a reading, link received to audio ready.",
            buckets=READING_BUCKETS_S, registry=registry,
        )  # fmt: skip
        self.cache_hits = Counter(
            "suara_cache_hits", "Cache lookups that found something, by kind.",
            ["kind"], registry=registry,
        )  # fmt: skip
        self.cache_misses = Counter(
            "suara_cache_misses", "Cache lookups that found nothing, by kind.",
            ["kind"], registry=registry,
        )  # fmt: skip
        self.synthesis_seconds = Histogram(
            "suara_synthesis_seconds", "Time to synthesize one reading's speech, by engine.",
            ["engine"], buckets=SYNTHESIS_BUCKETS_S, registry=registry,
        )  # fmt: skip
        self.synthesized_chunks = Counter(
            "suara_synthesized_chunks", "Speech chunks synthesized (cache misses), by engine.",
            ["engine"], registry=registry,
        )  # fmt: skip
        self.gtts_errors = Counter(
            "suara_gtts_errors", "Failed gTTS requests (each retry counts), by kind.",
            ["kind"], registry=registry,
        )  # fmt: skip
        self.fallbacks = Counter(
            "suara_speech_fallbacks", "Readings that switched from gTTS to espeak-ng.",
            registry=registry,
        )  # fmt: skip
        self.deliveries = Counter(
            "suara_deliveries", "Messages with audio sent to a chat, by kind and outcome.",
            ["kind", "outcome"], registry=registry,
        )  # fmt: skip
        self.delivery_seconds = Histogram(
            "suara_delivery_seconds", "Time to deliver one reading or briefing to one chat.",
            ["kind"], buckets=DELIVERY_BUCKETS_S, registry=registry,
        )  # fmt: skip
        self.queue_length = Gauge(
            "suara_queue_length", "Readings waiting for a free synthesis slot.",
            registry=registry,
        )  # fmt: skip
        self.build_info = Gauge(
            "suara_build_info", "Always 1; the running version as a label.",
            ["version"], registry=registry,
        )  # fmt: skip
        self.build_info.labels(version=__version__).set(1)
        for kind in CACHE_KINDS:  # expose zeros, so rate() works from the first hit
            self.cache_hits.labels(kind=kind)
            self.cache_misses.labels(kind=kind)
        for kind in GTTS_ERROR_KINDS:
            self.gtts_errors.labels(kind=kind)

    def reading_done(
        self,
        *,
        seconds: float,
        outcome: str = "ok",
        mode: str = "full",
        engine: str = "",
        site: str = "",
        from_cache: bool = False,
        fell_back: bool = False,
        audio_s: float | None = None,
        **stage_seconds: float,
    ) -> None:
        """A reading finished (`outcome` "ok" or the error key). Logs one `reading` line.

        `stage_seconds` are per-stage timings for the log line, e.g. `fetch_s=0.4, speech_s=3.1`.
        """
        self.readings.labels(outcome=_slug(outcome), mode=_slug(mode)).inc()
        self.reading_seconds.observe(max(seconds, 0.0))
        log_event(
            "reading", outcome=outcome, mode=mode, engine=engine, site=site,
            from_cache=from_cache, fell_back=fell_back, audio_s=audio_s, total_s=seconds,
            **{k if k.endswith("_s") else f"{k}_s": v for k, v in stage_seconds.items()},
        )  # fmt: skip

    def cache_lookup(self, kind: str, hit: bool) -> None:
        """A cache lookup of `kind` (article, audio, chunk, file_id, briefing)."""
        counter = self.cache_hits if hit else self.cache_misses
        counter.labels(kind=_one_of(kind, CACHE_KINDS)).inc()

    def synthesis_done(self, engine: str, seconds: float, chunks: int = 0) -> None:
        """One reading's speech was synthesized by `engine` ("gtts", "espeak") in `seconds`."""
        self.synthesis_seconds.labels(engine=_slug(engine)).observe(max(seconds, 0.0))
        if chunks:
            self.synthesized_chunks.labels(engine=_slug(engine)).inc(chunks)

    def gtts_error(self, kind: str) -> None:
        """A gTTS request failed: rate_limited, server_error, connection, timeout, bad_response."""
        self.gtts_errors.labels(kind=_one_of(kind, GTTS_ERROR_KINDS)).inc()

    def speech_fell_back(self) -> None:
        """A reading switched from gTTS to espeak-ng."""
        self.fallbacks.inc()

    def delivery_done(
        self, *, kind: str = "reading", outcome: str = "sent", seconds: float = 0.0, parts: int = 1
    ) -> None:
        """Audio was delivered to one chat (or failed to). Logs one `delivery` line."""
        kind, outcome = _one_of(kind, DELIVERY_KINDS), _one_of(outcome, DELIVERY_OUTCOMES)
        self.deliveries.labels(kind=kind, outcome=outcome).inc()
        self.delivery_seconds.labels(kind=kind).observe(max(seconds, 0.0))
        log_event("delivery", kind=kind, outcome=outcome, parts=parts, total_s=seconds)

    def set_queue_length(self, waiting: int) -> None:
        self.queue_length.set(waiting)

    def track_queue(self, waiting: Callable[[], float]) -> None:
        """Read the queue length from `waiting()` at each scrape (`lambda: reader.waiting`)."""
        self.queue_length.set_function(waiting)

    def exposition(self) -> bytes:
        """The registry in Prometheus text format."""
        return generate_latest(self.registry)


DEFAULT = Metrics()
"""The process's metrics; the module functions below report to it."""

reading_done = DEFAULT.reading_done
cache_lookup = DEFAULT.cache_lookup
synthesis_done = DEFAULT.synthesis_done
gtts_error = DEFAULT.gtts_error
speech_fell_back = DEFAULT.speech_fell_back
delivery_done = DEFAULT.delivery_done
set_queue_length = DEFAULT.set_queue_length
track_queue = DEFAULT.track_queue


# -- the HTTP side ---------------------------------------------------------------------------

HealthCheck = Callable[[], Awaitable[Mapping[str, str]]]
"""Returns component → "ok" or a short reason; any value other than "ok" makes /healthz 503."""


@dataclass(frozen=True, slots=True)
class MetricsAddress:
    host: str = DEFAULT_METRICS_HOST
    port: int = DEFAULT_METRICS_PORT

    @property
    def enabled(self) -> bool:
        return self.port > 0


def metrics_address(settings: Settings) -> MetricsAddress:
    """Where /metrics and /healthz listen: `SUARA_METRICS_HOST` and `SUARA_METRICS_PORT` (9464;
    0 turns them off), read and checked by `Settings`."""
    return MetricsAddress(settings.metrics_host or DEFAULT_METRICS_HOST, settings.metrics_port)


class MetricsServer:
    """`GET /metrics` (Prometheus text format) and `GET /healthz` (JSON, 200 or 503)."""

    def __init__(
        self,
        metrics: Metrics,
        health: HealthCheck,
        host: str = DEFAULT_METRICS_HOST,
        port: int = DEFAULT_METRICS_PORT,
    ) -> None:
        self.metrics = metrics
        self.health = health
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        from aiohttp import web

        app = web.Application()
        app.router.add_get("/metrics", self._on_metrics)
        app.router.add_get("/healthz", self._on_health)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        if self.port == 0:  # tests ask for any free port
            self.port = self._runner.addresses[0][1]
        logger.info("metrics and /healthz on http://%s:%d", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _on_metrics(self, request: web.Request) -> web.Response:
        from aiohttp import web

        # The scraper's Accept header picks the format (Prometheus text or OpenMetrics).
        encode, content_type = choose_encoder(request.headers.get("Accept", ""))
        return web.Response(
            body=encode(self.metrics.registry), headers={"Content-Type": content_type}
        )

    async def _on_health(self, request: web.Request) -> web.Response:
        from aiohttp import web

        try:
            checks = dict(await asyncio.wait_for(self.health(), HEALTH_TIMEOUT_S))
        except TimeoutError:
            checks = {"health": f"no answer in {HEALTH_TIMEOUT_S:g} s"}
        except Exception as exc:
            logger.warning("health check failed", exc_info=True)
            checks = {"health": f"failed: {type(exc).__name__}"}
        healthy = bool(checks) and all(value == "ok" for value in checks.values())
        body = {"status": "ok" if healthy else "unhealthy", "version": __version__, **checks}
        return web.Response(
            text=json.dumps(body), status=200 if healthy else 503, content_type="application/json"
        )


def application_health(application: Application) -> HealthCheck:
    """Healthy when the bot takes updates (polling or webhook) and the database answers."""

    async def check() -> dict[str, str]:
        updater = application.updater
        receiving = application.running and (updater is None or updater.running)
        checks = {"bot": "ok" if receiving else "not running"}
        services: Any = application.bot_data.get("services")
        if services is None:
            checks["database"] = "not open"
        else:
            try:
                async with services.db.execute("SELECT 1") as cursor:
                    await cursor.fetchone()
                checks["database"] = "ok"
            except Exception as exc:
                checks["database"] = f"failed: {type(exc).__name__}"
        return checks

    return check


def attach(
    application: Application, address: MetricsAddress, metrics: Metrics = DEFAULT
) -> MetricsServer:
    """Serve metrics and /healthz while `application` runs (after its post_init, until its
    post_shutdown). The queue gauge follows the application's `Reader` when there is one."""
    server = MetricsServer(metrics, application_health(application), address.host, address.port)
    post_init, post_shutdown = application.post_init, application.post_shutdown

    async def start(app: Application) -> None:
        if post_init is not None:
            await post_init(app)
        reader = app.bot_data.get("reader")
        if reader is not None:
            metrics.track_queue(lambda: reader.waiting)
        await server.start()

    async def stop(app: Application) -> None:
        await server.stop()
        if post_shutdown is not None:
            await post_shutdown(app)

    application.post_init = start
    application.post_shutdown = stop
    return server


__all__ = [
    "DEFAULT",
    "Metrics",
    "MetricsAddress",
    "MetricsServer",
    "attach",
    "cache_lookup",
    "delivery_done",
    "gtts_error",
    "metrics_address",
    "reading_done",
    "set_queue_length",
    "speech_fell_back",
    "synthesis_done",
    "track_queue",
]
