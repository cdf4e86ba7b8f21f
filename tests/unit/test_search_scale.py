"""Name search among thousands of entries: the letter-pair filter that narrows down the fuzzy
candidates must never drop an alias that rapidfuzz would have matched (typos included)."""

import random

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from knowledge.normalize import fold, tokens
from knowledge.search import FUZZY_CUTOFF, TiltakIndex
from knowledge.search.aliases import _STOP_STEMS, _needed_bigrams, _QueryRuns

# Letters rare in Norwegian, so that filler names never come near a real alias.
_FILLER_SYLLABLES = "zor quil vex dax mip tov krax lum fyx wob jiz pux zeb qua xil wuz".split()


def _filler(count: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(_FILLER_SYLLABLES) for _ in range(rng.randint(2, 4)))

    entries = []
    for number in range(count):
        name = " ".join(word() for _ in range(rng.randint(1, 3))).capitalize()
        entries.append(
            {
                "id": f"filler-{number}",
                "name": name,
                "aliases": [f"{name} {word()}", word()],
                "audience": "begge",
                "tags": [],
            }
        )
    return entries


def _near_duplicates(content: list[dict], count: int, seed: int = 5) -> list[dict]:
    """Entries named like real aliases with a few letters changed: many candidates close to
    the cutoff, which is where a filter that is too strict would show."""
    rng = random.Random(seed)
    names = [name for entry in content for name in [entry["name"], *(entry.get("aliases") or [])]]
    entries = []
    for number in range(count):
        name = list(rng.choice(names))
        for _ in range(rng.randint(1, 4)):
            if len(name) < 2:
                break
            place = rng.randrange(len(name))
            name[place : place + 1] = rng.choice(["", rng.choice("abdeiknorst"), "e" + name[place]])
        entries.append(
            {"id": f"near-{number}", "name": "".join(name) or "x", "audience": "begge", "tags": []}
        )
    return entries


def _typos(text: str, rng: random.Random) -> list[str]:
    """The text with one letter left out, two letters swapped and one letter doubled."""
    if len(text) < 6:
        return []
    place = rng.randrange(2, len(text) - 2)
    return [
        text[:place] + text[place + 1 :],
        text[:place] + text[place + 1] + text[place] + text[place + 2 :],
        text[:place] + text[place] + text[place:],
    ]


