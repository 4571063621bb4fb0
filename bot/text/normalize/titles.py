"""TNI and Polri ranks and the corps after them, "(Purn)", and "H"/"Hj" before a name.

Readings decided for the product: a rank is said in full ("Irjen Pol" -> "Inspektur Jenderal
Polisi", "AKBP" -> "Ajun Komisaris Besar Polisi"), as TV newsreaders do; office titles that are
words (Kapolda, Pangdam, Danrem) stay words; "TNI" after a rank is spelled by the acronym stage;
"(Purn)" is "(purnawirawan)". The table is bot/text/lexicon/ranks.tsv.
"""

from __future__ import annotations

import re

from bot.text.normalize.tables import Lexicon

RETIRED = re.compile(r"\((?:Purn|purn)\.?\)")
NAME_AFTER = re.compile(r"\s+(?:[A-Z]|\()")


def read_ranks(text: str, lex: Lexicon) -> str:
    """ "Mayjen TNI (Purn) Budi" -> "Mayor Jenderal TNI (purnawirawan) Budi"."""

    def read(match: re.Match[str]) -> str:
        spoken, kind = lex.ranks[match.group("rank")]
        chain = match.group("chain")
        if kind == "rank-name" and not chain and not NAME_AFTER.match(text, match.end()):
            return match.group()
        links = [_read_link(link, lex) for link in re.findall(r"\S+(?: A[DLU])?", chain)]
        return " ".join([spoken, *links])

    if "(" in text:
        text = RETIRED.sub("(purnawirawan)", text)
    return lex.rank_pattern.sub(read, text)


def _read_link(link: str, lex: Lexicon) -> str:
    """One word between a rank and the name: a corps, "TNI", "(P)"."""
    bare = link.strip("().")
    if link.startswith("(") and bare in lex.ranks:
        return f"({lex.ranks[bare][0]})"
    if bare in lex.ranks and lex.ranks[bare][1] == "corps":
        return lex.ranks[bare][0]
    return link
