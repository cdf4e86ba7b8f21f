"""The handoff form takes what a message says, in any order (issue #16, class 4, session 9):
an org number inside another answer, a need where the company is asked, a yes or a name where
the optional org number is asked, a time under the summary or where the way is asked."""

from __future__ import annotations

import asyncio
import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import (
    DECLINED,
    SKIPPED,
    ActionAskHandoffConfirm,
    preference_to_invite,
    said_before_this_message,
)
from actions.handoff_form import ValidateHandoffForm
from bot.guidance.contact import clean_company, find_name, looks_like_person_name, org_number_in
from tests.actions_fixtures import tracker

EMPLOYER = {"audience": "arbeidsgiver", "handoff_consent": "ja"}
YOUTH = {"audience": "ungdom", "handoff_consent": "ja"}
NEED = {"handoff_need": "vil ha en lærling"}


def _handoff(slot: str, text: str, events: list | None = None, **slots):
    dispatcher = CollectingDispatcher()
    recorded = tracker(text, form="handoff_form", requested_slot=slot, events=events, **slots)
    result = getattr(ValidateHandoffForm(), f"validate_{slot}")(text, dispatcher, recorded, {})
    return result, [m.get("response") for m in dispatcher.messages]


# -- the parts ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("org.nr 974760673, tlf 41 23 45 67", "974760673"),
        ("Org nr: 974 760 673", "974760673"),
        ("923.609.016", "923609016"),
        ("tlf 412 34 567", None),  # a phone number has 8 digits
        ("fnr 15076500565", None),  # a fødselsnummer has 11
        ("974760674", None),  # the control digit is wrong
    ],
)
def test_an_org_number_anywhere_in_a_text(text, number):
    assert org_number_in(text) == number


def test_a_person_name_is_capitalised_words_not_a_sentence():
    assert looks_like_person_name("Mona Lie")
    assert looks_like_person_name("Per Ås")
    assert not looks_like_person_name("vi vil ta inn en lærling")
    assert not looks_like_person_name("Vi Trenger En Ny Kokk Til Kjøkkenet")


def test_a_name_with_an_initial_is_the_whole_name():
    assert find_name("Kontaktperson: Jan E. Moe, 412 22 333") == "Jan E. Moe"
    assert find_name("Kontakt: Per Å. Berg, 480 00 111") == "Per Å. Berg"
    assert find_name("Navn: Kari. Telefon 41234567") == "Kari"


def test_the_person_who_says_their_name_is_not_the_company():
    assert (
        clean_company("Tre og Tak AS, org.nr 974760673, jeg heter Lise Berg, tlf 41 23 45 67")
        == "Tre og Tak AS"
    )
    assert clean_company("Hotellet heter Fjordlys Hotell AS. Vi trenger folk") == (
        "Fjordlys Hotell AS"
    )


# -- the validators ----------------------------------------------------------------------------
def test_everything_in_the_company_answer_is_taken_and_not_asked_again():
    result, _ = _handoff(
        "company_name",
        "Tre og Tak AS, org.nr 974760673, jeg heter Lise Berg, tlf 41 23 45 67, best etter lunsj",
        **EMPLOYER,
    )
    assert result["company_name"] == "Tre og Tak AS"
    assert result["org_number"] == "974760673"
    assert result["contact_name"] == "Lise Berg"
    assert result["contact_info"].replace(" ", "") == "41234567"
    assert "lunsj" in result["contact_time"]


def test_a_need_where_the_company_is_asked_is_kept_and_the_company_asked_again():
    result, responses = _handoff(
        "company_name", "vi trenger en sjåfør med førerkort klasse C", **EMPLOYER
    )
    assert result["company_name"] is None
    assert "sjåfør" in result["handoff_need"]
    assert responses == ["utter_handoff_noted"]


def test_a_yes_where_the_company_is_asked_is_not_the_company():
    result, _ = _handoff("company_name", "ja samtykker", **EMPLOYER)
    assert result["company_name"] is None


