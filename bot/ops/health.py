"""Liveness and readiness of a process, the same for all three kinds (web app, action server,
Rasa): `/healthz` says the process runs, `/readyz` says it can do its work now.

A readiness check is a name and a blocking function that raises when its dependency does not
answer (a database, Redis, the knowledge base, the model). `readiness` runs them in threads
with a time limit, so a database that hangs makes the answer "not ready", not a hung request.
The answer names each check with "ok" or "feil", never an error text: it could carry a host
name or a user name, and the log has the details (masked, like every log line).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)

CHECK_SECONDS = 3.0
READY, NOT_READY = "klar", "ikke klar"
OK, FAILED = "ok", "feil"


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], None]


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    """A small engine of its own per URL: the check must not take a connection the process's
    work needs, and must fail fast (2 s to connect) when the server is gone."""
    if make_url(url).get_backend_name() == "sqlite":
        return sa.create_engine(url, future=True, poolclass=NullPool)
    return sa.create_engine(
        url,
        future=True,
        pool_size=1,
        max_overflow=1,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 2},
    )


def sql_check(name: str, url: str) -> Check:
    def run() -> None:
        with _engine(url).connect() as connection:
            connection.execute(sa.text("select 1"))

    return Check(name, run)


def knowledge_check(url: str | None) -> Check:
    """The knowledge base answers: its content version can be read (the same query the search
    index asks before it is used), and content has been built."""

    def run() -> None:
        from knowledge.store import content_version

        if content_version(url) is None:
            raise RuntimeError("the knowledge base is empty (python -m knowledge build)")

    return Check("kunnskapsbase", run)


def redis_url() -> str | None:
    """The Redis of a scaled deployment: EDI_REDIS_URL, else REDIS_HOST[:REDIS_PORT] (the lock
    store's settings, deploy/endpoints-scaled.yml), else None (one process, no Redis)."""
    from bot.settings import Settings

    return Settings().redis_url


def redis_check(url: str) -> Check:
    def run() -> None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        try:
            client.ping()
        finally:
            client.close()

    return Check("redis", run)


async def _run_one(check: Check) -> bool:
    try:
        await asyncio.wait_for(asyncio.to_thread(check.run), CHECK_SECONDS)
        return True
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("readiness: %s does not answer (%s)", check.name, type(error).__name__)
        return False


async def readiness(checks: list[Check]) -> tuple[bool, dict]:
    """(ready, body): ready when every check passed; the body names each with ok/feil."""
    results = await asyncio.gather(*(_run_one(check) for check in checks))
    ready = all(results)
    body = {
        "status": READY if ready else NOT_READY,
        "checks": {
            check.name: OK if passed else FAILED
            for check, passed in zip(checks, results, strict=True)
        },
    }
    return ready, body


def store_checks(
    database_url: str | None, tracker_url: str | None = None, redis: bool = False
) -> list[Check]:
    """The stores a process uses: the main database (knowledge base, tickets, feedback), the
    conversation store when it is another database, and (`redis`) Redis when one is
    configured."""
    from knowledge.database import database_url as default_database_url

    main = database_url or default_database_url()
    checks = [sql_check("database", main)]
    if tracker_url and tracker_url != main:
        checks.append(sql_check("samtaler", tracker_url))
    url = redis_url() if redis else None
    if url:
        checks.append(redis_check(url))
    return checks
