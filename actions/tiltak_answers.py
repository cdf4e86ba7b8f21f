"""Answer questions about tiltak: a named one, or "what is there for me?"."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.answer_decisions import (
    CRISIS_SOFT,
    DESCRIBE_CURRENT,
    DESCRIBE_MATCH,
    FACT_OF_ANY,
    FACT_OF_CURRENT,
    QUESTION_INTENTS,
    before_the_search,
    language_and_audience,
    route,
    weak_need_reply,
)
from actions.case_details import OPENED_SLOT, RECOMMENDED_SLOT, remember_tiltak
from actions.common import (
    LANGUAGE_SLOT,
    audience_of,
    language_of,
    latest_intent,
    more_buttons,
    requested_tiltak,
    say,
    send,
    user_text,
)
from bot.guidance.answers import (
    aspect_of,
    describe,
    fact_replies,
    pay_sentences,
    recommendations,
    text_of,
)
from bot.guidance.profile import (
    SPECIFIC_NEEDS,
    asks_to_look_up_a_case,
    extract_age,
    infer_tags,
    names_a_trade,
)
from bot.training import response_text
from knowledge.normalize import fold, to_bokmal
from knowledge.search import STRONG_MATCH, WEAK_MATCH, Match, Reason, get_index

logger = logging.getLogger(__name__)
NAME_MATCH_MIN_SCORE = STRONG_MATCH
CLOSE_NAME_SCORES = 5.0  # name scores this close are equally strong; the first written counts
# A question whether participants are paid, matched to a scheme that says so: lower, because
# the scheme must also say something about pay.
PAY_NEED_SCORE = 0.1
QUESTION_START = re.compile(
    r"\?\s*$|^\s*(hva|hvem|hvor|hvordan|hvilke|kan|har|finnes|får|er det|kva|kor|korleis)\b", re.I
)
# A question inside a sentence, after the need is told ("har gitt opp skolen, ka gjør æ nå",
# "vet ikke hva jeg skal gjøre"), read on the Bokmål form of the text.
_QUESTION_INSIDE = re.compile(
    r"\b(hva|hvordan|hvor)\s+((gjør|kan|skal|bør|må)\s+(jeg|vi|man|han|hun)|"
    r"(jeg|vi|man|han|hun)\s+(skal|kan|bør|må|gjør))\b"
)
LONG_MESSAGE_WORDS = 25
# An unsure or out-of-scope guess is answered from the knowledge base when the question
# intents together are at least this likely and the message names a tiltak or a need.
RESCUE_FAMILY_CONFIDENCE = 0.35


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
# Words that point back at something named before ("hvordan søker jeg på det?")
_REFERS_BACK = re.compile(
    r"\b(det|den|dette|denne|der|dit|da|ordningen|tiltaket|programmet|opplegget|it|this|that|"
    r"there|then)\b|\bi så fall\b",
    re.IGNORECASE,
)


def named_in_passing(index, text: str) -> bool:
    """The name is context, the question is about a need: "Vi har hatt en ung mann på
    arbeidstrening i et halvt år. Kan vi ansette ham fast uten å lyse ut stillingen?" asks
    about hiring, not about arbeidstrening. The last sentence asks, names no tiltak, does not
    point back, and names a need of its own."""
    sentences = [s for s in _SENTENCE_BREAK.split(text.strip()) if s]
    if len(sentences) < 2 or "?" not in sentences[-1]:
        return False
    question = sentences[-1]
    if _REFERS_BACK.search(question) or names_a_tiltak(question):
        return False
    return bool(set(infer_tags(question)) & SPECIFIC_NEEDS)


# Where the person is, or what they lost: "er på introduksjonsprogrammet", "har gått på AAP
# siden jeg var 21", "tenker på å bryte lærekontrakten", "søkte læreplass men fikk ingen".
_STATUS_BEFORE = (
    r"(?:(?:\b(?:jeg|eg|æ|han|hun|ho|vi|me|de|dei|hen|sønnen|datteren|dattera|og) (?:\w+ )?|^\s*|"
    r"[.!?]\s+)(?:er|e|går|gått|vært|sitter|står|blir|ble|kom|havnet) (?:\w+ ){0,2}(?:på|i|med) |"
    r"\b(?:bryte|bryter|heve|heva|miste|mistet|mista|avbryte|slutte (?:i|på)|sluttet (?:i|på)|"
    r"ferdig (?:med|på)|søkte|søkt|fikk ingen|har ikke fått|ut av|uten) (?:\w+ ){0,2})"
)
# "finnes det", "er det": no pointing back
_EXPLETIVE = re.compile(
    r"\b(finnes|fins) det\b|\bdet (finnes|fins)\b|\bgår det (an|ann)\b|"
    r"\ber det (noe|noen|mulig|for sent|for seint|lov|sånn|slik|vanskelig|greit|håp)\b",
    re.I,
)


def named_as_a_status(match, text: str, aspect: str) -> bool:
    """The name says where the person is or what they lost, and the question is what comes
    next ("Er på introduksjonsprogrammet, 26 år. Drømmen er å bli helsefagarbeider. Hvordan
    kommer jeg dit?"): answered by the need, not with what the scheme they are in is. A
    question about the scheme itself (its facts, price, ages, provider) still names it."""
    if aspect in ("fact", "cost", "for_whom", "provider", "pay") or match.reason.kind != "name":
        return False
    sentences = [s for s in _SENTENCE_BREAK.split(text.strip()) if s]
    question = _EXPLETIVE.sub(" ", sentences[-1]) if sentences else ""
    if re.search(
        r"\b(det|den|denne|dette|ordningen|tiltaket|programmet|it|this)\b", question, re.I
    ):
        return False
    return in_a_status_phrase(match, text)


def in_a_status_phrase(match, text: str) -> bool:
    """The match's name is written as where the person is or what they lost."""
    for alias in match.reason.items:
        stem = re.escape(alias[: max(4, len(alias) - 2)])
        if re.search(_STATUS_BEFORE + stem, text, re.IGNORECASE):
            return True
    return False


def named_matches(matches: list, text: str, intent: str | None) -> list:
    """The name matches that mean "this question is about that tiltak".

    A strong match (a distinctive name) counts unless the message is a long description of a
    situation; a weak one (a short or everyday word such as "lærling") only in a short
    question."""
    words = len(text.split())
    if words > LONG_MESSAGE_WORDS and intent not in QUESTION_INTENTS:
        return []
    strong = [m for m in matches if m.score >= STRONG_MATCH]
    if len(strong) > 1:
        # Two names about as strong: the one written first is what the question is about ("Er
        # Bedriftspakken bare for medlemmer av Næringsforeningen?")
        close = [m for m in strong if strong[0].score - m.score <= CLOSE_NAME_SCORES]
        folded = fold(text)

        def written_at(match) -> int:
            places = [folded.find(fold(item)) for item in match.reason.items or ()]
            return min((p for p in places if p >= 0), default=-1)

        # only names written as they are (an inflected or misspelt one has no place to compare)
        if all(written_at(m) >= 0 for m in close):
            close.sort(key=lambda m: (written_at(m), -len(fold(" ".join(m.reason.items)))))
            strong = close + [m for m in strong if m not in close]
    if strong:
        return strong
    if words <= 6 and intent in QUESTION_INTENTS:
        return [m for m in matches if m.score >= WEAK_MATCH]
    return []


# A question typed where a form expects an answer ("hva er jobbskolen?" where the age is asked).
FORM_QUESTION = re.compile(
    r"\?\s*$|^\s*(og |men )?(hva|hvem|hvor|hvordan|hvorfor|når|hvilke|hvilken|kva|kven|kor|korleis|"
    r"kan (jeg|vi|man|eg)|får (jeg|vi|man)|må (jeg|vi|man)|er det|koster|what|how|who|can i|do i)\b",
    re.IGNORECASE,
)
# The handoff form asks names and contacts: "kan dere ringe meg …" there is an answer.
FORM_QUESTION_WORDS = re.compile(
    r"\?\s*$|^\s*(og |men )?(hva|hvem|hvor|hvordan|hvorfor|hvilke|hvilken|kva|kven|kor|korleis|"
    r"what|how|who|which)\b",
    re.IGNORECASE,
)


def answer_in_form(
    text: str,
    slot: str,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question: re.Pattern = FORM_QUESTION,
    rescue: bool = False,
) -> dict[str, Any] | None:
    """A question typed where a form expects an answer: answered from the knowledge base, the
    slot left empty so the form asks again. None when it is an answer (with `rescue`, also
    when it names neither a tiltak nor a need)."""
    if not question.search(text) or len(text.split()) < 3:
        return None
    events = answer_question(dispatcher, tracker, text, rescue=rescue)
    if events is None:
        return None
    values = {e["name"]: e.get("value") for e in events if e.get("event") == "slot"}
    values.pop("audience", None)  # the form's own answers decide the audience
    return {**values, slot: None}


# "Hva er forskjellen på X og Y?", "hva skiller X fra Y", "compare X and Y" ("X eller Y?" is
# often one tiltak and a question about it: "Gjelder Flere i arbeid meg, eller bare under 30?")
_COMPARISON = re.compile(
    r"\b(forskjell\w*|skil(ler|l)|skiljer|sammenlign\w*|samanlikn\w*|difference|compare\w*|"
    r"versus|vs\.?)\b",
    re.IGNORECASE,
)


def _compared(matches: list, text: str) -> list[dict]:
    """The two tiltak a comparison question names, each strongly; else []."""
    if not _COMPARISON.search(text):
        return []
    entries: list[dict] = []
    for match in matches:
        if match.score >= STRONG_MATCH and match.tiltak["id"] not in {e["id"] for e in entries}:
            entries.append(match.tiltak)
    return entries[:2] if len(entries) >= 2 else []


def question_family(tracker: Tracker) -> tuple[float, str | None]:
    """How sure the classifier is that this is some question about tiltak (the sum over the
    question intents), and the likeliest of them. Used when no single intent was sure."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    questions = [r for r in ranking if r.get("name") in QUESTION_INTENTS + ("find_tiltak",)]
    total = sum(r.get("confidence", 0.0) for r in questions)
    return total, (questions[0]["name"] if questions else None)


def answer_question(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    text: str,
    intent: str | None = None,
    rescue: bool = False,
    english: bool = False,
) -> list[dict[str, Any]] | None:
    """Answer from the knowledge base; shared by the Norwegian and the English path.

    With `rescue=True` (the classifier was unsure) nothing is said and None is returned when
    the message neither names a tiltak nor describes a need, so the caller can answer."""
    intent = intent or latest_intent(tracker)
    language = language_of(tracker, english)
    try:
        index = get_index()
    except SQLAlchemyError:
        logger.exception("knowledge base unavailable")
        say(dispatcher, "utter_lookup_failed", language)
        return []
    audience = audience_of(tracker, text)
    aspect = aspect_of(text, intent)
    chosen = index.get(requested_tiltak(tracker) or "")
    if chosen:
        matches = [Match(chosen, 100.0, Reason("button"))]
    else:
        matches = named_matches(index.find_by_name(text, audience=audience), text, intent)
        asked = [m for m in matches if not in_a_status_phrase(m, text)]
        if asked and len(asked) < len(matches):
            # "Jeg går på sosialhjelp. Noen sa jeg kan få kvalifiseringsstønad, hva går det ut
            # på?": the scheme they are on is context, the other one is asked about
            matches = asked
        elif matches and (
            named_in_passing(index, text) or named_as_a_status(matches[0], text, aspect)
        ):
            matches = []
        if not matches and aspect == "pay" and not tracker.get_slot("current_tiltak"):
            # "er lærlinger betalt?": the participants' word names the scheme it is about.
            # Of the closest schemes, the first whose text says what participants are paid.
            matches = [
                m
                for m in index.search_by_need(text, audience=audience, limit=3)
                if m.score >= PAY_NEED_SCORE and pay_sentences(m.tiltak)
            ][:1]
    slots = language_and_audience(
        language=language,
        language_slot=tracker.get_slot(LANGUAGE_SLOT),
        audience=audience,
        audience_slot=tracker.get_slot("audience"),
    )
    events: list[dict[str, Any]] = [SlotSet(name, value) for name, value in slots.items()]
    current = tracker.get_slot("current_tiltak")
    way = route(
        has_match=bool(matches),
        intent=intent,
        text=text,
        aspect=aspect,
        current_known=bool(current and index.get(current)),
        is_button=tracker.latest_message.get("text", "").startswith("/"),
    )
    if way == CRISIS_SOFT:
        say(dispatcher, "utter_crisis_soft_offer", language)
        return events
    comparing = way == DESCRIBE_MATCH and not chosen and aspect in ("overview", "for_whom")
    both = _compared(matches, text) if comparing else []
    if both:
        # "Hva er forskjellen på IPS og AMS?": what each one is, side by side
        for entry in both:
            summary = text_of(entry, "summary", language)
            say(dispatcher, "utter_tiltak_summary", language, name=entry["name"], summary=summary)
        say(dispatcher, "utter_tiltak_more", language)
        return [
            *events,
            SlotSet("current_tiltak", both[0]["id"]),
            SlotSet("unclear_text", None),
            *remember_tiltak(tracker, OPENED_SLOT, [entry["id"] for entry in both]),
        ]
    if way == DESCRIBE_MATCH:
        entry = matches[0].tiltak
        send(dispatcher, describe(entry, aspect, text, index, language), language)
        if aspect in ("overview", "for_whom"):
            say(dispatcher, "utter_tiltak_more", language)
        return [
            *events,
            SlotSet("current_tiltak", entry["id"]),
            SlotSet("unclear_text", None),
            *remember_tiltak(tracker, OPENED_SLOT, [entry["id"]]),
        ]
    if way == FACT_OF_CURRENT:
        send(dispatcher, fact_replies(index, text, index.get(current), language, True), language)
        return events
    if way == FACT_OF_ANY:
        send(dispatcher, fact_replies(index, text, None, language), language)
        return events
    if way == DESCRIBE_CURRENT:
        send(dispatcher, describe(index.get(current), aspect, text, index, language), language)
        return events

    chosen_need = requested_need(tracker)
    if chosen_need:
        # A button of the clarifying question: its words are the need ("Skole og utdanning").
        text = " ".join([text, *(NEED_TITLES[tag] for tag in chosen_need)]).strip()
    # an English message is searched in the entries' English text too, its needs read from
    # its own words (`text` holds only the few words mapped to Norwegian)
    said = tracker.latest_message.get("text") or ""
    english_query = said if language == "en" and not said.startswith("/") else None
    tags = chosen_need or infer_tags(english_query or text)
    age = extract_age(english_query or text)
    # a trade named ("bilfag", "vil bli tømrer") is a need, though no tag names it
    trade = ("fag",) if names_a_trade(english_query or text) else ()
    step = before_the_search(intent=intent, text=text, tags=tags or trade, age=age, rescue=rescue)
    if step.unanswered:
        return None
    for response in step.say:
        say(dispatcher, response, language)
    if step.done:
        return events

    found = index.search_by_need(
        text, audience=audience, age=age, tags=tags, limit=3, english_query=english_query
    )
    weak = weak_need_reply(
        top_score=found[0].score if found else None,
        tags=tags or trade,
        age=age,
        audience=audience,
        language=language,
        need_chosen=bool(chosen_need),
    )
    if weak == "utter_which_need":
        employer = audience == "arbeidsgiver"
        dispatcher.utter_message(
            response="utter_which_need",
            buttons=need_buttons(audience or "ungdom"),
            you="dere" if employer else "du",
            person="bedriftskoordinator" if employer else "veileder",
        )
        return events
    if weak:
        say(dispatcher, weak, language)
        return events
    send(dispatcher, recommendations(found, audience, language), language)
    if found:
        say(
            dispatcher,
            "utter_recommend_next",
            language,
            buttons=more_buttons([m.tiltak for m in found], language),
        )
        events.append(SlotSet("current_tiltak", found[0].tiltak["id"]))
        events.extend(remember_tiltak(tracker, RECOMMENDED_SLOT, [m.tiltak["id"] for m in found]))
    return events


# The needs a clarifying question offers, by audience (tags of knowledge/CONTENT.md).
# The clarifying question's buttons: (response with the title, need tag) per audience.
NEED_RESPONSES = {
    "ungdom": (
        ("utter_button_need_skole", "skole"),
        ("utter_button_need_jobb", "jobb"),
        ("utter_button_need_psykisk_helse", "psykisk-helse"),
        ("utter_button_need_sprak", "sprak"),
        ("utter_button_need_erfaring", "erfaring"),
    ),
    "arbeidsgiver": (
        ("utter_button_need_rekruttere", "rekruttere"),
        ("utter_button_need_laerling", "laerling"),
        ("utter_button_need_tilskudd", "tilskudd"),
        ("utter_button_need_oppfolging", "oppfolging"),
        ("utter_button_need_beholde", "beholde"),
    ),
}
NEED_CHOICES = {
    audience: tuple((response_text(name), tag) for name, tag in choices)
    for audience, choices in NEED_RESPONSES.items()
}
NEED_TITLES = {tag: title for choices in NEED_CHOICES.values() for title, tag in choices}


def need_buttons(audience: str) -> list[dict]:
    buttons = [
        {"title": title, "payload": f'/find_tiltak{{"need": "{tag}"}}'}
        for title, tag in NEED_CHOICES.get(audience, NEED_CHOICES["ungdom"])
    ]
    buttons.append({"title": response_text("utter_button_person"), "payload": "/request_human"})
    return buttons


def requested_need(tracker: Tracker) -> tuple[str, ...]:
    """The need a button of the clarifying question chose (`/find_tiltak{"need": "jobb"}`)."""
    known = NEED_TITLES
    return tuple(
        e["value"]
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == "need" and e.get("value") in known
    )


def names_a_tiltak(text: str) -> bool:
    """Whether the text clearly names a tiltak (used to rescue unsure classifications)."""
    if len(text.split()) > LONG_MESSAGE_WORDS:
        return False
    try:
        matches = get_index().find_by_name(text)
    except SQLAlchemyError:
        return False
    return bool(matches) and matches[0].score >= STRONG_MATCH


_YES_NO_FOLLOW_UP = re.compile(
    r"^\W*(og|men|så)\s+(må|kan|får|er|gjelder|trenger|blir|har|skal|bør|kreves|krever)\s+"
    r"(vi|jeg|eg|me|man|en|de|dei|dere|det|den|dette|du|han|hun|ho)\b[^?]*\?\s*$",
    re.IGNORECASE,
)


def asks_a_question(text: str) -> bool:
    """Whether the message asks something, in Bokmål, Nynorsk or dialect: a question mark, a
    question word first, or a question inside the sentence ("ka gjør æ nå")."""
    if "?" in text or QUESTION_START.search(text):
        return True
    bokmal = to_bokmal(text)
    return bool(QUESTION_START.search(bokmal) or _QUESTION_INSIDE.search(bokmal))


def rescue_from_knowledge(
    dispatcher: CollectingDispatcher, tracker: Tracker, min_family_confidence: float
) -> list[dict[str, Any]] | None:
    """Answer an unsure or out-of-scope guess from the knowledge base when the message names
    a tiltak, or when the question intents together are likely enough and it names a need.
    None when it does neither: the caller answers."""
    text = tracker.latest_message.get("text") or ""
    if names_a_tiltak(text):
        return answer_question(dispatcher, tracker, text)
    if tracker.get_slot("current_tiltak") and _YES_NO_FOLLOW_UP.match(text):
        # "og må vi lyse ut stillingen?": a yes-or-no question about the tiltak just discussed,
        # answered from its own sentences (or an honest "the sources do not say")
        return answer_question(dispatcher, tracker, text, "ask_fact", rescue=True)
    if tracker.get_slot("current_tiltak") and aspect_of(text, None) != "overview":
        # A follow-up the classifier did not recognise ("hvor lenge varer det?", "hva bør han
        # gjøre først?"): the question is about the tiltak just discussed.
        return answer_question(dispatcher, tracker, text)
    confidence, question_intent = question_family(tracker)
    if confidence >= min_family_confidence:
        return answer_question(dispatcher, tracker, text, question_intent, rescue=True)
    tags = infer_tags(text)
    if (set(tags) & SPECIFIC_NEEDS or names_a_trade(text)) and asks_a_question(text):
        # One need that only schemes answer ("har ikkje någe å gjørr, ka finnes for mæ?"), or a
        # trade ("vi er et lite bilverksted, har dere noe innen bilfag?"):
        # the knowledge base answers, whatever the classifier guessed.
        return answer_question(dispatcher, tracker, text, "find_tiltak", rescue=True)
    if len(tags) >= 2 and QUESTION_START.search(text):
        # The classifier hesitated, but the question names two needs of the knowledge base
        # ("økonomisk støtte til en mentor"): the knowledge base answers.
        return answer_question(dispatcher, tracker, text, "find_tiltak", rescue=True)
    return None


class ActionOutOfScope(Action):
    """Say honestly what is out of scope, unless the message names a tiltak after all."""

    def name(self) -> str:
        return "action_out_of_scope"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        events = rescue_from_knowledge(dispatcher, tracker, RESCUE_FAMILY_CONFIDENCE)
        if events is not None:
            return events
        if asks_to_look_up_a_case(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_no_case_lookup")
            return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionAnswerTiltak(Action):
    def name(self) -> str:
        return "action_answer_tiltak"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return answer_question(dispatcher, tracker, user_text(tracker))
