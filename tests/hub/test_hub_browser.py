"""The hub worker's journeys in a real browser: a referral typed through to its decision, the
safeguarding banner, and a review that steps down with its named contact and plan."""

from __future__ import annotations

from .conftest import example, no_serious_axe_violations, screenshot, sign_in


def type_family(page, ref_id: str, child_needs: list[str], grade: str | None = None) -> None:
    """Fill the new-referral form by its labels: a child, a parent, the family's needs."""
    page.get_by_label("Referral id").fill(ref_id)
    page.get_by_label("Date of the referral").fill("2026-11-20")
    page.get_by_label("Who referred").fill("school")
    page.locator("#consent").check()
    member1 = page.get_by_role("group", name="Family member 1")
    member1.get_by_label("Member id").fill("C1")
    member1.get_by_label("Role in the family").select_option("child")
    member1.get_by_label("Date of birth").fill("2019-05-02")
    for code in child_needs:
        page.locator(f"#m0-ind-{code}").check()
    member2 = page.get_by_role("group", name="Family member 2")
    member2.get_by_label("Member id").fill("P1")
    member2.get_by_label("Role in the family").select_option("parent")
    member2.get_by_label("Or age in years").fill("31")
    page.locator("#m1-ind-parenting_difficulty").check()
    page.locator("#family-ind-housing_problems").check()
    if grade:
        page.locator(f"#da-risk-{grade}").check()
    page.locator("#involved-school").check()
    page.get_by_label("Who the family would like to lead").select_option("school")


def test_a_referral_typed_through_the_form_to_its_decision(page):
    sign_in(page, "hub_worker")
    page.goto("/queue")
    assert "No referrals are waiting" in page.content()
    no_serious_axe_violations(page)
    page.get_by_role("button", name="Start a new referral").click()
    assert page.url.endswith("/referrals/new")
    no_serious_axe_violations(page)
    screenshot(page, "new-referral")
    # a mistake first: a date that is not in the calendar, shown at the top and at the field
    type_family(page, "R-BROWSER-1", ["conduct_problems", "school_absence", "speech_language_delay"])
    page.get_by_label("Date of birth").first.fill("2019-02-30")
    page.get_by_role("button", name="Decide and save the referral").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Member 1 date of birth" in summary.inner_text()
    no_serious_axe_violations(page)
    screenshot(page, "new-referral-errors")
    summary.get_by_role("link").first.click()
    page.get_by_label("Date of birth").first.fill("2019-02-28")
    assert page.locator("#m1-ind-parenting_difficulty").is_checked()  # the form came back filled in
    page.get_by_role("button", name="Decide and save the referral").click()
    assert "/referrals/" in page.url and "/new" not in page.url
    body = page.locator("main").inner_text()
    assert "Level of need" in body and "Lead professional" in body
    assert "This supports professional judgement and never replaces it." in body
    assert "Source:" in body and "C1 (child)" in body
    no_serious_axe_violations(page)
    screenshot(page, "decision")
    page.get_by_role("link", name="Feedback to the referrer").click()
    printed = page.locator("#feedback").inner_text()
    assert "To: school" in printed and "P1" not in printed
    no_serious_axe_violations(page)
    screenshot(page, "feedback")
    page.goto("/queue")
    assert page.get_by_role("link", name="R-BROWSER-1").is_visible()
    assert "left" in page.locator("tbody").inner_text()
    no_serious_axe_violations(page)
    screenshot(page, "queue")


def test_a_safeguarding_trigger_shows_the_red_banner_with_the_route(page):
    sign_in(page, "hub_worker")
    page.goto("/referrals/new")
    type_family(page, "R-BROWSER-2", ["sexual_abuse"], grade="4")
    page.get_by_role("button", name="Decide and save the referral").click()
    banner = page.locator(".continuum-escalation")
    assert banner.is_visible()
    text = banner.inner_text()
    assert "Refer to children's social care now:" in text and "MASH" in text
    assert "Level 4" in page.locator("main").inner_text()
    no_serious_axe_violations(page)
    screenshot(page, "decision-escalated")
    page.goto("/queue")
    assert "Safeguarding: escalated" in page.locator("tbody").inner_text()


def test_a_review_that_steps_down_with_a_contact_and_a_plan(page, live):
    made = live.service.api("hub_worker").post("/api/v1/referrals", json=example()).json()
    assert made["decision"]["level"]["code"] == 3
    sign_in(page, "hub_worker")
    page.goto(f"/referrals/{made['id']}")
    page.get_by_role("link", name="Review this family").click()
    assert page.locator("#m2-ind-drug_misuse").is_checked()  # filled in from the stored profile
    page.get_by_label("Date of this review").fill("2027-11-20")
    for box in ("#m0-ind-speech_language_delay", "#m1-ind-school_absence", "#m1-ind-low_mood_anxiety"):
        page.locator(box).uncheck()
    page.locator("#m2-ind-drug_misuse").uncheck()
    page.locator("#family-ind-domestic_abuse").uncheck()
    page.locator("#family-ind-housing_problems").uncheck()
    page.locator("#da-risk").check()
    no_serious_axe_violations(page)
    screenshot(page, "review")
    page.get_by_role("button", name="Re-decide and save the review").click()
    summary = page.locator(".govuk-error-summary")
    assert "named contact" in summary.inner_text() and "plan" in summary.inner_text()
    no_serious_axe_violations(page)
    summary.get_by_role("link", name="named contact").click()
    page.get_by_label("Named contact").fill("School pastoral lead")
    page.get_by_label("Plan to keep the family's progress").fill("Keep the bedtime routine; call if it slips.")
    page.get_by_role("button", name="Re-decide and save the review").click()
    body = page.locator("main").inner_text()
    assert "Step down: from level 3 to level" in body
    assert "School pastoral lead" in body and "Keep the bedtime routine" in body
    screenshot(page, "decision-step-down")
