"""Retention as `/personvern` states it, run every day inside the service (the web app starts
`DailyRetention` in the background; `python -m bot retention` runs the same job by hand).

- Closed cases: contact details, summary, transcript and notes removed after
  `EDI_TICKET_RETENTION_DAYS` (reference, queue, dates, outcome and the case log are kept).
- Stored conversations: deleted after `EDI_CONVERSATION_RETENTION_DAYS` without activity.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.settings import Settings
from bot.tickets.models import utcnow
from bot.tickets.service import anonymise_closed
from bot.web.conversations import delete_older_than

logger = logging.getLogger(__name__)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class RetentionResult:
    anonymised: int
    conversations_deleted: int


def run_retention(settings: Settings, now: dt.datetime | None = None) -> RetentionResult:
    """Both periods, measured back from `now` (naive UTC, like the tables)."""
    now = now or utcnow()
    anonymised = anonymise_closed(
        settings.ticket_retention_days, url=settings.database_url, now=now
    )
    epoch = now.replace(tzinfo=dt.timezone.utc).timestamp()
    deleted = delete_older_than(settings.tracker_url, settings.conversation_retention_days, epoch)
    return RetentionResult(anonymised, deleted)


class DailyRetention:
    """Runs `job(now)` once a day: checked every `check_every` seconds, so a job that failed
    (the database was down) is tried again at the next check, not a day later."""

    def __init__(
        self,
        job: Callable[[dt.datetime], object],
        clock: Callable[[], dt.datetime] = utcnow,
        interval: dt.timedelta = DAY,
    ) -> None:
        self.job = job
        self.clock = clock
        self.interval = interval
        self.last_run: dt.datetime | None = None

    def run_if_due(self) -> bool:
        now = self.clock()
        if self.last_run is not None and now - self.last_run < self.interval:
            return False
        result = self.job(now)
        self.last_run = now
        logger.info("retention ran: %s", result)
        return True

    async def run_forever(self, first_delay: float, check_every: float, sleep=asyncio.sleep):
        await sleep(first_delay)
        while True:
            try:
                await asyncio.to_thread(self.run_if_due)
            except Exception as error:  # noqa: BLE001 - the service goes on; tried again soon
                logger.warning("retention failed, tried again later: %s", type(error).__name__)
            await sleep(check_every)
