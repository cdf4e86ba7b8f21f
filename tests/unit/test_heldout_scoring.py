"""The held-out scorer follows the evaluation kit's matching rules."""

from __future__ import annotations

import importlib.util

import pytest

from bot.settings import REPO_DIR
from tests.heldout import scoring

RUN_EVAL = REPO_DIR.parent / "shared" / "eval" / "run_eval.py"

SAMPLES = [
    ("Jobbskolen er for deg mellom 16 og 25 år.", {"any": ["jobbskole", "Ung start"]}),
    ("Jobbskolen er for deg.", {"all": ["Jobbskolen", "25"]}),
    ("Ring 113 ved akutt fare.", {"regex": [r"\b113\b"], "not_regex": [r"Bedriftspakken"]}),
    ("Bedriftspakken\u00a0gir   fem steg.", {"all": ["bedriftspakken gir fem steg"]}),
    ("Ga\u030a pa\u030a Jobbskolen", {"all": ["gå på jobbskolen"]}),
    ("Kontakt: 02900356687", {"none": ["02900356687"]}),
    ("", {}),
    ("", {"empty_ok": True}),
    ("Hei! IPS-ung passer.", {"regex": [r"\bIPS\b"], "none": ["ips ung"]}),
    ("Traceback (most recent call last)", {"not_regex": ["Traceback", r"\bNone\b"]}),
    ("Svar uten forventning.", None),
]
MESSAGES = [
    {"text": "Hva gjelder det?", "buttons": [{"title": "Jeg er ung", "payload": "/i_am_youth"}]},
    {"text": "   "},
    {"image": "x.png"},
    {"text": "Andre melding", "buttons": [{"payload": "/x"}]},
]


def test_matching_rules():
    assert scoring.check_expect("Jobbskolen", {"any": ["JOBBSKOLE"]}) == []
    assert scoring.check_expect("", {}) == ["empty reply"]
    assert scoring.check_expect("", {"empty_ok": True}) == []
    assert scoring.check_expect("a\u00a0 b", {"all": ["A B"]}) == []
    assert scoring.check_expect("Ring 113", {"not_regex": [r"\b113\b"]})
    assert scoring.reply_text(MESSAGES) == "Hva gjelder det?\nJeg er ung\nAndre melding"


def test_scorer_agrees_with_the_kits_run_eval():
    if not RUN_EVAL.is_file():
        pytest.skip(f"{RUN_EVAL} is not here (a clone without ../shared): nothing to compare")
    spec = importlib.util.spec_from_file_location("run_eval", RUN_EVAL)
    run_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_eval)
    for reply, expect in SAMPLES:
        assert scoring.check_expect(reply, expect) == run_eval.check_expect(reply, expect), reply
    assert scoring.reply_text(MESSAGES) == run_eval.reply_text(MESSAGES)
    from tests.heldout.cases import load_cases

    cases = [{k: v for k, v in c.items() if k != "_file"} for c in load_cases()]
    assert run_eval.validate_cases(cases) == []
