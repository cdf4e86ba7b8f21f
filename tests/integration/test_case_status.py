"""The case through the real stack over the REST channel (issue #18): the confirmation names
the day of contact, the status question by reference answers with the status and nothing
else, someone asking for another person is addressed so and the case records it."""

from __future__ import annotations

import re
import uuid

from bot.tickets import service
from bot.tickets.service_level import answer_by, spoken_date
from tests.integration.test_guidance import _texts, response_text

QUEUES = ("arbeidsgiver", "ungdom")


def _sender() -> str:
    return f"cs-{uuid.uuid4().hex[:12]}"


def _handoff(stack, first: list[str]) -> tuple[str, list[str]]:
    sender = _sender()
    for text in first:
        stack.say(sender, text)
    for text in ("ja", "Kari", "912 34 567", "vil ha jobb etter sommeren", "sms"):
        stack.say(sender, text)
    texts = _texts(stack.say(sender, "ja"))
    match = re.search(r"EDI-\d{4}-\d{4}", " ".join(texts))
    assert match, texts
    return match.group(), texts


def _status(stack, text: str) -> list[str]:
    return _texts(stack.say(_sender(), text))


def test_the_status_question_gets_the_status_and_nothing_else(stack, knowledge_db):
    reference, texts = _handoff(stack, ["jeg vil snakke med en veileder"])
    ticket = service.get_ticket(reference, QUEUES, url=knowledge_db)
    due = spoken_date(answer_by(ticket.created_at, 2))
    assert any(f"innen {due}" in t for t in texts), texts
    year, number = reference[4:8], int(reference[9:])
    asked = [
        f"hva skjer med saken min {reference}?",
        f"hva skjer med saken {reference}",
        f"kva skjer med saka mi {reference}?",
        f"status edi {year} {number}",
        f"{reference.lower()}",
    ]
    for text in asked:
        assert _status(stack, text) == [f"Saken {reference} er mottatt."], text
    english = _status(stack, f"what is happening with my case {reference}?")
    assert english == [f"Case {reference} has been received."]
    service.claim(reference, "vera", ("ungdom",), url=knowledge_db)
    assert _status(stack, asked[0]) == [f"Saken {reference} er under behandling."]
    service.close(reference, "vera", "Avtalt møte med Kari", ("ungdom",), url=knowledge_db)
    assert _status(stack, asked[3]) == [f"Saken {reference} er avsluttet."]


def test_an_unknown_reference_and_a_question_without_one(stack):
    texts = _status(stack, "hva skjer med saken min EDI-1999-0042?")
    unknown = response_text("utter_case_status_unknown").replace("{reference}", "EDI-1999-0042")
    assert texts == [unknown]
    texts = _status(stack, "hva skjer med saken min?")
    assert texts == [response_text("utter_case_status_ask_reference")]


def test_someone_asking_for_another_person(stack, knowledge_db):
    sender = _sender()
    texts = _texts(stack.say(sender, "jeg spør for datteren min"))
    assert texts == [response_text("utter_asking_for_other")]
    texts = _texts(stack.say(sender, "kan en veileder ringe meg?"))
    assert any("ikke med den du spør for" in t for t in texts), texts
    for text in ("ja", "Per", "per@example.com", "hun trenger hjelp med å søke jobb", "e-post"):
        texts = _texts(stack.say(sender, text))
    assert any("Du spør for: barnet ditt" in t for t in texts), texts
    texts = _texts(stack.say(sender, "ja"))
    assert any("tar kontakt med deg, ikke med den du spør for" in t for t in texts), texts
    reference = re.search(r"EDI-\d{4}-\d{4}", " ".join(texts)).group()
    ticket = service.get_ticket(reference, QUEUES, url=knowledge_db)
    assert ticket.summary["asking_for"] == "forelder"
    assert ticket.consented_contact == {"first_name": "Per", "contact_info": "per@example.com"}
    assert ticket.transcript_excerpt[0]["text"] == "jeg spør for datteren min"
