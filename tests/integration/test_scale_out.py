"""The deployed topology on loopback (issue 20): nginx (TLS, self-signed certificate) in front
of the web app and two Rasa processes, an action server, PostgreSQL (tracker store, knowledge
base, tickets) and Redis (lock store, socket.io across processes), all started by this module
the way `python -m bot run` starts them (bot/processes.py, bot/ops/entry_point.py).

Checks: one conversation keeps its order across the processes; widgets over socket.io through
nginx reach both processes and keep their order; a message from the web app's sender reaches
widgets on either process; Rasa's HTTP API is not reachable through nginx; /readyz of every
process turns red when PostgreSQL stops and green after; a backup restored into a fresh
database answers the same question the same way; stopping one Rasa process loses no
conversation (last: it changes the topology)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import time
import uuid

import pytest
import sqlalchemy as sa

from bot.ops import backup
from bot.ops.entry_point import nginx_binary
from bot.processes import Stack
from bot.rasa.live import LiveSender, RedisLiveLink
from bot.tickets.service import create_ticket
from bot.training import train
from knowledge.content import load_content
from knowledge.store import replace_all
from tests.conftest import free_port, scaled_settings
from tests.integration.topology import Topology, assert_in_order, fetch, redis_url_of
from tests.unit.test_backup import answer
from tests.widget_socket import WidgetSocket, text_of


@pytest.fixture(scope="module")
def scaled(tmp_path_factory, postgres_server, redis_url):
    if nginx_binary() is None:
        message = "nginx er ikke installert (scripts/install-nginx.sh); testen hoppes over."
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    postgres_url = postgres_server.url
    replace_all(load_content(), url=postgres_url)
    settings = scaled_settings(
        tmp_path_factory.mktemp("scaled"),
        2,
        postgres_url,
        redis_url,
        EDI_COOKIE_SECURE="false",
        EDI_HTTPS_PORT=str(free_port()),
        EDI_NGINX_INTERNAL_PORT=str(free_port()),
    )
    import dataclasses

    settings = dataclasses.replace(settings, nginx=True)
    train(settings)
    stack = Stack(settings)
    stack.start(timeout=300, report=lambda line: None)
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="module")
def topology(scaled) -> Topology:
    return Topology(scaled)


def test_one_conversation_keeps_its_order_across_two_processes(topology):
    urls = topology.settings.rasa_urls
    assert len(urls) == 2
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    messages = [f"hva er jobbskolen {n}" for n in range(8)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = []
        for number, message in enumerate(messages):
            futures.append(pool.submit(topology.say, sender, message, urls[number % 2]))
            time.sleep(0.05)  # sent in this order, each before the previous is answered
        replies = [f.result() for f in futures]
    assert all(any("Jobbskolen" in r.get("text", "") for r in reply) for reply in replies)
    assert_in_order(topology, sender, messages)


def test_rest_through_nginx_and_the_web_apps_chat_reach_both_processes(topology):
    before = [
        topology.counter(p, "edi_messages_total", channel="rest") for p in topology.rasa_ports
    ]
    senders = [f"spread-{n:02d}-{uuid.uuid4().hex[:6]}" for n in range(8)]
    for sender in senders[:4]:  # the public webhook
        assert "Jobbskolen" in text_of(topology.say(sender, "hva er jobbskolen"))
    web = f"http://127.0.0.1:{topology.settings.web_port}/chat"
    for sender in senders[4:]:  # the widget's fallback: web app → nginx's internal listener
        status, body = fetch(web, {"sender": sender, "message": "hva er jobbskolen"})
        assert status == 200 and "Jobbskolen" in text_of(json.loads(body))
    after = [topology.counter(p, "edi_messages_total", channel="rest") for p in topology.rasa_ports]
    assert sum(after) - sum(before) == 8
    assert all(b > a for a, b in zip(before, after, strict=True)), (before, after)


def test_widgets_over_socketio_through_nginx_reach_both_processes(topology):
    before = topology.socket_messages()
    messages = ["hei", "hva er jobbskolen", "hvem kan være med?"]

    def conversation(widget: WidgetSocket) -> list[list[dict]]:
        answers = []
        for message in messages:
            widget.say(message)
            answers.append(widget.collect())
        return answers

    widgets = [topology.widget().open() for _ in range(4)]
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(conversation, widgets))
    finally:
        for widget in widgets:
            widget.close()
    after = topology.socket_messages()
    assert all(b > a for a, b in zip(before, after, strict=True)), (before, after)
    assert sum(after) - sum(before) == len(widgets) * len(messages)
    for widget, replies in zip(widgets, answers, strict=True):
        assert "Jobbskolen" in text_of(replies[1])
        assert_in_order(topology, widget.session_id, messages)


@pytest.mark.parametrize("transports", [["polling"], ["polling", "websocket"]])
def test_long_polling_through_nginx_stays_on_one_process(topology, transports):
    """Where websockets are blocked the widget polls: every request of the session, and its
    upgrade to a websocket, must reach the process that holds it (hash on the address)."""
    widget = topology.widget(transports=transports).open()
    try:
        for message in ("hva er jobbskolen", "hvem kan være med?"):
            widget.say(message)
            assert "Jobbskolen" in text_of(widget.collect())
        if "websocket" in transports:
            assert widget.sio.transport() == "websocket"  # the upgrade reached the same process
    finally:
        widget.close()
    assert_in_order(topology, widget.session_id, ["hva er jobbskolen", "hvem kan være med?"])


def test_the_web_app_reaches_a_widget_on_either_process(topology):
    """The web app's LiveSender (write-only Redis manager; bot/rasa/live.py) with the web app's
    settings, from outside both Rasa processes, reaches widgets held by each of them."""
    status, body = fetch(f"http://127.0.0.1:{topology.settings.web_port}/readyz")
    assert status == 200 and json.loads(body)["checks"]["redis"] == "ok"
    widgets, holders = [], []
    try:
        for _ in range(2):  # least_conn: the second connection goes to the other process
            widget = topology.widget().open()
            widgets.append(widget)
            before = topology.socket_messages()
            widget.say("hei")
            widget.collect()
            after = topology.socket_messages()
            holders.append([b - a for a, b in zip(before, after, strict=True)].index(1))
        assert sorted(holders) == [0, 1], holders

        async def send():
            sender = LiveSender(redis_url_of(topology))
            try:
                for number, widget in enumerate(widgets):
                    await sender.send(
                        widget.session_id, {"text": f"Hei, dette er Kari ({number})."}
                    )
            finally:
                await sender.close()

        asyncio.run(send())
        received = [text_of(widget.collect(first=10, quiet=0.5)) for widget in widgets]
        # Presence (bot/rasa/live.py): each Rasa process keeps its widgets in Redis, so the web
        # app's live link knows both are connected (a coordinator's live reply, #18 item 4).
        assert asyncio.run(_present(topology, [w.session_id for w in widgets])) == [True, True]
    finally:
        for widget in widgets:
            widget.close()
    assert received == ["Hei, dette er Kari (0).", "Hei, dette er Kari (1)."]
    time.sleep(1)
    assert asyncio.run(_present(topology, [w.session_id for w in widgets])) == [False, False]


async def _present(topology, session_ids: list[str]) -> list[bool]:
    link = RedisLiveLink(None, redis_url_of(topology))
    try:
        return [await link.present(session_id) for session_id in session_ids]
    finally:
        await link.close()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/conversations/someone/tracker"),
        ("POST", "/conversations/someone/tracker/events"),
        ("GET", "/model"),
        ("PUT", "/model"),
        ("GET", "/status"),
        ("GET", "/version"),
        ("GET", "/domain"),
        ("GET", "/webhooks/rest/"),
        ("GET", "/webhooks/socketio/"),
        ("POST", "/webhooks/socketio/live"),  # the web app's live endpoint (bot/rasa/channels.py)
        ("GET", "/webhooks/socketio/live/0123456789abcdef0123456789abcdef"),
        ("GET", "/metrics"),
        ("GET", "/readyz"),
    ],
)
def test_rasas_http_api_and_the_operator_pages_are_not_public(topology, method, path):
    body = {} if method in ("POST", "PUT") else None
    status, _ = fetch(topology.public + path, body, cafile=topology.cafile, method=method)
    assert status == 404
    if path == "/metrics":  # it is there, only not through the entry point
        assert fetch(f"http://127.0.0.1:{topology.rasa_ports[0]}/metrics")[0] == 200


def test_plain_http_to_the_tls_port_is_refused(topology):
    status, _ = fetch(f"http://127.0.0.1:{topology.entry.https_port}/")
    assert status == 400  # nginx: "plain HTTP request was sent to HTTPS port"


def _ready_urls(topology: Topology) -> list[str]:
    s = topology.settings
    return [
        f"http://127.0.0.1:{s.web_port}/readyz",
        f"http://127.0.0.1:{s.action_port}/readyz",
        *(f"http://127.0.0.1:{port}/readyz" for port in topology.rasa_ports),
    ]


def _wait_for(statuses, wanted: int, urls: list[str], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while True:
        got = [statuses(url) for url in urls]
        if all(status == wanted for status in got) or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


def test_readyz_is_red_while_postgresql_is_down_and_green_after(topology, postgres_server):
    urls = _ready_urls(topology)

    def status(url):
        return fetch(url)[0]

    assert [status(url) for url in urls] == [200] * 4
    sender = f"restart-{uuid.uuid4().hex[:8]}"
    for port in topology.rasa_ports:  # every process has pooled connections now
        assert "Jobbskolen" in text_of(topology.say(sender, "hva er jobbskolen", _rasa(port)))
    postgres_server.stop()
    try:
        assert _wait_for(status, 503, urls, 20) == [503] * 4
        body = json.loads(fetch(urls[-1])[1])
        assert body["checks"]["database"] == "feil" and body["checks"]["modell"] == "ok"
    finally:
        postgres_server.start()
    assert _wait_for(status, 200, urls, 30) == [200] * 4
    # The conversation goes on where it was, on both processes (their pooled connections died
    # with the server): a follow-up is answered about the tiltak asked before.
    for port in topology.rasa_ports:
        assert "Jobbskolen" in text_of(topology.say(sender, "hvem kan være med?", _rasa(port)))
    assert_in_order(topology, sender, ["hva er jobbskolen"] * 2 + ["hvem kan være med?"] * 2)
    assert [kind for kind, _ in topology.stored(sender)].count("session_started") == 1


def _rasa(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def test_a_restored_backup_answers_the_same_question_the_same_way(topology, tmp_path):
    sender = f"backup-{uuid.uuid4().hex[:8]}"
    topology.say(sender, "hva er jobbskolen")
    url = topology.database
    create_ticket("arbeidsgiver", {"company_name": "Bedrift AS"}, {}, [("user", "hei")], url=url)
    folder = backup.backup(url, url, tmp_path)
    fresh = sa.engine.make_url(url).set(database="edi_restored")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text("create database edi_restored"))
    admin.dispose()
    restored = fresh.render_as_string(hide_password=False)
    assert backup.restore(folder, restored, restored) == ["main, conversations (postgresql)"]
    assert answer(restored) == answer(url)
    engines = [sa.create_engine(u) for u in (url, restored)]
    try:
        for query in (
            "select sender_id, type_name, data from events where sender_id = :s order by id",
            "select reference, queue, status from ticket order by id",
        ):
            rows = []
            for engine in engines:
                with engine.connect() as connection:
                    rows.append(connection.execute(sa.text(query), {"s": sender}).fetchall())
            assert rows[0] and rows[0] == rows[1]
    finally:
        for engine in engines:
            engine.dispose()


def test_stopping_one_rasa_process_loses_no_conversation(topology):
    senders = [f"stop-{n}-{uuid.uuid4().hex[:6]}" for n in range(6)]
    for sender in senders:
        topology.say(sender, "hei")
    before = topology.socket_messages()
    widgets = [topology.widget().open() for _ in range(2)]
    try:
        for widget in widgets:
            widget.say("hva er jobbskolen")
            widget.collect()
        during = topology.socket_messages()
        assert during[1] > before[1]  # one of the widgets is on the process that stops
        rasa_2 = topology.stack.services[2]
        assert rasa_2.name == "rasa-2"
        rasa_2.stop()
        for sender in senders:  # the next message of every conversation, through nginx
            assert "Jobbskolen" in text_of(topology.say(sender, "hva er jobbskolen"))
        answers = []
        for widget in widgets:  # the one on the stopped process reconnects to the other
            assert widget.confirmed.wait(30), "the widget did not reconnect"
            widget.say("hvem kan være med?")
            answers.append(widget.collect())
    finally:
        for widget in widgets:
            widget.close()
    for sender in senders:
        assert_in_order(topology, sender, ["hei", "hva er jobbskolen"])
    for widget, replies in zip(widgets, answers, strict=True):
        assert "Jobbskolen" in text_of(replies), replies
        assert_in_order(topology, widget.session_id, ["hva er jobbskolen", "hvem kan være med?"])
