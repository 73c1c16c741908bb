"""The hub worker's pages and the review API, through the forms and endpoints as a client uses them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import text

from .conftest import csrf_of, example


def count(service, table: str = "referrals") -> int:
    with service.store.read() as s:
        return s.execute(text(f"select count(*) from {table}")).scalar()


def form_of(**extra) -> dict:
    """The new-referral form for a child with behaviour problems and a parent struggling, as posted."""
    data = {
        "ref_id": "R-HUB-1",
        "ref_date": "2026-11-20",
        "source": "school",
        "consent": "yes",
        "m0_id": "C1",
        "m0_role": "child",
        "m0_dob": "2019-05-02",
        "m0_ind": ["conduct_problems", "school_absence"],
        "m1_id": "P1",
        "m1_role": "parent",
        "m1_age": "34",
        "m1_ind": ["parenting_difficulty", "depression_anxiety"],
        "family_ind": ["housing_problems"],
        "da_risk": "2",
        "involved": ["school"],
        "preferred_lead": "school",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def post_referral(c, **extra):
    token = csrf_of(c.get("/referrals/new").text)
    return c.post("/referrals/new", data={**form_of(**extra), "csrf_token": token})


def test_the_form_lists_indicators_by_domain_with_plain_words(service):
    page = service.browser("hub_worker").get("/referrals/new")
    assert page.status_code == 200
    html = page.text
    for heading in ("Child&#39;s developmental needs", "Parenting capacity", "Family and environmental factors"):
        assert heading in html
    assert 'id="m0-ind-conduct_problems"' in html and "Behaviour problems" in html
    assert html.count("<legend") >= 6 + 3  # a legend per member and per group
    assert 'name="csrf_token"' in html


def test_a_referral_typed_in_the_form_is_decided_and_kept(service):
    c = service.browser("hub_worker")
    r = post_referral(c)
    assert r.status_code == 303, r.text
    where = r.headers["location"]
    assert re.fullmatch(r"/referrals/\d+", where)
    page = c.get(where).text
    assert "Level 2" in page or "Level 3" in page
    assert "This supports professional judgement and never replaces it." in page
    assert "Source:" in page and "Lead practitioner" in page
    queue = c.get("/queue").text
    assert "R-HUB-1" in queue and f'href="{where}"' in queue
    assert re.search(r"\d+ (day|hour|minute)s? ", queue) and "left" in queue


def test_the_form_without_csrf_is_refused_and_nothing_stored(service):
    c = service.browser("hub_worker")
    assert c.post("/referrals/new", data=form_of()).status_code == 403
    assert c.post("/referrals/new", data={**form_of(), "csrf_token": "0" * 64}).status_code == 403
    assert count(service) == 0


def test_engine_refusals_are_listed_and_linked_to_their_fields(service):
    c = service.browser("hub_worker")
    r = post_referral(c, m0_dob="2019-13-40", m1_age="old", m1_ind=["parenting_difficulty"], ref_id="R-KEEP")
    assert r.status_code == 400
    html = r.text
    assert "There is a problem" in html and html.startswith("<!DOCTYPE html>")
    assert 'href="#m0-dob"' in html and 'href="#m1-age"' in html
    assert 'class="govuk-error-message"' in html
    assert 'value="R-KEEP"' in html and 'value="parenting_difficulty" checked' in html  # re-filled
    assert count(service) == 0


def test_an_indicator_on_the_wrong_member_is_shown_at_their_needs(service):
    r = post_referral(service.browser("hub_worker"), m1_ind=["conduct_problems"])
    assert r.status_code == 400
    assert 'href="#m1-ind"' in r.text
    assert count(service) == 0


def test_a_member_row_without_a_role_is_refused(service):
    r = post_referral(service.browser("hub_worker"), m2_id="C2", m2_age="5")
    assert r.status_code == 400 and 'href="#m2-role"' in r.text
    assert r.text.index('id="m2-role"') < r.text.index("<details")  # the row with the problem is shown
    assert count(service) == 0


def test_safeguarding_shows_the_red_banner_with_the_route(service):
    c = service.browser("hub_worker")
    r = post_referral(c, m0_ind=["sexual_abuse"])
    page = unescape(c.get(r.headers["location"]).text)
    assert "continuum-escalation" in page
    assert "Refer to children's social care now:</p>" in page
    assert "<li>Children's social care front door (MASH): refer today" in page  # each route its own item
    assert "significant-harm" in page


@pytest.mark.parametrize("role", ["panel", "auditor"])
def test_the_decision_is_readable_by_panel_and_auditor_not_policy(service, role):
    r = post_referral(service.browser("hub_worker"))
    where = r.headers["location"]
    assert service.browser(role).get(where).status_code == 200
    assert service.browser("policy").get(where).status_code == 403
    assert service.browser(role).get("/queue").status_code == 403
    assert service.browser(None).get(where).status_code == 401


def test_unknown_referrals_are_404(service):
    c = service.browser("hub_worker")
    assert c.get("/referrals/999").status_code == 404
    assert c.get("/referrals/abc").status_code == 404
    assert c.get("/referrals/999/review").status_code == 404


def test_the_empty_queue_says_so(service):
    page = service.browser("hub_worker").get("/queue").text
    assert "No referrals are waiting" in page and 'href="/referrals/new"' in page


def test_feedback_leaves_out_other_members(service):
    c = service.browser("hub_worker")
    made = service.api("hub_worker").post("/api/v1/referrals", json=example()).json()
    page = c.get(f"/referrals/{made['id']}/feedback?member=C2").text
    printed = page.split('<article id="feedback"')[1].split("</article>")[0]
    assert "C2" in printed and "Strengthening Families" in printed
    for other in ("C1", "P1", "Drug misuse", "drug misuse", "Incredible Years", "speech"):
        assert other not in printed, other
    assert "left out because" in printed
    # by default: the children, and still not the parent
    default = c.get(f"/referrals/{made['id']}/feedback").text.split('<article id="feedback"')[1]
    default = default.split("</article>")[0]
    assert "C1" in default and "C2" in default and "P1" not in default
    assert "To: school" in default


def level3(service) -> int:
    return service.api("hub_worker").post("/api/v1/referrals", json=example()).json()["id"]


def lighter_family() -> dict:
    """The example family a year on: one child's behaviour problems remain."""
    return {
        "referral": {"id": "EX-07", "date": "2027-11-20", "source": "school", "consent": True},
        "members": [
            {"id": "C1", "role": "child", "date_of_birth": "2023-05-01", "indicators": ["conduct_problems"]},
            {"id": "C2", "role": "child", "date_of_birth": "2013-04-09", "indicators": []},
            {"id": "P1", "role": "parent", "age": 37, "indicators": []},
        ],
        "family": {"involved": ["school"]},
    }


