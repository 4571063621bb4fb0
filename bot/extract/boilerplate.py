"""Lines and fragments never spoken: "Baca juga", ads markers, bylines, credits, promos (pure text).

The patterns are data (tuples of regular expressions) so a new portal habit is one line here.
Whole-line patterns are anchored at the start of a paragraph and most need a label followed by
a colon or a short line, so ordinary sentences that merely contain "editor" or "sumber" stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.extract.blocks import LINK_END, LINK_START

_I = re.IGNORECASE

# A short line is a label, a credit or a control, not prose.
SHORT_LINE_WORDS = 12

# --- whole paragraphs to drop -------------------------------------------------------------

_CREDIT_LABELS = (
    r"penulis|editor|editing|reporter|pewarta|redaktur|redaksi|penyunting|kontributor|sumber|"
    r"foto|fotografer|videografer|video|ilustrasi|infografis|grafis|desain|laporan|wartawan|"
    r"produser|narator|narasi|naskah|teks|penerjemah|alih bahasa|penyelaras|koordinator liputan|"
    r"tim redaksi|dilaporkan oleh|ditulis oleh|diedit oleh|disunting oleh|"
    r"writer|written by|author|edited by|reporting by|editing by|photo|photos|image|images|"
    r"credit|credits|source|caption|copy ?editor"
)

ANY_LENGTH = 0

_SHARE_NAMES = (
    r"facebook|fb|twitter|x|whatsapp|wa|line|telegram|email|e-mail|linkedin|pinterest|"
    r"salin link|salin tautan|copy link|copy url|salin|copy|print|cetak|google\+?|messenger|"
    r"threads|tiktok|instagram|reddit|tumblr|bagikan|share|tweet"
)

# (pattern, longest matching line in words; ANY_LENGTH = no limit). The limit keeps prose that
# happens to start like a label: "Berita lain menyebutkan …" is a sentence, "Berita Lainnya" a
# heading.
DROP_LINE_RULES: tuple[tuple[str, int], ...] = (
    # "Baca juga: …", "Lihat Juga", "Simak juga video …", "Cek berita lainnya di …"
    (r"^(baca|lihat|simak|cek|tonton|saksikan|klik|dengarkan)\s+(juga|pula|lagi)\b", 40),
    (
        r"^(baca|lihat|simak|cek)\s+(berita|artikel|informasi|update|info)\s+"
        r"(lain|lainnya|terkait|menarik|terbaru|selengkapnya|lengkap)",
        40,
    ),
    (r"^(baca|lihat|simak|klik)\s+(selengkapnya|lengkapnya|di sini|disini)\b", 30),
    (r"^(simak|tonton|saksikan|lihat)\s+(video|videonya|breaking news|berita pilihan)\b", 40),
    # "Cek Video di Bawah Ini", "Tonton videonya berikut ini:"
    (
        r"^(cek|simak|tonton|saksikan|lihat|klik)\s+(juga\s+)?(video|videonya|foto|fotonya)\b.{0,40}"
        r"\b(di bawah ini|berikut( ini)?|di bawah)\s*[:.!]*$",
        ANY_LENGTH,
    ),
    # "TOPIK TERKAIT Banjir Jakarta Anies": a heading with a list of topics, no sentence
    (r"^(topik|tag|tagar|kata kunci|berita|artikel)\s+(terkait|populer|pilihan)\b[^.!?]*$", 25),
    # breadcrumbs: "Home > Berita > Nasional", "Beranda / Nasional"
    (r"^(home|beranda|index|indeks|depan)\s*[>›»/|]", 15),
    # any trail of three or more short labels: "Mensagens » Autoestima » Só quem se Ama…"
    (r"^[^.!?»›]{1,40}(\s[»›]\s[^.!?»›]{1,80}){2,}$", 20),
    (
        r"^(artikel|berita|topik|video|foto|konten|link|tautan)\s+(terkait|pilihan|lainnya|lain|"
        r"populer|terpopuler|rekomendasi|menarik|selanjutnya|sebelumnya)\b",
        6,
    ),
    (
        r"^(artikel|berita|topik|video|foto|konten|link|tautan)\s+(terkait|pilihan|lainnya|"
        r"populer|terpopuler|rekomendasi|menarik)\s*:",
        40,
    ),
    (
        r"^(rekomendasi|pilihan|populer|terpopuler|terkini|terbaru|trending|jangan lewatkan|"
        r"headlines?|berita utama|"
        r"pilihan (redaksi|editor|untukmu)|read also|read more|related|see also|also read|"
        r"more from|recommended)\b",
        6,
    ),
    # "Anda mungkin juga suka", "You may also like", "Você pode gostar..."
    (r"^((anda|kamu) (mungkin )?(juga )?(suka|menyukai)|you (may|might) (also )?like)\b", 6),
    (r"^(jangan lewatkan|read also|see also|also read|related|read more)\s*:", 40),
    # "Simak Lifestyle Populer Lainnya", "Baca Berita Menarik Lainnya" headings
    (
        r"^(baca|simak|lihat|cek|tonton|klik)\b.*\b(lainnya|selengkapnya|terkait|terpopuler|populer|"
        r"menarik|terbaru|terkini)\s*[:!.]*$",
        8,
    ),
    # advertising and scroll prompts
    (
        r"^(advertisement|advertising|iklan|ads|sponsored|sponsored content|konten (bersponsor|"
        r"sponsor)|promoted|paid content|adv|advertorial)\s*[:.]?$",
        ANY_LENGTH,
    ),
    (r"^scroll (to|untuk|down)\b", 12),
    (r"^(gulir|geser) (ke bawah|untuk)\b", 12),
    (r"^(lanjutkan membaca|continue reading|lanjut baca|lanjut membaca)\b", 8),
    (r"^\[gambas:", ANY_LENGTH),
    (r"^video pilihan\b", 20),
    # follow / subscribe / download promos
    (
        r"^(dapatkan|temukan|nikmati|baca) (update|berita|info|informasi|artikel)\b.*"
        r"(google news|whatsapp|telegram|aplikasi|channel|saluran|ponsel|notifikasi)",
        45,
    ),
    (
        r"^(ikuti|follow|gabung|gabunglah|bergabung|join|subscribe|langganan|berlangganan|"
        r"download|unduh|install|pasang|aktifkan)\b.{0,80}(google news|whatsapp|telegram|"
        r"instagram|twitter|facebook|youtube|tiktok|channel|saluran|aplikasi|app\b|newsletter|"
        r"notifikasi|media sosial|sosial media|medsos|grup|ponsel)",
        40,
    ),
    (r"^(ikuti|follow) (kami|us|berita|akun|perkembangan|terus|update|informasi)\b", 25),
    (r"^simak breaking news\b", 40),
    (r"^(sign up|subscribe|get)\b.{0,80}\b(newsletters?|inbox|updates|alerts)\b", 30),
    (
        r"\b(may|can) be reached at\b|\b(e-?mail|hubungi) (him|her|them|us|kami|redaksi) (at|di)\b",
        40,
    ),
    (r"^(klik|click) (di ?sini|here|tautan|link)\b", 30),
    (r"^(kunjungi|visit)\b.{0,40}(\.com|\.co\.id|\.id)\b", 25),
    # publication notes
    (
        r"^(artikel|berita|tulisan|konten) ini (telah|sudah|pernah|juga|sebelumnya)?\s*"
        r"(tayang|terbit|naik|dimuat|diterbitkan|ditayangkan|dipublikasikan|tersedia)\b",
        60,
    ),
    (r"^(this (article|story) (was|first|originally)|originally published)\b", 40),
    # credits and bylines: "Editor: …", "| Redaktur | : | …", "Foto : Pemkot Tangerang"
    (rf"^[(\[]*({_CREDIT_LABELS})\s*[|)\]]*\s*[:|]", ANY_LENGTH),
    (rf"^({_CREDIT_LABELS})\s*[:|]?$", 3),
    (r"^:\s*\S", 8),
    (r"©", 30),
    (r"^(laporan|liputan) (wartawan|reporter|kontributor|koresponden|jurnalis|tim)\b", 15),
    (r"^(oleh|by)\s*:", 15),
    (r"^(oleh|by)\s+\w+", 5),
    (r"^(copyright|hak cipta|©|\(c\) ?\d|all rights reserved)", 40),
    (r"\b(all rights reserved|hak cipta dilindungi)\b", 30),
    # page navigation
    (r"^(halaman|hal\.?|page)\s*\d+(\s*(dari|of|/)\s*\d+)?\s*$", ANY_LENGTH),
    (r"^(halaman|page)\s+(selanjutnya|berikutnya|sebelumnya|next|previous)\b", 8),
    (
        r"^(selanjutnya|sebelumnya|berikutnya|next|next page|previous|prev|lihat semua|"
        r"tampilkan semua|show all|load more|muat lebih banyak|lihat selengkapnya|"
        r"baca selengkapnya|lanjut ke halaman berikutnya|kembali ke atas|back to top|top)"
        r"\s*[»›>:]*\s*$",
        ANY_LENGTH,
    ),
    # a row of page numbers ("1 2 3 »") or lone arrows; a single figure may be a table cell
    (r"^[«‹<]?\s*(\d{1,2}\s+)+\d{1,2}\s*[»›>]?$", ANY_LENGTH),
    (r"^[«»‹›<>|…\s-]+$", ANY_LENGTH),
    # comments, sharing, tags
    (
        r"^(\d+\s+)?(komentar|comments?|shares?|bagikan|share|salin link|salin tautan|copy link|"
        r"tautan disalin|link copied|tulis komentar|kirim komentar|beri komentar|"
        r"lihat komentar|leave a comment|post a comment|reply|balas)\s*[:(\d)]*\s*$",
        ANY_LENGTH,
    ),
    (
        r"^(tag|tags|tagar|topik|topic|topics|kata kunci|keywords?|label|kategori|"
        r"filed under|tagged)\s*:",
        ANY_LENGTH,
    ),
    (r"^(bagikan|share)\s+(artikel|berita|ini|this|on|ke|via)\b", 12),
    # share rows: "Bagikan: Facebook Twitter WhatsApp Salin Link", "Share: f X in"
    (
        rf"^((bagikan|share|sebarkan|share this)\s*:?\s*)?({_SHARE_NAMES})(\s*[,|/]?\s*"
        rf"({_SHARE_NAMES}))+\s*$",
        ANY_LENGTH,
    ),
    (rf"^(bagikan|share|sebarkan)\s*:\s*({_SHARE_NAMES})?\s*$", ANY_LENGTH),
    # embedded posts: "… pic.twitter.com/AbC123", "https://t.co/x", "A post shared by …"
    (r"^(pic\.twitter\.com/\w+|https?://t\.co/\w+)\S*$", ANY_LENGTH),
    (
        r"^(a post shared by|sebuah kiriman dibagikan oleh|lihat postingan ini di instagram|"
        r"view this post on instagram)\b",
        30,
    ),
    (
        r"^(tweet|share|bagikan|like|suka|whatsapp|facebook|twitter|line|telegram|email|e-mail|"
        r"print|cetak|salin|copy|pinterest|linkedin|google\+?)$",
        1,
    ),
    (r"^(loading|memuat|sedang memuat)\b", 4),
    # controls and widgets
    (
        r"^(dengarkan artikel|tampilkan ringkasan|ringkasan (artikel|berita)|perbesar|"
        r"pengaturan font|ukuran (font|huruf)|ubah ukuran|text size|font size|"
        r"putar audio|play audio|listen to (this )?article)",
        12,
    ),
    (r"^(a\s+){1,3}a?\s*(pengaturan font)?\s*$", ANY_LENGTH),
    # cookie notices
    (
        r"\b(kami menggunakan|situs ini menggunakan|website ini menggunakan|we use|this "
        r"(site|website) uses)\s+(cookie|kuki)",
        60,
    ),
)

DROP_LINE_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, _I), max_words) for pattern, max_words in DROP_LINE_RULES
)

# Date-only lines ("Selasa, 23/02/2016 15:32 WIB", "Diperbarui 17 Okt 2023, 10:00 WIB").
_DAY = (
    r"(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)"
)
DATE_LINE = re.compile(
    rf"^((diperbarui|dipublikasikan|diterbitkan|terbit|tayang|update|updated|published|posted)"
    rf"\s*:?\s*)?({_DAY},?\s*)?\d{{1,4}}[\s/.-]+(\w+\.?)[\s/.-]+\d{{2,4}}"
    rf"([,|\s-]*(pukul\s*)?\d{{1,2}}[:.]\d{{2}}(:\d{{2}})?)?\s*(wib|wita|wit|gmt[+\d]*|utc)?\s*$",
    _I,
)

# Reporter initials closing a story: "(fyk/ash)", "(kpl/pur/tch)", "(Cas/Isk)", "(Ant)".
# Also desk codes: "(H-4)", "(Z-2)", "(RO/OL-09)", "(*)", "(dtc/mdk)".
_CODE = r"(?:[a-z]{2,5}|[A-Z][a-z]{1,4}|[A-Z]{1,3}-\d{1,3}|[A-Z]{2,3}|\*)"
_INITIALS = rf"\({_CODE}(?:\s*/\s*{_CODE})*\)"
INITIALS_LINE = re.compile(rf"^\s*{_INITIALS}\s*$")
INITIALS_TAIL = re.compile(rf"(?<=[.!?\"”’'])\s*{_INITIALS}\s*$")

# --- fragments removed inside a paragraph ---------------------------------------------------

INLINE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "(Baca juga: …)" / "[Baca Juga: …]"
    re.compile(r"[(\[]\s*(baca|lihat|simak)\s+(juga|pula)\b[^)\]]*[)\]]", _I),
    re.compile(r"\[gambas:[^\]]*\]", _I),
    # detik puts these markers inside the body text
    re.compile(r"\b(ADVERTISEMENT|SCROLL TO (CONTINUE|RESUME) (WITH )?CONTENT)\b"),
)
# An embedded tweet keeps its words (the ScrapingHub truth counts them as the story's, as a
# quote); its attribution "— The GRAMMYs (@TheGRAMMYs) February 16, 2016" and its links
# ("pic.twitter.com/AbC", "https://t.co/x") go. Dropping the whole embed cost 0.001 F1 on that
# benchmark (17 of its 181 pages embed tweets), so a listener hears the tweet as a quote.
TWEET_ATTRIBUTION = re.compile(r"\s*[—–-]+\s*[^—–\n]{0,60}\(@\w+\)\s+\w+\.? \d{1,2},? \d{4}\s*$")
# "…katanya. Baca juga: Judul Lain" at the end of a paragraph.
INLINE_READ_ALSO = re.compile(
    r"(?<=[.!?\"”’])\s*(baca|lihat|simak)\s+(juga|pula)\s*:.*$", _I | re.DOTALL
)
EMBED_LINKS = re.compile(r"\s*\b(pic\.twitter\.com|https?://t\.co)/\w+")
_MAX_TRAILING_TEASER_WORDS = 30

DROP_LINK_ONLY_LINES = True
"""A line that is nothing but a link is a teaser ("Jangan Lewatkan" lists, related news)."""

# Only paragraphs this long count as repeats: table cells and short list items may recur.
MIN_REPEAT_WORDS = 8

_SPACES = re.compile(r"\s{2,}")
_LEADING_JUNK = re.compile(r"^[\s|•·*#>»›\-–—]+")


def is_boilerplate(line: str) -> bool:
    """True when the whole line is a label, credit, promo, control or navigation, not story."""
    text = _LEADING_JUNK.sub("", line).strip()
    if not text:
        return True
    words = len(text.split())
    for pattern, max_words in DROP_LINE_PATTERNS:
        if (max_words == ANY_LENGTH or words <= max_words) and pattern.search(text):
            return True
    if INITIALS_LINE.match(text):
        return True
    return words <= SHORT_LINE_WORDS and bool(DATE_LINE.match(text))


def has_boilerplate(line: str) -> bool:
    """True when a line, as it would be spoken, is boilerplate or still carries a fragment that
    `strip_inline` removes. The benchmark counts "boilerplate lines" with this, so the filter
    and the audit are one list."""
    text = line.replace(LINK_START, "").replace(LINK_END, "")
    return is_boilerplate(text) or (bool(text.strip()) and strip_inline(text) != clean(text))


def clean(text: str) -> str:
    """Whitespace collapsed as `strip_inline` leaves it."""
    return _SPACES.sub(" ", text).strip()


def strip_inline(paragraph: str) -> str:
    """Remove boilerplate fragments inside a paragraph; may return an empty string."""
    text = paragraph
    for pattern in INLINE_PATTERNS:
        text = pattern.sub(" ", text)
    teaser = INLINE_READ_ALSO.search(text)
    if teaser and len(teaser.group(0).split()) <= _MAX_TRAILING_TEASER_WORDS + 3:
        text = text[: teaser.start()]
    text = INITIALS_TAIL.sub("", text)
    text = TWEET_ATTRIBUTION.sub("", text)
    text = EMBED_LINKS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


_LINK_SPAN = re.compile(f"{LINK_START}[^{LINK_END}]*{LINK_END}")
_MARKERS = re.compile(f"[{LINK_START}{LINK_END}]")
_HAS_WORD = re.compile(r"\w")


def is_link_only(line: str) -> bool:
    """True when a marked line (see blocks.paragraphs_of) is nothing but link text."""
    if LINK_START not in line:
        return False
    return not _HAS_WORD.search(_LINK_SPAN.sub("", line))


_HEADING_MAX_WORDS = 8
_ENDS_SENTENCE = re.compile(r"[.!?…:;,\"”’)\]]$")


def _is_heading_line(line: str, following: str) -> bool:
    """ "Pengaruh Media Sosial" above "Tak dipungkiri lagi, …": a short unpunctuated line
    followed by a capitalised one is a subheading, read as its own paragraph (with a pause)
    rather than glued to the next sentence."""
    return (
        len(line.split()) <= _HEADING_MAX_WORDS
        and not _ENDS_SENTENCE.search(line)
        and line[:1].isupper()
        and following[:1].isupper()
    )


def _group_lines(lines: list[str]) -> list[str]:
    """Join a paragraph's surviving lines with spaces, keeping subheadings apart."""
    groups: list[list[str]] = [[]]
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following and _is_heading_line(line, following):
            groups.extend([[line], []])
        else:
            groups[-1].append(line)
    return [" ".join(group) for group in groups if group]


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Drop boilerplate lines and fragments, and repeated paragraphs, keeping the order.

    A paragraph may hold several lines (one "<br>" apart); each line is judged on its own and
    the survivors are joined with a space (a subheading line stays a paragraph of its own).
    """
    kept: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        lines = []
        for line in paragraph.split("\n"):
            if DROP_LINK_ONLY_LINES and is_link_only(line):
                continue
            text = strip_inline(_MARKERS.sub("", line))
            if text and not is_boilerplate(text):
                lines.append(text)
        for text in _group_lines(lines):
            if len(lines) > 1 and is_boilerplate(text):
                continue
            if len(text.split()) >= MIN_REPEAT_WORDS:
                key = text.casefold()
                if key in seen:
                    continue
                seen.add(key)
            kept.append(text)
    return kept
