"""MessageGuard: rule-based overrides that run after the intent classifier.

Order of precedence: crisis (suicide, self-harm, medical emergency, violence, fire) first, then
the status question (with a reference, "hva skjer med saken min EDI-2026-0003?", or without
one), then
personal data (fødselsnummer, account, phone, e-mail), then English. Someone asking for another
person ("jeg spør for sønnen min") is added as entities whatever the intent. The classifier's own
ranking is kept behind the override so the fallback can still offer "Mente du …?" choices.

The crisis decision is the rule-based `assess`; the classifier's `crisis` score is only a second
signal: it can turn distress into the gentle note, never raise a crisis alone, and a `crisis`
guess the rules do not confirm is replaced by the classifier's next intent.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sqlalchemy.exc import SQLAlchemyError

from bot.guidance.asking_for import SELF, asking_for
from bot.guidance.crisis import DANGER, DISTRESS, assess
from bot.guidance.crisis_model import get_model
from bot.guidance.personal_data import find_personal_data
from bot.guidance.profile import (
    SPECIFIC_NEEDS,
    asks_for_person,
    asks_to_forget,
    asks_to_look_up_a_case,
    english_small_talk,
    infer_tags,
    is_english,
    wants_person,
    wants_person_strongly,
)
from bot.tickets.reference import find_reference

# Who runs or made "it": a question about the scheme in view, never about the assistant.
_ABOUT_IT = re.compile(
    r"\b(den|det|dette|dem|dei|de|programmet|tiltaket|ordningen|ordninga|kurset|prosjektet|"
    r"piloten|nettverket|it|this|that)\b",
    re.IGNORECASE,
)
_ABOUT_THE_BOT = re.compile(
    r"\b(du|deg|dere|chatten|chatboten|boten|roboten|assistenten|tjenesten|nettsiden|you)\b",
    re.IGNORECASE,
)


def asks_who_is_behind_it(text: str) -> bool:
    """ "Hvem står bak det?" about a tiltak: the provider aspect, a pronoun or a word for a
    scheme, and nothing about the assistant itself ("hvem har laget deg?")."""
    from bot.guidance.answers import aspect_of  # the answers' own cues, one copy

    return (
        aspect_of(text, None) == "provider"
        and bool(_ABOUT_IT.search(text))
        and not _ABOUT_THE_BOT.search(text)
    )


PERSONAL_DATA_ENTITY = "personal_data"
UNSURE_INTENTS = {"nlu_fallback", "out_of_scope", "bot_challenge"}
CRISIS_INTENTS = {"crisis", "crisis_maybe"}
ASKING_FOR_INTENT = "asking_for_other"
CASE_STATUS_INTENT = "case_status"
# The status question without a reference: one's own case, and what happens with it. No NLU
# examples: as training data they moved other intents' answers and the crisis classifier.
_OWN_CASE = re.compile(
    r"\b(saken|saka|saki) (min|mi|vår|vår|jeg sendte|eg sende|vi sendte)\b|\b(min|mi|vår) sak\b|"
    r"\b(my|our) case\b|\bthe case i sent\b|\breferansen (min|jeg fikk|eg fekk)\b",
    re.IGNORECASE,
)
_WHAT_HAPPENS = re.compile(
    r"\b(hva|kva) skjer|\b(hvordan|korleis) går det|\bstatus\b|\b(noe|noko) nytt\b|"
    r"\ber (den|saken|saka|saki)( min| mi| vår)? (mottatt|motteken|behandl\w*|ferdig\w*|"
    r"avslutt\w*|lukket)|\bhar (dere|noen|nokon|du|de|veilederen|koordinatoren) (sett på|fått|"
    r"lest|behandl\w*)|\bwhat is happening|\bwhat'?s happening|\bany news\b|\bnews on\b",
    re.IGNORECASE,
)


def asks_for_case_status(text: str) -> bool:
    """ "hva skjer med saken min?", "er saka mi motteken?", "any news on my case?"."""
    return bool(_OWN_CASE.search(text) and _WHAT_HAPPENS.search(text))


# A question is never a command: "når startet det?" is not "start på nytt".
COMMAND_INTENTS = {"start_over", "cancel"}
QUESTION_FAMILY = ("ask_fact", "ask_tiltak", "ask_eligibility", "ask_how_to_start", "ask_cost")
KNOWLEDGE_INTENTS = {*QUESTION_FAMILY, "find_tiltak"}
# Intents the classifier gives to questions that name a tiltak in an unusual way.
NAMED_QUESTION_INTENTS = {
    "privacy_question",
    "i_am_employer",
    "i_am_youth",
    "bot_challenge",
    "what_can_you_do",
    "start_assessment",
    "something_else",
    "request_human",
    "out_of_scope",
    "nlu_fallback",
    "goodbye",
    "greet",
    "thanks",
}
_YES_NO_QUESTION = re.compile(
    r"^\s*(kan|har|er|finnes|får|må|gjelder|passer|stemmer|koster|fins|vil)\b", re.IGNORECASE
)
_WH_QUESTION = re.compile(
    r"^\s*(og |men )?(hva|hvem|hvor|når|hvordan|hvorfor|hvilke|hvilken|kva|kven|kor|korleis|"
    r"kvifor|what|when|who|how|why|which)\b",
    re.IGNORECASE,
)


def _confidence_of(message: Message, intent_name: str) -> float:
    for ranked in message.get(INTENT_RANKING_KEY) or []:
        if ranked.get(INTENT_NAME_KEY) == intent_name:
            return float(ranked.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    return 0.0


def _add_entities(message: Message, pairs: list[tuple[str, str]]) -> None:
    entities = list(message.get(ENTITIES) or [])
    entities.extend(
        {"entity": name, "value": value, "extractor": "MessageGuard"} for name, value in pairs
    )
    message.set(ENTITIES, entities, add_to_output=True)


def _add_crisis_entities(message: Message, crisis) -> None:
    pairs = [("crisis_kind", kind) for kind in sorted(crisis.kinds)]
    pairs.append(("crisis_who", crisis.who))
    if crisis.young:
        pairs.append(("crisis_flag", "young"))
    if crisis.english:
        pairs.append(("crisis_flag", "english"))
    _add_entities(message, pairs)


def _demote_crisis(message: Message) -> tuple[str, float]:
    """The rules found no crisis: take the classifier's best other intent instead."""
    return _demote(message, CRISIS_INTENTS)


