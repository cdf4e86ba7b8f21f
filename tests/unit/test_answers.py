import pytest

from bot.answers import aspect_of, describe, for_whom, recommendations
from knowledge.search import TiltakIndex


@pytest.fixture(scope="module")
def index(content):
    return TiltakIndex(content)


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("Koster det noe å gå på Jobbskolen?", "cost"),
        ("Hvem kan være med på Ung start?", "for_whom"),
        ("hvordan melder jeg meg på arbeidstrening", "how_to_start"),
        ("Hvor mange bedrifter har brukt Bedriftspakken?", "fact"),
        ("Hva er Bedriftspakken?", "overview"),
    ],
)
def test_aspect(text, aspect):
    assert aspect_of(text, "ask_tiltak") == aspect


def test_button_payload_aspect_comes_from_the_intent():
    assert aspect_of("/ask_how_to_start", "ask_how_to_start") == "how_to_start"


def test_values_come_from_the_knowledge_base(index):
    entry = index.get("jobbskolen")
    replies = describe(entry, "for_whom", "hvem kan gå på jobbskolen", index)
    values = " ".join(str(v) for r in replies for v in r.values.values())
    assert entry["summary"] in values
    assert "16" in for_whom(entry) and "25" in for_whom(entry)


def test_cost_without_source_does_not_invent_a_price(index):
    replies = describe(index.get("jobbskolen"), "cost", "koster det noe", index)
    assert [r.response for r in replies][-1] == "utter_tiltak_cost_unknown"


def test_fact_answer_is_a_stored_key_fact(index):
    replies = describe(
        index.get("bedriftspakken"), "fact", "hvor mange bedrifter har brukt bedriftspakken", index
    )
    facts = [f["text"] for f in index.get("bedriftspakken")["key_facts"]]
    assert replies[0].values["fact"] in facts


def test_recommendations_name_why(index):
    matches = index.search_by_need(
        "sliter psykisk og vil jobbe", audience="ungdom", tags=("psykisk-helse",)
    )
    replies = recommendations(matches, "ungdom")
    assert replies[0].response == "utter_recommend_intro"
    assert all(r.values["reason"] for r in replies[1:])
    assert recommendations([], "ungdom")[0].response == "utter_recommend_none"
