"""Fact search: the key-fact sentence that answers a "hvor mange/lenge/mye …?" question."""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.normalize import expand_query, fold
from knowledge.search.english import english_terms
from knowledge.search.names import STRONG_MATCH

OTHER_ENTRY_FACT_SCORE = 0.5

# What a "hvor …?" question asks for, and what a fact sentence of that type contains.
_NUMBER = r"(\d[\d  .,]*|en|én|ett|ei|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti|hundre)"
# A number that only counts: not "en", "ett", "ei" (also articles).
_COUNTING_NUMBER = (
    r"(\d[\d  .,]*|én|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti|"
    r"hundre)"
)
_NEVER = re.compile(r"(?!x)x")  # a type the sources never give: only an honest answer fits
_FACT_TYPES: dict[str, tuple[re.Pattern, re.Pattern]] = {
    # Checked in this order: the first question pattern that matches gives the type, so the
    # narrow types come before the broad ones ("hvor mange prosent" is a share, not a count).
    "contact": (
        # The reports give no addresses, opening hours, phone numbers or e-mails of offices.
        re.compile(
            r"(?<![-\w])(adressen?|besøksadresse\w*|åpningstid\w*|opening hours|address)\b|"
            r"\bnår (har|er) (de|dere|det|den|\w+en) (åpent|åpen|open)\b|"
            r"\b(hva|hvilket|what) (er|is) (telefonnummer(et)?|nummeret|e-?postadressen?|"
            r"the (phone number|e-?mail address))\b",
            re.I,
        ),
        _NEVER,
    ),
    "percent": (
        re.compile(
            r"\b(hvor|kor) mange prosent\b|\b(hvor|kor) (stor|høy) (andel|del|prosent\w*)\b|"
            r"\bhvilken andel\b|\bwhat (percentage|share|proportion)\b|\bhow many percent\b",
            re.I,
        ),
        re.compile(r"\d[\d,.]*\s*(%|prosent)|\b(halvparten|flertallet|majoriteten)\b", re.I),
    ),
    "waiting": (
        re.compile(r"\bvente(tid|liste)\w*|\bhow long .{0,30}\bwait", re.I),
        re.compile(r"\bvente(tid|liste)\w*|\bwait", re.I),
    ),
    "frequency": (
        re.compile(r"\b(hvor|kor) ofte\b|\bhow often\b", re.I),
        re.compile(
            r"\b(i|per|pr\.?) (året|år|måneden|måned|uka|uken|uke)\b|"
            r"\bhver(t)? (uke|måned|år|dag)\b|\b(årlig|ukentlig|månedlig|daglig)\w*",
            re.I,
        ),
    ),
    "funding": (
        re.compile(
            r"\bhvem (betaler|finansierer|dekker|bekoster|spanderer|står for (kostnaden|utgiftene))\b|"
            r"\bhvem (har )?(betalt|finansiert|bekostet|betalte|finansierte)\b|"
            r"\bkven (betaler|betalar|finansierer|finansierar|dekkjer|dekker)\b|"
            r"\bkven (har )?(betalt|finansiert)\b|\bwho (pays|funds|finances|funded|financed|paid)\b|"
            r"\b(hvordan|hvem) (er|blir) (det|den|dette|programmet|tiltaket) finansiert\b",
            re.I,
        ),
        re.compile(
            r"\b(finansier\w*|betal(er|es|t)|dekke[rs]?|bekost\w*|bevilg\w*|tilskudd\w*|"
            r"midler|funded|pays?)\b",
            re.I,
        ),
    ),
    "duration": (
        re.compile(
            r"\b(hvor|kor) (lenge|lange|lang tid)\b|\bhow long\b|\btids(begrens|avgrens)|"
            r"\b(hvor|kor) mange (uker|måneder|måneders|år|dager|timer|veker|månader|dagar)\b|"
            r"\bhow many (weeks|months|years|days|hours)\b",
            re.I,
        ),
        re.compile(
            _NUMBER + r"\s+(uke|uker|ukers|måned|måneder|måneders|år|års|dag|dager|dagers|time|"
            r"timer|semester|skoleår)\b|\b(tids(begrens|avgrens|grense)|varig|hele (året|skoleåret)|"
            r"halvår|ut skoleåret)|\b(ut|til|fram til|frem til|gjennom|until) (året )?(19|20)\d\d\b|"
            r"\b(19|20)\d\d ?[–-] ?(19|20)?\d\d\b|"
            r"\b(en|ett|to|tre|fire|fem|seks|ti|tolv)(dagers|ukers|måneders|månaders|årig\w*|års)\b",
            re.I,
        ),
    ),
    "ratio": (
        # "hvor mye større sjanse …": a number of times, not an amount of money
        re.compile(
            r"\b(hvor|kor) (mye|mykje|mange ganger) (større|høyere|mer|mindre|lavere|større sjanse|"
            r"oftere)\b|\bhow (much|many times) (more|higher|greater|bigger|likelier)\b",
            re.I,
        ),
        re.compile(
            r"\b(\d+([,.]\d+)?|to|tre|fire|fem|ti|femten|tretti) ganger\b|\bdobbelt\b", re.I
        ),
    ),
    "leader": (
        # "Hvem ledet oppgaveutvalget?": the person or body named as leading it
        re.compile(
            r"\b(hvem|kven) (har )?(ledet|ledde|leda|leia|leidde|var leder for|var leiar for)\b|"
            r"\bwho (led|chaired|headed)\b",
            re.I,
        ),
        re.compile(r"\b(ledet|ledes|leia|leies|leiast) av\b|\bled by\b|\butvalgsleder\b", re.I),
    ),
    "amount": (
        re.compile(
            r"\b(hvor|kor) (mye|mykje)\b|\bhow much\b|"
            r"\b(hva|kva) koster\b|\bbeløp|"
            r"\b(hva|kva) (er|blir|var) (den |det |de )?(\w+ ){0,2}(\w*prisen|\w*kostnaden|\w*kostnadene|"
            r"finansieringen|budsjettet|bevilgningen|summen)\b|"
            r"\bprisen (per|pr|på|for)\b|\b(hvor|kor) dyr\w*|\bwhat does it cost\b|\bthe price\b",
            re.I,
        ),
        re.compile(r"\b(kr|kroner|kroners|millioner|million|mill\.?)\b", re.I),
    ),
    "when": (
        re.compile(
            r"\bnår (startet|begynte|kom|ble|var|starta|skjedde|dro|reiste|åpnet|opna|vedtok|kom i gang)|"
            r"\bhvilket år\b|\bkva år\b|\bwhen did\b|\bwhat year\b",
            re.I,
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
        # a number that counts something: not a year, and not a duration, an amount or a
        # share ("tolv måneder", "850 000 kroner", "30 prosent" answer other questions);
        # "én rekruttering" counts
        re.compile(
            r"(?:\b(?!(?:19|20)\d\d\b)\d[\d  ]*\b|"
            r"\b(?:én|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue)\b)"
            r"(?![\d  .,]*(?:(?:og|til|to|and|–|-)\s*\d[\d  .,]*)?\s*(?:prosent|%|kroner|kr\b|mill\w*|milliard\w*|uke\w*|måned\w*|mnd|"
            r"år\b|års\b|dag\b|dager\w*|døgn|time\w*|minutt\w*|weeks?|months?|years?|days?|"
            r"hours?|percent|NOK))",
            re.I,
        ),
    ),
}
# Fact types that only the fact search answers (an address, a share, a waiting time, how often,
# who pays): asked about a tiltak, they get its fact of that type or an honest "the sources do
# not say", never its summary or a greeting.
TYPED_ONLY_FACTS = frozenset({"contact", "percent", "waiting", "frequency", "funding"})


def asks_typed_only_fact(text: str | None) -> bool:
    """Whether the text asks for a fact of a type only the fact search answers."""
    return fact_type(text or "") in TYPED_ONLY_FACTS


_FACT_QUESTION = re.compile(
    r"\b(hvor|kor) (mange|mye|mykje|lenge|stor|store|ofte|høy)\b|\bhow (many|much|long|often)\b|"
    r"\bnår\b|\bhvem (betaler|finansierer|dekker)\b|\bwho pays\b|\bprosent\b|\bandel\b|"
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


# "…, og hvor lenge …?", "… og kor mange …", "…? Og hvem …": a second question in one message.
NEXT_QUESTION = re.compile(
    r"(?:[,;?]\s*|\s+)(?:og|and|men|samt)\s+(?=(?:hvor|kor|hvem|kven|når|hva|kva|hvilke\w*|how|who|when|what|which)\b)"
    r"|(?<=\?)\s+(?=\w)",
    re.I,
)
MAX_QUESTION_PARTS = 3


def question_parts(question: str) -> list[str]:
    """The fact questions one message asks: "hvor mange var med, og hvor lenge varte det?"
    asks two. One part unless every part asks for a fact of a type of its own."""
    parts = [part.strip() for part in NEXT_QUESTION.split(question or "") if part.strip()]
    if not 1 < len(parts) <= MAX_QUESTION_PARTS or any(fact_type(p) is None for p in parts):
        return [question]
    return parts


def fact_type(question: str) -> str | None:
    """The type of fact a question asks for (duration, amount, when, count), if it says."""
    for name, (question_pattern, _) in _FACT_TYPES.items():
        if question_pattern.search(question or ""):
            return name
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«])")

