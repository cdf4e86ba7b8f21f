"""Normalisation: lower case, NFC, dialect forms to Bokmål, typos of key words corrected,
so that the patterns can be written once for the standard form."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract, extractOne

from bot.guidance.crisis.patterns import _VOCABULARY, _VOCABULARY_BY_INITIAL
from bot.guidance.crisis.words import _FILLERS, _KEYWORD_SET, _KEYWORDS, _NEAR_MISSES, _WORD_FORMS
from knowledge.wordlists import is_known_word

_TOKEN = re.compile(r"[a-zæøåäöüéè0-9']+|[.!?;:\n]+|,")
_CLAUSE_BREAKS = re.compile(r"[.!?;:\n]+")


_NYNORSK_ENDINGS = (("ane", "ene"), ("ar", "er"), ("a", "et"), ("kje", "ke"), ("kjer", "ker"))


def _is_known_word(token: str) -> bool:
    """A word of ordinary Norwegian or English (wordfreq's lists): never "corrected"."""
    return is_known_word(token)


@lru_cache(maxsize=8192)
def _correct(token: str) -> str:
    mapped = _WORD_FORMS.get(token)
    if mapped is not None:
        return mapped
    if len(token) < 3 or token.isdigit() or token in _VOCABULARY or token in _NEAR_MISSES:
        return token
    if len(token) >= 6 and token not in _KEYWORD_SET:
        best = extractOne(
            token, _KEYWORDS, scorer=OSA.distance, score_cutoff=2 if len(token) >= 9 else 1
        )
        if best is not None:
            return best[0]
    # Nynorsk endings the Bokmål patterns know in another form: "tablettar" → "tabletter".
    for ending, bokmal in _NYNORSK_ENDINGS:
        if token.endswith(ending) and token[: -len(ending)] + bokmal in _VOCABULARY:
            return token[: -len(ending)] + bokmal
    if _is_known_word(token):
        return token
    # An unknown word one edit from a word the patterns use: "tenkr", "slr", "prøvr".
    candidates = _VOCABULARY_BY_INITIAL.get(token[0], ())
    cutoff = 2 if len(token) >= 8 else 1
    found = extract(token, candidates, scorer=OSA.distance, score_cutoff=cutoff, limit=8)
    found = [(word, score) for word, score, _ in found if abs(len(word) - len(token)) <= 1]
    if not found:
        return token
    nearest = min(score for _, score in found)
    closest = [word for word, score in found if score == nearest]
    # Fast typing drops letters: prefer a word the token is a subsequence of ("prøvr" → "prøver").
    for word in closest:
        letters = iter(word)
        if all(char in letters for char in token):
            return word
    return closest[0]


def normalise(text: str) -> str:
    """Lower-cased Bokmål-ish text, one space between tokens, " . " between clauses."""
    text = unicodedata.normalize("NFC", text or "").lower()
    text = text.replace("’", "'").replace("`", "'").replace("´", "'")
    text = re.sub(r"(\w)\1{2,}", r"\1\1", text)  # "dææææ" → "dææ", "neeei" → "neei"
    text = re.sub(
        r"\b(\d{1,2})\.\s*-?(klasse|trinn|grade|klassing)", r"\1 \2", text
    )  # "10. klasse"
    out: list[str] = []
    for piece in _TOKEN.findall(text):
        if _CLAUSE_BREAKS.fullmatch(piece):
            if out and out[-1] != ".":
                out.append(".")
        elif piece == ",":
            out.append(",")
        else:
            corrected = _correct(piece.strip("'"))
            if corrected and corrected not in _FILLERS:
                out.append(corrected)
    return " ".join(out)
