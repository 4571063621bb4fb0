"""lxml element → paragraphs of plain text, split where a browser would start a new block."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from lxml.html import HtmlElement

HTML_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
"""HTML tags that open a new paragraph."""

TRAFILATURA_BLOCKS = frozenset(
    {"body", "doc", "main", "p", "head", "list", "item", "table", "row", "quote", "code", "div"}
)
"""Blocks of trafilatura's internal XML (cells of one row stay on one line)."""

SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
        "canvas", "select", "option", "button", "input", "textarea", "audio", "video", "head",
        "title", "meta", "link", "graphic",
    }
)  # fmt: skip
"""Tags whose text is never read."""

LINK_START = "\x01"
LINK_END = "\x02"
"""With `mark_links`, text inside <a> is wrapped in these so the line filter can see teaser
lists (lines that are nothing but a link); clean_paragraphs removes them."""

_LINE_BREAKS = frozenset({"br", "lb"})
_SEPARATED = frozenset({"td", "th", "cell", "dt", "dd"})
_SPACES = re.compile(r"[^\S\n]+")
_AROUND_NEWLINES = re.compile(r" *\n[\s]*")


def clean_space(text: str) -> str:
    """Collapse whitespace (including no-break spaces and newlines) to single spaces and trim."""
    return " ".join(text.replace("\u200b", "").replace("\ufeff", "").split())


def _tidy(text: str) -> str:
    """Collapse spaces but keep single line breaks (from <br>) as "\\n"."""
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u00a0", " ")
    text = _SPACES.sub(" ", text.replace("\r", " ").replace("\t", " "))
    return _AROUND_NEWLINES.sub("\n", text).strip()


def paragraphs_of(
    element: HtmlElement,
    blocks: Collection[str] = HTML_BLOCKS,
    skip_head: bool = True,
    mark_links: bool = False,
) -> list[str]:
    """The text of `element` as paragraphs, one per block.

    One `<br>` is a line break inside the paragraph (kept as "\\n" so the line filter can drop a
    "Baca juga" line without losing its neighbours); two in a row end the paragraph, as many
    portals separate paragraphs that way. Source newlines are plain spaces. Inline elements
    join without invented spaces ("Ka<b>mis</b>" stays "Kamis").
    """
    paragraphs: list[str] = []
    parts: list[str] = []
    skip = SKIP_TAGS if skip_head else SKIP_TAGS - {"head"}
    open_links = 0  # a block inside a link: close the marker at the break, reopen after

    def flush() -> None:
        if open_links:
            parts.append(LINK_END)
        text = _tidy("".join(parts))
        if text.strip(LINK_START + LINK_END + " \n"):
            paragraphs.append(text)
        parts.clear()
        if open_links:
            parts.append(LINK_START)

    def add_text(text: str | None) -> None:
        if text:
            parts.append(" ".join(text.split("\n")) if "\n" in text else text)

    def line_break() -> None:
        # a second <br> with only blanks since the first ends the paragraph
        tail = "".join(parts).rstrip(" \t\u00a0")
        if tail.endswith("\n") or not tail.strip():
            flush()
        else:
            parts.append("\n")

    def walk(node: HtmlElement) -> None:
        nonlocal open_links
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in skip:
            return
        if tag in _LINE_BREAKS:
            line_break()
            return
        is_block = tag in blocks
        is_link = mark_links and tag == "a"
        if is_block:
            flush()
        elif tag in _SEPARATED:
            parts.append(" ")
        if is_link:
            parts.append(LINK_START)
            open_links += 1
        add_text(node.text)
        for child in node:
            walk(child)
            add_text(child.tail)
        if is_link:
            open_links -= 1
            parts.append(LINK_END)
        if is_block:
            flush()
        elif tag in _SEPARATED:
            parts.append(" ")

    walk(element)
    flush()
    return paragraphs


def element_text(element: HtmlElement) -> str:
    """All text of `element` on one line."""
    return clean_space(" ".join(paragraphs_of(element)))


# --- text blocks of a whole page (the block classifier's units) -----------------------------

_BLOCK_WORD = re.compile(r"\w+")
_MARKERS = str.maketrans("", "", LINK_START + LINK_END)


@dataclass(frozen=True, slots=True)
class Block:
    """One text unit of the page: its text (links marked) and where it sits."""

    text: str
    element: HtmlElement


def _inline_text(element: HtmlElement, parts: list[str]) -> None:
    """Text of an inline element and its inline children (nested blocks are their own)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag and tag not in SKIP_TAGS and tag not in HTML_BLOCKS:
        if tag == "br":
            parts.append("\n")
        else:
            link = tag == "a"
            if link:
                parts.append(LINK_START)
            parts.append(_flat(element.text))
            for child in element:
                _inline_text(child, parts)
            if link:
                parts.append(LINK_END)
    parts.append(_flat(element.tail))


def _flat(text: str | None) -> str:
    """Source text with its newlines as spaces (only <br> breaks a line)."""
    return (text or "").replace("\r", " ").replace("\n", " ")


def own_text(element: HtmlElement) -> str:
    """The block's text without the text of nested blocks; "\\n" for <br>."""
    parts = [_flat(element.text)]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in HTML_BLOCKS:
            parts.append("\n\n")
            parts.append(_flat(child.tail))
        else:
            _inline_text(child, parts)
    return "".join(parts)


_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\n\s*\n+")


def page_blocks(root: HtmlElement) -> list[Block]:
    """Text blocks in document order; two <br> in a row split a block, one is a line break."""
    body = root.find(".//body")
    start = body if body is not None else root
    found: list[Block] = []
    for element in start.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag not in HTML_BLOCKS or any(
            isinstance(up.tag, str) and up.tag in SKIP_TAGS for up in element.iterancestors()
        ):
            continue
        text = _SPACES.sub(" ", own_text(element).replace("\u00a0", " "))
        for piece in _BREAKS.split(text):
            piece = "\n".join(line.strip() for line in piece.split("\n") if line.strip())
            if _BLOCK_WORD.search(piece.translate(_MARKERS)):
                found.append(Block(piece, element))
    return found
