"""Tree-level clean-up before reading (pure, in place): hidden sections of the story are shown,
photo captions are kept aside.

These decide by structure (siblings, link density), not by site, so they work on layouts no
rule was written for. Boxes of other stories' headlines are left to the block classifier
(classify.py): removing them here by class/id tokens and link density lowered the
leave-publisher-out F1 on fundus from 0.947 to 0.940 (the cascade's, block-level evaluation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

from bot.extract.blocks import clean_space, paragraphs_of

_WORD = re.compile(r"\w+")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none\s*;?", re.IGNORECASE)

SECTION_MIN_WORDS = 20
"""A hidden sibling is part of the story when a visible sibling of the same kind holds this
much low-link prose, and it holds HIDDEN_MIN_WORDS itself."""
HIDDEN_MIN_WORDS = 10

SECTION_MAX_LINK_DENSITY = 0.3

_HIDDEN = (
    "//*[@hidden]|//*[@aria-hidden='true']"
    "|//*[contains(translate(@style, 'DISPLAYNOE ', 'displaynoe'), 'display:none')]"
)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def link_density(element: HtmlElement) -> float:
    """Characters inside links over all characters of `element` (0 for no text)."""
    total = len(clean_space(element.text_content()))
    if not total:
        return 0.0
    linked = sum(len(clean_space(link.text_content())) for link in element.iter("a"))
    return min(1.0, linked / total)


def _is_hidden(element: HtmlElement) -> bool:
    style = element.get("style") or ""
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or bool(_DISPLAY_NONE.search(style.replace(" ", "")))
    )


def _signature(element: HtmlElement) -> tuple[str, frozenset[str]]:
    return element.tag, frozenset((element.get("class") or "").split())


def _prose(element: HtmlElement, min_words: int = SECTION_MIN_WORDS) -> bool:
    return (
        _words(element.text_content()) >= min_words
        and link_density(element) <= SECTION_MAX_LINK_DENSITY
    )


def _unhide(element: HtmlElement) -> None:
    element.attrib.pop("hidden", None)
    if element.get("aria-hidden") == "true":
        del element.attrib["aria-hidden"]
    style = element.get("style")
    if style:
        element.set("style", _DISPLAY_NONE.sub("", style.replace("display: none", "display:none")))


_STREAMED = re.compile(r"^S:[0-9a-z]+$")


def place_streamed_segments(root: HtmlElement) -> int:
    """Put server-streamed parts of the page where the browser shows them.

    React's streaming server rendering (Next.js and others) sends a late part of the page as
    `<div hidden id="S:1a">` at the end of <body>, and a script moves it into the placeholder
    `<template id="B:1a">`. Without scripts the story stays hidden (and hidden elements are
    dropped), so the segment replaces its placeholder here, shown. Returns how many moved."""
    moved = 0
    for segment in root.xpath("//div[@hidden][starts-with(@id, 'S:')]"):
        suffix = segment.get("id", "")[2:]
        if not _STREAMED.match(segment.get("id", "")):
            continue
        segment.attrib.pop("hidden", None)
        holders = root.xpath(f"//template[@id='B:{suffix}']")
        if holders and holders[0].getparent() is not None:
            holder = holders[0]
            segment.tail = holder.tail
            holder.getparent().replace(holder, segment)
        moved += 1
    return moved


def reveal_sections(root: HtmlElement) -> int:
    """Show hidden parts of one story split into in-page sections ("Halaman 2" tabs revealed by
    a tap): a hidden element is shown when it holds prose and a visible sibling with the same
    tag and class holds prose too. Menus, modals and cookie boxes have no such twin. Returns
    how many sections were shown."""
    shown = 0
    for element in root.xpath(_HIDDEN):
        parent = element.getparent()
        if parent is None or not _is_hidden(element) or not _prose(element, HIDDEN_MIN_WORDS):
            continue
        tag, classes = _signature(element)
        for sibling in parent:
            if sibling is element or _is_hidden(sibling) or sibling.tag != tag:
                continue
            other = frozenset((sibling.get("class") or "").split())
            if (classes or other) and not classes & other:
                continue
            if _prose(sibling):
                _unhide(element)
                shown += 1
                break
    return shown


CAPTION_XPATH = (
    "//figcaption|//*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
    "|//*[contains(@class, 'caption') and not(.//*[contains(@class, 'caption')])]"
    "|//*[contains(@class, 'keterangan-foto')]"
)


def caption_paragraphs(root: HtmlElement) -> list[str]:
    """Texts of photo captions in document order, each once (read before captions are
    dropped; a photo page's captions are its story). Captions of linked teasers are not."""
    found: list[str] = []
    chosen = set(root.xpath(CAPTION_XPATH))
    for element in _outermost(chosen, root.iter()):
        if element.xpath("ancestor::a") or link_density(element) > SECTION_MAX_LINK_DENSITY:
            continue  # a teaser's caption ("Telah dibaca 5k kali") names another story
        text = clean_space(" ".join(paragraphs_of(element)))
        if text and text not in found:
            found.append(text)
    return found


def _outermost(chosen: set[HtmlElement], order: Iterable[HtmlElement]) -> list[HtmlElement]:
    return [
        element
        for element in order
        if element in chosen and not any(up in chosen for up in element.iterancestors())
    ]
