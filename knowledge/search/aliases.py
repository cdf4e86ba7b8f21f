"""The names and aliases of the entries as the name search sees them, and the runs of a query.

The fuzzy comparison bound (`_needed_bigrams`) and the per-query runs (`_QueryRuns`) are the
parts of the name search that do not need the index; they are kept apart so that they can be
tested and reasoned about on their own.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from knowledge.normalize import STOP_WORDS, ascii_fold, normalize_word

_STOP_STEMS = {normalize_word(word) for word in STOP_WORDS}
FUZZY_CUTOFF = 88

# Endings by which Bokmål and Nynorsk inflect a noun or adjective: "arbeidsleder",
# "arbeidslederen", "arbeidslederne", "bedriftspakka". Two words with the same stem whose
# endings are not of these are different words ("arbeidsledig", "arbeidsleder").
_INFLECTION_ENDINGS = frozenset(
    ("", "e", "en", "er", "et", "a", "ene", "ane", "ar", "ne", "n", "r", "t", "ens", "ers")
)


def _inflection_written(alias_word: str, stem: str, folded_query: str) -> bool:
    """Whether a word of the query with the alias's stem is an inflected form of it."""
    if " " in alias_word:
        return True
    target = ascii_fold(alias_word)
    for word in folded_query.split():
        if normalize_word(word) != stem:
            continue
        written = ascii_fold(word)
        common = len(os.path.commonprefix([written, target]))
        if written[common:] in _INFLECTION_ENDINGS and target[common:] in _INFLECTION_ENDINGS:
            return True
    return False


@dataclass
class _Alias:
    tiltak_index: int
    text: str
    stems: tuple[str, ...]
    concat: str
    case_sensitive: bool = False
    is_name: bool = False
    weak: bool = False  # short or generic: a mention is not enough to mean this entry
    folded: str = ""
    fuzzy_only: bool = False  # neither weak nor only in capitals: matched by its spelling
    fuzzy_position: int = -1  # in TiltakIndex._fuzzy (at least 5 letters), else -1


# A window's fuzzy candidates are all scored by rapidfuzz when there are at most this many;
# more are first narrowed down by the letter pairs they share with the query (only in an
# index with more fuzzy candidates than this).
_SCAN_ALL = 1000


def _needed_bigrams(length: int | np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """At how many of its places an alias of each of `sizes` letters must have a letter pair
    that occurs in a window of `length` letters for `fuzz.ratio` to reach FUZZY_CUTOFF.

    The ratio is 100 * 2 * LCS / (n + m) for a window of n and an alias of m letters, so at
    the cutoff their longest common subsequence has at least `ceil(0.44 * (n + m))` letters.
    Of the m - 1 pairs of neighbouring letters of the alias, an unmatched letter of the
    alias spoils at most two, and an unmatched letter of the window (in a gap between two
    matched letters) at most one; every other pair also occurs in the window. So at least
    (m - 1) - 2 * (m - LCS) - (n - LCS) = 3 * LCS - n - m - 1 places do."""
    total = length + sizes
    common = (FUZZY_CUTOFF * total + 199) // 200  # ceil(FUZZY_CUTOFF / 200 * total)
    return 3 * common - total - 1


class _QueryRuns:
    """The runs of consecutive stems of one query: which runs there are, and the letters of
    each run (its stems joined) by their length, for runs of at most `widest` stems (one
    more than the longest alias). Worked out once per query, when needed."""

    def __init__(self, stems: list[str], widest: int | None = None) -> None:
        self.stems = stems
        self.widest = len(stems) if widest is None else min(widest, len(stems))
        self.pairs: np.ndarray | None = None  # TiltakIndex._pairs_in_query
        self.fuzzy_candidates: set[int] = set()  # TiltakIndex._candidates
        self._runs: dict[int, set[tuple[str, ...]]] = {}
        self._by_length: dict[int, list[tuple[int, str]]] | None = None
        self._near: dict[tuple[int, int], list[str]] = {}

    def contains(self, run: tuple[str, ...]) -> bool:
        size = len(run)
        runs = self._runs.get(size)
        if runs is None:
            stems = self.stems
            runs = {tuple(stems[s : s + size]) for s in range(len(stems) - size + 1)}
            self._runs[size] = runs
        return run in runs

    def exact_ids(self, by_stems: dict[tuple[str, ...], list[_Alias]], longest: int) -> set[int]:
        """id() of the aliases whose stems are a run of the query."""
        found: set[int] = set()
        stems = self.stems
        for size in range(1, min(longest, len(stems)) + 1):
            for start in range(len(stems) - size + 1):
                for alias in by_stems.get(tuple(stems[start : start + size]), ()):
                    found.add(id(alias))
        return found

    def near(self, size: int, length: int) -> list[str]:
        """The joined stems of the runs an alias of `size` stems and `length` letters is
        compared with: one stem fewer to one more than the alias (the whole query when it
        is shorter), at most 3 letters longer or shorter."""
        key = (size, length)
        choices = self._near.get(key)
        if choices is None:
            if self._by_length is None:
                self._by_length = self._runs_by_length()
            longest = len(self.stems)
            widths = {min(width, longest) for width in (max(1, size - 1), size, size + 1)}
            choices = list(
                dict.fromkeys(
                    window
                    for window_length in range(length - 3, length + 4)
                    for width, window in self._by_length.get(window_length, ())
                    if width in widths
                )
            )
            self._near[key] = choices
        return choices

    def _runs_by_length(self) -> dict[int, list[tuple[int, str]]]:
        """(number of stems, joined stems) of every run, by the length of the joined stems."""
        table: dict[int, list[tuple[int, str]]] = defaultdict(list)
        stems = self.stems
        for width in range(1, self.widest + 1):
            for start in range(len(stems) - width + 1):
                window = "".join(stems[start : start + width])
                table[len(window)].append((width, window))
        return dict(table)
