"""Coverage-guided fuzzing (atheris/libFuzzer) of the extractor, the normalizer and the URL guard.

    .venv/bin/pip install atheris                      # not a project dependency
    .venv/bin/python bench/fuzz_atheris.py extract -max_total_time=300
    .venv/bin/python bench/fuzz_atheris.py normalize -max_total_time=300 -max_len=20000
    .venv/bin/python bench/fuzz_atheris.py url -max_total_time=120

Everything after the target name goes to libFuzzer (`-max_total_time`, `-timeout`, `-max_len`,
`-jobs`, a corpus folder). Without a corpus folder the run starts from a temporary one seeded
with the saved test pages and golden sentences. A crash stops the run and leaves the input in
`crash-*`; a slow input (over `-timeout`, 10 s by default) is reported as a timeout.

Known bugs (tests/fuzz/test_known_bugs.py) are skipped so the run can find new ones; pass
`--no-skip-known` to see them again.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

with atheris.instrument_imports(include=["bot"]):
    from bot.errors import BlockedAddress, ExtractionError, InvalidLink
    from bot.extract import extract_readable
    from bot.fetch.guard import PortPolicy, check_url, parse_http_url
    from bot.text.normalize import normalize_text

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Known: control characters crash the extractor (fetched pages lose them in decode_html)."""
KNOWN_NORMALIZER_CRASH = "Exceeds the limit"
"""Known: a number of over 4,300 digits crashes normalize_text (int() string limit)."""
PAGE_URLS = ("", "https://www.kompas.com/read/2024/10/17/x", "https://x.id/berita/1")


def fuzz_extract(data: bytes, skip_known: bool) -> None:
    provider = atheris.FuzzedDataProvider(data)
    url = PAGE_URLS[provider.ConsumeIntInRange(0, len(PAGE_URLS) - 1)]
    html = provider.ConsumeUnicodeNoSurrogates(len(data))
    if skip_known:
        html = CONTROL_CHARACTERS.sub("", html)
    try:
        article = extract_readable(html, url)
    except ExtractionError:
        return
    if not article.paragraphs or any(p != p.strip() or not p for p in article.paragraphs):
        raise AssertionError(f"bad paragraphs: {article.paragraphs[:3]!r}")


def fuzz_normalize(data: bytes, skip_known: bool) -> None:
    provider = atheris.FuzzedDataProvider(data)
    language = ("id", "en")[provider.ConsumeIntInRange(0, 1)]
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    try:
        spoken = normalize_text(text, language)
    except ValueError as exc:
        if skip_known and KNOWN_NORMALIZER_CRASH in str(exc):
            return
        raise
    if spoken != spoken.strip():
        raise AssertionError(f"untrimmed output {spoken[:80]!r}")


_LOOP = asyncio.new_event_loop()


def fuzz_url(data: bytes, skip_known: bool) -> None:
    """Any URL (no DNS: names that are not literal addresses stop at the resolver)."""
    url = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        parse_http_url(url)
        target = _LOOP.run_until_complete(
            check_url(url, allow_private=False, ports=PortPolicy.parse("*"))
        )
    except (InvalidLink, BlockedAddress):
        return
    if not target.address.is_global:
        raise AssertionError(f"{url!r} let through to {target.address}")


TARGETS: dict[str, tuple[Callable[[bytes, bool], None], list[str]]] = {
    "extract": (
        fuzz_extract,
        ["tests/extract/fixtures/*.html", "tests/extract/fixtures/**/*.html"],
    ),
    "normalize": (fuzz_normalize, ["tests/text/golden_normalize.tsv"]),
    "url": (fuzz_url, []),
}


def seed_corpus(patterns: list[str]) -> str:
    """A temporary corpus folder: the saved pages, or one file per line of a golden table."""
    folder = Path(tempfile.mkdtemp(prefix="suara-fuzz-"))
    count = 0
    for pattern in patterns:
        for path in sorted(REPO.glob(pattern)):
            data = path.read_bytes()
            pieces = data.splitlines() if path.suffix == ".tsv" else [data]
            for piece in pieces:
                (folder / f"seed-{count}").write_bytes(b"\x00" + piece)
                count += 1
    if count == 0:
        for n, url in enumerate(["http://127.0.0.1/", "https://berita.id/a", "http://[::1]/"]):
            (folder / f"seed-{n}").write_bytes(url.encode())
    return str(folder)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(
            f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [--no-skip-known] [libFuzzer flags]"
        )
    name = sys.argv[1]
    skip_known = "--no-skip-known" not in sys.argv
    flags = [a for a in sys.argv[2:] if a != "--no-skip-known"]
    function, seeds = TARGETS[name]
    if not any(flag.startswith("-timeout") for flag in flags):
        flags.append("-timeout=10")
    if not any(not flag.startswith("-") for flag in flags):
        flags.append(seed_corpus(seeds))
    atheris.Setup([sys.argv[0], *flags], lambda data: function(data, skip_known))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
