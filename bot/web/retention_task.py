"""The daily retention job (`bot.tickets.retention`) as a background task of the web app."""

from __future__ import annotations

import asyncio
import contextlib
import functools

from aiohttp import web

from bot.settings import Settings
from bot.tickets.retention import DailyRetention, run_retention

# The first run waits a minute after start (the databases are ready, tests are not touched);
# then the job is checked every ten minutes and runs when a day has passed since the last run.
FIRST_DELAY_SECONDS = 60.0
CHECK_EVERY_SECONDS = 600.0
RETENTION_KEY = web.AppKey("retention", DailyRetention)
TASK_KEY = web.AppKey("retention_task", asyncio.Task)


def setup_retention(app: web.Application, settings: Settings) -> None:
    app[RETENTION_KEY] = DailyRetention(functools.partial(run_retention, settings))

    async def _start(app: web.Application) -> None:
        app[TASK_KEY] = asyncio.create_task(
            app[RETENTION_KEY].run_forever(FIRST_DELAY_SECONDS, CHECK_EVERY_SECONDS)
        )

    async def _stop(app: web.Application) -> None:
        app[TASK_KEY].cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await app[TASK_KEY]

    app.on_startup.append(_start)
    app.on_cleanup.append(_stop)