_COUNTED = re.compile(
    r"\b(?:hvor|kor) mange\s+((?:[\w-]+(?:\s+|(?=[?.!,]|$))){0,5}?)(?=(?:har|hadde|hatt|er|var|fikk|får|fått|deltok|ble|kan|gikk|kom|fullførte|startet|begynte|"
    r"jobber|går|finnes|fins|tok|tar|mottok|mottar|signerte|brukte|bruker)\b|$|[?.!,])|"
    r"\bhow many\s+((?:[\w-]+\s+){0,3}?)(?=(?:have|has|had|are|were|is|was|did|do|does|took|got|can|will)\b|$|[?.!,])",
    re.I,
)
# Words for people, which facts name in many ways ("unge", "kandidater", "deltakere").
_PEOPLE = (
    r"unge\b|ungdom\w*|person\w*|deltaker\w*|kandidat\w*|folk\b|lærling\w*|laerling\w*|"
    r"elev\w*|ansatt\w*|flyktning\w*|innvandrer\w*|trainee\w*|jobbsøker\w*|arbeidssøker\w*|"
    r"deltok\b|rekruttering\w*|ansettelse\w*|people\b|persons?\b|participants?\b|"
    r"candidates?\b|apprentices?\b|pupils?\b|young\b"
)
_PEOPLE_WORD = re.compile(rf"(?:{_PEOPLE})$", re.I)
_PLACE_WORDS = frozenset("på i ved hos fra til om per in at on of".split())
_NOT_COUNTED = frozenset(
    "av i på med fra som det de den til for og da nå egentlig totalt alt".split()
)


