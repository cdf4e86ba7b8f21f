"""The domain's English variations (a condition on the `language` slot): each conversation gets
exactly one language, the same buttons, and the Norwegian text when no language is set."""

from __future__ import annotations

import itertools

import pytest
from rasa.core.nlg.generator import ResponseVariationFilter

from bot.training import load_domain

DOMAIN = load_domain()
RESPONSES = DOMAIN["responses"]
ENGLISH = sorted(
    name
    for name, variations in RESPONSES.items()
    if any(
        c.get("name") == "language" and c.get("value") == "en"
        for v in variations
        for c in v.get("condition") or []
    )
)
NORWEGIAN_WORDS = {"og", "du", "deg", "jeg", "ikke", "hva", "eller", "med", "det", "er"}


def _is_english(text: str) -> bool:
    words = {w.strip(".,?!«»:").lower() for w in text.split()}
    return not words & NORWEGIAN_WORDS


def test_the_handoff_form_has_english():
    for name in (
        "utter_ask_company_name",
        "utter_ask_first_name",
        "utter_ask_contact_info",
        "utter_handoff_confirm",
        "utter_handoff_done_youth",
        "utter_handoff_consent_youth",
        "utter_handoff_declined",
    ):
        assert name in ENGLISH, name


@pytest.mark.parametrize("name", ENGLISH)
def test_exactly_one_language_per_conversation(name):
    chooser = ResponseVariationFilter(RESPONSES)
    for language, for_other in itertools.product((None, "en"), (None, "ja")):
        slots = {"language": language, "for_other": for_other}
        chosen = chooser.responses_for_utter_action(name, "rest", slots)
        assert len(chosen) == 1, (name, slots, chosen)
        [variation] = chosen
        says_english = _is_english(variation["text"])
        for_english = any(
            c.get("name") == "language" and c.get("value") == "en"
            for c in variation.get("condition") or []
        )
        assert for_english == (language == "en"), (name, slots, variation["text"])
        if language == "en":
            assert says_english, (name, variation["text"])
        # Same buttons, same payloads: the validators read the payloads, not the titles.
        default = next(v for v in RESPONSES[name] if not v.get("condition"))
        assert [b["payload"] for b in variation.get("buttons", [])] == [
            b["payload"] for b in default.get("buttons", [])
        ]


def test_the_summary_speaks_english_in_an_english_conversation():
    from bot.tickets.case import Case, Contact

    case = Case(
        audience="ungdom",
        contact=Contact(first_name="Lucas", contact_info="lucas@example.com"),
        need="part-time job",
        contact_way="e-post",
    )
    assert case.person_lines("en") == [
        "First name: Lucas",
        "Contact: lucas@example.com",
        "Need: part-time job",
        "Contact method: e-post",
    ]
    assert case.person_lines()[0] == "Fornavn: Lucas"


# -- the widget's language switch -------------------------------------------------------------
def _tracker(text: str, language=None, entities=()):
    from tests.actions_fixtures import tracker

    return tracker(text, "x", entities, language=language)


@pytest.mark.parametrize(
    ("chosen", "slot", "response"),
    [
        ("en", "en", "utter_language_set_en"),
        ("nb", None, "utter_language_set"),
        ("klingon", None, "utter_language_set"),
    ],
)
def test_the_switch_sets_the_slot_and_says_so_in_that_language(chosen, slot, response):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.common import ActionSetLanguage

    dispatcher = CollectingDispatcher()
    tracker = _tracker(
        f'/set_language{{"language": "{chosen}"}}',
        entities=[{"entity": "language", "value": chosen}],
    )
    events = ActionSetLanguage().run(dispatcher, tracker, {})
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": slot}]
    assert [m["response"] for m in dispatcher.messages] == [response]


def test_an_english_conversation_stays_english_until_the_person_writes_norwegian():
    from actions.common import language_of

    assert language_of(_tracker("lærling", "en")) == "en"
    assert language_of(_tracker("/affirm", "en")) == "en"
    assert language_of(_tracker("Hva er Jobbskolen?", "en")) == "nb"
    assert language_of(_tracker("lærling")) == "nb"
    # an English question that reached a Norwegian path by the scheme name it holds
    assert language_of(_tracker("how long did the Ung start pilot at Elkem last?")) == "en"


def test_a_form_never_stores_the_switch_as_an_answer():
    for name, slot in DOMAIN["slots"].items():
        for mapping in slot.get("mappings", []):
            if mapping.get("type") == "from_text":
                assert "set_language" in mapping.get("not_intent", []), name


@pytest.mark.parametrize(
    "question", ["hvem har laget den?", "kven leiar det?", "hvem står bak det?", "who runs it?"]
)
def test_who_is_behind_a_tiltak_is_its_provider(question):
    from bot.guidance.answers import aspect_of, describe
    from knowledge.content import load_content
    from knowledge.search import TiltakIndex

    assert aspect_of(question, None) == "provider"
    index = TiltakIndex(load_content())
    replies = describe(index.get("jobbskolen"), "provider", question, index)
    assert replies[0].response == "utter_tiltak_provider"
    assert "Nav Kristiansand" in replies[0].values["provider"]


@pytest.mark.parametrize(
    ("text", "about_it"),
    [
        ("hvem er det som driver den egentlig?", True),
        ("kven er det som har laga det?", True),
        ("og hvem står bak det nettverket?", True),
        ("who runs it?", True),
        ("hvem har laget deg?", False),  # the assistant
        ("hvem driver denne tjenesten?", False),
        ("hvem kan være med på det?", False),  # who may join, not who runs it
    ],
)
def test_who_is_behind_it_is_a_question_about_the_scheme(text, about_it):
    from bot.rasa.guard import asks_who_is_behind_it

    assert asks_who_is_behind_it(text) is about_it
