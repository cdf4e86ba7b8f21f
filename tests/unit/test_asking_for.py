"""Someone asking for another person (issue #18, item 6): the words that say so, as whom, and
when the message says nothing else (then the assistant answers that it understood)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.guidance.asking_for import asking_for
from bot.rasa.guard import MessageGuard
from tests.case_chat import RESPONSES, variant

ONLY_THAT = [
    ("jeg spør for sønnen min", "forelder"),
    ("Jeg spør på vegne av dattera mi", "forelder"),
    ("jeg er lærer og spør for en elev", "lærer"),
    ("eg er lærar og spør for ein elev", "lærer"),
    ("I'm asking for my daughter", "forelder"),
    ("spør på vegne av en venn", "venn"),
    ("Jeg spør for en annen", "annen"),
    ("jeg skriver på vegne av broren min", "annen"),
    ("asking for a friend", "venn"),
    ("jeg er mor og spør for gutten min", "forelder"),
    ("jeg er lærer og spør på vegne av en av elevene mine", "lærer"),
]
WITH_A_QUESTION = [
    ("Sønnen min er 17 og har droppet ut av skolen, hva finnes?", "forelder"),
    ("Jeg er kontaktlærer og har en elev som står i fare for å droppe ut", "lærer"),
    ("søsteren min trenger hjelp med cv", "annen"),
    ("My son is 19 and has no job. What can he do?", "forelder"),
    ("Jeg er far til en gutt på 18 som trenger hjelp. Kan en veileder kontakte oss?", "forelder"),
]
NOT_FOR_OTHERS = [
    "jeg er mor til to og trenger jobb",
    "jeg er lærer og vil bytte jobb",
    "vennen min og jeg vil starte en bedrift",
    "jeg er elev og vil ha jobb",
    "hva er jobbskolen?",
    "vi er en bedrift og vil ansette en lærling",
    "jeg har barn og trenger jobb",
]


@pytest.mark.parametrize(("text", "role"), ONLY_THAT)
def test_saying_it_and_nothing_else(text, role):
    found = asking_for(text)
    assert found and found.role == role and found.says_so and found.only_that


@pytest.mark.parametrize(("text", "role"), WITH_A_QUESTION)
def test_saying_it_with_a_need_keeps_the_need(text, role):
    found = asking_for(text)
    assert found and found.role == role and not (found.says_so and found.only_that)


@pytest.mark.parametrize("text", NOT_FOR_OTHERS)
def test_not_asking_for_someone_else(text):
    assert asking_for(text) is None


def test_for_oneself_undoes_it():
    found = asking_for("nei, jeg spør for meg selv")
    assert found and found.role == "selv"


def _guard(text: str, intent: str, confidence: float) -> Message:
    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [
                {"name": intent, "confidence": confidence},
                {"name": "find_tiltak", "confidence": 0.1},
            ],
        }
    )
    MessageGuard().process([message])
    return message


def test_the_guard_adds_who_asks_and_overrides_only_a_bare_statement(knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)
    message = _guard("jeg spør for sønnen min", "nlu_fallback", 0.3)
    assert message.get("intent")["name"] == "asking_for_other"
    entities = {e["entity"]: e["value"] for e in message.get("entities")}
    assert entities == {"asking_for": "forelder", "for_other": "ja"}
    # a need with it: the classifier's question stands, who asks is still remembered
    message = _guard("Sønnen min er 17 og har droppet ut, hva finnes?", "find_tiltak", 0.8)
    assert message.get("intent")["name"] == "find_tiltak"
    assert {e["entity"] for e in message.get("entities")} == {"asking_for", "for_other"}
    # the classifier's asking_for_other without the words is not trusted
    message = _guard("hva finnes for unge?", "asking_for_other", 0.7)
    assert message.get("intent")["name"] == "find_tiltak"


def test_the_flows_address_the_one_who_asks():
    """Every response of the needs form and the handoff that speaks to "du" about the need
    has a variant for someone asking for another person."""
    names = [
        "utter_ask_age",
        "utter_ask_situation",
        "utter_ask_barrier",
        "utter_ask_goal",
        "utter_recommend_intro",
        "utter_offer_human_youth",
        "utter_handoff_consent_youth",
        "utter_ask_first_name",
        "utter_ask_handoff_need",
        "utter_handoff_done_youth",
    ]
    for name in names:
        default = variant(name, {})["text"]
        other = variant(name, {"for_other": "ja"})["text"]
        assert other != default, name
        assert "spør for" in other or "Det er deg veilederen tar kontakt med" in other, name
        assert variant(name, {"for_other": "nei"})["text"] == default
        assert RESPONSES[name][0]["text"] == default, "the default variant stays first"
