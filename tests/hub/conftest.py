"""Fixtures for the service's tests: an app on a fresh SQLite store, a user of each role, API and
browser clients, a live server for Playwright, axe-core checks and screenshots."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from service.app import create_app
from service.auth.roles import ROLES
from service.settings import Settings
from service.store.users import add_user

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "test-artifacts" / "screenshots"  # kept after the run: look at them


def example(name: str = "whole-family") -> dict:
    """A bundled example profile as the JSON a client would send."""
    data = yaml.safe_load((REPO / "examples" / f"{name}.yaml").read_text())
    return _jsonable(data)


def _jsonable(value):  # dates as ISO text, as JSON carries them
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@dataclass
class Service:
    """An app on its own store, with one user per role (name = role) and their API tokens."""

    app: object
    tokens: dict[str, str]
    url: str

    def api(self, role: str | None) -> TestClient:
        """A client sending the role's API token (none for role None)."""
        headers = {"authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return TestClient(self.app, base_url="https://testserver", headers=headers)

    def browser(self, role: str | None) -> TestClient:
        """A client signed in through the login form as the role's user (not signed in for None)."""
        c = TestClient(self.app, base_url="https://testserver", follow_redirects=False)
        if role is not None:
            page = c.get("/login")
            token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            r = c.post("/login", data={"name": role, "password": PASSWORD, "csrf_token": token, "next": "/"})
            assert r.status_code == 303, r.text
        return c

    @property
    def store(self):
        return self.app.state.store


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    return html.split('name="csrf_token" value="')[1].split('"')[0]


def make_service(url: str, pack: str | None = None) -> Service:
    app = create_app(Settings(database_url=url, pack=pack))
    tokens = {}
    with app.state.store.write() as s:
        for role in ROLES:
            tokens[role] = add_user(s, role, role, PASSWORD)
    return Service(app, tokens, url)


@pytest.fixture
def service(tmp_path) -> Iterator[Service]:
    """The service on a fresh SQLite store."""
    svc = make_service(f"sqlite:///{tmp_path / 'continuum.db'}")
    yield svc
    svc.store.close()


@dataclass
class Live:
    """A service listening on localhost, for a real browser."""

    service: Service
    base: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(tmp_path) -> Iterator[Live]:
    """The service served by uvicorn in a thread on a free port, on a fresh SQLite store."""
    import uvicorn

    svc = make_service(f"sqlite:///{tmp_path / 'live.db'}")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(svc.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the service did not start"
    # localhost, not 127.0.0.1: Chromium keeps Secure cookies for http://localhost
    yield Live(svc, f"http://localhost:{port}")
    server.should_exit = True
    thread.join(10)
    svc.store.close()


@pytest.fixture
def page(browser, live):
    """A fresh browser tab (its own cookies) at the live service."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, base_url=live.base)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page, role: str) -> None:
    """Sign in through the form, by keyboard, as the role's user."""
    page.goto("/login")
    page.get_by_label("User name").fill(role)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()
    assert "/login" not in page.url, page.content()[:2000]


def no_serious_axe_violations(page) -> None:
    """axe-core on the page as shown: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in bad
    )


def screenshot(page, name: str) -> Path:
    """Keep a full-page screenshot under test-artifacts/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
