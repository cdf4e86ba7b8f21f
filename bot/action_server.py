"""`python -m bot.action_server ARGS`: the rasa-sdk action server with personal data masked
in its logs (it logs whole trackers when an action fails), and answering only Rasa.

Every request except `GET /health` must carry the shared secret (EDI_ACTION_SECRET, see
`bot.settings.action_secret`) in the `X-EDI-Action-Secret` header, which Rasa sends from
endpoints.yml; without it the answer is 401, so nothing else on the host can run an action
(such as creating a ticket) through `POST /webhook`.
"""

from __future__ import annotations

import hmac
import logging
import sys

from bot.privacy import install_log_masking
from bot.settings import ACTION_AUTH_HEADER, action_secret, load_settings

logger = logging.getLogger(__name__)
OPEN_PATHS = {"/health"}
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


def install_secret_check(secret: str) -> None:
    """Wrap rasa_sdk's `create_app` (which its `run` calls) so the app checks the secret."""
    from rasa_sdk import endpoint

    original = endpoint.create_app

    def create_app(*args, **kwargs):
        app = original(*args, **kwargs)
        require_secret(app, secret)
        return app

    endpoint.create_app = create_app


if __name__ == "__main__":
    install_log_masking()
    install_secret_check(action_secret(load_settings()))
    from rasa_sdk.__main__ import main

    sys.argv = ["rasa_sdk", *sys.argv[1:]]
    main()