# Intents that are about one thing and always name it: a guess of one of them for a message
# that names none of it ("Har dere noe kurs for ledere om mangfold?" as a privacy question,
# "Kan utleieren min kaste meg ut?" as a request for the assessment) is the classifier
# matching on the form of the sentence. Then its next guess is taken.
TOPIC_WORDS = {
    "privacy_question": re.compile(
        r"lagr|\bdata|personvern|personopplysning|opplysning|slett|samtykk|anonym|gdpr|privat|"
        r"\b(hvem|kven|noen|nokon|andre|dere|de|who) (\w+ ){0,2}(se|ser|sjå|lese|leser|les|lest)\b|"
        r"\b(se|ser|sjå|lese|leser|les|lest) (\w+ ){0,2}(det|dette|meldingen\w*|samtalen|chatten|"
        r"hva|det jeg|det eg|svarene|dataene)\b|\bdele[rs]?\b|\binfo\b|trygt|"
        r"ip-adress|chatlogg|\bbrukt\b|\bvite\b|behandle|\bskjer med\b|\btar dere vare\b|"
        r"\bnavnet mitt\b|\bstore[sd]?\b|privacy|\bdelete\b|\bwho can\b|cookie|"
        r"\bdet (jeg|eg) (skriver|skriv|har skrevet)\b|melding|samtal|chat",
        re.I,
    ),
    "start_assessment": re.compile(
        r"spør|spørsmål|spørsmåla|kartlegg|\bfinn|\bpass(e|er|ar)\b|tiltak|\bmatch|"
        r"\bhjelp|\bkan få\b",
        re.I,
    ),
}
TOPIC_CONFIDENCE = 0.9  # above this the classifier is trusted even without the words


# The FallbackClassifier's threshold in config.yml (a test keeps them equal): a guess taken
# instead of a demoted one is held to it too, unless it is a question for the knowledge base,
# which answers weak matches on its own terms.
FALLBACK_THRESHOLD = 0.3


