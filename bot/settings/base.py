"""All settings come from environment variables, with safe defaults (loopback only)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_DIR = Path(__file__).resolve().parent.parent.parent


from bot.settings.environment import (  # noqa: E402
    _bool,
    _int,
    _lenient_int,
    _list,
    _redis_url,
    _str,
    env_database_url,
)

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
    max_message_chars: int = 2000
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
