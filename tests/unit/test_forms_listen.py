"""Questions typed inside a form are answered, not stored as the answer (issue #16, class 4)."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ValidateHandoffForm
from actions.needs_assessment import ValidateNeedsForm


@pytest.fixture(autouse=True)
def _knowledge(knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)


def _tracker(slot: str, text: str, form: str, **slots) -> Tracker:
    return Tracker(
        sender_id="s",
        slots={"requested_slot": slot, **slots},
        latest_message={"text": text, "intent": {"name": "nlu_fallback"}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": form},
        latest_action_name="action_listen",
    )


def _needs(slot: str, text: str, **slots):
    dispatcher = CollectingDispatcher()
    tracker = _tracker(slot, text, "needs_form", **slots)
    result = getattr(ValidateNeedsForm(), f"validate_{slot}")(text, dispatcher, tracker, {})
    return result, dispatcher.messages


def test_a_money_question_is_not_the_company_size():
    result, messages = _needs(
        "company_size", "hvor mye får vi i lønnstilskudd egentlig?", audience="arbeidsgiver"
    )
    assert result["company_size"] is None, "the form asks the size again"
    text = " ".join(m.get("text") or "" for m in messages) + " ".join(
        str(m.get("response")) for m in messages
    )
    assert "Lønnstilskudd" in text or "tiltak" in text


def test_an_answer_is_still_an_answer():
    result, messages = _needs("company_size", "10–49", audience="arbeidsgiver")
    assert result == {"company_size": "10–49"}
    assert messages == []


@pytest.mark.parametrize(("typed", "age"), [("16–19", "17"), ("20 til 25", "22"), ("nitten", "19")])
def test_ages_as_ranges_and_words(typed, age):
    result, _ = _needs("age", typed, audience="ungdom")
    assert result == {"age": age}


def test_a_question_about_the_handoff_is_not_the_need():
    dispatcher = CollectingDispatcher()
    tracker = _tracker("handoff_need", "når blir jeg egentlig ringt?", "handoff_form")
    result = ValidateHandoffForm().validate_handoff_need(
        "når blir jeg egentlig ringt?", dispatcher, tracker, {}
    )
    assert result["handoff_need"] is None
    assert [m.get("response") for m in dispatcher.messages] == ["utter_handoff_when_contacted"]


def _handoff(slot: str, text: str, **slots):
    dispatcher = CollectingDispatcher()
    tracker = _tracker(slot, text, "handoff_form", **slots)
    result = getattr(ValidateHandoffForm(), f"validate_{slot}")(text, dispatcher, tracker, {})
    return result, [m.get("response") for m in dispatcher.messages]


def test_a_name_before_a_phone_number_fills_both():
    result, _ = _handoff(
        "org_number",
        "Kari Fjeld, telefon 400 12 345",
        audience="arbeidsgiver",
        handoff_consent="ja",
    )
    assert result["org_number"] == "ikke oppgitt"
    assert result["contact_name"] == "Kari Fjeld"
    assert "40012345" in result["contact_info"].replace(" ", "")


def test_a_yes_is_not_a_name():
    result, responses = _handoff(
        "contact_name", "Ja, det stemmer.", audience="arbeidsgiver", handoff_consent="ja"
    )
    assert result["contact_name"] is None
    assert responses == ["utter_invalid_name"]


def test_a_need_said_with_the_company_is_not_asked_again():
    result, _ = _handoff(
        "company_name",
        "Hotellet heter Fjordlys Hotell AS. Vi trenger to personer på housekeeping fra mars.",
        audience="arbeidsgiver",
        handoff_consent="ja",
    )
    assert "housekeeping" in result["handoff_need"]


def test_a_yes_is_not_a_time_to_call():
    result, _ = _handoff("contact_time", "Ja, det stemmer.", handoff_consent="ja")
    assert result["contact_time"] is None
