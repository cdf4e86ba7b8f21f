"""The held-out conversations stay held out (issue #16).

No NLU training example may be a near-copy of a held-out user turn, the case files must
parse in the evaluation kit's format, ids are unique and every case has a category.
"""

from __future__ import annotations

import re

import pytest
from rapidfuzz import fuzz, process

from tests.heldout.cases import (
    SEALED_DIR,
    case_files,
    load_cases,
    normalised,
    training_examples,
    user_turns,
)
from tests.heldout.scoring import case_problems

NEAR_COPY = 90  # rapidfuzz fuzz.ratio on lower-cased, whitespace-normalised text
MIN_CASES = 320
ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6}) ?(\d{5})(?!\d)")


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return load_cases()


@pytest.fixture(scope="module")
def sealed_cases() -> list[dict]:
    return load_cases(SEALED_DIR)


def test_case_files_exist_and_parse(cases):
    assert case_files(), "tests/heldout/*.yaml is missing"
    assert len(cases) >= MIN_CASES
    problems = [p for case in cases for p in case_problems(case)]
    assert problems == []


def test_ids_are_unique(cases):
    ids = [case["id"] for case in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_every_case_has_a_category(cases):
    missing = [case.get("id") for case in cases if not str(case.get("category") or "").strip()]
    assert missing == []


def test_training_examples_are_read():
    examples = training_examples()
    assert len(examples) > 500
    assert all(text for _, text in examples)


def _near_copies(cases: list[dict]) -> list[str]:
    examples = training_examples()
    texts = [normalised(text) for _, text in examples]
    copies = []
    for case_id, user in user_turns(cases):
        match = process.extractOne(
            normalised(user), texts, scorer=fuzz.ratio, score_cutoff=NEAR_COPY
        )
        if match:
            text, score, index = match
            copies.append(f"{case_id}: {user!r} ~ {examples[index][0]}: {text!r} ({score:.0f})")
    return copies


def test_no_training_example_is_a_near_copy_of_a_heldout_turn(cases):
    copies = _near_copies(cases)
    assert copies == [], "held-out user turns copied into data/nlu:\n" + "\n".join(copies)


def test_no_training_example_is_a_near_copy_of_a_sealed_turn(sealed_cases):
    assert len(sealed_cases) >= 1000, "tests/heldout_sealed/*.yaml is missing"
    known = {
        line.strip()
        for line in (SEALED_DIR / "known_near_copies.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    copies = [c for c in _near_copies(sealed_cases) if c.split(" ~ ", 1)[0] not in known]
    assert copies == [], "sealed user turns copied into data/nlu:\n" + "\n".join(copies)


def _fnr_is_synthetic(number: str) -> bool:
    digits = [int(c) for c in number]
    k1 = 11 - sum(a * b for a, b in zip(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=False)) % 11
    k2 = 11 - sum(a * b for a, b in zip(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=False)) % 11
    return (
        int(number[2:4]) > 80
        and digits[9] == (0 if k1 == 11 else k1)
        and digits[10] == (0 if k2 == 11 else k2)
    )


def test_personal_numbers_in_the_cases_are_synthetic(cases):
    numbers = [
        (case_id, a + b)
        for case_id, user in user_turns(cases)
        for a, b in ELEVEN_DIGITS.findall(user)
    ]
    assert numbers, "the privacy cases should contain synthetic fødselsnumre"
    real_looking = [(case_id, n) for case_id, n in numbers if not _fnr_is_synthetic(n)]
    assert real_looking == []
