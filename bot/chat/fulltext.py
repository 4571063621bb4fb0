"""The full text of a reading as messages, for braille displays and reading along: /teks (the last
reading) and the "Teks lengkap" button under a summary. Split at paragraphs into messages of at
most 4096 characters, sent one a second (Telegram's pace for one chat)."""

from __future__ import annotations

import asyncio
import re

from telegram import Update
from telegram.constants import MessageLimit
from telegram.ext import ContextTypes

from bot.chat.context import acknowledge, answer_query, ensure_user, services_of
from bot.chat.texts import text
from bot.store.articles import ArticleRepo
from bot.store.users import UserRepo

SEND_EVERY_S = 1.0
"""Seconds between two messages of one text (Telegram allows about one a second per chat)."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_message(body: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Paragraphs ("\\n\\n"-separated) packed into messages of at most `limit` characters.

    A paragraph is cut only when it alone is longer than `limit`: at a sentence end, else at a
    space, else hard. Nothing is lost: joining the pieces gives back every word in order.
    """
    messages: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in body.split("\n\n")):
        if not paragraph:
            continue
        for piece in _cut(paragraph, limit):
            joined = f"{current}\n\n{piece}" if current else piece
            if len(joined) <= limit:
                current = joined
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _cut(paragraph: str, limit: int) -> list[str]:
    pieces: list[str] = []
    rest = paragraph
    while len(rest) > limit:
        window = rest[: limit + 1]
        ends = [m.start() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends else window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


async def send_full_text(update: Update, title: str, body: str) -> None:
    """The title and body as consecutive messages, one a second."""
    message = update.effective_message
    for n, part in enumerate(split_message(f"{title}\n\n{body}" if title else body)):
        if n:
            await asyncio.sleep(SEND_EVERY_S)
        await message.get_bot().send_message(message.chat_id, part)


async def text_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/teks and /text: the full text of the last reading."""
    user = await ensure_user(update, context)
    db = services_of(context).db
    for entry in await UserRepo(db).history(user.user_id):
        found = await ArticleRepo(db).body(entry.article_url)
        if found is not None:
            await send_full_text(update, *found)
            return
    await update.effective_message.reply_text(text("full_text_none", user.language))


async def on_full_text_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "Teks lengkap" button: the text of the article the summary belongs to."""
    user = await ensure_user(update, context)
    content_hash = (update.callback_query.data or "").removeprefix("txt:")
    found = await ArticleRepo(services_of(context).db).body_by_hash(content_hash)
    if found is None:
        await answer_query(update, alert=text("full_text_none", user.language))
        return
    acknowledge(update, context)
    await send_full_text(update, *found)
