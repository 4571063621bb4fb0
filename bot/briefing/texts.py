"""Every word of the briefings, read or heard, in Indonesian and English, keyed by name.

Merged into the one catalogue, `bot.chat.texts.TEXTS`; read every message through
`bot.chat.texts.text`. The spoken script and the
text version of a briefing are always Indonesian (the news is); the rest follows the user.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # -- the spoken script (Indonesian only) ----------------------------------------------------
    "briefing_greeting": {
        "id": (
            "Anda mendengarkan Suara Berita. Inilah ringkasan berita {region} hari {weekday}, "
            "{date}."
        ),
    },
    "briefing_story": {
        "id": "Berita {ordinal}, dari {sources}: {title}",
    },
    "briefing_closing": {
        "id": (
            "Itulah ringkasan berita {region} hari ini. Judul dan tautan setiap berita ada di "
            "pesan teks bersama suara ini. Terima kasih telah mendengarkan Suara Berita."
        ),
    },
    "briefing_and": {"id": "dan"},
    # -- the text version (Indonesian, HTML) ------------------------------------------------------
    "briefing_text_title": {
        "id": "<b>Ringkasan berita {region}</b>\n{weekday}, {date}",
    },
    "briefing_text_sources": {"id": "Sumber: {sources}"},
    "briefing_caption": {
        "id": "Ringkasan berita {region}, {weekday}, {date}",
    },
    "briefing_empty": {
        "id": (
            "Ringkasan berita {region}, {weekday}, {date}: hari ini belum ada berita baru dari "
            "sumber kami, jadi tidak ada pesan suara. Sampai jumpa besok."
        ),
        "en": (
            "News briefing for {region}, {weekday}, {date}: there is no new news from our "
            "sources today, so there is no voice message. See you tomorrow."
        ),
    },
    "briefing_late": {
        "id": (
            "Maaf, ringkasan ini terlambat. Seharusnya dikirim pukul {time} {zone}, tetapi "
            "layanan kami sempat berhenti."
        ),
        "en": (
            "Sorry, this briefing is late. It was due at {time} {zone}, but our service was "
            "down for a while."
        ),
    },
    # -- commands ---------------------------------------------------------------------------------
    "regions_intro": {
        "id": (
            "Wilayah yang tersedia, per pulau. Tulis kodenya setelah /langganan, misalnya "
            "/langganan jabar 06:00."
        ),
        "en": (
            "Available regions, by island. Write the code after /subscribe, for example "
            "/subscribe jabar 06:00."
        ),
    },
    "regions_line": {"id": "{name}: kode {code}", "en": "{name}: code {code}"},
    "subscribe_usage": {
        "id": (
            "Cara berlangganan: /langganan KODE JAM, misalnya /langganan banten 06:00. "
            "Ketik /wilayah untuk daftar kode. Ketik /langganan saja untuk memilih dengan tombol."
        ),
        "en": (
            "To subscribe: /subscribe CODE TIME, for example /subscribe banten 06:00. "
            "Type /regions for the codes. Type /subscribe alone to choose with buttons."
        ),
    },
    "subscribe_unknown_region": {
        "id": "Wilayah \"{query}\" tidak dikenal. Ketik /wilayah untuk daftar kode.",
        "en": "I do not know the region \"{query}\". Type /regions for the list of codes.",
    },
    "subscribe_did_you_mean": {
        "id": "Wilayah \"{query}\" tidak dikenal. Maksud Anda {name} (kode {code})?",
        "en": "I do not know the region \"{query}\". Did you mean {name} (code {code})?",
    },
    "subscribe_bad_time": {
        "id": (
            "Jam \"{value}\" tidak bisa dibaca. Tulis jam dari 00:00 sampai 23:59, seperti "
            "06:00, 18.30, atau 7 pagi."
        ),
        "en": (
            "I cannot read the time \"{value}\". Write a time from 00:00 to 23:59, like 06:00, "
            "18:30 or 7 am."
        ),
    },
    "subscribe_limit": {
        "id": (
            "Anda sudah berlangganan {limit} wilayah, batas maksimal. Hentikan satu dulu dengan "
            "/berhenti KODE."
        ),
        "en": (
            "You already follow {limit} regions, the maximum. Stop one first with "
            "/unsubscribe CODE."
        ),
    },
    "subscribe_done": {
        "id": "Anda berlangganan ringkasan berita {region}. Setiap hari pukul {time} {zone}.",
        "en": "You are subscribed to the news briefing for {region}. Every day at {time} {zone}.",
    },
    "subscribe_choose_island": {
        "id": "Pilih pulau untuk ringkasan berita harian:",
        "en": "Choose an island for the daily news briefing:",
    },
    "subscribe_choose_region": {
        "id": "Pilih wilayah di {island}:",
        "en": "Choose a region in {island}:",
    },
    "subscribe_choose_time": {
        "id": "Pilih jam kirim untuk {region} (waktu {zone}):",
        "en": "Choose the delivery time for {region} ({zone} time):",
    },
    "subscribe_type_time": {
        "id": "Ketik jam kirim untuk {region}, misalnya 07:30 (waktu {zone}).",
        "en": "Type the delivery time for {region}, for example 07:30 ({zone} time).",
    },
    "subscribe_choose_time_typed": {
        "id": "Pilih jam kirim untuk {region} (waktu {zone}), atau ketik jam lain, misalnya 07:30.",
        "en": "Choose the delivery time for {region} ({zone} time), or type another, like 07:30.",
    },
    "subscribe_pick_one": {
        "id": "Pilih salah satu tombol di bawah, ketik namanya, atau ketik Batal.",
        "en": "Choose one of the buttons below, type its name, or type Cancel.",
    },
    "subscribe_cancelled": {
        "id": "Dibatalkan. Tidak ada langganan baru.",
        "en": "Cancelled. No new subscription.",
    },
    "button_back": {"id": "Kembali", "en": "Back"},
    "button_cancel": {"id": "Batal", "en": "Cancel"},
    "button_other_time": {"id": "Jam lain", "en": "Other time"},
    "button_time": {"id": "Pukul {time}", "en": "At {time}"},
    "button_expired": {
        "id": "Pilihan ini sudah tidak berlaku. Ketik /langganan untuk mulai lagi.",
        "en": "This choice has expired. Type /subscribe to start again.",
    },
    "my_subscriptions": {
        "id": "Langganan Anda:\n{lines}\n\nUntuk berhenti: /berhenti KODE, atau /berhenti saja.",
        "en": "Your subscriptions:\n{lines}\n\nTo stop: /unsubscribe CODE, or /unsubscribe alone.",
    },
    "my_subscription_line": {
        "id": "{region} (kode {code}): setiap hari pukul {time} {zone}",
        "en": "{region} (code {code}): every day at {time} {zone}",
    },
    "no_subscriptions": {
        "id": "Anda belum berlangganan ringkasan berita. Ketik /langganan untuk memulai.",
        "en": "You have no briefing subscriptions. Type /subscribe to start.",
    },
    "unsubscribed_one": {
        "id": "Langganan ringkasan berita {region} dihentikan.",
        "en": "Your briefing subscription for {region} has stopped.",
    },
    "unsubscribed_all": {
        "id": "Semua langganan ringkasan berita dihentikan ({count}).",
        "en": "All your briefing subscriptions have stopped ({count}).",
    },
    "unsubscribe_not_found": {
        "id": "Anda tidak berlangganan {region}. Ketik /langgananku untuk melihat langganan Anda.",
        "en": "You are not subscribed to {region}. Type /subscriptions to see yours.",
    },
    # -- chapters and the podcast (Indonesian) ----------------------------------------------------
    "briefing_chapter_opening": {"id": "Pembuka"},
    "briefing_chapter_closing": {"id": "Penutup"},
    "briefing_podcast_title": {"id": "Suara Berita – {region}"},
    "briefing_podcast_description": {
        "id": (
            "Ringkasan berita harian {region} dalam bahasa Indonesia, dibacakan oleh Suara Berita. "
            "Setiap episode berisi berita terpenting hari itu dari media daerah, dengan bab untuk "
            "setiap berita dan transkrip lengkap."
        ),
    },
    "subscribe_done_length": {
        "id": (
            "Anda berlangganan ringkasan berita {region}, versi {length} ({stories}). Setiap hari "
            "pukul {time} {zone}."
        ),
        "en": (
            "You are subscribed to the {length} news briefing for {region} ({stories}). Every "
            "day at {time} {zone}."
        ),
    },
    "length_stories": {
        "id": "{count} berita",
        "en": "{count} stories",
    },
    # -- listening: on demand, stories, buttons --------------------------------------------------
    "button_replay": {"id": "Putar lagi", "en": "Play again"},
    "button_unsubscribe": {"id": "Berhenti langganan", "en": "Unsubscribe"},
    "button_full_text": {"id": "Teks lengkap", "en": "Full text"},
    "button_story": {"id": "Cerita {number}", "en": "Cerita {number}"},
    "story_keyboard_hint": {
        "id": "Pilih cerita untuk didengar lagi",
        "en": "Choose a story to hear again",
    },
    "story_caption": {
        "id": "Cerita {number} dari {total}: {title}",
        "en": "Story {number} of {total}: {title}",
    },
    "stories_footer": {
        "id": (
            "Dengar satu cerita saja: /cerita NOMOR, atau tombol Cerita di bawah. Teks lengkap: "
            "/tekslengkap."
        ),
        "en": (
            "Hear one story again: /cerita NUMBER, or the Cerita buttons below. Full text: "
            "/fulltext."
        ),
    },
    "ondemand_which_region": {
        "id": (
            "Ringkasan wilayah mana? Tulis kodenya, misalnya /ringkasan banten. Ketik /wilayah "
            "untuk daftar kode."
        ),
        "en": (
            "Which region? Write its code, for example /briefing banten. Type /regions for the "
            "list of codes."
        ),
    },
    "ondemand_building": {
        "id": "Sedang menyiapkan ringkasan berita {region} hari ini. Mohon tunggu sebentar.",
        "en": "Preparing today's news briefing for {region}. Please wait a moment.",
    },
    "ondemand_failed": {
        "id": (
            "Maaf, ringkasan berita {region} belum bisa dibuat sekarang. Silakan coba lagi "
            "beberapa menit lagi."
        ),
        "en": (
            "Sorry, the news briefing for {region} cannot be made right now. Please try again "
            "in a few minutes."
        ),
    },
    "no_briefing_yet": {
        "id": "Anda belum menerima ringkasan berita. Ketik /ringkasan KODE untuk mendengarnya.",
        "en": "You have not received a briefing yet. Type /briefing CODE to hear one.",
    },
    "story_not_found": {
        "id": "Cerita nomor {number} tidak ada. Ringkasan ini berisi {total} cerita.",
        "en": "There is no story number {number}. This briefing has {total} stories.",
    },
    "audio_gone": {
        "id": (
            "Maaf, suara ringkasan itu sudah tidak tersimpan. Ketik /ringkasan untuk ringkasan "
            "hari ini."
        ),
        "en": "Sorry, that briefing's audio is no longer kept. Type /briefing for today's.",
    },
    "story_usage": {
        "id": "Tulis nomor ceritanya, misalnya /cerita 2.",
        "en": "Write the story number, for example /story 2.",
    },
}

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
ORDINALS = (
    "pertama", "kedua", "ketiga", "keempat", "kelima", "keenam", "ketujuh", "kedelapan",
    "kesembilan", "kesepuluh", "kesebelas", "kedua belas",
)  # fmt: skip

