"""The panel: accepting or overriding a recommendation, with its reason, once; escalations stay at level 4."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import text

from service.auth.who import Who
from service.panel import AlreadyDecided, Choice, Refused, decide
from service.store.audit import verify
from service.work import create_referral

from .conftest import csrf_of, example


def referral(service, name: str = "whole-family") -> int:
    """A referral made as a hub worker makes it, through the API."""
    made = service.api("hub_worker").post("/api/v1/referrals", json=example(name))
    assert made.status_code == 201, made.text
    return made.json()["id"]


def panel_form(service, rid: int, **fields) -> tuple:
    c = service.browser("panel")
    page = c.get(f"/panel/{rid}")
    assert page.status_code == 200
    return c, c.post(f"/panel/{rid}", data={"csrf_token": csrf_of(page.text), **fields})


def status_of(service, rid: int) -> str:
    with service.store.read() as s:
        return s.execute(text("select status from referrals where id = :i"), {"i": rid}).scalar()


def decisions(service) -> int:
    with service.store.read() as s:
        return s.execute(text("select count(*) from panel_decisions")).scalar()


def test_the_panel_lists_the_week_most_urgent_first_with_step_ups_flagged(service):
    green = referral(service, "universal-toddler")
    red = referral(service, "disclosure")
    old = referral(service, "whole-family")
    with service.store.write() as s:
        s.execute(text("update referrals set created_at = '2020-01-01T00:00:00.000000Z' where id = :i"), {"i": old})
    review = example("whole-family")
    review["referral"] = {**review["referral"], "type": "review"}
    review["current"] = {"level": 2, "lead": "school", "since": "2026-03-01"}
    step_up = service.api("hub_worker").post("/api/v1/referrals", json=review).json()["id"]
    html = service.browser("panel").get("/panel").text
    this_week, longer = html.split("Waiting longer")
    assert this_week.index(f"/panel/{red}") < this_week.index(f"/panel/{green}")
    assert f"/panel/{old}" in longer and f"/panel/{old}" not in this_week
    row = this_week.split(f"/panel/{step_up}")[0].rsplit("<tr", 1)[1]
    assert "Step up" in row
    assert "Safeguarding escalated" in this_week.split(f"/panel/{red}")[0].rsplit("<tr", 1)[1]


def test_accepting_keeps_the_recommendation_and_marks_the_referral_decided(service):
    rid = referral(service)
    c, r = panel_form(service, rid, action="accept", level="2", interventions=["C1:paths"])
    assert r.status_code == 303 and r.headers["location"] == f"/panel?decided={rid}"
    assert "is recorded" in c.get(r.headers["location"]).text
    assert status_of(service, rid) == "decided"
    got = service.api("panel").get(f"/api/v1/referrals/{rid}/panel-decision").json()
    assert got["outcome"]["action"] == "accept"
    assert got["outcome"]["level"] == got["recommendation"]["level"] == 3
    assert got["outcome"]["interventions"] == got["recommendation"]["interventions"]
    assert f"/panel/{rid}" not in c.get("/panel").text


def test_an_override_needs_a_reason_and_nothing_is_stored_without_one(service):
    rid = referral(service)
    _, r = panel_form(service, rid, action="override", level="2", lead="school", reason="  ")
    assert r.status_code == 400
    assert 'class="govuk-error-summary"' in r.text and 'href="#reason"' in r.text
    assert status_of(service, rid) == "awaiting_panel" and decisions(service) == 0
    _, r = panel_form(service, rid, action="override", level="2", lead="school", reason="Known to school; lower")
    assert r.status_code == 303
    got = service.api("auditor").get(f"/api/v1/referrals/{rid}/panel-decision").json()
    assert got["outcome"]["level"] == 2 and got["outcome"]["reason"] == "Known to school; lower"
    assert got["outcome"]["interventions"] == []  # no box ticked: the panel chose none


def test_an_escalated_referral_cannot_be_lowered(service):
    rid = referral(service, "disclosure")
    _, r = panel_form(service, rid, action="override", level="3", lead="school", reason="Seems minor")
    assert r.status_code == 400 and "cannot lower it" in r.text
    api = service.api("panel").post(
        f"/api/v1/referrals/{rid}/panel-decision", json={"action": "override", "level": 2, "reason": "no"}
    )
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["body", "level"]
    assert status_of(service, rid) == "awaiting_panel" and decisions(service) == 0
    # the lead may still change at level 4
    ok = service.api("panel").post(
        f"/api/v1/referrals/{rid}/panel-decision",
        json={"action": "override", "lead": "early_help_practitioner", "reason": "Joint visit first"},
    )
    assert ok.status_code == 201 and ok.json()["outcome"]["level"] == 4


def test_a_referral_is_decided_once(service):
    rid = referral(service)
    api = service.api("panel")
    assert api.post(f"/api/v1/referrals/{rid}/panel-decision", json={"action": "accept"}).status_code == 201
    again = api.post(f"/api/v1/referrals/{rid}/panel-decision", json={"action": "accept"})
    assert again.status_code == 409
    c = service.browser("panel")
    page = c.get(f"/panel/{rid}")
    assert "The panel's decision" in page.text and 'name="action"' not in page.text
    r = c.post(f"/panel/{rid}", data={"csrf_token": csrf_of(page.text), "action": "accept"})
    assert r.status_code == 409 and "already decided" in r.text
    assert decisions(service) == 1


def test_the_domain_refuses_a_second_decision_even_if_the_status_was_not_updated(service):
    rid = referral(service)
    who = Who(2, "panel", "panel")
    decide(service.store, service.app.state.pack, who, rid, Choice("accept"))
    with service.store.write() as s:
        s.execute(text("update referrals set status = 'awaiting_panel'"))
    with pytest.raises(AlreadyDecided):
        decide(service.store, service.app.state.pack, who, rid, Choice("accept"))
    with pytest.raises(Refused):
        decide(service.store, service.app.state.pack, who, rid, Choice("override", level=3))


def test_the_audit_entry_keeps_the_recommendation_and_the_outcome(service):
    rid = referral(service)
    body = {
        "action": "override",
        "level": 3,
        "lead": "early_help_practitioner",
        "interventions": [{"member": "C1", "id": "triple-p-standard"}],
        "reason": "The family asked for the family support worker",
    }
    r = service.api("panel").post(f"/api/v1/referrals/{rid}/panel-decision", json=body)
    assert r.status_code == 201, r.text
    with service.store.read() as s:
        row = s.execute(text("select actor, subject, inputs, outputs from audit where action = 'panel_decision'")).one()
        assert verify(s).ok
    actor, subject, inputs, outputs = row
    assert (actor, subject) == ("panel", str(rid))
    assert orjson.loads(inputs) == body
    out = orjson.loads(outputs)
    assert out["recommendation"]["lead"] == "school" and out["recommendation"]["level"] == 3
    assert out["outcome"]["lead"] == "early_help_practitioner"
    assert out["outcome"]["interventions"] == [{"member": "C1", "id": "triple-p-standard"}]


def test_the_api_names_the_field_it_refuses(service):
    rid = referral(service)
    api = service.api("panel")
    url = f"/api/v1/referrals/{rid}/panel-decision"

    def loc(body):
        r = api.post(url, json=body)
        assert r.status_code == 422, r.text
        return [tuple(d["loc"]) for d in r.json()["detail"]]

    assert ("body", "reason") in loc({"action": "override", "level": 2})
    assert ("body", "lead") in loc({"action": "override", "lead": "wizard", "reason": "r"})
    assert ("body", "interventions") in loc(
        {"action": "override", "interventions": [{"member": "C1", "id": "no-such-thing"}], "reason": "r"}
    )
    # a programme outside the member's age band is not open to them (C1 is 3: Teen Triple P is 12-16)
    assert ("body", "interventions") in loc(
        {"action": "override", "interventions": [{"member": "C1", "id": "triple-p-teen"}], "reason": "r"}
    )
    assert ("body", "surname") in loc({"action": "accept", "surname": "Smith"})
    assert ("body", "action") in loc({"action": "maybe"})
    assert ("body", "level") in loc({"action": "accept", "level": 2})
    assert ("body", "action") in loc({"action": "override", "reason": "nothing changed"})
    assert decisions(service) == 0
    assert api.post("/api/v1/referrals/999/panel-decision", json={"action": "accept"}).status_code == 404
    assert api.get("/api/v1/referrals/999/panel-decision").status_code == 404
    assert api.get(url).status_code == 404  # still waiting


def test_panel_decisions_by_role(service):
    rid = referral(service)
    url = f"/api/v1/referrals/{rid}/panel-decision"
    assert service.api(None).post(url, json={"action": "accept"}).status_code == 401
    for role in ("hub_worker", "policy", "auditor", "admin"):
        assert service.api(role).post(url, json={"action": "accept"}).status_code == 403
    assert service.api("panel").post(url, json={"action": "accept"}).status_code == 201
    for role in ("panel", "hub_worker", "auditor"):
        assert service.api(role).get(url).status_code == 200
    for role in ("policy", "admin"):
        assert service.api(role).get(url).status_code == 403
    assert service.api(None).get(url).status_code == 401
    for role in ("hub_worker", "policy", "auditor", "admin"):
        assert service.browser(role).get("/panel").status_code == 403
        assert service.browser(role).get(f"/panel/{rid}").status_code == 403
    assert service.browser(None).get("/panel").status_code == 401
    assert service.browser("panel").get("/panel/999").status_code == 404


def test_a_stale_csrf_token_stores_nothing(service):
    rid = referral(service)
    r = service.browser("panel").post(f"/panel/{rid}", data={"csrf_token": "0" * 64, "action": "accept"})
    assert r.status_code == 403 and decisions(service) == 0


def test_create_referral_directly_then_decide(service):
    hub = Who(1, "hub_worker", "hub_worker")
    made = create_referral(service.store, service.app.state.pack, hub, example("teen-offending"))
    r = service.api("panel").post(f"/api/v1/referrals/{made.id}/panel-decision", json={"action": "accept"})
    assert r.status_code == 201 and r.json()["outcome"]["level"] == made.decision["level"]["code"]


def test_decided_once_on_both_stores_with_the_chain_intact(database_url):
    from .conftest import make_service

    svc = make_service(database_url)
    try:
        rid = referral(svc, "disclosure")
        api = svc.api("panel")
        url = f"/api/v1/referrals/{rid}/panel-decision"
        assert api.post(url, json={"action": "override", "level": 3, "reason": "r"}).status_code == 422
        body = {"action": "override", "lead": "early_help_practitioner", "reason": "Joint visit"}
        assert api.post(url, json=body).status_code == 201
        assert api.post(url, json={"action": "accept"}).status_code == 409
        assert decisions(svc) == 1 and status_of(svc, rid) == "decided"
        with svc.store.read() as s:
            assert verify(s).ok
    finally:
        svc.store.close()
