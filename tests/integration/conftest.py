"""A real stack (action server, Rasa server, web app) on free loopback ports."""

from __future__ import annotations

import dataclasses
import json
import urllib.request

import pytest

from bot.services import Stack
from bot.settings import Settings
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
