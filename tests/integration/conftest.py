"""A real stack (action server, Rasa server, web app) on free loopback ports."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

from bot.processes import Stack
from bot.settings import REPO_DIR, Settings
from bot.training import train
from tests.conftest import free_port


@dataclasses.dataclass
class RunningStack:
    settings: Settings
    stack: Stack | None = None

    def post(self, path: str, body: dict, base: str | None = None) -> tuple[int, object]:
        request = urllib.request.Request(
            (base or self.settings.rasa_url) + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def say(self, sender: str, message: str) -> list[dict]:
        status, replies = self.post(
            "/webhooks/rest/webhook", {"sender": sender, "message": message}
        )
        assert status == 200
        return replies

    def say_text(self, sender: str, message: str) -> str:
        return "\n".join(r.get("text", "") for r in self.say(sender, message))


@pytest.fixture(scope="session")
def stack(tmp_path_factory, knowledge_db):
    var_dir = tmp_path_factory.mktemp("var")
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        var_dir=var_dir,
        extra_env={"DATABASE_URL": knowledge_db, "EDI_COOKIE_SECURE": "false"},
    )
    train(settings)
    running = Stack(settings)
    running.start(timeout=240, report=lambda line: None)
    try:
        yield RunningStack(settings, running)
    finally:
        running.stop()


# -- throwaway PostgreSQL and Redis servers on loopback (scripts/*-test-server.sh) ------------
SCRIPT = REPO_DIR / "scripts" / "postgres-test-server.sh"
REDIS_SCRIPT = REPO_DIR / "scripts" / "redis-test-server.sh"
CANNOT_INSTALL = 3  # the script's exit code when PostgreSQL is missing and cannot be installed


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


_failed_start: list[tuple[int, str]] = []  # pytest retries a failed fixture for every test


def _give_up(code: int, message: str):
    if code == CANNOT_INSTALL and not _in_ci():
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


@dataclasses.dataclass
class PostgresServer:
    """A throwaway PostgreSQL server the test can stop and start again (same data, port)."""

    directory: Path
    port: int
    url: str

    def stop(self) -> None:
        subprocess.run(["bash", str(SCRIPT), "stop", str(self.directory)], timeout=120, check=True)

    def start(self) -> None:
        subprocess.run(
            ["bash", str(SCRIPT), "start", str(self.directory), str(self.port)],
            capture_output=True,
            timeout=120,
            check=True,
        )


@pytest.fixture(scope="module")
def postgres_url(postgres_server) -> str:
    return postgres_server.url


@pytest.fixture(scope="module")
def postgres_server():
    if _failed_start:
        _give_up(*_failed_start[0])
    # A fresh directory under /tmp: as root the server runs as `postgres`, which must be able
    # to reach it (pytest's own tmp_path is private to root).
    directory = Path(tempfile.mkdtemp(prefix="edi-pg-"))
    port = free_port()
    try:
        started = subprocess.run(
            ["bash", str(SCRIPT), "start", str(directory), str(port)],
            capture_output=True,
            text=True,
            timeout=900,  # the first run may install PostgreSQL with apt-get
        )
        if started.returncode != 0:
            message = (
                f"PostgreSQL-testserveren startet ikke (exit {started.returncode}):\n"
                f"{started.stderr.strip()[-3000:]}"
            )
            _failed_start.append((started.returncode, message))
            _give_up(started.returncode, message)
        yield PostgresServer(directory, port, started.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(directory)], timeout=120, check=False)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_url():
    directory = Path(tempfile.mkdtemp(prefix="edi-redis-"))
    try:
        started = subprocess.run(
            ["bash", str(REDIS_SCRIPT), "start", str(directory), str(free_port())],
            capture_output=True,
            text=True,
            timeout=900,  # the first run may install redis-server with apt-get
        )
        if started.returncode != 0:
            _give_up(
                started.returncode,
                f"Redis-testserveren startet ikke (exit {started.returncode}):\n"
                f"{started.stderr.strip()[-3000:]}",
            )
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(REDIS_SCRIPT), "stop", str(directory)], timeout=60, check=False)
        shutil.rmtree(directory, ignore_errors=True)
