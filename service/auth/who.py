"""FastAPI dependencies: the user behind a request (an API token or a browser session) and their role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

from ..store.users import by_token, session_user

COOKIE = "continuum_session"


@dataclass(frozen=True)
class Who:
    """The user making a request, and for a browser its session cookie (CSRF tokens are keyed on it)."""

    id: int
    name: str
    role: str
    cookie: str | None = None


class NotLoggedIn(Exception):
    """No valid token or session: 401."""


class Forbidden(Exception):
    """Logged in, but the role may not do this: 403."""

    def __init__(self, who: Who, allowed: tuple[str, ...]):
        self.who, self.allowed = who, allowed
        super().__init__(f"{who.role} may not do this")


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def api_user(*roles: str) -> Callable[[Request], Awaitable[Who]]:
    """A dependency: the API token's user, refused unless their role is one of `roles`."""

    # async, so it runs on the event loop: a token lookup is one indexed read, quicker than a
    # hand-over to the thread pool (and threads queueing for the GIL made the API slow under load)
    async def dependency(request: Request) -> Who:
        token = _bearer(request)
        if token is None:
            raise NotLoggedIn()
        with request.app.state.store.read() as s:
            user = by_token(s, token)
            if user is None:
                raise NotLoggedIn()
            who = Who(user.id, user.name, user.role)
        if who.role not in roles:
            raise Forbidden(who, roles)
        return who

    dependency.roles = roles  # type: ignore[attr-defined]  # read by the API reference (x-roles)
    return dependency


def browser_user(request: Request) -> Who | None:
    """The user a browser's session cookie belongs to, or None."""
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    with request.app.state.store.read() as s:
        user = session_user(s, cookie)
        return Who(user.id, user.name, user.role, cookie) if user is not None else None


def page_user(*roles: str) -> Callable[[Request], Who]:
    """A dependency: the logged-in browser's user, refused unless their role is one of `roles`."""

    def dependency(request: Request) -> Who:
        who = browser_user(request)
        if who is None:
            raise NotLoggedIn()
        if who.role not in roles:
            raise Forbidden(who, roles)
        return who

    return dependency