def _demote(message: Message, excluded) -> tuple[str, float]:
    """Take the classifier's best intent other than those `excluded`, or `nlu_fallback` when
    that guess is below the fallback threshold ("Hva er den deriverte av x^2?" is not a crisis,
    and its next guess, at 0.19, is no answer either)."""
    ranking = [
        r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) not in excluded
    ]
    best = (
        ranking[0] if ranking else {INTENT_NAME_KEY: "nlu_fallback", PREDICTED_CONFIDENCE_KEY: 0.0}
    )
    name = best.get(INTENT_NAME_KEY) or "nlu_fallback"
    confidence = float(best.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    if (
        confidence < FALLBACK_THRESHOLD
        and name not in UNSURE_INTENTS
        and name not in KNOWLEDGE_INTENTS
    ):
        name = "nlu_fallback"
    message.set(
        INTENT, {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True
    )
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    return name, confidence


_SMALL_TALK = (
    (
        "bot_challenge",
        re.compile(
            r"\b(hvem|hva) (har |er det som )?(laget|lagde|utviklet|eier|står bak|drifter) (deg|dette)\b|\bwho (made|built|created) you\b",
            re.I,
        ),
    ),
    (
        "thanks",
        re.compile(
            r"^\s*(takk|tusen takk|takker|mange takk|tusen hjertelig takk|takk skal du ha|thanks|thank you)\b",
            re.I,
        ),
    ),
    (
        "greet",
        re.compile(
            r"^\s*(hei|hallo|heisann|hoi|god (morgen|dag|kveld|ettermiddag)|morn|hello|hi|hey)\b",
            re.I,
        ),
    ),
)


# "du e flink du", "så bra, du er kjempegrei!", "good job": a compliment is thanked for; a
# negated one ("du er ikke særlig flink") or a question ("er du flink til …?") is not one.
_COMPLIMENT = re.compile(
    r"\b(?:du|dere|den|boten|roboten|assistenten|chatboten|denne)\s+(?:e|er|æ|va|var|ble|blei)"
    r"(?:\s+(?:så|jo|skikkelig|kjempe|veldig|ganske|utrolig|mega|sykt|ordentlig|bare))*\s+"
    r"(?:kjempe|super|mega)?(?:flink|flinke|snill|snille|god|gode|grei|greie|best|bra|kul|kult|"
    r"smart|nyttig|hjelpsom|hjelpsam|fantastisk|genial|gull|konge|rå|herlig)\b|"
    r"\b(?:bra|godt|sterkt) jobba\b|\bgood job\b|\bwell done\b|"
    r"\byou(?:'re| are)\s+(?:so\s+|very\s+|really\s+)?(?:great|awesome|helpful|smart|amazing|"
    r"the best|brilliant)\b",
    re.I,
)
_NEGATED_COMPLIMENT = re.compile(r"\b(?:ikke|ikkje|itte|not|never|aldri)\b", re.I)


def is_compliment(text: str) -> bool:
    words = re.findall(r"\w+", text)
    return (
        len(words) <= 10
        and "?" not in text
        and bool(_COMPLIMENT.search(text))
        and not _NEGATED_COMPLIMENT.search(text)
    )


SMALL_TALK_REST_WORDS = 4
_BUT_ALSO = re.compile(
    r"\b(men|but|også|og så|lurer|kan du|kan dere|hva|hvordan)\b", re.I
)  # "hei, er det noen der?"; a long story after "hei" is not a greeting


def _small_talk(text: str) -> str | None:
    """Greetings, thanks and "who made you" that the classifier was unsure of; a greeting or
    a thanks at the start of a long message is how it starts, not what it says ("hei ok jeg
    vet ikke hvor jeg skal begynne men jeg er 24 og …")."""
    for intent, pattern in _SMALL_TALK:
        match = pattern.search(text)
        if not match:
            continue
        rest = re.findall(r"\w+", text[match.end() :])
        if intent == "greet" and len(rest) > SMALL_TALK_REST_WORDS:
            return None
        if intent == "thanks" and ("?" in text or _BUT_ALSO.search(text)):
            return None  # "takk, men jeg lurer også på …": the question after the thanks
        return intent
    return None


# "Vi vurderer Bedriftspakken", "har hørt om Jobbskolen": a statement about a scheme by name
# asks about it as much as a question does.
_CONSIDERS = re.compile(
    r"\b(vurderer|vurdere|tenker på|tenkjer på|har hørt om|har høyrt om|hørt om|lurer på|"
    r"interessert i|interessert i å|nysgjerrig på|vil vite (mer )?om|fortell (meg )?(litt )?(mer )?om|"
    r"considering|heard (about|of)|interested in|tell me (more )?about)\b",
    re.IGNORECASE,
)
# "ramse opp stegene", "forklar det": a request to be told, not a command to the assistant.
_TELL_ME = re.compile(r"^\W*((ramse|list|liste|remse) opp|nevn|forklar|beskriv|fortell)\b", re.I)


def _asks_about_a_tiltak(text: str) -> bool:
    """A question (or a statement that considers one) that names a tiltak clearly (the
    knowledge base's own name search)."""
    if not (
        _WH_QUESTION.match(text)
        or "?" in text
        or _YES_NO_QUESTION.match(text)
        or _CONSIDERS.search(text)
    ):
        return False
    try:
        from knowledge.search import STRONG_MATCH, get_index

        found = get_index().find_by_name(text)
    except (SQLAlchemyError, OSError):
        return False  # no knowledge base in this process: the classifier decides
    return bool(found) and found[0].score >= STRONG_MATCH


def _asks_a_typed_fact(text: str) -> bool:
    """A question for a fact only the fact search answers (an address, a waiting time, a
    share, how often, who pays)."""
    if "?" not in text and not _WH_QUESTION.match(text):
        return False
    from knowledge.search import asks_typed_only_fact

    return asks_typed_only_fact(text)


def _as_question(message: Message) -> tuple[str, float]:
    """The best question intent of the classifier's ranking (ask_fact if none is ranked)."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    best = next((r for r in ranking if r.get(INTENT_NAME_KEY) in QUESTION_FAMILY), None)
    name = best.get(INTENT_NAME_KEY) if best else "ask_fact"
    _override(message, name)
    return name, 1.0


def _override(message: Message, intent_name: str) -> None:
    intent = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [
        r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent_name
    ]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)


# Words of a person, a talk or a contact: a message with none of them does not ask for a person.
_PERSON_WORDS = re.compile(
    r"\b(snakk\w*|prat\w*|kontakt\w*|ring\w*|veileder\w*|rettleiar\w*|\w*koordinator\w*|"
    r"person\w*|menneske\w*|møte\w*|samtale\w*|besøk\w*|innom|stikk\w*|visit\w*|human|someone|"
    r"somebody|talk|call|"
    r"(noen|nokon) (som|jeg|eg|vi|me|å)|hjelpe (meg|oss))\b",
    re.IGNORECASE,
)


_AT_SCHOOL = re.compile(
    r"\b(noen|nokon|en voksen|ein vaksen|en person|someone|anyone|an adult) (\w+ )?(på|ved|at) "
    r"(skolen|skulen|school)\b",
    re.IGNORECASE,
)


def asks_for_a_need(text: str) -> bool:
    """A question that names a specific need and no person, talk or contact."""
    return (
        "?" in text
        and not _PERSON_WORDS.search(text)
        and bool(set(infer_tags(text)) & SPECIFIC_NEEDS)
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MessageGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageGuard:
        get_model()  # train the crisis classifier now, not on the first message
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button payload: the intent is given
            found = find_personal_data(text)
            if found:
                entities = list(message.get(ENTITIES) or [])
                entities.extend(
                    {
                        "entity": PERSONAL_DATA_ENTITY,
                        "value": item.kind,
                        "start": item.start,
                        "end": item.end,
                        "extractor": "MessageGuard",
                    }
                    for item in found
                )
                message.set(ENTITIES, entities, add_to_output=True)
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            confidence = (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0
            crisis = assess(text)
            if crisis.level == DANGER:
                _override(message, "crisis")
                _add_crisis_entities(message, crisis)
                continue
            if intent in CRISIS_INTENTS:
                intent, confidence = _demote_crisis(message)
            topic = TOPIC_WORDS.get(intent or "")
            if topic and confidence < TOPIC_CONFIDENCE and not topic.search(text):
                intent, confidence = _demote(message, {intent})
            strongly = wants_person_strongly(text)
            reference = find_reference(text)
            if reference and not strongly:
                # "hva skjer med saken min EDI-2026-0003?", "edi 2026 3": the status question.
                _override(message, CASE_STATUS_INTENT)
                _add_entities(message, [("case_reference", reference)])
                continue
            if asks_for_case_status(text) and not strongly and not asks_to_look_up_a_case(text):
                _override(message, CASE_STATUS_INTENT)  # the action asks for the reference
                continue
            who = asking_for(text)
            if who:
                other = "nei" if who.role == SELF else "ja"
                _add_entities(message, [("asking_for", who.role), ("for_other", other)])
            alone = bool(who and who.role != SELF and who.says_so and who.only_that)
            if intent == ASKING_FOR_INTENT and not alone:
                intent, confidence = _demote(message, {ASKING_FOR_INTENT})
            if intent in COMMAND_INTENTS and (_WH_QUESTION.match(text) or _TELL_ME.match(text)):
                intent, confidence = _as_question(message)
            elif intent not in QUESTION_FAMILY and not strongly and _asks_a_typed_fact(text):
                # "hei, ka e adressen te nav?", "må man stå lenge på venteliste før man får
                # begynne?": a fact question, whatever greeting or command word it holds.
                intent, confidence = _as_question(message)
            if (
                not strongly
                and intent in NAMED_QUESTION_INTENTS
                and not asks_for_person(text)
                and _asks_about_a_tiltak(text)
            ):
                # "Kor lenge varer traineeprogrammet?" is a question about that tiltak, not
                # about privacy; "kan private bedrifter få en arbeidsleder?" is not a greeting.
                intent, confidence = "ask_tiltak", 1.0
                _override(message, "ask_tiltak")
            if not strongly and intent in NAMED_QUESTION_INTENTS and asks_who_is_behind_it(text):
                # "hvem er det som driver den?", "kven har laga det?": who runs the scheme just
                # discussed, not who the assistant is (the action answers from `provider`).
                intent, confidence = "ask_tiltak", 1.0
                _override(message, "ask_tiltak")
            if not strongly and not found and asks_to_look_up_a_case(text):
                # "Kan du slå opp saken min hos Nav?": said plainly that it cannot, with the
                # offer of a veileder (action_out_of_scope), not a bare handoff.
                _override(message, "out_of_scope")
                continue
            if intent == "request_human" and not strongly and _AT_SCHOOL.search(text):
                # "er det noen på skolen jeg kan snakke med?": someone at school, which the
                # knowledge base answers (the ungdomsveileder), not the assistant's handoff.
                intent, confidence = "find_tiltak", 1.0
                _override(message, "find_tiltak")
            if intent == "request_human" and not strongly and asks_for_a_need(text):
                # "… hev-senk-bord til en ny medarbeider. Kan Nav bidra med noe?", "kan vi hente
                # inn noen via Nav til et vikariat?": a need asked about, no person asked for.
                intent, confidence = "find_tiltak", 1.0
                _override(message, "find_tiltak")
            if strongly or (
                intent not in QUESTION_FAMILY
                and (intent in UNSURE_INTENTS or confidence < 0.6)
                and asks_for_person(text)
            ):
                _override(message, "request_human")
            elif asks_to_forget(text) and intent != "delete_conversation":
                # "Kan du glemme alt jeg har fortalt deg?", "… nummeret mitt 4xx, fjern det":
                # deleted, not answered as a need or warned about
                _override(message, "delete_conversation")
            elif found:
                _override(message, "share_personal_info")
            elif alone:
                # "Jeg spør for sønnen min" and nothing more: say how the assistant helps then.
                _override(message, ASKING_FOR_INTENT)
            elif crisis.level == DISTRESS:
                # Distress without danger: one line about where to talk, then the answer.
                _override(message, "crisis_maybe")
                if crisis.english:
                    _add_entities(message, [("crisis_flag", "english")])
            elif intent not in QUESTION_FAMILY and is_compliment(text):
                _override(message, "thanks")  # "du e flink du 😄": «Bare hyggelig!»
            elif is_english(text) or english_small_talk(text):
                _override(message, "request_human" if wants_person(text) else "english")
            elif intent in UNSURE_INTENTS or confidence < 0.5:
                small_talk = _small_talk(text)
                if small_talk:
                    _override(message, small_talk)
        return messages
