"""What the processes we start get from the settings: the shared secrets (Rasa <-> action
server, web app <-> Rasa's live endpoint) and their environment."""

from __future__ import annotations

import os
import secrets

from bot.settings.base import REPO_DIR, Settings

ACTION_AUTH_ENV = "EDI_ACTION_SECRET"
# The header Rasa sends with every call to the action server (endpoints.yml, action_endpoint).
ACTION_AUTH_HEADER = "X-EDI-Action-Secret"
ACTION_AUTH_FILE = "action_secret"


def action_secret(settings: Settings) -> str:
    """The secret shared by Rasa and the action server: EDI_ACTION_SECRET, else the file
    `action_secret` in the var directory, made (random, 256 bits, mode 0600) on first use."""
    return _shared_secret(settings, ACTION_AUTH_ENV, ACTION_AUTH_FILE)


LIVE_AUTH_ENV = "EDI_LIVE_SECRET"
# The header the web app sends to Rasa's live endpoint (a coordinator's chat message, presence).
LIVE_AUTH_HEADER = "X-EDI-Live-Secret"
LIVE_AUTH_FILE = "live_secret"


def live_secret(settings: Settings) -> str:
    """The secret shared by the web app and Rasa for a coordinator's live chat (bot/rasa/live.py):
    EDI_LIVE_SECRET, else the file `live_secret` in the var directory (made on first use)."""
    return _shared_secret(settings, LIVE_AUTH_ENV, LIVE_AUTH_FILE)


def _shared_secret(settings: Settings, env_name: str, file_name: str) -> str:
    given = os.environ.get(env_name, "").strip()
    if given:
        return given
    path = settings.var_dir / file_name
    for _attempt in range(3):
        try:
            secret = path.read_text(encoding="ascii").strip()
            if secret:
                return secret
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process is making it: read it again
            continue
        secret = secrets.token_urlsafe(32)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secret + "\n")
        return secret
    raise SystemExit(f"{path} er tom eller uleselig. Slett filen, så lages en ny.")


QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONWARNINGS": "ignore",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "LOG_LEVEL_LIBRARIES": "ERROR",
}


def child_env(settings: Settings) -> dict[str, str]:
    """Environment for the processes we start: quiet, and pointing at each other."""
    env = dict(os.environ)
    env.update(QUIET_ENV)
    env.update(
        {
            "EDI_HOST": settings.host,
            "RASA_PORT": str(settings.rasa_port),
            "ACTION_PORT": str(settings.action_port),
            "WEB_PORT": str(settings.web_port),
            "EDI_VAR_DIR": str(settings.var_dir),
            "EDI_MODELS_DIR": str(settings.models_dir),
            "EDI_MAX_MESSAGE_CHARS": str(settings.max_message_chars),
            "EDI_RASA_PROCESSES": str(settings.rasa_processes),
            "EDI_ENDPOINTS": settings.endpoints_file,
        }
    )
    if settings.cors_origins:
        env["EDI_CORS_ORIGINS"] = ",".join(settings.cors_origins)
    if settings.public_url:  # part of the default allow-list (Rasa's socket.io checks it too)
        env["EDI_PUBLIC_URL"] = settings.public_url
    env["ACTION_ENDPOINT_URL"] = settings.action_url
    env[ACTION_AUTH_ENV] = action_secret(settings)
    env[LIVE_AUTH_ENV] = live_secret(settings)
    env["TRACKER_DATABASE_URL"] = settings.tracker_url
    env["SANIC_HOST"] = settings.host
    # One Sanic worker per Rasa process: more processes scale out (deploy/README.md); the
    # socket.io server of one process must see all of that process's connections.
    env["SANIC_WORKERS"] = "1"
    if settings.rasa_entry:
        env["EDI_RASA_URL"] = settings.rasa_entry
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_DIR), env.get("PYTHONPATH")]))
    env.update(settings.extra_env)
    return env
