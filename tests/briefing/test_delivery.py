"""Delivering one briefing: upload once, file_id after, pacing, RetryAfter, 403, exactly once."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from telegram.ext import ExtBot

from bot.briefing.delivery import Broadcast, ChatPacer, LateNote
from bot.store.briefings import BriefingRepo, StoredBriefing
from bot.store.deliveries import DeliveryRepo
from bot.store.subscriptions import Recipient, SubscriptionRepo
from bot.store.users import UserRepo
from tests.briefing.conftest import NOW
from tests.helpers.audio import make_tone

DAY = date(2026, 11, 27)
TEXT = '<b>Ringkasan berita Banten</b>\n1. <a href="https://x.example/1">Judul</a>'


@pytest.fixture
async def briefing(db, tmp_path) -> StoredBriefing:
    audio = make_tone(tmp_path / "briefing.ogg", seconds=1.0)
    stored = StoredBriefing("banten", DAY, "Selamat pagi.", TEXT, str(audio), 1.0, None, NOW)
    await BriefingRepo(db).save(stored)
    return stored


async def subscribe(db, chats, language="id") -> list[Recipient]:
    repo = SubscriptionRepo(db)
    for chat in chats:
        await UserRepo(db).ensure(chat, chat, language, NOW)
        await repo.subscribe(chat, chat, "banten", "06:00", "Asia/Jakarta", NOW)
    return [Recipient(chat, language) for chat in chats]


def broadcast(bot, db, briefing, clock, interval=0.01, **options) -> Broadcast:
    return Broadcast(bot, db, briefing, "Banten", clock=clock, pacer=ChatPacer(interval),
                     workers=options.pop("workers", 8), **options)  # fmt: skip


def voices(fake, chat=None):
    return fake.calls_of("sendVoice", chat_id=chat, ok=True)


async def test_first_send_uploads_and_the_rest_go_by_file_id(
    bot, db, briefing, clock, fake_telegram
) -> None:
    recipients = await subscribe(db, range(101, 113))
    stats = await broadcast(bot, db, briefing, clock).run(recipients)
    assert stats.sent == 12 and stats.uploads == 1
    sent = voices(fake_telegram)
    uploads = [c for c in sent if c.files]
    assert len(uploads) == 1 and uploads[0] is sent[0]
    file_id = (await BriefingRepo(db).get("banten", DAY)).file_id
    assert file_id and all(c.params["voice"] == file_id for c in sent[1:])
    for chat in range(101, 113):
        [voice] = voices(fake_telegram, chat)
        [message] = fake_telegram.calls_of("sendMessage", chat_id=chat)
        assert voice.params["caption"] == "Ringkasan berita Banten, Jumat, 27 November 2026"
        assert message.params["parse_mode"] == "HTML" and "Judul" in message.text
        assert voice.time < message.time  # the voice note first, its text right after
    assert await DeliveryRepo(db).counts("banten", DAY.isoformat()) == {"sent": 12}


async def test_one_message_a_second_per_chat(bot, db, briefing, clock, fake_telegram) -> None:
    recipients = await subscribe(db, [201, 202])
    await Broadcast(bot, db, briefing, "Banten", clock=clock).run(recipients)
    for chat in (201, 202):
        [voice] = voices(fake_telegram, chat)
        [message] = fake_telegram.calls_of("sendMessage", chat_id=chat)
        assert message.time - voice.time >= 0.95


async def test_a_second_run_sends_nothing_again(bot, db, briefing, clock, fake_telegram) -> None:
    recipients = await subscribe(db, [301, 302, 303])
    await broadcast(bot, db, briefing, clock).run(recipients)
    stats = await broadcast(bot, db, briefing, clock).run(recipients)
    assert stats.sent == 0 and len(voices(fake_telegram)) == 3


async def test_exactly_once_when_the_run_is_cancelled_midway_and_restarted(
    briefing_settings, db, briefing, clock, fake_telegram
) -> None:
    chats = list(range(1000, 1030))
    recipients = await subscribe(db, chats)
    fake_telegram.latency_s = 0.02
    first_bot = ExtBot("123456:TEST-TOKEN", base_url=f"{fake_telegram.base}/bot")
    async with first_bot:
        run = asyncio.create_task(
            broadcast(first_bot, db, briefing, clock, interval=0.3, workers=6).run(recipients)
        )
        await fake_telegram.wait_for("sendVoice", 8, timeout=20)
        run.cancel()  # the process is stopped in the middle of the broadcast
        with pytest.raises(asyncio.CancelledError):
            await run
    done_before = len(voices(fake_telegram))
    assert 8 <= done_before < len(chats)
    async with db.execute(
        "SELECT claimed_at FROM deliveries WHERE status IN ('claimed', 'voice_sent')"
    ) as cursor:
        unfinished = [row[0] async for row in cursor]
    assert all(at == "" for at in unfinished)  # every claim was finished or given back

    clock.advance(seconds=30)  # a new process on the same database
    stored = await BriefingRepo(db).get("banten", DAY)
    second_bot = ExtBot("123456:TEST-TOKEN", base_url=f"{fake_telegram.base}/bot")
    async with second_bot:
        pending = await SubscriptionRepo(db).pending_recipients(
            "banten", DAY.isoformat(), clock.now - timedelta(minutes=2), 3
        )
        await broadcast(second_bot, db, stored, clock, workers=6).run(pending)
    for chat in chats:
        assert len(voices(fake_telegram, chat)) == 1, chat
        assert len(fake_telegram.calls_of("sendMessage", chat_id=chat)) == 1, chat
    assert len([c for c in voices(fake_telegram) if c.files]) == 1  # uploaded once in all
    assert await DeliveryRepo(db).counts("banten", DAY.isoformat()) == {"sent": len(chats)}


async def test_a_killed_run_is_resumed_from_its_delivery_rows(
    bot, db, briefing, clock, fake_telegram
) -> None:
    """A hard kill leaves rows behind: 'claimed' (nothing sent yet) and 'voice_sent'."""
    recipients = await subscribe(db, [401, 402, 403])
    repo = DeliveryRepo(db)
    killed_at = clock.now
    await repo.claim("banten", DAY.isoformat(), 401, killed_at, killed_at)
    voice_done = await repo.claim("banten", DAY.isoformat(), 402, killed_at, killed_at)
    await repo.voice_sent(voice_done, killed_at)

    clock.advance(seconds=30)  # restarted quickly: the rows are not stale yet
    stats = await broadcast(bot, db, briefing, clock).run(recipients)
    assert stats.sent == 1 and [c.chat_id for c in voices(fake_telegram, None)] == [403]

    clock.advance(minutes=3)  # the old claims are now abandoned and taken over
    pending = await SubscriptionRepo(db).pending_recipients(
        "banten", DAY.isoformat(), clock.now - timedelta(minutes=2), 3
    )
    assert [r.chat_id for r in pending] == [401, 402]
    fake_telegram.reset()
    stored = await BriefingRepo(db).get("banten", DAY)
    stats = await broadcast(bot, db, stored, clock).run(pending)
    assert stats.sent == 1 and stats.resumed == 1
    assert len(voices(fake_telegram, 401)) == 1 and not voices(fake_telegram, 402)
    assert len(fake_telegram.calls_of("sendMessage", chat_id=402)) == 1


async def test_forbidden_deactivates_the_chat(bot, db, briefing, clock, fake_telegram) -> None:
    recipients = await subscribe(db, [501, 502, 503])
    await SubscriptionRepo(db).subscribe(502, 502, "jabar", "07:00", "Asia/Jakarta", NOW)
    fake_telegram.fail("sendVoice", chat_id=502, status=403)
    fake_telegram.fail("sendVoice", chat_id=501, status=403)  # the first upload attempt, too
    stats = await broadcast(bot, db, briefing, clock).run(recipients)
    assert stats.sent == 1 and stats.deactivated == 2
    assert len([c for c in voices(fake_telegram) if c.files]) == 1  # 503 got the upload
    assert await SubscriptionRepo(db).for_user(502) == []
    assert not fake_telegram.calls_of("sendMessage", chat_id=502)
    counts = await DeliveryRepo(db).counts("banten", DAY.isoformat())
    assert counts == {"sent": 1, "failed": 2}


async def test_retry_after_is_waited_out(bot, db, briefing, clock, fake_telegram) -> None:
    recipients = await subscribe(db, [601, 602])
    fake_telegram.fail("sendVoice", chat_id=602, status=429, retry_after=1)
    stats = await broadcast(bot, db, briefing, clock).run(recipients)
    refused = fake_telegram.calls_of("sendVoice", chat_id=602, ok=False)
    [accepted] = voices(fake_telegram, 602)
    assert stats.sent == 2 and stats.retry_after_waits == 1 and len(refused) == 1
    assert accepted.time - refused[0].time >= 1.0


async def test_empty_day_sends_the_note_or_nothing(bot, db, clock, fake_telegram) -> None:
    empty = StoredBriefing("banten", DAY, "", "Hari ini belum ada berita baru.", None, None, None,
                           NOW)  # fmt: skip
    recipients = await subscribe(db, [701, 702])
    stats = await broadcast(bot, db, empty, clock).run(recipients[:1])
    assert stats.sent == 1 and not voices(fake_telegram)
    [note] = fake_telegram.calls_of("sendMessage", chat_id=701)
    assert "belum ada berita" in note.text
    stats = await broadcast(bot, db, empty, clock, empty_policy="skip").run(recipients[1:])
    assert stats.skipped == 1 and not fake_telegram.calls_of("sendMessage", chat_id=702)


async def test_late_delivery_says_so_in_the_users_language(
    bot, db, briefing, clock, fake_telegram
) -> None:
    recipients = [*await subscribe(db, [801]), *await subscribe(db, [802], "en")]
    await broadcast(bot, db, briefing, clock).run(recipients, LateNote("06.00", "WIB"))
    [id_text] = fake_telegram.calls_of("sendMessage", chat_id=801)
    [en_text] = fake_telegram.calls_of("sendMessage", chat_id=802)
    assert id_text.text.startswith("Maaf, ringkasan ini terlambat. Seharusnya dikirim pukul 06.00")
    assert en_text.text.startswith("Sorry, this briefing is late. It was due at 06.00 WIB")
    assert await DeliveryRepo(db).late_chats("banten", DAY.isoformat()) == {801, 802}


async def test_delivered_briefing_carries_word_buttons_and_the_story_keyboard(
    bot, db, clock, fake_telegram, tmp_path
) -> None:
    from bot.store.briefings import Chapter

    audio = make_tone(tmp_path / "b.ogg", seconds=1.0)
    chapters = tuple(Chapter(n, f"Judul {n}", f"https://x.example/{n}", n * 10.0, 9.0)
                     for n in (1, 2, 3))  # fmt: skip
    stored = StoredBriefing("banten", DAY, "Halo.", TEXT, str(audio), 1.0, None, NOW,
                            chapters=chapters)  # fmt: skip
    await BriefingRepo(db).save(stored)
    recipients = await subscribe(db, [301])
    await broadcast(bot, db, stored, clock).run(recipients)
    [voice] = voices(fake_telegram, 301)
    [message] = fake_telegram.calls_of("sendMessage", chat_id=301)
    inline = voice.params["reply_markup"]["inline_keyboard"]
    assert [b["text"] for row in inline for b in row] == [
        "Putar lagi", "Teks lengkap", "Berhenti langganan"]  # fmt: skip
    assert {b["callback_data"] for row in inline for b in row} == {
        "brf:a:banten:20261127:sedang", "brf:t:banten:20261127:sedang", "brf:s:banten"}
    keyboard = message.params["reply_markup"]["keyboard"]
    assert [b["text"] for row in keyboard for b in row] == ["Cerita 1", "Cerita 2", "Cerita 3"]
    assert "/cerita NOMOR" in message.text
    assert (await BriefingRepo(db).last(301)).chapters == chapters
    assert "allow_paid_broadcast" not in voice.params  # off by default


async def test_paid_broadcast_sets_the_flag_and_raises_the_pace(
    bot, db, briefing, clock, fake_telegram
) -> None:
    from bot.config import Settings

    default = Settings.from_env({})
    assert not default.paid_broadcast and default.overall_rate == 30
    paid = Settings.from_env({"SUARA_PAID_BROADCAST": "1"})
    assert paid.paid_broadcast and paid.overall_rate == 1000
    explicit = Settings.from_env({"SUARA_PAID_BROADCAST": "1", "SUARA_BROADCAST_RATE": "200"})
    assert explicit.overall_rate == 200  # an explicit rate still wins
    recipients = await subscribe(db, [401, 402])
    await broadcast(bot, db, briefing, clock, paid=paid.paid_broadcast).run(recipients)
    sent = [*voices(fake_telegram), *fake_telegram.calls_of("sendMessage")]
    assert len(sent) == 4
    assert all(str(c.params.get("allow_paid_broadcast")).lower() == "true" for c in sent)
    with pytest.raises(ValueError, match="SUARA_PAID_BROADCAST"):
        Settings.from_env({"SUARA_PAID_BROADCAST": "maybe"})
    with pytest.raises(ValueError, match="SUARA_BROADCAST_RATE"):
        Settings.from_env({"SUARA_BROADCAST_RATE": "0"})


async def test_briefing_voice_goes_through_the_one_audio_sender(
    bot, db, briefing, clock, fake_telegram
) -> None:
    """The reading flow's rules hold for briefings too: a 502 on the upload is retried once at
    once (nothing reached Telegram), and the delivery is counted under kind="briefing"."""
    from bot.ops import metrics

    before = metrics.REGISTRY.get_sample_value(
        "suara_deliveries_total", {"kind": "briefing", "outcome": "sent"}
    ) or 0.0
    recipients = await subscribe(db, [701, 702])
    fake_telegram.fail("sendVoice", status=502, times=1)
    stats = await broadcast(bot, db, briefing, clock).run(recipients)
    assert stats.sent == 2 and stats.released == 0 and stats.uploads == 1
    assert len(fake_telegram.calls_of("sendVoice", ok=False)) == 1
    after = metrics.REGISTRY.get_sample_value(
        "suara_deliveries_total", {"kind": "briefing", "outcome": "sent"}
    )
    assert after == before + 2


async def test_stale_file_id_is_uploaded_again_and_replaced(
    bot, db, briefing, clock, fake_telegram
) -> None:
    await BriefingRepo(db).set_file_id("banten", DAY, "VOICE_FROM_ANOTHER_BOT")
    stale = await BriefingRepo(db).get("banten", DAY)
    recipients = await subscribe(db, [801, 802, 803])
    stats = await broadcast(bot, db, stale, clock).run(recipients)
    assert stats.sent == 3 and stats.uploads == 1
    uploads = [c for c in voices(fake_telegram) if c.files]
    new_id = (await BriefingRepo(db).get("banten", DAY)).file_id
    assert len(uploads) == 1 and new_id == uploads[0].result["voice"]["file_id"]
