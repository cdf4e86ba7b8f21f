"""The review queue (issue #19): what the assistant could not answer, grouped by wording.

Read from the stored conversations (Rasa's `events` table, already masked by `bot.rasa.privacy`;
masked again here) and the widget's feedback:

- a message answered with one of the "not understood" responses (fallback),
- a message whose "Mente du …?" suggestions were declined with «Noe annet»,
- a message answered with «utenfor det jeg kan» (out of scope; the editor decides whether
  it should have been), or with «Det tiltaket kjenner jeg ikke til»,
- a message whose answer got a thumbs down (the widget's `svar-N` is the answer to the
  conversation's N-th user message).

Messages are grouped by similar wording (rapidfuzz) and counted. An editor resolves a group:
linked to a tiltak (its words become an alias through `knowledge.editing`, live at once),
added as a training example of an intent (`data/nlu/review_additions.yml`, used by the next
training; `retrain_status` tells the statistics page that one is due), or dismissed. A
resolution stores only a hash of each message's normalised words, never the text, so the
queue keeps nothing beyond the conversations' own retention.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy import Column, DateTime, Integer, String, func, select

from bot.database import init_db
from bot.guidance.personal_data import mask_personal_data
from knowledge.database import Base, session_scope

NOT_UNDERSTOOD = {
    "utter_default",
    "utter_did_you_mean",
    "utter_still_not_understood",
    "utter_give_up_politely",
}
OUT_OF_SCOPE = {"utter_out_of_scope"}
UNKNOWN_TILTAK = {"utter_tiltak_unknown"}  # «Det tiltaket kjenner jeg ikke til»
DID_YOU_MEAN = "utter_did_you_mean"
DECLINE_INTENT = "something_else"
REASONS = {
    "fallback": "ikke forstått",
    "declined": "avslo «Mente du …?»",
    "out_of_scope": "utenfor det assistenten kan",
    "unknown_tiltak": "kjente ikke tiltaket",
    "thumbs_down": "tommel ned",
}
ACTIONS = {
    "tiltak": "koblet til tiltak",
    "intent": "treningseksempel",
    "dismiss": "avvist",
}
SIMILAR = 85  # rapidfuzz token_sort_ratio on normalised words: the same question
MAX_DAYS = 90
MAX_TEXT = 300
# Intents an editor may add examples to: not the fallback, and not the safety intents, whose
# data and checks live elsewhere (bot/guidance, tests/crisis).


class Resolution(Base):
    """One resolved message (by the hash of its normalised words), what was done and by whom."""

    __tablename__ = "review_resolution"

    id = Column(Integer, primary_key=True, autoincrement=True)
    text_key = Column(String(64), nullable=False, index=True)
    action = Column(String(10), nullable=False)
    target = Column(String(80), nullable=False, default="")
    messages = Column(Integer, nullable=False, default=1)  # how many messages had these words
    editor = Column(String(80), nullable=False)
    at = Column(DateTime, nullable=False)


class ExampleAdded(Base):
    """A training example written from the queue (no text: that is in the NLU file)."""

    __tablename__ = "review_example"

    id = Column(Integer, primary_key=True, autoincrement=True)
    intent = Column(String(80), nullable=False)
    editor = Column(String(80), nullable=False)
    at = Column(DateTime, nullable=False)


def normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def text_key(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def masked(text: str) -> str:
    return mask_personal_data(" ".join(str(text or "").split()))[0][:MAX_TEXT]


@dataclass
class Item:
    text: str  # masked
    reasons: set[str]
    at: float


@dataclass
class Group:
    key: str  # the text key of its first message: the group's address in the queue
    text: str  # the most frequent wording
    count: int
    reasons: Counter
    last_at: float
    keys: Counter = field(default_factory=Counter)  # text key -> messages
    examples: list[str] = field(default_factory=list)

    @property
    def reason_labels(self) -> list[str]:
        return [f"{REASONS[r]} ({n})" for r, n in self.reasons.most_common()]

    @property
    def last_seen(self) -> dt.datetime:
        return dt.datetime.utcfromtimestamp(self.last_at)


# -- reading the conversations -------------------------------------------------------------


def _events_table(engine) -> sa.Table | None:
    try:
        return sa.Table("events", sa.MetaData(), autoload_with=engine)
    except sa.exc.NoSuchTableError:
        return None


def _turns(rows) -> dict[str, list[tuple[dict, list[dict]]]]:
    """Per conversation: (user event, the assistant's events after it), in order."""
    by_sender: dict[str, list[tuple[dict, list[dict]]]] = {}
    for sender, type_name, data in rows:
        try:
            event = json.loads(data)
        except (TypeError, ValueError):
            continue
        turns = by_sender.setdefault(sender, [])
        if type_name == "user":
            turns.append((event, []))
        elif turns:
            turns[-1][1].append(event)
    return by_sender


def _utterances(bots: list[dict]) -> set[str]:
    names = set()
    for event in bots:
        name = str((event.get("metadata") or {}).get("utter_action") or "")
        names.add(name.removesuffix("_en"))
    return names


def _intent(event: dict) -> str:
    return str(((event.get("parse_data") or {}).get("intent") or {}).get("name") or "")


def collect(tracker_url: str, url: str | None = None, days: int = MAX_DAYS) -> list[Item]:
    """Every message the assistant could not answer, with why, from the last `days` days."""
    from bot.web import feedback

    engine = sa.create_engine(tracker_url, future=True)
    try:
        events = _events_table(engine)
        if events is None:
            return []
        cutoff = time.time() - days * 86400
        with engine.connect() as connection:
            rows = connection.execute(
                select(events.c.sender_id, events.c.type_name, events.c.data)
                .where(events.c.type_name.in_(("user", "bot")), events.c.timestamp >= cutoff)
                .order_by(events.c.sender_id, events.c.id)
            ).all()
    finally:
        engine.dispose()
    conversations = _turns(rows)
    found: dict[tuple[str, int], Item] = {}

    def mark(sender: str, position: int, reason: str) -> None:
        event = conversations[sender][position][0]
        text = str(event.get("text") or "")
        if not text.strip() or text.startswith("/"):
            return  # a button's payload, not the person's words
        item = found.setdefault(
            (sender, position), Item(masked(text), set(), float(event.get("timestamp") or 0))
        )
        item.reasons.add(reason)

    for sender, turns in conversations.items():
        for position, (user, bots) in enumerate(turns):
            said = _utterances(bots)
            if said & NOT_UNDERSTOOD:
                mark(sender, position, "fallback")
            if said & OUT_OF_SCOPE:
                mark(sender, position, "out_of_scope")
            if said & UNKNOWN_TILTAK:
                mark(sender, position, "unknown_tiltak")
            if (
                position
                and _intent(user) == DECLINE_INTENT
                and DID_YOU_MEAN in _utterances(turns[position - 1][1])
            ):
                mark(sender, position - 1, "declined")
    init_db(url)
    with session_scope(url) as session:
        down = session.execute(
            select(feedback.Feedback.session_id, feedback.Feedback.message_id).where(
                feedback.Feedback.kind == feedback.ANSWER, feedback.Feedback.value < 0
            )
        ).all()
    for session_id, message_id in down:
        match = re.fullmatch(r"svar-(\d+)", message_id or "")
        turns = conversations.get(session_id)
        if match and turns and 1 <= int(match[1]) <= len(turns):
            mark(session_id, int(match[1]) - 1, "thumbs_down")
    return list(found.values())


def resolved_keys(url: str | None = None) -> set[str]:
    init_db(url)
    with session_scope(url) as session:
        return set(session.execute(select(Resolution.text_key)).scalars())


def group(items: list[Item], skip: set[str] = frozenset()) -> list[Group]:
    """Items grouped by similar wording, the largest group first; resolved texts left out."""
    groups: list[Group] = []
    wordings: list[str] = []
    texts: list[Counter] = []
    for item in sorted(items, key=lambda i: i.at):
        key = text_key(item.text)
        if key in skip or not normalised(item.text):
            continue
        words = normalised(item.text)
        match = process.extractOne(
            words, wordings, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR
        )
        if match is None:
            groups.append(Group(key, item.text, 0, Counter(), item.at))
            wordings.append(words)
            texts.append(Counter())
            position = len(groups) - 1
        else:
            position = match[2]
        chosen = groups[position]
        chosen.count += 1
        chosen.reasons.update(item.reasons)
        chosen.last_at = max(chosen.last_at, item.at)
        chosen.keys[key] += 1
        texts[position][item.text] += 1
    for chosen, counted in zip(groups, texts, strict=True):
        chosen.text = counted.most_common(1)[0][0]
        chosen.examples = [text for text, _ in counted.most_common(4) if text != chosen.text][:3]
    return sorted(groups, key=lambda g: (-g.count, -g.last_at))


def open_groups(tracker_url: str, url: str | None = None) -> list[Group]:
    return group(collect(tracker_url, url), resolved_keys(url))


def resolve(chosen: Group, action: str, target: str, editor: str, url: str | None = None) -> int:
    """Record every message of the group as resolved. Returns how many."""
    if action not in ACTIONS:
        raise ValueError(action)
    init_db(url)
    now = dt.datetime.utcnow()
    with session_scope(url) as session:
        for key, messages in sorted(chosen.keys.items()):
            session.add(
                Resolution(
                    text_key=key,
                    action=action,
                    target=target,
                    messages=messages,
                    editor=editor,
                    at=now,
                )
            )
    return sum(chosen.keys.values())


def resolved_counts(url: str | None = None) -> dict[str, int]:
    """How many messages were resolved, by action (koblet til tiltak, treningseksempel, avvist)."""
    init_db(url)
    with session_scope(url) as session:
        rows = session.execute(
            select(Resolution.action, func.sum(Resolution.messages)).group_by(Resolution.action)
        ).all()
    return {action: int(count) for action, count in rows}
