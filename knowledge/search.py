"""Find tiltak by name (typos, inflections, Nynorsk) and by need (free text, audience, age).

`TiltakIndex` is built once from the stored entries and kept in memory; `get_index()` rebuilds
it when the stored content changes. Every match carries the reason it matched.
"""

from __future__ import annotations

import bisect
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.normalize import STOP_WORDS, expand_query, fold, normalize_word, tokens

# Short aliases that are also everyday words: matched only when written in capitals.
_COMMON_WORDS = {"inn", "ot", "ung", "mer", "flyt"}
_STOP_STEMS = {normalize_word(word) for word in STOP_WORDS}
FUZZY_CUTOFF = 88
STRONG_MATCH = 90.0  # a name match at or above this is what the question is about
WEAK_MATCH = 80.0
# Everyday domain words that are also aliases ("lærling", "mentor"): naming them does not
# mean the user asks about that one entry.
GENERIC_WORDS = frozenset(
    """lærling lærlinger lærlingen mentor mentoren nav jobb jobben jobbe skole skolen ung unge
    ungdom arbeid arbeidet praksis oppfølging tilskudd veileder veilederen kurs fagbrev trainee
    program programmet tiltak hjelp kommunen bedrift bedrifter språk helse opplæring
    arbeidsgiver arbeidsgivere garanti""".split()
)


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
    weak: bool = False  # short or generic: a mention is not enough to mean this entry
    folded: str = ""


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
                        weak=fold(name) in GENERIC_WORDS or (len(stems) == 1 and len(stems[0]) < 7),
                        folded=fold(name),
                    )
                )
        self._build_alias_lookup()
        documents = [self._document(entry) for entry in self.entries]
        self._vocabulary = {
            stem for document in documents for stem in tokens(document) if len(stem) >= 4
        }
        self._vectorizer = TfidfVectorizer(analyzer=self._analyze, sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(documents) if documents else None
        self._facts: list[tuple[str, str]] = [
            (entry["id"], fact["text"])
            for entry in self.entries
            for fact in entry.get("key_facts") or []
            if fact.get("text")
        ]
        self._fact_vectorizer = TfidfVectorizer(analyzer=self._vectorizer.analyzer)
        self._fact_matrix = (
            self._fact_vectorizer.fit_transform(
                [f"{text} {self.get(tiltak_id)['name']}" for tiltak_id, text in self._facts]
            )
            if self._facts
            else None
        )

    def _analyze(self, text: str) -> list[str]:
        """Stems without stop words, plus the parts of compounds ("mentortilskudd" also
        counts as "tilskudd") when both parts are words of the knowledge base."""
        result: list[str] = []
        for stem in tokens(text):
            if stem in _STOP_STEMS:
                continue
            result.append(stem)
            if len(stem) >= 8:
                for cut in range(4, len(stem) - 3):
                    head, tail = stem[:cut], stem[cut:]
                    if tail in self._vocabulary and (
                        head in self._vocabulary or head.rstrip("s") in self._vocabulary
                    ):
                        result.extend([head.rstrip("s"), tail])
                        break
        return result

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
        folded_query = f" {fold(query)} "
        best: dict[int, Match] = {}
        for alias in self._candidates(query_stems, folded_query):
            score, reason = self._alias_score(alias, query_stems, raw_words, folded_query)
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

    def _build_alias_lookup(self) -> None:
        """Aliases by their first stem and first folded word (exact matches), and the fuzzy
        candidates sorted by length (a typo changes the length by at most a few letters)."""
        self._by_stem: dict[str, list[_Alias]] = defaultdict(list)
        self._by_word: dict[str, list[_Alias]] = defaultdict(list)
        fuzzy = []
        for alias in self.aliases:
            self._by_stem[alias.stems[0]].append(alias)
            first_word = alias.folded.split()[0] if alias.folded else ""
            self._by_word[first_word].append(alias)
            if not alias.weak and not alias.case_sensitive and len(alias.concat) >= 5:
                fuzzy.append(alias)
        fuzzy.sort(key=lambda a: len(a.concat))
        self._fuzzy = fuzzy
        self._fuzzy_lengths = [len(a.concat) for a in fuzzy]
        self._fuzzy_max_stems = max((len(a.stems) for a in fuzzy), default=1)

    def _candidates(self, query_stems: list[str], folded_query: str) -> list[_Alias]:
        """The aliases that can score at all for this query; the rest are skipped."""
        found: dict[int, _Alias] = {}
        for stem in set(query_stems) - _STOP_STEMS:
            for alias in self._by_stem.get(stem, ()):
                found[id(alias)] = alias
        for word in set(folded_query.split()):
            for alias in self._by_word.get(word, ()):
                found[id(alias)] = alias
        widths = range(1, min(self._fuzzy_max_stems + 1, len(query_stems)) + 1)
        for width in widths:
            for start in range(len(query_stems) - width + 1):
                parts = query_stems[start : start + width]
                if parts[0] in _STOP_STEMS or parts[-1] in _STOP_STEMS:
                    continue  # a name neither starts nor ends with a function word
                window = "".join(parts)
                low = bisect.bisect_left(self._fuzzy_lengths, len(window) - 3)
                high = bisect.bisect_right(self._fuzzy_lengths, len(window) + 3)
                if low >= high:
                    continue
                choices = [a.concat for a in self._fuzzy[low:high]]
                for _choice, _score, position in process.extract(
                    window, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
                ):
                    alias = self._fuzzy[low + position]
                    found[id(alias)] = alias
        return list(found.values())

    def _alias_score(
        self, alias: _Alias, query_stems: list[str], raw_words: set[str], folded_query: str
    ) -> tuple[float, str]:
        size = len(alias.stems)
        if alias.weak and not alias.case_sensitive:
            if fold(alias.text) in GENERIC_WORDS:
                hit = f" {alias.folded} " in folded_query
                return (WEAK_MATCH, f"nevner «{alias.text}»") if hit else (0.0, "")
            if f" {alias.folded} " in folded_query:
                return STRONG_MATCH + 5 + size, f"nevner «{alias.text}»"
            if tuple(query_stems).count(alias.stems[0]):
                return WEAK_MATCH, f"ligner på «{alias.text}»"
            return 0.0, ""
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

    # -- key facts ------------------------------------------------------------------------
    def find_facts(
        self, question: str, tiltak_id: str | None = None, limit: int = 1, min_score: float = 0.12
    ) -> list[str]:
        """Key-fact sentences that answer a "hvor mange ...?" question, best first."""
        if self._fact_matrix is None:
            return []
        vector = self._fact_vectorizer.transform([question])
        scores = (self._fact_matrix @ vector.T).toarray().ravel()
        ranked = []
        for position, (fact_tiltak, text) in enumerate(self._facts):
            score = float(scores[position])
            if tiltak_id and fact_tiltak == tiltak_id:
                score += 0.1
            if score >= min_score:
                ranked.append((score, text))
        ranked.sort(key=lambda item: -item[0])
        unique: list[str] = []
        for _score, text in ranked:
            if text not in unique:
                unique.append(text)
        return unique[:limit]

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
        """Rank entries for a described need. Entries for the other audience count less,
        entries outside the age range and ended ones are left out."""
        if self._matrix is None:
            return []
        text_scores = None
        query_terms: dict[str, str] = {}
        if query.strip():
            vector = self._vectorizer.transform([expand_query(query)])
            text_scores = (self._matrix @ vector.T).toarray().ravel()
            for word in fold(query).split():
                query_terms.setdefault(normalize_word(word), word)
        wanted = set(tags)
        matches: list[Match] = []
        for position, entry in enumerate(self.entries):
            if entry.get("status") == "avsluttet":
                continue
            if entry.get("scope") == "annen_kommune" and not include_other_municipalities:
                continue
            eligibility = entry.get("eligibility") or {}
            if age is not None:
                low, high = eligibility.get("min_age"), eligibility.get("max_age")
                if (low is not None and age < low) or (high is not None and age > high):
                    continue
            shared_tags = [t for t in entry.get("tags") or [] if t in wanted]
            text_score = float(text_scores[position]) if text_scores is not None else 0.0
            score = text_score + sum(0.04 if tag in GENERIC_TAGS else 0.15 for tag in shared_tags)
            if "lærling" in entry["name"].lower() and "laerling" not in wanted:
                score *= 0.6  # made for apprentices: only when the user is or wants to be one
            if "kommun" in entry["name"].lower() and "kommun" not in query.lower():
                score *= 0.5  # the municipality as employer: only when the user speaks of it
            if age is not None and age >= 19 and _SCHOOL_AGE.search(self._who(entry)):
                score *= 0.4  # made for pupils in ungdomsskole, not for adults
            if audience and entry["audience"] not in (audience, "begge"):
                score *= 0.6
            if entry.get("scope") == "lokal":
                score *= 1.1
            if entry.get("status") == "pilot":
                score *= 0.9
            if score <= 0.05:
                continue
            matches.append(Match(entry, score, self._reason(entry, shared_tags, query_terms)))
        return sorted(matches, key=lambda m: -m.score)[:limit]

    @staticmethod
    def _who(entry: dict) -> str:
        return " ".join([entry["name"], *(entry.get("target_groups") or [])]).lower()

    def _reason(self, entry: dict, shared_tags: list[str], query_terms: dict[str, str]) -> str:
        """One short line on why an entry fits, in Norwegian."""
        specific = [t for t in shared_tags if t not in GENERIC_TAGS] or shared_tags
        if "psykisk-helse" in specific and "helse" in specific:
            specific.remove("helse")
        if specific:
            labels = [TAG_LABELS.get(tag, tag) for tag in specific[:3]]
            return "passer fordi det handler om " + _join(labels)
        document = set(self._analyze(self._document(entry)))
        words = [word for stem, word in query_terms.items() if stem in document][:3]
        if words:
            return "passer med det du skrev om " + _join([f"«{w}»" for w in words])
        return "kan være aktuelt for deg"


# Tags that many entries share: a weak sign that an entry fits.
GENERIC_TAGS = frozenset({"jobb", "skole", "utdanning", "oppfolging", "koordinering"})
_SCHOOL_AGE = re.compile(r"ungdomsskole|\btrinn\b|grunnskole|ungdomsskoleelev")

TAG_LABELS = {
    "ung-utenfor": "unge utenfor jobb og skole",
    "psykisk-helse": "psykisk helse",
    "sprak": "språk",
    "okonomi": "økonomi",
    "laerling": "lærlinger",
    "opplaering": "opplæring",
    "oppfolging": "oppfølging",
    "nedsatt-arbeidsevne": "nedsatt arbeidsevne",
    "innvandrer": "innvandrere",
    "erfaring": "arbeidserfaring",
    "rekruttere": "rekruttering",
    "beholde": "å beholde ansatte",
    "praksisplass": "praksisplass",
    "tilrettelegging": "tilrettelegging",
    "koordinering": "koordinering",
}


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


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
