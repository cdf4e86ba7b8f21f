"""Need search: rank entries for a described need, audience, age and tags."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from knowledge.normalize import expand_query, fold, normalize_word
from knowledge.search.match import Match, Reason
from knowledge.wordlists import zipf

TYPICAL_TAG_COUNT = 4  # entries with more tags get a smaller bonus for each shared one
SAME_AUDIENCE_FACTOR = 1.15  # an entry for the asker's audience only, against one for both
COMMON_WORD_ZIPF = 5.0  # words this frequent in Norwegian never make a reason line
# Tags that many entries share: a weak sign that an entry fits.
MAIN_TAG_BONUS = 0.05  # the entry's first tag, its main need (knowledge/CONTENT.md), was asked for
# Tags that say whom an entry is for, not what it gives: as a first tag, no sign of the main need
# (an umbrella such as "Flere i arbeid – samarbeidet" starts with ung-utenfor, as Jobbskolen does).
WHO_TAGS = frozenset({"ung-utenfor", "innvandrer"})
GENERIC_TAGS = frozenset({"jobb", "skole", "utdanning", "oppfolging", "koordinering"})
# What a tag's need is called in the knowledge base's own text: searched along with the
# person's words when the message speaks of the need in everyday words ("hev-senk-bord" is
# tilrettelegging). Never part of a reason line: those use the person's own words.
TAG_VOCABULARY = {
    "tilrettelegging": "tilrettelegging tilrettelegge",
    "koordinering": "koordinator bindeledd kontaktperson støtteapparatet",
    "mentor": "mentor oppfølging arbeidsplassen",
}
_SCHOOL_AGE = re.compile(r"ungdomsskole|\btrinn\b|grunnskole|ungdomsskoleelev")
# Sectors that some entries are made for (named in the entry's name or target groups), and the
# words people use for their own trade or workplace. An entry made for another sector than the
# one the person names fits worse (a care-centre scheme for a building firm), one made for the
# same sector fits better.
SECTORS = {
    "helse": r"helse-? og omsorg\w*|helsefag\w*|omsorgs\w*|(i|innen|innenfor) helse\b|helsesektor\w*|"
    r"sykehjem\w*|sjukeheim\w*|helsehus\w*|pleie\w*|sykepleie\w*|hjemmetjeneste\w*|heimeteneste\w*|"
    r"hjemmesykepleie\w*|health care|healthcare|care homes?|nursing",
    "bygg": r"bygg(?!e om|a om|er om)\w*|tømrer\w*|snekker\w*|maler\w*|murer\w*|rørlegger\w*|elektriker\w*|"
    r"anlegg\w*|bilfag\w*|bilpleie|bilverksted\w*|bilmekaniker\w*|bilbransj\w*|mekaniker\w*|"
    r"(mekanisk )?verksted\w*|vedlikehold\w*|construction|carpent\w*|plumb\w*|electrician\w*|"
    r"mechanic\w*|garage",
    "service": r"hotell\w*|restaurant\w*|kafe\w*|kafé\w*|servering\w*|kjøkken\w*|kokk\w*|"
    r"butikk\w*|dagligvare\w*|varehandel\w*|kjede\w*|reiseliv\w*|frisør\w*|salong\w*|"
    r"housekeeping|hotel\w*|café|cafe|shop|store|retail",
    "kontor": r"kontorjobb\w*|kontorarbeid\w*|(regnskaps|advokat|arkitekt|reklame)\w*|"
    r"konsulentselskap\w*|it-(firma|bedrift|selskap)\w*|programvare\w*|office|software",
    "oppvekst": r"barnehage\w*|sfo|kindergarten",
}
_SECTOR_RES = {
    sector: re.compile(rf"\b({pattern})", re.IGNORECASE) for sector, pattern in SECTORS.items()
}
# A need the message names gets one of the entries shown when its best entry scores at least
# this share of the top one.
COVER_MIN_RATIO = 0.5
NETWORK_FACTOR = 0.8  # a network (first tag `nettverk`) for a need that asks for none
# A permanent post asked for ("fastansette henne", "noe mer varig"): a scheme for temporary
# posts (named so) fits worse.
_PERMANENT = re.compile(
    r"\b(fastansett\w*|fast ansett\w*|ansette (\w+ )?fast|fast stilling\w*|faste stilling\w*|"
    r"fast jobb|permanent\w*|varig\w*|fast tilsett\w*|tilsette (\w+ )?fast)\b",
    re.IGNORECASE,
)
TEMPORARY_FACTOR = 0.6
ELSEWHERE_ASKED_FACTOR = 1.3
# "Finnes det eksempler fra andre kommuner?", "hvem har prøvd det?": what other
# municipalities did is what is asked.
_ASKS_ELSEWHERE = re.compile(
    r"\b(andre|andre norske|flere) (kommuner|byer|steder|kommunar)\b|\beksempl\w* fra\b|"
    r"\b(hvem|kven) (andre )?har (prøvd|testet|gjort|brukt)\b|\berfaring\w* fra\b|"
    r"\bandre steder\b|\bi andre kommuner\b|\bother (municipalities|towns|places)\b|"
    r"\belsewhere\b|\b(fredrikstad|kongsvinger|lyngdal|sør-fron|vennesla|hjørring|alna)\b",
    re.IGNORECASE,
)
OTHER_SECTOR_FACTOR = 0.5  # like the municipality's own schemes for a private employer
SAME_SECTOR_FACTOR = 1.2
SAME_SECTOR_BONUS = 0.2  # a little more than a specific tag shared: the trade is the goal
# An umbrella (a cooperation, a government effort, a partnership) is not something a person can
# join: it ranks below the offers under it.
_UMBRELLA = re.compile(r"\b(samarbeid\w*|satsing\w*|partnerskap\w*)\b", re.IGNORECASE)
UMBRELLA_FACTOR = 0.8
YOUTH_MAIN_TAGS = frozenset({"ung-utenfor", "skole", "psykisk-helse"})
YOUTH_MAIN_FACTOR = 0.7


def _sector_word(text: str) -> str | None:
    """The person's own word for a sector or trade, for the reason line."""
    for pattern in _SECTOR_RES.values():
        found = pattern.search(text or "")
        if found:
            return found.group(0)
    return None