def counted_word(question: str | None) -> str | None:
    """What a "hvor mange …?" question counts: a word for people if it names one, else its
    last word before the verb ("hvor mange Flere i arbeid-lærlinger har …" counts
    «lærlinger», "hvor mange av ungdommene i FLYT har …" counts «ungdommene»)."""
    found = _COUNTED.search(question or "")
    if not found:
        return None
    words = [
        part
        for word in (found.group(1) or found.group(2) or "").split()
        for part in word.lower().split("-")
        if len(part) >= 3 and part not in _NOT_COUNTED
    ]
    people = [word for word in words if _PEOPLE_WORD.match(word)]
    if people:
        return people[0]
    # the noun before a place or a time: "hvor mange hospiteringsdager på videregående får …"
    raw = (found.group(1) or found.group(2) or "").lower().split()
    before = raw[: next((i for i, w in enumerate(raw) if i and w in _PLACE_WORDS), len(raw))]
    head = [w for w in before if len(w) >= 3 and w not in _NOT_COUNTED]
    if head:
        return head[-1].split("-")[-1]
    return words[-1] if words else None


def _names_what_it_counts(question: str) -> bool:
    """ "hvor mange skoler", "hvor mange videregående skoler": the words after "mange" name
    the thing counted; "hvor mange i Ung start" and "hvor mange av dem" do not."""
    found = _COUNTED.search(question or "")
    words = (found.group(1) or found.group(2) or "").split() if found else []
    return bool(words) and words[0].lower() not in _NOT_COUNTED


