"""Hand the case to a person: consent, a short form, a ticket for the coordinators' inbox.
The form's validators are in actions/handoff_form.py."""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.case_details import case_from, transcript
from actions.common import LANGUAGE_SLOT, audience_of, conversation_language, say
from bot.guidance.contact import without_personal_data
from bot.guidance.form_fields import time_in, way_in
from bot.guidance.personal_data import mask_personal_data
from bot.settings import load_settings
from bot.tickets.conversation import link
from bot.tickets.notify import notify_new_ticket
from bot.tickets.service import TicketError, open_case
from bot.tickets.service_level import spoken_date
from knowledge.coerce import text as _text

logger = logging.getLogger(__name__)

EMPLOYER_FIELDS = [
    "company_name",
    "org_number",
    "contact_name",
    "contact_info",
    "handoff_need",
]
YOUTH_FIELDS = ["first_name", "contact_info", "handoff_need"]
# When and how to be contacted are wishes, not questions of their own: the summary invites
# them ("Skriv gjerne når det passer best …"), so that the person who has given what is needed
# sees "Stemmer dette?" next, and a "ja, det stemmer" there sends the case.
PREFERENCE_SLOTS = ["contact_time", "contact_way"]
HANDOFF_SLOTS = [
    "handoff_consent",
    *EMPLOYER_FIELDS,
    "first_name",
    *PREFERENCE_SLOTS,
    "handoff_confirm",
]
PREFERENCE_HINTS = {
    ("handoff_need", "nb"): "Skriv gjerne kort hva du trenger hjelp med.",
    ("handoff_need", "en"): "You can also write briefly what you need help with.",
    ("contact_time", "nb"): "Skriv gjerne når det passer best å bli kontaktet.",
    ("contact_time", "en"): "You can also write when it suits you best to be contacted.",
    ("contact_way", "nb"): "Skriv gjerne om du heller vil ha SMS enn å bli ringt.",
    ("contact_way", "en"): "Write if you would rather get a text message than a call.",
}
SKIPPED = "ikke oppgitt"
DECLINED = "hoppet over"  # what the summary invited, declined there: not invited again
NEED_STATEMENT = re.compile(
    r"\b(trenger|treng|ønsker oss|søker|leter etter|mangler|vil ha hjelp|vil gjerne ha hjelp|"
    r"(vil|ønsker å|ønskjer å|skal|planlegger å|tenker å|kunne tenke oss å|om å) (gjerne )?"
    r"(ta inn|ansette|tilsette|rekruttere|ha inn|få inn|ta imot|tilby|"
    r"gi(?= (\w+ )?(en |ei |et )?(lærling|lære|praksis|jobb|arbeids|sommerjobb)))|"
    r"(i|we) (need|want|am looking for|are looking for|would like help))\b"
    r"(?! (ikke|ikkje|å bli kontaktet|kontakt|å snakke|å prate|en person|et menneske|noen å))"
    r"[^.!?\n]{6,}",
    re.IGNORECASE,
)


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


def _responses_after_user_message(tracker: Tracker, users_back: int) -> list[str]:
    """The responses the assistant said after the person's message `users_back` messages ago
    (0: after the latest one, this turn so far; 1: its reply to the message before), latest
    first."""
    said: list[str] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if users == users_back:
                break
            users += 1
        elif event.get("event") == "bot" and users == users_back:
            said.append((event.get("metadata") or {}).get("utter_action"))
    return said


def said_before_this_message(tracker: Tracker, response: str) -> bool:
    """The assistant said `response` in its reply to the person's previous message (the
    validators run on the latest message: a second wrong answer to the same question)."""
    return response in _responses_after_user_message(tracker, 1)


def _just_said(tracker: Tracker, response: str) -> bool:
    """The assistant's latest message in this turn is `response` (it asked again already)."""
    return _responses_after_user_message(tracker, 0)[:1] == [response]


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


def preference_to_invite(tracker: Tracker) -> str | None:
    """What the summary invites, if it is still open: the need, when the person answered its
    question with a "ja, stemmer" (they took it for the summary); else when to be called for
    an employer, SMS or a call for a young person who gave a phone number (an e-mail address
    alone can only be written to)."""
    if tracker.get_slot("handoff_need") in (None, SKIPPED):
        return "handoff_need"
    if tracker.get_slot("audience") == "arbeidsgiver":
        return None if tracker.get_slot("contact_time") else "contact_time"
    contact = tracker.get_slot("contact_info") or ""
    if tracker.get_slot("contact_way") or len(re.sub(r"\D", "", contact)) < 8:
        return None
    return "contact_way"


def handoff_summary_lines(tracker: Tracker) -> list[str]:
    """The case as it will be sent, masked: only the contact line may show a phone number or
    e-mail address; no line a fødselsnummer or account number."""
    return case_from(tracker).masked().person_lines(tracker.get_slot(LANGUAGE_SLOT) or "nb")


class ActionAskHandoffConfirm(Action):
    def name(self) -> str:
        return "action_ask_handoff_confirm"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        hint = ""
        if wish := preference_to_invite(tracker):
            language = "en" if tracker.get_slot(LANGUAGE_SLOT) == "en" else "nb"
            hint = " " + PREFERENCE_HINTS[(wish, language)]
        dispatcher.utter_message(
            response="utter_handoff_confirm",
            summary="\n".join(handoff_summary_lines(tracker)),
            wish=hint,
        )
        return []


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
