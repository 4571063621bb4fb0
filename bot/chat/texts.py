"""Every word the user reads, in Indonesian and English, keyed by name. Words, not emoji."""

from __future__ import annotations

from bot.briefing.texts import TEXTS as BRIEFING_TEXTS

TEXTS: dict[str, dict[str, str]] = {
    "start": {
        "id": (
            "Selamat datang di Suara Berita. Kirim tautan berita, dan saya bacakan beritanya "
            "sebagai pesan suara, dengan ringkasan singkat.\n\nKetik /bantuan untuk daftar perintah."
        ),
        "en": (
            "Welcome to Suara Berita. Send a news link and I will read the article to you as a "
            "voice message, with a short summary.\n\nType /help for the list of commands."
        ),
    },
    "no_link": {
        "id": "Kirim tautan berita, atau tempel teks berita minimal 200 huruf. Ketik /bantuan untuk daftar perintah.",
        "en": "Send a news link, or paste an article's text of at least 200 characters. Type /help for the list of commands.",
    },
    "unknown_command": {
        "id": "Perintah itu tidak saya kenal. Ketik /bantuan untuk daftar perintah.",
        "en": "I do not know that command. Type /help for the list of commands.",
    },
    "already_reading": {
        "id": "Tautan ini sedang dibacakan. Suaranya segera dikirim, tidak perlu mengirim ulang.",
        "en": "This link is already being read. The audio is on its way, no need to send it again.",
    },
    "too_many_links": {
        "id": "Saya membaca 5 tautan pertama saja. Kirim sisanya nanti.",
        "en": "I read the first 5 links only. Send the rest later.",
    },
    "queue_full": {
        "id": "Anda sudah punya {n} bacaan yang sedang disiapkan. Tunggu sampai selesai, lalu kirim lagi.",
        "en": "You already have {n} readings being prepared. Please wait until they are done, then send again.",
    },
    "queue_position": {
        "id": "Banyak permintaan saat ini. Bacaan Anda di antrean nomor {n}.",
        "en": "Many requests right now. Your reading is number {n} in the queue.",
    },
    "rate_limited": {
        "id": "Anda sudah meminta {n} bacaan dalam satu jam terakhir. Coba lagi sebentar lagi.",
        "en": "You have asked for {n} readings in the last hour. Please try again a little later.",
    },
    "pasted_title": {
        "id": "Teks yang Anda kirim",
        "en": "The text you sent",
    },
    "stage_fetch": {
        "id": "Sedang membaca tautan. Mohon tunggu sebentar.",
        "en": "Reading the link. Please wait a moment.",
    },
    "stage_summary_voice": {
        "id": "Sedang membuat suara ringkasan: {title}",
        "en": "Making the summary audio: {title}",
    },
    "stage_full_voice": {
        "id": "Sedang membuat suara artikel: {title}. {percent} persen.",
        "en": "Making the article audio: {title}. {percent} percent.",
    },
    "part_label": {
        "id": "Bagian {n} dari {total}.",
        "en": "Part {n} of {total}.",
    },
    "caption_summary": {
        "id": "Ringkasan: {title}",
        "en": "Summary: {title}",
    },
    "caption_part": {
        "id": "{title}. Bagian {n} dari {total}",
        "en": "{title}. Part {n} of {total}",
    },
    "settings": {
        "id": "Pengaturan Anda:\nMode baca: {mode}.\nFormat audio: {format}.\nBahasa: {language}.\nKecepatan: {speed}.\n\nPilih tombol untuk mengubah, atau ketik /mode, /format, /bahasa, /kecepatan.",
        "en": "Your settings:\nReading mode: {mode}.\nAudio format: {format}.\nLanguage: {language}.\nSpeed: {speed}.\n\nChoose a button to change, or type /mode, /format, /language, /speed.",
    },
    "mode_usage": {
        "id": "Mode baca sekarang: {mode}. Untuk mengubah, ketik /mode ringkas, /mode lengkap, atau /mode keduanya.",
        "en": "Reading mode now: {mode}. To change it, type /mode summary, /mode full or /mode both.",
    },
    "format_usage": {
        "id": "Format audio sekarang: {format}. Untuk mengubah, ketik /format suara atau /format mp3.",
        "en": "Audio format now: {format}. To change it, type /format voice or /format mp3.",
    },
    "language_usage": {
        "id": "Bahasa sekarang: {language}. Untuk mengubah, ketik /bahasa id atau /bahasa en.",
        "en": "Language now: {language}. To change it, type /language id or /language en.",
    },
    "speed_usage": {
        "id": "Kecepatan suara sekarang: {speed}. Pilih 0,8 (lebih lambat), 1 (biasa), 1,25 atau 1,5 (lebih cepat), misalnya /kecepatan 1,25, atau pilih tombol di bawah.",
        "en": "Speech speed now: {speed}. Choose 0.8 (slower), 1 (normal), 1.25 or 1.5 (faster), for example /speed 1.25, or choose a button below.",
    },
    "speed_saved": {
        "id": "Tersimpan. Kecepatan suara: {speed}.",
        "en": "Saved. Speech speed: {speed}.",
    },
    "speed_value": {"id": "{speed} kali", "en": "{speed} times"},
    "full_text_none": {
        "id": "Belum ada bacaan yang teksnya tersimpan. Kirim tautan berita dulu.",
        "en": "There is no reading with stored text yet. Send a news link first.",
    },
    "button_full_text": {"id": "Teks lengkap", "en": "Full text"},
    "settings_saved": {
        "id": "Tersimpan. Mode baca: {mode}. Format audio: {format}. Bahasa: {language}. Kecepatan: {speed}.",
        "en": "Saved. Reading mode: {mode}. Audio format: {format}. Language: {language}. Speed: {speed}.",
    },
    "mode_default": {
        "id": "ringkasan lalu artikel lengkap",
        "en": "summary, then the full article",
    },
    "mode_full": {"id": "artikel lengkap saja", "en": "full article only"},
    "mode_summary": {"id": "ringkasan saja", "en": "summary only"},
    "format_voice": {"id": "pesan suara", "en": "voice message"},
    "format_mp3": {"id": "berkas MP3", "en": "MP3 file"},
    "language_id": {"id": "Indonesia", "en": "Indonesian"},
    "language_en": {"id": "Inggris", "en": "English"},
    "button_mode": {"id": "Mode baca: {mode}", "en": "Reading mode: {mode}"},
    "button_format": {"id": "Format audio: {format}", "en": "Audio format: {format}"},
    "button_language": {"id": "Bahasa: {language}", "en": "Language: {language}"},
    "button_speed": {"id": "Kecepatan: {speed}", "en": "Speed: {speed}"},
    "history_empty": {
        "id": "Belum ada riwayat bacaan. Kirim tautan berita untuk mulai.",
        "en": "No readings yet. Send a news link to start.",
    },
    "history": {
        "id": "Bacaan terakhir Anda. Pilih salah satu untuk diputar lagi, atau ketik /riwayat dan nomornya, misalnya /riwayat 1:\n{items}",
        "en": "Your last readings. Choose one to play again, or type /history and its number, for example /history 1:\n{items}",
    },
    "history_no_such": {
        "id": "Tidak ada bacaan dengan nomor itu. Ketik /riwayat dan nomor 1 sampai {n}.",
        "en": "There is no reading with that number. Type /history and a number from 1 to {n}.",
    },
    "button_replay": {"id": "Putar lagi {n}: {title}", "en": "Play again {n}: {title}"},
    "delete_confirm": {
        "id": "Hapus semua data Anda: pengaturan, riwayat, dan langganan? Ini tidak bisa dibatalkan. Pilih tombol, atau ketik /hapusdata ya.",
        "en": "Delete all your data: settings, history and subscriptions? This cannot be undone. Choose a button, or type /deletedata yes.",
    },
    "button_delete_yes": {"id": "Ya, hapus semua data saya", "en": "Yes, delete all my data"},
    "button_delete_no": {"id": "Batal", "en": "Cancel"},
    "deleted": {
        "id": "Semua data Anda sudah dihapus. Kirim /start kapan saja untuk mulai lagi.",
        "en": "All your data has been deleted. Send /start any time to begin again.",
    },
    "delete_cancelled": {
        "id": "Dibatalkan. Data Anda tidak diubah.",
        "en": "Cancelled. Your data was not changed.",
    },
    "upload_uncertain": {
        "id": "Koneksi ke Telegram terputus saat mengirim suara. Jika suaranya belum masuk, kirim tautannya lagi.",
        "en": "The connection to Telegram broke while sending the audio. If it has not arrived, send the link again.",
    },
    "article_cut": {
        "id": "Tulisan ini sangat panjang. Saya bacakan {words} kata pertama saja.",
        "en": "This text is very long. I will read the first {words} words only.",
    },
    "admin_only": {
        "id": "Perintah ini khusus untuk pengelola bot.",
        "en": "This command is for the bot's operators only.",
    },
    "stats": {
        "id": "Statistik Suara Berita:\nPengguna: {users}\nArtikel tersimpan: {articles}\nBerkas suara di Telegram: {audio}\nLangganan aktif: {subscriptions}\nBacaan berjalan: {in_flight}\nMenunggu giliran: {waiting}\nFolder cache: {cache_mb} MB",
        "en": "Suara Berita statistics:\nUsers: {users}\nArticles stored: {articles}\nAudio files on Telegram: {audio}\nActive subscriptions: {subscriptions}\nReadings running: {in_flight}\nWaiting for a slot: {waiting}\nCache folder: {cache_mb} MB",
    },
    "interrupted": {
        "id": "Maaf, bacaan Anda terputus karena bot dimulai ulang: {link}\nSilakan kirim lagi.",
        "en": "Sorry, your reading was interrupted because the bot restarted: {link}\nPlease send it again.",
    },
    "expired_button": {
        "id": "Tombol ini sudah tidak berlaku. Kirim perintahnya lagi.",
        "en": "This button is no longer valid. Send the command again.",
    },
    "working": {
        "id": "Sedang menyiapkan: {title}",
        "en": "Preparing: {title}",
    },
    "working_link": {
        "id": "Sedang membaca tautan. Mohon tunggu sebentar.",
        "en": "Reading the link. Please wait a moment.",
    },
    "progress": {
        "id": "Sedang membuat suara: {title}. {percent} persen.",
        "en": "Making the audio: {title}. {percent} percent.",
    },
    "summary": {
        "id": "{title}\nSumber: {site}\nDurasi: {minutes}\n\nRingkasan:\n{summary}",
        "en": "{title}\nSource: {site}\nLength: {minutes}\n\nSummary:\n{summary}",
    },
    "minutes": {
        "id": "sekitar {n} menit",
        "en": "about {n} minutes",
    },
    "under_minute": {
        "id": "kurang dari satu menit",
        "en": "less than a minute",
    },
    "fallback_voice": {
        "id": "Layanan suara utama sedang sibuk, jadi berita ini dibacakan dengan suara cadangan.",
        "en": "The main voice service is busy, so this article is read with the backup voice.",
    },
    "error_generic": {
        "id": "Maaf, terjadi kesalahan. Silakan coba lagi sebentar lagi.",
        "en": "Sorry, something went wrong. Please try again in a moment.",
    },
    "error_fetch": {
        "id": "Maaf, halaman itu tidak bisa dibuka. Periksa tautannya, lalu coba lagi.",
        "en": "Sorry, that page could not be opened. Check the link and try again.",
    },
    "error_unknown_host": {
        "id": "Maaf, situs itu tidak ditemukan. Periksa alamat situsnya, lalu kirim lagi.",
        "en": "Sorry, that site could not be found. Check the site's address and send it again.",
    },
    "error_upload": {
        "id": "Maaf, pesan suara {what} gagal dikirim ke Telegram. Kirim tautannya lagi beberapa menit lagi.",
        "en": "Sorry, the audio {what} could not be sent to Telegram. Send the link again in a few minutes.",
    },
    "error_upload_too_large": {
        "id": "Maaf, berkas suara {what} terlalu besar untuk Telegram. Coba /mode ringkas untuk ringkasannya saja.",
        "en": "Sorry, the audio file {what} is too large for Telegram. Try /mode summary for the summary only.",
    },
    "error_invalid_link": {
        "id": "Maaf, tautan itu tidak bisa dibaca. Kirim tautan lengkap yang diawali http atau https.",
        "en": "Sorry, that link cannot be read. Send a full link starting with http or https.",
    },
    "error_blocked_address": {
        "id": "Maaf, alamat itu tidak diizinkan. Saya hanya membaca situs berita publik.",
        "en": "Sorry, that address is not allowed. I only read public news sites.",
    },
    "error_too_large": {
        "id": "Maaf, halaman itu terlalu besar untuk dibaca.",
        "en": "Sorry, that page is too large to read.",
    },
    "error_not_html": {
        "id": "Maaf, tautan itu bukan halaman berita (misalnya PDF atau gambar).",
        "en": "Sorry, that link is not a news page (for example a PDF or an image).",
    },
    "error_http_status": {
        "id": "Maaf, situs itu menolak permintaan atau halamannya tidak ada. Periksa tautannya.",
        "en": "Sorry, the site refused the request or the page does not exist. Check the link.",
    },
    "error_timeout": {
        "id": "Maaf, situs itu terlalu lama menjawab. Coba lagi nanti.",
        "en": "Sorry, the site took too long to answer. Try again later.",
    },
    "error_no_article": {
        "id": "Maaf, saya tidak menemukan artikel di halaman itu. Kirim tautan satu berita.",
        "en": "Sorry, I found no article on that page. Send a link to a single news story.",
    },
    "error_gallery": {
        "id": "Maaf, halaman itu berisi foto atau video, bukan tulisan yang bisa dibacakan.",
        "en": "Sorry, that page holds photos or video, not text I can read aloud.",
    },
    "error_too_short": {
        "id": "Maaf, tulisannya terlalu pendek untuk dibacakan.",
        "en": "Sorry, the text is too short to read aloud.",
    },
    "error_speech": {
        "id": "Maaf, layanan suara tidak bisa membuat suaranya saat ini. Coba lagi nanti.",
        "en": "Sorry, the voice service could not make the audio right now. Try again later.",
    },
    "error_paywall": {
        "id": "Maaf, artikel itu hanya untuk pelanggan atau perlu masuk akun, jadi tidak bisa dibacakan.",
        "en": "Sorry, that article is for subscribers only or needs a login, so I cannot read it.",
    },
    "error_cache": {
        "id": "Maaf, penyimpanan suara sedang bermasalah, jadi suaranya belum bisa dibuat. Ringkasan teks tetap terkirim. Coba lagi nanti.",
        "en": "Sorry, audio storage has a problem, so the audio cannot be made now. The text summary was still sent. Please try again later.",
    },
    "error_speech_busy": {
        "id": "Maaf, layanan suara sedang sibuk. Coba lagi beberapa menit lagi.",
        "en": "Sorry, the voice service is busy. Try again in a few minutes.",
    },
    "error_audio": {
        "id": "Maaf, berkas suara tidak bisa dibuat. Coba lagi nanti.",
        "en": "Sorry, the audio file could not be made. Try again later.",
    },
}

