"""The policy officer in a real browser: the pack in force, then a what-if chosen and run by keyboard."""

from __future__ import annotations

from .conftest import no_serious_axe_violations, screenshot, sign_in
from .synthetic import store_families

SEVERAL = "rules/needs.yaml:combinations.several-needs-across-domains.when.needs.count"
PARENT_UNDER_13 = "rules/safeguarding.yaml:triggers.parent-under-13.when.age.max"


def test_policy_officer_tries_a_threshold(page, live):
    store_families(live.service.store, live.service.app.state.pack.pack, 300)
    sign_in(page, "policy")
    assert page.url.endswith("/policy")
    assert page.get_by_text("Check: clean").is_visible()
    assert page.get_by_text("Tests: 127 of 127 cases pass").is_visible()
    no_serious_axe_violations(page)
    screenshot(page, "policy")

    page.get_by_role("button", name="Try a change to a threshold").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/policy/what-if")
    choose = page.get_by_label("Which threshold do you want to try?")
    choose.focus()
    for _ in range(200):  # by keyboard: down the list until the level 3 'several needs' count
        if choose.input_value() == SEVERAL:
            break
        page.keyboard.press("ArrowDown")
    assert choose.input_value() == SEVERAL
    no_serious_axe_violations(page)
    screenshot(page, "what-if-pick")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Continue

    page.wait_for_url("**key=*")
    value = page.get_by_label("New value")
    assert value.get_attribute("min") == "1" and value.get_attribute("max") == "56"
    assert page.get_by_text("the 300 referrals in the store").is_visible()
    value.focus()
    page.keyboard.type("4")
    no_serious_axe_violations(page)
    screenshot(page, "what-if-form")
    page.keyboard.press("Enter")

    page.wait_for_url("**value=4*")
    assert page.get_by_role("heading", name="What changes if this threshold is 4 instead of 3").is_visible()
    assert page.get_by_text("No family loses a safeguarding escalation").is_visible()
    assert page.get_by_text("families of 300 would get a different level").is_visible()
    assert page.get_by_role("table", name="Levels of need: now (rows) and with the change (columns)").is_visible()
    no_serious_axe_violations(page)
    screenshot(page, "what-if-result")

    page.goto(f"/policy/what-if?key={PARENT_UNDER_13}&value=5")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "no longer escalates a parent under 13" in summary.inner_text()
    assert page.get_by_role("table").count() == 0
    no_serious_axe_violations(page)
    screenshot(page, "what-if-refused")


def test_a_hub_worker_cannot_open_the_policy_pages(page, live):
    sign_in(page, "hub_worker")
    page.goto("/policy/what-if")
    assert page.get_by_role("heading", name="You cannot use this page").is_visible()
    no_serious_axe_violations(page)
