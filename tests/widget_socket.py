"""A widget's socket.io connection, as bot/web/static/widget/widget.js makes it: a websocket
(or long polling, where websockets are blocked), `session_request` with the conversation's session id (again after every
reconnect), then `user_uttered` {message, session_id}; replies arrive as `bot_uttered`.

python-socketio's threaded client (websocket-client underneath; the asyncio client of the
pinned python-engineio needs a newer aiohttp than Rasa allows)."""

from __future__ import annotations

import queue
import threading
import uuid

import requests
import socketio


class WidgetSocket:
    """`url`: the widget page's origin, where socket.io is reached too (behind nginx); the
    websocket client sends it as the Origin header, like a browser on that page."""

    def __init__(
        self, url: str, cafile: str | None = None, session_id=None, transports=("websocket",)
    ):
        self.url = url
        self.transports = list(transports)
        self.session_id = session_id or uuid.uuid4().hex
        self.replies: queue.Queue = queue.Queue()
        self.confirmed = threading.Event()
        http = requests.Session()
        http.verify = cafile or True  # the entry point's certificate as the only authority
        http.trust_env = False  # else REQUESTS_CA_BUNDLE would replace it
        self.sio = socketio.Client(
            reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2, http_session=http
        )
        self.sio.on("connect", self._connected)
        self.sio.on("disconnect", self.confirmed.clear)
        self.sio.on("session_confirm", lambda _data: self.confirmed.set())
        self.sio.on("bot_uttered", self.replies.put)

    def _connected(self) -> None:
        self.confirmed.clear()
        self.sio.emit("session_request", {"session_id": self.session_id})

    def open(self, timeout: float = 30.0) -> WidgetSocket:
        self.sio.connect(self.url, transports=self.transports, wait_timeout=timeout)
        if not self.confirmed.wait(timeout):
            raise TimeoutError("no session_confirm")
        return self

    def say(self, text: str) -> None:
        self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id})

    def collect(self, first: float = 60.0, quiet: float = 1.5) -> list[dict]:
        """The replies that arrive: waits up to `first` s for one, then until `quiet` s pass
        without another."""
        replies = [self.replies.get(timeout=first)]
        while True:
            try:
                replies.append(self.replies.get(timeout=quiet))
            except queue.Empty:
                return replies

    def close(self) -> None:
        self.sio.disconnect()


def text_of(replies: list[dict]) -> str:
    return "\n".join(str(reply.get("text") or "") for reply in replies)
