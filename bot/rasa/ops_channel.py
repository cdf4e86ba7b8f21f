"""`/healthz`, `/readyz` and `/metrics` on a Rasa process, as an input channel of its own
(credentials.yml: `bot.rasa.ops_channel.OpsChannel`): Rasa mounts every channel's blueprint on its
Sanic app, at `/webhooks/` + the channel's `url_prefix()`, and this one asks for `/`.

- `/healthz`: the process answers (200 "ok").
- `/readyz`: 200 when the model is loaded and the stores answer: the conversation store, the
  database with the knowledge base (its names are read by the NLU guard), and Redis (lock
  store and socket.io) when one is configured; else 503 naming what failed (bot/ops/health.py).
- `/metrics`: Prometheus metrics of this process (bot/ops/metrics.py).

None of these paths is forwarded by the public entry point (deploy/nginx/): they are for the
operator's monitoring on the hosts' own network.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.ops import health, metrics
from bot.settings import load_settings


def model_check(app) -> health.Check:
    def run() -> None:
        agent = getattr(app.ctx, "agent", None)
        if agent is None or not agent.is_ready():
            raise RuntimeError("no model loaded")

    return health.Check("modell", run)


def rasa_checks(app) -> list[health.Check]:
    settings = load_settings()
    database = settings.database_url
    tracker = settings.tracker_database_url or None
    return [
        model_check(app),
        health.knowledge_check(database),
        *health.store_checks(database, tracker, redis=True),
    ]


class OpsChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "ops"

    @classmethod
    def from_credentials(cls, credentials):  # noqa: ARG003 - nothing to configure
        return cls()

    def url_prefix(self) -> str:
        return "/"  # urljoin("/webhooks/", "/") is "/": the routes below are at the root

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        ops = Blueprint("edi_ops", __name__)

        @ops.route("/healthz", methods=["GET"])
        async def healthz(request: Request):
            return response.text("ok")

        @ops.route("/readyz", methods=["GET"])
        async def readyz(request: Request):
            ready, body = await health.readiness(rasa_checks(request.app))
            return response.json(body, status=200 if ready else 503)

        @ops.route("/metrics", methods=["GET"])
        async def metrics_page(request: Request):
            body, content_type = metrics.exposition()
            return response.raw(body, content_type=content_type)

        return ops
