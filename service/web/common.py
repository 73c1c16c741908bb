"""What every page shares: the templates, the navigation for a role, CSRF checks on forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..auth.roles import ADMIN, AUDITOR, HUB, PANEL, POLICY
from ..auth.secrets import csrf_ok, csrf_token
from ..auth.who import Who
from ..store.users import secret

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
# the templates end in .html.j2, which Jinja's default autoescape (by extension) would leave unescaped
templates.env.autoescape = True
# a decision's escalation routes come joined by "; " (contract section 3): one list item each on a page
templates.env.filters["routes"] = lambda route: [part.strip() for part in (route or "").split("; ") if part.strip()]

# (label, path, roles that see it): one link per job
NAV = [
    ("Front door queue", "/queue", (HUB,)),
    ("New referral", "/referrals/new", (HUB,)),
    ("Panel", "/panel", (PANEL,)),
    ("Policy", "/policy", (POLICY,)),
    ("Audit trail", "/audit", (AUDITOR,)),
    ("Users", "/users", (ADMIN,)),
]


class BadCsrf(Exception):
    """A form's CSRF token is missing, or from another session: 403 and nothing saved."""


def signing_key(request: Request) -> str:
    """The service's key for CSRF tokens, read from the store once per process."""
    key: str | None = getattr(request.app.state, "secret", None)
    if key is None:
        with request.app.state.store.read() as s:
            key = request.app.state.secret = secret(s)
    return key


def check_csrf(request: Request, who: Who, given: str | None) -> None:
    """Refuse a form unless its token was made for this browser's session."""
    if who.cookie is None or not csrf_ok(signing_key(request), who.cookie, given):
        raise BadCsrf()


def render(request: Request, name: str, context: dict[str, Any], who: Who | None, status: int = 200) -> HTMLResponse:
    """A page, with the navigation for the user's role and a CSRF token for its forms."""
    nav = [(label, path) for label, path, roles in NAV if who is not None and who.role in roles]
    csrf = csrf_token(signing_key(request), who.cookie) if who is not None and who.cookie else ""
    ctx = {"who": who, "nav": nav, "csrf": csrf, "path": request.url.path, **context}
    return templates.TemplateResponse(request, name, ctx, status_code=status)
