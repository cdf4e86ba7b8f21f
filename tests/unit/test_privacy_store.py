"""What the masking tracker store writes: every string masked, the contact slot only during a
consented handoff, nothing of the form left once it is over (also not in the file's bytes)."""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, BotUttered, SlotSet, UserUttered

from bot.rasa.privacy import REMOVED, mask_event_dict, scrub_handoff_rows
from bot.rasa.tracker_store import MaskingSQLTrackerStore
from bot.training import DOMAIN_DIR

FNR = "15876500016"  # synthetic: month + 80, valid control digits
PHONE = "912 34 567"
ACCOUNT = "1234.56.78903"


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(DOMAIN_DIR))


def test_entity_values_and_metadata_of_a_user_event_are_masked():
    event = UserUttered(
        '/affirm{"contact_info": "91234567"}',
        {"name": "affirm", "confidence": 1.0},
        [{"entity": "contact_info", "value": "91234567"}, {"entity": "x", "value": FNR}],
        metadata={"customData": {"phone": "912  34  567", "id": f"fnr {FNR}"}},
    ).as_dict()
    stored = json.dumps(mask_event_dict(event), ensure_ascii=False)
    for raw in ("91234567", "912  34  567", FNR):
        assert raw not in stored
    assert "[telefonnummer]" in stored and "[fødselsnummer]" in stored


def test_the_metadata_of_a_bot_event_is_masked():
    event = BotUttered(
        "Stemmer dette?", metadata={"utter_action": "utter_handoff_confirm", "summary": PHONE}
    ).as_dict()
    assert mask_event_dict(event)["metadata"]["summary"] == "[telefonnummer]"


@pytest.mark.parametrize("keep_contact", [False, True])
def test_an_account_or_fodselsnummer_never_stays_in_any_slot(keep_contact):
    for slot in ("contact_info", "first_name", "company_name", "org_number", "handoff_need"):
        event = SlotSet(slot, f"Ola {FNR}, konto {ACCOUNT}").as_dict()
        value = mask_event_dict(event, keep_contact=keep_contact)["value"]
        assert FNR not in value and "78903" not in value, (slot, value)


def test_the_contact_slot_keeps_only_the_number_and_only_with_consent():
    event = SlotSet("contact_info", f"ring {PHONE}, konto {ACCOUNT}").as_dict()
    assert mask_event_dict(event, keep_contact=True)["value"] == PHONE
    assert PHONE not in mask_event_dict(event)["value"]
    name = SlotSet("first_name", f"Ola {PHONE}").as_dict()
    assert mask_event_dict(name, keep_contact=True)["value"] == "Ola [telefonnummer]"


def test_scrubbing_a_form_removes_its_answers_and_its_summary():
    rows = [
        (1, UserUttered("Kari Nordmann").as_dict()),
        (2, SlotSet("first_name", "Kari Nordmann").as_dict()),
        (3, SlotSet("contact_info", PHONE).as_dict()),
        (4, BotUttered("Stemmer dette?\nFornavn: Kari", metadata={"summary": "x"}).as_dict()),
        (5, UserUttered("hva er jobbskolen?").as_dict()),
        (6, SlotSet("contact_info", None).as_dict()),
    ]
    changed = dict(scrub_handoff_rows(rows))
    assert sorted(changed) == [1, 2, 3, 4]
    assert changed[1]["text"] == REMOVED and changed[2]["value"] == REMOVED
    assert "summary" not in changed[4]["metadata"]
    assert scrub_handoff_rows([(i, changed.get(i, d)) for i, d in rows]) == []


def _handoff(store, sender: str, cancel: bool) -> None:
    async def run():
        tracker = await store.get_or_create_tracker(sender)
        tracker.update(ActiveLoop("handoff_form"))
        tracker.update(SlotSet("audience", "ungdom"))
        tracker.update(SlotSet("handoff_consent", "ja"))
        await store.save(tracker)
        tracker = await store.retrieve(sender)
        tracker.update(UserUttered(f"ring {PHONE}"))
        tracker.update(SlotSet("contact_info", f"ring {PHONE}"))
        tracker.update(SlotSet("contact_info", PHONE))
        await store.save(tracker)
        stored = store._sqlite.execute("SELECT data FROM events").fetchall()
        assert any(PHONE in row[0] for row in stored), "kept while the handoff is under way"
        # Written to the file before the form ends (a checkpoint, or a restart).
        store._sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        tracker = await store.retrieve(sender)
        tracker.update(UserUttered("avbryt" if cancel else "ja"))
        for slot in ("handoff_consent", "contact_info"):
            tracker.update(SlotSet(slot, None))
        tracker.update(ActiveLoop(None))
        await store.save(tracker)

    asyncio.run(run())


@pytest.mark.parametrize("cancel", [True, False])
def test_after_the_form_no_contact_is_left_in_the_database_file(tmp_path, domain, cancel):
    path = tmp_path / "tracker.db"
    store = MaskingSQLTrackerStore(host=f"sqlite:///{path}", domain=domain)
    _handoff(store, "s1", cancel)
    digits = PHONE.replace(" ", "")
    for file in (path, path.with_name("tracker.db-wal")):
        raw = file.read_bytes().decode("latin-1") if file.exists() else ""
        assert PHONE not in raw and digits not in raw, file.name
    tracker = asyncio.run(store.retrieve("s1"))
    assert tracker.get_slot("contact_info") is None
    # Rows rewritten or deleted are overwritten with zeros in the file, not left in free space.
    assert store._sqlite.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_a_failing_scrub_does_not_fail_the_message(tmp_path, domain, monkeypatch):
    import sqlite3

    store = MaskingSQLTrackerStore(host=f"sqlite:///{tmp_path / 'tracker.db'}", domain=domain)

    def broken(sender_id):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "scrub_handoff", broken)
    _handoff(store, "s2", cancel=True)  # no exception reaches Rasa
    assert asyncio.run(store.retrieve("s2")).get_slot("contact_info") is None
