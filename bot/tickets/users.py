"""Coordinator accounts and inbox sessions.

Passwords are hashed with argon2 (argon2-cffi). After `MAX_FAILED_ATTEMPTS` wrong passwords in
a row an account is locked for `LOCK_MINUTES`; while locked even the right password is refused.
A failure is counted with one `UPDATE … SET failed_attempts = failed_attempts + 1` and read back
in the same transaction (the UPDATE holds the row's write lock until the commit, on SQLite and
PostgreSQL alike), and the lock-out is decided from that value: parallel attempts cannot lose a
count. A right password only resets the count if the account is not locked at that moment.

Unknown usernames are counted the same way, in `login_failure` under the SHA-256 of the name
(never the typed text), and lock the same way: the answer, its status and its timing (a dummy
argon2 check) do not tell whether an account exists.

Sessions live in the database: the browser holds a random token, the table holds only its
SHA-256, the user, a per-session CSRF token and an absolute expiry time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, DateTime, Integer, String, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.database import init_db
from bot.tickets.models import ROLES, Base, Coordinator, utcnow
from knowledge.database import get_engine, session_scope

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
FORGET_UNKNOWN_AFTER = dt.timedelta(days=1)  # rows of unknown names without a lock
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}\Z")

HASHER = PasswordHasher()
_dummy_hash: str | None = None


class UserError(Exception):
    """A user cannot be created or changed; the message is Norwegian."""


class InboxSession(Base):
    __tablename__ = "inbox_session"

    id = Column(Integer, primary_key=True, autoincrement=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    username = Column(String(80), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False, index=True)


class LoginFailure(Base):
    """Failed logins with a username that has no account: counted and locked like an account,
    so that only the password, never the answer, tells whether the account exists."""

    __tablename__ = "login_failure"

    name_hash = Column(String(64), primary_key=True)
    failed_attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)
    updated_at = Column(DateTime, nullable=False, default=utcnow, index=True)


@dataclass(frozen=True)
class InboxUser:
    """Who is logged in, what they may see, and the CSRF token of their session."""

    username: str
    role: str
    queues: tuple[str, ...]
    csrf_token: str


@dataclass(frozen=True)
class LoginResult:
    status: str  # "ok", "bad" (wrong username or password) or "locked"
    username: str = ""


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Passordet må ha minst {MIN_PASSWORD_LENGTH} tegn.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"Passordet kan ha høyst {MAX_PASSWORD_LENGTH} tegn.")


def add_user(username: str, password: str, role: str, url: str | None = None) -> Coordinator:
    username = normalise_username(username)
    if not USERNAME_PATTERN.match(username):
        raise UserError(
            "Brukernavnet må ha 2–80 tegn: små bokstaver a–z, sifre, punktum, bindestrek "
            "eller understrek."
        )
    if role not in ROLES:
        raise UserError(f"Ukjent rolle «{role}». Velg en av: {', '.join(ROLES)}.")
    _check_password(password)
    init_db(url)
    password_hash = HASHER.hash(password)
    with session_scope(url) as session:
        exists = session.execute(
            select(Coordinator.id).where(Coordinator.username == username)
        ).first()
        if exists:
            raise UserError(f"Brukeren «{username}» finnes allerede.")
        user = Coordinator(username=username, password_hash=password_hash, role=role)
        session.add(user)
    return user


def list_users(url: str | None = None) -> list[Coordinator]:
    init_db(url)
    with session_scope(url) as session:
        return list(session.execute(select(Coordinator).order_by(Coordinator.username)).scalars())


def remove_user(username: str, url: str | None = None) -> bool:
    """Delete the account and end its sessions. False when there was no such user."""
    username = normalise_username(username)
    init_db(url)
    with session_scope(url) as session:
        removed = session.execute(delete(Coordinator).where(Coordinator.username == username))
        session.execute(delete(InboxSession).where(InboxSession.username == username))
        return removed.rowcount > 0


def unlock_user(username: str, url: str | None = None) -> bool:
    username = normalise_username(username)
    init_db(url)
    with session_scope(url) as session:
        user = session.execute(
            select(Coordinator).where(Coordinator.username == username)
        ).scalar_one_or_none()
        if user is None:
            return False
        user.failed_attempts = 0
        user.locked_until = None
        return True


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = HASHER.hash(secrets.token_urlsafe(16))
    return _dummy_hash


def prepare() -> None:
    """Make the dummy hash now, so the first unknown name is not slower than the rest."""
    _dummy()


def _spend_time_like_a_check(password: str) -> None:
    """Unknown usernames take as long as wrong passwords, so timing does not tell them apart."""
    _verify(_dummy(), password)


@dataclass(frozen=True)
class _Counter:
    """The failure count of one login name: an account's row, or an unknown name's row."""

    table: object
    key: object  # the key column
    value: str
    known: bool

    def _where(self):
        return self.key == self.value

    def locked(self, engine, now: dt.datetime) -> bool:
        """Locked now? An expired lock is lifted (and its count cleared) on the way."""
        with engine.begin() as connection:
            row = connection.execute(select(self.table.c.locked_until).where(self._where())).first()
            if row is None or row.locked_until is None:
                return False
            if row.locked_until > now:
                return True
            connection.execute(
                update(self.table)
                .where(self._where(), self.table.c.locked_until <= now)
                .values(failed_attempts=0, locked_until=None)
            )
            return False

    def count_failure(self, engine, now: dt.datetime) -> str:
        """One more failure, counted atomically; "locked" when this count reaches the limit."""
        c = self.table.c
        values = {"failed_attempts": c.failed_attempts + 1}
        if not self.known:
            values["updated_at"] = now
        for _attempt in range(3):
            with engine.begin() as connection:
                # The UPDATE takes the row's write lock until the commit: no other attempt
                # can count between it and the read below.
                changed = connection.execute(
                    update(self.table).where(self._where()).values(**values)
                ).rowcount
                if changed:
                    failed, locked_until = connection.execute(
                        select(c.failed_attempts, c.locked_until).where(self._where())
                    ).one()
                    if failed < MAX_FAILED_ATTEMPTS:
                        return "bad"
                    if locked_until is None or locked_until <= now:
                        connection.execute(
                            update(self.table)
                            .where(self._where())
                            .values(locked_until=now + dt.timedelta(minutes=LOCK_MINUTES))
                        )
                    return "locked"
                if self.known:  # the account was removed meanwhile
                    return "bad"
            try:  # first failure of an unknown name: its row
                with engine.begin() as connection:
                    connection.execute(
                        delete(self.table).where(
                            c.updated_at < now - FORGET_UNKNOWN_AFTER,
                            or_(c.locked_until.is_(None), c.locked_until <= now),
                        )
                    )
                    connection.execute(
                        insert(self.table).values(
                            name_hash=self.value, failed_attempts=1, updated_at=now
                        )
                    )
                return "bad"
            except IntegrityError:
                continue  # a parallel attempt made the row: count on it
        return "bad"

    def reset_unless_locked(self, engine, now: dt.datetime) -> bool:
        """After a right password: clear the count, unless a parallel attempt locked the
        account meanwhile (then False: the login is refused)."""
        c = self.table.c
        with engine.begin() as connection:
            changed = connection.execute(
                update(self.table)
                .where(self._where(), or_(c.locked_until.is_(None), c.locked_until <= now))
                .values(failed_attempts=0, locked_until=None)
            ).rowcount
        return changed > 0


def authenticate(
    username: str, password: str, url: str | None = None, now: dt.datetime | None = None
) -> LoginResult:
    """Check a login attempt and count failures; locks the name after too many. Unknown
    names get the same answers as accounts ("bad", after five "locked")."""
    username = normalise_username(username)
    now = now or utcnow()
    if not username or not password or len(password) > MAX_PASSWORD_LENGTH:
        return LoginResult("bad")
    init_db(url)
    engine = get_engine(url)
    with engine.connect() as connection:
        user = connection.execute(
            select(Coordinator.password_hash).where(Coordinator.username == username)
        ).first()
    if user is None:
        table = LoginFailure.__table__
        counter = _Counter(table, table.c.name_hash, _token_hash(username), known=False)
    else:
        table = Coordinator.__table__
        counter = _Counter(table, table.c.username, username, known=True)
    if counter.locked(engine, now):
        return LoginResult("locked")
    if user is None:
        _spend_time_like_a_check(password)
        return LoginResult(counter.count_failure(engine, now))
    if not _verify(user.password_hash, password):
        return LoginResult(counter.count_failure(engine, now))
    if not counter.reset_unless_locked(engine, now):
        return LoginResult("locked")
    if HASHER.check_needs_rehash(user.password_hash):
        with engine.begin() as connection:
            connection.execute(
                update(Coordinator.__table__)
                .where(Coordinator.username == username)
                .values(password_hash=HASHER.hash(password))
            )
    return LoginResult("ok", username)


def start_session(
    username: str, hours: int, url: str | None = None, now: dt.datetime | None = None
) -> str:
    """A new session for a user who just logged in; returns the token for the cookie."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    init_db(url)
    with session_scope(url) as session:
        session.execute(delete(InboxSession).where(InboxSession.expires_at <= now))
        session.add(
            InboxSession(
                token_hash=_token_hash(token),
                username=normalise_username(username),
                csrf_token=secrets.token_urlsafe(32),
                created_at=now,
                expires_at=now + dt.timedelta(hours=hours),
            )
        )
    return token


def session_user(
    token: str | None, url: str | None = None, now: dt.datetime | None = None
) -> InboxUser | None:
    """The logged-in user for a session token, or None (no, unknown or expired session, or
    the account was removed)."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    init_db(url)
    with session_scope(url) as session:
        row = session.execute(
            select(InboxSession, Coordinator)
            .join(Coordinator, Coordinator.username == InboxSession.username)
            .where(InboxSession.token_hash == _token_hash(token))
        ).first()
        if row is None:
            return None
        inbox_session, user = row
        if inbox_session.expires_at <= now or user.role not in ROLES:
            session.delete(inbox_session)
            return None
        return InboxUser(
            username=user.username,
            role=user.role,
            queues=tuple(ROLES[user.role]),
            csrf_token=inbox_session.csrf_token,
        )


def end_session(token: str | None, url: str | None = None) -> None:
    if not token:
        return
    init_db(url)
    with session_scope(url) as session:
        session.execute(delete(InboxSession).where(InboxSession.token_hash == _token_hash(token)))
