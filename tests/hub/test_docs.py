"""/docs: the API reference built from the OpenAPI document, with the roles each endpoint allows."""

from __future__ import annotations

from .conftest import no_serious_axe_violations, screenshot


def test_every_api_route_names_its_roles_in_the_openapi(service):
    doc = service.api(None).get("/api/v1/openapi.json").json()
    assert doc["paths"]["/api/v1/triage"]["post"]["x-roles"] == ["hub_worker"]
    assert set(doc["paths"]["/api/v1/referrals/{referral_id}"]["get"]["x-roles"]) == {"hub_worker", "panel", "auditor"}
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            assert op.get("x-roles"), f"{method} {path} does not say who may call it"
            assert {"401", "403"} <= set(op["responses"])


def test_the_roles_written_are_the_roles_enforced(service):
    doc = service.api(None).get("/api/v1/openapi.json").json()
    roles = doc["paths"]["/api/v1/triage"]["post"]["x-roles"]
    for role in service.tokens:
        r = service.api(role).post("/api/v1/triage", json={})
        assert (r.status_code != 403) == (role in roles), (role, r.status_code)


def test_the_docs_page_lists_each_endpoint_without_scripts(service):
    r = service.browser(None).get("/docs")
    assert r.status_code == 200
    html = r.text
    assert "<script" not in html and 'style="' not in html
    assert 'href="/api/v1/openapi.json"' in html
    doc = service.api(None).get("/api/v1/openapi.json").json()
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            assert f"{method.upper()}</span> <code>{path}</code>" in html
            assert op["summary"] in html.replace("&#39;", "'")
    assert "Who may call it:\n        hub worker." in html


def test_the_docs_page_in_a_browser(page):
    page.goto("/docs")
    assert page.get_by_role("heading", name="The JSON API").is_visible()
    page.get_by_role("link", name="POST /api/v1/triage").first.click()
    assert page.url.endswith("#post-api-v1-triage")
    no_serious_axe_violations(page)
    screenshot(page, "api-docs")
