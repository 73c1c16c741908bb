"""Every endpoint, page and API, with every role and with no login: 401 without, 403 for a role not
allowed, and never a 500. The table below is the access policy; a new endpoint must be added to it."""

from __future__ import annotations

import pytest

from service.store.users import add_user
from service.web import routers

from .conftest import PASSWORD, csrf_of, example

HUB, PANEL, POLICY, AUDITOR, ADMIN = "hub_worker", "panel", "policy", "auditor", "admin"
ROLES = (HUB, PANEL, POLICY, AUDITOR, ADMIN)
PUBLIC = "public"

# (method, path) -> the roles allowed, or PUBLIC
PAGES = {
    ("GET", "/queue"): {HUB},
    ("GET", "/referrals/new"): {HUB},
    ("POST", "/referrals/new"): {HUB},
    ("GET", "/referrals/{referral_id}"): {HUB, PANEL, AUDITOR},
    ("GET", "/referrals/{referral_id}/feedback"): {HUB, PANEL, AUDITOR},
    ("GET", "/referrals/{referral_id}/review"): {HUB},
    ("POST", "/referrals/{referral_id}/review"): {HUB},
    ("GET", "/panel"): {PANEL},
    ("GET", "/panel/{referral_id}"): {PANEL},
    ("POST", "/panel/{referral_id}"): {PANEL},
    ("GET", "/policy"): {POLICY},
    ("GET", "/policy/what-if"): {POLICY},
    ("GET", "/audit"): {AUDITOR},
    ("GET", "/audit/verify"): {AUDITOR},
    ("GET", "/audit/{seq}"): {AUDITOR},
    ("GET", "/users"): {ADMIN},
    ("POST", "/users"): {ADMIN},
    ("GET", "/users/{user_id}/deactivate"): {ADMIN},
    ("POST", "/users/{user_id}/deactivate"): {ADMIN},
    # signing in and out, and the start page, are for everyone (tested in test_foundation.py)
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
}
API = {
    ("POST", "/api/v1/triage"): {HUB},
    ("POST", "/api/v1/referrals"): {HUB},
    ("GET", "/api/v1/referrals"): {HUB, PANEL, AUDITOR},
    ("GET", "/api/v1/referrals/{referral_id}"): {HUB, PANEL, AUDITOR},
    ("POST", "/api/v1/referrals/{referral_id}/reviews"): {HUB},
    ("POST", "/api/v1/referrals/{referral_id}/panel-decision"): {PANEL},
    ("GET", "/api/v1/referrals/{referral_id}/panel-decision"): {HUB, PANEL, AUDITOR},
    ("GET", "/api/v1/audit"): {AUDITOR},
    ("GET", "/api/v1/audit/verify"): {AUDITOR},
    ("GET", "/api/v1/packs"): {POLICY, AUDITOR},
    ("GET", "/api/v1/packs/current/thresholds"): {POLICY},
    ("POST", "/api/v1/what-if"): {POLICY},
}


def _pages_served() -> set[tuple[str, str]]:
    return {(m, r.path) for router in routers() for r in router.routes for m in r.methods if m != "HEAD"}


def test_every_page_and_api_endpoint_is_in_the_access_table(service):
    served_api = {(m.upper(), p) for p, ops in service.app.openapi()["paths"].items() for m in ops}
    assert served_api == set(API), "add the new API endpoints to the access table"
    pages = {k for k in PAGES if k[1] != "/docs" or k in _pages_served()}
    assert _pages_served() == pages, "add the new pages to the access table"


@pytest.fixture
def ids(service):
    made = service.api(HUB).post("/api/v1/referrals", json=example()).json()
    with service.store.write() as s:
        add_user(s, "spare", HUB, PASSWORD)
    with service.store.read() as s:
        from sqlalchemy import text

        spare = s.execute(text("select id from users where name = 'spare'")).scalar()
    return {"referral_id": made["id"], "seq": 1, "user_id": spare}


def _status(client, method: str, path: str, data: dict | None = None, json: dict | None = None) -> int:
    if method == "GET":
        return client.get(path).status_code
    return client.post(path, data=data, json=json).status_code


@pytest.mark.parametrize(("method", "path"), sorted(API))
def test_api_endpoint_with_each_role(service, ids, method, path):
    allowed = API[(method, path)]
    url = path.format(**ids)
    assert _status(service.api(None), method, url, json={}) == 401
    for role in ROLES:
        got = _status(service.api(role), method, url, json={})
        if role in allowed:
            assert got not in (401, 403) and got < 500, f"{role}: {got}"
        else:
            assert got == 403, f"{role} should be refused: {got}"


@pytest.mark.parametrize(("method", "path"), sorted(k for k, v in PAGES.items() if v != PUBLIC))
def test_page_with_each_role(service, ids, method, path):
    allowed = PAGES[(method, path)]
    url = path.format(**ids)
    assert _status(service.browser(None), method, url, data={}) == 401
    for role in ROLES:
        client = service.browser(role)
        data = {}
        if method == "POST":  # a valid form token for this session, so only the role decides the answer
            data = {"csrf_token": csrf_of(client.get("/", follow_redirects=True).text)}
        got = _status(client, method, url, data=data)
        if role in allowed:
            assert got not in (401, 403) and got < 500, f"{role}: {got}"
        else:
            assert got == 403, f"{role} should be refused: {got}"
