"""In a real browser: a panel member overrides a level with a reason, a hub worker is refused the panel,
an auditor checks the chain, and an admin adds a user."""

from __future__ import annotations

from service.auth.who import Who
from service.work import create_referral

from .conftest import example, no_serious_axe_violations, screenshot, sign_in


def make(live, name: str) -> int:
    svc = live.service
    return create_referral(svc.store, svc.app.state.pack, Who(1, "hub_worker", "hub_worker"), example(name)).id


def test_a_panel_member_overrides_a_level_with_a_reason(page, live):
    rid = make(live, "whole-family")
    make(live, "disclosure")
    make(live, "universal-toddler")
    sign_in(page, "panel")
    page.goto("/panel")
    assert page.get_by_role("heading", name="Referrals for the panel").is_visible()
    no_serious_axe_violations(page)
    screenshot(page, "panel")

    page.get_by_role("link", name="Decide on referral EX-07").click()
    assert page.get_by_role("heading", name="Panel decision").is_visible()
    no_serious_axe_violations(page)
    screenshot(page, "panel-decision")

    # change the level without a reason: refused, nothing stored, the error summary links to the field
    page.get_by_label("Change it").check()
    page.get_by_label("2: Additional needs").check()
    page.get_by_role("button", name="Record the panel's decision").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Give the reason" in summary.inner_text()
    no_serious_axe_violations(page)
    screenshot(page, "panel-override-error")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "reason"

    # the choices were kept: give the reason by keyboard and send
    assert page.get_by_label("2: Additional needs").is_checked()
    page.keyboard.type("The school already supports both children; single-agency help first.")
    page.get_by_role("button", name="Record the panel's decision").click()
    assert "/panel?decided=" in page.url
    banner = page.locator(".govuk-notification-banner--success")
    assert "EX-07 is recorded" in banner.inner_text()
    no_serious_axe_violations(page)
    got = live.service.api("panel").get(f"/api/v1/referrals/{rid}/panel-decision").json()
    assert got["outcome"]["level"] == 2 and got["recommendation"]["level"] == 3
    assert got["outcome"]["reason"].startswith("The school already supports")


def test_a_hub_worker_is_refused_the_panel_page(page, live):
    rid = make(live, "whole-family")
    sign_in(page, "hub_worker")
    response = page.goto(f"/panel/{rid}")
    assert response is not None and response.status == 403
    assert page.get_by_role("heading", name="You cannot use this page").is_visible()
    no_serious_axe_violations(page)
    screenshot(page, "forbidden")


def test_an_auditor_reads_the_trail_and_checks_the_chain(page, live):
    rid = make(live, "whole-family")
    live.service.api("panel").post(f"/api/v1/referrals/{rid}/panel-decision", json={"action": "accept"})
    sign_in(page, "auditor")
    page.goto("/audit")
    assert page.get_by_role("cell", name="Panel decision").is_visible()
    no_serious_axe_violations(page)
    screenshot(page, "audit")

    page.get_by_role("link", name="View entry 3").click()
    assert page.get_by_role("heading", name="Entry 3: Panel decision").is_visible()
    assert "recommendation" in page.locator("pre").nth(1).inner_text()
    no_serious_axe_violations(page)
    screenshot(page, "audit-entry")

    page.goto("/audit")
    page.get_by_role("button", name="Check the chain").click()
    assert "The audit trail verifies: 3 entries" in page.locator(".govuk-notification-banner").inner_text()
    no_serious_axe_violations(page)


def test_an_admin_adds_a_user_and_sees_the_token_once(page, live):
    sign_in(page, "admin")
    page.goto("/users")
    no_serious_axe_violations(page)
    page.get_by_label("User name").fill("p.member")
    page.get_by_label("Panel").check()
    page.get_by_label("Password to start with").fill("a long enough password")
    screenshot(page, "users")
    page.get_by_role("button", name="Add the user").click()
    token = page.locator("#token").inner_text().strip()
    assert len(token) > 30
    no_serious_axe_violations(page)
    r = live.service.api(None).get("/api/v1/referrals", headers={"authorization": f"Bearer {token}"})
    assert r.status_code == 200
