"""Privacy property: whatever personal numbers a user types into a form, none is stored.

For the handoff form (youth and employer) and the needs form, hypothesis puts synthetic
fødselsnumre, D-numre, phone numbers (any spacing), e-mail addresses and account numbers into
every answer, at random positions and with random wording, with and without consent, cancelled
at a random question or confirmed. The conversation runs through the real action classes
(validators, ask, submit and cancel actions, a CollectingDispatcher) and Rasa's tracker with
the real `MaskingSQLTrackerStore`, turn by turn as Rasa does it: the user event, the raw slot
value Rasa's `from_text` mapping sets before validation, the validator's events, the bot's
messages with their metadata, a save per turn. Then the whole tracker store (every event,
slot and metadata), the ticket and feedback tables, the log and the raw database files
(with their -wal) are scanned for every number in any spacing. The only hit allowed is the
contact detail on the ticket of a consented, confirmed handoff.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import EventVerbosity
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.handoff as handoff
from actions.handoff import (
    ActionAskHandoffConfirm,
    ActionAskHandoffConsent,
    ActionCancelHandoff,
    ActionOfferHuman,
    ActionSubmitHandoff,
)
from actions.handoff_form import ValidateHandoffForm
from actions.needs_assessment import ValidateNeedsForm
from bot.guidance.personal_data import find_personal_data
from bot.rasa.privacy import MaskingLogFilter
from bot.rasa.tracker_store import MaskingSQLTrackerStore
from bot.training import DOMAIN_DIR
from knowledge.database import get_engine
from tests.privacy_scan import (
    Secret,
    raw_files,
    read_raw,
    spaced,
    sqlite_dump,
    synthetic_account,
    synthetic_email,
    synthetic_fnr,
    synthetic_phone,
)

DOMAIN = Domain.load(str(DOMAIN_DIR))
DOMAIN_DICT = DOMAIN.as_dict()
RESPONSES = DOMAIN_DICT["responses"]
STANDARD_KEYS = {"text", "buttons", "elements", "custom", "template", "response", "image"}
STANDARD_KEYS |= {"attachment", "json_message"}

BASE_ANSWERS = {
    "handoff_consent": "ja",
    "company_name": "Fjord Tech AS",
    "org_number": "923609016",
    "contact_name": "Kari Nordmann",
    "first_name": "Kari",
    "handoff_need": "vi vil ta inn en lærling",
    "contact_time": "formiddag",
    "contact_way": "sms",
    "handoff_confirm": "ja",
    "who_am_i": "jeg er ung",
    "age": "19",
    "situation": "skole",
    "barrier": "helse",
    "goal": "jobb",
    "employer_need": "rekruttere",
    "company_size": "10-49 ansatte",
    "sector": "bygg",
}
# Wording around a number: labels and filler that say neither yes nor no.
LABELS = [
    "",
    "fnr",
    "fødselsnummer",
    "personnummer:",
    "d-nummer",
    "kontonr",
    "konto",
    "mitt nummer er",
    "ring",
    "tlf.",
    "mobil",
    "mail:",
    "e-post",
    "account",
    "phone",
]
KINDS = ["fodselsnummer", "dnummer", "telefon", "epost", "kontonummer"]


def _secret(kind: str, rng: random.Random) -> tuple[Secret, str]:
    """A synthetic value and how it is typed."""
    if kind == "epost":
        value = synthetic_email(rng)
        return Secret("epost", value), value
    value = {
        "fodselsnummer": lambda: synthetic_fnr(rng),
        "dnummer": lambda: synthetic_fnr(rng, d_number=True),
        "telefon": lambda: synthetic_phone(rng),
        "kontonummer": lambda: synthetic_account(rng),
    }[kind]()
    return Secret(kind, value), spaced(value, rng)


def _with_secrets(base: str, kinds: list[str], rng: random.Random, secrets: list) -> str:
    words = base.split()
    for kind in kinds:
        secret, typed = _secret(kind, rng)
        secrets.append(secret)
        piece = f"{rng.choice(LABELS)} {typed}".strip()
        position = rng.randint(0, len(words))
        words.insert(position, piece + rng.choice(["", ",", "."]))
    return " ".join(words)


# -- a small Rasa: the form loop as rasa.core.actions.forms runs it ---------------------------
class Conversation:
    def __init__(self, store: MaskingSQLTrackerStore, sender: str) -> None:
        self.store = store
        self.sender = sender
        self.tracker = None

    def _sdk_tracker(self) -> Tracker:
        return Tracker.from_dict(self.tracker.current_state(EventVerbosity.ALL))

    def _apply(self, dispatcher: CollectingDispatcher, events: list[dict]) -> None:
        for message in dispatcher.messages:
            name = message.get("response")
            kwargs = {k: v for k, v in message.items() if k not in STANDARD_KEYS}
            variant = RESPONSES[name][0]
            text = variant.get("text", "").format(**kwargs)
            self.tracker.update(
                BotUttered(
                    text,
                    data={"buttons": variant.get("buttons")},
                    metadata={"utter_action": name, "template": name, **kwargs},
                )
            )
        for data in events:
            event = Event.from_parameters({**data, "timestamp": None})
            self.tracker.update(event)

    def run(self, action) -> list[dict]:
        dispatcher = CollectingDispatcher()
        result = action.run(dispatcher, self._sdk_tracker(), DOMAIN_DICT)
        if asyncio.iscoroutine(result):
            result = asyncio.get_event_loop().run_until_complete(result)
        self.tracker.update(ActionExecuted(action.name()))
        self._apply(dispatcher, result or [])
        return result or []

    def form_step(self, form: str, validator) -> None:
        """Validate, then ask the next question or finish (submit the handoff)."""
        dispatcher = CollectingDispatcher()
        events = asyncio.get_event_loop().run_until_complete(
            validator.run(dispatcher, self._sdk_tracker(), DOMAIN_DICT)
        )
        self.tracker.update(ActionExecuted(form))
        self._apply(dispatcher, events)
        requested = self.tracker.get_slot("requested_slot")
        if requested is None:
            self.tracker.update(ActiveLoop(None))
            if form == "handoff_form":
                self.run(ActionSubmitHandoff())
            return
        if requested == "handoff_consent":
            self.run(ActionAskHandoffConsent())
        elif requested == "handoff_confirm":
            self.run(ActionAskHandoffConfirm())
        else:
            name = f"utter_ask_{requested}"
            self.tracker.update(
                BotUttered(RESPONSES[name][0]["text"], metadata={"utter_action": name})
            )

    async def _load(self) -> None:
        self.tracker = await self.store.get_or_create_tracker(self.sender)

    def say(self, text: str, intent: str = "inform", entity_values: tuple = ()) -> None:
        """One user message: the user event as the NLU leaves it (MessageGuard's entities,
        a hand-typed payload's entity values, channel metadata), Rasa's raw slot value."""
        loop = asyncio.get_event_loop()
        loop.run_until_complete(self._load())
        entities = [
            {"entity": "personal_data", "value": f.kind, "start": f.start, "end": f.end}
            for f in find_personal_data(text)
        ] + [{"entity": "contact_info", "value": value} for value in entity_values]
        self.tracker.update(
            UserUttered(
                text,
                {"name": intent, "confidence": 1.0},
                entities,
                metadata={"customData": {"note": text}},
            )
        )
        requested = self.tracker.get_slot("requested_slot")
        if self.tracker.active_loop_name and requested and intent != "cancel":
            self.tracker.update(SlotSet(requested, text))  # from_text, before validation
        self.turn(text, intent)
        self.tracker.update(ActionExecuted("action_listen"))
        loop.run_until_complete(self.store.save(self.tracker))

    def turn(self, text: str, intent: str) -> None:
        loop = self.tracker.active_loop_name
        if intent == "start_handoff":
            self.run(ActionOfferHuman())
            self.tracker.update(ActiveLoop("handoff_form"))
            self.form_step("handoff_form", ValidateHandoffForm())
        elif intent == "start_needs":
            self.tracker.update(ActiveLoop("needs_form"))
            self.form_step("needs_form", ValidateNeedsForm())
        elif intent == "cancel" and loop == "handoff_form":
            self.run(ActionCancelHandoff())
            self.tracker.update(ActionExecuted("action_deactivate_loop"))
            self.tracker.update(ActiveLoop(None))
        elif intent == "cancel" and loop == "needs_form":
            self.tracker.update(ActionExecuted("action_deactivate_loop"))
            self.tracker.update(ActiveLoop(None))
        elif loop == "handoff_form":
            self.form_step("handoff_form", ValidateHandoffForm())
        elif loop == "needs_form":
            self.form_step("needs_form", ValidateNeedsForm())


def _scan(directory: Path, secrets: list[Secret], allowed: str | None) -> list:
    """Every place a secret was found. `allowed` may be on the ticket only, nowhere else."""
    hits = []
    tracker_db = directory / "tracker.db"
    connection = sqlite3.connect(tracker_db)
    try:
        rows = [row[0] for row in connection.execute("SELECT data FROM events")]
    finally:
        connection.close()
    places = {"tracker events": "\n".join(rows), "tracker dump": sqlite_dump(tracker_db)}
    places["tickets and feedback"] = sqlite_dump(directory / "edi.db")
    for path in raw_files(directory):
        places[f"file {path.name}"] = read_raw(path)
    for place, text in places.items():
        for secret in secrets:
            if not secret.found_in(text):
                continue
            on_ticket = place == "tickets and feedback" or place.startswith("file edi.db")
            if allowed is not None and secret.value == allowed and on_ticket:
                continue
            hits.append((place, secret))
    return hits


def _check_during_the_form(store, secrets: list[Secret], consented: bool) -> None:
    """After every turn: no fødselsnummer, D-nummer or account number in any stored event; a
    phone number or e-mail address only in the contact slot, only with consent."""
    rows = store._sqlite.execute("SELECT type_name, action_name, data FROM events").fetchall()
    for type_name, name, data in rows:
        contact_slot = type_name == "slot" and name == "contact_info"
        for secret in secrets:
            if not secret.found_in(data):
                continue
            allowed = consented and contact_slot and secret.kind in ("telefon", "epost")
            assert allowed, (secret, data)


def _canonical(contact: str) -> str:
    if "@" in contact:
        return contact
    digits = "".join(c for c in contact if c.isdigit())
    return digits[2:] if len(digits) == 10 and digits.startswith("47") else digits


scenario = st.fixed_dictionaries(
    {
        # The handoff form twice as often: it is the one that keeps anything.
        "form": st.sampled_from(
            [
                "ungdom",
                "arbeidsgiver",
                "ungdom",
                "arbeidsgiver",
                "needs_ungdom",
                "needs_arbeidsgiver",
            ]
        ),
        "consent": st.sampled_from([True, True, False]),
        "cancel_at": st.sampled_from([None, None, None, 0, 1, 2, 3, 4, 5, 6, 7, 8]),
        "kinds": st.lists(
            st.lists(st.sampled_from(KINDS), min_size=1, max_size=3), min_size=10, max_size=10
        ),
        "seed": st.integers(min_value=0, max_value=2**32 - 1),
    }
)


@pytest.fixture
def ticket_db(monkeypatch):
    monkeypatch.setattr(handoff, "_notify", lambda *args, **kwargs: None)
    return monkeypatch


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=scenario)
def test_no_personal_number_is_stored_by_any_form(case, ticket_db):
    rng = random.Random(case["seed"])
    with tempfile.TemporaryDirectory(prefix="edi-privacy-") as name:
        directory = Path(name)
        ticket_db.setenv("DATABASE_URL", f"sqlite:///{directory / 'edi.db'}")
        get_engine.cache_clear()  # the tickets' engine for DATABASE_URL is cached
        log_handler = logging.FileHandler(directory / "test.log", encoding="utf-8")
        log_handler.addFilter(MaskingLogFilter())
        root = logging.getLogger()
        root.addHandler(log_handler)
        previous_level = root.level
        root.setLevel(logging.DEBUG)
        store = MaskingSQLTrackerStore(host=f"sqlite:///{directory / 'tracker.db'}", domain=DOMAIN)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            secrets, allowed = _converse(store, case, rng)
            # While the store is open, as in a running server: the -wal file is there.
            hits = _scan(directory, secrets, allowed)
            event(
                f"{case['form']} consent={case['consent']} cancel={case['cancel_at'] is not None}"
                f": {'ticket' if allowed else 'no ticket'}"
            )
        finally:
            root.removeHandler(log_handler)
            root.setLevel(previous_level)
            log_handler.close()
            store.engine.dispose()
            get_engine().dispose()
            get_engine.cache_clear()
            loop.close()
        assert hits == [], (case, hits)
        assert _scan(directory, secrets, allowed) == [], case  # and after it is closed


def _converse(store, case: dict, rng: random.Random) -> tuple[list[Secret], str | None]:
    """Run one conversation; returns the secrets typed and the contact allowed on a ticket."""
    conversation = Conversation(store, "s")
    secrets: list[Secret] = []
    form = case["form"]
    audience = "arbeidsgiver" if form.endswith("arbeidsgiver") else "ungdom"
    # Who the user is first (the handoff form asks otherwise), then the form.
    conversation.say("jeg er arbeidsgiver" if audience == "arbeidsgiver" else "jeg er ung")
    conversation.tracker.update(SlotSet("audience", audience))
    asyncio.get_event_loop().run_until_complete(store.save(conversation.tracker))
    needs = form.startswith("needs")
    conversation.say(
        "kan jeg få en kartlegging" if needs else "jeg vil snakke med en person",
        intent="start_needs" if needs else "start_handoff",
    )
    attempts: dict[str, int] = {}
    for step in range(30):
        tracker = conversation.tracker
        if tracker.active_loop_name is None:
            break
        slot = tracker.get_slot("requested_slot")
        if case["cancel_at"] is not None and step == case["cancel_at"]:
            kinds = case["kinds"][step % len(case["kinds"])]
            conversation.say(_with_secrets("avbryt", kinds, rng, secrets), intent="cancel")
            break
        attempts[slot] = attempts.get(slot, 0) + 1
        if slot == "contact_info":
            contact_kind = rng.choice(["telefon", "epost"])
            secret, typed = _secret(contact_kind, rng)
            secrets.append(secret)
            base = typed
        elif slot == "handoff_consent" and not case["consent"]:
            base = rng.choice(["nei", "nei takk", "jeg samtykker ikke", "eg samtykkjer ikkje"])
        else:
            base = BASE_ANSWERS.get(slot, "ja")
        kinds = case["kinds"][step % len(case["kinds"])] if attempts[slot] <= 2 else []
        if slot == "org_number" and attempts[slot] > 1:
            base = "hopp over"
        if slot in ("contact_info",) and attempts[slot] > 2:
            kinds = []
        text = _with_secrets(base, kinds, rng, secrets)
        typed_entities = tuple(s.value for s in secrets[-len(kinds) :]) if kinds else ()
        conversation.say(text, entity_values=typed_entities)
        _check_during_the_form(store, secrets, case["consent"] and not needs)
    from bot.tickets.service import list_tickets

    tickets = list_tickets(("arbeidsgiver", "ungdom"))
    allowed = None
    if tickets:
        assert case["consent"] and not needs, "a ticket without consent"
        contact = tickets[0].consented_contact
        allowed = _canonical(contact["contact_info"])
        assert any(s.value == allowed for s in secrets), contact
        for key, value in contact.items():  # names and companies without any number
            if key != "contact_info":
                assert not any(c.isdigit() for c in value) or key == "org_number", contact
                assert "[" not in value, contact  # no "[fødselsnummer]" in a name either
    return secrets, allowed
