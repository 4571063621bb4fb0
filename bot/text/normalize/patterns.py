"""How numbers are written: regex fragments shared by the reading tables and the stages."""

import re

# An Indonesian number: 1.250.000 (dots for thousands), 3,5 (comma for decimals), 2024.
NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?!\d)|\d+)(?:,\d+(?![.,]?\d))?"
NO_DIGIT_BEFORE = r"(?<![\d])(?<!\d[.,])"
NO_DIGIT_AFTER = r"(?![\d]|[.,]\d)"
NUMBER_WORDS = (
    r"(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|puluh|"
    r"seratus|ratus|seribu|ribu|juta|miliar|triliun|setengah|seperempat|perempat)"
)
DASH = r"\s?(?:-|–|sampai|hingga|s\.d\.|s/d)\s?"
# Words just before "2-1" or "21:19" that make it a score, not a range or a time.
SCORE_CUES = re.compile(
    r"\b(?:skor|menang|kalah|imbang|unggul|tertinggal|takluk|tekuk|ditekuk|dikalahkan|"
    r"mengalahkan|membantai|dibantai|agregat|berakhir|set|gim|laga|kemenangan|kekalahan|"
    r"mengandaskan|menaklukkan|menundukkan|menumbangkan|tumbang|keok|bungkam|membungkam)\b[^.,;]{0,15}$",
    re.IGNORECASE,
)
