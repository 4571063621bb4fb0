"""Briefing commands: /wilayah, /langganan (typed or with buttons), /langgananku, /berhenti.

Every action can be typed (screen-reader users often prefer it); the buttons go island → region →
time. Callback data is short and namespaced: "sub:i" (islands), "sub:i:N" (regions of island N),
"sub:r:CODE" (times), "sub:t:CODE:HHMM" (subscribe), "sub:o:CODE" (type another time).

`register(application)` adds the handlers; `on_startup(application)` (call it from post_init, after
`bot_data["services"]` exists) prepares the schema and starts the minute job; `on_shutdown` stops
running deliveries cleanly.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.briefing.regions import ISLANDS, ZONE_BY_NAME, Catalogue, Region, catalogue, zone_name
from bot.briefing.schedule import clock_text, scheduler_of, start_job
from bot.briefing.texts import text
from bot.chat.texts import user_language
from bot.services import Services
from bot.store.state import UserStateRepo
from bot.store.subscriptions import MAX_SUBSCRIPTIONS, SubscriptionRepo, TooManySubscriptions

logger = logging.getLogger(__name__)

CALLBACK_PREFIX = "sub:"
TIME_CHOICES = ("05:00", "06:00", "07:00", "12:00", "18:00")
DEFAULT_TIME = "06:00"
PENDING_KEY = "briefing_pending_region"
COMMANDS = {
    "id": [
        ("wilayah", "Daftar wilayah ringkasan berita"),
        ("langganan", "Langganan ringkasan berita harian"),
        ("langgananku", "Langganan saya"),
        ("berhenti", "Hentikan langganan"),
    ],
    "en": [
        ("regions", "Regions with daily briefings"),
        ("subscribe", "Subscribe to a daily briefing"),
        ("subscriptions", "My subscriptions"),
        ("unsubscribe", "Stop a subscription"),
    ],
}
"""Menu entries for set_my_commands, to merge with the chat's own."""
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")


# -- pure helpers ----------------------------------------------------------------------------


def parse_clock(value: str) -> str:
    """"6", "06.30", "18:00" → "HH:MM". Raises ValueError for anything else."""
    match = _CLOCK.match(value.strip())
    if not match:
        raise ValueError(value)
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(value)
    return f"{hours:02d}:{minutes:02d}"


@dataclass(frozen=True, slots=True)
class SubscribeRequest:
    """What /langganan was given: the region as typed, and maybe a time and a zone."""

    query: str
    deliver_at: str | None
    zone: str | None
    """IANA zone from a typed WIB/WITA/WIT, else None."""


def parse_subscribe_args(args: list[str]) -> SubscribeRequest:
    """["jawa", "barat", "06:30", "WITA"] → ("jawa barat", "06:30", "Asia/Makassar").

    A last word that looks like a time but is not one raises ValueError (with that word).
    """
    words = list(args)
    zone = None
    if words and words[-1].upper() in ZONE_BY_NAME:
        zone = ZONE_BY_NAME[words.pop().upper()]
    deliver_at = None
    if words and re.fullmatch(r"\d{1,2}(?:[:.]\d{1,2})?", words[-1]):
        deliver_at = parse_clock(words.pop())
    return SubscribeRequest(" ".join(words).strip(), deliver_at, zone)


def regions_text(regions: Catalogue, language: str) -> str:
    """The /wilayah answer: regions by island, one per line, with their codes."""
    blocks = [text("regions_intro", language)]
    for island, members in regions.by_island():
        lines = [f"{island}:"]
        lines += [text("regions_line", language, name=r.name, code=r.code) for r in members]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def confirmation(region: Region, deliver_at: str, time_zone: str, language: str) -> str:
    """"Anda berlangganan ringkasan berita Banten. Setiap hari pukul 06.00 WIB."."""
    shown = clock_text(deliver_at) if language == "id" else deliver_at
    return text("subscribe_done", language, region=region.name, time=shown,
                zone=zone_name(time_zone))  # fmt: skip


def island_keyboard(language: str) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(name, callback_data=f"sub:i:{n}")] for n, name in
            enumerate(ISLANDS)]  # fmt: skip
    return InlineKeyboardMarkup(rows)


def region_keyboard(members: list[Region], language: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(r.name, callback_data=f"sub:r:{r.code}") for r in members]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton(text("button_back", language), callback_data="sub:i")])
    return InlineKeyboardMarkup(rows)


