"""The action server answers only Rasa (issue 14, item 10): a shared secret, made on first
start in the var directory (0600), passed to both processes by the runner, sent by Rasa as a
header (endpoints.yml) and required by the action server on everything but /health."""

from __future__ import annotations

import dataclasses
import json
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import yaml

from bot.settings import (
    ACTION_AUTH_ENV,
    ACTION_AUTH_HEADER,
    REPO_DIR,
    Settings,
    action_secret,
    child_env,
)
from tests.conftest import free_port


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.delenv(ACTION_AUTH_ENV, raising=False)
    return dataclasses.replace(Settings(), var_dir=tmp_path, action_port=free_port())


def test_the_secret_is_made_once_private_and_passed_to_both_processes(settings, monkeypatch):
    path = settings.var_dir / "action_secret"
    assert not path.exists()
    secret = action_secret(settings)
    assert len(secret) >= 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert action_secret(settings) == secret  # read back, not made again
    assert child_env(settings)[ACTION_AUTH_ENV] == secret
    monkeypatch.setenv(ACTION_AUTH_ENV, "fra-miljoet")
    assert action_secret(settings) == "fra-miljoet"
    assert child_env(settings)[ACTION_AUTH_ENV] == "fra-miljoet"


def test_the_secret_file_is_not_in_git():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "var/action_secret"], cwd=REPO_DIR, check=False
    )
    assert ignored.returncode == 0


@pytest.mark.parametrize("path", ["endpoints.yml", "deploy/endpoints-scaled.yml"])
def test_rasa_sends_the_secret_to_the_action_server(path):
    endpoints = yaml.safe_load((REPO_DIR / path).read_text(encoding="utf-8"))
    headers = endpoints["action_endpoint"]["headers"]
    assert headers == {ACTION_AUTH_HEADER: "${" + ACTION_AUTH_ENV + "}"}


def _request(url: str, body: dict | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_the_action_server_refuses_calls_without_the_secret(settings):
    env = child_env(settings)
    secret = env[ACTION_AUTH_ENV]
    process = subprocess.Popen(  # noqa: S603 - our own fixed command
        [
            sys.executable,
            "-m",
            "bot.rasa.action_server",
            "--actions",
            "actions",
            "-p",
            str(settings.action_port),
            "--quiet",
        ],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{settings.action_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = _request(base + "/health")
                break
            except (urllib.error.URLError, OSError):
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "the action server did not start"
                time.sleep(0.3)
        assert status == 200  # health checks need no secret
        call = {
            "next_action": "action_submit_handoff",
            "sender_id": "angriper",
            "tracker": {"sender_id": "angriper", "slots": {}, "events": []},
            "domain": {},
            "version": "3.6.2",
        }
        for headers in ({}, {ACTION_AUTH_HEADER: "feil"}, {ACTION_AUTH_HEADER: ""}):
            status, body = _request(base + "/webhook", call, headers)
            assert status == 401, headers
            assert "bare assistenten" in body["error"]
        status, _ = _request(base + "/actions")
        assert status == 401
        right = {ACTION_AUTH_HEADER: secret}
        status, actions = _request(base + "/actions", headers=right)
        assert status == 200 and any(a["name"] == "action_answer_tiltak" for a in actions)
        status, _ = _request(
            base + "/webhook", {**call, "next_action": "action_finnes_ikke"}, right
        )
        assert status not in (401, 403)  # past the check (the action does not exist)
    finally:
        process.terminate()
        process.wait(timeout=20)
