"""Realistic multi-turn conversations built from the project's own test data.

Each conversation is a list of (label, text) turns; the label says what kind of turn it is
(for the per-kind latency in the report). The phrases mirror tests/integration/
(test_guidance.py, test_handoff.py) and data/nlu; tiltak names come from the knowledge content.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

REPO_DIR = Path(__file__).resolve().parent.parent
SYNTHETIC_FNR = "02900356687"  # the synthetic fødselsnummer of the tests (masked everywhere)

Turn = tuple[str, str]


def nlu_examples(intents: tuple[str, ...]) -> dict[str, list[str]]:
    """Training examples of some intents from data/nlu/*.yml."""
    found: dict[str, list[str]] = {name: [] for name in intents}
    for path in sorted((REPO_DIR / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if block.get("intent") in found:
                lines = str(block.get("examples") or "").splitlines()
                found[block["intent"]] += [
                    line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")
                ]
    return found


class ConversationMaker:
    """Draws conversations from a weighted mix; same seed, same conversations."""

    def __init__(self, names: list[str], employer_names: list[str], examples: dict[str, list]):
        self.names = names
        self.employer_names = employer_names or names
        self.find = examples.get("find_tiltak") or ["hva finnes for meg"]
        self.facts = examples.get("ask_fact") or ["hvor mange får hjelp"]
        self.mix = [
            (0.35, self.tiltak_questions),
            (0.25, self.youth_assessment),
            (0.15, self.employer_assessment),
            (0.075, self.employer_handoff),
            (0.075, self.youth_handoff),
            (0.10, self.small_talk),
        ]

    def draw(self, rng: random.Random) -> tuple[str, list[Turn]]:
        roll, total = rng.random(), 0.0
        for weight, make in self.mix:
            total += weight
            if roll < total:
                return make.__name__, make(rng)
        make = self.mix[-1][1]
        return make.__name__, make(rng)

    def mean_turns(self, samples: int = 4000, seed: int = 7) -> float:
        rng = random.Random(seed)
        return sum(len(self.draw(rng)[1]) for _ in range(samples)) / samples

    # -- the conversations ---------------------------------------------------------------
    def tiltak_questions(self, rng: random.Random) -> list[Turn]:
        """test_guidance: greeting, «Hva er X?», follow-up buttons, a need, thanks."""
        first, second = rng.sample(self.names, 2)
        return [
            ("greet", rng.choice(["hei", "hallo", "heisann"])),
            ("ask_tiltak", f"Hva er {first}?"),
            ("button", "/ask_eligibility"),
            ("button", "/ask_how_to_start"),
            ("find_tiltak", rng.choice(self.find)),
            ("ask_tiltak", f"hva er {second}"),
            ("chitchat", "takk"),
        ]

    def youth_assessment(self, rng: random.Random) -> list[Turn]:
        """test_youth_needs_assessment_ends_with_recommendations."""
        return [
            ("greet", "hei"),
            ("form", "/i_am_youth"),
            ("form", str(rng.choice([17, 19, 21, 24]))),
            ("form", "ingen av delene"),
            ("form", rng.choice(["helse", "språk", "økonomi"])),
            ("recommend", rng.choice(["jobb", "skole"])),
            ("chitchat", "takk for hjelpen"),
        ]

    def employer_assessment(self, rng: random.Random) -> list[Turn]:
        """test_employer_assessment_accepts_free_text_and_skip, then a named question."""
        return [
            ("form", "/i_am_employer"),
            ("form", "vi vil gjerne rekruttere en ungdom"),
            ("form", "hopp over"),
            ("recommend", rng.choice(["bygg og anlegg", "helse og omsorg", "butikk"])),
            ("ask_tiltak", f"Hva er {rng.choice(self.employer_names)}?"),
        ]

    def employer_handoff(self, rng: random.Random) -> list[Turn]:
        """test_employer_handoff_creates_a_ticket."""
        return [
            ("handoff", "jeg vil snakke med bedriftskoordinatoren"),
            ("handoff", "ja"),
            ("handoff", rng.choice(["Elektro Sør AS", "Fjord Tech AS", "Bygg og Rør AS"])),
            ("handoff", "123"),
            ("handoff", "923609016"),
            ("handoff", "Anne Lie"),
            ("handoff", "48 12 34 56"),
            ("handoff", f"vi vil ta inn en lærling, fnr {SYNTHETIC_FNR}"),
            ("handoff", "formiddag"),
            ("handoff_submit", "ja"),
        ]

    def youth_handoff(self, rng: random.Random) -> list[Turn]:
        """test_youth_handoff_masks_a_typed_fodselsnummer."""
        return [
            ("find_tiltak", "jeg har droppet ut og tenker på jobbskolen"),
            ("handoff", "kan en veileder ringe meg?"),
            ("handoff", "ja"),
            ("handoff", "Ali heter jeg, 21 år"),
            ("handoff", "tlf 92 34 56 78"),
            ("handoff", "vil ha jobb"),
            ("handoff", "sms"),
            ("handoff_submit", "ja"),
        ]

    def small_talk(self, rng: random.Random) -> list[Turn]:
        """test_guidance: bot challenge, out of scope, privacy, a fact question."""
        return [
            ("chitchat", "er du en robot?"),
            ("chitchat", "hvordan blir været i helga?"),
            ("chitchat", "hva lagrer dere om meg?"),
            ("ask_tiltak", rng.choice(self.facts)),
            ("chitchat", "ha det"),
        ]


def maker_from_content() -> ConversationMaker:
    from knowledge.content import load_content

    entries = [e for e in load_content() if e.get("status") != "avsluttet"]
    names = [e["name"] for e in entries]
    # Also the ways people write them: aliases of at least two words (not generic words).
    names += [a for e in entries for a in e.get("aliases") or [] if len(a.split()) >= 2]
    employer = [e["name"] for e in entries if e["audience"] in ("arbeidsgiver", "begge")]
    return ConversationMaker(names, employer, nlu_examples(("find_tiltak", "ask_fact")))


def answer_checks(say) -> dict:
    """One conversation of each kind, one at a time, with the answers the integration tests
    expect; so the load runs are known to exercise the real paths. `say(sender, text)` returns
    the reply list of the REST channel."""
    import re
    import uuid

    from knowledge.content import load_content

    entry = next(e for e in load_content() if e["id"] == "jobbskolen")
    maker = maker_from_content()
    rng = random.Random(1)
    checks = {
        "tiltak_questions": (
            [("ask_tiltak", f"Hva er {entry['name']}?")],
            lambda text: entry["summary"].strip()[:60] in text,
        ),
        "youth_assessment": (maker.youth_assessment(rng)[:-1], lambda t: "Dette kan passe" in t),
        "employer_assessment": (
            maker.employer_assessment(rng)[:-1],
            lambda text: "Dette kan passe for dere" in text,
        ),
        "employer_handoff": (
            maker.employer_handoff(rng),
            lambda text: re.search(r"EDI-\d{4}-\d{4}", text),
        ),
        "youth_handoff": (
            maker.youth_handoff(rng),
            lambda text: re.search(r"EDI-\d{4}-\d{4}", text),
        ),
    }
    results = {}
    for name, (turns, expected) in checks.items():
        sender = f"bench-check-{uuid.uuid4().hex[:10]}"
        replies: list = []
        for _label, text in turns:
            replies = say(sender, text)
        last = " ".join(" ".join(str(r.get("text", "")).split()) for r in replies)
        results[name] = {"ok": bool(expected(last)), "last_answer": last[:160]}
    return results
