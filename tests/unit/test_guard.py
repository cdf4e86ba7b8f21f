"""The NLU guard's vocabulary check (issue #16): an intent about one topic must name it."""

from __future__ import annotations

import re

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.rasa.guard import TOPIC_WORDS, MessageGuard
from bot.settings import REPO_DIR


def _classified(text: str, ranking: list[tuple[str, float]]) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    MessageGuard().process([message])
    return message


def _examples(intent: str) -> list[str]:
    found = []
    for path in sorted((REPO_DIR / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if item.get("intent") == intent:
                for line in item["examples"].splitlines():
                    if line.startswith("- "):
                        found.append(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line[2:]))
    return found


@pytest.mark.parametrize("intent", sorted(TOPIC_WORDS))
def test_every_training_example_names_its_topic(intent):
    examples = _examples(intent)
    assert len(examples) > 20
    assert [e for e in examples if not TOPIC_WORDS[intent].search(e)] == []


def test_a_question_that_names_no_privacy_word_is_not_a_privacy_question():
    message = _classified(
        "Har dere noe kurs for ledere om mangfold og inkludering?",
        [("privacy_question", 0.42), ("ask_tiltak", 0.25), ("ask_eligibility", 0.19)],
    )
    assert message.get("intent")["name"] == "ask_tiltak"


def test_a_question_about_something_else_does_not_start_the_assessment():
    message = _classified(
        "Kan utleieren min kaste meg ut uten varsel?",
        [("start_assessment", 0.49), ("out_of_scope", 0.21), ("request_human", 0.07)],
    )
    assert message.get("intent")["name"] == "out_of_scope"


def test_a_sure_classifier_and_a_real_privacy_question_are_left_alone():
    assert (
        _classified("hvem kan se det jeg skriver", [("privacy_question", 0.6)]).get("intent")[
            "name"
        ]
        == "privacy_question"
    )
    assert (
        _classified("still meg noen spørsmål", [("start_assessment", 0.4)]).get("intent")["name"]
        == "start_assessment"
    )


def test_a_request_to_look_up_a_case_is_not_a_request_for_a_person():
    message = _classified("Kan du slå opp saken min hos Nav?", [("request_human", 0.6)])
    assert message.get("intent")["name"] == "out_of_scope"
    with_number = _classified(
        "Kan du slå opp saken min? Fødselsnummeret er 01019912345", [("request_human", 0.6)]
    )
    assert with_number.get("intent")["name"] == "share_personal_info"


def test_a_wish_to_forget_what_was_written_is_a_deletion():
    # with a phone number in it: deleted, not warned about as shared personal data
    message = _classified(
        "Jeg oppga nummeret mitt 412 34 567 i stad. Kan dere slette det?",
        [("find_tiltak", 0.71), ("share_personal_info", 0.2)],
    )
    assert message.get("intent")["name"] == "delete_conversation"


def test_english_small_talk_goes_to_the_english_answer():
    message = _classified("Are you a real person?", [("out_of_scope", 0.55), ("greet", 0.2)])
    assert message.get("intent")["name"] == "english"


def test_who_runs_it_is_a_question_about_the_scheme_not_the_assistant():
    message = _classified(
        "hvem er det som driver den egentlig?", [("bot_challenge", 0.81), ("ask_tiltak", 0.1)]
    )
    assert message.get("intent")["name"] == "ask_tiltak"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hei", "greet"),
        ("hallo, er det noen der?", "greet"),
        ("tusen takk for hjelpa!", "thanks"),
        ("takk, det var alt jeg lurte på", "thanks"),
        (
            "hei ok vet ikke hvor jeg starter, men er 23 og har ikke jobbet siden i fjor og "
            "trenger noe å gjøre",
            "find_tiltak",
        ),
        ("takk, men jeg lurer også på om det finnes noe for arbeidsgivere", "find_tiltak"),
    ],
)
def test_a_greeting_is_small_talk_only_when_little_follows_it(text, intent):
    # the classifier unsure: the greeting rule decides only for a short message
    ranking = [("find_tiltak", 0.31), ("greet", 0.3), ("thanks", 0.2)]
    assert _classified(text, ranking).get("intent")["name"] == intent


@pytest.mark.parametrize(
    "text",
    ["du e flink du 😄", "Så bra, du er kjempegrei!", "dere er gull", "bra jobba", "good job!"],
)
def test_a_compliment_is_thanked_for(text):
    assert _classified(text, [("bot_challenge", 0.7), ("greet", 0.2)]).get("intent")["name"] == (
        "thanks"
    )


