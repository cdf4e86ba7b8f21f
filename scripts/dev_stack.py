"""A throwaway stack for trying messages by hand: `python scripts/dev_stack.py [rasa_port]`.

Starts the action server, Rasa and the web app on loopback with their data in a temporary
directory (the knowledge database is var/edi.db, built by `make knowledge`), prints the Rasa URL
and runs until Ctrl-C. Ask it with `python scripts/dev_stack.py say URL "melding" ...`: every
message goes to one conversation, one after another, and the replies are printed.
"""

from __future__ import annotations

import json
import signal
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def say(url: str, messages: list[str]) -> None:
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit("say: a loopback http URL, as `serve` prints it")
    sender = f"dev-{uuid.uuid4().hex[:8]}"
    for message in messages:
        body = json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback http, checked above
            url + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            replies = json.loads(response.read())
        print(f"> {message}")
        for reply in replies:
            buttons = " | ".join(b.get("title", "") for b in reply.get("buttons") or [])
            print("  " + (reply.get("text") or "").replace("\n", "\n  "))
            if buttons:
                print(f"  [{buttons}]")


def serve(rasa_port: int) -> None:
    from bot.processes import Stack
    from bot.settings import Settings

    var_dir = Path(tempfile.mkdtemp(prefix="edi-dev-"))
    settings = Settings(
        rasa_port=rasa_port,
        action_port=rasa_port + 50,
        web_port=rasa_port + 3000,
        var_dir=var_dir,
        extra_env={"EDI_COOKIE_SECURE": "false"},
    )

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # `kill` stops the three servers too
    stack = Stack(settings)
    stack.start(timeout=240, report=lambda line: None)
    print(settings.rasa_url, flush=True)
    try:
        while (exited := stack.first_exited()) is None:
            time.sleep(1)
        print(f"{exited.name} stopped:\n{exited.log_tail()}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "say":
        say(sys.argv[2], sys.argv[3:])
    else:
        serve(int(sys.argv[1]) if len(sys.argv) > 1 else 5105)
