"""Each branch of answer_question's decision tree (actions/answer_decisions.py), without a
tracker, a dispatcher or the knowledge base."""

from __future__ import annotations

import pytest

from actions.answer_decisions import (
    BY_NEED,
    CRISIS_SOFT,
    DESCRIBE_CURRENT,
    DESCRIBE_MATCH,
    FACT_OF_ANY,
    FACT_OF_CURRENT,
    Step,
    before_the_search,
    language_and_audience,
    route,
    weak_need_reply,
)

QUESTION = {"intent": "ask_tiltak", "text": "hva er det?", "aspect": "overview"}


def _route(**changes) -> str:
    values = {"has_match": False, "current_known": False, "is_button": False, **QUESTION}
    return route(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"intent": "crisis_maybe", "text": "jeg har det så tungt"}, CRISIS_SOFT),
        (
            {"intent": "crisis_maybe", "text": "jeg har det tungt, finnes det hjelp til jobb?"},
            BY_NEED,
        ),
        (
            {"intent": "crisis_maybe", "text": "jeg har det tungt", "has_match": True},
            DESCRIBE_MATCH,
        ),
        ({"has_match": True, "current_known": True, "aspect": "fact"}, DESCRIBE_MATCH),
        ({"aspect": "fact", "current_known": True}, FACT_OF_CURRENT),
        ({"aspect": "fact"}, FACT_OF_ANY),
        ({"aspect": "pay", "current_known": True}, DESCRIBE_CURRENT),
        ({"aspect": "overview", "current_known": True, "is_button": True}, DESCRIBE_CURRENT),
        ({"aspect": "overview", "current_known": True}, BY_NEED),
        ({"aspect": "pay"}, BY_NEED),
    ],
)
def test_the_route_of_a_question(changes, expected):
    assert _route(**changes) == expected


def _before(intent="find_tiltak", text="jeg trenger hjelp med jobb", tags=("jobb",), age=None):
    return before_the_search(intent=intent, text=text, tags=tags, age=age, rescue=False)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        # An age alone, asked about eligibility: the age limit, and that is the answer.
        (_before("ask_eligibility", "jeg er 32, kan jeg?", (), 32), Step(("utter_age_limit",))),
        (_before("ask_eligibility", "jeg er 19, kan jeg?", (), 19), Step(("utter_age_limit",))),
        # An age above the limit with a need: the age limit, then the search.
        (_before("ask_eligibility", age=32), Step(("utter_age_limit",), done=False)),
        (_before("ask_eligibility", age=19), Step(done=False)),
        (_before("ask_tiltak", "hva er Jobbsjansen for noe"), Step(("utter_tiltak_unknown",))),
        (_before("ask_tiltak", "noe for meg", ()), Step(("utter_tiltak_unknown",))),
        (_before("ask_cost", "hva koster det", ()), Step(("utter_which_tiltak",))),
        (_before("greet", "hjelp meg", ()), Step(("utter_offer_assessment",))),
        (_before("find_tiltak", "jeg vet ikke helt hva jeg vil", ()), Step(done=False)),
        (_before(), Step(done=False)),
    ],
)
def test_what_is_said_before_the_need_search(step, expected):
    assert step == expected


def test_an_unsure_guess_without_a_need_is_left_to_the_caller():
    step = before_the_search(intent="find_tiltak", text="kanskje", tags=(), age=None, rescue=True)
    assert step == Step(unanswered=True)
    with_need = before_the_search(
        intent="find_tiltak", text="jobb", tags=("jobb",), age=None, rescue=True
    )
    assert with_need == Step(done=False)


def _weak(**changes):
    values = {"top_score": 0.1, "tags": (), "age": None, "audience": None, "language": "nb"}
    return weak_need_reply(**{**values, "need_chosen": False, **changes})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "utter_out_of_scope"),
        ({"audience": "ungdom"}, "utter_which_need"),
        ({"age": 19}, "utter_which_need"),
        ({"audience": "ungdom", "need_chosen": True}, "utter_recommend_none"),
        ({"audience": "ungdom", "language": "en"}, "utter_recommend_none"),
        ({"top_score": 0.2}, None),
        ({"tags": ("jobb",)}, None),
        ({"top_score": None}, None),
    ],
)
def test_a_weak_need_match_is_not_a_list_of_schemes(changes, expected):
    assert _weak(**changes) == expected


@pytest.mark.parametrize(
    ("language", "slot", "audience", "audience_slot", "expected"),
    [
        ("nb", None, None, None, {}),
        ("en", None, None, None, {"language": "en"}),
        ("nb", "en", None, None, {"language": None}),
        ("en", "en", "ungdom", None, {"audience": "ungdom"}),
        ("nb", None, "ungdom", "arbeidsgiver", {}),
    ],
)
def test_the_slots_an_answer_sets(language, slot, audience, audience_slot, expected):
    assert (
        language_and_audience(
            language=language, language_slot=slot, audience=audience, audience_slot=audience_slot
        )
        == expected
    )
