"""The web app's endpoints for the operator and what it needs behind a proxy.

- `/healthz` (the process answers), `/readyz` (the database with tickets and feedback, the
  conversation store and, when configured, Redis answer; bot/ops/health.py), `/metrics`
  (Prometheus, bot/ops/metrics.py). The public entry point (deploy/nginx/) forwards none of them.
- Behind nginx every request comes from the proxy's address. `EDI_TRUSTED_PROXIES` names the
  proxies (comma-separated addresses or networks, `10.0.0.0/24`) whose `X-Forwarded-For` is
  believed: the client's address
  is then the last one in that header (nginx sets it to the address it saw), so the per-address
  limits of /chat and the inbox count people, not the proxy. From any other peer the header is
  ignored, so nobody can choose the address they are counted under.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web

from bot.ops import health, metrics
from bot.settings import Settings

OPS_SETTINGS_KEY = web.AppKey("ops_settings", Settings)
PROXIES_KEY = web.AppKey("trusted_proxies", tuple)


def trusted_proxies(settings: Settings | None = None) -> tuple:
    proxies = []
    for part in (settings or Settings()).trusted_proxies:
        try:
            proxies.append(ipaddress.ip_network(part, strict=False))
        except ValueError as error:
            raise SystemExit(
                f"EDI_TRUSTED_PROXIES: «{part}» er ikke en IP-adresse eller et nett "
                "(for eksempel 127.0.0.1 eller 10.0.0.0/24)."
            ) from error
    return tuple(proxies)


def _is_proxy(peer: str | None, proxies) -> bool:
    try:
        address = ipaddress.ip_address(peer or "")
    except ValueError:
        return False
    return any(address in network for network in proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies) -> str:
    """The address a request is counted under: the peer, or, when the peer is a trusted
    proxy, the last valid address of its X-Forwarded-For."""
    if not peer or not forwarded_for or not _is_proxy(peer, proxies):
        return peer or "?"
    last = forwarded_for.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return peer


@web.middleware
async def real_client_address(request: web.Request, handler):
    proxies = request.app[PROXIES_KEY]
    if proxies and _is_proxy(request.remote, proxies):
        address = client_address(request.remote, request.headers.get("X-Forwarded-For"), proxies)
        request = request.clone(remote=address)
    return await handler(request)


async def healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def readyz(request: web.Request) -> web.Response:
    settings = request.app[OPS_SETTINGS_KEY]
    checks = health.store_checks(settings.database_url, settings.tracker_url, redis=True)
    ready, body = await health.readiness(checks)
    return web.json_response(body, status=200 if ready else 503)


async def metrics_page(request: web.Request) -> web.Response:
    body, content_type = metrics.exposition()
    response = web.Response(body=body)
    response.headers["Content-Type"] = content_type
    return response


def setup_operations(app: web.Application, settings: Settings) -> None:
    app[OPS_SETTINGS_KEY] = settings
    app[PROXIES_KEY] = trusted_proxies(settings)
    app.middlewares.insert(0, real_client_address)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_page)
