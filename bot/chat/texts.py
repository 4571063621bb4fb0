"""Every word the user reads, in Indonesian and English, keyed by name. Words, not emoji."""

from __future__ import annotations

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
    "help": {
        "id": (
            "Cara memakai Suara Berita:\n"
            "Kirim tautan berita: saya balas dengan ringkasan dan pesan suara.\n"
            "/start: salam pembuka.\n"
            "/bantuan atau /help: daftar perintah ini."
        ),
        "en": (
            "How to use Suara Berita:\n"
            "Send a news link: I reply with a summary and a voice message.\n"
            "/start: welcome.\n"
            "/help: this list of commands."
        ),
    },
    "no_link": {
        "id": "Saya belum menemukan tautan. Kirim tautan berita yang diawali http atau https.",
        "en": "I could not find a link. Send a news link starting with http or https.",
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
        "id": "Maaf, suara tidak bisa dibuat saat ini. Coba lagi nanti.",
        "en": "Sorry, the audio could not be made right now. Try again later.",
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

LANGUAGES = ("id", "en")


def user_language(code: str | None) -> str:
    """The interface language for a Telegram language code: English for "en*", else Indonesian."""
    return "en" if code and code.lower().startswith("en") else "id"


def text(key: str, language: str = "id", **values: object) -> str:
    """The message `key` in `language` (Indonesian when missing), with `values` filled in."""
    entry = TEXTS.get(key) or TEXTS["error_generic"]
    template = entry.get(language) or entry["id"]
    return template.format(**values) if values else template
