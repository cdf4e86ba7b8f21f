"""The handoff form's validators: each answer checked, cleaned and masked, and the other
fields the same message answers taken along (the form in actions/handoff.py)."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker

from actions.common import validate_who_am_i, who_am_i
from actions.handoff import (
    DECLINED,
    NEED_STATEMENT,
    SKIPPED,
    _fields,
    preference_to_invite,
    said_before_this_message,
)
from actions.tiltak_answers import FORM_QUESTION_WORDS, answer_in_form
from bot.guidance.contact import (
    clean_company,
    clean_name,
    find_contact,
    find_name,
    has_sensitive_number,
    looks_like_person_name,
    org_number_in,
    without_personal_data,
    yes_or_no,
)
from bot.guidance.form_fields import (
    NO_PREFERENCE,
    looks_like_company,
    looks_like_time_only,
    self_named,
    time_in,
    way_in,
    way_of_contact,
    way_word,
)
from bot.guidance.personal_data import mask_personal_data
from bot.settings import load_settings
from bot.tickets.models import utcnow
from bot.tickets.service_level import answer_by, spoken_date
from knowledge.coerce import text as _text

SKIP = re.compile(r"^\s*(hopp over|hopp|skip|vet ikke|har ikke|nei)\s*[.!]*\s*$", re.I)
SKIP_WISH = re.compile(r"^\s*(hopp over|hopp|skip|vet ikke)\s*[.!]*\s*$", re.I)
# An explicit "send it" beside a wish: "ja, send det, helst etter kl 15"
SEND_WORD = re.compile(r"\b(ja|jepp|jo|stemmer|riktig|korrekt|send|sende|yes|correct)\b", re.I)
NAME_BEFORE_CONTACT = re.compile(
    r"^\s*([A-ZÆØÅ][a-zæøåéü-]+(?: [A-ZÆØÅ][a-zæøåéü-]+){1,2})\s*[,:–-]\s*"
    r"(?:tlf|telefon|mobil|e-?post|mail|ring|\+?\d|[\w.+-]+@)",
)
# An answer that starts with what the company needs ("vi trenger …", "treng folk til …").
NEED_FIRST = re.compile(
    r"^\s*(vi |me |eg |jeg |vi har behov for |)(trenger|treng|ønsker|ønskjer|søker|leter etter|"
    r"mangler|vil|skal|har behov)\b",
    re.I,
)
ABOUT_THE_HANDOFF = re.compile(
    r"\b(når|hvor lenge|hvor fort|hvor raskt|kor tid|kor lenge) (\w+ ){0,3}(ringt|ringer|ringe|"
    r"kontakt\w*|svar\w*|hører|høre fra)\b|\bwhen (will|do) (i|you|they|someone) (be )?(call|contact|hear)",
    re.IGNORECASE,
)
# "Hvem er det som tar kontakt med meg?" typed in the form: who, then the form's question.
WHO_CONTACTS = re.compile(
    r"\b(hvem|kven) (er det som |blir det som |er det )?(tar|tek|vil ta|skal ta|kommer til å ta) "
    r"kontakt\b|\b(hvem|kven) (er det som |blir det som )?(ringer|ringjer|kontakter|kontaktar|"
    r"vil ringe|skal ringe|kommer til å ringe)\b|\b(hvem|kven) (får|mottar|tek imot|tar imot|ser) "
    r"(saken|saka|henvendelsen|dette|det)\b|\bwho (will|is going to|would) (call|contact|get)\b",
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


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> str:
        return "validate_handoff_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        audience = tracker.get_slot("audience")
        if tracker.get_slot("handoff_consent") == "nei":
            return []  # also before who is asking is known: "nei, glem det" there
        if audience not in ("ungdom", "arbeidsgiver"):
            return ["who_am_i"]
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
        if slot != "org_number" and tracker.get_slot("audience") == "arbeidsgiver":
            if not tracker.get_slot("org_number") and (number := org_number_in(text)):
                extra["org_number"] = number  # "Tre og Tak AS, org.nr 974 760 673, …"
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

    @staticmethod
    def _answered_about_the_handoff(text: str, dispatcher) -> bool:
        """Who will contact me, and when: answered from the handoff's own facts."""
        if WHO_CONTACTS.search(text):
            dispatcher.utter_message(response="utter_handoff_who_contacts")
            return True
        if ABOUT_THE_HANDOFF.search(text):
            due = answer_by(utcnow(), load_settings().answer_working_days)
            dispatcher.utter_message(response="utter_handoff_when_contacted", due=spoken_date(due))
            return True
        return False

    def _question_typed_here(self, text: str, slot: str, dispatcher, tracker):
        """A question about a tiltak or a need typed where the form asks a name, a number or
        a contact ("vent litt, hva er egentlig lønnstilskudd?"): answered from the knowledge
        base, nothing stored, and the form's question asked again. None for an answer."""
        if find_contact(text) or org_number_in(text) or has_sensitive_number(text):
            return None
        if self._answered_about_the_handoff(text, dispatcher):
            return {slot: None}
        return answer_in_form(
            text, slot, dispatcher, tracker, question=FORM_QUESTION_WORDS, rescue=True
        )

    # -- validators -------------------------------------------------------------------------
    def validate_who_am_i(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        text = _text(value)
        if yes_or_no(text) == "nei" and who_am_i(text) is None:
            # "nei, jeg gir ikke samtykke. glem det." where who is asking is asked: no handoff,
            # nothing stored (the submit action says so)
            return {"who_am_i": None, "handoff_consent": "nei"}
        return validate_who_am_i(value, dispatcher)

    def validate_handoff_consent(self, value, dispatcher, tracker, domain):
        text = _text(value)
        answer = yes_or_no(text)  # only a clear yes is a consent
        if answer is None:
            dispatcher.utter_message(response="utter_handoff_consent_unclear")
            need = NEED_STATEMENT.search(without_personal_data(text))
            if need and not tracker.get_slot("handoff_need"):
                # "I need help finding work here" where the consent is asked: the need is
                # kept (masked, as the message itself is), the consent asked again.
                return {
                    "handoff_consent": None,
                    "handoff_need": mask_personal_data(need.group(0).strip())[0][:300],
                }
            return {"handoff_consent": None}
        if answer == "nei":  # the submit action says goodbye and stores nothing
            return {"handoff_consent": "nei"}
        return {"handoff_consent": "ja"}

    def validate_company_name(self, value, dispatcher, tracker, domain):
        text = _text(value)
        if (
            answered := self._question_typed_here(text, "company_name", dispatcher, tracker)
        ) is not None:
            return answered
        if yes_or_no(text) is not None and not looks_like_company(text) and len(text.split()) <= 4:
            # "ja samtykker" or "ok" where the company is asked: not a name; asked again
            return {"company_name": None}
        if NEED_FIRST.match(text) and NEED_STATEMENT.search(text) and not looks_like_company(text):
            # "vi trenger en sjåfør med førerkort" where the company is asked: the need, kept
            # for its own question; the company is asked again.
            dispatcher.utter_message(response="utter_handoff_noted")
            extras = self._extras(text, "company_name", tracker, dispatcher)
            if not tracker.get_slot("handoff_need"):
                extras["handoff_need"] = mask_personal_data(text.strip())[0][:300]
            return {"company_name": None, **extras}
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
        if SKIP.match(text) or yes_or_no(text) is not None:
            # "ja", "ok" or "send det" where an optional number is asked: none to give; "har
            # det ikke for hånden, kontaktperson er …": none, and the rest is kept
            return {"org_number": SKIPPED, **self._extras(text, "org_number", tracker, dispatcher)}
        if number := org_number_in(text):
            return {"org_number": number, **self._extras(text, "org_number", tracker, dispatcher)}
        extras = self._extras(text, "org_number", tracker, dispatcher)
        if extras:  # the user went on to the next questions: the number is optional, skip it
            return {"org_number": SKIPPED, **extras}
        if not re.search(r"\d", text):
            # "Mona Lie" or "vi vil ta inn en lærling": no number at all, so the person has
            # gone on to the next question; the answer is kept for it, the number skipped.
            if tracker.get_slot("audience") == "arbeidsgiver" and not tracker.get_slot(
                "contact_name"
            ):
                name = clean_name(text, self_named(text))
                if looks_like_person_name(name) and yes_or_no(text) is None:
                    return {"org_number": SKIPPED, "contact_name": name}
            return {"org_number": SKIPPED}
        if said_before_this_message(tracker, "utter_invalid_org_number"):
            # a second number that is not one: the number is optional, not asked a third time
            dispatcher.utter_message(response="utter_handoff_org_number_skipped")
            return {"org_number": SKIPPED}
        dispatcher.utter_message(response="utter_invalid_org_number")
        return {"org_number": None}

    def _name(self, slot: str, value, dispatcher, tracker):
        text = _text(value)
        if (answered := self._question_typed_here(text, slot, dispatcher, tracker)) is not None:
            return answered
        said_a_name = (
            self_named(text)
            or NAME_BEFORE_CONTACT.match(text)
            or find_name(without_personal_data(text))
        )
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

    def validate_handoff_need(self, value, dispatcher, tracker, domain):
        slot = "handoff_need"
        text = _text(value)
        if SKIP.match(text):
            return {slot: SKIPPED}
        answer = yes_or_no(text)
        if answer == "ja":
            # "Ja, stemmer, send det": the person took the question for the summary. The need
            # is not stored as "ja"; the summary comes and asks for it in their own words.
            return {slot: SKIPPED}
        if answer is not None:
            dispatcher.utter_message(response="utter_handoff_need_in_own_words")
            return {slot: None}
        if looks_like_time_only(text) and not NEED_STATEMENT.search(text):
            dispatcher.utter_message(response="utter_handoff_noted")
            return {slot: None, **self._extras(text, slot, tracker, dispatcher)}
        if self._answered_about_the_handoff(text, dispatcher):
            # "når blir jeg ringt?" typed where the form asks the need: answered, not stored.
            return {slot: None}
        masked = mask_personal_data(text)[0][:300]
        return {slot: masked, **self._extras(text, slot, tracker, dispatcher)}

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
        said = _text(value)
        if WHO_CONTACTS.search(said):
            dispatcher.utter_message(response="utter_handoff_who_contacts")
            return {"handoff_confirm": None}
        if ABOUT_THE_HANDOFF.search(said):
            # "når blir jeg ringt?" under the summary: answered, and the summary shown again
            due = answer_by(utcnow(), load_settings().answer_working_days)
            dispatcher.utter_message(response="utter_handoff_when_contacted", due=spoken_date(due))
            return {"handoff_confirm": None}
        wishes: dict[str, Any] = {}
        if when := time_in(said):  # a new wish replaces the one given before
            wishes["contact_time"] = mask_personal_data(when)[0]
        if way := way_in(said) or way_word(said):
            wishes["contact_way"] = way
        no_wish = NO_PREFERENCE.search(said) or SKIP_WISH.match(said)
        rest = NO_PREFERENCE.sub(" ", said) if no_wish else said
        answer = yes_or_no(rest)  # "nei, ikke send" and "nei, det stemmer ikke" are no
        if answer == "ja" and (not wishes or SEND_WORD.search(rest)):
            # "ja", "stemmer, send det", "ja, og helst etter kl 15": sent, with the wish
            return {"handoff_confirm": "ja", **wishes}
        if answer == "nei" and not wishes:
            dispatcher.utter_message(response="utter_handoff_not_sent")
            return {"handoff_confirm": None}
        if (
            not wishes
            and not no_wish
            and answer is None
            and preference_to_invite(tracker) == "handoff_need"
            and len(said.split()) >= 3
            and not said.rstrip().endswith("?")
        ):
            # the need the summary asked for: "hjelp til å finne en læreplass"
            dispatcher.utter_message(response="utter_handoff_noted")
            return {"handoff_confirm": None, "handoff_need": mask_personal_data(said)[0][:300]}
        if wishes or no_wish:
            # "typ etter kl 15 på hverdager", "sms" or "spiller ingen rolle" under the summary:
            # the wish the summary invited, noted, and the summary shown again with it
            if no_wish and not wishes and (open_wish := preference_to_invite(tracker)):
                wishes[open_wish] = DECLINED
            dispatcher.utter_message(response="utter_handoff_noted")
            return {"handoff_confirm": None, **wishes}
        dispatcher.utter_message(response="utter_handoff_confirm_unclear")
        return {"handoff_confirm": None}
