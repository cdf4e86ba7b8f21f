"""The needs assessment: a short form, one question at a time, then recommendations."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.case_details import RECOMMENDED_SLOT, remember_tiltak
from actions.common import (
    conversation_language,
    more_buttons,
    say,
    send,
    validate_who_am_i,
)
from actions.tiltak_answers import answer_in_form
from bot.guidance.answers import recommendations
from bot.guidance.profile import extract_age, infer_tags
from knowledge.search import get_index

YOUTH_SLOTS = ["age", "situation", "barrier", "goal"]
EMPLOYER_SLOTS = ["employer_need", "company_size", "sector"]
ASSESSMENT_SLOTS = ["who_am_i", *YOUTH_SLOTS, *EMPLOYER_SLOTS]
SKIPPED = "hoppet over"
_SKIP = re.compile(
    r"^\s*(hopp(e)? over|hopp|skip|vet ikke|veit ikkje|vil ikke svare|nei|ingen)\s*[.!]*\s*$", re.I
)
# A message typed inside the form that is a question, not an answer ("hvor mye får vi i
# lønnstilskudd?" when the form asks the company size): answered, then the form asks again.
_AGE_RANGE = re.compile(r"\b(\d{2})\s*(?:-|–|—|til|to)\s*(\d{2})\b")
_AGE_WORDS = {
    word: number
    for number, word in enumerate(
        "tretten fjorten femten seksten sytten atten nitten tjue tjueen tjueto tjuetre tjuefire "
        "tjuefem tjueseks tjuesju tjueåtte tjueni tretti".split(),
        start=13,
    )
}

SITUATION_TAGS = {
    "skole": ("skole",),
    "jobb": ("jobb",),
    "ingen": ("ung-utenfor",),
}
GOAL_TAGS = {"jobb": ("jobb",), "utdanning": ("utdanning", "skole"), "lærling": ("laerling",)}
BARRIER_TAGS = {
    "helse": ("helse", "psykisk-helse"),
    "språk": ("sprak", "innvandrer"),
    "erfaring": ("erfaring",),
    "økonomi": ("okonomi",),
    "bolig": ("bolig",),
}
NEED_TAGS = {
    "rekrutter": ("rekruttere",),
    "behold": ("beholde", "oppfolging"),
    "lærling": ("laerling",),
    "praksis": ("praksisplass",),
}


def _skipped(value: Any) -> bool:
    return isinstance(value, str) and bool(_SKIP.match(value))


def _keyword_tags(value: str | None, table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if not value or value == SKIPPED:
        return ()
    lowered = value.lower()
    tags: list[str] = []
    for keyword, mapped in table.items():
        if keyword in lowered:
            tags.extend(mapped)
    return tuple(tags) + infer_tags(value)


class ValidateNeedsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_needs_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        audience = tracker.get_slot("audience")
        if audience == "arbeidsgiver":
            return EMPLOYER_SLOTS
        if audience == "ungdom":
            return YOUTH_SLOTS
        return ["who_am_i"]

    def validate_who_am_i(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return validate_who_am_i(value, dispatcher)

    def validate_age(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        if _skipped(value):
            return {"age": SKIPPED}
        text = str(value or "").strip()
        answered = answer_in_form(text, "age", dispatcher, tracker)
        if answered is not None:
            return answered
        age = int(text) if text.isdigit() else extract_age(text)
        if age is None and (found := _AGE_RANGE.search(text)):
            age = (int(found.group(1)) + int(found.group(2))) // 2  # "16–19", "20 til 25"
        if age is None:
            age = next(
                (n for w, n in _AGE_WORDS.items() if re.search(rf"\b{w}\b", text, re.I)), None
            )
        if age is None or not 10 <= age <= 99:
            dispatcher.utter_message(response="utter_invalid_age")
            return {"age": None}
        return {"age": str(age)}

    def _free_text(self, slot: str, value: Any, dispatcher=None, tracker=None) -> dict[str, Any]:
        if _skipped(value):
            return {slot: SKIPPED}
        text = str(value or "").strip()
        if dispatcher is not None:
            answered = answer_in_form(text, slot, dispatcher, tracker)
            if answered is not None:
                return answered
        return {slot: text[:200] or SKIPPED}

    def validate_situation(self, value, dispatcher, tracker, domain):
        return self._free_text("situation", value, dispatcher, tracker)

    def validate_barrier(self, value, dispatcher, tracker, domain):
        return self._free_text("barrier", value, dispatcher, tracker)

    def validate_goal(self, value, dispatcher, tracker, domain):
        return self._free_text("goal", value, dispatcher, tracker)

    def validate_employer_need(self, value, dispatcher, tracker, domain):
        return self._free_text("employer_need", value, dispatcher, tracker)

    def validate_company_size(self, value, dispatcher, tracker, domain):
        return self._free_text("company_size", value, dispatcher, tracker)

    def validate_sector(self, value, dispatcher, tracker, domain):
        return self._free_text("sector", value, dispatcher, tracker)


def assessment_query(tracker: Tracker) -> tuple[str | None, int | None, tuple[str, ...], str]:
    """Audience, age, tags and free text from the answers of the needs assessment."""
    audience = tracker.get_slot("audience")
    answers = {slot: tracker.get_slot(slot) for slot in ASSESSMENT_SLOTS}
    age_value = answers.get("age")
    age = int(age_value) if isinstance(age_value, str) and age_value.isdigit() else None
    if audience == "arbeidsgiver":
        tags = _keyword_tags(answers["employer_need"], NEED_TAGS) + infer_tags(
            answers["sector"] or ""
        )
        text = " ".join(filter(None, [answers["employer_need"], answers["sector"]]))
    else:
        situation = (answers["situation"] or "").lower()
        situation_key = "ingen" if "ingen" in situation or "verken" in situation else situation
        tags = (
            SITUATION_TAGS.get(situation_key, ())
            + _keyword_tags(answers["barrier"], BARRIER_TAGS)
            + _keyword_tags(answers["goal"], GOAL_TAGS)
        )
        text = " ".join(filter(None, [answers["situation"], answers["barrier"], answers["goal"]]))
    return audience, age, tuple(dict.fromkeys(tags)), text.replace(SKIPPED, "")


class ActionRecommend(Action):
    """End of the needs assessment: up to three tiltak, each with why it fits."""

    def name(self) -> str:
        return "action_recommend"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        audience, age, tags, text = assessment_query(tracker)
        try:
            found = get_index().search_by_need(text, audience=audience, age=age, tags=tags, limit=3)
        except SQLAlchemyError:
            dispatcher.utter_message(response="utter_lookup_failed")
            return []
        send(dispatcher, recommendations(found, audience))
        dispatcher.utter_message(
            response="utter_recommend_next", buttons=more_buttons([m.tiltak for m in found])
        )
        # The answers go with a case, if one is made later; the form's own slots are reset.
        asked = EMPLOYER_SLOTS if audience == "arbeidsgiver" else YOUTH_SLOTS
        answers = {slot: tracker.get_slot(slot) for slot in asked}
        recorded = {k: str(v) for k, v in answers.items() if v not in (None, "", SKIPPED)}
        events = [SlotSet(slot, None) for slot in ASSESSMENT_SLOTS]
        events.append(SlotSet("assessment", recorded or None))
        if found:
            events.append(SlotSet("current_tiltak", found[0].tiltak["id"]))
            ids = [m.tiltak["id"] for m in found]
            events.extend(remember_tiltak(tracker, RECOMMENDED_SLOT, ids))
        return events


class ActionStartAssessment(Action):
    def name(self) -> str:
        return "action_start_assessment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        said = str(tracker.latest_message.get("text") or "")
        language, events = conversation_language(tracker, said)
        # The questions that follow read the `language` slot; this intro is said before the
        # slot is set, so it is chosen by name.
        say(dispatcher, "utter_assessment_intro", language)
        return [*events, *(SlotSet(slot, None) for slot in ASSESSMENT_SLOTS)]


class ActionRestartAssessment(Action):
    """ "Start på nytt" inside the assessment: forget the answers (and the audience)."""

    def name(self) -> str:
        return "action_restart_assessment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(response="utter_assessment_restarted")
        return [
            *(SlotSet(slot, None) for slot in ASSESSMENT_SLOTS),
            SlotSet("audience", None),
            SlotSet("assessment", None),
        ]


class ActionSetAudience(Action):
    """The user said who they are (button or words); remember it."""

    def name(self) -> str:
        return "action_set_audience"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        audience = "arbeidsgiver" if intent == "i_am_employer" else "ungdom"
        dispatcher.utter_message(
            response="utter_audience_employer"
            if audience == "arbeidsgiver"
            else "utter_audience_youth"
        )
        return [SlotSet("audience", audience)]


class ActionRestartConversation(Action):
    """ "Start på nytt" outside the assessment: forget everything."""

    def name(self) -> str:
        return "action_restart_conversation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(response="utter_restarted")
        return [AllSlotsReset(), ActiveLoop(None)]


class ActionForgetConversation(Action):
    """ "Slett samtalen": forget every answer (the chat page also deletes the stored events)."""

    def name(self) -> str:
        return "action_forget_conversation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(response="utter_delete_conversation")
        return [AllSlotsReset(), ActiveLoop(None)]
