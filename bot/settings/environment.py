"""Typed readers of environment variables, for `bot.settings` only (and the four that
knowledge/ takes from here: its database, SQLite lock wait, reports and content folder).
Everything else asks `bot.settings.Settings` / `load_settings()`."""

from __future__ import annotations

import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise SystemExit(f"{name} må være et helt tall, ikke «{value}».") from error


TRUE_WORDS = {"1", "true", "yes", "on", "ja"}
FALSE_WORDS = {"0", "false", "no", "off", "nei"}


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise SystemExit(f"{name} må være true eller false, ikke «{value}».")


def _lenient_int(name: str, default: int) -> int:
    """An operator's tuning knob (rate limits, worker counts): a value that is not a whole
    number falls back to the default instead of stopping the process, as it always has."""
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _redis_url() -> str | None:
    """The Redis of a scaled deployment: EDI_REDIS_URL, else REDIS_HOST[:REDIS_PORT] (the lock
    store's settings, deploy/endpoints-scaled.yml), else None (one process, no Redis)."""
    explicit = _str("EDI_REDIS_URL")
    if explicit:
        return explicit
    host = _str("REDIS_HOST")
    if not host:
        return None
    port = _str("REDIS_PORT", "6379") or "6379"
    return f"redis://{host}:{port}/0"


def _list(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())


# -- read by knowledge/ as well ---------------------------------------------------------------
# knowledge/ imports nothing else from bot/: this module is a leaf (standard library only), so
# the one place that knows the names, defaults and types of the variables is here too for the
# knowledge base's engine, its importer and its content editor.


def env_database_url() -> str | None:
    """`DATABASE_URL`, or None (then knowledge.database's SQLite file under var/)."""
    return _str("DATABASE_URL") or None


def env_sqlite_busy_timeout(default: float = 15.0) -> float:
    """`EDI_SQLITE_BUSY_TIMEOUT`: seconds a SQLite connection waits for a lock."""
    value = _str("EDI_SQLITE_BUSY_TIMEOUT")
    try:
        return float(value) if value else default
    except ValueError as error:
        raise SystemExit(f"EDI_SQLITE_BUSY_TIMEOUT må være et tall, ikke «{value}».") from error


def env_seeds_dir(default: Path) -> Path:
    """`EDI_SEEDS_DIR`: the source reports (default `../shared/seeds`)."""
    return Path(_str("EDI_SEEDS_DIR") or default)


def env_content_dir(default: Path) -> Path:
    """`EDI_CONTENT_DIR`: the YAML content files the content editor writes back."""
    return Path(_str("EDI_CONTENT_DIR") or default)
