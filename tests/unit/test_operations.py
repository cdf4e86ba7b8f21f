"""Operations (issue 20): readiness, metrics and the client address behind a proxy, on the real
web app and the real action server (SQLite; PostgreSQL going away is in
tests/integration/test_scale_out.py)."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bot.ops import health, metrics
from bot.settings import ACTION_AUTH_HEADER, REPO_DIR, Settings, child_env
from bot.training import load_domain
from bot.web.ops import client_address, trusted_proxies
from tests.conftest import free_port
from tests.web_client import run_app


def _responses() -> set[str]:
    domain = load_domain()
    return set(domain["responses"])


def test_the_reply_kinds_name_responses_that_exist():
    names = _responses()
    assert metrics.FALLBACK_RESPONSES <= names
    assert set(metrics.HANDOFF_QUEUES) <= names
    assert "utter_did_you_mean" in names
    assert any(name.startswith(metrics.ANSWER_PREFIXES) for name in names)
    assert {name for name in names if metrics.reply_kind([name]) == "crisis"} >= {
        "utter_crisis_self",
        "utter_crisis_fire",
        "utter_crisis_follow_up_en",
    }


@pytest.mark.parametrize(
    ("responses", "kind"),
    [
        (["utter_tiltak_summary", "utter_tiltak_contact_button"], "answer"),
        (["utter_recommend_intro", "utter_recommend_item", "utter_recommend_next"], "answer"),
        (["utter_did_you_mean"], "did_you_mean"),
        (["utter_default"], "fallback"),
        (["utter_crisis_soft", "utter_tiltak_summary"], "answer"),  # distress, then the answer
        (["utter_crisis_self", "utter_crisis_follow_up"], "crisis"),
        (["utter_greet"], "other"),
        (["utter_tiltak_summary_en", "utter_tiltak_offers_en"], "answer"),
        (["utter_out_of_scope_en"], "fallback"),
        (["utter_crisis_soft_en"], "other"),
        (["utter_crisis_medical_en"], "crisis"),
        (["", "utter_handoff_done_youth"], "other"),
    ],
)
def test_reply_kind(responses, kind):
    assert metrics.reply_kind(responses) == kind


def _sample(name: str, **labels) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_turn_is_counted_by_kind_and_a_handoff_by_queue():
    before = (
        _sample("edi_handoffs_total", queue="ungdom"),
        _sample("edi_replies_total", kind="other"),
    )
    no_reply = _sample("edi_errors_total", component="no_reply")
    metrics.observe_turn("rest", 0.02, ["utter_handoff_done_youth"], replied=True)
    metrics.observe_turn("rest", 0.02, [], replied=False)
    assert _sample("edi_handoffs_total", queue="ungdom") == before[0] + 1
    assert _sample("edi_replies_total", kind="other") == before[1] + 1
    assert _sample("edi_errors_total", component="no_reply") == no_reply + 1


def test_readiness_names_what_fails(tmp_path):
    import asyncio

    good = health.sql_check("database", f"sqlite:///{tmp_path / 'a.db'}")
    gone = health.sql_check("samtaler", f"postgresql://edi:x@127.0.0.1:{free_port()}/edi")
    ready, body = asyncio.run(health.readiness([good]))
    assert ready and body == {"status": "klar", "checks": {"database": "ok"}}
    ready, body = asyncio.run(health.readiness([good, gone]))
    assert not ready
    assert body == {"status": "ikke klar", "checks": {"database": "ok", "samtaler": "feil"}}


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(monkeypatch):
    monkeypatch.setenv("EDI_TRUSTED_PROXIES", "127.0.0.1, 172.18.0.0/16")
    proxies = trusted_proxies()
    assert client_address("127.0.0.1", "10.0.0.7", proxies) == "10.0.0.7"
    assert client_address("127.0.0.1", "6.6.6.6, 10.0.0.7", proxies) == "10.0.0.7"
    assert client_address("172.18.0.5", "10.0.0.8", proxies) == "10.0.0.8"  # a proxy's network
    assert client_address("127.0.0.1", "ikke-en-adresse", proxies) == "127.0.0.1"
    assert client_address("10.0.0.9", "10.0.0.7", proxies) == "10.0.0.9"  # not a proxy
    monkeypatch.setenv("EDI_TRUSTED_PROXIES", "nginx")
    with pytest.raises(SystemExit, match="er ikke en IP-adresse eller et nett"):
        trusted_proxies()


def _settings(tmp_path, **changes) -> Settings:
    values = {
        "var_dir": tmp_path,
        "database_url": f"sqlite:///{tmp_path / 'edi.db'}",
        "rasa_port": free_port(),  # nothing listens: /chat answers 503
        "rasa_timeout_seconds": 2,
    }
    return dataclasses.replace(Settings(), **{**values, **changes})


def test_web_app_readiness_and_metrics(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_HOST", raising=False)
    monkeypatch.delenv("EDI_REDIS_URL", raising=False)

    async def ready(client):
        response = await client.get("/readyz")
        assert response.status == 200, await response.text()
        assert (await response.json())["checks"] == {"database": "ok", "samtaler": "ok"}
        before = _sample("edi_web_chat_seconds_count", outcome="unavailable")
        chat = await client.post("/chat", json={"sender": "sender-0001", "message": "hei"})
        assert chat.status == 503
        page = await client.get("/metrics")
        assert page.status == 200
        text = await page.text()
        assert 'edi_web_chat_seconds_count{outcome="unavailable"}' in text
        assert _sample("edi_web_chat_seconds_count", outcome="unavailable") == before + 1
        assert "sender-0001" not in text and "hei" not in text

    run_app(_settings(tmp_path), ready)

    async def not_ready(client):
        response = await client.get("/readyz")
        assert response.status == 503
        assert (await response.json())["checks"]["database"] == "feil"

    gone = f"postgresql://edi:x@127.0.0.1:{free_port()}/edi"
    run_app(_settings(tmp_path, database_url=gone), not_ready)


def test_the_web_app_limits_each_client_behind_a_trusted_proxy(tmp_path, monkeypatch):
    monkeypatch.setenv("EDI_TRUSTED_PROXIES", "127.0.0.1")
    monkeypatch.setenv("EDI_RATE_LIMIT_WEB_PER_IP", "2")

    async def check(client):
        def send(address):
            return client.post(
                "/chat",
                json={"sender": "sender-0001", "message": "hei"},
                headers={"X-Forwarded-For": address},
            )

        statuses = [(await send("10.0.0.1")).status for _ in range(3)]
        assert statuses == [503, 503, 429]  # 503: no Rasa here; the third is over the limit
        assert (await send("10.0.0.2")).status == 503  # another person behind the same proxy

    run_app(_settings(tmp_path), check)


def _get(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_action_server_is_ready_only_with_its_knowledge_base(tmp_path, knowledge_db):
    database = tmp_path / "edi.db"
    shutil.copy(knowledge_db.removeprefix("sqlite:///"), database)
    settings = dataclasses.replace(Settings(), var_dir=tmp_path, action_port=free_port())
    env = child_env(settings)
    env["DATABASE_URL"] = f"sqlite:///{database}"
    process = subprocess.Popen(  # noqa: S603 - our own fixed command
        [sys.executable, "-m", "bot.rasa.action_server", "--actions", "actions"]
        + ["-p", str(settings.action_port), "--quiet"],
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
                status, _ = _get(base + "/healthz")
                break
            except (urllib.error.URLError, OSError):
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "the action server did not start"
                time.sleep(0.3)
        assert status == 200
        status, body = _get(base + "/readyz")
        assert status == 200, body
        call = b'{"next_action": "action_finnes_ikke", "tracker": {"sender_id": "x"}}'
        request = urllib.request.Request(
            base + "/webhook",
            data=call,
            headers={
                "Content-Type": "application/json",
                ACTION_AUTH_HEADER: env["EDI_ACTION_SECRET"],
            },
        )
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)  # noqa: S310
        status, text = _get(base + "/metrics")
        assert status == 200
        assert 'edi_action_seconds_count{action="unknown"} 1.0' in text
        database.unlink()  # the knowledge base is gone
        status, body = _get(base + "/readyz")
        assert status == 503 and '"kunnskapsbase":"feil"' in body.replace(" ", "")
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_runs_one_process_in_the_foreground(tmp_path):
    """`python -m bot serve web` (systemd units, containers) becomes the web app itself."""
    port = free_port()
    env = child_env(dataclasses.replace(Settings(), var_dir=tmp_path, web_port=port))
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'edi.db'}"
    process = subprocess.Popen(  # noqa: S603 - our own fixed command
        [sys.executable, "-m", "bot", "serve", "web"],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = _get(f"http://127.0.0.1:{port}/readyz")
                break
            except (urllib.error.URLError, OSError):
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "the web app did not start"
                time.sleep(0.3)
        assert status == 200
        process.terminate()  # the process we started is the server (exec, no runner between)
        process.wait(timeout=20)
        with pytest.raises((urllib.error.URLError, OSError)):
            _get(f"http://127.0.0.1:{port}/healthz")
    finally:
        if process.poll() is None:
            process.kill()
