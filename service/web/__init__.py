"""The pages, rendered on the server: plain HTML forms that work by keyboard and without JavaScript."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every page's router, in the order they are matched."""
    from . import audit, docs, hub, login, panel, policy, users

    return [login.router, docs.router, hub.router, panel.router, policy.router, audit.router, users.router]
