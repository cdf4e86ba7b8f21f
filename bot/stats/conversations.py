"""Figures from the stored conversations (Rasa's `events` table, already masked by
`bot.rasa.privacy`): conversations and messages, how each user message was answered, how often a
"Mente du …?" suggestion was taken, demand per tiltak and the needs of the assessments.

The counting is done by the database (window functions; SQLite and PostgreSQL): a *turn* is a
user message and everything stored after it up to the next one. Each turn gets one answer type,
the first that fits of

- `krise`: the crisis reply ran (`action_crisis_reply`);
- `kunnskapsbase`: a reply built from the knowledge base (a tiltak's summary, offers, who it is
  for, how to start, contact, cost, pay, a fact, its status; a list of recommendations);
- `vet_ikke`: a reply saying the sources do not say (`utter_tiltak_*_unknown`, no match);
- `mente_du`: the "Mente du …?" buttons (`utter_did_you_mean`); *taken* when the next user
  message is one of its buttons (a payload other than "Noe annet");
- `utenfor`: out of scope (`utter_out_of_scope`);
- `fallback`: not understood (`utter_default`, `utter_still_not_understood`,
  `utter_give_up_politely`);
- `annet`: everything else (greeting, the assessment's questions, the handoff form, …).

Only names of responses, actions, intents and slots are read, plus three slots whose values are
tiltak ids and the assessment's answers (mapped to fixed categories, never shown as typed).
A turn is counted in the period its rows are stored in; a conversation in every period it has
a user message in.
"""

from __future__ import annotations

import functools
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from bot.stats.periods import Period

logger = logging.getLogger(__name__)

EVENTS = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.String),
    sa.column("type_name", sa.String),
    sa.column("timestamp", sa.Float),
    sa.column("intent_name", sa.String),
    sa.column("action_name", sa.String),
    sa.column("data", sa.Text),
)

ANSWER_TYPES = ("krise", "kunnskapsbase", "vet_ikke", "mente_du", "utenfor", "fallback", "annet")
CRISIS_ACTIONS = ("action_crisis_reply",)
_KNOWLEDGE = """utter_tiltak_summary utter_tiltak_offers utter_tiltak_for_whom utter_tiltak_provider
    utter_tiltak_how_to_start utter_tiltak_contact_role utter_tiltak_contact_button
    utter_tiltak_cost utter_tiltak_pay utter_tiltak_fact utter_tiltak_status_ended
    utter_tiltak_status_pilot utter_tiltak_status_proposal utter_tiltak_other_municipality
    utter_recommend_intro utter_recommend_intro_employer utter_recommend_item""".split()
_UNKNOWN = """utter_tiltak_for_whom_unknown utter_tiltak_how_to_start_unknown
    utter_tiltak_provider_unknown
    utter_tiltak_pay_unknown utter_tiltak_cost_unknown utter_tiltak_fact_unknown
    utter_tiltak_fact_unknown_named utter_tiltak_fact_rest_unknown utter_tiltak_status_unknown
    utter_tiltak_unknown
    utter_recommend_none utter_english_no_answer""".split()


def _with_english(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({*names, *(f"{name}_en" for name in names)}))


KNOWLEDGE_RESPONSES = _with_english(_KNOWLEDGE)
UNKNOWN_RESPONSES = _with_english(_UNKNOWN)
SUGGESTION_RESPONSES = ("utter_did_you_mean",)
OUT_OF_SCOPE_RESPONSES = _with_english(["utter_out_of_scope"])
FALLBACK_RESPONSES = ("utter_default", "utter_still_not_understood", "utter_give_up_politely")
# A click on these buttons of "Mente du …?" is not taking a suggestion.
NOT_A_SUGGESTION = ("/something_else", "/request_human")

TILTAK_SLOTS = ("current_tiltak", "tiltak_recommended", "tiltak_opened")
ASSESSMENT_SLOT = "assessment"


