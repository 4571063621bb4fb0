"""Operator commands inside Telegram, for the user ids in SUARA_ADMINS only."""

from __future__ import annotations

import asyncio
from pathlib import Path

from telegram import Update
from telegram.ext import ContextTypes

from bot.chat.texts import text
from bot.config import Settings


def admin_ids(settings: Settings) -> frozenset[int]:
    """The ids in SUARA_ADMINS ("123, 456"); anything that is not a number is ignored."""
    return frozenset(int(part) for part in settings.admins.replace(";", ",").split(",")
                     if part.strip().isdigit())  # fmt: skip


def _folder_size(root: str) -> int:
    return sum(p.stat().st_size for p in Path(root).rglob("*") if p.is_file())


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats: counts an operator wants at a glance. Refused politely for everyone else."""
    services = context.application.bot_data["services"]
    reader = context.application.bot_data["reader"]
    user = update.effective_user
    if user is None or user.id not in admin_ids(services.settings):
        await update.effective_message.reply_text(text("admin_only", "id"))
        return
    counts: dict[str, int] = {}
    for name, query in {
        "users": "SELECT COUNT(*) FROM users",
        "articles": "SELECT COUNT(*) FROM articles",
        "audio": "SELECT COUNT(*) FROM audio WHERE file_id IS NOT NULL",
        "subscriptions": "SELECT COUNT(*) FROM subscriptions WHERE active = 1",
        "in_flight": "SELECT COUNT(*) FROM readings_in_flight",
    }.items():
        async with services.db.execute(query) as cursor:
            row = await cursor.fetchone()
        counts[name] = int(row[0]) if row else 0
    cache_mb = await asyncio.to_thread(_folder_size, services.settings.cache_dir) / 1_000_000
    await update.effective_message.reply_text(
        text("stats", "id", waiting=reader.waiting, cache_mb=f"{cache_mb:.1f}", **counts)
    )
