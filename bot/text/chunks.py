"""Pack sentences into speech chunks under the engine's character limit, with pause hints."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import Chunk

GTTS_MAX_CHARS = 100
"""gTTS cuts anything longer itself (at odd places); we cut first, at clause boundaries."""

PAUSE_CLAUSE_MS = 60
PAUSE_SENTENCE_MS = 250
PAUSE_PARAGRAPH_MS = 600
# 250 ms between sentences and 300-600 ms between paragraphs, as in the speech notes.

# Where a long sentence may be cut, best first: after ; : — then after a comma, then at a space.
_CLAUSE_ENDS = (re.compile(r"[;:—–]\s"), re.compile(r",\s"), re.compile(r"\s"))


def split_long(text: str, max_chars: int = GTTS_MAX_CHARS) -> list[str]:
    """Cut one sentence into pieces ≤ max_chars, preferring clause boundaries, never inside a word.

    A single word longer than `max_chars` (a pasted code, say) is the only thing ever cut mid-word.
    """
    text = " ".join(text.split())
    pieces: list[str] = []
    while len(text) > max_chars:
        cut = 0
        for pattern in _CLAUSE_ENDS:
            # The last boundary in the window, but not so early that we make a tiny piece.
            ends = [m.end() for m in pattern.finditer(text, 0, max_chars + 1)]
            ends = [e for e in ends if e <= max_chars + 1 and e >= max_chars // 3]
            if ends:
                cut = ends[-1]
                break
        if cut == 0:
            spaces = [m.end() for m in re.finditer(r"\s", text[: max_chars + 1])]
            cut = spaces[-1] if spaces else max_chars
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    return [p for p in pieces if p]


def make_chunks(
    paragraphs: Sequence[Sequence[str]], max_chars: int = GTTS_MAX_CHARS
) -> tuple[Chunk, ...]:
    """Greedily pack each paragraph's sentences into chunks ≤ max_chars.

    Chunks never span paragraphs, so the longer pause falls where the reader expects it.
    """
    chunks: list[Chunk] = []

    def emit(text: str, pause_ms: int) -> None:
        chunks.append(Chunk(index=len(chunks), text=text, pause_after_ms=pause_ms))

    for sentences in paragraphs:
        pending = ""
        pieces: list[tuple[str, bool]] = []  # (piece, ends a sentence)
        for sentence in sentences:
            parts = split_long(sentence, max_chars)
            pieces.extend((part, i == len(parts) - 1) for i, part in enumerate(parts))
        pending_ends_sentence = False
        for piece, ends_sentence in pieces:
            candidate = f"{pending} {piece}" if pending else piece
            if len(candidate) <= max_chars:
                pending, pending_ends_sentence = candidate, ends_sentence
                continue
            if pending:
                emit(pending, PAUSE_SENTENCE_MS if pending_ends_sentence else PAUSE_CLAUSE_MS)
            pending, pending_ends_sentence = piece, ends_sentence
        if pending:
            emit(pending, PAUSE_PARAGRAPH_MS)
    return tuple(chunks)


def spoken_text(chunks: Sequence[Chunk]) -> str:
    """The chunks as readable text: chunks of a paragraph joined by a space, paragraphs by a blank
    line (as `suara extract` prints them), so a subheading does not run into the next sentence."""
    paragraphs: list[list[str]] = [[]]
    for chunk in chunks:
        paragraphs[-1].append(chunk.text)
        if chunk.pause_after_ms >= PAUSE_PARAGRAPH_MS:
            paragraphs.append([])
    return "\n\n".join(" ".join(p) for p in paragraphs if p)
