"""Shared pieces of the performance benchmarks: the seed article, loopback fakes, the running bot,
and one way of printing results (a table, or JSON lines for `bench/perf.py`).

Every benchmark is offline: the fake gTTS endpoint, the fake Bot API and the page server from
`tests/helpers` run on 127.0.0.1 inside the benchmark's process.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("NO_PROXY", "*")  # loopback fakes only, never a proxy

from bot import pipeline  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.models import Article  # noqa: E402

SEED_PAGE = REPO / "tests" / "extract" / "fixtures" / "koran_jakarta_seed.html"
"""The seed article of issue 8: Koran Jakarta, 363 words, 42 speech chunks."""
SEED_URL = "https://koran-jakarta.com/kota-tangerang-jadi-benchmark"
GTTS_LATENCY_S = 0.15
"""Latency of every fake gTTS request, as the issue prescribes."""


@dataclass(frozen=True, slots=True)
class Result:
    """One measured goal: the baseline, ours, and whether the target is met."""

    goal: str
    baseline: str
    ours: str
    ratio: str
    target: str
    met: bool


def seed_html() -> str:
    return SEED_PAGE.read_text("utf-8")


def seed_article() -> Article:
    return pipeline.article_from_html(seed_html(), SEED_URL)


def long_article(minutes: float, seed: int = 0) -> Article:
    """An article of about `minutes` of speech, made of real IndoSum news paragraphs."""
    from paths import INDOSUM_DEV, read_text
    from summary import detokenize

    budget = minutes * 60 * pipeline.SPEECH_CHARS_PER_SECOND
    paragraphs: list[str] = []
    size = 0
    with io.StringIO(read_text(INDOSUM_DEV)) as handle:
        for n, line in enumerate(handle):
            if n < seed:
                continue
            document = json.loads(line)
            for paragraph in document["paragraphs"]:
                text = " ".join(detokenize(sentence) for sentence in paragraph)
                paragraphs.append(text)
                size += len(text)
                if size >= budget:
                    return Article(url="", title="Bacaan panjang", paragraphs=tuple(paragraphs))
    raise RuntimeError(f"IndoSum has less than {minutes} minutes of text")


def bench_settings(root: Path, **changes: object) -> Settings:
    """Product defaults, with loopback hosts allowed and a fresh cache and database in `root`."""
    base = replace(
        Settings(),
        allow_private_hosts=True,
        cache_dir=str(root / "cache"),
        db_path=str(root / "suara.db"),
        log_level="WARNING",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="suara-bench-") as folder:
        yield Path(folder)


@contextlib.asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[object]:
    """Start the real Application as run_polling would (post_init included), stop it cleanly."""
    from bot.chat.app import build_application

    application = build_application(settings)
    async with application:
        await application.post_init(application)  # type: ignore[misc]
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)  # type: ignore[union-attr]
        try:
            yield application
        finally:
            await application.updater.stop()  # type: ignore[union-attr]
            await application.stop()
            await application.post_shutdown(application)  # type: ignore[misc]


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def report(results: Sequence[Result], notes: Sequence[str] = ()) -> None:
    """Print a table, or one JSON object per result with `--json` (for bench/perf.py)."""
    if "--json" in sys.argv:
        for result in results:
            print(json.dumps({"result": asdict(result)}, ensure_ascii=False))
        for note in notes:
            print(json.dumps({"note": note}, ensure_ascii=False))
        return
    print_table(results)
    for note in notes:
        print(note)


NO_TARGET = "n/a"
"""A figure reported without a goal (its `met` column prints "-")."""


def _met(result: Result) -> str:
    return "-" if result.target == NO_TARGET else "yes" if result.met else "NO"


def print_table(results: Sequence[Result]) -> None:
    header = ("goal", "baseline", "ours", "ratio", "target", "met")
    rows = [
        (r.goal, r.baseline, r.ours, r.ratio, r.target, _met(r)) for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
