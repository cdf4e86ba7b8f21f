"""Consent and confirmation in the handoff form: only a clear yes is a yes."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionAskHandoffConsent
from actions.handoff_form import ValidateHandoffForm
from bot.guidance.contact import yes_or_no
from bot.training import load_domain
from tests.actions_fixtures import tracker

NEGATIVE = [
    # Bokmål
    "nei",
    "Nei!",
    "nei takk",
    "Jeg samtykker ikke",
    "jeg gir ikke samtykke",
    "det samtykker jeg ikke til",
    "nei, det stemmer ikke",
    "nei, ikke send",
    "ikke send",
    "ja, altså nei",
    "ja nei",
    "ja... eller nei, forresten",
    "absolutt ikke",
    "helst ikke",
    "ikke nå",
    "nei, det vil jeg ikke",
    "Jeg vil ikke at dere lagrer noe",
    "neeei",
    "aldri",
    "ingen",
    "nei, avbryt",
    "ja, men ikke send",
    "heller ikke",
    "det er ikke greit",
    "Ikke ok",
    # Nynorsk
    "eg samtykkjer ikkje",
    "samtykkjer ikkje",
    "eg vil ikkje",
    "det vil eg ikkje",
    "nei, ikkje send",
    "helst ikkje",
    "det stemmer ikkje",
    # English
    "I do not consent",
    "I don't consent",
    "I don\u2019t agree",
    "I dont agree",
    "no",
    "No thanks",
    "nope",
    "nah",
    "never",
    "not really",
    "absolutely not",
    "no way",
    "yes, I mean no",
]

POSITIVE = [
    "ja",
    "Ja!",
    "JA",
    "jaa",
    "ja takk",
    "ok",
    "OK.",
    "okei",
    "okay",
    "greit",
    "ok, greit",
    "greit for meg",
    "jeg samtykker",
    "Ja, jeg samtykker",
    "jeg gir samtykke",
    "det er greit",
    "Ja, det er greit for meg",
    "gjerne",
    "ja gjerne",
    "ja, ring meg gjerne",
    "jepp",
    "jo",
    "javisst",
    "absolutt",
    "selvfølgelig",
    "ikke noe problem",
    "ja det stemmer",
    "det stemmer",
    "stemmer",
    "riktig",
    "ja, det er riktig",
    "send",
    "send det",
    "ja, send",
    "ja, send det",
    "fint",
    "\U0001f44d",
    # Nynorsk
    "eg samtykkjer",
    "sjølvsagt",
    "ja, det er rett",
    # English
    "yes",
    "yes please",
    "yep",
    "yeah",
    "sure",
    "I consent",
    "I agree",
    "of course",
    "alright",
    "yes, send it",
]

UNCLEAR = [
    "",
    "kanskje",
    "vet ikke",
    "veit ikkje",
    "tja",
    "hmm",
    "nja",
    "hva betyr det?",
    "hvem får se det",
    "ja?",
    "samtykke?",
    "not sure",
    "maybe",
    "Ola",
    "912 34 567",
    "what happens to my data",
]


def test_there_are_at_least_forty_of_each():
    assert len(NEGATIVE) >= 40 and len(POSITIVE) >= 40


@pytest.mark.parametrize("text", NEGATIVE)
def test_a_refusal_is_no(text):
    assert yes_or_no(text) == "nei"


@pytest.mark.parametrize("text", POSITIVE)
def test_a_clear_yes_is_yes(text):
    assert yes_or_no(text) == "ja"


@pytest.mark.parametrize("text", UNCLEAR)
def test_neither_is_unclear(text):
    assert yes_or_no(text) is None


# -- the form's validators --------------------------------------------------------------------
def _responses() -> dict:
    return load_domain()["responses"]


def _tracker(slot: str, text: str, events: list | None = None, **slots) -> Tracker:
    values = {"audience": "ungdom", **slots}
    return tracker(text, events=events, form="handoff_form", requested_slot=slot, **values)


def _validate(slot: str, text: str, **slots) -> tuple[dict, list[str]]:
    dispatcher = CollectingDispatcher()
    method = getattr(ValidateHandoffForm(), f"validate_{slot}")
    result = method(text, dispatcher, _tracker(slot, text, **slots), {})
    return result, [message.get("response") for message in dispatcher.messages]


@pytest.mark.parametrize("text", NEGATIVE)
def test_a_refusal_at_the_consent_step_is_not_a_consent(text):
    result, _ = _validate("handoff_consent", text)
    assert result == {"handoff_consent": "nei"}


@pytest.mark.parametrize("text", POSITIVE)
def test_a_yes_at_the_consent_step_is_a_consent(text):
    result, _ = _validate("handoff_consent", text)
    assert result == {"handoff_consent": "ja"}


@pytest.mark.parametrize("text", UNCLEAR)
def test_an_unclear_consent_asks_again_with_ja_nei_buttons(text):
    result, said = _validate("handoff_consent", text)
    assert result == {"handoff_consent": None}
    assert said == ["utter_handoff_consent_unclear"]
    buttons = _responses()["utter_handoff_consent_unclear"][0]["buttons"]
    assert [(b["title"], b["payload"]) for b in buttons] == [("Ja", "ja"), ("Nei", "nei")]


def test_after_the_unclear_question_the_long_consent_text_is_not_repeated():
    unclear = {
        "event": "bot",
        "text": "…",
        "metadata": {"utter_action": "utter_handoff_consent_unclear"},
    }
    dispatcher = CollectingDispatcher()
    tracker = _tracker("handoff_consent", "kanskje", events=[{"event": "user"}, unclear])
    assert ActionAskHandoffConsent().run(dispatcher, tracker, {}) == []
    assert dispatcher.messages == []
    first = _tracker("handoff_consent", "", events=[{"event": "user"}])
    ActionAskHandoffConsent().run(dispatcher, first, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_consent_youth"]


@pytest.mark.parametrize("text", NEGATIVE)
def test_a_no_at_the_confirmation_sends_nothing(text):
    result, said = _validate("handoff_confirm", text)
    assert result.get("handoff_confirm") is None
    assert said and said[0] in ("utter_handoff_not_sent", "utter_handoff_change_what")


@pytest.mark.parametrize("text", POSITIVE)
def test_a_yes_at_the_confirmation_sends(text):
    result, _ = _validate("handoff_confirm", text)
    # a wish said with it ("ja, ring meg gjerne") goes with the case
    assert result["handoff_confirm"] == "ja"
    assert set(result) <= {"handoff_confirm", "contact_time", "contact_way"}


@pytest.mark.parametrize("text", ["kanskje", "hva skjer nå?", "hmm", "Ola"])
def test_an_unclear_confirmation_asks_again(text):
    result, said = _validate("handoff_confirm", text)
    assert result == {"handoff_confirm": None}
    assert said == ["utter_handoff_confirm_unclear"]


def test_the_decline_responses_exist():
    responses = _responses()
    for name in ("utter_handoff_not_sent", "utter_handoff_confirm_unclear"):
        assert responses[name][0]["text"].strip()


def test_a_change_request_at_the_confirmation_still_works():
    result, _ = _validate("handoff_confirm", "endre kontaktinfo")
    assert result == {"handoff_confirm": None, "contact_info": None}


@pytest.mark.parametrize(
    "text",
    [
        "Vi trenger folk til housekeeping og frokost, gjerne to–tre ungdommer.",
        "Jeg er arbeidsgiver og vil gjerne ha hjelp til å rekruttere noen i høst",
        "Sønnen min trenger hjelp, det hadde vært fint om noen ringte",
    ],
)
def test_a_yes_word_inside_a_sentence_about_something_else_is_no_consent(text):
    assert yes_or_no(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Ja, dere har lov til å lagre opplysningene og kontakte meg.",
        "det er helt greit for meg",
        "Vi samtykker begge to til at dere lagrer dette og tar kontakt",
    ],
)
def test_a_yes_that_opens_the_answer_or_says_consent_is_consent(text):
    assert yes_or_no(text) == "ja"
