"""All settings come from environment variables, with safe defaults (loopback only)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise SystemExit(f"{name} må være et helt tall, ikke «{value}».") from error


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8080
    var_dir: Path = REPO_DIR / "var"
    models_dir: Path = REPO_DIR / "models"
    model_name: str = "edi"
    rasa_timeout_seconds: float = 10.0
    max_message_chars: int = 1000
    extra_env: dict = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}/webhook"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}/"

    @property
    def model_path(self) -> Path:
        return self.models_dir / f"{self.model_name}.tar.gz"

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "log"


def load_settings() -> Settings:
    """Read `EDI_HOST`, `RASA_PORT`, `ACTION_PORT`, `WEB_PORT`, `EDI_VAR_DIR`, `EDI_MODELS_DIR`."""
    defaults = Settings()
    return Settings(
        host=os.environ.get("EDI_HOST", defaults.host),
        rasa_port=_int("RASA_PORT", defaults.rasa_port),
        action_port=_int("ACTION_PORT", defaults.action_port),
        web_port=_int("WEB_PORT", defaults.web_port),
        var_dir=Path(os.environ.get("EDI_VAR_DIR", defaults.var_dir)),
        models_dir=Path(os.environ.get("EDI_MODELS_DIR", defaults.models_dir)),
        max_message_chars=_int("EDI_MAX_MESSAGE_CHARS", defaults.max_message_chars),
    )


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
        }
    )
    env["ACTION_ENDPOINT_URL"] = settings.action_url
    env["SANIC_HOST"] = settings.host
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_DIR), env.get("PYTHONPATH")]))
    env.update(settings.extra_env)
    return env
