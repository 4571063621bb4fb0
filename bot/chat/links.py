"""Which parts of a message are links to read, and whether a group message is meant for the bot.
Pure functions of the message: no I/O."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from telegram import Message, MessageEntity
from telegram.constants import ChatType

_URL = re.compile(r"https?://[^\s<>\"']+", re.I)
_TRAILING = ".,;:!?)"


def is_link_request(value: str) -> bool:
    """Whether a url entity's text is a link someone wants read, not a site named in running text.

    A link has a scheme ("https://…"), starts with "www.", or has a path ("kompas.com/read/…").
    A bare site name ("KOMPAS.com" in "JAKARTA, KOMPAS.com - …") is not one, although Telegram
    marks it as a url.
    """
    value = value.strip().rstrip(_TRAILING)
    lowered = value.lower()
    if lowered.startswith(("http://", "https://", "www.")):
        return True
    host, slash, rest = value.partition("/")
    return bool(slash and rest.strip("/") and "." in host)


def _absolute(link: str) -> str:
    return link if link.lower().startswith(("http://", "https://")) else f"https://{link}"


def links_in(message: Message) -> list[str]:
    """The links of a message to read, in order, without duplicates: text_link entities, url
    entities that are link requests (see `is_link_request`), in the text or in a caption, then
    any http(s) link the entities missed."""
    found: list[str] = []
    for entities, source in (
        (message.parse_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]), message.text),
        (message.parse_caption_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]),
         message.caption),
    ):  # fmt: skip
        for entity, value in entities.items():
            if entity.type == MessageEntity.TEXT_LINK:
                if entity.url:
                    found.append(_absolute(entity.url))
            elif is_link_request(value):
                found.append(_absolute(value.rstrip(_TRAILING)))
        for match in _URL.finditer(source or ""):
            found.append(match.group(0).rstrip(_TRAILING))
    links = [link for link in found if _has_host(link)]
    return list(dict.fromkeys(links))


def _has_host(link: str) -> bool:
    try:
        return link.lower().startswith("http") and bool(urlsplit(link).netloc)
    except ValueError:
        return True  # malformed: let the guard say so in words


def addressed_to_bot(message: Message, bot_id: int, bot_username: str) -> bool:
    """In a group: only a message that mentions the bot or replies to it is meant for it."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return True
    mention = f"@{bot_username}".lower()
    for entities in (message.parse_entities([MessageEntity.MENTION]),
                     message.parse_caption_entities([MessageEntity.MENTION])):  # fmt: skip
        if any(value.lower() == mention for value in entities.values()):
            return True
    return False


def strip_mention(body: str, bot_username: str) -> str:
    return re.sub(rf"@{re.escape(bot_username)}\b", "", body, flags=re.I).strip()