def sectors_in(text: str) -> frozenset[str]:
    """The sectors a text names ("byggfirma", "på sykehjemmet", "hotell")."""
    return frozenset(sector for sector, pattern in _SECTOR_RES.items() if pattern.search(text))


# Words every question about schemes uses: they say what kind of thing is asked about, not the
# need ("passer med det du skrev om «arbeidsgiver» og «tiltak»" explains nothing).
DOMAIN_WORDS = frozenset(
    """tiltak tiltaket tiltakene arbeidsgiver arbeidsgivere arbeidsgiveren nav kommunen kommune
    hjelp hjelpe tilbud tilbudet ordning ordningen program programmet bedrift bedriften
    bedrifter bedrifta bedriftene firma firmaet sjanse mulighet muligheter noe finnes fins
    far faren mor moren mora foreldre sønnen sønn datteren dattera gutten jenta broren bror
    søsteren søstera onkelen tanten kompis venn vennen opplegg opplegget
    tilbudene ordningene programmer""".split()
)


def _meaningful(word: str) -> bool:
    """A word that can carry a reason: not a number, not one of the language's most common
    words (wordfreq's Norwegian list, Zipf >= 5: «få», «går», «best», «mange», «jobb») and not a
    word every question about schemes uses (`DOMAIN_WORDS`). The tags already name the common
    needs ("passer fordi det handler om jobb")."""
    if len(word) < 3 or any(ch.isdigit() for ch in word) or word.lower() in DOMAIN_WORDS:
        return False
    return zipf(word, "nb") < COMMON_WORD_ZIPF


