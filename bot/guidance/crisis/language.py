"""Whether a message is English, so the reply can be too."""

from __future__ import annotations

_ENGLISH_HINTS = frozenset(
    {
        "i",
        "my",
        "me",
        "the",
        "is",
        "am",
        "and",
        "to",
        "want",
        "he",
        "she",
        "her",
        "his",
        "myself",
        "have",
        "has",
        "been",
        "of",
        "a",
        "it",
        "with",
        "what",
        "do",
        "can't",
        "i'm",
        "don't",
        "says",
        "said",
        "will",
        "last",
        "night",
        "are",
        "someone",
        "help",
    }
)
_NORWEGIAN_HINTS = frozenset(
    {
        "jeg",
        "meg",
        "og",
        "er",
        "har",
        "det",
        "ikke",
        "på",
        "en",
        "som",
        "til",
        "med",
        "vil",
        "han",
        "hun",
        "min",
        "mitt",
        "seg",
        "av",
        "for",
        "å",
        "at",
        "noe",
        "så",
    }
)


def _looks_english(normal: str) -> bool:
    words = normal.split()
    english = sum(w in _ENGLISH_HINTS for w in words)
    norwegian = sum(w in _NORWEGIAN_HINTS for w in words)
    return english >= 2 and english > norwegian
