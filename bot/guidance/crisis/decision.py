"""The decision: the level and kinds of crisis a message speaks of."""

from __future__ import annotations

import re

from bot.guidance.crisis.guards import (
    _CHILD_AT_RISK,
    _DISTRESS,
    _EMPLOYER_OFFER,
    _FIRST_PERSON,
    _FRUSTRATION,
    _FRUSTRATION_ONLY,
    _GUARD_RE,
    _HOME_ABUSE,
    _INFORMATIONAL,
    _INVERSION,
    _JOKE,
    _NEGATED_CRISIS_WORD,
    _OTHER_SUBJECT,
    _PAST,
    _PROFESSION,
    _RECOVERED,
    _YOUNG,
    _clause_of,
    _negated,
    _negated_after,
)
from bot.guidance.crisis.kinds import (
    CHILD,
    DANGER,
    DISTRESS,
    MEDICAL,
    SELFHARM,
    SUICIDE,
    VIOLENCE,
    CrisisAssessment,
)
from bot.guidance.crisis.language import _looks_english
from bot.guidance.crisis.normalise import normalise
from bot.guidance.crisis.patterns import _CHILD_COMPILED, _COMPILED, _WEAPON
from bot.guidance.crisis.who import _who


def assess(text: str, use_model: bool = True) -> CrisisAssessment:
    """The level (danger, distress, none) and kinds of crisis a message speaks of.

    The rules decide first; when they find no danger, the trained classifier
    (`crisis_model`, unless `use_model=False`) may, and the same checks for topics, jokes and
    past events apply to what it finds."""
    if not text or text.startswith("/"):
        return CrisisAssessment()
    normal = normalise(text)
    cleaned = _INVERSION.sub(r"\1 ", _GUARD_RE.sub(" ~ ", normal))
    kinds: set[str] = set()
    matched: list[str] = []
    clauses: list[str] = []
    # The rules saw crisis words and judged them harmless (negated, figurative, over): the
    # classifier may not overrule that.
    judged = cleaned != _INVERSION.sub(r"\1 ", normal)
    english_hits = 0
    norwegian_hits = 0
    for kind, regex, negatable, english, source in _COMPILED:
        for match in regex.finditer(cleaned):
            if negatable and _negated(cleaned[: match.start()]):
                judged = True
                continue
            if kind != SUICIDE and _negated_after(cleaned, match.end()):
                judged = True
                continue
            clause = _clause_of(cleaned, match.start(), match.end())
            if _PAST.search(clause) and _RECOVERED.search(cleaned):
                # Over and done ("for tre år siden …, men nå går det bra"): not a crisis now.
                judged = True
                continue
            if kind == SELFHARM and re.search(r"\b(meg|me)$", match.group(0)):
                before = " ".join(cleaned[: match.start()].split()[-3:])
                if _OTHER_SUBJECT.search(before):
                    kind = VIOLENCE  # "han har skada meg før": someone else hurts the writer
            kinds.update(kind.split("+"))
            matched.append(source)
            # The words just before a match say whose it is ("jeg blir slått" vs. "en bok om vold").
            clauses.append(" ".join(cleaned[: match.start()].split()[-3:]) + " " + match.group(0))
            if english:
                english_hits += 1
            else:
                norwegian_hits += 1
            break
    if (
        not kinds
        and (_YOUNG.search(cleaned) or _CHILD_AT_RISK.search(cleaned))
        and any(r.search(cleaned) for r in _CHILD_COMPILED)
    ):
        kinds.add(CHILD)
    judged = judged or bool(_NEGATED_CRISIS_WORD.search(cleaned))
    if (
        not kinds
        and use_model
        and not judged
        and not _FRUSTRATION_ONLY.search(cleaned)
        and not _EMPLOYER_OFFER.search(cleaned)
    ):
        from bot.guidance.crisis_model import DANGER_PROBABILITY, get_model

        model = get_model()
        if model is not None and model.probability(normal) >= DANGER_PROBABILITY:
            if _long_story_asking_for_a_scheme(text):
                # A long, worried story about someone that ends asking what exists ("…
                # Finnes det noen som kan følge ham tett opp i overgangen?"), with no word
                # of danger: the classifier alone is not enough for the emergency reply. The
                # line about where to talk comes, then the answer.
                return CrisisAssessment(level=DISTRESS, english=_looks_english(normal))
            kinds = model.kinds(normal) or {SUICIDE}
            matched.append("classifier")
            clauses.append(normal)
    if not kinds:
        distress = _DISTRESS.search(cleaned) is not None
        if distress and not _only_frustration(cleaned):
            return CrisisAssessment(level=DISTRESS, english=_looks_english(normal))
        return CrisisAssessment()
    if (
        kinds
        and not any(_FIRST_PERSON.search(clause) for clause in clauses)
        and (_INFORMATIONAL.search(normal) or _PROFESSION.search(normal))
    ):
        # A book, a film, the news, a school subject or one's job: a topic, not a crisis.
        kinds = set()
    elif (
        kinds
        and _JOKE.search(normal)
        and (_FRUSTRATION.search(normal) or _FRUSTRATION_ONLY.search(normal))
        and not re.search(r"\b(hjelp|help|puste|breathe|blør|bleeding)\b", cleaned)
    ):
        kinds = set()  # "dette regnearket får meg til å ville hoppe ut av vinduet haha"
    elif (
        kinds
        and kinds <= {VIOLENCE, MEDICAL}
        and _JOKE.search(normal)
        and not re.search(_WEAPON, cleaned)
        and not re.search(r"\b(hjelp|help|puste|breathe|blør|bleeding)\b", cleaned)
    ):
        kinds = set()
    if not kinds:
        return CrisisAssessment()
    young = bool(_YOUNG.search(cleaned))
    if (young or _CHILD_AT_RISK.search(cleaned)) and any(
        r.search(cleaned) for r in _CHILD_COMPILED
    ):
        kinds.add(CHILD)
    if VIOLENCE in kinds and (
        young or _CHILD_AT_RISK.search(cleaned) or _HOME_ABUSE.search(cleaned)
    ):
        kinds.add(CHILD)
    if CHILD in kinds:
        young = True
    who = _who(cleaned)
    english = (
        english_hits > 0
        and norwegian_hits == 0
        or (english_hits >= norwegian_hits and _looks_english(normal))
    )
    return CrisisAssessment(
        level=DANGER,
        kinds=frozenset(kinds),
        who=who,
        young=young,
        english=english,
        matched=tuple(matched),
    )