class NeedSearch:
    """The need part of `TiltakIndex` (a mixin: the index holds the entries and the matrix)."""

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
        self._main_tags = np.array([(e.get("tags") or [""])[0] for e in entries], dtype=object)
        self._youth_main = flags(
            lambda e: e.get("audience") == "begge" and (e.get("tags") or [""])[0] in YOUTH_MAIN_TAGS
        )
        self._umbrella = flags(lambda e: _UMBRELLA.search(e["name"]))
        self._temporary = flags(lambda e: "midlertidig" in e["name"].lower())
        self._network = flags(lambda e: (e.get("tags") or [""])[0] == "nettverk")
        # made for one sector: named in the name or the target groups ("KIMU helsefag",
        # "Arbeidsleder i bygg-, maler- og bilfag")
        self._sectors = [sectors_in(self._who(entry)) for entry in entries]
        self._audiences = [entry.get("audience") for entry in entries]
        self._other_audience: dict[str, np.ndarray] = {}
        self._only_audience: dict[str, np.ndarray] = {}
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
        english_query: str | None = None,
    ) -> list[Match]:
        """Rank entries for a described need. Entries for the other audience count less,
        entries outside the age range and ended or only proposed ones are left out. An
        English message (`english_query`, with `query` its few words in Norwegian) is also
        ranked against the entries' English text (knowledge.search.english)."""
        if self._matrix is None:
            return []
        query_terms: dict[str, str] = {}
        searched = ""
        if english_query:
            # the Norwegian words of an English message: "no", "in" and "am" are not Norwegian
            query = " ".join(w for w in fold(query).split() if w not in ENGLISH_STOP_WORDS)
        if query.strip():
            vocabulary = [TAG_VOCABULARY[tag] for tag in tags if tag in TAG_VOCABULARY]
            searched = " ".join([expand_query(query), *vocabulary])
            vector = self._vectorizer.transform([self._analyze(searched)])
            # matrix times a dense vector: the same sums, in the same order, as sparse times
            # sparse, without building a sparse result
            scores = self._matrix @ vector.toarray().ravel()
            for word in fold(query).split():
                query_terms.setdefault(normalize_word(word), word)
        else:
            scores = np.zeros(len(self.entries))
        if english_query:
            english = self._english.scores(english_query)
            if english is not None:
                scores = scores + english
        wanted = set(tags)
        if wanted:
            bonus = np.zeros(len(self.entries))
            for entry_tags, positions in self._tag_groups.items():
                shared_tags = [t for t in entry_tags if t in wanted]
                if shared_tags:
                    # an entry tagged with many needs is a weaker sign of each one (like BM25's
                    # length normalisation): Ung start's seven tags include tilrettelegging,
                    # inkluderingstilskudd's three are about little else
                    spread = min(1.0, (TYPICAL_TAG_COUNT / len(entry_tags)) ** 0.5)
                    bonus[positions] = spread * sum(
                        0.04 if tag in GENERIC_TAGS else 0.15 for tag in shared_tags
                    )
                    main = entry_tags[0]
                    if main in wanted and main not in GENERIC_TAGS and main not in WHO_TAGS:
                        bonus[positions] += MAIN_TAG_BONUS
            scores = scores + bonus
        # The same factors, in the same order, as one entry at a time would get them.
        if "laerling" not in wanted:
            # made for apprentices: only when the user is or wants to be one
            scores = np.where(self._for_apprentices, scores * 0.6, scores)
        if "kommun" not in fold(searched):
            # the municipality as employer: only when the user speaks of it (or of hiring
            # without announcing the post, which only a public employer must do)
            scores = np.where(self._municipal, scores * 0.5, scores)
        if "nettverk" not in wanted:
            # a network, a council, a newsletter: for those who ask for one (knowledge/CONTENT.md)
            scores = np.where(self._network, scores * NETWORK_FACTOR, scores)
        if audience == "arbeidsgiver":
            # an entry for both whose main need is the young person's situation (Ung start's is
            # ung-utenfor): for an employer only when the message speaks of that situation
            scores = np.where(
                self._youth_main & ~np.isin(self._main_tags, list(wanted)),
                scores * YOUTH_MAIN_FACTOR,
                scores,
            )
        if "koordinering" not in wanted and "nettverk" not in wanted:
            scores = np.where(self._umbrella, scores * UMBRELLA_FACTOR, scores)
        if _PERMANENT.search(query):
            scores = np.where(self._temporary, scores * TEMPORARY_FACTOR, scores)
        named = sectors_in(english_query or query)
        if named:
            same = np.array([bool(s & named) for s in self._sectors], dtype=bool)
            other = np.array([bool(s) and not s & named for s in self._sectors], dtype=bool)
            # the trade named is a need as specific as a tag ("vil bli helsefagarbeider")
            # (only when no other need is named: an employer's need says what is asked)
            bonus = SAME_SECTOR_BONUS if not wanted - GENERIC_TAGS - WHO_TAGS else 0.0
            scores = np.where(same, (scores + bonus) * SAME_SECTOR_FACTOR, scores)
            scores = np.where(other, scores * OTHER_SECTOR_FACTOR, scores)
        if age is not None and age >= 19:
            # made for pupils in ungdomsskole, not for adults
            scores = np.where(self._for_pupils, scores * 0.4, scores)
        if audience:
            # made for this audience only fits better than made for both ("Ung start" is for
            # the youth on Jobbskolen and the companies that take them in; an employer asking
            # about adjustments is better served by inkluderingstilskudd)
            scores = np.where(self._for_only(audience), scores * SAME_AUDIENCE_FACTOR, scores)
        scores = np.where(self._local, scores * 1.1, scores)
        scores = np.where(self._pilot, scores * 0.9, scores)
        asks_elsewhere = bool(_ASKS_ELSEWHERE.search(english_query or query))
        if asks_elsewhere:
            # asked for: what other municipalities did comes first
            scores = np.where(self._elsewhere, scores * ELSEWHERE_ASKED_FACTOR, scores)
        keep = (scores > 0.05) & ~self._ended
        if not include_other_municipalities and not asks_elsewhere:
            # other municipalities' schemes only for those who ask what others have done
            keep &= ~self._elsewhere
        if age is not None:
            keep &= (self._min_age <= age) & (age <= self._max_age)
        if audience:
            # made for the other audience only: never recommended for a need (a young person
            # asking for work does not get the employers' coordinator; one named is found by
            # the name search)
            keep &= ~self._for_other_audience(audience)
        positions = np.flatnonzero(keep)
        ranked = positions[np.argsort(-scores[positions], kind="stable")].tolist()
        chosen = self._covering(ranked, scores, wanted - GENERIC_TAGS - WHO_TAGS, limit)
        matches: list[Match] = []
        sector_word = _sector_word(english_query or query)
        for position in chosen:
            entry = self.entries[position]
            shared_tags = [t for t in entry.get("tags") or [] if t in wanted]
            reason = self._reason(position, shared_tags, query_terms)
            if reason.kind == "maybe" and sector_word and self._sectors[position] & named:
                # made for the trade the person named ("vil bli bilmekaniker")
                reason = Reason("words", (sector_word,))
            matches.append(Match(entry, float(scores[position]), reason))
        return matches

    def _covering(
        self, ranked: list[int], scores: np.ndarray, needs: set[str], limit: int
    ) -> list[int]:
        """The first `limit` of `ranked`, changed so that each need the message names gets an
        entry when one scores well enough: "støtte, både økonomisk og med språket" gets a
        subsidy as well as language training, not three language schemes. An entry is only
        replaced when the others cover its needs."""
        chosen = ranked[:limit]
        if len(needs) < 2 or len(chosen) < 2:
            return chosen
        floor = scores[chosen[0]] * COVER_MIN_RATIO

        def needs_of(position: int) -> set[str]:
            return set(self.entries[position].get("tags") or []) & needs

        for need in sorted(
            needs, key=lambda n: -max((scores[p] for p in ranked if n in needs_of(p)), default=0)
        ):
            if any(need in needs_of(p) for p in chosen):
                continue
            candidate = next(
                (
                    p
                    for p in ranked
                    if p not in chosen and need in needs_of(p) and scores[p] >= floor
                ),
                None,
            )
            if candidate is None:
                continue
            for slot in range(len(chosen) - 1, 0, -1):
                others = set().union(*(needs_of(p) for k, p in enumerate(chosen) if k != slot))
                if needs_of(chosen[slot]) <= others:
                    chosen[slot] = candidate
                    break
        return sorted(chosen, key=lambda p: -scores[p])

    def _for_only(self, audience: str) -> np.ndarray:
        mask = self._only_audience.get(audience)
        if mask is None:
            mask = np.array([a == audience for a in self._audiences], dtype=bool)
            self._only_audience[audience] = mask
        return mask

    def _for_other_audience(self, audience: str) -> np.ndarray:
        mask = self._other_audience.get(audience)
        if mask is None:
            mask = np.array([a not in (audience, "begge") for a in self._audiences], dtype=bool)
            self._other_audience[audience] = mask
        return mask

    @staticmethod
    def _who(entry: dict) -> str:
        return " ".join([entry["name"], *(entry.get("target_groups") or [])]).lower()

    def _reason(self, position: int, shared_tags: list[str], query_terms: dict[str, str]) -> Reason:
        """Why an entry fits: the specific tags it shares, else the person's own meaningful words
        in it, else only that it may fit (the text is bot.guidance.answers.reason_text)."""
        specific = [t for t in shared_tags if t not in GENERIC_TAGS] or shared_tags
        if "psykisk-helse" in specific and "helse" in specific:
            specific.remove("helse")
        if specific:
            return Reason("topics", tuple(specific[:3]))
        matrix, columns = self._matrix, self._vectorizer.vocabulary_
        start, end = matrix.indptr[position], matrix.indptr[position + 1]
        document = set(matrix.indices[start:end].tolist())  # the columns of the entry's terms
        words = [
            word
            for stem, word in query_terms.items()
            if columns.get(stem) in document and _meaningful(word)
        ][:3]
        if words:
            return Reason("words", tuple(words))
        return Reason("maybe")
