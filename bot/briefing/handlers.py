"""Briefing commands: /wilayah, /langganan (typed or with buttons), /langgananku, /berhenti.
Listening commands (/ringkasan, /cerita, ...) are in `bot.briefing.listen`, registered here.

Every action can be typed (screen-reader users often prefer it); the buttons go island → region →
time. Callback data is short and namespaced: "sub:i" (islands), "sub:i:N" (regions of island N),
"sub:r:CODE" (times), "sub:t:CODE:HHMM" (subscribe), "sub:o:CODE" (type another time).

The commands' menu entries and /bantuan lines are rows of `bot.chat.commands.COMMANDS`.
`register(application)` adds the handlers; `on_startup(application)` (call it from post_init, after
`bot_data["services"]` exists) prepares the schema and starts the minute job; `on_shutdown` stops
running deliveries cleanly.
"""

from __future__ import annotations

import contextlib
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

from bot.briefing import listen, reply_flow
from bot.briefing.compose import LENGTHS
from bot.briefing.regions import ISLANDS, ZONE_BY_NAME, Catalogue, Region, catalogue, zone_name
from bot.briefing.schedule import clock_text, scheduler_of, start_job
from bot.chat.context import acknowledge, answer_query, ensure_user, language_of
from bot.chat.texts import text
from bot.services import Services
from bot.store.state import UserStateRepo
from bot.store.subscriptions import MAX_SUBSCRIPTIONS, SubscriptionRepo, TooManySubscriptions

logger = logging.getLogger(__name__)

CALLBACK_PREFIX = "sub:"
TIME_CHOICES = ("05:00", "06:00", "07:00", "12:00", "18:00")
DEFAULT_TIME = "06:00"
PENDING_KEY = "briefing_pending_region"
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$")


# -- pure helpers ----------------------------------------------------------------------------


DAY_PARTS = {"pagi": "pagi", "siang": "siang", "sore": "sore", "malam": "malam",
             "am": "pagi", "pm": "sore"}  # fmt: skip
"""Words after a time that say which half of the day it is ("7 malam" is 19:00)."""
_TIME_WORD = re.compile(r"^(\d{1,2}(?:[:.]\d{1,2})?)(am|pm)?$", re.I)
_TIME_LEAD = ("jam", "pukul", "at")


def parse_clock(value: str, part: str | None = None) -> str:
    """"6", "06.30", "18:00" → "HH:MM"; with a day part "7" "malam" → "19:00".

    Raises ValueError for anything else.
    """
    match = _CLOCK.match(value.strip())
    if not match:
        raise ValueError(value)
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(value)
    if part is not None:
        if hours > 12:
            raise ValueError(f"{value} {part}")
        evening = part in ("sore", "malam") and 6 <= hours < 12
        afternoon = part in ("siang", "sore") and hours < 6
        if evening or afternoon:
            hours += 12
        elif hours == 12 and part in ("pagi", "malam"):
            hours = 0
    return f"{hours:02d}:{minutes:02d}"


@dataclass(frozen=True, slots=True)
class SubscribeRequest:
    """What /langganan was given: the region as typed, and maybe a time and a zone."""

    query: str
    deliver_at: str | None
    zone: str | None
    """IANA zone from a typed WIB/WITA/WIT, else None."""
    length: str | None = None
    """"pendek", "sedang" or "panjang" when typed last."""


