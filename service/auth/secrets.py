"""Passwords (Argon2), API tokens and session cookies: only hashes are stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# checked against when the name is unknown, so a wrong name takes as long as a wrong password
_DUMMY = _hasher.hash(secrets.token_hex(16))
MIN_PASSWORD = 12


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    """Whether the password is the one hashed (always does the work of one check)."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def new_secret() -> tuple[str, str]:
    """A random token to give out once, and the sha256 kept in its place."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def digest(token: str) -> str:
    """The sha256 of a token, as the store keeps it."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(key: str, session_token: str) -> str:
    """The CSRF token for a browser session: a keyed hash of its cookie, so a stale one fails."""
    return hmac.new(key.encode(), b"csrf\0" + session_token.encode(), hashlib.sha256).hexdigest()


def csrf_ok(key: str, session_token: str, given: str | None) -> bool:
    """Whether a form's CSRF token belongs to this session."""
    return given is not None and hmac.compare_digest(csrf_token(key, session_token), given)