@functools.lru_cache(maxsize=4)
def engine_for(url: str) -> sa.engine.Engine:
    """One engine per tracker URL for the web app's reads (made on first use)."""
    return sa.create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))


_indexed: set[str] = set()


def _index_timestamps(engine: sa.engine.Engine) -> None:
    """Every figure is per period: an index on the events' time (Rasa's table has only the
    conversation id's). Made once per database, when the table is there; harmless to Rasa."""
    key = str(engine.url)
    if key in _indexed:
        return
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE INDEX IF NOT EXISTS edi_events_timestamp ON events (timestamp)"
            )
    except sa.exc.SQLAlchemyError:  # read-only user, locked file: slower, still correct
        logger.warning("statistics: no index on events.timestamp", exc_info=True)
    _indexed.add(key)


def has_events(engine: sa.engine.Engine) -> bool:
    """Whether Rasa has stored anything yet (its table is made on its first start)."""
    with engine.connect() as connection:
        found = sa.inspect(connection).has_table("events")
    if found:
        _index_timestamps(engine)
    return found


def newest_event(engine: sa.engine.Engine) -> int | None:
    """The id of the newest stored event (None: nothing stored yet)."""
    if not has_events(engine):
        return None
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.max(EVENTS.c.id))).scalar()


def _json_text(engine: sa.engine.Engine, *path: str):
    """A text value inside the `data` JSON, extracted by the database."""
    if engine.dialect.name == "postgresql":
        return sa.func.json_extract_path_text(sa.cast(EVENTS.c.data, postgresql.JSON), *path)
    return sa.func.json_extract(EVENTS.c.data, "$." + ".".join(path))


def _in_period(period: Period):
    return sa.and_(EVENTS.c.timestamp >= period.start_epoch, EVENTS.c.timestamp < period.end_epoch)


# -- conversations and messages ---------------------------------------------------------------
@dataclass(frozen=True)
class Volume:
    conversations: int = 0
    user_messages: int = 0
    bot_messages: int = 0


def volume(engine: sa.engine.Engine, period: Period) -> Volume:
    is_user = sa.case((EVENTS.c.type_name == "user", 1), else_=0)
    is_bot = sa.case((EVENTS.c.type_name == "bot", 1), else_=0)
    user_sender = sa.case((EVENTS.c.type_name == "user", EVENTS.c.sender_id))
    query = sa.select(
        sa.func.count(sa.distinct(user_sender)),
        sa.func.coalesce(sa.func.sum(is_user), 0),
        sa.func.coalesce(sa.func.sum(is_bot), 0),
    ).where(_in_period(period), EVENTS.c.type_name.in_(("user", "bot")))
    with engine.connect() as connection:
        row = connection.execute(query).one()
    return Volume(int(row[0]), int(row[1]), int(row[2]))


# -- answer types per turn --------------------------------------------------------------------
def _flag(condition):
    return sa.func.max(sa.case((condition, 1), else_=0))


