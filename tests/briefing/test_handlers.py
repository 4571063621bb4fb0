"""The briefing commands through the real python-telegram-bot application and the fake Bot API."""

from __future__ import annotations

import pytest

from bot.briefing.handlers import (
    parse_clock,
    parse_subscribe_args,
)
from bot.briefing.schedule import JOB_NAME
from bot.store.subscriptions import SubscriptionRepo
from tests.briefing.conftest import briefing_app

CHAT = 5151


@pytest.fixture
async def app(services, fake_telegram):
    async with briefing_app(services, fake_telegram, concurrent=False) as application:
        yield application


async def say(fake, text: str, n: int = 1, language: str = "id", user_id: int = CHAT):
    mark = fake.mark()
    fake.user_text(CHAT, text, language_code=language, user_id=user_id)
    return await fake.wait_for("sendMessage", n, chat_id=CHAT, since=mark)


async def press(fake, message_id: int, data: str, method: str = "sendMessage"):
    mark = fake.mark()
    fake.user_callback(CHAT, message_id, data)
    await fake.wait_for("answerCallbackQuery", since=mark, ok=None)
    return (await fake.wait_for(method, since=mark, ok=None))[0]


async def subscriptions(services) -> dict[str, tuple[str, str]]:
    return {s.region: (s.deliver_at, s.time_zone)
            for s in await SubscriptionRepo(services.db).for_user(CHAT)}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["banten"], ("banten", None, None)),
     (["jawa", "barat", "6.30"], ("jawa barat", "06:30", None)),
      (["dki", "18:00", "wita"], ("dki", "18:00", "Asia/Makassar")), ([], ("", None, None)),
     (["sulsel", "7", "pagi"], ("sulsel", "07:00", None)),
     (["sulsel", "jam", "7", "malam", "WITA"], ("sulsel", "19:00", "Asia/Makassar")),
     (["bali", "7pm"], ("bali", "19:00", None)),
     (["papua", "pukul", "12.30"], ("papua", "12:30", None))],
)  # fmt: skip
def test_parse_subscribe_args(args, expected) -> None:
    request = parse_subscribe_args(args)
    assert (request.query, request.deliver_at, request.zone) == expected


@pytest.mark.parametrize("value", ["24:00", "7:60", "pagi", "", "7:5"])
def test_parse_clock_refuses_nonsense(value) -> None:
    with pytest.raises(ValueError):
        parse_clock(value)


@pytest.mark.parametrize("args", [["sulsel", "25"], ["sulsel", "13", "malam"], ["bali", "pagi"],
                                  ["jawa", "7x", "barat"]])  # fmt: skip
def test_parse_subscribe_args_blames_the_time(args) -> None:
    with pytest.raises(ValueError):
        parse_subscribe_args(args)


def test_parse_clock_reads_common_forms() -> None:
    assert [parse_clock(v) for v in ("6", "06.30", "18:00", "0:05")] == [
        "06:00", "06:30", "18:00", "00:05"]  # fmt: skip


async def test_startup_schedules_the_minute_job(app) -> None:
    [job] = app.job_queue.get_jobs_by_name(JOB_NAME)
    assert job.trigger.interval.total_seconds() == 60


async def test_typed_subscription_is_confirmed_in_words(app, fake_telegram, services) -> None:
    [reply] = await say(fake_telegram, "/langganan banten 06:30")
    assert reply.text == "Anda berlangganan ringkasan berita Banten. Setiap hari pukul 06.30 WIB."
    [reply] = await say(fake_telegram, "/langganan Bali")
    assert reply.text.endswith("Setiap hari pukul 06.00 WITA.")
    [reply] = await say(fake_telegram, "/langganan maluku 7 WIB")
    assert reply.text.endswith("Setiap hari pukul 07.00 WIB.")
    assert await subscriptions(services) == {
        "banten": ("06:30", "Asia/Jakarta"),
        "bali": ("06:00", "Asia/Makassar"),
        "maluku": ("07:00", "Asia/Jakarta"),
    }
    async with services.db.execute("SELECT chat_id, language FROM users WHERE user_id = ?",
                                   (CHAT,)) as cursor:  # fmt: skip
        assert tuple(await cursor.fetchone()) == (CHAT, "id")