# The last sentence asks what exists or who can help with school, work or follow-up.
LONG_STORY_WORDS = 60
_ASKS_FOR_A_SCHEME = re.compile(
    r"(?:^|[.!?]\s)[^.!?]*\b(finnes det|fins det|har dere|hva finnes|hva fins|kva finst|"
    r"hvilke tilbud|noe tilbud|noen tilbud|tiltak|program\w*|opplegg|ordning\w*|"
    r"følge (ham|henne|han|ho|dem|meg) (\w+ )?opp|overgangen|videregående|jobb\w*|skole\w*|"
    r"lærling\w*|arbeidstrening)\b[^.!?]*\?\s*$",
    re.IGNORECASE,
)


def _long_story_asking_for_a_scheme(text: str) -> bool:
    return len(text.split()) >= LONG_STORY_WORDS and bool(_ASKS_FOR_A_SCHEME.search(text))


def _only_frustration(text: str) -> bool:
    """Distress words used about forms, waiting or school rather than about oneself."""
    return bool(_FRUSTRATION.search(text)) and not re.search(
        r"\b(angst|depresj\w*|deprimert|psykisk\w*|ensom|anxiety|depress\w*|mørke tanker)\b", text
    )


def is_crisis(text: str) -> bool:
    """True when the message speaks of danger: suicide, self-harm, medical, violence, fire."""
    return assess(text).is_crisis
