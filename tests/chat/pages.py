"""Small article pages for bot tests (short, so the audio is quick to make)."""

from __future__ import annotations

PARAGRAPHS = (
    "Pemerintah Kota Bandung meresmikan taman baca baru di kawasan Cicendo pada Senin pagi. "
    "Taman itu terbuka untuk umum setiap hari.",
    "Wali Kota mengatakan taman baca tersebut dibangun agar anak-anak dan warga lanjut usia "
    "punya tempat membaca yang nyaman dan dekat dari rumah.",
    "Pengelola menyediakan lebih dari dua ribu buku, termasuk buku dengan huruf besar untuk "
    "pembaca yang penglihatannya terbatas.",
)


def article_html(
    title: str, paragraphs: tuple[str, ...] = PARAGRAPHS, site: str = "Warta Uji"
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{title} - {site}</title>
<meta property="og:site_name" content="{site}"><meta property="og:type" content="article">
<meta property="og:title" content="{title}">
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a></nav></header>
<main><article><h1>{title}</h1>
<div class="content">{body}</div>
</article></main>
<footer>Hak cipta Warta Uji</footer>
</body></html>"""


def long_paragraphs(count: int = 12) -> tuple[str, ...]:
    return tuple(
        f"Paragraf ke-{n} berisi laporan panjang tentang pembangunan jalan desa. " * 3
        + "Warga menyambut baik rencana itu."
        for n in range(1, count + 1)
    )
