"""Links as users send them → the link we read and cache: tracking parameters and fragments gone."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_EDGES = re.compile(r"^[\s\x00-\x1f]+|[\s\x00-\x1f]+$")
"""Spaces and control characters around a pasted link (urlsplit drops some, str.strip others)."""

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "spm",
        "share", "s_cid", "cmpid", "wt_mc", "ito",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """Drop tracking parameters (utm_*, fbclid, gclid, …) and the fragment; lowercase the host.

    >>> clean_url("https://News.example.com/a?id=5&utm_source=wa&fbclid=x#top")
    'https://news.example.com/a?id=5'
    """
    url = _EDGES.sub("", url)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[::1": the guard refuses it later with a clear message
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not is_tracking_parameter(k)]  # fmt: skip
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    cleaned = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))
    return _EDGES.sub("", cleaned)  # "0 #": the dropped fragment exposed a trailing space
