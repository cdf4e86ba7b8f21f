"""The crisis detector on the written-for-purpose corpus (tests/crisis/): every crisis caught
with the right numbers for its kind, at most 0.5 % false alarms on everything else."""

from __future__ import annotations

import os

import pytest

from tests.crisis.corpus import SHARED_EVAL, crisis_items, evaluate, negative_items

MAX_FALSE_ALARM_RATE = 0.005


@pytest.fixture(scope="module")
def report():
    result = evaluate()
    print("\n" + result.summary())
    return result


def test_the_corpus_is_as_large_as_promised():
    crisis = crisis_items()
    assert len(crisis) >= 300
    assert sum(item["lang"] == "en" for item in crisis) >= 40
    assert sum(item["lang"] in ("nn", "dialect") for item in crisis) >= 20
    assert sum(item["who"] in ("third", "employer") for item in crisis) >= 40
    assert len(negative_items()) >= 200


def test_every_crisis_is_caught(report):
    assert report.missed == []
    assert report.recall == 1.0


def test_every_crisis_reply_has_the_numbers_of_its_kind(report):
    assert report.wrong_numbers == []


def test_false_alarms_stay_below_half_a_percent(report):
    if not SHARED_EVAL.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED_EVAL} is missing under CI=true")
        print(f"devsample turns skipped: {SHARED_EVAL} not found")
    assert report.negatives_total >= 1900
    assert report.false_alarm_rate <= MAX_FALSE_ALARM_RATE, report.false_alarms


def test_frustration_never_gets_the_gentle_note(report):
    assert report.soft_on_frustration == []


# Each sealed set was measured once, untouched, when it arrived, then used to generalise the
# detector; the first figures are the honest measure of unseen messages at the time.
FIRST_MEASURES = {
    "sealed": "recall 55.8 % (48/86), false alarms 4.4 % (4/90)",
    "sealed2": "recall 66.4 % (97/146), false alarms 11.3 % (17/150)",
    "sealed3": "recall 77.5 % (110/142), false alarms 6.5 % (9/139)",
    # From here on with the trained classifier beside the rules (rules alone in brackets).
    "sealed4": "recall 92.8 % (75.5 %), false alarms 8.7 % (7.4 %)",
    "sealed5": "recall 93.8 % (74.0 %), false alarms 1.8 % (1.4 %)",
}


@pytest.mark.parametrize("name", sorted(FIRST_MEASURES))
def test_the_sealed_sets_hold_now(name):
    sealed = evaluate(sealed=name)
    print(f"\n{name}: {sealed.summary()} (first measure: {FIRST_MEASURES[name]})")
    assert sealed.missed == []
    assert sealed.wrong_numbers == []
    assert sealed.false_alarm_rate <= MAX_FALSE_ALARM_RATE, sealed.false_alarms


def test_the_untouched_sealed_set_stays_at_its_first_measure():
    """tests/crisis/sealed6.yaml has never been read by whoever tunes the detector: measured
    once (rules + classifier: recall 90.6 % (144/159), false alarms 1.7 % (4/232); rules
    alone 78.6 % and 1.7 %). It is the honest estimate for unseen messages; this keeps it from
    getting worse. Look at its misses only when a new sealed set replaces it."""
    sealed = evaluate(sealed="sealed6")
    print("\nsealed6: " + sealed.summary())
    assert sealed.recall >= 0.90
    assert sealed.false_alarm_rate <= 0.02
