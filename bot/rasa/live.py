"""socket.io across processes: any Rasa process, and the web app, can send to any widget.

With `session_persistence: true` (credentials.yml) every widget's socket is in a room named
after its session id (the conversation's sender id), so "send to this conversation" is "emit to
that room". Within one process that is python-socketio's own bookkeeping; across processes its
`AsyncRedisManager` publishes every emit on a Redis channel, and each process's server delivers
it to the sockets it holds. So when Redis is configured (`EDI_REDIS_URL`, or the lock store's
`REDIS_HOST`/`REDIS_PORT`):

- every Rasa process's socket.io server uses the manager (`share_across_processes`), so a reply
  reaches the widget whichever process answered, and a widget that reconnects to another
  process (one stopped, nginx chose another) keeps its conversation;
- the web app holds a write-only manager (`LiveSender`), so it can send to a widget connected
  to any Rasa process (for a coordinator's live reply: `await app[LIVE_KEY].send(...)`).

Without Redis (one process, `make run`) the server keeps its in-memory manager and the web app
has no sender; it reaches the widget through that process's live endpoint instead
(`RasaLiveLink`: loopback only, shared secret; bot/rasa/channels.py).

A coordinator's live reply (bot/web/case_reply.py) uses the web app's live link,
`app[LINK_KEY]`: `present(session_id)` (is a widget of the conversation connected? kept by the
channel in `Presence`, in Redis sets across processes) and `send(session_id, message)` with
`human_message` ("Veileder Kari" writes) or `live_notice` (a person has the chat / the
assistant again / the answer went to the case).

The manager exchanges pickled messages over Redis: Redis must be reachable only by these
processes (a private network, `requirepass`; deploy/README.md).
"""

from __future__ import annotations

import logging
import secrets

import aiohttp
from aiohttp import web

from bot.ops.health import redis_url
from bot.settings import LIVE_AUTH_HEADER, Settings, live_secret

logger = logging.getLogger(__name__)

CHANNEL = "edi-socketio"  # the Redis pub/sub channel all processes share
BOT_MESSAGE_EVENT = "bot_uttered"  # credentials.yml: bot_message_evt
LIVE_PATH = "/webhooks/socketio/live"  # the Rasa process's endpoint (bot/rasa/channels.py)


def share_across_processes(sio, url: str | None = None) -> bool:
    """Give a socket.io server (Rasa's, built with fixed arguments) the Redis manager; True when
    Redis is configured. python-socketio keeps the manager in `server.manager` and initialises
    it on the first connection, so setting it before any connection equals passing
    `client_manager=` to the constructor."""
    url = url or redis_url()
    if not url:
        return False
    import socketio

    if sio.manager_initialized:
        raise RuntimeError("the socket.io server already has clients; set the manager first")
    manager = socketio.AsyncRedisManager(url, channel=CHANNEL, logger=logger)
    sio.manager = manager
    manager.set_server(sio)
    return True


class LiveSender:
    """Sends to a widget's conversation from outside the Rasa processes (write-only manager)."""

    def __init__(self, url: str) -> None:
        import socketio

        self.manager = socketio.AsyncRedisManager(
            url, channel=CHANNEL, write_only=True, logger=logger
        )

    async def send(self, session_id: str, message: dict) -> None:
        """Emit `message` (what the widget renders: text, quick_replies, …) to every socket of
        the conversation `session_id`, on whichever Rasa process it is connected."""
        await self.manager.emit(BOT_MESSAGE_EVENT, message, room=session_id, namespace="/")

    async def close(self) -> None:
        await self.manager.redis.close()


LIVE_KEY = web.AppKey("live_sender", LiveSender)

# -- presence: is a widget of this conversation connected? ------------------------------------
PRESENCE_KEY = "edi-presence:"  # + session id: a Redis set of "<process>:<sid>"
PRESENCE_TTL_SECONDS = 12 * 3600  # a safety net for a process that died with sockets open