@pytest.mark.parametrize("text", ["ja", "ok", "send det", "hopp over"])
def test_a_yes_where_the_optional_org_number_is_asked_skips_it(text):
    result, responses = _handoff("org_number", text, **EMPLOYER)
    assert result == {"org_number": SKIPPED}
    assert "utter_invalid_org_number" not in responses


def test_a_name_where_the_org_number_is_asked_is_the_contact_person():
    result, responses = _handoff("org_number", "Mona Lie", **EMPLOYER)
    assert result == {"org_number": SKIPPED, "contact_name": "Mona Lie"}
    assert responses == []


def test_words_without_a_number_where_the_org_number_is_asked_skip_it():
    result, responses = _handoff("org_number", "vi vil ta inn en lærling i tømrerfaget", **EMPLOYER)
    assert result["org_number"] == SKIPPED
    assert "lærling" in result.get("handoff_need", "")
    assert "utter_invalid_org_number" not in responses


def _asked_again(response: str) -> list[dict]:
    """The events of a form that said `response` after the person's previous message."""
    return [
        {"event": "user", "text": "123"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": response}},
        {"event": "user", "text": "456"},
    ]


def test_a_wrong_org_number_is_asked_again_once_then_skipped():
    first, responses = _handoff("org_number", "12345", **EMPLOYER)
    assert first == {"org_number": None}
    assert responses == ["utter_invalid_org_number"]
    second, responses = _handoff(
        "org_number", "123 45", events=_asked_again("utter_invalid_org_number"), **EMPLOYER
    )
    assert second == {"org_number": SKIPPED}
    assert responses == ["utter_handoff_org_number_skipped"]


def test_said_before_this_message_looks_only_at_the_last_reply():
    assert said_before_this_message(
        tracker("x", events=_asked_again("utter_invalid_org_number")), "utter_invalid_org_number"
    )
    older = [
        {"event": "user", "text": "1"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_invalid_org_number"}},
        {"event": "user", "text": "2"},
        {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_ask_contact_name"}},
        {"event": "user", "text": "3"},
    ]
    assert not said_before_this_message(tracker("3", events=older), "utter_invalid_org_number")


def test_a_time_under_the_summary_is_noted_not_a_puzzle():
    result, responses = _handoff("handoff_confirm", "typ etter kl 15 på hverdager", **YOUTH)
    assert result == {"handoff_confirm": None, "contact_time": "typ etter kl 15 på hverdager"}
    assert responses == ["utter_handoff_noted"]


def test_something_unclear_under_the_summary_is_still_asked_about():
    result, responses = _handoff("handoff_confirm", "hmm kanskje", **YOUTH)
    assert result == {"handoff_confirm": None}
    assert responses == ["utter_handoff_confirm_unclear"]


# -- the wishes under the summary (when and how to be contacted are not questions of their own:
# a "ja, det stemmer" after the details sends the case, as the person expects) ---------------
def test_the_form_asks_no_time_or_way_of_its_own():
    for audience in ("arbeidsgiver", "ungdom"):
        slots = asyncio.run(
            ValidateHandoffForm().required_slots([], None, tracker(audience=audience), {})
        )
        assert "contact_time" not in slots and "contact_way" not in slots
        assert slots[0] == "handoff_consent" and slots[-1] == "handoff_confirm"


@pytest.mark.parametrize(
    "text", ["Ja, det stemmer.", "Stemmer, send det", "ja", "Ja, det er riktig", "yes, correct"]
)
def test_a_yes_under_the_summary_sends_it(text):
    result, responses = _handoff("handoff_confirm", text, **EMPLOYER)
    assert result == {"handoff_confirm": "ja"} and responses == []


@pytest.mark.parametrize(
    "text", ["nei", "nei, ikke send", "nei, det stemmer ikke", "no, don't send it"]
)
def test_a_no_under_the_summary_sends_nothing(text):
    result, responses = _handoff("handoff_confirm", text, **EMPLOYER)
    assert result == {"handoff_confirm": None}
    assert responses == ["utter_handoff_not_sent"]


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("Etter skuletid, frå klokka 15", {"contact_time": "Etter skuletid"}),
        ("formiddag", {"contact_time": "formiddag"}),
        ("Når som helst", {"contact_time": "Når som helst"}),
        ("sms", {"contact_way": "sms"}),
        ("på e-post", {"contact_way": "e-post"}),
        (
            "ring meg gjerne på formiddagen",
            {"contact_way": "telefon", "contact_time": "på formiddagen"},
        ),
    ],
)
def test_a_wish_under_the_summary_is_noted_and_not_yet_sent(text, wish):
    result, responses = _handoff("handoff_confirm", text, **YOUTH)
    assert result == {"handoff_confirm": None, **wish}
    assert responses == ["utter_handoff_noted"]


def test_a_wish_with_a_clear_yes_is_sent_with_it():
    result, _ = _handoff("handoff_confirm", "ja, send det – helst etter kl 15", **EMPLOYER)
    assert result == {"handoff_confirm": "ja", "contact_time": "etter kl 15"}


@pytest.mark.parametrize("text", ["spiller ingen rolle", "ingen preferanse", "hopp over"])
def test_no_wish_under_the_summary_is_no_no(text):
    # "ingen preferanse" holds a "no" word: it is not a "nei, ikke send".
    result, responses = _handoff("handoff_confirm", text, **EMPLOYER, **NEED)
    assert result == {"handoff_confirm": None, "contact_time": DECLINED}
    assert responses == ["utter_handoff_noted"]
    # and the need the summary asked for, declined, is not asked for again
    result, _ = _handoff("handoff_confirm", text, **EMPLOYER, handoff_need=SKIPPED)
    assert result == {"handoff_confirm": None, "handoff_need": DECLINED}
    assert preference_to_invite(tracker("", **EMPLOYER, handoff_need=DECLINED)) == "contact_time"


def test_the_need_the_summary_asks_for_is_taken_there():
    slots = {**YOUTH, "handoff_need": SKIPPED}
    result, responses = _handoff("handoff_confirm", "hjelp til å finne en læreplass", **slots)
    assert result == {"handoff_confirm": None, "handoff_need": "hjelp til å finne en læreplass"}
    assert responses == ["utter_handoff_noted"]
    # a question or two words there are not a need
    for text in ("hva skjer nå egentlig?", "hmm kanskje"):
        result, _ = _handoff("handoff_confirm", text, **slots)
        assert "handoff_need" not in result


def test_a_question_about_the_answer_under_the_summary_is_answered():
    result, responses = _handoff("handoff_confirm", "når blir jeg ringt?", **YOUTH)
    assert result == {"handoff_confirm": None}
    assert responses == ["utter_handoff_when_contacted"]


@pytest.mark.parametrize(
    ("slots", "hint"),
    [
        ({**EMPLOYER, **NEED, "contact_info": "kari@example.com"}, "når det passer best"),
        ({**EMPLOYER, **NEED, "contact_time": SKIPPED}, None),
        ({**EMPLOYER, **NEED, "contact_time": "formiddag"}, None),
        ({**YOUTH, **NEED, "contact_info": "912 34 567"}, "SMS enn å bli ringt"),
        ({**YOUTH, **NEED, "contact_info": "ali@example.com"}, None),  # an address is written to
        ({**YOUTH, **NEED, "contact_info": "912 34 567", "contact_way": "sms"}, None),
        ({**YOUTH, **NEED, "contact_info": "912 34 567", "language": "en"}, "text message"),
        # a "ja, stemmer" where the need was asked: the summary asks for it, before any wish
        ({**YOUTH, "handoff_need": SKIPPED, "contact_info": "912 34 567"}, "hva du trenger"),
        ({**EMPLOYER, "handoff_need": SKIPPED, "contact_time": "formiddag"}, "hva du trenger"),
    ],
)
def test_the_summary_invites_the_wish_still_open(slots, hint):
    dispatcher = CollectingDispatcher()
    ActionAskHandoffConfirm().run(dispatcher, tracker("", **slots), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_confirm"
    if hint is None:
        assert message["wish"] == ""
    else:
        assert hint in message["wish"] and message["wish"].startswith(" ")


def test_a_need_said_where_the_consent_is_asked_is_kept_but_is_no_consent():
    result, responses = _handoff(
        "handoff_consent", "I need help finding work here", audience="ungdom"
    )
    assert result["handoff_consent"] is None
    assert "help finding work" in result["handoff_need"]
    assert responses == ["utter_handoff_consent_unclear"]


def test_a_fodselsnummer_where_who_is_asked_is_warned_about():
    result, responses = _handoff("who_am_i", "Jonas, 19 år, fnr 15076500565")
    assert result["audience"] == "ungdom"
    assert responses == ["utter_no_sensitive_numbers"]


def test_english_bot_question_and_greeting_are_answered_in_english():
    from actions.safety import ActionAnswerEnglish
    from tests.actions_fixtures import run

    for text, response in [
        ("Hi! Am I talking to a real person right now?", "utter_iamabot_en"),
        ("Hello there", "utter_greet_en"),
        ("Thanks a lot, that was really helpful!", "utter_thanks_en"),
    ]:
        messages, events = run(ActionAnswerEnglish(), tracker(text, intent="english"))
        assert [m.get("response") for m in messages] == [response]
        assert {"event": "slot", "name": "language", "value": "en"}.items() <= events[0].items()


# -- a question typed in the handoff form (issue #16, item 4), and a no before anything -------
def test_a_question_typed_where_the_company_is_asked_is_answered_not_stored(
    knowledge_db, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)
    result, responses = _handoff(
        "company_name", "vent litt, hva er egentlig lønnstilskudd?", **EMPLOYER
    )
    assert result["company_name"] is None and result["current_tiltak"] == "lonnstilskudd"
    assert responses[0] == "utter_tiltak_summary"
    result, responses = _handoff("first_name", "hva går jobbskolen ut på?", **YOUTH)
    assert result["first_name"] is None and responses[0] == "utter_tiltak_summary"


@pytest.mark.parametrize("name", ["Fjord Tech AS", "Bakeriet i Kvadraturen"])
def test_a_company_name_is_still_a_company_name(name, knowledge_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", knowledge_db)
    result, _ = _handoff("company_name", name, **EMPLOYER)
    assert result["company_name"] == name


def test_a_no_where_who_is_asked_ends_the_handoff():
    dispatcher = CollectingDispatcher()
    text = "nei, jeg gir ikke samtykke. glem det."
    recorded = tracker(text, form="handoff_form", requested_slot="who_am_i")
    result = ValidateHandoffForm().validate_who_am_i(text, dispatcher, recorded, {})
    assert result == {"who_am_i": None, "handoff_consent": "nei"}
    declined = tracker("", handoff_consent="nei")
    assert asyncio.run(ValidateHandoffForm().required_slots([], None, declined, {})) == []


def test_an_english_question_that_names_only_a_place_is_declined(knowledge_db, monkeypatch):
    # "Kristiansand" is part of the alias "IPS Kristiansand": no scheme is named
    from actions.safety import ActionAnswerEnglish
    from tests.actions_fixtures import run

    monkeypatch.setenv("DATABASE_URL", knowledge_db)
    text = "What's the best place to get sushi in Kristiansand?"
    messages, _events = run(ActionAnswerEnglish(), tracker(text, intent="english"))
    assert [m.get("response") for m in messages] == ["utter_out_of_scope_en"]


@pytest.mark.parametrize(
    ("slot", "text", "slots"),
    [
        ("company_name", "Hvem er det som tar kontakt med meg?", EMPLOYER),
        ("contact_name", "kven ringer oss?", EMPLOYER),
        ("first_name", "hvem kommer til å ringe meg?", YOUTH),
        ("handoff_need", "Hvem får saken?", YOUTH),
    ],
)
def test_who_will_call_is_answered_wherever_it_is_typed(slot, text, slots):
    result, responses = _handoff(slot, text, **slots)
    assert result[slot] is None
    assert responses == ["utter_handoff_who_contacts"]


def test_who_will_call_names_the_role_of_the_audience_and_no_contact_details():
    from bot.training import domain_responses

    texts = [variant["text"] for variant in domain_responses()["utter_handoff_who_contacts"]]
    assert any("bedriftskoordinator" in t for t in texts)
    assert any("veileder" in t for t in texts)
    assert not any(re.search(r"@|\d", t) for t in texts)
