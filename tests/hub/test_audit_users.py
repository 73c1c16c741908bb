"""The auditor's trail (pages, entries, the chain check) and the admin's users, refused to other roles."""

from __future__ import annotations

from sqlalchemy import text

from .conftest import csrf_of, example


def fill(service, n: int) -> None:
    c = service.api("hub_worker")
    for _ in range(n):
        assert c.post("/api/v1/triage", json=example()).status_code == 200


def test_the_auditor_pages_through_the_trail_newest_first(service):
    fill(service, 60)  # with the pack coming into force: 61 entries, two pages
    c = service.browser("auditor")
    first = c.get("/audit")
    assert first.status_code == 200
    assert first.text.index('href="/audit/61"') < first.text.index('href="/audit/12"')
    assert 'href="/audit/11"' not in first.text
    assert "Profile triaged" in first.text and "govuk-pagination" in first.text
    second = c.get("/audit?page=2")
    assert 'href="/audit/1"' in second.text and 'href="/audit/61"' not in second.text
    assert "Rule pack brought into force" in second.text
    entry = c.get("/audit/2")
    assert entry.status_code == 200
    with service.store.read() as s:
        h, prev = s.execute(text("select hash, prev_hash from audit where seq = 2")).one()
    assert h in entry.text and prev in entry.text and "<pre" in entry.text and "EX-07" in entry.text
    assert c.get("/audit/999").status_code == 404


def test_verify_shows_ok_then_the_tampering(service):
    fill(service, 3)
    c = service.browser("auditor")
    assert "The audit trail verifies: 4 entries" in c.get("/audit/verify").text
    with service.store.write() as s:
        s.execute(text("update audit set actor = 'someone_else' where seq = 3"))
    page = c.get("/audit/verify")
    assert "does not verify" in page.text and "entry 3" in page.text
    api = service.api("auditor").get("/api/v1/audit/verify").json()
    assert api["ok"] is False and api["entries"] == 4 and any("entry 3" in p for p in api["problems"])


def test_the_audit_api_follows_the_trail(service):
    fill(service, 5)
    api = service.api("auditor")
    got = api.get("/api/v1/audit", params={"after_seq": 2, "limit": 2}).json()
    assert [e["seq"] for e in got["entries"]] == [3, 4] and got["next_after_seq"] == 4
    assert got["entries"][0]["action"] == "triage" and isinstance(got["entries"][0]["outputs"], dict)
    assert api.get("/api/v1/audit", params={"limit": 0}).status_code == 422
    assert api.get("/api/v1/audit/verify").json() == {"ok": True, "entries": 6, "problems": []}


def test_other_roles_are_refused_the_trail_and_the_users(service):
    for role in ("hub_worker", "panel", "policy", "admin"):
        for path in ("/audit", "/audit/1", "/audit/verify"):
            assert service.browser(role).get(path).status_code == 403, (role, path)
        assert service.api(role).get("/api/v1/audit").status_code == 403
        assert service.api(role).get("/api/v1/audit/verify").status_code == 403
    for role in ("hub_worker", "panel", "policy", "auditor"):
        assert service.browser(role).get("/users").status_code == 403
        assert service.browser(role).get("/users/1/deactivate").status_code == 403
    r = service.browser("hub_worker").get("/audit")
    assert "You cannot use this page" in r.text
    assert service.browser(None).get("/audit").status_code == 401
    assert service.api(None).get("/api/v1/audit").status_code == 401


def test_the_admin_adds_a_user_whose_token_works_once_shown(service):
    c = service.browser("admin")
    page = c.get("/users")
    assert page.status_code == 200 and "reads the audit trail" in page.text.lower()
    r = c.post(
        "/users", data={"csrf_token": csrf_of(page.text), "name": "a.auditor", "role": "auditor", "password": "x" * 12}
    )
    assert r.status_code == 201
    token = r.text.split('id="token">')[1].split("<")[0].strip()
    got = service.api(None).get("/api/v1/audit/verify", headers={"authorization": f"Bearer {token}"})
    assert got.status_code == 200 and got.json()["ok"]
    assert token not in c.get("/users").text
    with service.store.read() as s:
        rows = s.execute(text("select action, subject, inputs, outputs from audit where action = 'user_added'")).all()
        assert token not in str(s.execute(text("select * from users")).all())
    assert len(rows) == 1 and rows[0][1] == "a.auditor" and "x" * 12 not in rows[0][2] + rows[0][3]


def test_adding_a_user_refuses_bad_names_short_passwords_and_duplicates(service):
    c = service.browser("admin")
    token = csrf_of(c.get("/users").text)
    r = c.post("/users", data={"csrf_token": token, "name": "Jane Smith", "role": "", "password": "short"})
    assert r.status_code == 400
    for target in ("#name", "#role", "#password"):
        assert f'href="{target}"' in r.text
    r = c.post("/users", data={"csrf_token": token, "name": "panel", "role": "panel", "password": "y" * 12})
    assert r.status_code == 400 and "already a user called panel" in r.text
    with service.store.read() as s:
        assert s.execute(text("select count(*) from users")).scalar() == 5
        assert s.execute(text("select count(*) from audit where action = 'user_added'")).scalar() == 0


def test_the_admin_deactivates_a_user_but_not_themselves(service):
    c = service.browser("admin")
    with service.store.read() as s:
        ids = dict(s.execute(text("select name, id from users")).all())
    panel_browser = service.browser("panel")
    assert panel_browser.get("/panel").status_code == 200
    confirm = c.get(f"/users/{ids['panel']}/deactivate")
    assert confirm.status_code == 200
    r = c.post(f"/users/{ids['panel']}/deactivate", data={"csrf_token": csrf_of(confirm.text)})
    assert r.status_code == 303 and "panel is deactivated" in c.get(r.headers["location"]).text
    assert service.api("panel").get("/api/v1/referrals").status_code == 401
    assert panel_browser.get("/panel").status_code == 401
    mine = c.post(f"/users/{ids['admin']}/deactivate", data={"csrf_token": csrf_of(confirm.text)})
    assert mine.status_code == 400 and "cannot deactivate yourself" in mine.text
    with service.store.read() as s:
        rows = s.execute(text("select subject from audit where action = 'user_removed'")).scalars().all()
        assert rows == ["panel"]
        assert s.execute(text("select active from users where name = 'admin'")).scalar()
