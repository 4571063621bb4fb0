"""The minute job end to end: build ahead once, deliver at each local time, late and empty days."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot import pipeline
from bot.briefing import build, schedule
from bot.briefing.delivery import ChatPacer
from bot.briefing.regions import catalogue
from bot.briefing.schedule import Scheduler, due_instant, plan_day
from bot.config import Settings
from bot.store.briefings import BriefingRepo
from bot.store.subscriptions import ScheduleGroup, SubscriptionRepo
from bot.store.users import UserRepo
from tests.briefing.conftest import FEEDS, NOW, local_feed
from tests.helpers.audio import probe

FRIDAY = date(2026, 11, 27)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Asia/Jakarta", utc(26, 23)), ("Asia/Makassar", utc(26, 22)), ("Asia/Jayapura", utc(26, 21))],
)
def test_six_in_the_morning_in_wib_wita_and_wit(zone, expected) -> None:
    # At 22:00 UTC it is Friday in all three zones (05:00 WIB, 06:00 WITA, 07:00 WIT).
    assert due_instant("06:00", zone, NOW) == expected


def test_day_and_lateness_of_groups() -> None:
    banten = catalogue().get("banten")
    groups = [ScheduleGroup("banten", "06:00", z, 1)
              for z in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")]  # fmt: skip
    planned = plan_day(groups, banten, NOW)
    assert [g.group.time_zone for g in planned] == ["Asia/Jayapura", "Asia/Makassar",
                                                    "Asia/Jakarta"]  # fmt: skip
    assert {g.day for g in planned} == {FRIDAY}
    late = planned[0].late(NOW)
    assert late is not None and (late.time_text, late.zone) == ("06.00", "WIT")
    assert planned[1].late(NOW) is None  # due this very minute
    # Just after midnight WIB the day is Saturday: Friday's 06:00 is not owed any more.
    assert plan_day(groups[:1], banten, utc(27, 17, 30))[0].day == date(2026, 11, 28)


@pytest.fixture
def counted_narrate(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = build.render_briefing

    async def render(*args, **kwargs):
        calls.append(1)
        return await real(*args, **kwargs)

    monkeypatch.setattr(build, "render_briefing", render)
    return calls


async def subscribe(services, chats, time="06:00", zone="Asia/Jakarta", region="banten"):
    repo = SubscriptionRepo(services.db)
    for chat in chats:
        await UserRepo(services.db).ensure(chat, chat, "id", services.clock())
        await repo.subscribe(chat, chat, region, time, zone, services.clock())


async def tick(scheduler: Scheduler, services, bot) -> None:
    await scheduler.tick(services, bot)
    await scheduler.wait_idle()


async def test_built_once_ahead_and_delivered_at_each_time(
    banten_on_loopback, services, bot, clock, fake_telegram, counted_narrate
) -> None:
    await subscribe(services, range(10, 16))
    await subscribe(services, [20, 21], time="07:00")
    scheduler = Scheduler(pacer=ChatPacer(0.05))
    briefings = BriefingRepo(services.db)

    await tick(scheduler, services, bot)  # 05:00 WIB: too early for anything
    assert await briefings.get("banten", FRIDAY) is None
    clock.set(utc(26, 22, 35))  # 05:35 WIB: build ahead, send nothing
    await tick(scheduler, services, bot)
    built = await briefings.get("banten", FRIDAY)
    assert built is not None and built.audio_path and not fake_telegram.calls_of("sendVoice")
    assert built.script.startswith(
        "Anda mendengarkan Suara Berita. Inilah ringkasan berita Banten hari Jumat, 27 November"
    )
    info = probe(built.audio_path)
    assert info["codec_name"] == "opus" and info["channels"] == 1 and info["duration_s"] > 20
    clock.set(utc(26, 22, 59))
    await tick(scheduler, services, bot)
    assert not fake_telegram.calls_of("sendVoice")

    clock.set(utc(26, 23, 0))  # 06:00 WIB
    await tick(scheduler, services, bot)
    assert sorted(c.chat_id for c in fake_telegram.calls_of("sendVoice")) == list(range(10, 16))
    assert len([c for c in fake_telegram.calls_of("sendVoice") if c.files]) == 1
    for chat in range(10, 16):
        [message] = fake_telegram.calls_of("sendMessage", chat_id=chat)
        assert "Ringkasan berita Banten" in message.text and "terlambat" not in message.text

    clock.set(utc(27, 0, 0))  # 07:00 WIB: the second group, by file_id, without a new build
    await tick(scheduler, services, bot)
    await tick(scheduler, services, bot)
    voices = fake_telegram.calls_of("sendVoice")
    assert sorted(c.chat_id for c in voices) == [*range(10, 16), 20, 21]
    assert len([c for c in voices if c.files]) == 1
    assert len(counted_narrate) == 1 and scheduler.builds == 1


async def test_each_subscriber_gets_it_at_their_own_zone_time(
    banten_on_loopback, services, bot, clock, fake_telegram
) -> None:
    await subscribe(services, [31], zone="Asia/Jayapura")
    await subscribe(services, [32], zone="Asia/Makassar")
    await subscribe(services, [33], zone="Asia/Jakarta")
    scheduler = Scheduler(pacer=ChatPacer(0.05))
    delivered = []
    for moment in (utc(26, 21), utc(26, 22), utc(26, 23)):
        clock.set(moment)
        await tick(scheduler, services, bot)
        delivered.append(sorted(c.chat_id for c in fake_telegram.calls_of("sendVoice")))
    assert delivered == [[31], [31, 32], [31, 32, 33]]


async def test_missed_while_down_is_sent_late_the_same_day_only(
    banten_on_loopback, services, bot, clock, fake_telegram
) -> None:
    await subscribe(services, [41, 42])
    clock.set(utc(27, 2, 30))  # 09:30 WIB: the bot was down at 06:00
    await tick(Scheduler(pacer=ChatPacer(0.05)), services, bot)
    for chat in (41, 42):
        assert len(fake_telegram.calls_of("sendVoice", chat_id=chat)) == 1
        [message] = fake_telegram.calls_of("sendMessage", chat_id=chat)
        assert message.text.startswith("Maaf, ringkasan ini terlambat. Seharusnya dikirim pukul "
                                       "06.00 WIB")  # fmt: skip
    fake_telegram.reset()
    clock.set(utc(27, 17, 30))  # 00:30 WIB Saturday: Friday's is not sent again, Saturday's not due
    await tick(Scheduler(pacer=ChatPacer(0.05)), services, bot)
    assert not fake_telegram.calls_of("sendVoice") and not fake_telegram.calls_of("sendMessage")


async def test_dead_feeds_give_a_short_note(
    banten_on_loopback, feed_server, services, bot, clock, fake_telegram, counted_narrate
) -> None:
    for path in ("/rss/antara-banten.xml", "/rss/tribun-banten.xml", "/rss/detik-banten.xml",
                 "/rss/kabar-banten.xml"):  # fmt: skip
        feed_server.add(path, "down", content_type="text/plain", status=503)
    await subscribe(services, [51])
    clock.set(utc(26, 23, 0))
    await tick(Scheduler(pacer=ChatPacer(0.05)), services, bot)
    assert not fake_telegram.calls_of("sendVoice") and not counted_narrate
    [note] = fake_telegram.calls_of("sendMessage", chat_id=51)
    assert "belum ada berita baru" in note.text and "Jumat, 27 November 2026" in note.text


async def test_a_day_built_empty_is_built_again_for_a_later_group(
    banten_on_loopback, feed_server, services, bot, clock, fake_telegram, counted_narrate
) -> None:
    """Feeds down at the 05:30 build: the 06:00 subscriber gets the note; they recover, and the
    18:00 subscriber hears the news (one rebuild at 17:30, none for the 06:00 group again)."""
    for path in FEEDS:
        feed_server.add(path, "down", content_type="text/plain", status=503)
    await subscribe(services, [81])
    await subscribe(services, [82], time="18:00")
    scheduler = Scheduler(pacer=ChatPacer(0.05))
    clock.set(utc(26, 23, 0))  # 06:00 WIB
    await tick(scheduler, services, bot)
    [note] = fake_telegram.calls_of("sendMessage", chat_id=81)
    assert "belum ada berita baru" in note.text and not counted_narrate
    for path, (name, _outlet) in FEEDS.items():
        feed_server.add(path, local_feed(name, feed_server.base),
                        content_type="application/rss+xml; charset=utf-8")  # fmt: skip
    clock.set(utc(27, 9, 0))  # 16:00 WIB: not yet the 18:00 group's build moment
    await tick(scheduler, services, bot)
    assert (await BriefingRepo(services.db).get("banten", FRIDAY)).empty
    clock.set(utc(27, 10, 30))  # 17:30 WIB: built again ahead of 18:00
    await tick(scheduler, services, bot)
    rebuilt = await BriefingRepo(services.db).get("banten", FRIDAY)
    assert rebuilt is not None and not rebuilt.empty and len(counted_narrate) == 1
    clock.set(utc(27, 11, 0))
    await tick(scheduler, services, bot)
    assert len(fake_telegram.calls_of("sendVoice", chat_id=82)) == 1
    assert not fake_telegram.calls_of("sendVoice", chat_id=81)
    clock.advance(minutes=1)
    await tick(scheduler, services, bot)
    assert len(counted_narrate) == 1 and len(fake_telegram.calls_of("sendVoice")) == 1


async def test_empty_day_can_be_skipped(
    banten_on_loopback, services, bot, clock, fake_telegram
) -> None:
    services.settings = replace(services.settings, briefing_empty="skip")
    await subscribe(services, [61])
    clock.set(utc(28, 23, 0))  # two days later: every fixture item is older than 24 hours
    await tick(Scheduler(pacer=ChatPacer(0.05)), services, bot)
    built = await BriefingRepo(services.db).get("banten", date(2026, 11, 29))
    assert built is not None and built.empty
    assert not fake_telegram.calls_of("sendMessage") and not fake_telegram.calls_of("sendVoice")


async def test_a_failing_build_never_crashes_the_job_and_is_retried(
    banten_on_loopback, services, bot, clock, fake_telegram, monkeypatch
) -> None:
    async def broken(*args, **kwargs):
        raise RuntimeError("synthesis exploded")

    real = build.render_briefing
    monkeypatch.setattr(build, "render_briefing", broken)
    await subscribe(services, [71])
    clock.set(utc(26, 23, 0))
    scheduler = Scheduler(pacer=ChatPacer(0.05))
    await tick(scheduler, services, bot)
    assert scheduler.failed_builds and not fake_telegram.calls_of("sendVoice")
    monkeypatch.setattr(build, "render_briefing", real)
    clock.advance(minutes=1)
    await tick(scheduler, services, bot)  # within the retry pause: still nothing
    assert not fake_telegram.calls_of("sendVoice")
    clock.advance(minutes=5)
    await tick(scheduler, services, bot)
    assert len(fake_telegram.calls_of("sendVoice", chat_id=71)) == 1


def test_empty_policy_is_checked() -> None:
    with pytest.raises(ValueError, match="SUARA_BRIEFING_EMPTY must be note or skip"):
        Settings.from_env({"SUARA_BRIEFING_EMPTY": "sometimes"})
    assert Settings.from_env({}).briefing_empty == "note"
    assert Settings.from_env({"SUARA_BRIEFING_EMPTY": " Skip "}).briefing_empty == "skip"


def test_build_lead_is_before_delivery() -> None:
    assert timedelta(0) < schedule.BUILD_LEAD <= timedelta(hours=1)


async def test_story_summary_comes_from_the_article_page(
    banten_on_loopback, feed_server, services, clock
) -> None:
    from pathlib import Path

    from bot.text.summarize import summarize

    seed = Path(__file__).parents[1] / "extract" / "fixtures" / "koran_jakarta_seed.html"
    article_path = (
        "/site/banten.antaranews.com/berita/100002/banjir-rendam-350-rumah-di-kabupaten-lebak"
    )
    feed_server.add_file(article_path, seed)
    article = pipeline.article_from_html(seed.read_text("utf-8"), feed_server.url(article_path))
    expected = " ".join(summarize(list(article.paragraphs), title=article.title,
                                  max_chars=300)[:2])  # fmt: skip
    clock.set(utc(26, 22, 35))
    banten = catalogue(str(banten_on_loopback)).get("banten")
    result = await schedule.build_briefing(banten, FRIDAY, services, engine="espeak")
    first = result.briefing.script.split("\n\n")[1]
    assert first.startswith("Berita pertama, dari Antara Banten")
    assert expected and expected in first
    assert "Banjir akibat hujan deras" not in first  # the feed description is not needed