@pytest.mark.parametrize(
    "text",
    [
        "du er ikke særlig flink",
        "er du flink til å finne jobber?",
        "du er god på tiltak, men kan du si hva Jobbskolen koster for en som er 19 og bor i "
        "Vennesla",
    ],
)
def test_not_a_compliment(text):
    assert _classified(text, [("bot_challenge", 0.7), ("greet", 0.2)]).get("intent")["name"] != (
        "thanks"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Vi må kjøpe inn hev-senk-bord til en ny medarbeider. Kan Nav bidra med noe?",
        "Kan vi i kommunen hente inn noen via Nav til et vikariat uten å annonsere?",
        "vi trenger ekstrahjelp til sommeren, finnes det tilskudd for det?",
    ],
)
def test_a_need_asked_about_is_not_a_request_for_a_person(text):
    assert _classified(text, [("request_human", 0.88)]).get("intent")["name"] == "find_tiltak"


@pytest.mark.parametrize(
    "text",
    [
        "Kan noen fra dere stikke innom salongen? Vurderer å ta inn en lærling.",
        "Kan jeg snakke med noen om lønnstilskudd?",
        "Vil en bedriftskoordinator ringe oss om mentortilskudd?",
        "Jeg trenger en lærlingplass.",  # no question: the classifier's guess stands
    ],
)
def test_a_person_asked_for_stays_a_request_for_a_person(text):
    assert _classified(text, [("request_human", 0.88)]).get("intent")["name"] == "request_human"


def test_a_request_to_be_told_is_a_question_not_a_command():
    message = _classified("ramse opp stegene", [("cancel", 0.34), ("start_over", 0.09)])
    assert message.get("intent")["name"] != "cancel"


def test_a_statement_that_considers_a_named_scheme_asks_about_it(knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)  # the index is kept per database
    message = _classified(
        "Vi er en byggevarebutikk og vurderer Bedriftspakken.", [("i_am_employer", 0.87)]
    )
    assert message.get("intent")["name"] == "ask_tiltak"
    plain = _classified("Vi er en byggevarebutikk.", [("i_am_employer", 0.87)])
    assert plain.get("intent")["name"] == "i_am_employer"


def test_someone_at_school_to_talk_to_is_answered_from_the_knowledge_base():
    text = "går på vg2 og vurderer å slutte. er det noen på skolen jeg kan snakke med om det?"
    assert _classified(text, [("request_human", 0.67)]).get("intent")["name"] == "find_tiltak"
    # a person from the service itself is still a handoff
    assert (
        _classified("kan jeg snakke med en veileder?", [("request_human", 0.9)]).get("intent")[
            "name"
        ]
        == "request_human"
    )


def test_a_wish_for_a_visit_is_a_request_for_a_person():
    text = "Jeg er styrer i en barnehage og vil gjerne ha besøk av noen som kan hjelpe oss."
    assert _classified(text, [("find_tiltak", 0.8)]).get("intent")["name"] == "request_human"


def test_a_scheme_named_in_a_goodbye_is_asked_about(knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)
    message = _classified("ka e dænn bedriftspakka dokker snakke om?", [("goodbye", 0.6)])
    assert message.get("intent")["name"] == "ask_tiltak"


def test_a_demoted_guess_below_the_fallback_threshold_is_no_guess():
    from bot.rasa.guard import FALLBACK_THRESHOLD

    config = yaml.safe_load((REPO_DIR / "config.yml").read_text(encoding="utf-8"))
    fallback = [c for c in config["pipeline"] if c["name"] == "FallbackClassifier"]
    assert fallback[0]["threshold"] == FALLBACK_THRESHOLD
    message = _classified(
        "Hva er den deriverte av x^2?",
        [("crisis", 0.42), ("what_can_you_do", 0.19), ("out_of_scope", 0.17)],
    )
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("intent_ranking")[0]["name"] == "what_can_you_do"
    # a demoted guess that is sure enough is kept
    message = _classified(
        "Kan utleieren min kaste meg ut uten varsel?",
        [("crisis", 0.49), ("out_of_scope", 0.21), ("request_human", 0.07)],
    )
    assert message.get("intent")["name"] == "out_of_scope"
    message = _classified(
        "Kan du hjelpe meg med CV-en?",
        [("crisis", 0.5), ("request_human", 0.31), ("out_of_scope", 0.1)],
    )
    assert message.get("intent")["name"] == "request_human"
