"""The trained crisis classifier: the second signal beside the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.guidance.crisis import DANGER, NONE, assess, normalise
from bot.guidance.crisis_model import DANGER_PROBABILITY, _examples, get_model
from tests.crisis.corpus import crisis_items, negative_items


@pytest.fixture(scope="module")
def model():
    found = get_model()
    assert found is not None, "the classifier trains from the shipped data"
    return found


def test_the_training_data_is_not_a_test_set():
    texts, _labels, _kinds = _examples(nlu_dir=Path("/nonexistent"))
    tests = {
        normalise(i["text"])
        for s in (False, "sealed", "sealed2", "sealed3", "sealed4", "sealed5", "sealed6")
        for i in crisis_items(s) + negative_items(s)
    }
    assert not tests & set(texts)


def test_the_fast_score_is_the_pipelines_score(model):
    texts = [normalise(i["text"]) for i in crisis_items()[:50] + negative_items()[:50]]
    for text in texts:
        assert model.probability(text) == pytest.approx(
            model._crisis.predict_proba([text])[0, 1], abs=1e-9
        )


def test_the_classifier_alone_separates_the_corpus(model):
    crisis = [normalise(i["text"]) for i in crisis_items()]
    negatives = [normalise(i["text"]) for i in negative_items()]
    assert sum(model.probability(t) >= 0.5 for t in crisis) / len(crisis) >= 0.8
    assert (
        sum(model.probability(t) >= DANGER_PROBABILITY for t in negatives) / len(negatives) < 0.02
    )


def test_it_adds_crises_the_rules_miss():
    # Written for this test: no pattern of the rules covers it.
    text = "skriver bare for å si at dere ikke kommer til å høre fra meg igjen etter i natt"
    assert assess(text).level == DANGER


@pytest.mark.parametrize(
    "text",
    [
        "jeg har ikke tenkt å skade meg selv, jeg lurer bare på bostøtte",
        "i want to start over and get my life together",
        "vi leser en bok om selvmord i norsktimen",
    ],
)
def test_it_cannot_overrule_what_the_rules_judged_harmless(text):
    assert assess(text).level == NONE
