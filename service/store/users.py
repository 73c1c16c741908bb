"""Users, their API tokens and their browser sessions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.roles import ROLES
from ..auth.secrets import digest, hash_password, new_secret
from .db import now
from .tables import AuditEntry, Setting, User
from .tables import Session as Login

NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


def name_problem(name: str) -> str | None:
    """Why a user name cannot be used, or None. Names are staff handles, not emails or real names."""
    if not 2 <= len(name) <= 64 or not set(name) <= NAME_CHARS:
        return "use 2 to 64 lower-case letters, digits, dots, dashes or underscores (a staff handle, not an email)"
    return None


def add_user(s: Session, name: str, role: str, password: str | None) -> str:
    """Create a user; returns the API token, which is shown once and never stored."""
    if role not in ROLES:
        raise ValueError(f"unknown role '{role}': one of {', '.join(ROLES)}")
    token, token_hash = new_secret()
    s.add(
        User(
            name=name,
            role=role,
            password_hash=hash_password(password) if password else None,
            token_hash=token_hash,
            created_at=now(),
            active=True,
        )
    )
    return token


def by_name(s: Session, name: str) -> User | None:
    """The active user with this name."""
    return s.scalar(select(User).where(User.name == name, User.active.is_(True)))


def by_token(s: Session, token: str) -> User | None:
    """The active user an API token belongs to."""
    return s.scalar(select(User).where(User.token_hash == digest(token), User.active.is_(True)))


def start_session(s: Session, user: User, hours: int) -> str:
    """A new browser session for the user; returns the cookie's value."""
    token, token_hash = new_secret()
    start = dt.datetime.now(dt.UTC)
    end = (start + dt.timedelta(hours=hours)).isoformat(timespec="microseconds").replace("+00:00", "Z")
    s.add(Login(id=token_hash, user_id=user.id, created_at=now(), expires_at=end))
    return token


def session_user(s: Session, cookie: str) -> User | None:
    """The user a session cookie belongs to, while it has not expired."""
    row = s.get(Login, digest(cookie))
    if row is None or row.expires_at < now():
        return None
    user = s.get(User, row.user_id)
    return user if user is not None and user.active else None


def end_session(s: Session, cookie: str) -> None:
    """Log a browser out."""
    row = s.get(Login, digest(cookie))
    if row is not None:
        s.delete(row)


def secret(s: Session) -> str:
    """The service's own signing key (made by the first migration)."""
    row = s.get(Setting, "secret")
    if row is None:
        raise RuntimeError("the store has no secret: run the migrations")
    return row.value


def recent_failures(s: Session, name: str, minutes: int) -> int:
    """Failed logins for this name in the last `minutes` (from the audit trail)."""
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
    q = select(func.count()).where(
        AuditEntry.action == "login_failed", AuditEntry.subject == name, AuditEntry.at >= since
    )
    return s.scalar(q) or 0
