"""Parse HTML text into an lxml tree, tolerating what real pages contain."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_html(html: str) -> HtmlElement:
    """The document element of `html`; an empty <html> for empty or unparseable input.

    Text is re-encoded as UTF-8 bytes so XML declarations with another encoding
    (`<?xml … encoding="iso-8859-1"?>`) cannot make lxml refuse or mis-decode it.
    """
    # Control characters (other than tab and newlines) are not allowed in lxml's trees.
    html = _CONTROL.sub("", html) if html else ""
    data = html.encode("utf-8", errors="replace") if html else b""
    if not data.strip():
        return lxml.html.Element("html")
    try:
        root = lxml.html.document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return lxml.html.Element("html")
    return root
