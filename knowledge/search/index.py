"""`TiltakIndex`: the stored entries prepared once for name, need and fact search.

The three searches are mixins, one module each; this module builds what they share (the
aliases, the analysed documents and their TF-IDF matrix) in one pass over the entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.normalize import fold, tokens
from knowledge.search.aliases import _STOP_STEMS, _Alias
from knowledge.search.english import EnglishIndex
from knowledge.search.facts import FactSearch
from knowledge.search.names import GENERIC_WORDS, NameSearch
from knowledge.search.needs import NeedSearch
from knowledge.spelling import Speller

# Short aliases that are also everyday words: matched only when written in capitals.
_COMMON_WORDS = {"inn", "ot", "ung", "mer", "flyt"}


def _analysed(terms: list[str]) -> list[str]:
    """The TF-IDF analyser for texts that are already analysed."""
    return terms


@dataclass
class TiltakIndex(NameSearch, NeedSearch, FactSearch):
    entries: list[dict]
    aliases: list[_Alias] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id: dict[str, dict] = {}
        # A place is not a scheme: "en flybillett til Oslo" does not ask about Oslo's project.
        self._places = {
            fold(word)
            for entry in self.entries
            for place in [str(entry.get("municipality") or "")]
            if place
            for word in (place, f"{place} kommune", re.sub(r"\s*\(.*\)", "", place))
        }
        for position, entry in enumerate(self.entries):
            self._by_id.setdefault(entry["id"], entry)
            names = [entry["name"], entry["id"].replace("-", " "), *(entry.get("aliases") or [])]
            seen: set[tuple[str, ...]] = set()
            for name in names:
                stems = tuple(tokens(name))
                if not stems or stems in seen:
                    continue
                seen.add(stems)
                short_common = len(stems) == 1 and stems[0] in _COMMON_WORDS
                folded = fold(name)
                self.aliases.append(
                    _Alias(
                        position,
                        name,
                        stems,
                        "".join(stems),
                        case_sensitive=short_common,
                        is_name=name == entry["name"],
                        weak=folded in GENERIC_WORDS or (len(stems) == 1 and len(stems[0]) < 7),
                        folded=folded,
                    )
                )
        self._compound_name_words: frozenset[str] | None = None
        self._other_names: re.Pattern | None = None
        self._build_alias_lookup()
        self._speller = Speller({word for alias in self.aliases for word in alias.folded.split()})
        document_stems = [tokens(self._document(entry)) for entry in self.entries]
        self._vocabulary = {stem for stems in document_stems for stem in stems if len(stem) >= 4}
        self._compounds: dict[str, list[str]] = {}
        # Each document is analysed once. The terms of a document are the columns of its row
        # in the TF-IDF matrix (every term has a weight above 0): `_reason` looks them up.
        analysed = [self._analyze_stems(stems) for stems in document_stems]
        self._vectorizer = TfidfVectorizer(analyzer=_analysed, sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(analysed) if analysed else None
        self._english = EnglishIndex(self.entries)
        self._build_facts()
        self._build_need_filters()

    def _analyze(self, text: str) -> list[str]:
        """Stems without stop words, plus the parts of compounds ("mentortilskudd" also
        counts as "tilskudd") when both parts are words of the knowledge base."""
        return self._analyze_stems(tokens(text))

    def _analyze_stems(self, stems: list[str]) -> list[str]:
        result: list[str] = []
        for stem in stems:
            if stem in _STOP_STEMS:
                continue
            result.append(stem)
            if len(stem) >= 8:
                parts = self._compounds.get(stem)
                if parts is None:
                    parts = self._compound_parts(stem)
                    if len(self._compounds) < 100_000:
                        self._compounds[stem] = parts
                result.extend(parts)
        return result

    def _compound_parts(self, stem: str) -> list[str]:
        for cut in range(4, len(stem) - 3):
            head, tail = stem[:cut], stem[cut:]
            if tail in self._vocabulary and (
                head in self._vocabulary or head.rstrip("s") in self._vocabulary
            ):
                return [head.rstrip("s"), tail]
        return []

    @staticmethod
    def _document(entry: dict) -> str:
        eligibility = entry.get("eligibility") or {}
        parts = [
            entry["name"],
            " ".join(entry.get("aliases") or []),
            entry.get("summary", ""),
            " ".join(entry.get("target_groups") or []),
            entry.get("offers", ""),
            eligibility.get("conditions") or "",
            " ".join(entry.get("tags") or []).replace("-", " "),
        ]
        return " ".join(parts)

    def get(self, tiltak_id: str) -> dict | None:
        return self._by_id.get(tiltak_id)
