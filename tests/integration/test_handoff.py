"""Handoff from the chat to a ticket: consent, form, reference, masking."""

from __future__ import annotations

import json
import re
import uuid

from bot.tickets.service import get_ticket, list_tickets
from tests.integration.test_guidance import SYNTHETIC_FNR, _buttons, _texts, response_text

QUEUES = ("arbeidsgiver", "ungdom")


def _sender() -> str:
    return f"ho-{uuid.uuid4().hex[:12]}"


def _reference(texts: list[str]) -> str:
    match = re.search(r"EDI-\d{4}-\d{4}", " ".join(texts))
    assert match, texts
    return match.group()


def test_employer_handoff_creates_a_ticket(stack, knowledge_db):
    sender = _sender()
    texts = _texts(stack.say(sender, "jeg vil snakke med bedriftskoordinatoren"))
    assert response_text("utter_handoff_consent_employer") in texts
    stack.say(sender, "ja")
    assert response_text("utter_ask_org_number") in _texts(stack.say(sender, "Elektro Sør AS"))
    texts = _texts(stack.say(sender, "123"))
    assert response_text("utter_invalid_org_number") in texts  # a specific message, a new try
    stack.say(sender, "923609016")
    stack.say(sender, "Anne Lie")
    assert response_text("utter_invalid_contact_info") in _texts(stack.say(sender, "ring meg"))
    stack.say(sender, "48 12 34 56")
    stack.say(sender, f"vi vil ta inn en lærling, fnr {SYNTHETIC_FNR}")
    replies = stack.say(sender, "formiddag")
    assert any(b["title"] == "Ja, send" for b in _buttons(replies))
    texts = _texts(stack.say(sender, "ja"))
    reference = _reference(texts)
    assert "bedriftskoordinator" in " ".join(texts)

    ticket = get_ticket(reference, QUEUES, url=knowledge_db)
    assert ticket.queue == "arbeidsgiver"
    assert ticket.consented_contact["company_name"] == "Elektro Sør AS"
    assert ticket.consented_contact["org_number"] == "923609016"
    assert ticket.consented_contact["contact_info"] == "48 12 34 56"
    stored = json.dumps(
        [ticket.consented_contact, ticket.summary, ticket.transcript_excerpt], ensure_ascii=False
    )
    assert SYNTHETIC_FNR not in stored
    assert "lærling" in ticket.summary["need"]  # the case contract's key (issue #18)


def test_youth_handoff_masks_a_typed_fodselsnummer(stack, knowledge_db):
    sender = _sender()
    stack.say(sender, "jeg har droppet ut og tenker på jobbskolen")
    stack.say(sender, "kan en veileder ringe meg?")
    stack.say(sender, "ja")
    stack.say(sender, "Ali heter jeg, 21 år")
    texts = _texts(stack.say(sender, f"fnr {SYNTHETIC_FNR} og tlf 92 34 56 78"))
    assert SYNTHETIC_FNR not in " ".join(texts)
    assert response_text("utter_no_sensitive_numbers") in texts
    stack.say(sender, "vil ha jobb")
    stack.say(sender, "sms")
    reference = _reference(_texts(stack.say(sender, "ja")))
    ticket = get_ticket(reference, QUEUES, url=knowledge_db)
    assert ticket.queue == "ungdom"
    assert ticket.consented_contact == {
        "first_name": "Ali",
        "contact_info": "92 34 56 78",
    }
    excerpt = json.dumps(ticket.transcript_excerpt, ensure_ascii=False)
    assert SYNTHETIC_FNR not in excerpt and "[fødselsnummer]" in excerpt
    assert ticket.summary["tiltak"], "the tiltak discussed go with the ticket"


def test_no_to_consent_stores_nothing(stack, knowledge_db):
    before = len(list_tickets(QUEUES, url=knowledge_db))
    sender = _sender()
    stack.say(sender, "kan noen ringe meg?")
    stack.say(sender, "jeg er arbeidsgiver")
    texts = _texts(stack.say(sender, "nei"))
    assert response_text("utter_handoff_declined") in texts
    assert len(list_tickets(QUEUES, url=knowledge_db)) == before


def test_cancel_midway_stores_nothing(stack, knowledge_db):
    before = len(list_tickets(QUEUES, url=knowledge_db))
    sender = _sender()
    stack.say(sender, "send en bedriftskoordinator til oss")
    stack.say(sender, "ja")
    stack.say(sender, "Fjord Tech AS")
    texts = _texts(stack.say(sender, "avbryt"))
    assert response_text("utter_handoff_cancelled") in texts
    assert len(list_tickets(QUEUES, url=knowledge_db)) == before


def test_correcting_an_answer_before_sending(stack, knowledge_db):
    sender = _sender()
    stack.say(sender, "jeg er ung og vil snakke med en veileder")
    stack.say(sender, "ja")
    stack.say(sender, "Kari")
    stack.say(sender, "kari@example.com")
    stack.say(sender, "trenger hjelp med cv")
    stack.say(sender, "e-post")
    texts = _texts(stack.say(sender, "endre kontaktinfo"))
    assert response_text("utter_ask_contact_info") in texts
    stack.say(sender, "kari.nordmann@example.com")
    reference = _reference(_texts(stack.say(sender, "ja")))
    ticket = get_ticket(reference, QUEUES, url=knowledge_db)
    assert ticket.consented_contact["contact_info"] == "kari.nordmann@example.com"
