"""Inbox logins under attack (issue 14, items 3 and 7): parallel wrong passwords cannot get
past the lock-out, one address is throttled, password checks run on their own small pool so
the chat API stays fast, and an unknown username is answered exactly like an account."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import statistics
import threading
import time

import pytest
from argon2 import PasswordHasher

from bot.settings import Settings
from bot.tickets import users
from bot.tickets.models import utcnow
from bot.web.inbox import LoginPool, PoolFull
from tests.web_client import run_app

PASSWORD = "riktig-hemmelig-passord"
SESSION = "0123456789abcdef0123456789abcdef"
CHEAP = PasswordHasher(time_cost=1, memory_cost=4096, parallelism=1)


@pytest.fixture
def url(tmp_path, monkeypatch):
    monkeypatch.setattr(users, "HASHER", CHEAP)
    monkeypatch.setattr(users, "_dummy_hash", None)
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    users.add_user("vera", PASSWORD, "veileder", url=url)
    return url


def _settings(url: str, tmp_path) -> Settings:
    return dataclasses.replace(
        Settings(), database_url=url, var_dir=tmp_path, cookie_secure=False, rasa_port=5999
    )


def _vera(url: str):
    return next(u for u in users.list_users(url=url) if u.username == "vera")


_run = run_app


async def _csrf(client) -> str:
    page = await (await client.get("/inbox/login")).text()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


async def _login(client, csrf: str, username: str, password: str):
    response = await client.post(
        "/inbox/login",
        data={"csrf": csrf, "username": username, "password": password},
        allow_redirects=False,
    )
    return response.status, await response.text()


@pytest.mark.parametrize("username", ["vera", "ukjent"])
def test_thirty_parallel_wrong_passwords_lock_the_account(url, username):
    barrier = threading.Barrier(30)
    results: list[str] = []

    def attempt(number: int) -> None:
        barrier.wait()
        results.append(users.authenticate(username, f"feil-passord-{number:03d}", url=url).status)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 30 and set(results) <= {"bad", "locked"}
    assert results.count("bad") <= users.MAX_FAILED_ATTEMPTS - 1
    assert users.authenticate(username, PASSWORD, url=url).status == "locked"
    if username != "vera":
        return
    vera = _vera(url)
    assert vera.failed_attempts >= users.MAX_FAILED_ATTEMPTS
    assert vera.locked_until is not None and vera.locked_until > utcnow()
    assert users.authenticate("vera", PASSWORD, url=url).status == "locked"


def test_a_right_password_racing_a_lock_out_is_refused(url):
    """The right password checked while parallel wrong ones lock the account: refused."""
    for number in range(users.MAX_FAILED_ATTEMPTS - 1):
        users.authenticate("vera", f"feil-passord-{number:03d}", url=url)
    original = users._verify

    def slow_verify(password_hash, password):
        ok = original(password_hash, password)
        if ok:  # meanwhile the fifth wrong password arrives
            assert users.authenticate("vera", "feil-passord-999", url=url).status == "locked"
        return ok

    users._verify = slow_verify
    try:
        assert users.authenticate("vera", PASSWORD, url=url).status == "locked"
    finally:
        users._verify = original


def test_parallel_logins_through_the_web_app_lock_and_stay_locked(url, tmp_path, monkeypatch):
    monkeypatch.setenv("EDI_LOGIN_RATE_PER_IP", "1000")

    async def check(client):
        csrf = await _csrf(client)
        answers = await asyncio.gather(
            *(_login(client, csrf, "vera", f"feil-passord-{n:03d}") for n in range(30))
        )
        statuses = [status for status, _ in answers]
        assert set(statuses) <= {401, 429}, statuses
        for status, body in answers:
            if status == 429:
                assert "Vent litt, og prøv igjen" in body
        status, body = await _login(client, csrf, "vera", PASSWORD)
        assert status == 401 and "midlertidig låst" in body

    _run(_settings(url, tmp_path), check)
    vera = _vera(url)
    assert vera.failed_attempts >= users.MAX_FAILED_ATTEMPTS
    assert vera.locked_until > utcnow()


def test_one_address_is_throttled(url, tmp_path, monkeypatch):
    monkeypatch.setenv("EDI_LOGIN_RATE_PER_IP", "3")

    async def check(client):
        csrf = await _csrf(client)
        for number in range(3):
            status, _ = await _login(client, csrf, "ingen", f"feil-passord-{number:03d}")
            assert status == 401
        status, body = await _login(client, csrf, "vera", PASSWORD)
        assert status == 429
        assert "For mange innloggingsforsøk" in body
        assert 'name="csrf"' in body  # the form is shown again

    _run(_settings(url, tmp_path), check)


def test_the_login_pool_is_bounded():
    started, release = threading.Event(), threading.Event()

    def block():
        started.set()
        release.wait(5)
        return "done"

    async def main():
        pool = LoginPool(workers=1, queue=1)
        first = asyncio.ensure_future(pool.run(block))
        second = asyncio.ensure_future(pool.run(lambda: "queued"))
        await asyncio.sleep(0)
        with pytest.raises(PoolFull):
            await pool.run(lambda: "one too many")
        release.set()
        assert await first == "done" and await second == "queued"
        assert await pool.run(lambda: "free again") == "free again"
        pool.close()

    asyncio.run(main())


def test_a_login_burst_does_not_slow_the_chat_api(tmp_path, monkeypatch):
    """Real argon2 parameters: 40 parallel logins, and /api/rating answers meanwhile."""
    monkeypatch.setattr(users, "HASHER", PasswordHasher())
    monkeypatch.setattr(users, "_dummy_hash", None)
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    monkeypatch.setenv("EDI_LOGIN_RATE_PER_IP", "1000")
    monkeypatch.setenv("EDI_RATE_LIMIT_WEB_PER_IP", "1000")
    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    users.add_user("vera", PASSWORD, "veileder", url=url)
    latencies: list[float] = []

    async def check(client):
        csrf = await _csrf(client)
        await client.post("/api/rating", json={"session_id": SESSION, "rating": 3})

        async def ratings():
            await asyncio.sleep(0.05)
            for _ in range(8):
                began = time.perf_counter()
                response = await client.post(
                    "/api/rating", json={"session_id": SESSION, "rating": 4}
                )
                latencies.append(time.perf_counter() - began)
                assert response.status == 200
                await asyncio.sleep(0.05)

        await asyncio.gather(
            ratings(),
            *(_login(client, csrf, f"bruker{n}", f"feil-passord-{n:03d}") for n in range(40)),
        )

    _run(_settings(url, tmp_path), check)
    assert max(latencies) < 1.0, latencies


def test_an_unknown_username_is_answered_like_an_account(url, tmp_path, monkeypatch):
    monkeypatch.setenv("EDI_LOGIN_RATE_PER_IP", "1000")

    def normalised(body: str) -> str:
        body = re.sub(r'name="csrf" value="[^"]+"', "", body)
        return re.sub(r'name="username"[^>]*>', "", body)

    async def check(client):
        csrf = await _csrf(client)
        known, unknown = [], []
        for number in range(users.MAX_FAILED_ATTEMPTS + 1):
            known.append(await _login(client, csrf, "vera", f"feil-passord-{number:03d}"))
            unknown.append(await _login(client, csrf, "vvera", f"feil-passord-{number:03d}"))
        for (k_status, k_body), (u_status, u_body) in zip(known, unknown, strict=True):
            assert k_status == u_status == 401
            assert normalised(k_body) == normalised(u_body)
        assert "Feil brukernavn eller passord" in known[0][1]
        assert "midlertidig låst" in unknown[-2][1] and "midlertidig låst" in unknown[-1][1]

    _run(_settings(url, tmp_path), check)
    # the typed name itself is not stored
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT name_hash FROM login_failure")).all()
    engine.dispose()
    assert rows and all("vvera" not in row[0] for row in rows)


def test_unknown_names_take_as_long_as_wrong_passwords(tmp_path, monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher())
    monkeypatch.setattr(users, "_dummy_hash", None)
    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    users.add_user("vera", PASSWORD, "veileder", url=url)
    users.authenticate("ingen", "feil-passord-000", url=url)  # schema and dummy hash ready

    def timed(username: str) -> float:
        began = time.perf_counter()
        assert users.authenticate(username, "feil-passord-x", url=url).status == "bad"
        return time.perf_counter() - began

    known, unknown = [], []
    for number in range(users.MAX_FAILED_ATTEMPTS - 1):
        known.append(timed("vera"))
        unknown.append(timed(f"ukjent{number}"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2.0, (known, unknown)
