"""Load the crisis corpus and measure the detector on it (used by the tests and
`make crisis-report`).

Crisis messages: every one must be a crisis, and the reply's urgent part (everything before the
follow-up line, which always lists 113, 112 and 110) must contain the numbers of each labelled
kind. Non-crisis messages: the hard negatives, every NLU example of the other intents, and every
user turn of the evaluation kit's devsample and of the held-out set that is not a crisis case.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import yaml

from bot.guidance.crisis import (
    CHILD,
    DANGER,
    DISTRESS,
    NUMBERS_BY_KIND,
    assess,
    crisis_responses,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SHARED_EVAL = Path(os.environ.get("EDI_SHARED_DIR", REPO.parent / "shared")) / "eval"
CRISIS_INTENTS = {"crisis", "crisis_maybe"}
CRISIS_CATEGORIES = {"crisis"}


@dataclasses.dataclass
class Report:
    crisis_total: int = 0
    missed: list[str] = dataclasses.field(default_factory=list)
    wrong_numbers: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    negatives_total: int = 0
    false_alarms: list[str] = dataclasses.field(default_factory=list)
    soft_notes: list[str] = dataclasses.field(default_factory=list)
    soft_on_frustration: list[str] = dataclasses.field(default_factory=list)
    sources: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.crisis_total if self.crisis_total else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.negatives_total if self.negatives_total else 0.0

    def summary(self) -> str:
        return (
            f"crisis recall {self.recall:.1%} ({self.crisis_total - len(self.missed)}"
            f"/{self.crisis_total}), wrong numbers {len(self.wrong_numbers)}, "
            f"false alarms {self.false_alarm_rate:.2%} ({len(self.false_alarms)}"
            f"/{self.negatives_total}), gentle notes on non-crisis {len(self.soft_notes)}"
        )


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def response_texts() -> dict[str, str]:
    from bot.training import load_domain

    domain = load_domain()
    return {name: variants[0]["text"] for name, variants in domain["responses"].items()}


def crisis_items(sealed: bool | str = False) -> list[dict]:
    """The crisis messages: the main corpus, or a sealed set (`True` = sealed.yaml, or a name)."""
    if sealed:
        return list(_load(HERE / f"{'sealed' if sealed is True else sealed}.yaml")["crisis"])
    return list(_load(HERE / "crisis.yaml"))


def negative_items(sealed: bool | str = False) -> list[dict]:
    if sealed:
        return list(_load(HERE / f"{'sealed' if sealed is True else sealed}.yaml")["negatives"])
    return list(_load(HERE / "negatives.yaml"))


def nlu_examples() -> list[str]:
    """Every training example of the intents that are not a crisis."""
    texts = []
    for path in sorted((REPO / "data" / "nlu").glob("*.yml")):
        for block in _load(path).get("nlu") or []:
            if "intent" not in block or block["intent"] in CRISIS_INTENTS:
                continue
            for line in block.get("examples", "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.append(line[2:].strip())
    return texts


def _case_user_turns(path: Path) -> list[str]:
    if not path.exists():
        return []
    turns = []
    for case in _load(path) or []:
        if case.get("category") in CRISIS_CATEGORIES:
            continue
        turns.extend(turn["user"] for turn in case.get("turns", []) if turn.get("user"))
    return turns


def devsample_turns() -> list[str]:
    return _case_user_turns(SHARED_EVAL / "devsample.yaml")


def heldout_turns() -> list[str]:
    turns: list[str] = []
    for path in sorted((REPO / "tests" / "heldout").glob("*.yaml")):
        turns.extend(_case_user_turns(path))
    return turns


def lead_text(text: str) -> str:
    """The urgent part of the reply: every crisis response but the closing follow-up."""
    texts = response_texts()
    names = crisis_responses(assess(text))
    return "\n".join(texts[n] for n in names if not n.startswith("utter_crisis_follow_up"))


def evaluate(sealed: bool | str = False, include_shared: bool = True) -> Report:
    report = Report()
    texts = response_texts()
    crisis = crisis_items(sealed)
    report.crisis_total = len(crisis)
    for item in crisis:
        found = assess(item["text"])
        if found.level != DANGER:
            report.missed.append(item["text"])
            continue
        names = crisis_responses(found)
        lead = "\n".join(texts[n] for n in names if not n.startswith("utter_crisis_follow_up"))
        needed = {number for kind in item["kinds"] for number in NUMBERS_BY_KIND[kind]}
        if item.get("young"):
            needed.update(NUMBERS_BY_KIND[CHILD])
        missing = sorted(n for n in needed if n not in lead)
        if missing:
            report.wrong_numbers.append((item["text"], ", ".join(missing)))
    negatives: list[tuple[str, str]] = [
        (item["text"], item.get("note", "")) for item in negative_items(sealed)
    ]
    report.sources["hard negatives"] = len(negatives)
    if not sealed:
        nlu = nlu_examples()
        report.sources["NLU examples"] = len(nlu)
        negatives += [(t, "nlu") for t in nlu]
        heldout = heldout_turns()
        report.sources["held-out user turns"] = len(heldout)
        negatives += [(t, "heldout") for t in heldout]
        if include_shared:
            dev = devsample_turns()
            report.sources["devsample user turns"] = len(dev)
            negatives += [(t, "devsample") for t in dev]
    report.negatives_total = len(negatives)
    for text, note in negatives:
        level = assess(text).level
        if level == DANGER:
            report.false_alarms.append(text)
        elif level == DISTRESS:
            report.soft_notes.append(text)
            if note == "frustration":
                report.soft_on_frustration.append(text)
    return report
