"""Rasa's input channels as Rasa mounts them (bot/rasa/channels.py), on a real Sanic server (a
child process: Sanic 21.12 starts one app per process): socket.io refuses pages from other
origins (issue 14, item 4) and the REST webhook answers a malformed body with a clear 400
(item 5); the operator's routes (bot/rasa/ops_channel.py). No model, no Rasa agent: the checks
happen before a message would reach one."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import aiohttp
import pytest

from bot.settings import REPO_DIR
from tests.conftest import free_port

EVIL = "https://evil.example"
SITE = "https://www.kommune.example"
WEB = "http://127.0.0.1:8080"

SERVER = """
import os, sys
from rasa.core.channels.channel import register
from sanic import Sanic
from bot.rasa.channels import GuardedRestInput, GuardedSocketIOInput
from bot.rasa.ops_channel import OpsChannel

app = Sanic("edi_channels_test")
credentials = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered"}
default = GuardedSocketIOInput.from_credentials(credentials)
register([default, GuardedRestInput(), OpsChannel()], app, route="/webhooks/")
# A second socket.io server, made while EDI_CORS_ORIGINS names one site, on /site.io.
os.environ["EDI_CORS_ORIGINS"] = sys.argv[2]
site = GuardedSocketIOInput.from_credentials({**credentials, "socketio_path": "/site.io"})
blueprint = site.blueprint(lambda message: None)
blueprint.name = "socketio_site"
app.blueprint(blueprint, url_prefix="/webhooks/site")
app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, debug=False)
"""


@pytest.fixture(scope="module")
def base():
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("EDI_CORS_ORIGINS", "EDI_PUBLIC_URL", "EDI_HOST", "WEB_PORT")
    }
    env["PYTHONPATH"] = str(REPO_DIR)
    process = subprocess.Popen(  # noqa: S603 - our own fixed command
        [sys.executable, "-c", SERVER, str(port), SITE],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/webhooks/rest/", timeout=2).close()  # noqa: S310
                break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()[-3000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _run(check, base: str) -> None:
    async def main():
        async with aiohttp.ClientSession() as session:
            await check(session, base)

    asyncio.run(main())


def _handshake(path: str = "/socket.io", transport: str = "polling") -> str:
    return f"{path}/?EIO=4&transport={transport}"


def test_socket_io_refuses_a_foreign_origin(base):
    async def check(session, base):
        response = await session.get(base + _handshake(), headers={"Origin": EVIL})
        assert response.status == 400
        assert "Access-Control-Allow-Origin" not in response.headers
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(
                base + _handshake(transport="websocket"), headers={"Origin": EVIL}
            )
        assert refused.value.status == 400
        for origin in (WEB, "http://localhost:8080"):
            response = await session.get(base + _handshake(), headers={"Origin": origin})
            assert response.status == 200, origin
            assert (await response.text()).startswith('0{"sid"')
        async with session.ws_connect(
            base + _handshake(transport="websocket"), headers={"Origin": WEB}
        ) as websocket:
            assert (await websocket.receive_str()).startswith('0{"sid"')
        # not from a browser page (no Origin): nothing for CORS to protect
        assert (await session.get(base + _handshake())).status == 200

    _run(check, base)


def test_socket_io_follows_edi_cors_origins(base):
    async def check(session, base):
        path = "/site.io"
        response = await session.get(base + _handshake(path), headers={"Origin": SITE})
        assert response.status == 200
        for origin in (EVIL, WEB, SITE + ".evil.example", "null"):
            response = await session.get(base + _handshake(path), headers={"Origin": origin})
            assert response.status == 400, origin

    _run(check, base)


def test_rest_webhook_answers_deep_or_malformed_json_with_a_400(base):
    async def check(session, base):
        url = base + "/webhooks/rest/webhook"
        for body in ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000, "{", "[]"]:
            response = await session.post(url, data=body)
            assert response.status == 400
            assert "kunne ikke leses" in (await response.json())["error"]
        response = await session.post(url, json={"sender": ["x"], "message": "hei"})
        assert response.status == 400

    _run(check, base)


def test_rasa_gets_the_same_allow_list_as_the_web_app(monkeypatch):
    import dataclasses

    from bot.settings import Settings, child_env, load_settings

    for name in ("EDI_CORS_ORIGINS", "EDI_PUBLIC_URL", "EDI_HOST", "WEB_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EDI_ACTION_SECRET", "test")  # no secret file in the repository's var/
    for settings in (
        dataclasses.replace(Settings(), web_port=8123),
        dataclasses.replace(Settings(), public_url="https://chat.kommune.example/"),
        dataclasses.replace(Settings(), cors_origins=(SITE,)),
    ):
        env = child_env(settings)
        for name in ("EDI_CORS_ORIGINS", "EDI_PUBLIC_URL", "EDI_HOST", "WEB_PORT"):
            if name in env:
                monkeypatch.setenv(name, env[name])
            else:
                monkeypatch.delenv(name, raising=False)
        assert load_settings().allowed_origins == settings.allowed_origins


def test_the_ops_channel_answers_at_the_root_and_counts_messages(base):
    async def check(session, base):
        assert (await session.get(base + "/healthz")).status == 200
        response = await session.get(base + "/readyz")
        assert response.status == 503  # no model loaded in this server
        assert (await response.json())["checks"]["modell"] == "feil"
        url = base + "/webhooks/rest/webhook"
        response = await session.post(url, json={"sender": "ops-test", "message": "hei"})
        assert response.status == 200  # no agent: the polite "try again", counted as errors
        assert "får ikke svart" in (await response.json())[0]["text"]
        text = await (await session.get(base + "/metrics")).text()
        assert 'edi_messages_total{channel="rest"}' in text
        assert 'edi_errors_total{component="rasa"} 1.0' in text
        assert 'edi_errors_total{component="no_reply"} 1.0' in text
        assert "ops-test" not in text and "hei" not in text

    _run(check, base)