def test_a_review_page_step_down_requires_a_contact_and_a_plan(service):
    original = level3(service)
    c = service.browser("hub_worker")
    form = c.get(f"/referrals/{original}/review")
    assert form.status_code == 200 and 'value="EX-07"' in form.text and 'value="drug_misuse" checked' in form.text
    data = {
        "csrf_token": csrf_of(form.text),
        "ref_id": "EX-07",
        "ref_date": "2027-11-20",
        "source": "school",
        "consent": "yes",
        "m0_id": "C1",
        "m0_role": "child",
        "m0_dob": "2023-05-01",
        "m0_ind": ["conduct_problems"],
        "m1_id": "C2",
        "m1_role": "child",
        "m1_dob": "2013-04-09",
        "m2_id": "P1",
        "m2_role": "parent",
        "m2_age": "37",
        "involved": ["school"],
    }
    before = count(service)
    refused = c.post(f"/referrals/{original}/review", data=data)
    assert refused.status_code == 400
    assert 'href="#named-contact"' in refused.text and 'href="#keep-progress-plan"' in refused.text
    assert count(service) == before
    done = c.post(
        f"/referrals/{original}/review",
        data={**data, "named_contact": "School pastoral lead", "keep_progress_plan": "Keep the routines."},
    )
    assert done.status_code == 303
    page = c.get(done.headers["location"]).text
    assert "Step down" in page and "School pastoral lead" in page and "Keep the routines." in page
    with service.store.read() as s:
        row = s.execute(text("select kind, review_of, direction, status from referrals order by id desc")).first()
    assert tuple(row) == ("review", original, "step_down", "awaiting_panel")


def test_the_review_api_refuses_a_step_down_without_contact_then_stores_it(service):
    original = level3(service)
    c = service.api("hub_worker")
    refused = c.post(f"/api/v1/referrals/{original}/reviews", json={"profile": lighter_family()})
    assert refused.status_code == 422
    assert ["body", "named_contact"] in [d["loc"] for d in refused.json()["detail"]]
    assert count(service) == 1
    body = {"profile": lighter_family(), "named_contact": "Early help duty team", "keep_progress_plan": "Weekly check"}
    made = c.post(f"/api/v1/referrals/{original}/reviews", json=body)
    assert made.status_code == 201, made.text
    got = made.json()
    assert got["direction"] == "step_down" and got["decision"]["change"]["from"]["level"] == 3
    assert c.get(f"/api/v1/referrals/{got['id']}").json()["review_of"] == original


