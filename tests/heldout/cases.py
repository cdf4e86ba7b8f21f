"""Load the held-out conversation cases (tests/heldout/*.yaml, the evaluation kit's format)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

HELDOUT_DIR = Path(__file__).resolve().parent
NLU_DIR = HELDOUT_DIR.parent.parent / "data" / "nlu"
_ENTITY = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


SEALED_DIR = HELDOUT_DIR.parent / "heldout_sealed"


def case_files(directory: Path = HELDOUT_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def load_cases(directory: Path = HELDOUT_DIR) -> list[dict]:
    """Every case of every held-out file, in file order; each case gets its file name."""
    cases = []
    for path in case_files(directory):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError(f"{path.name}: the top level must be a list of cases")
        for case in data:
            if isinstance(case, dict):
                case = {**case, "_file": path.name}
            cases.append(case)
    return cases


def user_turns(cases: list[dict]) -> list[tuple[str, str]]:
    """(case id, user message) for every turn."""
    return [(case["id"], turn["user"]) for case in cases for turn in case["turns"]]


def training_examples(nlu_dir: Path = NLU_DIR) -> list[tuple[str, str]]:
    """(intent, example text) for every NLU training example, entity markup removed."""
    examples = []
    for path in sorted(nlu_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu") or []:
            if "intent" not in item:
                continue
            for line in str(item.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append((item["intent"], _ENTITY.sub(r"\1", line[2:].strip())))
    return examples


def normalised(text: str) -> str:
    return " ".join(text.lower().split())
