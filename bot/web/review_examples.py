"""Training examples from the review queue: a coordinator turns a question the assistant did not
understand into an NLU example (data/nlu/review_additions.yml, or EDI_REVIEW_NLU_FILE), refused
when it is personal data, a held-out test turn or already there; and whether the model has been
trained since. Apart from bot.web.unanswered, which reads and groups the questions."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process
from sqlalchemy import func, select

from bot.database import init_db
from bot.guidance.personal_data import mask_personal_data
from bot.settings import REPO_DIR, Settings
from bot.training import DOMAIN_DIR, load_domain
from bot.web.unanswered import ExampleAdded, normalised
from knowledge.database import session_scope

EXCLUDED_INTENTS = {"nlu_fallback", "crisis", "crisis_maybe", "share_personal_info"}
NEAR_COPY = 90  # as tests/unit/test_heldout_not_in_training.py
_ENTITY_MARKUP = re.compile(r"[\[\]{}]")


class ExampleRefused(ValueError):
    """The example cannot be added. The message is Norwegian."""


def nlu_file() -> Path:
    """Where examples from the queue go: `EDI_REVIEW_NLU_FILE`, or data/nlu/review_additions.yml."""
    configured = Settings().review_nlu_file
    return Path(configured) if configured else REPO_DIR / "data" / "nlu" / "review_additions.yml"


def allowed_intents(domain: Path = DOMAIN_DIR) -> list[str]:
    data = load_domain(domain)
    return [i for i in data.get("intents") or [] if i not in EXCLUDED_INTENTS]


def _examples(path: Path) -> list[tuple[str, str]]:
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    examples = []
    for item in data.get("nlu") or []:
        if "intent" not in item:
            continue
        for line in str(item.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append((item["intent"], line[2:].strip()))
    return examples


def _heldout_turns() -> list[str]:
    """The held-out test conversations' user turns, when the tests are on this machine."""
    try:
        from tests.heldout.cases import load_cases, user_turns
    except ImportError:
        return []
    try:
        return [normalised(text) for _, text in user_turns(load_cases())]
    except (OSError, ValueError, KeyError, yaml.YAMLError):
        return []


def _render(examples: list[tuple[str, str]]) -> str:
    lines = [
        'version: "3.1"',
        "# Examples added from the inbox's review queue (bot/web/unanswered.py); used by the next",
        "# training. Review them like any other training data.",
        "nlu:",
    ]
    by_intent: dict[str, list[str]] = {}
    for intent, text in examples:
        by_intent.setdefault(intent, []).append(text)
    for intent in sorted(by_intent):
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {text}" for text in by_intent[intent]]
    return "\n".join(lines) + "\n"


def add_example(
    intent: str,
    text: str,
    editor: str,
    url: str | None = None,
    path: Path | None = None,
    nlu_dir: Path = REPO_DIR / "data" / "nlu",
) -> Path:
    """Append a training example to the review file (atomically) and count it for the next
    training; ExampleRefused says why not."""
    path = Path(path or nlu_file())
    text = " ".join(str(text or "").split())
    if intent not in allowed_intents():
        raise ExampleRefused("Velg en hensikt fra listen.")
    if not text:
        raise ExampleRefused("Feltet «Eksempel» kan ikke være tomt.")
    if len(text) > 200:
        raise ExampleRefused("Feltet «Eksempel» kan ha høyst 200 tegn.")
    if _ENTITY_MARKUP.search(text) or text.startswith(("/", "#")):
        raise ExampleRefused(
            "Feltet «Eksempel» kan ikke ha [ ] eller { } (maskerte personopplysninger eller "
            "merking), og kan ikke begynne med / eller #."
        )
    if mask_personal_data(text)[0] != text:
        raise ExampleRefused("Feltet «Eksempel» kan ikke ha personopplysninger.")
    words = normalised(text)
    existing = _examples(path)
    others = [(i, t) for f in sorted(nlu_dir.glob("*.yml")) if f != path for i, t in _examples(f)]
    for other_intent, other in [*existing, *others]:
        if normalised(other) == words:
            raise ExampleRefused(f"Setningen finnes allerede som eksempel på «{other_intent}».")
    heldout = _heldout_turns()
    if heldout and process.extractOne(
        " ".join(text.lower().split()), heldout, scorer=fuzz.ratio, score_cutoff=NEAR_COPY
    ):
        raise ExampleRefused(
            "Setningen er nesten lik en i testsamtalene (tests/heldout), og testdata skal "
            "aldri bli treningsdata. Avvis den, eller koble den til et tiltak."
        )
    if not os.access(path.parent, os.W_OK):
        raise ExampleRefused(
            f"Treningsdataene i {path.parent} kan ikke skrives her. Legg eksempelet inn i "
            "repositoriet i stedet."
        )
    content = _render([*existing, (intent, text)])
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    init_db(url)
    with session_scope(url) as session:
        session.add(ExampleAdded(intent=intent, editor=editor, at=dt.datetime.utcnow()))
    return path


@dataclass(frozen=True)
class RetrainStatus:
    due: bool
    added_since_training: int  # examples from the queue since the current model was trained


def retrain_status(settings, url: str | None = None) -> RetrainStatus:
    """For the statistics page: is a training due, and how many queue examples wait for it."""
    from bot.training import _fingerprint_file, model_is_current

    stamp = _fingerprint_file(settings)
    trained_at = (
        dt.datetime.utcfromtimestamp(stamp.stat().st_mtime) if stamp.is_file() else dt.datetime.min
    )
    init_db(url)
    with session_scope(url) as session:
        added = session.execute(
            select(func.count()).select_from(ExampleAdded).where(ExampleAdded.at > trained_at)
        ).scalar_one()
    return RetrainStatus(bool(added) or not model_is_current(settings), int(added))
