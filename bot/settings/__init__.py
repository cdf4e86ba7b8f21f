"""All settings come from environment variables, with safe defaults (loopback only). One
package, one path: `environment.py` reads the variables, `base.py` holds `Settings` and
`load_settings()`, `children.py` the secrets and environment of the processes we start."""

from bot.settings.base import REPO_DIR, Settings, load_settings, origin_of
from bot.settings.children import (
    ACTION_AUTH_ENV,
    ACTION_AUTH_FILE,
    ACTION_AUTH_HEADER,
    LIVE_AUTH_ENV,
    LIVE_AUTH_FILE,
    LIVE_AUTH_HEADER,
    QUIET_ENV,
    action_secret,
    child_env,
    live_secret,
)
from bot.settings.environment import (
    env_content_dir,
    env_database_url,
    env_seeds_dir,
    env_sqlite_busy_timeout,
)

__all__ = [
    "ACTION_AUTH_ENV",
    "ACTION_AUTH_FILE",
    "ACTION_AUTH_HEADER",
    "LIVE_AUTH_ENV",
    "LIVE_AUTH_FILE",
    "LIVE_AUTH_HEADER",
    "QUIET_ENV",
    "REPO_DIR",
    "Settings",
    "action_secret",
    "child_env",
    "env_content_dir",
    "env_database_url",
    "env_seeds_dir",
    "env_sqlite_busy_timeout",
    "live_secret",
    "load_settings",
    "origin_of",
]