def _turns(engine: sa.engine.Engine, where):
    """One row per turn: the conversation, the turn's number (1 = the conversation's first
    user message among the rows selected) and its answer type; `taken` when it offered
    "Mente du …?" and the next turn clicked one of the suggestions."""
    utter = _json_text(engine, "metadata", "utter_action")
    text = _json_text(engine, "text")
    is_user = sa.case((EVENTS.c.type_name == "user", 1), else_=0)
    rows = (
        sa.select(
            EVENTS.c.sender_id,
            EVENTS.c.type_name,
            EVENTS.c.action_name,
            sa.case((EVENTS.c.type_name == "bot", utter)).label("utter"),
            sa.case((EVENTS.c.type_name == "user", text)).label("text"),
            sa.func.sum(is_user)
            .over(partition_by=EVENTS.c.sender_id, order_by=EVENTS.c.id, rows=(None, 0))
            .label("turn"),
        )
        .where(where, EVENTS.c.type_name.in_(("user", "bot", "action")))
        .subquery("turn_rows")
    )
    bot = rows.c.type_name == "bot"
    clicked = sa.and_(
        rows.c.type_name == "user",
        rows.c.text.like("/%"),
        rows.c.text.not_in(NOT_A_SUGGESTION),
    )
    crisis = _flag(sa.and_(rows.c.type_name == "action", rows.c.action_name.in_(CRISIS_ACTIONS)))
    turns = (
        sa.select(
            rows.c.sender_id,
            rows.c.turn,
            crisis.label("krise"),
            _flag(sa.and_(bot, rows.c.utter.in_(KNOWLEDGE_RESPONSES))).label("kunnskapsbase"),
            _flag(sa.and_(bot, rows.c.utter.in_(UNKNOWN_RESPONSES))).label("vet_ikke"),
            _flag(sa.and_(bot, rows.c.utter.in_(SUGGESTION_RESPONSES))).label("mente_du"),
            _flag(sa.and_(bot, rows.c.utter.in_(OUT_OF_SCOPE_RESPONSES))).label("utenfor"),
            _flag(sa.and_(bot, rows.c.utter.in_(FALLBACK_RESPONSES))).label("fallback"),
            _flag(clicked).label("clicked"),
        )
        .where(rows.c.turn > 0)
        .group_by(rows.c.sender_id, rows.c.turn)
        .subquery("turns")
    )
    kind = sa.case(
        *[(turns.c[name] == 1, name) for name in ANSWER_TYPES[:-1]], else_=ANSWER_TYPES[-1]
    ).label("kind")
    next_clicked = sa.func.lead(turns.c.clicked).over(
        partition_by=turns.c.sender_id, order_by=turns.c.turn
    )
    return sa.select(
        turns.c.sender_id,
        turns.c.turn,
        kind,
        sa.case((sa.and_(turns.c.mente_du == 1, next_clicked == 1), 1), else_=0).label("taken"),
    ).subquery("typed_turns")


@dataclass(frozen=True)
class Answers:
    by_type: dict[str, int] = field(default_factory=dict)
    suggestions_taken: int = 0

    @property
    def turns(self) -> int:
        return sum(self.by_type.values())


def answers(engine: sa.engine.Engine, period: Period) -> Answers:
    typed = _turns(engine, _in_period(period))
    query = sa.select(typed.c.kind, sa.func.count(), sa.func.sum(typed.c.taken)).group_by(
        typed.c.kind
    )
    with engine.connect() as connection:
        found = connection.execute(query).all()
    by_type = {name: 0 for name in ANSWER_TYPES}
    taken = 0
    for kind, count, kind_taken in found:
        by_type[kind] = int(count)
        taken += int(kind_taken or 0)
    return Answers(by_type, taken)


def turn_types(engine: sa.engine.Engine, senders: list[str]) -> dict[tuple[str, int], str]:
    """(conversation, turn number over all its stored events) → answer type: how the chat
    widget's feedback (`svar-3`: the answer to the third message) finds its answer type."""
    found: dict[tuple[str, int], str] = {}
    for start in range(0, len(senders), 500):
        chunk = senders[start : start + 500]
        typed = _turns(engine, EVENTS.c.sender_id.in_(chunk))
        with engine.connect() as connection:
            for sender, turn, kind, _taken in connection.execute(sa.select(typed)):
                found[(sender, int(turn))] = kind
    return found


# -- tiltak and needs -------------------------------------------------------------------------
@dataclass(frozen=True)
class Demand:
    """Conversations per tiltak id: asked about by name, recommended, opened with a button."""

    asked: Counter = field(default_factory=Counter)
    recommended: Counter = field(default_factory=Counter)
    opened: Counter = field(default_factory=Counter)


def _ids(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, str | int)]
    return []


