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

Without Redis (one process, `make run`) nothing changes: the server keeps its in-memory manager
and the web app has no sender.

The manager exchanges pickled messages over Redis: Redis must be reachable only by these
processes (a private network, `requirepass`; deploy/README.md).
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.health import redis_url

logger = logging.getLogger(__name__)

CHANNEL = "edi-socketio"  # the Redis pub/sub channel all processes share
BOT_MESSAGE_EVENT = "bot_uttered"  # credentials.yml: bot_message_evt


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


def setup_live(app: web.Application) -> None:
    """Give the web app a LiveSender when Redis is configured (app[LIVE_KEY]; absent else)."""
    url = redis_url()
    if not url:
        return

    async def _open(app: web.Application) -> None:
        app[LIVE_KEY] = LiveSender(url)

    async def _close(app: web.Application) -> None:
        await app[LIVE_KEY].close()

    app.on_startup.append(_open)
    app.on_cleanup.append(_close)
