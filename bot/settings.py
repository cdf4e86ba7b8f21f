"""All settings come from environment variables, with safe defaults (loopback only)."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_DIR = Path(__file__).resolve().parent.parent


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


ORIGIN = re.compile(
    r"^https?://[A-Za-z0-9.\-]+(:\d{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?$"
)


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL (the form browsers send in the Origin header)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _origins(name: str) -> tuple[str, ...]:
    origins = tuple(origin.rstrip("/").lower() for origin in _list(name))
    for origin in origins:
        if not ORIGIN.match(origin):
            raise SystemExit(
                f"{name}: «{origin}» er ikke en gyldig origin. Skriv for eksempel "
                "https://www.kommune.no (uten sti), flere skilt med komma."
            )
    return origins


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
    rasa_processes: int = 1
    endpoints_file: str = "endpoints.yml"
    max_message_chars: int = 1000
    # None: knowledge.database's default (DATABASE_URL or sqlite var/edi.db).
    database_url: str | None = None
    # The inbox: session cookies are Secure unless turned off (plain-http local testing).
    cookie_secure: bool = True
    session_hours: int = 8
    # Address people use to reach the web app; the notification e-mail links to its /inbox.
    public_url: str = ""
    ticket_retention_days: int = 90
    # The service level: a case is answered within this many working days (Norwegian public
    # holidays excluded); the person is told the date.
    answer_working_days: int = 2
    # Shown on /personvern; `python -m bot retention` deletes idle conversations after this.
    conversation_retention_days: int = 30
    # Conversations whose stored events the Rasa server keeps in memory (SQLite tracker store
    # only, see bot/rasa/tracker_store.py); 0 turns the cache off.
    tracker_cache_conversations: int = 2000
    # The web widget: origins (scheme://host[:port]) allowed to call /chat and /api/ on the web
    # app and Rasa's socket.io from a browser. Empty: the web app's own origin.
    cors_origins: tuple[str, ...] = ()
    # Address browsers use to reach Rasa's socket.io (behind a proxy). Empty: rasa_url.
    rasa_public_url: str = ""
    # New-ticket e-mail; off unless host, sender and recipients are all set.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_from: str = ""
    notify_to: tuple[str, ...] = ()
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = 10.0
    extra_env: dict = field(default_factory=dict)
    # nginx in front (bot/ops/entry_point.py): `python -m bot run` starts it too.
    nginx: bool = False
    # Where the web app's /chat reaches Rasa's REST channel: nginx's internal listener when
    # several processes run behind it (EDI_RASA_URL); empty: the one Rasa process (rasa_url).
    rasa_entry: str = ""
    # Where Rasa reaches the action server when it is not on this host (EDI_ACTION_URL,
    # http://actions:5055/webhook); empty: http://EDI_HOST:ACTION_PORT/webhook.
    action_endpoint: str = ""
    # A coordinator's later reply (e-mail or SMS) links back to the chat; the link works this
    # many hours (EDI_REPLY_LINK_HOURS).
    reply_link_hours: int = 72
    # SMS for later replies: "module:Class" of a bot.tickets.sms.SmsSender (EDI_SMS_SENDER); empty: no
    # SMS (a phone-only contact is then answered by phone, outside the assistant).
    sms_sender: str = ""
    # Operator knobs read when a Settings is made, also by Settings() in code (tests, tools),
    # so the environment of the moment applies wherever the settings come from.
    # Messages per minute per client IP on the web app's /chat and /api/.
    rate_limit_web_per_ip: int = field(
        default_factory=lambda: int(os.environ.get("EDI_RATE_LIMIT_WEB_PER_IP", "60"))
    )
    # Rasa's channels (bot/rasa/channels.py): messages per minute per sender and per IP.
    rate_limit_per_sender: int = field(
        default_factory=lambda: _lenient_int("EDI_RATE_LIMIT_PER_SENDER", 30)
    )
    rate_limit_per_ip: int = field(
        default_factory=lambda: _lenient_int("EDI_RATE_LIMIT_PER_IP", 600)
    )
    # The inbox login: attempts per minute per IP, password-check threads, waiting logins.
    login_rate_per_ip: int = field(
        default_factory=lambda: _lenient_int("EDI_LOGIN_RATE_PER_IP", 20)
    )
    login_workers: int = field(default_factory=lambda: _lenient_int("EDI_LOGIN_WORKERS", 2))
    login_queue: int = field(default_factory=lambda: _lenient_int("EDI_LOGIN_QUEUE", 8))
    # Addresses/networks whose X-Forwarded-For the web app believes (parsed in bot/web/ops.py).
    trusted_proxies: tuple[str, ...] = field(default_factory=lambda: _list("EDI_TRUSTED_PROXIES"))
    # Redis for socket.io and presence across processes; None: one process, no Redis.
    redis_url: str | None = field(default_factory=_redis_url)
    # Explicit tracker store URL (TRACKER_DATABASE_URL); empty: see tracker_url.
    tracker_database_url: str = field(default_factory=lambda: _str("TRACKER_DATABASE_URL"))
    # `python -m bot user add`: the new password (scripts), else stdin or asked.
    new_password: str = field(
        default_factory=lambda: os.environ.get("EDI_NEW_PASSWORD", ""), repr=False
    )
    # `python -m bot backup`: where it writes (empty: var/backup) and how many it keeps.
    backup_dir: str = field(default_factory=lambda: os.environ.get("EDI_BACKUP_DIR", ""))
    backup_keep: int = field(default_factory=lambda: int(os.environ.get("EDI_BACKUP_KEEP", "14")))
    # Where the review queue writes training examples; empty: data/nlu/review_additions.yml.
    review_nlu_file: str = field(default_factory=lambda: os.environ.get("EDI_REVIEW_NLU_FILE", ""))
    # Rotated logs in var/log/: size of one file in MB and how many old files are kept.
    log_max_mb: int = field(default_factory=lambda: _int("EDI_LOG_MAX_MB", 10))
    log_backups: int = field(default_factory=lambda: _int("EDI_LOG_BACKUPS", 5))

    @property
    def rasa_entry_url(self) -> str:
        return (self.rasa_entry or self.rasa_url).rstrip("/")

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        if self.action_endpoint:  # the action server on another host or container
            return self.action_endpoint
        return f"http://{self.host}:{self.action_port}/webhook"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}/"

    @property
    def inbox_url(self) -> str:
        return (self.public_url or self.web_url).rstrip("/") + "/inbox"

    @property
    def smtp_configured(self) -> bool:
        return bool(self.smtp_host and self.smtp_from and self.notify_to)

    @property
    def smtp_can_send(self) -> bool:
        """E-mail to a person (a coordinator's later reply) needs no coordinator recipients."""
        return bool(self.smtp_host and self.smtp_from)

    @property
    def model_path(self) -> Path:
        return self.models_dir / f"{self.model_name}.tar.gz"

    @property
    def rasa_urls(self) -> list[str]:
        """One URL per Rasa process (ports RASA_PORT, RASA_PORT+1, ...)."""
        return [f"http://{self.host}:{self.rasa_port + i}" for i in range(self.rasa_processes)]

    @property
    def tracker_url(self) -> str:
        """Where conversations are stored: TRACKER_DATABASE_URL, else a PostgreSQL
        DATABASE_URL, else a SQLite file under var/."""
        if self.tracker_database_url:
            return self.tracker_database_url
        if self.database_url and self.database_url.startswith("postgres"):
            return self.database_url
        return f"sqlite:///{self.var_dir / 'tracker.db'}"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """The CORS allow-list: EDI_CORS_ORIGINS, else the web app's own origin(s)."""
        if self.cors_origins:
            return self.cors_origins
        origins = [origin_of(self.web_url)]
        if self.host in ("127.0.0.1", "localhost"):
            origins.append(f"http://localhost:{self.web_port}")
        if self.public_url:
            origins.append(origin_of(self.public_url))
        return tuple(dict.fromkeys(origins))

    @property
    def browser_rasa_url(self) -> str:
        """Where the browser widget reaches Rasa's socket.io."""
        return (self.rasa_public_url or self.rasa_url).rstrip("/")

    @property
    def log_dir(self) -> Path:
        return self.var_dir / "log"


def load_settings() -> Settings:
    """Read `EDI_HOST`, `RASA_PORT`, `ACTION_PORT`, `WEB_PORT`, `EDI_VAR_DIR`, `EDI_MODELS_DIR`,
    `DATABASE_URL`, the inbox settings (`EDI_COOKIE_SECURE`, `EDI_SESSION_HOURS`,
    `EDI_PUBLIC_URL`, `EDI_TICKET_RETENTION_DAYS`) and the e-mail settings (`EDI_SMTP_*`,
    `EDI_NOTIFY_TO`)."""
    defaults = Settings()
    return Settings(
        host=os.environ.get("EDI_HOST", defaults.host),
        rasa_port=_int("RASA_PORT", defaults.rasa_port),
        action_port=_int("ACTION_PORT", defaults.action_port),
        web_port=_int("WEB_PORT", defaults.web_port),
        var_dir=Path(os.environ.get("EDI_VAR_DIR", defaults.var_dir)),
        models_dir=Path(os.environ.get("EDI_MODELS_DIR", defaults.models_dir)),
        max_message_chars=_int("EDI_MAX_MESSAGE_CHARS", defaults.max_message_chars),
        rasa_processes=max(1, _int("EDI_RASA_PROCESSES", defaults.rasa_processes)),
        endpoints_file=os.environ.get("EDI_ENDPOINTS", defaults.endpoints_file),
        database_url=env_database_url(),
        cookie_secure=_bool("EDI_COOKIE_SECURE", defaults.cookie_secure),
        session_hours=_int("EDI_SESSION_HOURS", defaults.session_hours),
        public_url=os.environ.get("EDI_PUBLIC_URL", defaults.public_url).strip(),
        ticket_retention_days=_int("EDI_TICKET_RETENTION_DAYS", defaults.ticket_retention_days),
        answer_working_days=max(0, _int("EDI_ANSWER_WORKING_DAYS", defaults.answer_working_days)),
        conversation_retention_days=_int(
            "EDI_CONVERSATION_RETENTION_DAYS", defaults.conversation_retention_days
        ),
        tracker_cache_conversations=_int("EDI_TRACKER_CACHE", defaults.tracker_cache_conversations),
        cors_origins=_origins("EDI_CORS_ORIGINS"),
        rasa_public_url=os.environ.get("EDI_RASA_PUBLIC_URL", "").strip(),
        smtp_host=os.environ.get("EDI_SMTP_HOST", "").strip(),
        smtp_port=_int("EDI_SMTP_PORT", defaults.smtp_port),
        smtp_from=os.environ.get("EDI_SMTP_FROM", "").strip(),
        notify_to=_list("EDI_NOTIFY_TO"),
        smtp_user=os.environ.get("EDI_SMTP_USER", "").strip(),
        smtp_password=os.environ.get("EDI_SMTP_PASSWORD", ""),
        smtp_starttls=_bool("EDI_SMTP_STARTTLS", defaults.smtp_starttls),
        nginx=_bool("EDI_NGINX", defaults.nginx),
        rasa_entry=os.environ.get("EDI_RASA_URL", "").strip(),
        action_endpoint=os.environ.get("EDI_ACTION_URL", "").strip(),
        reply_link_hours=max(1, _int("EDI_REPLY_LINK_HOURS", defaults.reply_link_hours)),
        sms_sender=os.environ.get("EDI_SMS_SENDER", "").strip(),
    )


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
