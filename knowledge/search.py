"""Find tiltak by name (typos, inflections, Nynorsk) and by need (free text, audience, age).

`TiltakIndex` is built once from the stored entries and kept in memory; `get_index()` rebuilds
it when the stored content changes. Every match carries the reason it matched.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.normalize import STOP_WORDS, fold, normalize_word, tokens

# Short aliases that are also everyday words: matched only when written in capitals.
_COMMON_WORDS = {"inn", "ot", "ung", "mer", "flyt", "ips", "aft"}
_STOP_STEMS = {normalize_word(word) for word in STOP_WORDS}
FUZZY_CUTOFF = 88


@dataclass(frozen=True)
class Match:
    tiltak: dict
    score: float
    reason: str


@dataclass
class _Alias:
    tiltak_index: int
    text: str
    stems: tuple[str, ...]
    concat: str
    case_sensitive: bool = False
    is_name: bool = False


@dataclass
class TiltakIndex:
    entries: list[dict]
    aliases: list[_Alias] = field(default_factory=list)

    def __post_init__(self) -> None:
        for position, entry in enumerate(self.entries):
            names = [entry["name"], entry["id"].replace("-", " "), *(entry.get("aliases") or [])]
            seen: set[tuple[str, ...]] = set()
            for name in names:
                stems = tuple(tokens(name))
                if not stems or stems in seen:
                    continue
                seen.add(stems)
                short_common = len(stems) == 1 and stems[0] in _COMMON_WORDS
                self.aliases.append(
                    _Alias(
                        position,
                        name,
                        stems,
                        "".join(stems),
                        case_sensitive=short_common,
                        is_name=name == entry["name"],
                    )
                )
        documents = [self._document(entry) for entry in self.entries]
        self._vectorizer = TfidfVectorizer(
            analyzer=lambda text: [t for t in tokens(text) if t not in _STOP_STEMS],
            sublinear_tf=True,
        )
        self._matrix = self._vectorizer.fit_transform(documents) if documents else None

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
        for entry in self.entries:
            if entry["id"] == tiltak_id:
                return entry
        return None

    # -- by name ---------------------------------------------------------------------------
    def find_by_name(self, query: str, audience: str | None = None, limit: int = 3) -> list[Match]:
        """Entries whose name or alias the query mentions, best first."""
        query_stems = tokens(query)
        if not query_stems:
            return []
        raw_words = set(query.replace("-", " ").split())
        best: dict[int, Match] = {}
        for alias in self.aliases:
            score, reason = self._alias_score(alias, query_stems, raw_words)
            if not score:
                continue
            entry = self.entries[alias.tiltak_index]
            if alias.is_name:
                score += 0.5  # the entry's own name beats another entry's alias
            if audience and entry["audience"] not in (audience, "begge"):
                score -= 5
            current = best.get(alias.tiltak_index)
            if current is None or score > current.score:
                best[alias.tiltak_index] = Match(entry, score, reason)
        return sorted(best.values(), key=lambda m: -m.score)[:limit]

    def _alias_score(
        self, alias: _Alias, query_stems: list[str], raw_words: set[str]
    ) -> tuple[float, str]:
        size = len(alias.stems)
        if alias.case_sensitive:
            hit = any(
                word.strip("?!.,:;()").upper() == word.strip("?!.,:;()")
                and fold(word) == alias.text.lower()
                for word in raw_words
            )
            return (100.0 + size, f"nevner «{alias.text}»") if hit else (0.0, "")
        for start in range(len(query_stems) - size + 1):
            if tuple(query_stems[start : start + size]) == alias.stems:
                return 100.0 + size * 2 + len(alias.concat) / 100, f"nevner «{alias.text}»"
        if len(alias.concat) < 5:
            return 0.0, ""
        best = 0.0
        for width in {max(1, size - 1), size, size + 1}:
            for start in range(max(1, len(query_stems) - width + 1)):
                window = "".join(query_stems[start : start + width])
                if abs(len(window) - len(alias.concat)) > 3:
                    continue
                best = max(best, fuzz.ratio(window, alias.concat))
        if best >= FUZZY_CUTOFF:
            return best - 10 + size, f"ligner på «{alias.text}»"
        return 0.0, ""

    # -- by need ---------------------------------------------------------------------------
    def search_by_need(
        self,
        query: str = "",
        audience: str | None = None,
        age: int | None = None,
        tags: tuple[str, ...] = (),
        limit: int = 3,
        include_other_municipalities: bool = False,
    ) -> list[Match]:
        """Rank entries for a described need, filtered by audience and age."""
        if self._matrix is None:
            return []
        text_scores = None
        if query.strip():
            vector = self._vectorizer.transform([query])
            text_scores = (self._matrix @ vector.T).toarray().ravel()
        matches: list[Match] = []
        wanted = set(tags)
        for position, entry in enumerate(self.entries):
            if entry.get("status") == "avsluttet":
                continue
            if entry.get("scope") == "annen_kommune" and not include_other_municipalities:
                continue
            if audience and entry["audience"] not in (audience, "begge"):
                continue
            eligibility = entry.get("eligibility") or {}
            if age is not None:
                low, high = eligibility.get("min_age"), eligibility.get("max_age")
                if (low is not None and age < low) or (high is not None and age > high):
                    continue
            shared_tags = sorted(wanted & set(entry.get("tags") or []))
            text_score = float(text_scores[position]) if text_scores is not None else 0.0
            score = text_score + 0.25 * len(shared_tags)
            if entry.get("scope") == "lokal":
                score *= 1.1
            if score <= 0.05:
                continue
            reasons = []
            if shared_tags:
                reasons.append("passer for " + ", ".join(t.replace("-", " ") for t in shared_tags))
            if text_score > 0.05:
                reasons.append("ordene du brukte")
            matches.append(Match(entry, score, " og ".join(reasons)))
        return sorted(matches, key=lambda m: -m.score)[:limit]


_lock = threading.Lock()
_cache: dict[str, tuple[TiltakIndex, str | None, float]] = {}
REFRESH_SECONDS = 10.0


def get_index(url: str | None = None) -> TiltakIndex:
    """The index of the stored content; rebuilt when the content version changes."""
    from knowledge.database import database_url
    from knowledge.store import content_version, load_all

    url = url or database_url()
    now = time.monotonic()
    with _lock:
        cached = _cache.get(url)
        if cached and now - cached[2] < REFRESH_SECONDS:
            return cached[0]
        version = content_version(url)
        if cached and cached[1] == version:
            _cache[url] = (cached[0], version, now)
            return cached[0]
        index = TiltakIndex(load_all(url))
        _cache[url] = (index, version, now)
        return index
