"""The held-out conversations (tests/heldout/*.yaml) against the real stack (issue #16).

Runs every case over the REST channel with the evaluation kit's matching rules
(tests/heldout/scoring.py), prints the per-category table and writes a JSON report to
var/heldout-report.json. Fails when the overall score drops below HELDOUT_FLOOR.
"""

from __future__ import annotations

import json
import re
import time

from bot.settings import REPO_DIR
from knowledge.normalize import STOP_WORDS, fold
from knowledge.search import COMMON_WORD_ZIPF, FACT_PATTERNS, fact_type
from knowledge.search.facts import question_parts
from knowledge.wordlists import zipf
from tests.heldout import scoring
from tests.heldout.cases import SEALED_DIR, load_cases

# Measured on the build this set was written for (f25606c, 2026-12-01): 256/336 = 0.762; after
# the first understanding work (session 3): 284/336 = 0.845. The floor is that rounded down to
# 0.05: it catches a regression. Issue #16 raises it to 0.92 (1.0 for crisis and privacy).
HELDOUT_FLOOR = 0.92
CRISIS_FLOOR = 1.0  # every crisis case of the set gets the right numbers
PRIVACY_FLOOR = 1.0  # and every privacy case its answer
CONCURRENCY = 4
REPORT = REPO_DIR / "var" / "heldout-report.json"
SEALED_REPORT = REPO_DIR / "var" / "sealed-report.json"  # the failures to read, not to train on


def test_heldout_set_scores_at_least_the_floor(stack):
    cases = [{k: v for k, v in case.items() if k != "_file"} for case in load_cases()]
    started = time.time()
    results = scoring.run_cases(cases, stack.settings.rasa_url, concurrency=CONCURRENCY)
    summary = scoring.summarize(results)

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {
                "url": stack.settings.rasa_url,
                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
                "duration_s": round(time.time() - started, 1),
                "floor": HELDOUT_FLOOR,
                "summary": summary,
                "cases": results,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print("\n" + scoring.format_summary(summary))
    print(f"held-out: {summary['passed']}/{summary['total']} passed; report: {REPORT}")

    assert summary["score"] >= HELDOUT_FLOOR, (
        f"held-out score {summary['score']:.3f} is below the floor {HELDOUT_FLOOR}; "
        f"failed cases are in {REPORT}\n"
        + "\n".join(scoring.format_failure(r) for r in results if not r["passed"])[:6000]
    )
    privacy = summary["by_category"].get("privacy")
    assert privacy and privacy["passed"] / privacy["total"] >= PRIVACY_FLOOR, "\n".join(
        scoring.format_failure(r)
        for r in results
        if not r["passed"] and r.get("category") == "privacy"
    )
    assert not _reasons_on_common_words(results)
    assert not _fact_questions_answered_with_another_type(results)
    crisis = summary["by_category"].get("crisis")
    assert crisis and crisis["passed"] / crisis["total"] >= CRISIS_FLOOR, (
        "a crisis case of the held-out set did not get the right numbers:\n"
        + "\n".join(
            scoring.format_failure(r)
            for r in results
            if not r["passed"] and r.get("category") == "crisis"
        )
    )


_REASON_WORDS = re.compile(r"du skrev om ((?:«[^»]+»(?:, | og )?)+)")
# What the assistant says when the sources do not give the asked fact.
_COST_ANSWER = re.compile(r"^Om kostnad:|\bgratis\b|\bavgift", re.I)
_HONEST = re.compile(r"kilde|rapportene (sier|nevner)|står ikke|sier ikke|nevner ikke|not in", re.I)


def _reasons_on_common_words(results: list[dict]) -> list[str]:
    """Reason lines ("passer med det du skrev om «…»") built on a stop word or one of the
    language's most common words, in any reply of the set."""
    bad = []
    for result in results:
        for turn in result["turns"]:
            for group in _REASON_WORDS.findall(turn.get("reply") or ""):
                for word in re.findall(r"«([^»]+)»", group):
                    folded = fold(word)
                    if folded in STOP_WORDS or zipf(folded, "nb") >= COMMON_WORD_ZIPF:
                        bad.append(f"{result['id']}: «{word}» in {turn['reply'][:200]!r}")
    return bad


def _fact_questions_answered_with_another_type(results: list[dict]) -> list[str]:
    """Fact questions (hvor lenge / hvor mye / når / hvor mange) whose reply has neither a
    fact of the asked type nor an honest "the sources do not say"."""
    bad = []
    for result in results:
        if result.get("category") in ("crisis", "out_of_scope"):
            continue  # no fact is asked of the knowledge base there
        for turn in result["turns"]:
            reply = turn.get("reply") or ""
            # every question of the message ("hvor mange …, og hvor lenge …?") gets its type
            for part in question_parts(turn["user"]):
                wanted = fact_type(part)
                if not wanted or _HONEST.search(reply):
                    continue
                if wanted == "amount" and _COST_ANSWER.search(reply):
                    continue  # the tiltak's own cost field ("Om kostnad: Gratis.")
                english = _ENGLISH_FACTS.get(wanted)
                if not FACT_PATTERNS[wanted].search(reply) and not (
                    english and english.search(reply)
                ):
                    bad.append(f"{result['id']} ({wanted}): {part!r} -> {reply[:200]!r}")
    return bad


# The English sentence of a fact (the knowledge base's `en` text) by the same types.
_EN_NUMBER = r"(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_ENGLISH_FACTS = {
    "duration": re.compile(_EN_NUMBER + r"[ -](weeks?|months?|years?|days?|hours?)\b", re.I),
    "count": re.compile(r"\b" + _EN_NUMBER + r"\b", re.I),
    "funding": re.compile(r"\b(funded|financed|paid for|pays?|grant\w*)\b", re.I),
}


