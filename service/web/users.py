"""Users, for admins: the list, adding one (their API token shown once), and deactivating one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from ..auth.roles import ADMIN, ROLES
from ..auth.secrets import MIN_PASSWORD
from ..auth.who import Who, page_user
from ..staff import Refused, add, deactivate, everyone
from .common import check_csrf, render

router = APIRouter(include_in_schema=False)
FIELDS = ("name", "role", "password")


def _list(
    request: Request, who: Who, errors: dict[str, str] | None = None, form: dict[str, Any] | None = None, **extra: Any
) -> Response:
    errors = errors or {}
    people = everyone(request.app.state.store)
    ctx = {
        "title": "Users",
        "people": people,
        "roles": ROLES,
        "min_password": MIN_PASSWORD,
        "errors": errors,
        "error_summary": [(f, errors[f]) for f in FIELDS if f in errors],
        "form": form or {"name": "", "role": ""},
        **extra,
    }
    return render(request, "users.html.j2", ctx, who, 400 if errors else 200)


@router.get("/users")
def users(request: Request, removed: str = "", who: Who = Depends(page_user(ADMIN))) -> Response:
    """Everyone who may use the service, with their roles, and the form to add someone."""
    gone = None
    if removed.isdigit():
        gone = next((p.name for p in everyone(request.app.state.store) if p.id == int(removed)), None)
    return _list(request, who, removed=gone)


@router.post("/users")
def add_user(
    request: Request,
    csrf_token: str = Form("", max_length=100),
    name: str = Form("", max_length=200),
    role: str = Form("", max_length=32),
    password: str = Form("", max_length=1000),
    who: Who = Depends(page_user(ADMIN)),
) -> Response:
    """Add the user and show their API token, once: the page is the only place it is ever shown."""
    check_csrf(request, who, csrf_token)
    name = name.strip()
    try:
        token = add(request.app.state.store, who, name, role, password)
    except Refused as exc:
        return _list(request, who, exc.problems, {"name": name, "role": role})
    # answered here rather than after a redirect, so the token is never kept anywhere to show later
    ctx = {"title": f"User {name} added", "name": name, "role": role, "token": token}
    return render(request, "user_added.html.j2", ctx, who, 201)


def _person(request: Request, user_id: int):
    found = next((p for p in everyone(request.app.state.store) if p.id == user_id and p.active), None)
    if found is None:
        raise HTTPException(404, f"There is no active user {user_id}.")
    return found


@router.get("/users/{user_id}/deactivate")
def confirm(request: Request, user_id: int, who: Who = Depends(page_user(ADMIN))) -> Response:
    """Ask before stopping someone using the service."""
    person = _person(request, user_id)
    ctx = {"title": f"Deactivate {person.name}", "person": person, "self": person.id == who.id}
    return render(request, "user_deactivate.html.j2", ctx, who)


@router.post("/users/{user_id}/deactivate")
def deactivate_user(
    request: Request, user_id: int, csrf_token: str = Form("", max_length=100), who: Who = Depends(page_user(ADMIN))
) -> Response:
    """Deactivate the user (never yourself) and end their sessions."""
    check_csrf(request, who, csrf_token)
    try:
        deactivate(request.app.state.store, who, user_id)
    except Refused as exc:
        msg = exc.problems["user"]
        return render(request, "error.html.j2", {"title": "Cannot deactivate this user", "message": msg}, who, 400)
    return RedirectResponse(f"/users?removed={user_id}", status_code=303)
