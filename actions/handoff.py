"""Hand the case to a person: consent, a short form, a ticket for the coordinators' inbox."""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.case_details import case_from, transcript
from actions.common import (
    LANGUAGE_SLOT,
    audience_of,
    conversation_language,
    say,
    who_am_i,
)
from bot.guidance.contact import (
    clean_company,
    clean_name,
    find_contact,
    find_name,
    has_sensitive_number,
    is_org_number,
    without_personal_data,
    yes_or_no,
)
from bot.guidance.form_fields import (
    looks_like_company,
    looks_like_time_only,
    self_named,
    time_in,
    way_in,
    way_of_contact,
)
from bot.guidance.personal_data import mask_personal_data
from bot.settings import load_settings
from bot.tickets.conversation import link
from bot.tickets.models import utcnow
from bot.tickets.notify import notify_new_ticket
from bot.tickets.service import TicketError, open_case
from bot.tickets.service_level import answer_by, spoken_date
from knowledge.coerce import text as _text

logger = logging.getLogger(__name__)

EMPLOYER_FIELDS = [
    "company_name",
    "org_number",
    "contact_name",
    "contact_info",
    "handoff_need",
    "contact_time",
]
YOUTH_FIELDS = ["first_name", "contact_info", "handoff_need", "contact_way"]
HANDOFF_SLOTS = [
    "handoff_consent",
    *EMPLOYER_FIELDS,
    "first_name",
    "contact_way",
    "handoff_confirm",
]
SKIP = re.compile(r"^\s*(hopp over|hopp|skip|vet ikke|har ikke|nei)\s*[.!]*\s*$", re.I)
SKIPPED = "ikke oppgitt"
NEED_STATEMENT = re.compile(
    r"\b(trenger|treng|ønsker oss|søker|leter etter|mangler|vil ha hjelp|vil gjerne ha hjelp)\b"
    r"(?! (ikke|ikkje|å bli kontaktet|kontakt|å snakke|å prate|en person|et menneske|noen å))"
    r"[^.!?\n]{6,}",
    re.IGNORECASE,
)
NAME_BEFORE_CONTACT = re.compile(
    r"^\s*([A-ZÆØÅ][a-zæøåéü-]+(?: [A-ZÆØÅ][a-zæøåéü-]+){1,2})\s*[,:–-]\s*"
    r"(?:tlf|telefon|mobil|e-?post|mail|ring|\+?\d|[\w.+-]+@)",
)
ABOUT_THE_HANDOFF = re.compile(
    r"\b(når|hvor lenge|hvor fort|hvor raskt|kor tid|kor lenge) (\w+ ){0,3}(ringt|ringer|ringe|"
    r"kontakt\w*|svar\w*|hører|høre fra)\b|\bwhen (will|do) (i|you|they|someone) (be )?(call|contact|hear)",
    re.IGNORECASE,
)
CHANGE_TARGETS = {
    "kontakt": "contact_info",
    "telefon": "contact_info",
    "e-post": "contact_info",
    "epost": "contact_info",
    "nummer": "contact_info",
    "behov": "handoff_need",
    "hjelp": "handoff_need",
    "bedrift": "company_name",
    "firma": "company_name",
    "org": "org_number",
    "tid": "contact_time",
    "når": "contact_time",
    "måte": "contact_way",
    # English, for the conversation in English
    "contact": "contact_info",
    "phone": "contact_info",
    "e-mail": "contact_info",
    "email": "contact_info",
    "need": "handoff_need",
    "help": "handoff_need",
    "company": "company_name",
    "time": "contact_time",
    "when": "contact_time",
    "way": "contact_way",
}


def _fields(audience: str | None) -> list[str]:
    return EMPLOYER_FIELDS if audience == "arbeidsgiver" else YOUTH_FIELDS


class ActionOfferHuman(Action):
    """Say who will help; the handoff form follows (it asks who you are if unknown)."""

    def name(self) -> str:
        return "action_offer_human"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        audience = audience_of(tracker)
        events: list[dict[str, Any]] = [SlotSet(slot, None) for slot in HANDOFF_SLOTS]
        said = _text(tracker.latest_message.get("text"))
        language, language_events = conversation_language(tracker, said)
        events += language_events
        if audience == "arbeidsgiver":
            say(dispatcher, "utter_offer_human_employer", language)
        elif audience == "ungdom":
            say(dispatcher, "utter_offer_human_youth", language)
        if audience:
            events.append(SlotSet("audience", audience))
        events += [SlotSet(slot, value) for slot, value in said_before_the_form(said).items()]
        return events


