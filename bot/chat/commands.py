"""The command table, one per language: the Telegram menu and /bantuan (/help) are built from it,
so the two can never disagree. Add a row to offer a new command (its handler is registered
elsewhere under the same name)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    """One row: the command as typed in this language, its menu label and its /help line."""

    name: str
    menu: str
    """Short label in Telegram's command menu (at most 256 characters)."""
    help: str
    """One line of /bantuan or /help (what to type and what it does)."""


COMMANDS: dict[str, list[Command]] = {
    "id": [
        Command("start", "Salam pembuka dan cara memakai", "salam pembuka."),
        Command("bantuan", "Daftar perintah", "daftar perintah ini."),
        Command("pengaturan", "Mode baca, format audio, bahasa",
                "mode baca, format audio, bahasa, dan kecepatan."),
        Command("mode", "Mode baca: ringkas, lengkap, keduanya",
                "mode baca, misalnya /mode ringkas, /mode lengkap, atau /mode keduanya."),
        Command("format", "Format audio: suara atau mp3",
                "format audio, /format suara (pesan suara) atau /format mp3."),
        Command("bahasa", "Bahasa tampilan: id atau en",
                "bahasa tampilan, /bahasa id atau /bahasa en."),
        Command("kecepatan", "Kecepatan suara",
                "kecepatan suara, misalnya /kecepatan 1,25 (pilihan 0,8, 1, 1,25, 1,5)."),
        Command("suara", "Pilih suara pembaca",
                "suara pembaca: /suara gadis, /suara ardi, atau /suara google."),
        Command("teks", "Teks lengkap bacaan terakhir",
                "teks lengkap bacaan terakhir, untuk dibaca atau braille."),
        Command("riwayat", "Sepuluh bacaan terakhir",
                "10 bacaan terakhir; /riwayat 1 memutar bacaan nomor 1 lagi."),
        Command("wilayah", "Daftar wilayah ringkasan berita",
                "daftar wilayah untuk berita harian."),
        Command("langganan", "Langganan ringkasan berita harian",
                "berlangganan berita harian, misalnya /langganan banten 06:00."),
        Command("langgananku", "Langganan saya", "langganan Anda."),
        Command("berhenti", "Hentikan langganan", "berhenti berlangganan."),
        Command("ringkasan", "Dengar ringkasan berita hari ini sekarang",
                "ringkasan berita hari ini sekarang, misalnya /ringkasan banten pendek."),
        Command("cerita", "Dengar satu cerita dari ringkasan",
                "satu cerita dari ringkasan terakhir, misalnya /cerita 2."),
        Command("putarlagi", "Putar lagi ringkasan terakhir", "putar lagi ringkasan terakhir."),
        Command("tekslengkap", "Teks lengkap ringkasan terakhir",
                "teks lengkap ringkasan terakhir."),
        Command("hapusdata", "Hapus semua data Anda",
                "hapus semua data Anda, setelah konfirmasi (/hapusdata ya)."),
    ],
    "en": [
        Command("start", "Welcome and how to use", "welcome."),
        Command("help", "List of commands", "this list of commands."),
        Command("settings", "Reading mode, audio format, language",
                "reading mode, audio format, language and speed."),
        Command("mode", "Reading mode: summary, full, both",
                "reading mode, for example /mode summary, /mode full or /mode both."),
        Command("format", "Audio format: voice or mp3",
                "audio format, /format voice (voice message) or /format mp3."),
        Command("language", "Interface language: id or en",
                "interface language, /language id or /language en."),
        Command("speed", "Speech speed", "speech speed, for example /speed 1.25 "
                "(choices 0.8, 1, 1.25, 1.5)."),
        Command("voice", "Choose the reading voice",
                "reading voice: /voice gadis, /voice ardi or /voice google."),
        Command("text", "Full text of the last reading",
                "full text of your last reading, to read or for braille."),
        Command("history", "Your last ten readings",
                "your last 10 readings; /history 1 plays reading 1 again."),
        Command("regions", "Regions with daily briefings", "regions for the daily briefing."),
        Command("subscribe", "Subscribe to a daily briefing",
                "subscribe to a daily briefing, for example /subscribe banten 06:00."),
        Command("subscriptions", "My subscriptions", "your subscriptions."),
        Command("unsubscribe", "Stop a subscription", "stop a subscription."),
        Command("briefing", "Hear today's news briefing now",
                "today's briefing now, for example /briefing banten pendek (3 stories)."),
        Command("story", "Hear one story of the briefing",
                "one story of the last briefing, for example /story 2."),
        Command("replay", "Play the last briefing again", "play the last briefing again."),
        Command("fulltext", "Full text of the last briefing", "full text of the last briefing."),
        Command("deletedata", "Delete all your data",
                "delete all your data, after a confirmation (/deletedata yes)."),
    ],
}  # fmt: skip

HELP_INTRO = {
    "id": (
        "Cara memakai Suara Berita:\n"
        "Kirim tautan berita (sampai 5 sekaligus), atau tempel teks berita: saya balas dengan "
        "ringkasan dan pesan suara."
    ),
    "en": (
        "How to use Suara Berita:\n"
        "Send news links (up to 5 at once), or paste an article's text: I reply with a summary "
        "and a voice message."
    ),
}


def menu(language: str) -> list[tuple[str, str]]:
    """(command, label) pairs for `set_my_commands` in `language`."""
    return [(c.name, c.menu) for c in COMMANDS[language]]


def help_text(language: str) -> str:
    """/bantuan or /help: the introduction, then one line per command of the same table."""
    lines = [HELP_INTRO[language]]
    lines += [f"/{c.name}: {c.help}" for c in COMMANDS[language]]
    return "\n".join(lines)


def all_names() -> set[str]:
    """Every command name of every language (for telling a typo from a known command)."""
    return {c.name for rows in COMMANDS.values() for c in rows}
