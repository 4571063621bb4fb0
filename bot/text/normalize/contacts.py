"""Web and e-mail addresses read out, the way a newsreader gives them on air.

Readings decided for the product:
- A web address is said with "titik" and "garis miring": "https://www.kemensos.go.id/daftar" ->
  "we we we titik kemensos titik go titik i de garis miring daftar". The scheme ("https://")
  is not said. Two-letter country labels are spelled (id -> i de), the others said as words.
- A long or tracking address (a query string, a path over 25 characters, more than two path
  segments, or a long run of digits) is not read in full: "tautan ke" and its site,
  "tautan ke kompas titik com", so the listener still knows where it leads.
- An e-mail address is read as one: "humas@kemensos.go.id" -> "humas et kemensos titik go
  titik i de"; in the local part "." is "titik", "_" "garis bawah", "-" "strip".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.text.normalize.initialisms import read_initialism
from bot.text.normalize.spoken import spell_letters

URL = re.compile(
    r"\b(?:https?://|www\.)\S+"
    # a path, not a photo credit: "kompas.com/read/..." but not "Liputan6.com/Immanuel Antonius"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|id|net|org|co|io|tv|info)/(?-i:(?![A-Z][a-z]))\S*",
    re.IGNORECASE,
)
EMAIL = re.compile(
    r"(?P<cue>\b(?:[Ee]-?mail|surel)\s+)?\b(?P<local>[\w.+-]+)@(?P<host>[\w-]+(?:\.[\w-]+)+)\b"
)
TRAILING = ".,;:!?)]\"'”’"
WORD_LABELS = {"com", "net", "org", "info", "news", "asia", "biz", "co", "go", "web", "sch",
               "ac", "or", "my", "gov", "edu", "mil", "desa"}  # fmt: skip
WORD_LABELS_SPELLED = {"ac", "or", "my"}  # said as letters: "a ce", "o er", "em ye"
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
MAX_PATH = 25
ENGLISH_NAMES = {"news", "mail", "blog", "shop", "apps", "play", "web", "go", "my", "id"}


def say_host(host: str) -> str:
    """ "www.kemensos.go.id" -> "we we we titik kemensos titik go titik i de"."""
    labels = host.strip(".").split(".")
    spoken = []
    for position, label in enumerate(labels):
        if label.lower() == "www":
            spoken.append("we we we")
        elif position == 0 or (position < len(labels) - 1 and len(label) > 3):
            spoken.append(_say_name_label(label))
        elif label.lower() in WORD_LABELS and label.lower() not in WORD_LABELS_SPELLED:
            spoken.append(label.lower())
        else:
            spoken.append(spell_letters(label))
    return " titik ".join(spoken)


def _say_name_label(label: str) -> str:
    """A site's name: an initialism written small is spelled ("kpu" -> "ka pe u", "bkn"), a
    word is said ("kemensos", "detik")."""
    if label.isalpha() and label.islower() and len(label) <= 4 and label not in ENGLISH_NAMES:
        return read_initialism(label.upper()).lower()
    return _say_word(label)


def _say_word(word: str) -> str:
    """A name in an address: "CNNIndonesia" -> "CNN Indonesia", "jasa-marga" -> "jasa strip
    marga", "liputan6" -> "liputan 6" (the number stage reads the digits)."""
    return CAMEL.sub(" ", word).replace("-", " strip ").replace("_", " garis bawah ")


def say_link(found: str) -> str:
    """One web address as it is said (see the module docstring)."""
    parts = urlsplit(found if "://" in found else f"http://{found}")
    host = parts.hostname or ""
    if not host or "." not in host:
        return "tautan"
    path = parts.path.strip("/")
    segments = [s for s in path.split("/") if s]
    long = (
        bool(parts.query or parts.fragment)
        or len(path) > MAX_PATH
        or len(segments) > 2
        or re.search(r"\d{4}", path) is not None
    )
    if long:
        return f"tautan ke {say_host(host.removeprefix('www.'))}"
    spoken = [say_host(host)]
    for segment in segments:
        words = [w for w in re.split(r"[-_.]+", segment) if w]
        spoken.append(" ".join(_say_word(w) for w in words))
    return " garis miring ".join(spoken)


def say_email(local: str, host: str) -> str:
    """ "humas.kemensos@kemensos.go.id" -> "humas titik kemensos et kemensos titik go titik
    i de"."""
    pieces = re.split(r"([._+-])", local)
    names = {".": "titik", "_": "garis bawah", "-": "strip", "+": "plus"}
    spoken = " ".join(names.get(p, _say_word(p)) for p in pieces if p)
    return f"{spoken} et {say_host(host)}"


def read_links(text: str) -> str:
    """E-mail and web addresses in the text, read out."""
    if "@" in text:
        text = EMAIL.sub(lambda m: (m["cue"] or "") + say_email(m["local"], m["host"]), text)

    def link(match: re.Match[str]) -> str:
        found = match.group()
        kept = found.rstrip(TRAILING)
        return say_link(kept) + found[len(kept) :]

    return URL.sub(link, text)
