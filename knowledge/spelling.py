"""Spelling correction against the knowledge base's own words.

A word is corrected only when it is unknown to wordfreq's Norwegian and English lists (so a
real word is never turned into a scheme name) and one or two edits (OSA distance: a swapped
pair of letters is one edit) from a word of the names and aliases: "jobskolne" → "jobbskolen",
"bedrfitspakken" → "bedriftspakken", "ung strat" → "ung start".
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

from knowledge.wordlists import is_known_word as _known

_WORD = re.compile(r"[a-zæøåäöüé]+", re.IGNORECASE)


def is_known_word(word: str) -> bool:
    return _known(word)


class Speller:
    """Corrects unknown words to the nearest word of a fixed vocabulary."""

    def __init__(self, vocabulary: set[str]) -> None:
        self._vocabulary = sorted({w.lower() for w in vocabulary if len(w) >= 4})
        self._set = frozenset(self._vocabulary)
        self.correct_word = lru_cache(maxsize=4096)(self._correct_word)

    def _correct_word(self, word: str) -> str:
        lower = word.lower()
        if len(lower) < 4 or lower in self._set or is_known_word(lower):
            return word
        cutoff = 2 if len(lower) >= 7 else 1
        best = extractOne(lower, self._vocabulary, scorer=OSA.distance, score_cutoff=cutoff)
        if best is None or abs(len(best[0]) - len(lower)) > cutoff:
            return word
        return best[0]

    def correct(self, text: str) -> str:
        """The text with its unknown words corrected (other characters kept)."""
        return _WORD.sub(lambda m: self.correct_word(m.group(0)), text or "")
