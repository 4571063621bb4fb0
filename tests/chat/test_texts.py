"""The message catalogue: complete in both languages, short, words not emoji."""

import re

import pytest

from bot.chat.texts import TEXTS, text, user_language
from bot.errors import SuaraError


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_and_no_emoji(key) -> None:
    entry = TEXTS[key]
    # The spoken briefing script is Indonesian only (the news is); everything else has both.
    expected = {"id"} if key.startswith("briefing_") and "en" not in entry else {"id", "en"}
    assert set(entry) == expected
    for message in entry.values():
        assert not re.search("[\U0001f300-\U0001faff\u2600-\u27bf]", message)
        assert len(message) < 600


def test_every_error_has_a_message() -> None:
    for error in [SuaraError, *_subclasses(SuaraError)]:
        assert error.key in TEXTS, error


def test_language_choice_and_formatting() -> None:
    assert user_language("en-GB") == "en"
    assert user_language("id") == "id"
    assert user_language(None) == "id"
    assert text("working", "en", title="Judul") == "Preparing: Judul"
    with pytest.raises(KeyError):  # a missing message is a bug, found here, not by a user
        text("unknown-key", "id")
