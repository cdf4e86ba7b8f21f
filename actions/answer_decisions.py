"""The decision tree of `answer_question`, as pure functions: what to say is decided from the
text, the intent, the slots and what the knowledge base found, with no dispatcher and no
tracker, so each branch has its own unit test (tests/unit/test_answer_decisions.py). The
action asks the knowledge base and sends what these functions decide."""

from __future__ import annotations

import re
from dataclasses import dataclass

from actions.common import LANGUAGE_SLOT

# Flere i arbeid is for young people under 30 (utter_age_limit).
YOUTH_MAX_AGE = 29
# Below this need-search score, with no need concept (tag) in the message, the match rests on
# ordinary words: measured on the held-out set, out-of-scope questions scored 0.08-0.26 and
# real needs without a tag rarely below 0.2.
WEAK_NEED_SCORE = 0.2
SCHEME_WORDS = re.compile(
    r"\b(tiltak\w*|finnes|hjelp til|hjelp med|jobb\w*|skole\w*|skule\w*|kurs\w*|program\w*|nav|"
    r"lærling\w*|utdanning\w*|arbeid\w*|tilbud\w*|ordning\w*|work|job|school|program)\b",
    re.IGNORECASE,
)
QUESTION_INTENTS = ("ask_tiltak", "ask_eligibility", "ask_how_to_start", "ask_cost", "ask_fact")
WHAT_IS = re.compile(r"^\W*(hva|kva|hvem|kven) (er|betyr|heter) ", re.IGNORECASE)

# The routes of `route`: how a question is answered once the name matches are known.
CRISIS_SOFT = "crisis_soft"  # distress, no question about schemes: the offer of a person
DESCRIBE_MATCH = "describe_match"  # the message names a tiltak (or a button chose one)
FACT_OF_CURRENT = "fact_of_current"  # a fact asked about the tiltak just discussed
FACT_OF_ANY = "fact_of_any"  # a fact asked with no tiltak in view
DESCRIBE_CURRENT = "describe_current"  # a follow-up about the tiltak just discussed
BY_NEED = "by_need"  # answered by the need the message describes


def route(
    *,
    has_match: bool,
    intent: str | None,
    text: str,
    aspect: str,
    current_known: bool,
    is_button: bool,
) -> str:
    """Which way a question goes. `current_known`: the `current_tiltak` slot names an entry of
    the knowledge base; `is_button`: the message is a button payload."""
    if not has_match and intent == "crisis_maybe" and not SCHEME_WORDS.search(text):
        # "jeg har det så tungt og trenger noen å snakke med": no list of tiltak.
        return CRISIS_SOFT
    if has_match:
        return DESCRIBE_MATCH
    if aspect == "fact":
        # A follow-up ("hvor mange har vært med?") asks about the tiltak just discussed: its
        # own facts or an honest "the sources do not say", never another entry's figure.
        return FACT_OF_CURRENT if current_known else FACT_OF_ANY
    if current_known and (aspect != "overview" or is_button):
        return DESCRIBE_CURRENT
    return BY_NEED


@dataclass(frozen=True)
class Step:
    """The responses to say, in order; `done`: the answer ends with them; `unanswered`: say
    nothing and let the caller answer (an unsure guess with no need in it)."""

    say: tuple[str, ...] = ()
    done: bool = True
    unanswered: bool = False


def before_the_search(
    *, intent: str | None, text: str, tags: tuple, age: int | None, rescue: bool
) -> Step:
    """What is said before the need search, and whether the search is needed at all."""
    said: tuple[str, ...] = ()
    if intent == "ask_eligibility" and age is not None:
        # "Jeg er 32, kan jeg være med?" asks about the age limit; "Jeg er 19 og har droppet
        # ut, hva passer?" states an age with a need: that is answered by the need (for that
        # age), after the age limit when the age is above it.
        if not tags or age > YOUTH_MAX_AGE:
            said = ("utter_age_limit",)
        if not tags:
            return Step(said)
    if rescue and not tags:
        return Step(unanswered=True)
    if intent == "ask_tiltak" and (WHAT_IS.match(text) or not tags):
        return Step((*said, "utter_tiltak_unknown"))
    if not tags and age is None and len(text.split()) < 4:
        if intent in QUESTION_INTENTS:
            return Step((*said, "utter_which_tiltak"))
        return Step((*said, "utter_offer_assessment"))
    return Step(said, done=False)


def weak_need_reply(
    *,
    top_score: float | None,
    tags: tuple,
    age: int | None,
    audience: str | None,
    language: str,
    need_chosen: bool,
) -> str | None:
    """The reply when the need search matched only ordinary words, weakly ("Hva koster en
    flybillett?"), instead of a list of schemes built on «koster»; None when the matches are
    good enough to recommend (or there are none). `top_score`: the best match's, None if none."""
    if top_score is None or tags or top_score >= WEAK_NEED_SCORE:
        return None
    if age is None and not audience:
        return "utter_out_of_scope"
    if language == "nb" and not need_chosen:
        # It is clear who is asking: ask once what it is about (buttons of the needs).
        return "utter_which_need"
    return "utter_recommend_none"


def language_and_audience(
    *, language: str, language_slot: str | None, audience: str | None, audience_slot: str | None
) -> dict[str, str | None]:
    """The slots to set: the answer's language (unset is Norwegian: the domain's Norwegian
    variations are the ones without a language), and the audience once it is known."""
    slots: dict[str, str | None] = {}
    if language != (language_slot or "nb"):
        slots[LANGUAGE_SLOT] = None if language == "nb" else language
    if audience and not audience_slot:
        slots["audience"] = audience
    return slots