async def test_limit_of_three_regions(app, fake_telegram, services) -> None:
    for region in ("banten", "jabar", "dki"):
        await say(fake_telegram, f"/langganan {region}")
    [reply] = await say(fake_telegram, "/langganan bali")
    assert "3 wilayah" in reply.text and "/berhenti" in reply.text
    [reply] = await say(fake_telegram, "/langganan jabar 05:00")  # changing a time is fine
    assert "05.00 WIB" in reply.text


async def test_unknown_region_and_bad_time_get_help(app, fake_telegram) -> None:
    [reply] = await say(fake_telegram, "/langganan jabarr")
    assert "Maksud Anda Jawa Barat (kode jabar)" in reply.text
    [reply] = await say(fake_telegram, "/langganan atlantis")
    assert "/wilayah" in reply.text
    [reply] = await say(fake_telegram, "/langganan banten 25:00")
    assert "25:00" in reply.text and "06:00" in reply.text
    [reply] = await say(fake_telegram, "/langganan sulsel 25")  # the time, not the region
    assert "Jam \"25\" tidak bisa dibaca" in reply.text


async def test_typed_words_for_the_time(app, fake_telegram, services) -> None:
    [reply] = await say(fake_telegram, "/langganan sulsel 7 pagi")
    assert reply.text.endswith("Setiap hari pukul 07.00 WITA.")
    [reply] = await say(fake_telegram, "/langganan banten jam 6 sore")
    assert reply.text.endswith("Setiap hari pukul 18.00 WIB.")
    assert await subscriptions(services) == {
        "sulsel": ("07:00", "Asia/Makassar"), "banten": ("18:00", "Asia/Jakarta")}  # fmt: skip


async def test_language_chosen_in_settings_is_honoured(app, fake_telegram, services) -> None:
    from bot.store.users import UserRepo

    users = UserRepo(services.db)
    await users.ensure(CHAT, CHAT, "id", services.clock())
    await users.update(CHAT, services.clock(), language="en")
    [reply] = await say(fake_telegram, "/langgananku", language="id")  # Telegram says Indonesian
    assert reply.text.startswith("You have no briefing subscriptions")


async def test_reply_keyboard_island_then_region_then_time(app, fake_telegram, services) -> None:
    [menu] = await say(fake_telegram, "/langganan")
    assert menu.text.startswith("Pilih pulau")
    keys = [b["text"] for row in menu.params["reply_markup"]["keyboard"] for b in row]
    assert keys[:2] == ["Sumatera", "Jawa"] and "Papua" in keys and keys[-1] == "Batal"
    [step] = await say(fake_telegram, "Jawa")
    keys = [b["text"] for row in step.params["reply_markup"]["keyboard"] for b in row]
    assert "Banten" in keys and "Kembali" in keys
    [step] = await say(fake_telegram, "Banten")
    assert step.text.startswith("Pilih jam kirim untuk Banten (waktu WIB)")
    keys = [b["text"] for row in step.params["reply_markup"]["keyboard"] for b in row]
    assert "05:00" in keys and "18:00" in keys
    [done] = await say(fake_telegram, "07:00")
    assert done.text == "Anda berlangganan ringkasan berita Banten. Setiap hari pukul 07.00 WIB."
    assert done.params["reply_markup"] == {"remove_keyboard": True}
    assert await subscriptions(services) == {"banten": ("07:00", "Asia/Jakarta")}


async def test_reply_keyboard_typed_time_back_and_cancel(app, fake_telegram, services) -> None:
    await say(fake_telegram, "/langganan")
    await say(fake_telegram, "sulawesi")
    [again] = await say(fake_telegram, "Kembali")
    assert again.text.startswith("Pilih pulau")
    await say(fake_telegram, "Sulawesi")
    await say(fake_telegram, "sulsel")
    [bad] = await say(fake_telegram, "jam 25")
    assert "25" in bad.text and "00:00 sampai 23:59" in bad.text
    [done] = await say(fake_telegram, "7 malam")
    assert done.text.endswith("Setiap hari pukul 19.00 WITA.")
    await say(fake_telegram, "/langganan")
    [cancelled] = await say(fake_telegram, "Batal")
    assert cancelled.text.startswith("Dibatalkan")
    assert await subscriptions(services) == {"sulsel": ("19:00", "Asia/Makassar")}


