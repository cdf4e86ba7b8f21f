"""The answer and fallback actions on recorded trackers (issue #16): what they say, by name."""

from __future__ import annotations

import pytest

from actions.fallback import ActionFallback
from actions.safety import ActionAnswerEnglish
from actions.tiltak_answers import ActionAnswerTiltak, ActionOutOfScope
from bot.guidance.profile import asks_to_look_up_a_case
from bot.training import load_domain
from tests.actions_fixtures import run, tracker


@pytest.fixture(autouse=True)
def _knowledge(knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)


def _messages(action, text: str, intent: str, ranking=None, entities=(), **slots):
    """What the action says and returns on a recorded tracker with this latest message."""
    return run(action, tracker(text, intent, entities, ranking=ranking, **slots))


def _run(action, text: str, intent: str, ranking=None, **slots):
    messages, events = _messages(action, text, intent, ranking, **slots)
    return [m.get("response") for m in messages], events


def test_an_age_with_a_need_gets_recommendations_not_the_age_limit():
    said, events = _run(
        ActionAnswerTiltak(),
        "Jeg er 19, har droppet ut og sliter med angst. Hva kan passe for meg?",
        "ask_eligibility",
    )
    assert "utter_age_limit" not in said and "utter_recommend_next" in said
    assert any(e.get("name") == "current_tiltak" and e.get("value") for e in events)


def test_an_age_alone_or_above_the_limit_gets_the_age_limit():
    said, _ = _run(ActionAnswerTiltak(), "Jeg er 22, kan jeg være med?", "ask_eligibility")
    assert said == ["utter_age_limit"]
    said, _ = _run(
        ActionAnswerTiltak(), "Jeg er 32 og har droppet ut, kan jeg være med?", "ask_eligibility"
    )
    assert said[0] == "utter_age_limit"


def test_whether_apprentices_are_paid_names_the_wage():
    said, events = _run(
        ActionAnswerTiltak(), "er lærlinger betalt?? eller jobber man gratis", "ask_cost"
    )
    assert said[0] == "utter_tiltak_pay"
    assert {
        "event": "slot",
        "name": "current_tiltak",
        "value": "laerlingordningen",
        "timestamp": None,
    } in events


def test_a_follow_up_about_pay_is_about_the_tiltak_just_discussed():
    said, _ = _run(
        ActionAnswerTiltak(), "får man betalt?", "ask_cost", current_tiltak="arbeidstrening"
    )
    assert said == ["utter_tiltak_pay"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kan du slå opp saken min hos Nav?", True),
        ("kan du sjekke søknaden min", True),
        ("hva skjer med saken min EDI-2026-0003", False),
        ("slå opp i kildene", False),
        ("kan du finne ut hva som passer", False),
    ],
)
def test_a_request_to_look_up_a_case(text, expected):
    assert asks_to_look_up_a_case(text) is expected


def test_a_case_lookup_is_declined_as_such():
    said, _ = _run(
        ActionOutOfScope(), "Kan du slå opp saken min hos Nav? Jeg heter Lise Berg", "out_of_scope"
    )
    assert said == ["utter_no_case_lookup"]


def test_unsure_with_out_of_scope_as_best_guess_says_so():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "out_of_scope", "confidence": 0.28},
        {"name": "i_am_employer", "confidence": 0.2},
    ]
    said, _ = _run(ActionFallback(), "Er iPhone eller Android best?", "nlu_fallback", ranking)
    assert said == ["utter_out_of_scope"]
    ranking[1], ranking[2] = ranking[2], ranking[1]
    said, _ = _run(ActionFallback(), "Er iPhone eller Android best?", "nlu_fallback", ranking)
    assert said == ["utter_did_you_mean"]


def test_an_unsure_question_guessed_as_small_talk_then_out_of_scope_is_out_of_scope():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "what_can_you_do", "confidence": 0.19},
        {"name": "out_of_scope", "confidence": 0.17},
        {"name": "ask_tiltak", "confidence": 0.1},
    ]
    said, _ = _run(ActionFallback(), "Hva er den deriverte av x^2?", "nlu_fallback", ranking)
    assert said == ["utter_out_of_scope"]
    # not a question: the choices are offered
    said, _ = _run(ActionFallback(), "deriverte x^2 greier", "nlu_fallback", ranking)
    assert said == ["utter_did_you_mean"]