def _slot_rows(engine: sa.engine.Engine, period: Period, names: tuple[str, ...]):
    """The slot events `names` of the conversations that set one of them in the period, from
    their start to the period's end (an addition needs the value before it), oldest first,
    each with whether the user message of its turn was an "ask about this tiltak" button."""
    text = _json_text(engine, "text")
    value = _json_text(engine, "value")
    senders = (
        sa.select(EVENTS.c.sender_id)
        .where(_in_period(period), EVENTS.c.type_name == "slot", EVENTS.c.action_name.in_(names))
        .distinct()
    )
    user = EVENTS.c.type_name == "user"
    window = {"partition_by": EVENTS.c.sender_id, "order_by": EVENTS.c.id, "rows": (None, 0)}
    # The turn's user message was a button when the newest user row so far is also the newest
    # "/ask_tiltak" row so far (two running maxima: no join, one pass over the rows).
    last_user = sa.func.max(sa.case((user, EVENTS.c.id))).over(**window)
    last_button = sa.func.max(
        sa.case((sa.and_(user, text.like("/ask_tiltak%")), EVENTS.c.id))
    ).over(**window)
    rows = (
        sa.select(
            EVENTS.c.id,
            EVENTS.c.sender_id,
            EVENTS.c.type_name,
            EVENTS.c.action_name,
            EVENTS.c.timestamp,
            sa.case((EVENTS.c.type_name == "slot", value)).label("value"),
            last_user.label("last_user"),
            last_button.label("last_button"),
        )
        .where(
            EVENTS.c.sender_id.in_(senders),
            EVENTS.c.timestamp < period.end_epoch,
            sa.or_(
                user,
                sa.and_(EVENTS.c.type_name == "slot", EVENTS.c.action_name.in_(names)),
            ),
        )
        .subquery("slot_rows")
    )
    button = sa.case(
        (sa.and_(rows.c.last_user.is_not(None), rows.c.last_user == rows.c.last_button), 1),
        else_=0,
    )
    query = (
        sa.select(rows.c.sender_id, rows.c.action_name, rows.c.value, rows.c.timestamp, button)
        .where(rows.c.type_name == "slot")
        .order_by(rows.c.sender_id, rows.c.id)
    )
    with engine.connect() as connection:
        yield from connection.execution_options(stream_results=True).execute(query)


def _parse(value):
    """A slot value as the database extracted it: SQLite's json_extract and PostgreSQL's
    json_extract_path_text give a list or an object as JSON text, a string as plain text."""
    if not isinstance(value, str) or value[:1] not in ("[", "{"):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def demand(engine: sa.engine.Engine, period: Period) -> Demand:
    result = Demand()
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)  # sender → (figure, id) counted
    previous: dict[tuple[str, str], list[str]] = {}
    for sender, slot, raw, timestamp, button in _slot_rows(engine, period, TILTAK_SLOTS):
        ids = _ids(_parse(raw))
        before = previous.get((sender, slot), [])
        previous[(sender, slot)] = ids
        if timestamp is None or timestamp < period.start_epoch:
            continue
        if slot == "tiltak_recommended":
            figure, counted_ids = "recommended", ids
        elif slot == "tiltak_opened":
            figure = "opened" if button else "asked"
            counted_ids = [i for i in ids if i not in before]
        else:
            continue  # current_tiltak: read only so that the opened list's turn is known
        for tiltak_id in counted_ids:
            if (figure, tiltak_id) in seen[sender]:
                continue
            seen[sender].add((figure, tiltak_id))
            getattr(result, figure)[tiltak_id] += 1
    return result


def assessments(engine: sa.engine.Engine, period: Period) -> list[dict]:
    """The answers of every needs assessment finished in the period (already masked)."""
    found = []
    for _sender, _slot, raw, timestamp, _button in _slot_rows(engine, period, (ASSESSMENT_SLOT,)):
        if timestamp is None or timestamp < period.start_epoch:
            continue
        value = _parse(raw)
        if isinstance(value, dict):
            found.append(value)
    return found