async def test_inline_button_saves_then_confirms_in_a_new_message(
    app, fake_telegram, services
) -> None:
    [menu] = await say(fake_telegram, "/wilayah")
    fake_telegram.fail("answerCallbackQuery", status=400, times=None,
                       description="Bad Request: query is too old and response timeout expired")
    done = await press(fake_telegram, menu.result["message_id"], "sub:t:banten:0700",
                       "sendMessage")  # fmt: skip
    assert done.text == "Anda berlangganan ringkasan berita Banten. Setiap hari pukul 07.00 WIB."
    assert await subscriptions(services) == {"banten": ("07:00", "Asia/Jakarta")}


async def test_other_time_is_typed(app, fake_telegram, services) -> None:
    [menu] = await say(fake_telegram, "/wilayah")
    ask = await press(fake_telegram, menu.result["message_id"], "sub:o:sulsel", "sendMessage")
    assert "Ketik jam kirim untuk Sulawesi Selatan" in ask.text and "WITA" in ask.text
    [reply] = await say(fake_telegram, "05.45")
    assert reply.text.endswith("Setiap hari pukul 05.45 WITA.")
    assert await subscriptions(services) == {"sulsel": ("05:45", "Asia/Makassar")}


async def test_stale_button_is_answered_with_an_alert(app, fake_telegram) -> None:
    [menu] = await say(fake_telegram, "/wilayah")
    alert = await press(fake_telegram, menu.result["message_id"], "sub:r:atlantis",
                        "answerCallbackQuery")  # fmt: skip
    assert alert.params["show_alert"] is True and "/langganan" in alert.params["text"]


async def test_list_and_stop(app, fake_telegram, services) -> None:
    [reply] = await say(fake_telegram, "/langgananku")
    assert "belum berlangganan" in reply.text
    await say(fake_telegram, "/langganan banten 06:00")
    await say(fake_telegram, "/langganan papua 18:00")
    [reply] = await say(fake_telegram, "/langgananku")
    assert "1. Banten (kode banten): setiap hari pukul 06.00 WIB" in reply.text
    assert "2. Papua (kode papua): setiap hari pukul 18.00 WIT" in reply.text
    [reply] = await say(fake_telegram, "/berhenti banten")
    assert reply.text == "Langganan ringkasan berita Banten dihentikan."
    [reply] = await say(fake_telegram, "/berhenti banten")
    assert "tidak berlangganan Banten" in reply.text
    [reply] = await say(fake_telegram, "/berhenti")
    assert "(1)" in reply.text
    assert await subscriptions(services) == {}


async def test_regions_are_listed_by_island_with_codes(app, fake_telegram) -> None:
    [reply] = await say(fake_telegram, "/wilayah")
    assert "Sumatera:\nAceh: kode aceh" in reply.text
    assert "Jawa Barat: kode jabar" in reply.text and "Papua Selatan: kode papsel" in reply.text
    assert reply.text.index("Sumatera:") < reply.text.index("Papua:")


async def test_english_user(app, fake_telegram) -> None:
    [reply] = await say(fake_telegram, "/subscribe banten 6", language="en")
    assert reply.text == ("You are subscribed to the news briefing for Banten. "
                          "Every day at 06:00 WIB.")  # fmt: skip


async def test_minute_job_delivers_through_the_application(
    app, fake_telegram, services, clock, banten_on_loopback
) -> None:
    from types import SimpleNamespace

    from bot.briefing.schedule import on_minute, scheduler_of

    await say(fake_telegram, "/langganan banten 06:00")
    clock.advance(hours=1)  # 06:00 WIB
    await on_minute(SimpleNamespace(application=app, bot=app.bot))
    await scheduler_of(app).wait_idle()
    [voice] = await fake_telegram.wait_for("sendVoice", chat_id=CHAT, timeout=30)
    assert voice.files and voice.params["caption"].startswith("Ringkasan berita Banten")
    messages = await fake_telegram.wait_for("sendMessage", 2, chat_id=CHAT)
    assert "Ringkasan berita Banten" in messages[-1].text
