"""The service's foundation: signing in, the triage and referral API, refusals, headers, the audit chain."""

from __future__ import annotations

import orjson
from sqlalchemy import text

from service.store.audit import verify

from .conftest import csrf_of, example, no_serious_axe_violations, screenshot, sign_in


def test_triage_decides_and_audits(service):
    r = service.api("hub_worker").post("/api/v1/triage", json=example())
    assert r.status_code == 200, r.text
    assert r.json()["level"]["code"] == 3
    with service.store.read() as s:
        assert verify(s).ok
        row = s.execute(text("select action, actor from audit order by seq desc limit 1")).one()
    assert tuple(row) == ("triage", "hub_worker")


def test_referral_is_kept_and_listed(service):
    c = service.api("hub_worker")
    made = c.post("/api/v1/referrals", json=example())
    assert made.status_code == 201
    got = c.get(f"/api/v1/referrals/{made.json()['id']}").json()
    assert got["profile"] == example() and got["status"] == "awaiting_panel"
    assert [r["id"] for r in c.get("/api/v1/referrals").json()] == [made.json()["id"]]


def test_bad_bodies_are_refused_with_the_field_and_nothing_written(service):
    c = service.api("hub_worker")
    assert c.post("/api/v1/referrals", content=b'{"referral": {').status_code == 400
    bad = c.post("/api/v1/referrals", json={**example(), "surname": "Smith"})
    assert bad.status_code == 422
    assert ["body", "surname"] in [d["loc"] for d in bad.json()["detail"]]
    huge = c.post("/api/v1/triage", content=b"{" + b" " * 300_000 + b"}")
    assert huge.status_code == 413
    assert c.get("/api/v1/referrals").json() == []


def test_no_token_is_401_and_a_wrong_role_403(service):
    assert service.api(None).post("/api/v1/triage", json=example()).status_code == 401
    assert service.api("policy").post("/api/v1/triage", json=example()).status_code == 403
    bogus = service.api(None).post("/api/v1/triage", json=example(), headers={"authorization": "Bearer nope"})
    assert bogus.status_code == 401


def test_security_headers_on_every_answer(service):
    r = service.browser(None).get("/login")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie


def test_login_failures_are_audited_and_throttled(service):
    c = service.browser(None)
    for _ in range(5):
        token = csrf_of(c.get("/login").text)
        r = c.post("/login", data={"name": "panel", "password": "wrong password!!", "csrf_token": token})
        assert r.status_code == 401
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"name": "panel", "password": "correct horse battery staple", "csrf_token": token})
    assert r.status_code == 429
    with service.store.read() as s:
        rows = s.execute(text("select subject, inputs from audit where action = 'login_failed'")).all()
    assert len(rows) == 5 and all(subject == "panel" and "wrong" not in inputs for subject, inputs in rows)


def test_a_stale_csrf_token_is_refused(service):
    c = service.browser("hub_worker")
    r = c.post("/logout", data={"csrf_token": "0" * 64})
    assert r.status_code == 403


def test_the_audit_chain_shows_an_edit_a_swap_and_a_deletion(service):
    c = service.api("hub_worker")
    for _ in range(3):
        c.post("/api/v1/referrals", json=example())
    with service.store.write() as s:
        s.execute(
            text("update audit set outputs = replace(outputs, :a, :b) where seq = 3"),
            {"a": '"code":3', "b": '"code":2'},
        )
    with service.store.read() as s:
        found = verify(s)
    assert not found.ok and any("entry 3" in p and "changed" in p for p in found.problems)
    with service.store.write() as s:  # put it back, then swap two entries' numbers
        s.execute(
            text("update audit set outputs = replace(outputs, :b, :a) where seq = 3"),
            {"a": '"code":3', "b": '"code":2'},
        )
    with service.store.read() as s:
        assert verify(s).ok
    with service.store.write() as s:
        s.execute(text("update audit set seq = 1000 where seq = 4"))
        s.execute(text("update audit set seq = 4 where seq = 5"))
        s.execute(text("update audit set seq = 5 where seq = 1000"))
    with service.store.read() as s:
        assert not verify(s).ok
    with service.store.write() as s:  # deleting the newest entry shows too
        s.execute(text("update audit set seq = 1000 where seq = 4"))
        s.execute(text("update audit set seq = 4 where seq = 5"))
        s.execute(text("update audit set seq = 5 where seq = 1000"))
        last = s.execute(text("select max(seq) from audit")).scalar()
        s.execute(text("delete from audit where seq = :n"), {"n": last})
    with service.store.read() as s:
        found = verify(s)
    assert any("deleted from the end" in p for p in found.problems)


def test_replay_gives_the_same_decision(service):
    from service.replay import replay

    made = service.api("hub_worker").post("/api/v1/referrals", json=example()).json()
    assert replay(service.store, made["id"]) == []
    with service.store.write() as s:
        s.execute(text("update referrals set decision = :d"), {"d": orjson.dumps({"level": {"code": 1}}).decode()})
    assert replay(service.store, made["id"])


def test_sign_in_by_keyboard_in_a_real_browser(page):
    page.goto("/login")
    no_serious_axe_violations(page)
    screenshot(page, "sign-in")
    sign_in(page, "hub_worker")


def test_the_service_uses_only_the_engines_public_api_and_the_engine_never_the_service():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in (root / "service").rglob("*.py"):
        for line in path.read_text().splitlines():
            if line.lstrip().startswith(("from engine", "import engine")):
                # engine.api, plus the command line's hook and its refusals (engine.api re-exports them,
                # but importing it would load the whole engine before every command)
                allowed = (
                    "from engine import api",
                    "from engine.api import",
                    "from engine.cli import main",
                    "from engine.errors import InputError, Problem",
                )
                assert line.strip().startswith(allowed), f"{path}: {line.strip()}"
    for path in (root / "engine").rglob("*.py"):
        text = path.read_text()
        assert "from service" not in text and "import service" not in text, path


def test_the_engines_commands_start_without_the_web_stack():
    import subprocess
    import sys

    code = "import sys, service.cli; print(sorted(m for m in ('sqlalchemy', 'fastapi', 'uvicorn') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