# "Hvor mange fikk jobb?" asks for an outcome: only a figure about jobs, school or a
# certificate answers it, not how many took part ("116 ungdommer har vært med på FLYT").
_OUTCOME_QUESTION = re.compile(
    r"\b(fått|fikk|fekk|gått|gikk|kommet|kom|begynt|begynte|starta|startet|havnet|hamna)"
    r"( seg)? (\w+ ){0,2}(jobb|arbeid|skole|skule|utdanning|læreplass|lærekontrakt|fagbrev)\b|"
    r"\b(i|ut i) (fast )?(jobb|arbeid)\b|\bfullført\w*|\bfullførte\b|"
    r"\b(got|found|get) (a )?(job|work)|\binto (work|jobs?|education)\b",
    re.I,
)
_OUTCOME_FACT = re.compile(
    r"\bi (arbeid|jobb|utdanning|skole|aktivitet)\b|\b(fått|fikk|fekk) (seg )?(fast |ordinær )?"
    r"(jobb|arbeid|læreplass|lærekontrakt|stilling)|\bbegynt på (skole|utdanning)|"
    r"\bgått (videre|over)\b|\bfullført\w*|\bfullførte\b|\b(tar|tatt|tok) fagbrev|"
    r"\bfagbrev på jobb|\bansatt\b|\bansatte\b|\blønnet arbeid|\but i (jobb|arbeid)|"
    r"\btilbake (til|på|i) (skole\w*|jobb|arbeid|utdanning)|\boverg(ang|ått) til",
    re.I,
)
# "… og 30 prosent av dem var Flere i arbeid-lærlinger": the thing counted given as a share
_SHARE = re.compile(
    r"(prosent|%|halvparten|andelen) av (dem|disse|de|deltakerne|kandidatene|ungdommene) "
    r"(var|er|ble|har)\b",
    re.I,
)
_SHARE_ASKED = re.compile(r"prosent|%|andel|hvor stor del|kor stor del|share|percent", re.I)
# "… kvart år", "per måned", "årlig": a figure for a period. A sentence that gives its figure
# for the same period answers better ("inntil 20 personer i året", not "7 personer i
# programperioden").
_RATE = re.compile(
    r"\b(?:per|pr\.?|i|hvert|hver|kvart|kvar|om|every|each|a|an)\s+"
    r"(år|året|måned|måneden|månad|månaden|uke|uka|uken|veke|veka|dag|dagen|year|month|week|day)\b|"
    r"\b(årlig|årleg|månedlig|månadleg|ukentlig|vekentleg|daglig|dagleg|annual|yearly|monthly|weekly|"
    r"daily)\w*",
    re.I,
)
_RATE_UNITS = {"å": "år", "y": "år", "a": "år", "m": "måned", "u": "uke", "v": "uke", "w": "uke"}
RATE_FACTOR = 1.4
ENGLISH_FACT_WEIGHT = 2.0


