"""Refuse HTML whose shape would cost the parser and extractors far more than any news page (pure).

A quick scan of the tags, before lxml sees the page: how many elements it starts and how deep
they nest. The scan is linear in the text and stops as soon as a limit is passed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.errors import TooLarge

MAX_ELEMENTS = 20_000
"""The largest of 203 saved real news pages (tests/extract fixtures, AEB set, shared pages) has
2,158 elements; the cascade costs 50-150 µs per element on this machine (10,000 `<div><p>`
pairs: 3.1 s), so 20,000 keeps the worst crafted page near 3 s and leaves 9x headroom."""

MAX_DEPTH = 512
"""Real pages nest at most 51 deep. libxml2 silently drops everything below depth 256 (so such a
page ends as "no article"), and Python code walking a tree recursively fails near 1,000; 512 is
twice libxml2's limit, room for this estimate's errors."""

MAX_TAGS = 3 * MAX_ELEMENTS
"""Start and end tags together; bounds the scan on pages of stray end tags."""

VOID_ELEMENTS = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    "source track wbr".split()
)
OPTIONAL_END_ELEMENTS = frozenset(
    "html head body p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt "
    "rtc rp".split()
)
"""Elements a parser closes by itself (a new <p> closes the last one): not counted for depth."""
RAW_TEXT_ELEMENTS = frozenset("script style textarea title xmp iframe noembed noframes".split())
"""Their content is text, not tags: skipped to their end tag."""

_TOKEN = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9:_-]*)[^<>]*>")
_COMMENT_END = re.compile(r"-->")


@dataclass(frozen=True, slots=True)
class HtmlShape:
    """What the scan saw (it stops early once a limit is passed)."""

    elements: int
    depth: int
    tags: int


def measure_html(
    html: str, max_elements: int = MAX_ELEMENTS, max_depth: int = MAX_DEPTH
) -> HtmlShape:
    """Count start tags and estimate the nesting depth the way an HTML parser would build it.

    End tags close the innermost open element of their name (and everything opened inside it);
    end tags of elements that are not open are ignored; void and optional-end elements do not
    nest. The scan stops once `max_elements`, `max_depth` or 3x `max_elements` tags are passed.

    >>> measure_html("<div><span><b>x</span></div><br><p>a<p>b")
    HtmlShape(elements=6, depth=3, tags=8)
    """
    stack: list[str] = []
    open_names: Counter[str] = Counter()
    elements = depth = tags = 0
    position = 0
    max_tags = 3 * max_elements
    while elements <= max_elements and depth <= max_depth and tags <= max_tags:
        match = _TOKEN.search(html, position)
        if match is None:
            break
        position = match.end()
        if match.group(2) is None:  # a comment: skip to its end (or the end of the page)
            end = _COMMENT_END.search(html, position)
            position = end.end() if end else len(html)
            continue
        tags += 1
        name = match.group(2).lower()
        if match.group(1):  # an end tag
            if open_names[name]:
                while stack:
                    closed = stack.pop()
                    open_names[closed] -= 1
                    if closed == name:
                        break
            continue
        elements += 1
        if name in RAW_TEXT_ELEMENTS:
            end_tag = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)
            end = end_tag.search(html, position)
            position = end.end() if end else len(html)
            continue
        if name in VOID_ELEMENTS or name in OPTIONAL_END_ELEMENTS or match.group(0)[-2] == "/":
            continue
        stack.append(name)
        open_names[name] += 1
        depth = max(depth, len(stack))
    return HtmlShape(elements=elements, depth=depth, tags=tags)


def check_html_shape(html: str) -> None:
    """Raise TooLarge for pages with more than MAX_ELEMENTS elements or nested over MAX_DEPTH."""
    shape = measure_html(html)
    if shape.elements > MAX_ELEMENTS or shape.tags > MAX_TAGS:
        raise TooLarge(f"page has over {MAX_ELEMENTS} elements")
    if shape.depth > MAX_DEPTH:
        raise TooLarge(f"page nests elements over {MAX_DEPTH} deep")