@pytest.mark.parametrize(
    "text",
    [
        "æ e 19 å har gitt opp skolen, ka gjør æ nå",
        "eg har slutta på skulen og veit ikkje kva eg skal gjere",
        "har ittno å gjør etter at æ droppa ut, kossen kan æ få jobb",
    ],
)
def test_a_need_with_a_question_inside_the_sentence_is_answered_from_the_knowledge_base(text):
    ranking = [
        {"name": "out_of_scope", "confidence": 0.76},
        {"name": "find_tiltak", "confidence": 0.1},
    ]
    said, _ = _run(ActionOutOfScope(), text, "out_of_scope", ranking)
    assert "utter_out_of_scope" not in said
    assert "utter_recommend_next" in said or "utter_tiltak_summary" in said


def test_a_trade_named_by_an_unsure_guess_is_answered_from_the_knowledge_base():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "i_am_employer", "confidence": 0.46},
        {"name": "crisis", "confidence": 0.43},
    ]
    messages, _ = _messages(
        ActionFallback(),
        "Vi er et lite bilverksted. Har dere noe opplegg innen bilfag?",
        "nlu_fallback",
        ranking,
    )
    said = [m.get("response") for m in messages]
    assert "utter_recommend_next" in said
    names = " ".join(str(m.get("name") or m.get("text") or "") for m in messages).lower()
    assert "bilfag" in names


def test_privacy_asked_in_english_is_answered_in_english():
    said, _ = _run(ActionAnswerEnglish(), "Do you store my data? Who can see this chat?", "english")
    assert said == ["utter_privacy_info_en"]


def _texts(action, text, intent, **slots):
    return _messages(action, text, intent, **slots)


def test_english_in_english_out_from_the_english_fields():
    messages, events = _texts(ActionAnswerEnglish(), "What is Jobbskolen?", "english")
    names = [m["response"] for m in messages]
    assert names[0] == "utter_tiltak_summary_en" and all(n.endswith("_en") for n in names)
    assert "young people" in messages[0]["summary"].lower() or "you" in messages[0]["summary"]
    assert {"event": "slot", "name": "language", "value": "en", "timestamp": None} in events


def test_a_button_after_english_is_answered_in_english():
    messages, _ = _texts(
        ActionAnswerTiltak(),
        "/ask_how_to_start",
        "ask_how_to_start",
        current_tiltak="jobbskolen",
        language="en",
    )
    assert messages and all(m["response"].endswith("_en") for m in messages)


def test_an_english_fact_is_the_english_key_fact():
    messages, _ = _texts(
        ActionAnswerEnglish(),
        "How many companies have used it?",
        "english",
        current_tiltak="bedriftspakken",
    )
    assert messages[0]["response"] == "utter_tiltak_fact_en"
    fact = messages[0]["fact"]
    assert "companies" in fact and "bedrifter" not in fact  # the entry's English key fact


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("Do you understand English?", "utter_english_yes"),
        ("can I write in english here", "utter_english_yes"),
        ("What's the best game on the Playstation right now?", "utter_out_of_scope_en"),
        ("Who won the football match yesterday?", "utter_out_of_scope_en"),
        ("lovely weather we are having", "utter_english_no_answer"),
    ],
)
def test_english_without_a_need_is_not_a_list_of_schemes(text, response):
    said, events = _run(ActionAnswerEnglish(), text, "english")
    assert said == [response]
    assert {"event": "slot", "name": "language", "value": "en", "timestamp": None} in events


def test_an_english_need_gets_schemes_from_the_english_text():
    messages, _ = _texts(
        ActionAnswerEnglish(),
        "I'm 27, I came from Syria two years ago and I have a university degree. What can "
        "help me get a job here?",
        "english",
    )
    names = [m["response"] for m in messages]
    assert names[0] == "utter_recommend_intro_en"
    ids = [t["id"] for t in messages[0]["custom"]["data"]["tiltak"]]
    assert "traineeprogram-innvandrere" in ids


def test_every_english_response_exists_in_the_domain():

    from actions.common import ENGLISH_RESPONSES

    responses = load_domain()["responses"]
    assert [
        n for n in sorted(ENGLISH_RESPONSES) if f"{n}_en" not in responses or n not in responses
    ] == []


def _with_entities(action, text, intent, entities, **slots):
    return _messages(action, text, intent, entities=entities, **slots)[0]


def test_a_vague_need_gets_one_clarifying_question_with_buttons():
    messages = _with_entities(
        ActionAnswerTiltak(),
        "jeg vet ikke helt hva jeg vil med livet mitt",
        "find_tiltak",
        [],
        audience="ungdom",
    )
    assert [m["response"] for m in messages] == ["utter_which_need"]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/find_tiltak{"need": "skole"}' in payloads and "/request_human" in payloads


