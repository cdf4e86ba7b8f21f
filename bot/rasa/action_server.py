"""`python -m bot.rasa.action_server ARGS`: the rasa-sdk action server with personal data masked
in its logs (it logs whole trackers when an action fails), and answering only Rasa.

`/healthz`, `/readyz` (the knowledge base and the ticket database answer) and `/metrics` (time
per action, failed calls) are added for the operator (bot/ops/health.py, bot/ops/metrics.py).

Every other request except `GET /health` must carry the shared secret (EDI_ACTION_SECRET, see
`bot.settings.action_secret`) in the `X-EDI-Action-Secret` header, which Rasa sends from
endpoints.yml; without it the answer is 401, so nothing else on the host can run an action
(such as creating a ticket) through `POST /webhook`.
"""

from __future__ import annotations

import hmac
import logging
import re
import sys
import time

from bot.rasa.privacy import install_log_masking
from bot.settings import ACTION_AUTH_HEADER, action_secret, load_settings

logger = logging.getLogger(__name__)
OPEN_PATHS = {"/health", "/healthz", "/readyz", "/metrics"}
ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}\Z")
REFUSED = "Denne tjenesten svarer bare assistenten (mangler eller feil nøkkel)."


def secret_matches(given: str | None, secret: str) -> bool:
    if not given or not secret:
        return False
    return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


def require_secret(app, secret: str) -> None:
    """A Sanic request middleware on the rasa-sdk app: no secret, no action."""
    from sanic import response

    @app.middleware("request")
    async def _check_secret(request):
        if request.path in OPEN_PATHS:
            return None
        if secret_matches(request.headers.get(ACTION_AUTH_HEADER), secret):
            return None
        logger.warning("action server: refused a request without the right secret")
        return response.json({"error": REFUSED}, status=401)


def add_operations(app) -> None:
    """/healthz, /readyz and /metrics on the rasa-sdk app, and a count of failed calls."""
    from sanic import response

    from bot.ops import health, metrics

    @app.get("/healthz")
    async def _healthz(request):
        return response.text("ok")

    @app.get("/readyz")
    async def _readyz(request):
        database = load_settings().database_url
        checks = [health.knowledge_check(database), *health.store_checks(database)]
        ready, body = await health.readiness(checks)
        return response.json(body, status=200 if ready else 503)

    @app.get("/metrics")
    async def _metrics(request):
        body, content_type = metrics.exposition()
        return response.raw(body, content_type=content_type)

    @app.middleware("response")
    async def _count_failures(request, answer):
        if answer is not None and answer.status >= 500:
            metrics.ERRORS.labels("action_server").inc()


def time_actions() -> None:
    """Time every action call by the action's name (a fixed set: the names in domain/)."""
    from rasa_sdk.executor import ActionExecutor

    from bot.ops import metrics

    original = ActionExecutor.run
    if getattr(original, "_edi_timed", False):
        return

    async def run(self, action_call):
        name = str(action_call.get("next_action") or "")
        started = time.perf_counter()
        try:
            return await original(self, action_call)
        finally:
            label = name if ACTION_NAME.match(name) and name in self.actions else "unknown"
            metrics.ACTIONS.labels(label).observe(time.perf_counter() - started)

    run._edi_timed = True
    ActionExecutor.run = run


def install_secret_check(secret: str) -> None:
    """Wrap rasa_sdk's `create_app` (which its `run` calls) so the app checks the secret and
    has the operator's endpoints."""
    from rasa_sdk import endpoint

    original = endpoint.create_app

    def create_app(*args, **kwargs):
        app = original(*args, **kwargs)
        require_secret(app, secret)
        add_operations(app)
        return app

    endpoint.create_app = create_app
    time_actions()


if __name__ == "__main__":
    install_log_masking()
    install_secret_check(action_secret(load_settings()))
    from rasa_sdk.__main__ import main

    sys.argv = ["rasa_sdk", *sys.argv[1:]]
    main()
