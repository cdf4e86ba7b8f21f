"""Name search: entries whose name or alias a question mentions (typos, inflections, Nynorsk)."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.normalize import fold, normalize_word, tokens
from knowledge.search.aliases import (
    _SCAN_ALL,
    _STOP_STEMS,
    FUZZY_CUTOFF,
    _Alias,
    _inflection_written,
    _needed_bigrams,
    _QueryRuns,
)
from knowledge.search.match import NO_REASON, Match, Reason
from knowledge.wordlists import zipf

# Words at least this common in Norwegian (wordfreq's Zipf scale: "arbeidsledig" 3.2,
# "jobber" 5.4; a misspelling or a scheme's own word is usually below 1) are taken as written.
FUZZY_COMMON_ZIPF = 3.0
STRONG_MATCH = 90.0  # a name match at or above this is what the question is about
WEAK_MATCH = 80.0
# Everyday domain words that are also aliases ("lærling", "mentor"): naming them does not
# mean the user asks about that one entry.
# Ways to ask what something is, with the name as \x00: "hva er \x00", "hva er greia med \x00",
# "hva går \x00 ut på", "fortell om \x00", "what is \x00", "\x00 – hva er det?".
_ASKED_ABOUT_AS_NAME = re.compile(
    r"\b(?:(?:hva|kva|ka|what) (?:er|e|betyr|is|means?)(?: (?:greia|greiene|opplegget|det|egentlig))*"
    r"(?: med)?|what's|whats|fortell (?:meg )?(?:litt )?(?:mer )?om|tell me about|hva med|"
    r"kjenner du til|har du hørt om|hva går|kva går) (?:en |et |ei |eit |an? |the )?\x00(?!\w)|"
    r"\x00,? (?:hva|kva) er (?:det|det for noe|det for noko)\b",
)

GENERIC_WORDS = frozenset(
    """lærling lærlinger lærlingen mentor mentoren nav jobb jobben jobbe skole skolen ung unge
    ungdom arbeid arbeidet praksis oppfølging tilskudd veileder veilederen kurs fagbrev trainee
    program programmet tiltak hjelp kommunen bedrift bedrifter språk helse opplæring
    arbeidsgiver arbeidsgivere garanti""".split()
)

_SCHEME_CONTEXT = re.compile(
    r"\b(prosjekt\w*|midler|tilskudd\w*|tiltak\w*|satsing\w*|program\w*|ordning\w*|modell\w*|"
    r"kommune\w*|arbeid\w*|jobb\w*|ansett\w*|laerling\w*|lærling\w*|ungdom\w*|unge|nav|"
    r"utenfor\w*|stotte|støtte|erfaring\w*|resultat\w*|deltak\w*|kandidat\w*|helsehus\w*)\b"
)


class NameSearch:
    """The name part of `TiltakIndex` (a mixin: the index holds the entries and aliases)."""

    # -- by name ---------------------------------------------------------------------------
    def find_by_name(self, query: str, audience: str | None = None, limit: int = 3) -> list[Match]:
        """Entries whose name or alias the query mentions, best first. When none is found as
        written, unknown words are corrected against the names' own words and it tries again
        ("hvordn kan jg søke på ung strat")."""
        query = self._without_other_names(query)
        found = self._find_by_name(query, audience, limit)
        joined = self._join_split_compounds(query)  # "trainee program" is "traineeprogram"
        if joined != query:
            again = self._find_by_name(joined, audience, limit)
            if (
                again
                and again[0].score >= STRONG_MATCH
                and (not found or again[0].score > found[0].score)
            ):
                return again
        if found and found[0].score >= STRONG_MATCH:
            return found
        corrected = self._speller.correct(query)
        if corrected != query:
            again = self._find_by_name(corrected, audience, limit)
            if again and (not found or again[0].score > found[0].score):
                return again
        return found

    def _without_other_names(self, query: str) -> str:
        """A place followed by a capitalised word is another name ("Oslo Economics", "OsloMet"
        written apart): not the place's scheme. "Kristiansand kommune" stays."""
        if self._other_names is None:
            places = sorted((p for p in self._places if " " not in p), key=len, reverse=True)
            self._other_names = re.compile(
                r"\b(?i:" + "|".join(re.escape(p) for p in places) + r")\s+"
                r"(?!(?i:kommune|kommunes|bydel)\b)(?-i:[A-ZÆØÅ])[\wæøå]+"
            )
        return self._other_names.sub(" ", query)

    def _join_split_compounds(self, query: str) -> str:
        """Two words written apart that are one word of a name ("trainee program", "mentor
        tilskudd", "lønns tilskuddet"), joined; anything else as it was."""
        if self._compound_name_words is None:
            self._compound_name_words = frozenset(
                word for alias in self.aliases for word in alias.folded.split() if len(word) >= 8
            )
            self._compound_name_stems = frozenset(
                normalize_word(word) for word in self._compound_name_words
            )
        words = query.split()
        if len(words) < 2:
            return query
        result: list[str] = []
        position = 0
        while position < len(words):
            if position + 1 < len(words):
                first, second = words[position], words[position + 1]
                together = fold(first.rstrip("-") + second)  # fold drops the punctuation
                bare = re.sub(r"(ene|en|et|a)$", "", together)  # "programmet" as "program"
                if (
                    together in self._compound_name_words
                    or bare in self._compound_name_words
                    # any inflection ("bedrifts pakka" is "bedriftspakken")
                    or normalize_word(together) in self._compound_name_stems
                ):
                    result.append(first.rstrip("-") + second)
                    position += 2
                    continue
            result.append(words[position])
            position += 1
        return " ".join(result)

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
            return 0.0, NO_REASON
        if alias.weak and not alias.case_sensitive:
            if alias.folded in GENERIC_WORDS:
                hit = f" {alias.folded} " in folded_query
                return (WEAK_MATCH, Reason("name", (alias.text,))) if hit else (0.0, NO_REASON)
            if f" {alias.folded} " in folded_query:
                return STRONG_MATCH + 5 + size, Reason("name", (alias.text,))
            if len(alias.folded.split()) > size:
                # A name made of ordinary words ("Én av mange"): only the whole name counts,
                # never its one content word ("hvor mange har vært med?").
                return 0.0, NO_REASON
            if alias.stems[0] in query_stems and _inflection_written(
                alias.folded, alias.stems[0], folded_query
            ):
                return WEAK_MATCH, Reason("similar", (alias.text,))
            return 0.0, NO_REASON
        if alias.case_sensitive and _ASKED_ABOUT_AS_NAME.search(
            folded_query.replace(alias.folded, "\x00")
        ):
            # "hva er flyt?", "hva er greia med flyt", "fortell om flyt": an ordinary word asked
            # about as a name is the name.
            return 100.0 + size, Reason("name", (alias.text,))
        if alias.case_sensitive:
            hit = any(
                word.strip("?!.,:;()").upper() == word.strip("?!.,:;()")
                and fold(word) == alias.text.lower()
                for word in raw_words
            )
            return (100.0 + size, Reason("name", (alias.text,))) if hit else (0.0, NO_REASON)
        if runs.contains(alias.stems):
            if size == 1 and not _inflection_written(alias.folded, alias.stems[0], folded_query):
                # The same stem from another word ("arbeidsledig" is not "arbeidsleder").
                return 0.0, NO_REASON
            return 100.0 + size * 2 + len(alias.concat) / 100, Reason("name", (alias.text,))
        if len(alias.concat) < 5:
            return 0.0, NO_REASON
        if ratios is None:
            ratios = self._fuzzy_ratios({alias.fuzzy_position}, runs)
        best = ratios.get(id(alias), 0.0)
        if best >= FUZZY_CUTOFF:
            return best - 10 + size, Reason("similar", (alias.text,))
        return 0.0, NO_REASON