def _need_button_jobb() -> list[dict]:
    """A youth presses the clarifying question's "Jobb" button."""
    return _with_entities(
        ActionAnswerTiltak(),
        '/find_tiltak{"need": "jobb"}',
        "find_tiltak",
        [{"entity": "need", "value": "jobb"}],
        audience="ungdom",
    )


def test_a_chosen_need_is_answered_with_schemes_for_it():
    messages = _need_button_jobb()
    names = [m["response"] for m in messages]
    assert names[0] == "utter_recommend_intro" and "utter_recommend_next" in names
    assert "utter_which_need" not in names


def test_recommendations_send_the_cards_as_data_with_the_intro():
    """The widget draws the cards from this data, not from the item texts (issue #15)."""
    messages = _need_button_jobb()
    names = [m["response"] for m in messages]
    items = [m for m in messages if m["response"] == "utter_recommend_item"]
    assert names[0] == "utter_recommend_intro" and items
    data = messages[0]["custom"]["data"]  # socket.io emits only `data` (see recommendations)
    assert data["repeated_in_text"] == len(items) == len(data["tiltak"])
    for card, item in zip(data["tiltak"], items, strict=True):
        assert set(card) == {"id", "name", "summary", "reason"} and card["id"]
        assert (card["name"], card["summary"], card["reason"]) == (
            item["name"],
            item["summary"],
            item["reason"],
        )
    assert not [m for m in messages[1:] if m["custom"]]


def test_a_question_naming_one_specific_need_is_answered_from_the_knowledge_base():
    said, _ = _run(
        ActionOutOfScope(),
        "Æ e 19 å har ikkje någe å gjørr for tida. Ka finnes det for sånne som mæ?",
        "out_of_scope",
    )
    assert said[0] == "utter_recommend_intro"


def test_a_bus_question_from_a_place_is_still_out_of_scope():
    said, _ = _run(
        ActionOutOfScope(), "Når går neste buss fra Kvadraturen til Vågsbygd?", "out_of_scope"
    )
    assert said == ["utter_out_of_scope"]


@pytest.mark.parametrize(
    ("text", "both"),
    [
        (
            "Hva er egentlig forskjellen mellom individuell jobbstøtte og arbeid med støtte?",
            {"Individuell jobbstøtte (IPS)", "Arbeid med støtte (AMS)"},
        ),
        (
            "hva skiller mentortilskudd fra inkluderingstilskudd",
            {"Mentor og mentortilskudd", "Inkluderingstilskudd"},
        ),
        (
            "what is the difference between IPS and AMS?",
            {"Individuell jobbstøtte (IPS)", "Arbeid med støtte (AMS)"},
        ),
    ],
)
def test_a_comparison_gets_what_each_one_is(text, both):
    messages, _ = _texts(ActionAnswerTiltak(), text, "ask_tiltak")
    summaries = [m for m in messages if m["response"].startswith("utter_tiltak_summary")]
    assert {m["name"] for m in summaries} == both


def test_a_fact_question_naming_two_is_not_a_comparison():
    said, _ = _run(ActionAnswerTiltak(), "hvor mange har vært med i IPS eller AMS?", "ask_fact")
    assert "utter_tiltak_summary" not in said


def test_a_count_of_people_is_not_an_article_before_a_place():
    # "ett sted der unge …" counts nothing; "maksimalt 25 personer" does
    messages, _ = _texts(
        ActionAnswerTiltak(),
        "Hvor mange unge kan en personlig koordinator på Jobbhuset U30 følge opp?",
        "ask_fact",
    )
    assert messages[0]["response"] == "utter_tiltak_fact" and "25" in messages[0]["fact"]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Hvordan fungerer traineeprogrammet, og hvem betaler for det?", "IMDi"),
        ("Hva er Bedriftspakken, og hvor mange bedrifter har brukt den?", "61"),
    ],
)
def test_what_it_is_and_a_fact_get_both(text, fact):
    messages, _ = _texts(ActionAnswerTiltak(), text, "ask_fact")
    assert [m["response"] for m in messages[:2]] == ["utter_tiltak_summary", "utter_tiltak_fact"]
    assert fact in messages[1]["fact"]


def test_an_age_range_is_no_count():
    # "mellom 16 og 25 år" answers how old, not how many
    messages, _ = _texts(ActionAnswerTiltak(), "hvor mange går på Jobbskolen?", "ask_fact")
    assert "150" in messages[0]["fact"]
