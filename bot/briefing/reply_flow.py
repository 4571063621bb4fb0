"""/langganan alone: subscribing step by step with a reply keyboard (island, region, time).

A reply keyboard's button sends its own words as a message, so every step works with any screen
reader (inline buttons cannot be activated with NVDA on Telegram Desktop) and can be typed
instead. "Batal" (or "Cancel") stops; "Kembali" ("Back") goes one step back. Anything that is not
an answer (a link, a long text) ends the flow and is handled as usual. The step is kept in the
database (`UserStateRepo`), not in PTB's in-process user data, so with several bot instances the
next answer may reach any of them.
"""

from __future__ import annotations

import json

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.briefing.regions import ISLANDS, Catalogue, Region, catalogue
from bot.chat.context import language_of, services_of
from bot.chat.texts import text
from bot.store.state import UserStateRepo

FLOW_KEY = "briefing_reply_flow"
TIME_CHOICES = ("05:00", "06:00", "07:00", "12:00", "18:00")
MAX_ANSWER_CHARS = 60
"""Longer messages are not answers to a step: the flow ends and the message is read as usual."""
CANCEL = {"batal", "cancel"}
BACK = {"kembali", "back"}


async def _load(update: Update, context: ContextTypes.DEFAULT_TYPE) -> dict | None:
    if update.effective_user is None:
        return None
    stored = await UserStateRepo(services_of(context).db).get(update.effective_user.id, FLOW_KEY)
    return json.loads(stored) if stored else None


async def _save(update: Update, context: ContextTypes.DEFAULT_TYPE, state: dict) -> None:
    services = services_of(context)
    await UserStateRepo(services.db).set(
        update.effective_user.id, FLOW_KEY, json.dumps(state), services.clock()
    )


async def _clear(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_user is not None:
        await UserStateRepo(services_of(context).db).pop(update.effective_user.id, FLOW_KEY)


def _keyboard(labels: list[str], language: str, back: bool = True) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(label) for label in labels[i : i + 2]]
            for i in range(0, len(labels), 2)]  # fmt: skip
    extra = [text("button_back", language)] if back else []
    rows.append([KeyboardButton(label) for label in [*extra, text("button_cancel", language)]])
    return ReplyKeyboardMarkup(rows, one_time_keyboard=False, resize_keyboard=True)


def _island(answer: str) -> str | None:
    wanted = answer.strip().lower()
    return next((name for name in ISLANDS if name.lower() == wanted), None)


def _catalogue(context: ContextTypes.DEFAULT_TYPE) -> Catalogue:
    return catalogue(services_of(context).settings.regions_file)


def _region(answer: str, island: str, regions: Catalogue) -> Region | None:
    region = regions.find(answer)
    return region if region is not None and region.island == island else None


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for the island with a reply keyboard."""
    language = await language_of(update, context)
    await _save(update, context, {"step": "island"})
    await update.effective_message.reply_text(
        text("subscribe_choose_island", language),
        reply_markup=_keyboard(list(ISLANDS), language, back=False),
    )


async def on_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One answer of the flow; other messages pass through to the usual handlers."""
    message = update.effective_message
    if message is None or not message.text:
        return
    state = await _load(update, context)
    if not state:
        return
    answer = message.text.strip()
    if len(answer) > MAX_ANSWER_CHARS or "://" in answer:
        await _clear(update, context)
        return
    language = await language_of(update, context)
    lowered = answer.lower()
    if lowered in CANCEL:
        await _clear(update, context)
        await message.reply_text(text("subscribe_cancelled", language),
                                 reply_markup=ReplyKeyboardRemove())  # fmt: skip
        raise ApplicationHandlerStop
    step = state["step"]
    if lowered in BACK:
        if step == "time":
            await _after_island(update, context, state, state["island"], language)
        else:
            await start(update, context)
        raise ApplicationHandlerStop
    if step == "island":
        await _after_island(update, context, state, answer, language)
    elif step == "region":
        await _after_region(update, context, state, answer, language)
    else:
        await _after_time(update, context, state, answer, language)
    raise ApplicationHandlerStop


async def _after_island(update, context, state, answer: str, language: str) -> None:  # type: ignore[no-untyped-def]
    island = _island(answer)
    if island is None:
        await update.effective_message.reply_text(text("subscribe_pick_one", language))
        return
    members = dict(_catalogue(context).by_island()).get(island, [])
    state.update(step="region", island=island)
    await _save(update, context, state)
    await update.effective_message.reply_text(
        text("subscribe_choose_region", language, island=island),
        reply_markup=_keyboard([r.name for r in members], language),
    )


async def _after_region(update, context, state, answer: str, language: str) -> None:  # type: ignore[no-untyped-def]
    region = _region(answer, state["island"], _catalogue(context))
    if region is None:
        await update.effective_message.reply_text(text("subscribe_pick_one", language))
        return
    state.update(step="time", region=region.code)
    await _save(update, context, state)
    await update.effective_message.reply_text(
        text("subscribe_choose_time_typed", language, region=region.name, zone=region.zone_name),
        reply_markup=_keyboard(list(TIME_CHOICES), language),
    )


async def _after_time(update, context, state, answer: str, language: str) -> None:  # type: ignore[no-untyped-def]
    from bot.briefing.handlers import parse_subscribe_args, subscribe

    try:
        request = parse_subscribe_args(answer.split())
    except ValueError as exc:
        await update.effective_message.reply_text(
            text("subscribe_bad_time", language, value=exc.args[0])
        )
        return
    if request.deliver_at is None or request.query:
        await update.effective_message.reply_text(
            text("subscribe_bad_time", language, value=answer)
        )
        return
    region = _catalogue(context).get(state["region"])
    await _clear(update, context)
    reply = await subscribe(update, context, region, request.deliver_at, request.zone)
    await update.effective_message.reply_text(reply, reply_markup=ReplyKeyboardRemove())