def _typo_questions(content: list[dict], seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    questions = []
    for entry in content:
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            questions += [f"hva er {typo}" for typo in _typos(name, rng)]
    return questions


@pytest.fixture(scope="module")
def plain(content):
    return TiltakIndex(content)


@pytest.fixture(scope="module")
def crowded(content):
    return TiltakIndex(content + _filler(3000))


@pytest.fixture(scope="module")
def near_duplicates(content):
    return TiltakIndex(content + _near_duplicates(content, 3000))


def test_crowded_index_narrows_down_by_letter_pairs(crowded, near_duplicates):
    for index in (crowded, near_duplicates):
        assert index._many
        assert all(index._length_range(length)[2] is not None for length in range(6, 21))


def test_needed_bigrams_is_a_lower_bound():
    """For every pair of strings with a ratio at the cutoff, the alias has a letter pair of
    the window at at least as many places as `_needed_bigrams` says."""
    rng = random.Random(11)
    checked = 0
    for _ in range(20_000):
        window = "".join(rng.choice("abcdeno") for _ in range(rng.randint(2, 40)))
        alias = list(window)
        for _ in range(rng.randint(0, 6)):
            place = rng.randrange(len(alias) + 1)
            alias[place : place + rng.randint(0, 1)] = rng.choice(["", rng.choice("abcdeno")])
        alias = "".join(alias)
        if len(alias) < 2 or fuzz.ratio(window, alias) < FUZZY_CUTOFF:
            continue
        pairs = {window[i : i + 2] for i in range(len(window) - 1)}
        shared = sum(alias[i : i + 2] in pairs for i in range(len(alias) - 1))
        needed = _needed_bigrams(len(window), np.array([len(alias)]))[0]
        assert shared >= needed, (window, alias)
        checked += 1
    assert checked > 2_000


def test_typos_are_found_among_thousands_of_entries(plain, crowded, content):
    """Every name and alias of the real content with a typo finds the same entries, with the
    same scores and reasons, with 3,000 more entries in the index."""
    real = {entry["id"] for entry in content}
    questions = _typo_questions(content)
    assert len(questions) > 1_000
    fuzzy_hits = 0
    for question in questions:
        alone = plain.find_by_name(question, limit=1000)
        among = [m for m in crowded.find_by_name(question, limit=1000) if m.tiltak["id"] in real]
        assert [(m.tiltak["id"], m.score, m.reason) for m in among] == [
            (m.tiltak["id"], m.score, m.reason) for m in alone
        ], question
        fuzzy_hits += any(m.reason.kind == "similar" for m in alone)
    assert fuzzy_hits > 500  # the typos are matched by spelling, not only by other words


def _brute_force_candidates(index: TiltakIndex, stems: list[str]) -> set[int]:
    """id() of the fuzzy candidates within the cutoff of a run of the query, all compared."""
    found: set[int] = set()
    concats = index._fuzzy_concats
    for width in range(1, min(index._fuzzy_max_stems + 1, len(stems)) + 1):
        for start in range(len(stems) - width + 1):
            parts = stems[start : start + width]
            if parts[0] in _STOP_STEMS or parts[-1] in _STOP_STEMS:
                continue
            window = "".join(parts)
            for _choice, _score, position in process.extract(
                window, concats, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                if abs(len(concats[position]) - len(window)) <= 3:
                    found.add(id(index._fuzzy[position]))
    return found


def _brute_force_ratio(stems: list[str], stem_count: int, concat: str) -> float:
    """The best ratio of an alias with the runs of the query it is compared with."""
    best = 0.0
    for width in {max(1, stem_count - 1), stem_count, stem_count + 1}:
        for start in range(max(1, len(stems) - width + 1)):
            window = "".join(stems[start : start + width])
            if abs(len(window) - len(concat)) <= 3:
                best = max(best, fuzz.ratio(window, concat))
    return best


@pytest.mark.parametrize("which", ["crowded", "near_duplicates"])
def test_letter_pair_filter_misses_nothing(which, request, content):
    """The candidates and the ratios found through the letter-pair filter are exactly those
    found by comparing the query with every alias."""
    index = request.getfixturevalue(which)
    rng = random.Random(13)
    questions = rng.sample(_typo_questions(content), 120)
    questions += [f"hva er {entry['name']}" for entry in rng.sample(index.entries[-3000:], 40)]
    questions += [
        f"fortell om {typo}"
        for entry in rng.sample(index.entries[-3000:], 40)
        for typo in _typos(entry["name"], rng)
    ]
    compared = 0
    for question in questions:
        stems = tokens(question)
        runs = _QueryRuns(stems)
        candidates = index._candidates(stems, f" {fold(question)} ", runs)
        assert _brute_force_candidates(index, stems) <= {id(alias) for alias in candidates}
        ratios = index._fuzzy_ratios(runs.fuzzy_candidates, runs)
        for alias in candidates:
            if alias.fuzzy_position < 0:
                continue
            best = _brute_force_ratio(stems, len(alias.stems), alias.concat)
            if best >= FUZZY_CUTOFF:
                assert ratios.get(id(alias)) == best, (question, alias.text)
                compared += 1
            else:
                assert id(alias) not in ratios, (question, alias.text)
    assert compared > 100


def test_equal_scores_come_in_the_same_order_whatever_the_hash_seed():
    import json
    import os
    import subprocess
    import sys

    from knowledge.paths import REPO_DIR

    script = (
        "import json; from knowledge.search import get_index; index = get_index(); "
        "queries = ['kan jeg være med på aft hvis jeg har aap', 'må jeg ha aap for å få ips', "
        "'lønnstilskudd og mentor for en ung ansatt']; "
        "print(json.dumps([[m.tiltak['id'] for m in index.find_by_name(q, limit=5)] "
        "for q in queries]))"
    )
    results = set()
    for seed in ("0", "1", "7"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO_DIR)}
        output = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO_DIR,
            check=True,
            timeout=120,
        ).stdout
        results.add(output.strip().splitlines()[-1])
    assert len(results) == 1
    assert all(json.loads(results.pop()))
