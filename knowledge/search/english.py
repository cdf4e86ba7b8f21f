"""English need search: the entries' `en:` text ranked for an English message.

An English question used to be searched in the Norwegian text through a word list of two
dozen words, so "no job in Norway yet, what can help me?" matched on "job" alone. Every entry
has an English block (knowledge/CONTENT.md): its summary, offers and conditions are indexed
here with the English Snowball stemmer and scikit-learn's English stop-word list, in a TF-IDF
matrix of the same rows as the Norwegian one, so `search_by_need` adds the two scores and keeps
every filter (audience, age, ended entries) as it is.
"""

from __future__ import annotations

import re

import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from knowledge.normalize import fold

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z0-9æøå]+(?:'[a-z]+)?")
# The English block's fields that say what an entry is and whom it is for.
FIELDS = ("summary", "offers", "eligibility_conditions")


# Everyday English mapped to the words of the English blocks; added to a query.
ENGLISH_EXPANSIONS = {
    "master": "higher education",
    "masters": "higher education",
    "bachelor": "higher education",
    "degree": "higher education",
    "university": "higher education",
    "engineer": "higher education",
    "hire": "recruit",
    "hiring": "recruit",
    "staff": "recruit employees",
    "anxiety": "mental health",
    "depression": "mental health",
    "depressed": "mental health",
    "dropped": "drop out",
    "quit": "drop out",
    "nursing": "health care",
    "apprenticeship": "apprentice",
}


def english_terms(text: str, expand: bool = False) -> list[str]:
    """Stems of the English words of a text, without stop words (with `expand`, plus the
    words of `ENGLISH_EXPANSIONS` for the everyday words it holds)."""
    words = [w for w in _WORD.findall(fold(text or "")) if w not in ENGLISH_STOP_WORDS]
    if expand:
        words += [x for w in list(words) for x in ENGLISH_EXPANSIONS.get(w, "").split()]
    return _STEMMER.stemWords([w for w in words if len(w) > 1])


def english_document(entry: dict) -> str:
    english = entry.get("en") or {}
    parts = [entry.get("name") or "", " ".join(entry.get("aliases") or [])]
    parts += [str(english.get(field) or "") for field in FIELDS]
    return " ".join(parts)


class EnglishIndex:
    """TF-IDF (sublinear tf) over the entries' English text, one row per entry."""

    def __init__(self, entries: list[dict]) -> None:
        documents = [english_terms(english_document(entry)) for entry in entries]
        self._vectorizer = TfidfVectorizer(
            analyzer=list, sublinear_tf=True
        )  # terms already analysed
        self._matrix = self._vectorizer.fit_transform(documents) if documents else None

    def scores(self, query: str):
        """Cosine similarity of the query to every entry (a dense array), or None."""
        if self._matrix is None:
            return None
        terms = english_terms(query, expand=True)
        if not terms:
            return None
        vector = self._vectorizer.transform([terms])
        return self._matrix @ vector.toarray().ravel()