class Presence:
    """Which conversations have a widget connected: this process's sockets, and with Redis
    every process's (a set per conversation, one member per socket). Kept by the socket.io
    channel (`joined` on session_request, `left` on disconnect). A Redis failure never breaks
    the chat: the conversation then counts as not present (the reply goes by e-mail)."""

    def __init__(self, url: str | None = None) -> None:
        self.sockets: dict[str, set[str]] = {}
        self.session_of: dict[str, str] = {}
        self.process = secrets.token_hex(4)
        self.redis = None
        if url:
            import redis.asyncio

            self.redis = redis.asyncio.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    async def joined(self, sid: str, session_id: str) -> None:
        await self.left(sid)
        self.session_of[sid] = session_id
        self.sockets.setdefault(session_id, set()).add(sid)
        if self.redis is not None:
            try:
                key = PRESENCE_KEY + session_id
                await self.redis.sadd(key, f"{self.process}:{sid}")
                await self.redis.expire(key, PRESENCE_TTL_SECONDS)
            except Exception:  # noqa: BLE001 - presence is a hint, never a failure
                logger.warning("presence not stored in Redis")

    async def left(self, sid: str) -> None:
        session_id = self.session_of.pop(sid, None)
        if session_id is None:
            return
        sids = self.sockets.get(session_id, set())
        sids.discard(sid)
        if not sids:
            self.sockets.pop(session_id, None)
        if self.redis is not None:
            try:
                await self.redis.srem(PRESENCE_KEY + session_id, f"{self.process}:{sid}")
            except Exception:  # noqa: BLE001
                logger.warning("presence not removed in Redis")

    async def is_present(self, session_id: str) -> bool:
        if self.sockets.get(session_id):
            return True
        return await redis_present(self.redis, session_id)


async def redis_present(client, session_id: str) -> bool:
    if client is None:
        return False
    try:
        return bool(await client.scard(PRESENCE_KEY + session_id))
    except Exception:  # noqa: BLE001
        logger.warning("presence not read from Redis")
        return False


# -- the web app's side: send a coordinator's message, ask for presence -------------------------
def human_message(text: str, label: str) -> dict:
    """A coordinator's message as the widget receives it (`edi_human` marks who writes)."""
    return {"text": text, "edi_human": {"label": label}}


def live_notice(state: str, label: str = "") -> dict:
    """A change of who answers: "start" (a person writes now), "end" (the assistant again),
    "waiting" (the person's answer went to the coordinator, who answers later)."""
    return {"edi_live": {"state": state, "label": label}}


class RasaLiveLink:
    """One Rasa process without Redis (`make run`): its loopback-only live endpoint
    (`/webhooks/socketio/live`, bot/rasa/channels.py), with the shared secret."""

    def __init__(self, rasa_url: str, secret: str, timeout: float = 3.0) -> None:
        self.base = rasa_url.rstrip("/") + LIVE_PATH
        self.headers = {LIVE_AUTH_HEADER: secret}
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    async def present(self, session_id: str) -> bool:
        try:
            async with aiohttp.ClientSession(timeout=self.timeout) as client:
                async with client.get(f"{self.base}/{session_id}", headers=self.headers) as r:
                    return r.status == 200 and bool((await r.json()).get("present"))
        except (aiohttp.ClientError, TimeoutError, ValueError):
            logger.warning("live endpoint unreachable (presence)")
            return False

    async def send(self, session_id: str, message: dict) -> bool:
        body = {"session_id": session_id, "message": message}
        try:
            async with aiohttp.ClientSession(timeout=self.timeout) as client:
                async with client.post(self.base, json=body, headers=self.headers) as r:
                    return r.status == 200
        except (aiohttp.ClientError, TimeoutError):
            logger.warning("live endpoint unreachable (send)")
            return False

    async def close(self) -> None:
        return None


class RedisLiveLink:
    """Several Rasa processes with Redis: emit through the write-only manager (LiveSender),
    presence from the Redis sets the processes keep."""

    def __init__(self, sender: LiveSender, url: str) -> None:
        import redis.asyncio

        self.sender = sender
        self.redis = redis.asyncio.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    async def present(self, session_id: str) -> bool:
        return await redis_present(self.redis, session_id)

    async def send(self, session_id: str, message: dict) -> bool:
        try:
            await self.sender.send(session_id, message)
        except Exception:  # noqa: BLE001 - the coordinator gets a message, not a traceback
            logger.warning("live message not published to Redis")
            return False
        return True

    async def close(self) -> None:
        await self.redis.close()  # the sender is the app's LiveSender, closed with it


LINK_KEY = web.AppKey("live_link", object)


def setup_live(app: web.Application, settings: Settings | None = None) -> None:
    """Give the web app a LiveSender when Redis is configured (app[LIVE_KEY]; absent else), and
    a live link (app[LINK_KEY]): Redis when configured, else the one Rasa process's endpoint."""
    url = redis_url()

    async def _open(app: web.Application) -> None:
        if url:
            app[LIVE_KEY] = LiveSender(url)
            app[LINK_KEY] = RedisLiveLink(app[LIVE_KEY], url)
        elif settings is not None:
            app[LINK_KEY] = RasaLiveLink(settings.rasa_url, live_secret(settings))

    async def _close(app: web.Application) -> None:
        if LIVE_KEY in app:
            await app[LIVE_KEY].close()
        if LINK_KEY in app:
            await app[LINK_KEY].close()

    app.on_startup.append(_open)
    app.on_cleanup.append(_close)
