"""Signing in and out, and each role's start page."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..auth.secrets import csrf_ok, csrf_token, password_matches
from ..auth.who import COOKIE, browser_user
from ..store.audit import append
from ..store.users import by_name, end_session, recent_failures, start_session
from .common import NAV, check_csrf, render, signing_key

router = APIRouter(include_in_schema=False)
PRE = "continuum_login"  # before signing in, a form's CSRF token is keyed on this cookie


def cookie_options(max_age: int | None = None) -> dict:
    """Session cookies: never readable by scripts, sent only over HTTPS, and only to this site."""
    return {"httponly": True, "secure": True, "samesite": "strict", "path": "/", "max_age": max_age}


def login_page(
    request: Request, status: int = 200, next_path: str = "/", errors: dict | None = None, name: str = ""
) -> Response:
    """The sign-in form, with a CSRF token for this browser."""
    pre = request.cookies.get(PRE) or secrets.token_urlsafe(24)
    ctx = {
        "next": next_path,
        "errors": errors or {},
        "name": name,
        "login_csrf": csrf_token(signing_key(request), "login\0" + pre),
    }
    if errors:
        ctx["error_summary"] = [(k, v) for k, v in errors.items()]
    response = render(request, "login.html.j2", ctx, None, status)
    response.set_cookie(PRE, pre, **cookie_options())
    return response


def _safe_next(path: str) -> str:
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in page."""
    return login_page(request, next_path=_safe_next(next))


@router.post("/login")
def login(
    request: Request,
    name: str = Form("", max_length=64),
    password: str = Form("", max_length=200),
    csrf_token: str = Form("", max_length=100),
    next: str = Form("/", max_length=200),
) -> Response:
    """Check the name and password; too many failures for a name lock it for a while."""
    settings = request.app.state.settings
    store = request.app.state.store
    pre = request.cookies.get(PRE, "")
    if not pre or not csrf_ok(signing_key(request), "login\0" + pre, csrf_token):
        return login_page(request, 403, _safe_next(next), {"name": "The form was out of date: sign in again"}, name)
    errors = {}
    if not name:
        errors["name"] = "Enter your user name"
    if not password:
        errors["password"] = "Enter your password"
    if errors:
        return login_page(request, 400, _safe_next(next), errors, name)
    with store.read() as s:
        if recent_failures(s, name, settings.throttle_minutes) >= settings.login_failures:
            msg = f"Too many failed attempts: wait {settings.throttle_minutes} minutes and try again"
            return login_page(request, 429, _safe_next(next), {"name": msg}, name)
        user = by_name(s, name)
        ok = password_matches(user.password_hash if user else None, password)
    if not ok or user is None:
        with store.write() as s:
            # the name is kept only when it is a real user's, so a mistyped password is never logged
            append(s, "anonymous", "login_failed", name if user else "unknown user", {}, {})
        return login_page(request, 401, _safe_next(next), {"password": "The user name or password is wrong"}, name)
    with store.write() as s:
        cookie = start_session(s, user, settings.session_hours)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, cookie, **cookie_options(settings.session_hours * 3600))
    response.delete_cookie(PRE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("", max_length=100)) -> Response:
    """End this browser's session."""
    who = browser_user(request)
    if who is not None and who.cookie:
        check_csrf(request, who, csrf_token)
        with request.app.state.store.write() as s:
            end_session(s, who.cookie)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/")
def home(request: Request) -> Response:
    """Each role's first page."""
    who = browser_user(request)
    if who is None:
        return login_page(request)
    first = next(path for _, path, roles in NAV if who.role in roles)
    return RedirectResponse(first, status_code=303)