def test_a_step_up_is_flagged_for_the_panel(service):
    c = service.api("hub_worker")
    first = {**lighter_family(), "referral": {"id": "R-UP", "date": "2026-11-20"}}
    original = c.post("/api/v1/referrals", json=first).json()["id"]
    worse = lighter_family()
    worse["members"][1]["indicators"] = ["school_absence", "low_mood_anxiety"]
    worse["members"][2]["indicators"] = ["drug_misuse"]
    worse["family"] = {"indicators": ["domestic_abuse", "housing_problems"], "domestic_abuse_risk": 2}
    made = c.post(f"/api/v1/referrals/{original}/reviews", json={"profile": worse})
    assert made.status_code == 201, made.text
    assert made.json()["direction"] == "step_up" and made.json()["status"] == "awaiting_panel"
    assert "Step up: for the panel" in service.browser("hub_worker").get("/queue").text


def test_the_review_api_refuses_bad_bodies(service):
    original = level3(service)
    c = service.api("hub_worker")
    extra = c.post(f"/api/v1/referrals/{original}/reviews", json={"profile": lighter_family(), "surname": "X"})
    assert extra.status_code == 422 and ["body", "surname"] in [d["loc"] for d in extra.json()["detail"]]
    bad = lighter_family()
    bad["members"][0]["indicators"] = ["depresion"]
    wrong = c.post(f"/api/v1/referrals/{original}/reviews", json={"profile": bad})
    assert wrong.status_code == 422
    assert ["body", "profile", "members[0].indicators"] in [d["loc"] for d in wrong.json()["detail"]]
    assert c.post("/api/v1/referrals/999/reviews", json={"profile": lighter_family()}).status_code == 404
    assert service.api("panel").post(f"/api/v1/referrals/{original}/reviews", json={}).status_code == 403
    assert service.api(None).post(f"/api/v1/referrals/{original}/reviews", json={}).status_code == 401
    assert count(service) == 1


def test_time_left_in_plain_words():
    import datetime as dt

    from service.hub import time_left

    at = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    assert time_left("2026-11-20T10:20:00.000000Z", at) == ("1 hour 20 minutes left", False)
    assert time_left("2026-11-20T06:00:00.000000Z", at) == ("Overdue by 3 hours", True)
    assert time_left("2026-11-22T10:00:30.000000Z", at) == ("2 days 1 hour left", False)


def test_overdue_referrals_stand_out_in_words_and_colour(service):
    c = service.browser("hub_worker")
    post_referral(c)
    with service.store.write() as s:
        s.execute(text("update referrals set respond_by = '2020-01-01T00:00:00.000000Z'"))
    page = c.get("/queue").text
    assert "Overdue by" in page and "continuum-overdue" in page and ", 1 overdue" in page


PAGES = {
    "/queue": {"hub_worker"},
    "/referrals/new": {"hub_worker"},
    "/referrals/{id}": {"hub_worker", "panel", "auditor"},
    "/referrals/{id}/feedback": {"hub_worker", "panel", "auditor"},
    "/referrals/{id}/review": {"hub_worker"},
}


@pytest.mark.parametrize("role", ["hub_worker", "panel", "policy", "auditor", "admin", None])
def test_every_page_and_the_review_api_with_every_role(service, role):
    made = level3(service)
    c = service.browser(role)
    for path, allowed in PAGES.items():
        got = c.get(path.format(id=made)).status_code
        assert got == (200 if role in allowed else 401 if role is None else 403), (path, role, got)
    for path in ("/referrals/new", f"/referrals/{made}/review"):
        assert c.post(path, data={}).status_code == (403 if role == "hub_worker" else 401 if role is None else 403)
    api = service.api(role).post(f"/api/v1/referrals/{made}/reviews", json={"profile": lighter_family()})
    assert api.status_code == (422 if role == "hub_worker" else 401 if role is None else 403)
    assert count(service) == 1


def test_supporting_families_outcomes_are_named_as_the_pack_labels_them(service):
    from engine import api

    made = service.api("hub_worker").post("/api/v1/referrals", json=example()).json()
    outcomes = made["decision"]["supporting_families"]["outcomes"]
    labels = api.vocabulary(service.app.state.pack)["supporting_families"]
    page = unescape(service.browser("hub_worker").get(f"/referrals/{made['id']}").text)
    assert outcomes and all(labels[o] in page for o in outcomes)