def said_before_the_form(text: str) -> dict[str, str]:
    """What the message that asked for a person already answers ("kan noen ringe meg, jeg
    trenger hjelp til å skrive CV"): the need, the way and the time, masked, so that the form
    does not ask them again. Shown in "Stemmer dette?" before anything is sent."""
    found: dict[str, str] = {}
    need = NEED_STATEMENT.search(without_personal_data(text))
    if need:
        found["handoff_need"] = mask_personal_data(need.group(0).strip())[0][:300]
    if way := way_in(text):
        found["contact_way"] = way
    rest = text.replace(need.group(0), " ") if need else text
    if when := time_in(rest):
        found["contact_time"] = mask_personal_data(when)[0]
    return found


def _just_said(tracker: Tracker, response: str) -> bool:
    """The assistant's latest message in this turn is `response` (it asked again already)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action") == response
    return False


class ActionAskHandoffConsent(Action):
    def name(self) -> str:
        return "action_ask_handoff_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if _just_said(tracker, "utter_handoff_consent_unclear"):
            return []  # that message asked again, with Ja/Nei buttons
        employer = tracker.get_slot("audience") == "arbeidsgiver"
        dispatcher.utter_message(
            response="utter_handoff_consent_employer" if employer else "utter_handoff_consent_youth"
        )
        return []


def handoff_summary_lines(tracker: Tracker) -> list[str]:
    """The case as it will be sent, masked: only the contact line may show a phone number or
    e-mail address; no line a fødselsnummer or account number."""
    return case_from(tracker).masked().person_lines(tracker.get_slot(LANGUAGE_SLOT) or "nb")


class ActionAskHandoffConfirm(Action):
    def name(self) -> str:
        return "action_ask_handoff_confirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(
            response="utter_handoff_confirm", summary="\n".join(handoff_summary_lines(tracker))
        )
        return []


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        audience = tracker.get_slot("audience")
        if audience not in ("ungdom", "arbeidsgiver"):
            return ["who_am_i"]
        if tracker.get_slot("handoff_consent") == "nei":
            return []
        return ["handoff_consent", *_fields(audience), "handoff_confirm"]

    # -- helpers ----------------------------------------------------------------------------
    def _extras(self, text: str, slot: str, tracker: Tracker, dispatcher) -> dict[str, Any]:
        """Other fields the same message answers ("Anne Lie, mobil 48 12 34 56")."""
        extra: dict[str, Any] = {}
        if has_sensitive_number(text):
            dispatcher.utter_message(response="utter_no_sensitive_numbers")
        contact = find_contact(text)
        if contact and slot != "contact_info" and not tracker.get_slot("contact_info"):
            extra["contact_info"] = contact
        if slot != "contact_way" and not tracker.get_slot("contact_way"):
            if way := way_in(text) or way_of_contact(contact):
                extra["contact_way"] = way
        need = NEED_STATEMENT.search(without_personal_data(text))
        if slot != "contact_time" and not tracker.get_slot("contact_time"):
            if when := time_in(text.replace(need.group(0), " ") if need else text):
                extra["contact_time"] = mask_personal_data(when)[0]
        name = self_named(text) or find_name(without_personal_data(text))
        if not name and contact and (lead := NAME_BEFORE_CONTACT.match(text)):
            name = lead.group(1)  # "Kari Fjeld, telefon 400 12 345"
        name = clean_name(text, name) if name else None
        audience = tracker.get_slot("audience")
        name_slot = "contact_name" if audience == "arbeidsgiver" else "first_name"
        if name and slot != name_slot and not tracker.get_slot(name_slot):
            extra[name_slot] = name
        if need and slot != "handoff_need" and not tracker.get_slot("handoff_need"):
            # "Vi trenger to personer på housekeeping fra mars": the need is said, not asked again.
            extra["handoff_need"] = mask_personal_data(need.group(0).strip())[0][:300]
        return extra

    # -- validators -------------------------------------------------------------------------
    def validate_who_am_i(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        found = who_am_i(str(value or "").strip())
        if found is None:
            dispatcher.utter_message(response="utter_invalid_who_am_i")
            return {"who_am_i": None}
        return found

    def validate_handoff_consent(self, value, dispatcher, tracker, domain):
        answer = yes_or_no(_text(value))  # only a clear yes is a consent
        if answer is None:
            dispatcher.utter_message(response="utter_handoff_consent_unclear")
            return {"handoff_consent": None}
        if answer == "nei":  # the submit action says goodbye and stores nothing
            return {"handoff_consent": "nei"}
        return {"handoff_consent": "ja"}

    def validate_company_name(self, value, dispatcher, tracker, domain):
        text = _text(value)
        if not looks_like_company(text) and (self_named(text) or looks_like_time_only(text)):
            # "Jeg heter Per Olsen" where the company is asked: the contact person, noted.
            dispatcher.utter_message(response="utter_handoff_noted")
            return {"company_name": None, **self._extras(text, "company_name", tracker, dispatcher)}
        company = clean_company(text)  # without any number or address in the answer
        if not re.search(r"[A-Za-zÆØÅæøå]", company):
            dispatcher.utter_message(response="utter_invalid_name")
            return {"company_name": None}
        return {"company_name": company, **self._extras(text, "company_name", tracker, dispatcher)}

    def validate_org_number(self, value, dispatcher, tracker, domain):
        text = _text(value)
        if SKIP.match(text):
            return {"org_number": SKIPPED}
        candidate = re.sub(r"\D", "", text)
        if len(candidate) == 9 and is_org_number(candidate):
            return {
                "org_number": candidate,
                **self._extras(text, "org_number", tracker, dispatcher),
            }
        extras = self._extras(text, "org_number", tracker, dispatcher)
        if extras:  # the user went on to the next questions: the number is optional, skip it
            return {"org_number": SKIPPED, **extras}
        dispatcher.utter_message(response="utter_invalid_org_number")
        return {"org_number": None}

    def _name(self, slot: str, value, dispatcher, tracker):
        text = _text(value)
        said_a_name = self_named(text) or NAME_BEFORE_CONTACT.match(text)
        if not said_a_name and (looks_like_time_only(text) or NEED_STATEMENT.search(text)):
            # "helst etter klokka 15" or "vi trenger en lærling" where the name is asked.
            dispatcher.utter_message(response="utter_handoff_noted")
            return {slot: None, **self._extras(text, slot, tracker, dispatcher)}
        # Never a number: "Navn: Ola 15076500565" gives "Ola".
        name = clean_name(text, self_named(text))
        if not said_a_name and (len(name.split()) > 4 or way_in(text)):
            # "kan dere sende meg en sms på 45 …": a wish and a number, not a name.
            dispatcher.utter_message(response="utter_handoff_noted")
            return {slot: None, **self._extras(text, slot, tracker, dispatcher)}
        if not re.search(r"[A-Za-zÆØÅæøå]", name) or yes_or_no(text) is not None:
            # "Ja, det stemmer" answers another question: it is not a name.
            dispatcher.utter_message(response="utter_invalid_name")
            return {slot: None, **self._extras(text, slot, tracker, dispatcher)}
        return {slot: name, **self._extras(text, slot, tracker, dispatcher)}

    def validate_contact_name(self, value, dispatcher, tracker, domain):
        return self._name("contact_name", value, dispatcher, tracker)

    def validate_first_name(self, value, dispatcher, tracker, domain):
        return self._name("first_name", value, dispatcher, tracker)

    def validate_contact_info(self, value, dispatcher, tracker, domain):
        text = _text(value)
        if has_sensitive_number(text):
            dispatcher.utter_message(response="utter_no_sensitive_numbers")
        contact = find_contact(text)
        if not contact:
            dispatcher.utter_message(response="utter_invalid_contact_info")
            return {"contact_info": None}
        found: dict[str, Any] = {"contact_info": contact}
        if not tracker.get_slot("contact_way"):
            if way := way_in(text) or way_of_contact(contact):
                found["contact_way"] = way  # "kun e-post" is not asked again
        if not tracker.get_slot("contact_time") and (when := time_in(text)):
            found["contact_time"] = mask_personal_data(when)[0]
        return found

    def _free(self, slot: str, value, tracker, dispatcher):
        text = _text(value)
        if SKIP.match(text):
            return {slot: SKIPPED}
        if slot in ("contact_time", "contact_way") and yes_or_no(text) is not None:
            # "ok" or "ja, det stemmer" where a preference is asked: the person has none, and
            # the summary that follows lets them add it.
            return {slot: SKIPPED}
        if slot == "handoff_need" and yes_or_no(text) is not None:
            # "Ja, det stemmer" is not a need: ask for it in the person's own words.
            dispatcher.utter_message(response="utter_handoff_need_in_own_words")
            return {slot: None}
        if (
            slot == "handoff_need"
            and looks_like_time_only(text)
            and not NEED_STATEMENT.search(text)
        ):
            dispatcher.utter_message(response="utter_handoff_noted")
            return {slot: None, **self._extras(text, slot, tracker, dispatcher)}
        if ABOUT_THE_HANDOFF.search(text):
            # "når blir jeg ringt?" typed where the form asks the need: answered, not stored.
            due = answer_by(utcnow(), load_settings().answer_working_days)
            dispatcher.utter_message(response="utter_handoff_when_contacted", due=spoken_date(due))
            return {slot: None}
        masked = mask_personal_data(text)[0][:300]
        return {slot: masked, **self._extras(text, slot, tracker, dispatcher)}

    def validate_handoff_need(self, value, dispatcher, tracker, domain):
        return self._free("handoff_need", value, tracker, dispatcher)

    def validate_contact_time(self, value, dispatcher, tracker, domain):
        return self._free("contact_time", value, tracker, dispatcher)

    def validate_contact_way(self, value, dispatcher, tracker, domain):
        return self._free("contact_way", value, tracker, dispatcher)

    def validate_handoff_confirm(self, value, dispatcher, tracker, domain):
        text = _text(value).lower()
        if re.search(r"endre|feil|\bchange|\bwrong|\bedit\b", text):
            target = next((slot for key, slot in CHANGE_TARGETS.items() if key in text), None)
            if ("navn" in text or "name" in text) and target != "company_name":
                target = (
                    "contact_name"
                    if tracker.get_slot("audience") == "arbeidsgiver"
                    else "first_name"
                )
            if target is None:
                dispatcher.utter_message(response="utter_handoff_change_what")
                return {"handoff_confirm": None}
            return {"handoff_confirm": None, target: None}
        answer = yes_or_no(text)  # "nei, ikke send" and "nei, det stemmer ikke" are no
        if answer == "ja":
            return {"handoff_confirm": "ja"}
        if answer == "nei":
            dispatcher.utter_message(response="utter_handoff_not_sent")
        else:
            dispatcher.utter_message(response="utter_handoff_confirm_unclear")
        return {"handoff_confirm": None}


class ActionSubmitHandoff(Action):
    """Create the ticket (only with consent) and tell the user what happens next."""

    def name(self) -> str:
        return "action_submit_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        reset = [SlotSet(slot, None) for slot in HANDOFF_SLOTS]
        if tracker.get_slot("handoff_consent") == "nei":
            dispatcher.utter_message(response="utter_handoff_declined")
            return reset
        if (
            tracker.get_slot("handoff_consent") != "ja"
            or tracker.get_slot("handoff_confirm") != "ja"
        ):
            return reset
        case = case_from(tracker)  # the action fills the case; the store masks and keeps it
        settings = load_settings()
        try:
            receipt = open_case(case, transcript(tracker), settings.answer_working_days)
        except TicketError:
            logger.exception("handoff ticket not stored")
            dispatcher.utter_message(response="utter_handoff_failed")
            return reset
        _link_conversation(receipt.reference, tracker)
        _notify(receipt.reference, case.audience, receipt.answer_by, settings)
        dispatcher.utter_message(
            response="utter_handoff_done_employer"
            if case.audience == "arbeidsgiver"
            else "utter_handoff_done_youth",
            reference=receipt.reference,
            due=spoken_date(receipt.answer_by),
        )
        return reset


def _link_conversation(reference: str, tracker: Tracker) -> None:
    """Remember the conversation of the case, so a coordinator can write to the person in it
    (bot.tickets.conversation); a failure here never breaks the handoff."""
    try:
        link(reference, tracker.sender_id, tracker.get_latest_input_channel() or "")
    except SQLAlchemyError:
        logger.exception("case conversation not linked")


def _notify(reference: str, queue: str, answer_by, settings) -> None:
    """E-mail the coordinators in the background (no personal data; never blocks the chat)."""
    threading.Thread(
        target=notify_new_ticket, args=(reference, queue, settings, answer_by), daemon=True
    ).start()


class ActionCancelHandoff(Action):
    def name(self) -> str:
        return "action_cancel_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(response="utter_handoff_cancelled")
        return [SlotSet(slot, None) for slot in HANDOFF_SLOTS]