# tests/heldout_sealed/: written by other authors after the work on tests/heldout/ and measured
# once, untouched: sealed1 136/171 = 0.795 (crisis 10/11; the miss, distress answered with a
# scheme list, was then fixed); sealed2 121/160 = 0.756 (crisis 9/10; the miss, loneliness at
# night answered as out of scope, was then fixed). Both together: 266/331 = 0.804 (session 6),
# 275/331 = 0.831 after typed facts for shares, waiting times, frequency, funding and contact
# details (session 7). sealed3 (session 7, 170 cases): 156/170 before, 158/170 after. sealed4
# (session 10, 120 cases): 105/120 = 0.875 at its first measure (ed05b52). sealed5 (session 11,
# 150 cases): 120/150 = 0.800 at its first measure, on 8e4028d and again on f94ab68. sealed6
# (session 11, 150 cases): 124/150 = 0.827 on 8e4028d and 132/150 = 0.880 on 9bdabd3. sealed7
# (session 11, 150 cases): 131/150 = 0.873 on 8e4028d and 136/150 = 0.907 on d15a4e0. sealed8 (session 12,
# 150 cases): 132/150 = 0.880 on 8e4028d and 131/150 = 0.873 on 49335ac. The first measures
# are the honest estimate for unseen conversations; this keeps them from dropping.
SEALED_FLOOR = 0.75


def test_the_sealed_conversations_stay_at_their_first_measure(stack):
    cases = [{k: v for k, v in c.items() if k != "_file"} for c in load_cases(SEALED_DIR)]
    results = scoring.run_cases(cases, stack.settings.rasa_url, concurrency=CONCURRENCY)
    summary = scoring.summarize(results)
    SEALED_REPORT.parent.mkdir(parents=True, exist_ok=True)
    SEALED_REPORT.write_text(
        json.dumps({"summary": summary, "cases": results}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    print("\n" + scoring.format_summary(summary))
    assert summary["score"] >= SEALED_FLOOR
    crisis = summary["by_category"].get("crisis")
    assert crisis and crisis["passed"] == crisis["total"]
