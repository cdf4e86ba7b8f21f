"""Questions typed inside a form are answered, not stored as the answer (issue #16, class 4)."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import SKIPPED, said_before_the_form
from actions.handoff_form import ValidateHandoffForm
from actions.needs_assessment import ValidateNeedsForm
from tests.actions_fixtures import tracker


@pytest.fixture(autouse=True)
def _knowledge(knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)


def _tracker(slot: str, text: str, form: str, **slots) -> Tracker:
    return tracker(text, form=form, requested_slot=slot, **slots)


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


def test_a_yes_is_not_a_need():
    # "ja, stemmer" where the need is asked: taken for the summary, which comes and asks for
    # the need in the person's own words (actions.handoff.preference_to_invite)
    result, responses = _handoff("handoff_need", "ja, stemmer", handoff_consent="ja")
    assert result["handoff_need"] == SKIPPED and responses == []
    result, responses = _handoff("handoff_need", "nei takk, vil ikke", handoff_consent="ja")
    assert result["handoff_need"] is None
    assert responses == ["utter_handoff_need_in_own_words"]


# -- answers in another order than the form asks (issue #16, item 4) --------------------------
EMPLOYER = {"audience": "arbeidsgiver", "handoff_consent": "ja"}
YOUTH = {"audience": "ungdom", "handoff_consent": "ja"}


@pytest.mark.parametrize(
    "text", ["Jeg heter Per Olsen", "Per Olsen heter jeg.", "Eg heiter Per Olsen"]
)
def test_a_person_naming_themself_where_the_company_is_asked_is_the_contact(text):
    result, responses = _handoff("company_name", text, **EMPLOYER)
    assert result["company_name"] is None, "the company is asked again"
    assert result["contact_name"] == "Per Olsen"
    assert responses == ["utter_handoff_noted"]


def test_a_company_said_in_a_sentence_is_the_name_and_the_person_too():
    result, _ = _handoff(
        "company_name", "Firmaet heter Olsens Bakeri AS, og jeg heter Per Olsen", **EMPLOYER
    )
    assert result["company_name"] == "Olsens Bakeri AS"
    assert result["contact_name"] == "Per Olsen"
    result, _ = _handoff(
        "company_name",
        "Hotellet heter Fjordlys Hotell AS. Vi trenger to til housekeeping.",
        **EMPLOYER,
    )
    assert result["company_name"] == "Fjordlys Hotell AS"


def test_an_english_time_is_a_time():
    result, _ = _handoff("handoff_need", "Mornings work best, before 11.", **YOUTH)
    assert result["handoff_need"] is None and result["contact_time"] == "Mornings work best"


@pytest.mark.parametrize(
    "text",
    ["helst etter klokka 15 på torsdager", "Best etter kl. 14 på tirsdager.", "fredag formiddag"],
)
def test_a_time_where_the_name_is_asked_is_the_time(text):
    result, responses = _handoff("contact_name", text, **EMPLOYER)
    assert result["contact_name"] is None
    assert result["contact_time"] and "kl" not in result["contact_time"].split()[-1:]
    assert responses == ["utter_handoff_noted"]


def test_a_name_is_never_read_as_a_time():
    for name in ("Ola", "Morgan Fredriksen", "Kari Sunde"):
        result, _ = _handoff("first_name", name, **YOUTH)
        assert result["first_name"] == name and "contact_time" not in result


def test_a_wish_for_sms_with_the_number_fills_contact_and_way():
    result, _ = _handoff("first_name", "kan dere sende meg en sms på 45 67 89 01", **YOUTH)
    assert result["first_name"] is None
    assert result["contact_info"].replace(" ", "") == "45678901"
    assert result["contact_way"] == "sms"


def test_an_email_address_alone_is_the_way():
    result, _ = _handoff("contact_info", "jonas23@example.com", **YOUTH)
    assert result["contact_way"] == "e-post"
    result, _ = _handoff("contact_info", "45 67 89 01", **YOUTH)
    assert "contact_way" not in result, "a phone can be called or texted: that is asked"


def test_call_me_after_school_gives_way_and_time_with_the_number():
    result, _ = _handoff("contact_info", "ring meg på 46 80 12 34 etter skoletid", **YOUTH)
    assert result["contact_way"] == "telefon"
    assert result["contact_time"] == "etter skoletid"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "kan noen ringe meg, jeg trenger hjelp til å skrive CV og søknad",
            {"contact_way", "handoff_need"},
        ),
        ("Jeg vil snakke med en veileder", set()),
        ("jeg trenger å snakke med et menneske", set()),
        ("Vi trenger to lærlinger, send meg en e-post", {"handoff_need", "contact_way"}),
    ],
)
def test_what_the_request_for_a_person_already_says(text, expected):
    found = said_before_the_form(text)
    assert set(found) == expected
    if "handoff_need" in found:
        assert "trenger" in found["handoff_need"]
