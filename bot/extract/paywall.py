"""Is this a subscriber-only or login page? Pure checks on the HTML, used when the body is thin."""

from __future__ import annotations

import re

from bot.errors import ExtractionError, Paywall
from bot.models import Article

# schema.org marks paywalled articles; publishers that follow Google's guidance set it.
_NOT_FREE = re.compile(r"""["']?isAccessibleForFree["']?\s*[:=]\s*["']?false""", re.I)
_PROMPTS = re.compile(
    r"khusus (untuk )?pelanggan|konten (ini )?(premium|eksklusif) untuk|"
    r"(silakan|silahkan) (masuk|login|berlangganan)|berlangganan untuk (membaca|melanjutkan)|"
    r"masuk untuk (membaca|melanjutkan)|login untuk (membaca|melanjutkan)|"
    r"subscribe to (read|continue)|subscribers only|sign in to (read|continue)|"
    r"log ?in to (read|continue)",
    re.I,
)
THIN_BODY_WORDS = 150
"""A marked-paywalled page with fewer words than this is a teaser, not the article."""


def looks_paywalled(html: str) -> bool:
    """True when the page says the article is not free, or asks the reader to log in/subscribe."""
    return bool(_NOT_FREE.search(html) or _PROMPTS.search(html))


def check_paywall(html: str, article: Article | None, failure: ExtractionError | None) -> None:
    """Raise Paywall when a thin or missing body comes with paywall signs; otherwise do nothing."""
    words = len(article.text.split()) if article is not None else 0
    if (failure is not None or words < THIN_BODY_WORDS) and looks_paywalled(html):
        raise Paywall("subscriber-only or login page")
