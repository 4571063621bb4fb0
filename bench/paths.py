"""The one place that resolves the reference data sets shipped in `bench/data/`.

Tests and benchmarks both use it. A missing file is an error that names it, never a silent skip.
Sets are stored gzip-compressed; `read_text` and `read_json` open either form.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"

AEB = DATA / "aeb"
FUNDUS = DATA / "fundus"
INDONESIAN_PAGES = DATA / "indonesian-pages"
INDOSUM_DEV = DATA / "indosum" / "dev.01.jsonl.gz"
REGIONS_RESEARCH = DATA / "regions.tsv"


class MissingDataError(FileNotFoundError):
    """A reference data set is not where the repository keeps it."""


def require(path: Path) -> Path:
    """`path` itself, or an error saying which data set is missing and where it belongs."""
    if not path.exists():
        raise MissingDataError(
            f"reference data missing: {_shown(path)}"
            " (it ships with the repository in bench/data/; see bench/data/README.md)"
        )
    return path


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed when it ends in `.gz`."""
    raw = require(path).read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def read_text(path: Path) -> str:
    return read_bytes(path).decode("utf-8", errors="replace")


def read_json(path: Path) -> Any:
    return json.loads(read_bytes(path))


def read_jsonl(path: Path) -> list[Any]:
    return [json.loads(line) for line in read_text(path).splitlines() if line.strip()]


def indonesian_pages() -> dict[str, Path]:
    """Saved Indonesian pages by their original name (`kompas-singlepage.html` -> its `.gz`)."""
    found = sorted(require(INDONESIAN_PAGES).glob("*.html.gz"))
    pages = {p.name.removesuffix(".gz"): p for p in found}
    if not pages:
        raise MissingDataError(f"no pages in {INDONESIAN_PAGES.relative_to(ROOT)}")
    return pages


def fundus_pages() -> dict[str, Path]:
    """Fundus pages by file name (`at-DerStandard.html.gz`), the ground truth's keys."""
    pages = {p.name: p for p in sorted(require(FUNDUS / "pages").glob("*.html.gz"))}
    if not pages:
        raise MissingDataError(f"no pages in {(FUNDUS / 'pages').relative_to(ROOT)}")
    return pages