TEXTS.update(BRIEFING_TEXTS)  # one catalogue: the briefing words live beside their module

LANGUAGES = ("id", "en")
DESCRIPTION = {
    "id": (
        "Suara Berita membacakan berita Indonesia untuk Anda. Kirim tautan berita, dan Anda akan "
        "menerima pesan suara serta ringkasan singkat. Anda juga bisa berlangganan ringkasan "
        "berita harian wilayah Anda."
    ),
    "en": (
        "Suara Berita reads Indonesian news aloud. Send a news link and get a voice message and "
        "a short summary. You can also subscribe to a daily news briefing for your region."
    ),
}
SHORT_DESCRIPTION = {
    "id": "Kirim tautan berita, dengarkan beritanya sebagai pesan suara.",
    "en": "Send a news link, listen to the article as a voice message.",
}


def user_language(code: str | None) -> str:
    """The interface language for a Telegram language code: English for "en*", else Indonesian."""
    return "en" if code and code.lower().startswith("en") else "id"


def text(key: str, lang: str = "id", /, **values: object) -> str:
    """The message `key` in language `lang` (Indonesian when missing), with `values` filled in.

    An unknown key raises KeyError: a missing message is a bug for the tests to find, and the
    error handler still answers the user politely.
    """
    entry = TEXTS[key]
    template = entry.get(lang) or entry["id"]
    return template.format(**values) if values else template
