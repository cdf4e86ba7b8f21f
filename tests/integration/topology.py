"""The deployed topology as the deployment test sees it (tests/integration/test_scale_out.py):
the public HTTPS entry point, the processes' own ports, their metrics, the stored events."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request

import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from bot.processes import Stack
from tests.widget_socket import WidgetSocket


def fetch(url: str, body: dict | None = None, cafile: str | None = None, method=None):
    """(status, body bytes) of one HTTP request; `cafile`: the entry point's certificate."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method=method
    )
    context = ssl.create_default_context(cafile=cafile) if cafile else None
    try:
        with urllib.request.urlopen(request, timeout=60, context=context) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Topology:
    def __init__(self, stack: Stack):
        self.stack = stack
        self.settings = stack.settings
        self.entry = stack.entry
        self.public = f"https://127.0.0.1:{self.entry.https_port}"
        self.origin = self.entry.public_url  # what a browser on the widget page sends
        self.cafile = str(self.entry.certificate)
        self.database = self.settings.database_url

    def say(self, sender: str, message: str, base: str | None = None) -> list[dict]:
        status, body = fetch(
            (base or self.public) + "/webhooks/rest/webhook",
            {"sender": sender, "message": message},
            cafile=None if base else self.cafile,
        )
        assert status == 200, body
        return json.loads(body)

    def counter(self, port: int, name: str, **labels) -> float:
        status, body = fetch(f"http://127.0.0.1:{port}/metrics")
        assert status == 200
        for family in text_string_to_metric_families(body.decode()):
            for sample in family.samples:
                if sample.name == name and all(
                    sample.labels.get(k) == v for k, v in labels.items()
                ):
                    return sample.value
        return 0.0

    def socket_messages(self) -> list[float]:
        return [
            self.counter(port, "edi_messages_total", channel="socketio") for port in self.rasa_ports
        ]

    @property
    def rasa_ports(self) -> list[int]:
        return [self.settings.rasa_port + n for n in range(self.settings.rasa_processes)]

    def widget(self, session_id: str | None = None, transports=("websocket",)) -> WidgetSocket:
        return WidgetSocket(self.origin, self.cafile, session_id, transports)

    def stored(self, sender: str) -> list[tuple[str, dict]]:
        engine = sa.create_engine(self.database)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    sa.text("select type_name, data from events where sender_id = :s order by id"),
                    {"s": sender},
                ).fetchall()
        finally:
            engine.dispose()
        return [(kind, json.loads(data)) for kind, data in rows]


def assert_in_order(topology: Topology, sender: str, messages: list[str]) -> None:
    rows = topology.stored(sender)
    assert [data["text"] for kind, data in rows if kind == "user"] == messages  # once, in order
    kinds = [kind for kind, _ in rows if kind in ("user", "bot")]
    assert kinds[0] == "user" and kinds[-1] == "bot"
    for index, kind in enumerate(kinds[1:], start=1):
        if kind == "user":  # each message's replies come before the next message
            assert kinds[index - 1] == "bot"


def redis_url_of(topology: Topology) -> str:
    env = topology.settings.extra_env
    return f"redis://{env['REDIS_HOST']}:{env['REDIS_PORT']}/0"
