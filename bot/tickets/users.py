"""Coordinator accounts and inbox sessions.

Passwords are hashed with argon2 (argon2-cffi). After `MAX_FAILED_ATTEMPTS` wrong passwords in
a row an account is locked for `LOCK_MINUTES`; while locked even the right password is refused.
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
from sqlalchemy import Column, DateTime, Integer, String, delete, select

from bot.tickets.models import ROLES, Base, Coordinator, utcnow
from knowledge.database import get_engine, session_scope

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}\Z")

HASHER = PasswordHasher()
_dummy_hash: str | None = None
_schema_ready: set[str] = set()


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


def create_schema(url: str | None = None) -> None:
    """Create missing tables once per database URL in this process."""
    engine = get_engine(url)
    key = str(engine.url)
    if key not in _schema_ready:
        Base.metadata.create_all(engine)
        _schema_ready.add(key)


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
    create_schema(url)
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
    create_schema(url)
    with session_scope(url) as session:
        return list(session.execute(select(Coordinator).order_by(Coordinator.username)).scalars())


def remove_user(username: str, url: str | None = None) -> bool:
    """Delete the account and end its sessions. False when there was no such user."""
    username = normalise_username(username)
    create_schema(url)
    with session_scope(url) as session:
        removed = session.execute(delete(Coordinator).where(Coordinator.username == username))
        session.execute(delete(InboxSession).where(InboxSession.username == username))
        return removed.rowcount > 0


def unlock_user(username: str, url: str | None = None) -> bool:
    username = normalise_username(username)
    create_schema(url)
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


def _spend_time_like_a_check(password: str) -> None:
    """Unknown usernames take as long as wrong passwords, so timing does not tell them apart."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = HASHER.hash(secrets.token_urlsafe(16))
    _verify(_dummy_hash, password)


def authenticate(
    username: str, password: str, url: str | None = None, now: dt.datetime | None = None
) -> LoginResult:
    """Check a login attempt and count failures; locks the account after too many."""
    username = normalise_username(username)
    now = now or utcnow()
    if not username or not password or len(password) > MAX_PASSWORD_LENGTH:
        return LoginResult("bad")
    create_schema(url)
    with session_scope(url) as session:
        user = session.execute(
            select(Coordinator).where(Coordinator.username == username)
        ).scalar_one_or_none()
        if user is None:
            _spend_time_like_a_check(password)
            return LoginResult("bad")
        if user.locked_until is not None and user.locked_until > now:
            return LoginResult("locked")
        if not _verify(user.password_hash, password):
            user.failed_attempts = (user.failed_attempts or 0) + 1
            if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
                user.failed_attempts = 0
                user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                return LoginResult("locked")
            return LoginResult("bad")
        user.failed_attempts = 0
        user.locked_until = None
        if HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = HASHER.hash(password)
        return LoginResult("ok", username)


def start_session(
    username: str, hours: int, url: str | None = None, now: dt.datetime | None = None
) -> str:
    """A new session for a user who just logged in; returns the token for the cookie."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    create_schema(url)
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
    create_schema(url)
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
    create_schema(url)
    with session_scope(url) as session:
        session.execute(delete(InboxSession).where(InboxSession.token_hash == _token_hash(token)))