def parse_subscribe_args(args: list[str]) -> SubscribeRequest:
    """["jawa", "barat", "06:30", "WITA", "pendek"] → ("jawa barat", "06:30", "Asia/Makassar",
    "pendek").

    Typed words are understood: "sulsel jam 7 pagi", "banten pukul 18.30", "bali 7pm".
    A time that cannot be read, or a number left in the region's name ("sulsel 25"), raises
    ValueError with the words that were meant as a time.
    """
    words = list(args)
    length = words.pop().lower() if words and words[-1].lower() in LENGTHS else None
    zone = None
    if words and words[-1].upper() in ZONE_BY_NAME:
        zone = ZONE_BY_NAME[words.pop().upper()]
    part = None
    if words and words[-1].lower() in DAY_PARTS:
        part = DAY_PARTS[words.pop().lower()]
    deliver_at = None
    match = _TIME_WORD.match(words[-1]) if words else None
    if match:
        words.pop()
        suffix = (match.group(2) or "").lower()
        shown = f"{match.group(0)} {part}" if part else match.group(0)
        try:
            deliver_at = parse_clock(match.group(1), DAY_PARTS.get(suffix) or part)
        except ValueError:
            raise ValueError(shown) from None
    elif part is not None:
        raise ValueError(part)
    if words and words[-1].lower() in _TIME_LEAD:
        words.pop()
    leftover = [w for w in words if any(ch.isdigit() for ch in w)]
    if leftover:
        raise ValueError(" ".join(leftover))
    return SubscribeRequest(" ".join(words).strip(), deliver_at, zone, length)


def regions_text(regions: Catalogue, language: str) -> str:
    """The /wilayah answer: regions by island, one per line, with their codes."""
    blocks = [text("regions_intro", language)]
    for island, members in regions.by_island():
        lines = [f"{island}:"]
        lines += [text("regions_line", language, name=r.name, code=r.code) for r in members]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def confirmation(
    region: Region, deliver_at: str, time_zone: str, language: str, length: str | None = None
) -> str:
    """"Anda berlangganan ringkasan berita Banten. Setiap hari pukul 06.00 WIB."."""
    shown = clock_text(deliver_at) if language == "id" else deliver_at
    if length is None:
        return text("subscribe_done", language, region=region.name, time=shown,
                    zone=zone_name(time_zone))  # fmt: skip
    size = LENGTHS[length]
    count = (str(size.min_stories) if size.min_stories == size.max_stories
             else f"{size.min_stories}-{size.max_stories}")  # fmt: skip
    return text("subscribe_done_length", language, region=region.name, time=shown,
                zone=zone_name(time_zone), length=length,
                stories=text("length_stories", language, count=count))  # fmt: skip


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


def _regions(context: ContextTypes.DEFAULT_TYPE) -> Catalogue:
    """The catalogue in force (packaged, plus `Settings.regions_file`)."""
    return catalogue(_services(context).settings.regions_file)


async def regions_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/wilayah: the regions grouped by island, with their codes."""
    language = await language_of(update, context)
    await update.effective_message.reply_text(regions_text(_regions(context), language))


async def subscribe_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/langganan REGION [HH:MM] [WIB|WITA|WIT], or /langganan alone for buttons."""
    message, language = update.effective_message, await language_of(update, context)
    if not context.args:
        await reply_flow.start(update, context)
        return
    try:
        request = parse_subscribe_args(context.args)
    except ValueError as exc:
        await message.reply_text(text("subscribe_bad_time", language, value=exc.args[0]))
        return
    if not request.query:
        await message.reply_text(text("subscribe_usage", language))
        return
    regions = _regions(context)
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
                            request.zone, request.length)  # fmt: skip
    await message.reply_text(reply)


async def subscribe(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    region: Region,
    deliver_at: str,
    zone: str | None,
    length: str | None = None,
) -> str:
    """Store the subscription; the answer to show (confirmation or the limit)."""
    services, language = _services(context), await language_of(update, context)
    user, chat = update.effective_user, update.effective_chat
    repo = SubscriptionRepo(services.db)
    now = services.clock()
    await ensure_user(update, context)
    time_zone = zone or await repo.user_time_zone(user.id) or region.time_zone
    try:
        await repo.subscribe(user.id, chat.id, region.code, deliver_at, time_zone, now,
                             length=length)  # fmt: skip
    except TooManySubscriptions:
        return text("subscribe_limit", language, limit=MAX_SUBSCRIPTIONS)
    logger.info("chat %s subscribed to %s at %s %s", chat.id, region.code, deliver_at, time_zone)
    return confirmation(region, deliver_at, time_zone, language, length)