def time_keyboard(region: Region, language: str) -> InlineKeyboardMarkup:
    island = ISLANDS.index(region.island) if region.island in ISLANDS else 0
    buttons = [
        InlineKeyboardButton(
            text("button_time", language, time=clock_text(t) if language == "id" else t),
            callback_data=f"sub:t:{region.code}:{t.replace(':', '')}",
        )
        for t in TIME_CHOICES
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([
        InlineKeyboardButton(text("button_other_time", language),
                             callback_data=f"sub:o:{region.code}"),
        InlineKeyboardButton(text("button_back", language), callback_data=f"sub:i:{island}"),
    ])  # fmt: skip
    return InlineKeyboardMarkup(rows)


# -- handlers -------------------------------------------------------------------------------


def _services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def _language(update: Update) -> str:
    user = update.effective_user
    return user_language(user.language_code if user else None)


async def regions_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/wilayah: the regions grouped by island, with their codes."""
    await update.effective_message.reply_text(regions_text(catalogue(), _language(update)))


async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/langganan REGION [HH:MM] [WIB|WITA|WIT], or /langganan alone for buttons."""
    message, language = update.effective_message, _language(update)
    if not context.args:
        await message.reply_text(
            text("subscribe_choose_island", language), reply_markup=island_keyboard(language)
        )
        return
    try:
        request = parse_subscribe_args(context.args)
    except ValueError as exc:
        await message.reply_text(text("subscribe_bad_time", language, value=exc.args[0]))
        return
    if not request.query:
        await message.reply_text(text("subscribe_usage", language))
        return
    regions = catalogue()
    region = regions.find(request.query)
    if region is None:
        guess = regions.suggest(request.query)
        if guess is not None:
            reply = text("subscribe_did_you_mean", language, query=request.query,
                         name=guess.name, code=guess.code)  # fmt: skip
        else:
            reply = text("subscribe_unknown_region", language, query=request.query)
        await message.reply_text(reply)
        return
    reply = await subscribe(update, context, region, request.deliver_at or DEFAULT_TIME,
                            request.zone)  # fmt: skip
    await message.reply_text(reply)


async def subscribe(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    region: Region,
    deliver_at: str,
    zone: str | None,
) -> str:
    """Store the subscription; the answer to show (confirmation or the limit)."""
    services, language = _services(context), _language(update)
    user, chat = update.effective_user, update.effective_chat
    repo = SubscriptionRepo(services.db)
    now = services.clock()
    await repo.ensure_user(user.id, chat.id, language, now)
    time_zone = zone or await repo.user_time_zone(user.id) or region.time_zone
    try:
        await repo.subscribe(user.id, chat.id, region.code, deliver_at, time_zone, now)
    except TooManySubscriptions:
        return text("subscribe_limit", language, limit=MAX_SUBSCRIPTIONS)
    logger.info("chat %s subscribed to %s at %s %s", chat.id, region.code, deliver_at, time_zone)
    return confirmation(region, deliver_at, time_zone, language)


async def on_subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The buttons of /langganan: island → region → time (or type another time)."""
    query, language = update.callback_query, _language(update)
    await query.answer()
    parts = (query.data or "").split(":")
    regions = catalogue()
    try:
        if parts[1] == "i" and len(parts) == 2:
            await query.edit_message_text(
                text("subscribe_choose_island", language), reply_markup=island_keyboard(language)
            )
        elif parts[1] == "i":
            island = ISLANDS[int(parts[2])]
            members = dict(regions.by_island()).get(island, [])
            await query.edit_message_text(
                text("subscribe_choose_region", language, island=island),
                reply_markup=region_keyboard(members, language),
            )
        elif parts[1] == "r":
            region = regions.get(parts[2])
            await query.edit_message_text(
                text(
                    "subscribe_choose_time", language, region=region.name, zone=region.zone_name
                ),
                reply_markup=time_keyboard(region, language),
            )
        elif parts[1] == "t":
            region = regions.get(parts[2])
            deliver_at = parse_clock(f"{parts[3][:2]}:{parts[3][2:]}")
            reply = await subscribe(update, context, region, deliver_at, None)
            await query.edit_message_text(reply)
        elif parts[1] == "o":
            region = regions.get(parts[2])
            await UserStateRepo(_services(context).db).set(
                update.effective_user.id, PENDING_KEY, region.code, _services(context).clock()
            )
            await query.edit_message_text(
                text("subscribe_type_time", language, region=region.name, zone=region.zone_name)
            )
        else:
            raise ValueError(query.data)
    except (IndexError, KeyError, ValueError):
        logger.info("stale or unknown subscription button %r", query.data)
        await update.effective_chat.send_message(text("button_expired", language))
    except TelegramError as exc:
        logger.info("could not update the subscription message: %s", exc)


async def on_typed_time(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A time typed after "Jam lain": finish that subscription. Other texts pass through."""
    # In the database, not PTB's user_data: the next message may reach another bot instance.
    state = UserStateRepo(_services(context).db)
    user_id = update.effective_user.id if update.effective_user else 0
    code = await state.get(user_id, PENDING_KEY) if user_id else None
    if not code:
        return
    message, language = update.effective_message, _language(update)
    try:
        deliver_at = parse_clock(message.text or "")
        region = catalogue().get(code)
    except ValueError:
        await message.reply_text(text("subscribe_bad_time", language, value=message.text))
        raise ApplicationHandlerStop from None
    except KeyError:
        await state.pop(user_id, PENDING_KEY)
        return
    await state.pop(user_id, PENDING_KEY)
    await message.reply_text(await subscribe(update, context, region, deliver_at, None))
    raise ApplicationHandlerStop


async def my_subscriptions_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/langgananku: the user's subscriptions with their times."""
    language = _language(update)
    subscriptions = await SubscriptionRepo(_services(context).db).for_user(update.effective_user.id)
    if not subscriptions:
        await update.effective_message.reply_text(text("no_subscriptions", language))
        return
    regions = catalogue()
    lines = []
    for number, sub in enumerate(subscriptions, start=1):
        try:
            name = regions.get(sub.region).name
        except KeyError:
            name = sub.region
        shown = clock_text(sub.deliver_at) if language == "id" else sub.deliver_at
        line = text("my_subscription_line", language, region=name, code=sub.region, time=shown,
                    zone=zone_name(sub.time_zone))  # fmt: skip
        lines.append(f"{number}. {line}")
    await update.effective_message.reply_text(
        text("my_subscriptions", language, lines="\n".join(lines))
    )


async def unsubscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/berhenti REGION stops one subscription; /berhenti alone stops all."""
    message, language = update.effective_message, _language(update)
    repo = SubscriptionRepo(_services(context).db)
    user_id = update.effective_user.id
    if not context.args:
        count = await repo.unsubscribe(user_id)
        reply = text("unsubscribed_all", language, count=count) if count else text(
            "no_subscriptions", language)  # fmt: skip
        await message.reply_text(reply)
        return
    query = " ".join(context.args)
    region = catalogue().find(query)
    if region is None:
        await message.reply_text(text("subscribe_unknown_region", language, query=query))
        return
    if await repo.unsubscribe(user_id, region.code):
        await message.reply_text(text("unsubscribed_one", language, region=region.name))
    else:
        await message.reply_text(text("unsubscribe_not_found", language, region=region.name))


# -- wiring ---------------------------------------------------------------------------------------


def register(application: Application) -> None:
    """Add the briefing commands, buttons and the typed-time catcher (group -1, before links)."""
    application.add_handler(CommandHandler(["wilayah", "regions"], regions_command))
    application.add_handler(CommandHandler(["langganan", "subscribe"], subscribe_command))
    application.add_handler(
        CommandHandler(["langgananku", "subscriptions"], my_subscriptions_command)
    )
    application.add_handler(CommandHandler(["berhenti", "unsubscribe"], unsubscribe_command))
    application.add_handler(
        CallbackQueryHandler(on_subscribe_button, pattern=f"^{CALLBACK_PREFIX}")
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE
            & filters.TEXT
            & ~filters.COMMAND
            & filters.Regex(r"^\s*\d{1,2}([:.]\d{2})?\s*$"),
            on_typed_time,
        ),
        group=-1,
    )


async def on_startup(application: Application) -> None:
    """Check the catalogue and start the minute job (call from post_init; `open_db` migrated)."""
    catalogue()  # a bad SUARA_REGIONS_FILE fails here, at startup, not in the minute job
    start_job(application)


async def on_shutdown(application: Application) -> None:
    """Stop running deliveries (messages in flight are finished and recorded)."""
    await scheduler_of(application).stop()


__all__ = [
    "COMMANDS",
    "on_shutdown",
    "on_startup",
    "parse_clock",
    "parse_subscribe_args",
    "register",
]
