"""On PostgreSQL too, a finished handoff form leaves no contact detail in the stored events."""

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered

from bot.rasa.tracker_store import MaskingSQLTrackerStore
from bot.training import DOMAIN_DIR
from tests.unit.test_tracker_store import _stored

PHONE = "912 34 567"


def test_a_cancelled_handoff_is_scrubbed_on_postgres(postgres_url):
    domain = Domain.load(str(DOMAIN_DIR))
    store = MaskingSQLTrackerStore(host=postgres_url, domain=domain)

    async def converse():
        tracker = await store.get_or_create_tracker("pg-privacy")
        for event in (
            ActiveLoop("handoff_form"),
            SlotSet("handoff_consent", "ja"),
            UserUttered("Kari"),
            SlotSet("first_name", "Kari"),
            UserUttered(f"ring {PHONE}"),
            SlotSet("contact_info", f"ring {PHONE}"),
        ):
            tracker.update(event)
        await store.save(tracker)
        stored = _stored(postgres_url, "pg-privacy")
        assert any(e.get("value") == PHONE for e in stored), "kept during the handoff"
        tracker = await store.retrieve("pg-privacy")
        tracker.update(UserUttered("avbryt"))
        tracker.update(SlotSet("contact_info", None))
        tracker.update(ActiveLoop(None))
        await store.save(tracker)

    try:
        asyncio.run(converse())
        stored = str(_stored(postgres_url, "pg-privacy"))
        assert PHONE not in stored and "Kari" not in stored
        assert asyncio.run(store.retrieve("pg-privacy")).get_slot("contact_info") is None
    finally:
        store.engine.dispose()
