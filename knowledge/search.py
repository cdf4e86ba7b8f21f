"""Find tiltak by name (typos, inflections, Nynorsk) and by need (free text, audience, age).

`TiltakIndex` is built once from the stored entries and kept in memory; `get_index()` rebuilds
it when the stored content changes. Every match carries the reason it matched.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.normalize import (
    STOP_WORDS,
    ascii_fold,
    expand_query,
    fold,
    normalize_word,
    tokens,
)
from knowledge.spelling import Speller
from knowledge.wordlists import zipf

# Short aliases that are also everyday words: matched only when written in capitals.
_COMMON_WORDS = {"inn", "ot", "ung", "mer", "flyt"}
_STOP_STEMS = {normalize_word(word) for word in STOP_WORDS}
FUZZY_CUTOFF = 88
# Words at least this common in Norwegian (wordfreq's Zipf scale: "arbeidsledig" 3.2,
# "jobber" 5.4; a misspelling or a scheme's own word is usually below 1) are taken as written.
FUZZY_COMMON_ZIPF = 3.0
OTHER_ENTRY_FACT_SCORE = 0.5
COMMON_WORD_ZIPF = 5.0  # words this frequent in Norwegian never make a reason line
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
    fuzzy_only: bool = False  # neither weak nor only in capitals: matched by its spelling
    fuzzy_position: int = -1  # in TiltakIndex._fuzzy (at least 5 letters), else -1


@dataclass
class TiltakIndex:
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
        # Key facts first, then the sentences of the summary, the offers and the cost: a typed
        # question ("hvor lenge varte kurset?") is often answered there ("et 18 ukers kurs").
        self._facts: list[tuple[str, str]] = [
            (entry["id"], fact["text"])
            for entry in self.entries
            for fact in entry.get("key_facts") or []
            if fact.get("text")
        ]
        known = {text for _, text in self._facts}
        for entry in self.entries:
            for field_name in ("summary", "offers", "cost"):
                for sentence in _SENTENCE_END.split(str(entry.get(field_name) or "")):
                    sentence = " ".join(sentence.split())
                    if len(sentence) > 20 and sentence not in known:
                        known.add(sentence)
                        self._facts.append((entry["id"], sentence))
        self._fact_ids = np.array([tiltak_id for tiltak_id, _text in self._facts], dtype=object)
        self._fact_vectorizer = TfidfVectorizer(analyzer=self._analyze)
        self._fact_matrix = (
            self._fact_vectorizer.fit_transform(
                [f"{text} {self.get(tiltak_id)['name']}" for tiltak_id, text in self._facts]
            )
            if self._facts
            else None
        )
        self._mentions: dict[str, np.ndarray] = {}
        self._fact_text_matrix = (
            self._fact_vectorizer.transform([text for _, text in self._facts])
            if self._facts
            else None
        )
        self._fact_types = {
            name: np.array([bool(pattern.search(text)) for _, text in self._facts], dtype=bool)
            for name, (_, pattern) in _FACT_TYPES.items()
        }
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

    # -- by name ---------------------------------------------------------------------------
    def find_by_name(self, query: str, audience: str | None = None, limit: int = 3) -> list[Match]:
        """Entries whose name or alias the query mentions, best first. When none is found as
        written, unknown words are corrected against the names' own words and it tries again
        ("hvordn kan jg søke på ung strat")."""
        found = self._find_by_name(query, audience, limit)
        if found and found[0].score >= STRONG_MATCH:
            return found
        corrected = self._speller.correct(query)
        if corrected != query:
            again = self._find_by_name(corrected, audience, limit)
            if again and (not found or again[0].score > found[0].score):
                return again
        return found

    def _find_by_name(self, query: str, audience: str | None, limit: int) -> list[Match]:
        query_stems = tokens(query)
        if not query_stems:
            return []
        raw_words = set(query.replace("-", " ").split())
        folded_query = f" {fold(query)} "
        runs = _QueryRuns(query_stems, self._max_stems + 1)
        candidates = self._candidates_by_id(query_stems, folded_query, runs)
        exact = runs.exact_ids(self._by_stems, self._max_stems)
        # A word of the language spelled right ("jobber", "arbeidsledig") is not a misspelled
        # name ("Jobbes", "arbeidsleder"): it is not compared letter by letter on its own.
        common = frozenset(
            stem
            for word, stem in zip(fold(query).split(), query_stems, strict=False)
            if zipf(word, "nb") >= FUZZY_COMMON_ZIPF
        )
        ratios = self._fuzzy_ratios(runs.fuzzy_candidates, runs, exact, common)
        best: dict[int, Match] = {}
        for alias_id, alias in candidates.items():
            if alias.fuzzy_only and alias_id not in exact and alias_id not in ratios:
                continue  # neither a run of the query nor near one: no score
            score, reason = self._alias_score(
                alias, query_stems, raw_words, folded_query, runs, ratios
            )
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
        """Aliases by their first stem and first folded word, and by all their stems (exact
        matches); the fuzzy candidates sorted by length (a typo changes the length by at
        most a few letters), and for many of them, where each pair of letters occurs."""
        # id(alias) -> alias, in the order of self.aliases
        self._by_stem: dict[str, dict[int, _Alias]] = defaultdict(dict)
        self._by_word: dict[str, dict[int, _Alias]] = defaultdict(dict)
        self._by_stems: dict[tuple[str, ...], list[_Alias]] = defaultdict(list)
        fuzzy = []
        for alias in self.aliases:
            self._by_stem[alias.stems[0]][id(alias)] = alias
            first_word = alias.folded.split()[0] if alias.folded else ""
            self._by_word[first_word][id(alias)] = alias
            self._by_stems[alias.stems].append(alias)
            alias.fuzzy_only = not alias.weak and not alias.case_sensitive
            if alias.fuzzy_only and len(alias.concat) >= 5:
                fuzzy.append(alias)
        fuzzy.sort(key=lambda a: len(a.concat))
        for position, alias in enumerate(fuzzy):
            alias.fuzzy_position = position
        # the positions in self._fuzzy of the aliases of each first stem and first word
        self._fuzzy_by_stem = {
            stem: frozenset(a.fuzzy_position for a in found.values() if a.fuzzy_position >= 0)
            for stem, found in self._by_stem.items()
        }
        self._fuzzy_by_word = {
            word: frozenset(a.fuzzy_position for a in found.values() if a.fuzzy_position >= 0)
            for word, found in self._by_word.items()
        }
        self._max_stems = max((len(a.stems) for a in self.aliases), default=1)
        self._fuzzy = fuzzy
        self._fuzzy_concats = [a.concat for a in fuzzy]
        self._fuzzy_lengths = [len(a.concat) for a in fuzzy]
        self._fuzzy_max_stems = max((len(a.stems) for a in fuzzy), default=1)
        self._length_ranges: dict[int, tuple[int, int, np.ndarray | None]] = {}
        # Letter pairs narrow down the fuzzy candidates when there are many of them.
        self._many = len(fuzzy) > _SCAN_ALL
        self._bigrams: dict[str, np.ndarray] = {}
        self._needed_anywhere = np.zeros(0, dtype=np.intp)
        if self._many:
            positions: dict[str, list[int]] = defaultdict(list)
            for position, concat in enumerate(self._fuzzy_concats):
                for i in range(len(concat) - 1):
                    positions[concat[i : i + 2]].append(position)
            self._bigrams = {
                pair: np.array(found, dtype=np.intp) for pair, found in positions.items()
            }
            sizes = np.array(self._fuzzy_lengths, dtype=np.intp)
            self._needed_anywhere = np.min(
                [_needed_bigrams(sizes + offset, sizes) for offset in range(-3, 4)], axis=0
            )

    def _pairs_in_query(self, runs: _QueryRuns) -> np.ndarray:
        """For each fuzzy candidate, at how many places it has a pair of letters that also
        occurs in the query's stems (joined): at least at as many as it has a pair of any
        run of the query."""
        if runs.pairs is None:
            text = "".join(runs.stems)
            pairs = {text[i : i + 2] for i in range(len(text) - 1)}
            found = [self._bigrams[pair] for pair in pairs if pair in self._bigrams]
            runs.pairs = (
                np.bincount(np.concatenate(found), minlength=len(self._fuzzy))
                if found
                else np.zeros(len(self._fuzzy), dtype=np.intp)
            )
        return runs.pairs

    def _length_range(self, length: int) -> tuple[int, int, np.ndarray | None]:
        """The fuzzy candidates a window of `length` letters can match (their lengths differ
        by at most 3), and at how many places each must have a letter pair of the window
        (None when there are few enough to let rapidfuzz score them all)."""
        cached = self._length_ranges.get(length)
        if cached is None:
            low = bisect.bisect_left(self._fuzzy_lengths, length - 3)
            high = bisect.bisect_right(self._fuzzy_lengths, length + 3)
            needed = None
            if self._many and high - low > _SCAN_ALL:
                sizes = np.array(self._fuzzy_lengths[low:high], dtype=np.intp)
                needed = _needed_bigrams(length, sizes)
            cached = self._length_ranges[length] = (low, high, needed)
        return cached

    def _candidates(
        self, query_stems: list[str], folded_query: str, runs: _QueryRuns | None = None
    ) -> list[_Alias]:
        """The aliases that can score at all for this query; the rest are skipped."""
        if runs is None:
            runs = _QueryRuns(query_stems, self._max_stems + 1)
        return list(self._candidates_by_id(query_stems, folded_query, runs).values())

    def _candidates_by_id(
        self, query_stems: list[str], folded_query: str, runs: _QueryRuns
    ) -> dict[int, _Alias]:
        """`_candidates` by id(alias), in order. Their positions in self._fuzzy (for those
        that are fuzzy candidates) go to `runs.fuzzy_candidates`."""
        found: dict[int, _Alias] = {}
        fuzzy_candidates: set[int] = set()
        # In the query's order (not a set's): entries with equal scores come in the same order
        # in every process, whatever Python's hash seed.
        for stem in dict.fromkeys(query_stems):
            if stem in self._by_stem and stem not in _STOP_STEMS:
                found.update(self._by_stem[stem])  # keeps the place of those already found
                fuzzy_candidates |= self._fuzzy_by_stem[stem]
        for word in dict.fromkeys(folded_query.split()):
            if word in self._by_word:
                found.update(self._by_word[word])
                fuzzy_candidates |= self._fuzzy_by_word[word]
        done: set[str] = set()
        widths = range(1, min(self._fuzzy_max_stems + 1, len(query_stems)) + 1)
        for width in widths:
            for start in range(len(query_stems) - width + 1):
                parts = query_stems[start : start + width]
                if parts[0] in _STOP_STEMS or parts[-1] in _STOP_STEMS:
                    continue  # a name neither starts nor ends with a function word
                window = "".join(parts)
                if window in done:
                    continue  # the same letters elsewhere in the query: the same aliases
                done.add(window)
                low, high, needed = self._length_range(len(window))
                if low >= high:
                    continue
                if needed is None:
                    positions: list[int] | range = range(low, high)
                    choices = self._fuzzy_concats[low:high]
                else:
                    # Only the aliases with enough letter pairs of the window can reach the
                    # cutoff (pairs of the whole query bound those); rapidfuzz scores those,
                    # in the same order as all of them.
                    shared = self._pairs_in_query(runs)[low:high]
                    positions = (np.flatnonzero(shared >= needed) + low).tolist()
                    choices = [self._fuzzy_concats[p] for p in positions]
                for _choice, _score, number in process.extract(
                    window, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
                ):
                    alias = self._fuzzy[positions[number]]
                    found[id(alias)] = alias
                    fuzzy_candidates.add(alias.fuzzy_position)
        runs.fuzzy_candidates = fuzzy_candidates
        return found

    def _fuzzy_ratios(
        self,
        positions: set[int],
        runs: _QueryRuns,
        exact: set[int] | frozenset[int] = frozenset(),
        common: frozenset[str] = frozenset(),
    ) -> dict[int, float]:
        """For the aliases at `positions` in self._fuzzy, other than those in `exact` (by id):
        the best `fuzz.ratio` of their joined stems with the runs `near` them, by id(alias);
        only ratios at FUZZY_CUTOFF or above. Each run is compared with all its aliases at
        once."""
        if self._many:
            # too few letter pairs in common with any run of the query: below the cutoff
            shared = self._pairs_in_query(runs)
            positions = positions & set(np.flatnonzero(shared >= self._needed_anywhere).tolist())
        groups: dict[tuple[int, int], tuple[list[_Alias], list[str]]] = {}
        for position in sorted(positions):
            alias = self._fuzzy[position]
            if id(alias) in exact:
                continue
            key = (len(alias.stems), len(alias.concat))
            group = groups.get(key)
            if group is None:
                group = groups[key] = ([], [])
            group[0].append(alias)
            group[1].append(alias.concat)
        by_window: dict[str, tuple[list[_Alias], list[str]]] = {}
        for key, (group_aliases, concats) in groups.items():
            for window in runs.near(*key):
                if key[0] == 1 and window in common:
                    continue
                compared = by_window.get(window)
                if compared is None:
                    by_window[window] = (list(group_aliases), list(concats))
                else:
                    compared[0].extend(group_aliases)
                    compared[1].extend(concats)
        best: dict[int, float] = {}
        for window, (compared_aliases, concats) in by_window.items():
            for _choice, ratio, number in process.extract(
                window, concats, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                alias_id = id(compared_aliases[number])
                if ratio > best.get(alias_id, 0.0):
                    best[alias_id] = ratio
        return best

    def _alias_score(
        self,
        alias: _Alias,
        query_stems: list[str],
        raw_words: set[str],
        folded_query: str,
        runs: _QueryRuns | None = None,
        ratios: dict[int, float] | None = None,
    ) -> tuple[float, str]:
        """How well one alias matches the query (0 when not at all), and why. `runs` and
        `ratios` are the query's runs of stems and its fuzzy ratios (`_fuzzy_ratios`)."""
        if runs is None:
            runs = _QueryRuns(query_stems, self._max_stems + 1)
        size = len(alias.stems)
        if alias.folded in self._places and not _SCHEME_CONTEXT.search(folded_query):
            return 0.0, ""
        if alias.weak and not alias.case_sensitive:
            if alias.folded in GENERIC_WORDS:
                hit = f" {alias.folded} " in folded_query
                return (WEAK_MATCH, f"nevner «{alias.text}»") if hit else (0.0, "")
            if f" {alias.folded} " in folded_query:
                return STRONG_MATCH + 5 + size, f"nevner «{alias.text}»"
            if len(alias.folded.split()) > size:
                # A name made of ordinary words ("Én av mange"): only the whole name counts,
                # never its one content word ("hvor mange har vært med?").
                return 0.0, ""
            if alias.stems[0] in query_stems and _inflection_written(
                alias.folded, alias.stems[0], folded_query
            ):
                return WEAK_MATCH, f"ligner på «{alias.text}»"
            return 0.0, ""
        if alias.case_sensitive and re.search(
            rf"\b(hva|kva|what) (er|betyr|is|means?) (en |et |ei |eit |an? )?{re.escape(alias.folded)}\b",
            folded_query,
        ):
            # "hva er flyt?": an ordinary word asked about as a name is the name.
            return 100.0 + size, f"nevner «{alias.text}»"
        if alias.case_sensitive:
            hit = any(
                word.strip("?!.,:;()").upper() == word.strip("?!.,:;()")
                and fold(word) == alias.text.lower()
                for word in raw_words
            )
            return (100.0 + size, f"nevner «{alias.text}»") if hit else (0.0, "")
        if runs.contains(alias.stems):
            if size == 1 and not _inflection_written(alias.folded, alias.stems[0], folded_query):
                # The same stem from another word ("arbeidsledig" is not "arbeidsleder").
                return 0.0, ""
            return 100.0 + size * 2 + len(alias.concat) / 100, f"nevner «{alias.text}»"
        if len(alias.concat) < 5:
            return 0.0, ""
        if ratios is None:
            ratios = self._fuzzy_ratios({alias.fuzzy_position}, runs)
        best = ratios.get(id(alias), 0.0)
        if best >= FUZZY_CUTOFF:
            return best - 10 + size, f"ligner på «{alias.text}»"
        return 0.0, ""

    # -- key facts ------------------------------------------------------------------------
    def find_facts(
        self,
        question: str,
        tiltak_id: str | None = None,
        limit: int = 1,
        min_score: float = 0.12,
        only_this: bool = False,
    ) -> list[str]:
        """Key-fact sentences that answer a "hvor mange ...?" question, best first: those of
        `tiltak_id` first, or (`only_this`) only those."""
        if self._fact_matrix is None:
            return []
        wanted = fact_type(question)
        # The question words say what kind of fact is asked for, not what it is about:
        # "hvor mange" must not find "Én av mange".
        topic = expand_query(_UNIT_WORDS.sub(" ", _FACT_QUESTION.sub(" ", question)))
        vector = self._fact_vectorizer.transform([topic]).toarray().ravel()
        # Words found in the sentence itself count more than those of the entry's name (which
        # every fact of the entry carries): "hvor mange steg" finds "fem steg".
        scores = self._fact_matrix @ vector + 0.5 * (self._fact_text_matrix @ vector)
        counted = counted_word(question) if wanted == "count" else None
        if counted:
            # "hvor mange steg": a number right before that word ("fem steg") is the answer;
            # for people ("hvor mange unge") any word for people counts ("973 kandidater").
            words = _PEOPLE if _PEOPLE_WORD.match(counted) else re.escape(counted[:5])
            near = re.compile(_NUMBER + rf"\s+(\w+\s+)?({words})", re.I)
            scores = scores * np.array([1.5 if near.search(t) else 1.0 for _, t in self._facts])
        if wanted:
            # Only a fact of the asked type answers: a duration for "hvor lenge", an amount for
            # "hvor mye koster", a count for "hvor mange". Else the caller says the sources
            # do not tell, rather than giving a confident answer to another question.
            scores = np.where(self._fact_types[wanted], scores, 0.0)
        if tiltak_id and only_this:
            # A follow-up about one tiltak: only its own facts. Another entry's figure would be
            # a confident wrong answer; none at all lets the caller say the sources do not tell.
            scores = np.where(self._fact_ids == tiltak_id, scores, 0.0)
        elif tiltak_id:
            # A question about one named tiltak: its own facts, or facts that name it ("973
            # kandidater … har deltatt i Flere i arbeid"); never another scheme's figure.
            # Another entry's fact counts only when it matches the question strongly (measured:
            # right answers from a related entry scored 0.68-0.82, a wrong scheme's figure 0.32).
            own = self._fact_ids == tiltak_id
            related = self._names_tiltak(tiltak_id) | (scores >= OTHER_ENTRY_FACT_SCORE)
            scores = np.where(own, scores + 0.1, np.where(related, scores, 0.0))
        positions = np.flatnonzero(scores >= min_score)
        if not len(positions) and tiltak_id and wanted:
            # A bare follow-up ("hvor mange har vært med?") or a bare question about a named
            # tiltak ("kor lenge varer traineeprogrammet?") has no topic words left that
            # score: the tiltak's own first fact of the asked type answers it.
            own_typed = np.flatnonzero((self._fact_ids == tiltak_id) & self._fact_types[wanted])
            if len(own_typed) and wanted == "sector":
                # the one that names most trades ("helse-, bygg-, maler- og bilfag")
                pattern = _FACT_TYPES[wanted][1]
                hits = [len(pattern.findall(self._facts[p][1])) for p in own_typed.tolist()]
                positions = own_typed[[int(np.argmax(hits))]]
            else:
                positions = own_typed[:1]
        ranked = positions[np.argsort(-scores[positions], kind="stable")]
        unique: list[str] = []
        for position in ranked.tolist():
            text = self._facts[position][1]
            if text not in unique:
                unique.append(text)
        return unique[:limit]

    def _names_tiltak(self, tiltak_id: str) -> np.ndarray:
        """Which fact sentences mention the entry's name (before any dash or bracket)."""
        cached = self._mentions.get(tiltak_id)
        if cached is None:
            entry = self.get(tiltak_id) or {}
            core = fold(re.split(r"\s[–-]\s|\s*\(", entry.get("name", ""))[0]).strip()
            # A long first word also counts by its first letters: "arbeidsledere" speaks of
            # "Arbeidsledermodellen".
            head = next((w for w in core.split() if len(w) >= 10), "")[:10]

            def mentions(text: str) -> bool:
                folded = f" {fold(text)} "
                return bool(core) and (f" {core} " in folded or bool(head and f" {head}" in folded))

            cached = np.array([mentions(text) for _, text in self._facts], dtype=bool)
            self._mentions[tiltak_id] = cached
        return cached

    # -- by need ---------------------------------------------------------------------------
    def _build_need_filters(self) -> None:
        """What `search_by_need` asks of every entry, worked out once."""
        entries = self.entries

        def flags(test) -> np.ndarray:
            return np.array([bool(test(entry)) for entry in entries], dtype=bool)

        def age_limit(entry: dict, key: str, missing: float) -> float:
            value = (entry.get("eligibility") or {}).get(key)
            return missing if value is None else value

        # ended, or only proposed: not something a user can get
        self._ended = flags(lambda e: e.get("status") in ("avsluttet", "forslag"))
        self._elsewhere = flags(lambda e: e.get("scope") == "annen_kommune")
        self._min_age = np.array([age_limit(e, "min_age", -np.inf) for e in entries], dtype=float)
        self._max_age = np.array([age_limit(e, "max_age", np.inf) for e in entries], dtype=float)
        self._for_apprentices = flags(lambda e: "lærling" in e["name"].lower())
        self._municipal = flags(lambda e: "kommun" in e["name"].lower())
        self._for_pupils = flags(lambda e: _SCHOOL_AGE.search(self._who(e)))
        self._local = flags(lambda e: e.get("scope") == "lokal")
        self._pilot = flags(lambda e: e.get("status") in ("pilot", "ukjent"))
        self._audiences = [entry.get("audience") for entry in entries]
        self._other_audience: dict[str, np.ndarray] = {}
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for position, entry in enumerate(entries):
            groups[tuple(entry.get("tags") or [])].append(position)
        self._tag_groups = {tags: np.array(group, dtype=np.intp) for tags, group in groups.items()}

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
        entries outside the age range and ended or only proposed ones are left out."""
        if self._matrix is None:
            return []
        query_terms: dict[str, str] = {}
        if query.strip():
            vector = self._vectorizer.transform([self._analyze(expand_query(query))])
            # matrix times a dense vector: the same sums, in the same order, as sparse times
            # sparse, without building a sparse result
            scores = self._matrix @ vector.toarray().ravel()
            for word in fold(query).split():
                query_terms.setdefault(normalize_word(word), word)
        else:
            scores = np.zeros(len(self.entries))
        wanted = set(tags)
        if wanted:
            bonus = np.zeros(len(self.entries))
            for entry_tags, positions in self._tag_groups.items():
                shared_tags = [t for t in entry_tags if t in wanted]
                if shared_tags:
                    bonus[positions] = sum(
                        0.04 if tag in GENERIC_TAGS else 0.15 for tag in shared_tags
                    )
            scores = scores + bonus
        # The same factors, in the same order, as one entry at a time would get them.
        if "laerling" not in wanted:
            # made for apprentices: only when the user is or wants to be one
            scores = np.where(self._for_apprentices, scores * 0.6, scores)
        if "kommun" not in query.lower():
            # the municipality as employer: only when the user speaks of it
            scores = np.where(self._municipal, scores * 0.5, scores)
        if age is not None and age >= 19:
            # made for pupils in ungdomsskole, not for adults
            scores = np.where(self._for_pupils, scores * 0.4, scores)
        if audience:
            scores = np.where(self._for_other_audience(audience), scores * 0.6, scores)
        scores = np.where(self._local, scores * 1.1, scores)
        scores = np.where(self._pilot, scores * 0.9, scores)
        keep = (scores > 0.05) & ~self._ended
        if not include_other_municipalities:
            keep &= ~self._elsewhere
        if age is not None:
            keep &= (self._min_age <= age) & (age <= self._max_age)
        positions = np.flatnonzero(keep)
        ranked = positions[np.argsort(-scores[positions], kind="stable")].tolist()
        matches: list[Match] = []
        for position in ranked[:limit]:
            entry = self.entries[position]
            shared_tags = [t for t in entry.get("tags") or [] if t in wanted]
            reason = self._reason(position, shared_tags, query_terms)
            matches.append(Match(entry, float(scores[position]), reason))
        return matches

    def _for_other_audience(self, audience: str) -> np.ndarray:
        mask = self._other_audience.get(audience)
        if mask is None:
            mask = np.array([a not in (audience, "begge") for a in self._audiences], dtype=bool)
            self._other_audience[audience] = mask
        return mask

    @staticmethod
    def _who(entry: dict) -> str:
        return " ".join([entry["name"], *(entry.get("target_groups") or [])]).lower()

    def _reason(self, position: int, shared_tags: list[str], query_terms: dict[str, str]) -> str:
        """One short line on why an entry fits, in Norwegian."""
        specific = [t for t in shared_tags if t not in GENERIC_TAGS] or shared_tags
        if "psykisk-helse" in specific and "helse" in specific:
            specific.remove("helse")
        if specific:
            labels = [TAG_LABELS.get(tag, tag) for tag in specific[:3]]
            return "passer fordi det handler om " + _join(labels)
        matrix, columns = self._matrix, self._vectorizer.vocabulary_
        start, end = matrix.indptr[position], matrix.indptr[position + 1]
        document = set(matrix.indices[start:end].tolist())  # the columns of the entry's terms
        words = [
            word
            for stem, word in query_terms.items()
            if columns.get(stem) in document and _meaningful(word)
        ][:3]
        if words:
            return "passer med det du skrev om " + _join([f"«{w}»" for w in words])
        return "kan være aktuelt for deg"


def _analysed(terms: list[str]) -> list[str]:
    """The TF-IDF analyser for texts that are already analysed."""
    return terms


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


# What a "hvor …?" question asks for, and what a fact sentence of that type contains.
_NUMBER = r"(\d[\d  .,]*|en|én|ett|ei|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti|hundre)"
_FACT_TYPES: dict[str, tuple[re.Pattern, re.Pattern]] = {
    "duration": (
        re.compile(r"\b(hvor|kor) lenge\b|\bhow long\b|\btids(begrens|avgrens)", re.I),
        re.compile(
            _NUMBER + r"\s+(uke|uker|ukers|måned|måneder|måneders|år|års|dag|dager|dagers|time|"
            r"timer|semester|skoleår)\b|\b(tids(begrens|avgrens|grense)|varig|hele (året|skoleåret)|"
            r"halvår|ut skoleåret)",
            re.I,
        ),
    ),
    "amount": (
        re.compile(
            r"\b(hvor|kor) (mye|mykje)\b|\bhow much\b|"
            r"\bhva koster\b|\bbeløp",
            re.I,
        ),
        re.compile(r"\b(kr|kroner|kroners|millioner|million|mill\.?)\b", re.I),
    ),
    "when": (
        re.compile(
            r"\bnår (startet|begynte|kom|ble|var|starta|skjedde)|\bhvilket år\b|\bwhen did\b", re.I
        ),
        re.compile(
            r"\b(19|20)\d\d\b|\b(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b",
            re.I,
        ),
    ),
    "sector": (
        re.compile(
            r"\b(hvilke|kva for|what|which) (bransjer|fag|yrker|fagområder|områder|sektorer|"
            r"industries|sectors|trades)\b",
            re.I,
        ),
        re.compile(
            r"\b(bransje\w*|\w+fag\b|fagområde\w*|sektor\w*|helse-|bygg\w*|industri\w*|"
            r"handel|reiseliv|omsorg\w*|renhold|kjøkken|servering|næring\w*)",
            re.I,
        ),
    ),
    "origin": (
        re.compile(
            r"\b(hvor|kor) (kommer|kom) (ideen|idéen|modellen|tanken|det|dette|den) fra\b|"
            r"\binspirert av\b|\bopprinnelse\b|\bhvem fant på\b|"
            r"\bwhere (does|did) (it|the idea|this) come from\b",
            re.I,
        ),
        re.compile(
            r"\binspirert\b|\binspirasjon\w*|\better (modell|mønster)\b|\bhentet fra\b", re.I
        ),
    ),
    "count": (
        re.compile(r"\b(hvor|kor|har|er) mange\b|\bhow many\b|\bantall\b", re.I),
        re.compile(
            r"\b(?!(19|20)\d\d\b)\d[\d  ]*\b|\b(to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue)\b",
            re.I,
        ),
    ),
}
_FACT_QUESTION = re.compile(
    r"\b(hvor|kor) (mange|mye|mykje|lenge|stor|store)\b|\bhow (many|much|long)\b|\bnår\b|"
    r"\bhvilket år\b|\bantall\b",
    re.I,
)


# What a fact of each type looks like in a sentence ("tolv måneder", "850 000 kroner").
FACT_PATTERNS = {name: pattern for name, (_, pattern) in _FACT_TYPES.items()}


# Units say what kind of answer is wanted ("i kroner per måned"), not what it is about: left
# out of the topic, so that another scheme's price per month does not match on them.
_UNIT_WORDS = re.compile(
    r"\b(kroner|kr|millioner|mill|prosent|per|pr|måned\w*|uke\w*|år|året|årlig|dag|dager|"
    r"døgn|timer?|i snitt)\b",
    re.I,
)


def fact_type(question: str) -> str | None:
    """The type of fact a question asks for (duration, amount, when, count), if it says."""
    for name, (question_pattern, _) in _FACT_TYPES.items():
        if question_pattern.search(question or ""):
            return name
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«])")
_SCHEME_CONTEXT = re.compile(
    r"\b(prosjekt\w*|midler|tilskudd\w*|tiltak\w*|satsing\w*|program\w*|ordning\w*|modell\w*|"
    r"kommune\w*|arbeid\w*|jobb\w*|ansett\w*|laerling\w*|lærling\w*|ungdom\w*|unge|nav|"
    r"utenfor\w*|stotte|støtte|erfaring\w*|resultat\w*|deltak\w*|kandidat\w*|helsehus\w*)\b"
)


def _meaningful(word: str) -> bool:
    """A word that can carry a reason: not a number and not one of the language's most common
    words (wordfreq's Norwegian list, Zipf >= 5: «få», «går», «best», «mange», «jobb»). The tags
    already name the common needs ("passer fordi det handler om jobb")."""
    if len(word) < 3 or any(ch.isdigit() for ch in word):
        return False
    return zipf(word, "nb") < COMMON_WORD_ZIPF


_COUNTED = re.compile(
    r"\b(?:hvor|kor) mange\s+((?:[\w-]+\s+){0,5}?)(?=(?:har|er|var|fikk|deltok|ble|kan|gikk|kom|fullførte|startet|begynte|jobber|går|finnes|fins)\b|$|[?.!,])",
    re.I,
)
# Words for people, which facts name in many ways ("unge", "kandidater", "deltakere").
_PEOPLE = (
    r"unge\b|ungdom\w*|person\w*|deltaker\w*|kandidat\w*|folk\b|lærling\w*|laerling\w*|"
    r"elev\w*|ansatt\w*|flyktning\w*|innvandrer\w*|trainee\w*|jobbsøker\w*|arbeidssøker\w*|"
    r"deltok\b"
)
_PEOPLE_WORD = re.compile(rf"(?:{_PEOPLE})$", re.I)
_NOT_COUNTED = frozenset("av i på med fra som det de den til for og".split())


def counted_word(question: str | None) -> str | None:
    """What a "hvor mange …?" question counts: a word for people if it names one, else its
    last word before the verb ("hvor mange Flere i arbeid-lærlinger har …" counts
    «lærlinger», "hvor mange av ungdommene i FLYT har …" counts «ungdommene»)."""
    found = _COUNTED.search(question or "")
    if not found:
        return None
    words = [
        part
        for word in found.group(1).split()
        for part in word.lower().split("-")
        if len(part) >= 3 and part not in _NOT_COUNTED
    ]
    people = [word for word in words if _PEOPLE_WORD.match(word)]
    if people:
        return people[0]
    return words[-1] if words else None