async def on_subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The inline buttons of earlier /langganan messages: island → region → time.

    A time is saved before the press is answered; every step and the confirmation come as new
    messages (screen readers announce those, not edits); a stale press gets an alert.
    """
    query, language = update.callback_query, await language_of(update, context)
    parts = (query.data or "").split(":")
    regions = _regions(context)
    try:
        if parts[1] == "i" and len(parts) == 2:
            said, markup = text("subscribe_choose_island", language), island_keyboard(language)
        elif parts[1] == "i":
            island = ISLANDS[int(parts[2])]
            members = dict(regions.by_island()).get(island, [])
            said = text("subscribe_choose_region", language, island=island)
            markup = region_keyboard(members, language)
        elif parts[1] == "r":
            region = regions.get(parts[2])
            said = text("subscribe_choose_time", language, region=region.name,
                        zone=region.zone_name)  # fmt: skip
            markup = time_keyboard(region, language)
        elif parts[1] == "t":
            region = regions.get(parts[2])
            deliver_at = parse_clock(f"{parts[3][:2]}:{parts[3][2:]}")
            said, markup = await subscribe(update, context, region, deliver_at, None), None
        elif parts[1] == "o":
            region = regions.get(parts[2])
            await UserStateRepo(_services(context).db).set(
                update.effective_user.id, PENDING_KEY, region.code, _services(context).clock()
            )
            said = text("subscribe_type_time", language, region=region.name,
                        zone=region.zone_name)  # fmt: skip
            markup = None
        else:
            raise ValueError(query.data)
    except (IndexError, KeyError, ValueError):
        logger.info("stale or unknown subscription button %r", query.data)
        await answer_query(update, alert=text("button_expired", language))
        return
    acknowledge(update, context)
    await query.message.reply_text(said, reply_markup=markup)
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(None)


async def on_typed_time(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A time typed after "Jam lain": finish that subscription. Other texts pass through."""
    # In the database, not PTB's user_data: the next message may reach another bot instance.
    state = UserStateRepo(_services(context).db)
    user_id = update.effective_user.id if update.effective_user else 0
    code = await state.get(user_id, PENDING_KEY) if user_id else None
    if not code:
        return
    message, language = update.effective_message, await language_of(update, context)
    try:
        deliver_at = parse_clock(message.text or "")
        region = _regions(context).get(code)
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
    language = await language_of(update, context)
    subscriptions = await SubscriptionRepo(_services(context).db).for_user(update.effective_user.id)
    if not subscriptions:
        await update.effective_message.reply_text(text("no_subscriptions", language))
        return
    regions = _regions(context)
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
    message, language = update.effective_message, await language_of(update, context)
    repo = SubscriptionRepo(_services(context).db)
    user_id = update.effective_user.id
    if not context.args:
        count = await repo.unsubscribe(user_id)
        reply = text("unsubscribed_all", language, count=count) if count else text(
            "no_subscriptions", language)  # fmt: skip
        await message.reply_text(reply)
        return
    query = " ".join(context.args)
    region = _regions(context).find(query)
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
    listen.register(application)
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
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND,
                       reply_flow.on_answer),
        group=-2,
    )  # fmt: skip


async def on_startup(application: Application) -> None:
    """Check the catalogue and start the minute job (call from post_init; `open_db` migrated)."""
    # A bad SUARA_REGIONS_FILE fails here, at startup, not in the minute job.
    catalogue(application.bot_data["services"].settings.regions_file)
    start_job(application)


async def on_shutdown(application: Application) -> None:
    """Stop running deliveries (messages in flight are finished and recorded)."""
    await scheduler_of(application).stop()


__all__ = [
    "on_shutdown",
    "on_startup",
    "parse_clock",
    "parse_subscribe_args",
    "register",
]
