"""Status by reference (issue #18, item 5): the guard knows a reference however it is typed
(and never takes it for a phone number); the action says "mottatt", "under behandling" or
"avsluttet" and nothing else."""

from __future__ import annotations

import re

import pytest
from rasa.shared.nlu.training_data.message import Message

from actions.case_status import ActionCaseStatus
from bot.guidance.personal_data import find_personal_data, mask_personal_data
from bot.rasa.guard import MessageGuard
from bot.tickets import service
from bot.tickets.reference import find_reference
from tests.case_chat import RESPONSES, Chat

QUESTIONS = [
    ("hva skjer med saken min EDI-2026-0003?", "EDI-2026-0003"),
    ("hva skjer med saken EDI-2026-0003", "EDI-2026-0003"),
    ("kva skjer med saka mi EDI-2026-0003?", "EDI-2026-0003"),
    ("what is happening with my case EDI-2026-0003?", "EDI-2026-0003"),
    ("status edi 2026 3", "EDI-2026-0003"),
    ("Edi2026-0003", "EDI-2026-0003"),
    ("EDI 2026 0003, er den mottatt?", "EDI-2026-0003"),
    ("saken min er edi-2026-12", "EDI-2026-0012"),
]


@pytest.mark.parametrize(("text", "reference"), QUESTIONS)
def test_a_reference_is_read_however_it_is_typed_and_is_no_phone_number(text, reference):
    assert find_reference(text) == reference
    assert not [f for f in find_personal_data(text) if f.kind == "telefon"], text


def test_a_phone_number_next_to_a_reference_is_still_a_phone_number():
    masked, kinds = mask_personal_data("EDI-2026-0003, ring meg på 912 34 567")
    assert masked == "EDI-2026-0003, ring meg på [telefonnummer]" and kinds == ["telefon"]
    assert find_reference("edi 2026 91234567") is None
    assert find_reference("ring 2026 0003") is None
    assert find_reference("Jeg heter Edith og er 20 år") is None


def _guarded(text: str, intent: str = "nlu_fallback", confidence: float = 0.4) -> Message:
    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        }
    )
    MessageGuard().process([message])
    return message


@pytest.mark.parametrize(("text", "reference"), QUESTIONS)
def test_the_guard_makes_it_the_status_question_whatever_the_classifier_said(text, reference):
    for guess in ("nlu_fallback", "share_personal_info", "ask_fact", "greet"):
        message = _guarded(text, guess, 0.9)
        assert message.get("intent")["name"] == "case_status", (text, guess)
        entities = {e["entity"]: e["value"] for e in message.get("entities")}
        assert entities["case_reference"] == reference


def test_a_crisis_still_comes_first():
    message = _guarded("saken EDI-2026-0003 er avslått og jeg vil ikke leve lenger")
    assert message.get("intent")["name"] == "crisis"


@pytest.fixture
def case_db(knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)
    new = service.create_ticket("ungdom", {"first_name": "Siri"}, {"need": "jobb"}, [])
    taken = service.create_ticket("ungdom", {"first_name": "Ola"}, {"need": "skole"}, [])
    service.claim(taken, "vera", ("ungdom",))
    closed = service.create_ticket("arbeidsgiver", {"company_name": "Fjord AS"}, {}, [])
    service.close(closed, "bernt", "Avtalt møte", ("arbeidsgiver",))
    return {"mottatt": new, "under behandling": taken, "avsluttet": closed}


def _ask(text: str, entities: list | None = None) -> list[dict]:
    chat = Chat()
    chat.user(text, intent="case_status", entities=entities)
    return chat.run(ActionCaseStatus())


def test_the_answer_is_the_status_and_nothing_else(case_db):
    for status, reference in case_db.items():
        number = int(reference.rsplit("-", 1)[1])
        for text in (f"hva skjer med saken min {reference}?", f"edi {reference[4:8]} {number}"):
            [message] = _ask(text)
            text_of = RESPONSES[message["response"]][0]["text"].format(**message)
            assert text_of == f"Saken {reference} er {status}."
            assert not {"Siri", "Ola", "Fjord", "jobb", "skole", "Avtalt"} & set(
                re.findall(r"\w+", text_of)
            )
    [message] = _ask(f"what is happening with my case {case_db['mottatt']}?")
    assert message["response"] == "utter_case_status_received_en"


def test_an_unknown_reference_and_no_reference_get_a_clear_answer(case_db):
    [message] = _ask("hva skjer med saken min EDI-1999-0042?")
    assert message == {**message, "response": "utter_case_status_unknown"}
    assert message["reference"] == "EDI-1999-0042"
    [message] = _ask("hva skjer med saken min?")
    assert message["response"] == "utter_case_status_ask_reference"
    assert "EDI-2026-0003" in RESPONSES["utter_case_status_ask_reference"][0]["text"]


def test_a_fodselsnummer_with_the_question_is_not_wanted(case_db):
    text = f"saken min {case_db['mottatt']}, fnr 02900356687"
    entities = [{"entity": "personal_data", "value": "fodselsnummer"}]
    responses = [m["response"] for m in _ask(text, entities)]
    assert responses == ["utter_no_sensitive_numbers", "utter_case_status_received"]


@pytest.mark.parametrize(
    "text",
    [
        "hva skjer med saken min?",
        "hvordan går det med saken min",
        "er saken min mottatt?",
        "har dere sett på saken jeg sendte?",
        "kva skjer med saka mi",
        "er saka mi motteken?",
        "any news on my case?",
    ],
)
def test_the_status_question_without_a_reference(text):
    assert _guarded(text, "out_of_scope", 0.6).get("intent")["name"] == "case_status"


@pytest.mark.parametrize(
    "text",
    [
        "Saken min er at jeg har fått sparken",
        "Kan du slå opp saken min hos Nav?",  # no one's case with Nav: declined as such
        "hva skjer med lønnstilskudd neste år?",
    ],
)
def test_not_the_status_question(text, knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)
    assert _guarded(text, "ask_fact", 0.7).get("intent")["name"] != "case_status"
