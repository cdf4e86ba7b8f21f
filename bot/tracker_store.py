"""Rasa tracker store: SQL (SQLite file by default, PostgreSQL by URL) that masks personal
data before events are written. Configured in endpoints.yml."""

from __future__ import annotations

import json
from collections.abc import Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from sqlalchemy.engine import make_url

from bot.privacy import mask_event_dict


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, host: str | None = None, domain=None, event_broker=None, **kwargs):
        url = make_url(host or kwargs.pop("url", None) or "sqlite:///var/tracker.db")
        kwargs.pop("url", None)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            **kwargs,
        )

    def _additional_events(self, session, tracker) -> Iterator:
        for event in super()._additional_events(session, tracker):
            masked = Event.from_parameters(mask_event_dict(json.loads(json.dumps(event.as_dict()))))
            if masked is None:
                raise ValueError(f"cannot store event of type {event.type_name}")
            yield masked
