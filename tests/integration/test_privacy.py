"""Personal numbers typed into the handoff form, through the real stack: nothing is stored
but the consented contact detail on the ticket (issue 14's two reproductions)."""

from __future__ import annotations

import json
import sqlite3
import uuid

from bot.tickets.service import get_ticket, list_tickets
from tests.integration.test_guidance import _buttons, _texts, response_text
from tests.integration.test_handoff import QUEUES, _reference
from tests.privacy_scan import Secret, raw_files, read_raw

FNR = "15876500016"  # synthetic: month + 80, valid control digits
D_NUMBER = "55876500190"  # synthetic D-nummer: day + 40, month + 80
ACCOUNT = "12345678903"  # typed "1234.56.78903"
PHONE = "91234567"  # typed "912 34 567" and "912  34  567"


def _sender() -> str:
    return f"pv-{uuid.uuid4().hex[:12]}"


def _stored(stack, sender: str) -> list[dict]:
    connection = sqlite3.connect(stack.settings.var_dir / "tracker.db")
    try:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    finally:
        connection.close()
    return [json.loads(row[0]) for row in rows]


def _found(stack, sender: str, secrets: list[Secret]) -> list[tuple[str, Secret]]:
    """Where the secrets are in the tracker store (this conversation), the tracker's and all
    other files under var/ (database, WAL, logs); the ticket database is checked apart."""
    places = {"events": json.dumps(_stored(stack, sender), ensure_ascii=False)}
    for path in raw_files(stack.settings.var_dir):
        if path.name.startswith("edi.db"):
            continue
        places[str(path.relative_to(stack.settings.var_dir))] = read_raw(path)
    return [(place, s) for place, text in places.items() for s in secrets if s.found_in(text)]


def test_a_cancelled_form_leaves_no_number_and_no_contact(stack, knowledge_db):
    sender = _sender()
    before = len(list_tickets(QUEUES, url=knowledge_db))
    stack.say(sender, "jeg er ung og vil snakke med en veileder")
    stack.say(sender, "ja")
    texts = _texts(stack.say(sender, f"Ola, fødselsnummer {FNR}"))
    assert FNR not in " ".join(texts)
    texts = _texts(stack.say(sender, "ring 912 34 567, konto 1234.56.78903"))
    assert "78903" not in " ".join(texts)
    assert response_text("utter_handoff_cancelled") in _texts(stack.say(sender, "avbryt"))
    assert len(list_tickets(QUEUES, url=knowledge_db)) == before
    secrets = [Secret("fodselsnummer", FNR), Secret("kontonummer", ACCOUNT)]
    secrets.append(Secret("telefon", PHONE))
    assert _found(stack, sender, secrets) == []
    stored = json.dumps(_stored(stack, sender), ensure_ascii=False)
    assert "Ola" not in stored  # the first name is gone with the form


def test_a_name_with_a_number_gives_the_name_only(stack, knowledge_db):
    sender = _sender()
    stack.say(sender, "jeg er ung og vil snakke med en veileder")
    stack.say(sender, "ja")
    stack.say(sender, f"Navn: Ola {FNR}")
    stack.say(sender, "912  34  567")
    stack.say(sender, f"trenger jobb, d-nummer {D_NUMBER[:6]}  {D_NUMBER[6:]}")
    replies = stack.say(sender, "sms")
    confirm = " ".join(_texts(replies))
    assert "Fornavn: Ola Kontakt:" in confirm and FNR not in confirm
    assert any(b["title"] == "Ja, send" for b in _buttons(replies))
    reference = _reference(_texts(stack.say(sender, "ja")))
    ticket = get_ticket(reference, QUEUES, url=knowledge_db)
    assert ticket.consented_contact == {"first_name": "Ola", "contact_info": "912  34  567"}
    on_ticket = json.dumps([ticket.summary, ticket.transcript_excerpt], ensure_ascii=False)
    for secret in (Secret("fodselsnummer", FNR), Secret("dnummer", D_NUMBER)):
        assert not secret.found_in(on_ticket)
        assert not secret.found_in(json.dumps(ticket.consented_contact))
    secrets = [Secret("fodselsnummer", FNR), Secret("dnummer", D_NUMBER)]
    secrets.append(Secret("telefon", PHONE))  # on the ticket now, not in the tracker store
    assert _found(stack, sender, secrets) == []


def test_a_refused_consent_is_no_and_a_no_to_the_summary_sends_nothing(stack, knowledge_db):
    before = len(list_tickets(QUEUES, url=knowledge_db))
    sender = _sender()
    stack.say(sender, "jeg er ung og vil snakke med en veileder")
    assert response_text("utter_handoff_declined") in _texts(
        stack.say(sender, "Jeg samtykker ikke")
    )
    sender = _sender()
    stack.say(sender, "jeg er ung og vil snakke med en veileder")
    replies = stack.say(sender, "kanskje")
    assert [b["title"] for b in _buttons(replies)] == ["Ja", "Nei"]
    stack.say(sender, "ja")
    stack.say(sender, "Kari")
    stack.say(sender, "kari@example.com")
    stack.say(sender, "cv")
    stack.say(sender, "e-post")
    texts = _texts(stack.say(sender, "nei, ikke send"))
    assert response_text("utter_handoff_not_sent") in texts
    texts = _texts(stack.say(sender, "Nei, det stemmer ikke"))
    assert not any("EDI-" in text for text in texts)
    assert len(list_tickets(QUEUES, url=knowledge_db)) == before
    assert response_text("utter_handoff_cancelled") in _texts(stack.say(sender, "avbryt"))
    assert not Secret("epost", "kari@example.com").found_in(json.dumps(_stored(stack, sender)))


def test_entity_values_of_a_typed_payload_are_not_stored(stack):
    sender = _sender()
    stack.say(sender, '/affirm{"tiltak": "912 34 567", "personal_data": "' + FNR + '"}')
    stored = json.dumps(_stored(stack, sender), ensure_ascii=False)
    assert not Secret("telefon", PHONE).found_in(stored)
    assert not Secret("fodselsnummer", FNR).found_in(stored)