def rate_units(text: str) -> frozenset[str]:
    """The periods a text gives figures for: «år», «måned», «uke», «dag»."""
    units = set()
    for found in _RATE.finditer(text or ""):
        word = (found.group(1) or found.group(2)).lower()
        units.add(_RATE_UNITS.get(word[0], "dag"))
    return frozenset(units)


# Names with an outcome's words in them ("Flere i arbeid", "Inn i jobb"): not an outcome.
_PROGRAMME_NAME = re.compile(r"\b(flere i arbeid|inn i jobb)\S*", re.I)


def asks_for_an_outcome(question: str | None) -> bool:
    return bool(_OUTCOME_QUESTION.search(_PROGRAMME_NAME.sub(" ", question or "")))


class FactSearch:
    """The fact-sentence part of `TiltakIndex` (a mixin: the index holds the entries)."""

    def _build_facts(self) -> None:
        """The fact sentences of every entry and their TF-IDF matrices, worked out once."""
        # Key facts first, then the sentences of the summary, the offers and the cost: a typed
        # question ("hvor lenge varte kurset?") is often answered there ("et 18 ukers kurs").
        self._facts: list[tuple[str, str]] = []
        english: list[str] = []  # the same fact in the entry's English block, where it has one
        for entry in self.entries:
            english_facts = (entry.get("en") or {}).get("key_facts") or []
            for position, fact in enumerate(entry.get("key_facts") or []):
                if fact.get("text"):
                    self._facts.append((entry["id"], fact["text"]))
                    said = english_facts[position] if position < len(english_facts) else ""
                    english.append(f"{said} {entry['name']}" if said else "")
        known = {text for _, text in self._facts}
        for entry in self.entries:
            for field_name in ("summary", "offers", "cost"):
                for sentence in _SENTENCE_END.split(str(entry.get(field_name) or "")):
                    sentence = " ".join(sentence.split())
                    if len(sentence) > 20 and sentence not in known:
                        known.add(sentence)
                        self._facts.append((entry["id"], sentence))
                        # its English is the whole field: the sentences do not pair one to one
                        said = str((entry.get("en") or {}).get(field_name) or "")
                        english.append(f"{said} {entry['name']}" if said else "")
        self._fact_english_vectorizer = TfidfVectorizer(analyzer=list, sublinear_tf=True)
        self._fact_english_matrix = (
            self._fact_english_vectorizer.fit_transform([english_terms(t) for t in english])
            if any(english)
            else None
        )
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
        near_people = re.compile(_NUMBER + rf"\s+(\w+\s+)?({_PEOPLE})", re.I)
        self._fact_people_near = np.array(
            [bool(near_people.search(t)) for _, t in self._facts], dtype=bool
        )
        # with words between, only a number that is not also an article: "25 unge personer"
        # counts people, "ett sted der unge …" does not
        people = re.compile(_COUNTING_NUMBER + rf"\s+(\w+\s+){{0,2}}({_PEOPLE})", re.I)
        self._fact_people = np.array([bool(people.search(t)) for _, t in self._facts], dtype=bool)
        self._fact_share = np.array(
            [bool(_SHARE.search(text)) for _, text in self._facts], dtype=bool
        )
        self._fact_rates = [rate_units(text) for _, text in self._facts]
        self._fact_outcome = np.array(
            [bool(_OUTCOME_FACT.search(_PROGRAMME_NAME.sub(" ", text))) for _, text in self._facts],
            dtype=bool,
        )

    # -- key facts ------------------------------------------------------------------------
    def find_facts(
        self,
        question: str,
        tiltak_id: str | None = None,
        limit: int = 1,
        min_score: float = 0.12,
        only_this: bool = False,
        context: str = "",
        english: bool = False,
    ) -> list[str]:
        """Key-fact sentences that answer a "hvor mange ...?" question, best first: those of
        `tiltak_id` first, or (`only_this`) only those."""
        if self._fact_matrix is None:
            return []
        wanted = fact_type(question)
        # The question words say what kind of fact is asked for, not what it is about:
        # "hvor mange" must not find "Én av mange".
        # `context` is the rest of a message that asks more than one question: what the
        # question is about is often named only once ("hvor mange var med i X, og hvor lenge?").
        asked = f"{question} {context}".strip()
        topic = expand_query(_UNIT_WORDS.sub(" ", _FACT_QUESTION.sub(" ", asked)))
        vector = self._fact_vectorizer.transform([topic]).toarray().ravel()
        # Words found in the sentence itself count more than those of the entry's name (which
        # every fact of the entry carries): "hvor mange steg" finds "fem steg".
        scores = self._fact_matrix @ vector + 0.5 * (self._fact_text_matrix @ vector)
        if english and self._fact_english_matrix is not None:
            # an English question is also matched with the facts' English sentences ("how many
            # barriers …" finds "just under 90 barriers were found")
            terms = english_terms(_FACT_QUESTION.sub(" ", asked), expand=True)
            if terms:
                english_vector = self._fact_english_vectorizer.transform([terms])
                # the Norwegian match of English words is mostly names and loanwords: the
                # English sentence counts double
                english_scores = self._fact_english_matrix @ english_vector.toarray().ravel()
                scores = scores + ENGLISH_FACT_WEIGHT * english_scores
        counted = counted_word(question) if wanted == "count" else None
        if counted:
            # "hvor mange steg": a number right before that word ("fem steg") is the answer;
            # for people ("hvor mange unge") any word for people counts ("973 kandidater").
            if _PEOPLE_WORD.match(counted):
                near_mask = self._fact_people_near  # worked out once: the slow pattern
            else:
                # "skoler" also in a compound: "ni ungdomsskoler", "to videregående skoler"
                near = re.compile(_NUMBER + rf"\s+(\w+\s+)?(\w*{re.escape(counted[:5])})", re.I)
                near_mask = np.array([bool(near.search(t)) for _, t in self._facts], dtype=bool)
            scores = np.where(near_mask, scores * 1.5, scores)
            scores = scores * self._kind_factors(question, counted)
        asked_rates = rate_units(question)
        if asked_rates:
            same_period = np.array([bool(r & asked_rates) for r in self._fact_rates], dtype=bool)
            scores = np.where(same_period, scores * RATE_FACTOR, scores)
        typed = self._fact_types[wanted] if wanted else None
        if counted and _PEOPLE_WORD.match(counted):
            # "hvor mange unge …?" counts people: "to samfunnsmål" or "130 tiltak" is no answer
            typed = typed & self._fact_people
        if wanted == "count" and asks_for_an_outcome(question):
            # "hvor mange fikk jobb?": a number of people with an outcome, not how many took
            # part ("116 ungdommer har vært med") nor a count of goals ("to samfunnsmål")
            typed = typed & self._fact_outcome & self._fact_people
        if wanted == "count" and not _SHARE_ASKED.search(question):
            # "hvor mange … har det vært?" asks for a number: a sentence that gives the asked
            # thing as a share ("30 prosent av dem var …") answers it less well than one that
            # counts it ("95 kandidater har vært …")
            scores = np.where(self._fact_share, scores * 0.7, scores)
        named_things = None
        if counted and not _PEOPLE_WORD.match(counted) and _names_what_it_counts(question):
            # "hvor mange skoler …?" counts schools: where a fact of the scheme (or one that
            # names it) has a number of schools, "128 elever" is no answer. Where none has,
            # the count is asked in other words ("virksomheter" for "bedrifter"): as before.
            pool = typed & near_mask
            if tiltak_id:
                pool = pool & ((self._fact_ids == tiltak_id) | self._names_tiltak(tiltak_id))
            if pool.any():
                typed = typed & near_mask
                named_things = near_mask
        if wanted:
            # Only a fact of the asked type answers: a duration for "hvor lenge", an amount for
            # "hvor mye koster", a count for "hvor mange". Else the caller says the sources
            # do not tell, rather than giving a confident answer to another question.
            scores = np.where(typed, scores, 0.0)
        if tiltak_id and only_this:
            # A follow-up about one tiltak: only its own facts. Another entry's figure would be
            # a confident wrong answer; none at all lets the caller say the sources do not tell.
            own = self._fact_ids == tiltak_id
            if named_things is not None:
                # …or a fact that names it and counts the thing asked about ("tre
                # ungdomsveiledere på to videregående skoler")
                own = own | (self._names_tiltak(tiltak_id) & named_things)
            scores = np.where(own, scores, 0.0)
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
            own_typed = np.flatnonzero((self._fact_ids == tiltak_id) & typed)
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

    def _kind_factors(self, question: str, counted: str) -> np.ndarray:
        """ "Hvor mange Flere i arbeid-lærlinger" asks for that kind: a sentence naming the
        same compound counts more. "Hvor mange lærlinger" asks for all of them: a sentence
        that names them only as a kind ("Flere i arbeid-lærlinger") counts less."""
        stem = re.escape(counted[:6])
        compound = re.search(rf"(\w+)-{stem}\w*", question, re.I)
        factors = np.ones(len(self._facts))
        for position, (_, text) in enumerate(self._facts):
            if compound:
                if re.search(rf"{re.escape(compound.group(1))}-{stem}", text, re.I):
                    factors[position] = 1.3
            elif re.search(rf"-{stem}", text, re.I) and not re.search(
                rf"(?<![\w-]){stem}", text, re.I
            ):
                factors[position] = 0.7
        return factors

    def find_fact_answers(
        self,
        question: str,
        tiltak_id: str | None = None,
        only_this: bool = False,
        english: bool = False,
    ) -> list[tuple[str, str] | None]:
        """One (id of the entry holding it, fact sentence) or None per question the message
        asks. After the first answer, the others are looked for in the same tiltak first."""
        # "trainee program" is "traineeprogram": a name written apart matches its facts
        question = self._join_split_compounds(question)
        parts = question_parts(question)
        answers: list[tuple[str, str] | None] = []
        anchor = tiltak_id
        for position, part in enumerate(parts):
            found = []
            named = self._named_in(part) if position and not only_this else None
            if named:
                # "…, og hvor mange bedrifter har signert garantien?" names its own tiltak.
                anchor = named
            elif anchor and position and not only_this:
                # A later question of the message is first asked of the tiltak the first
                # one was answered from: "…, og hvem betalte den?" asks about the same pilot.
                found = self.find_facts(
                    part, tiltak_id=anchor, limit=1, only_this=True, english=english
                )
            if not found:
                found = self.find_facts(
                    part,
                    tiltak_id=anchor,
                    limit=1,
                    only_this=only_this,
                    english=english,
                )
            if not found and len(parts) > 1:
                # "…, og hvor lenge varte den?": what it is about is named in another part.
                context = " ".join(p for other, p in enumerate(parts) if other != position)
                found = self.find_facts(
                    part,
                    tiltak_id=anchor,
                    limit=1,
                    only_this=only_this,
                    context=context,
                    english=english,
                )
            if not found:
                answers.append(None)
                continue
            # the entry that holds the sentence (for its English), which may be a related one
            owner = self._owner_of(found[0])
            answers.append((owner, found[0]))
            anchor = anchor or owner
        return answers

    def _named_in(self, part: str) -> str | None:
        """The tiltak a part of a question names clearly, if one."""
        found = self.find_by_name(part, limit=1)
        return found[0].tiltak["id"] if found and found[0].score >= STRONG_MATCH else None

    def _owner_of(self, sentence: str) -> str:
        """The entry a fact sentence belongs to (the first that holds it)."""
        return next(tiltak_id for tiltak_id, text in self._facts if text == sentence)

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
