"""The FastAPI application: the store, the pack in force, the guard, the pages and the JSON API."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from engine import api as engine

from .api.body import BadJson, bad_json_response
from .auth.who import Forbidden, NotLoggedIn
from .guard import Guard
from .packs import bring_into_force
from .settings import Settings
from .store import Store
from .web.common import STATIC, BadCsrf, render
from .web.docs import annotate_roles


def create_app(settings: Settings, migrate: bool = True) -> FastAPI:
    """The service for these settings; the store is migrated to the newest tables first unless told not to."""
    from .api.v1 import router as api_router
    from .web import routers

    store = Store(settings.database_url)
    if migrate:
        store.migrate()
    ref = engine.load(settings.pack)
    bring_into_force(store, ref)
    app = FastAPI(
        title="Continuum",
        summary="Decision support for children's early help. It supports professional judgement and never replaces it.",
        version="1",
        docs_url=None,  # /docs is a page of our own: Swagger UI needs inline scripts and a CDN
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.store, app.state.pack, app.state.settings = store, ref, settings
    app.include_router(api_router)
    for r in routers():
        app.include_router(r)
    annotate_roles(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _errors(app)
    app.add_middleware(Guard, max_body=settings.max_body)
    return app


def app_from_env() -> FastAPI:
    """The app as `continuum serve` configures it (through the environment, for uvicorn's workers)."""
    return create_app(Settings.from_env(), migrate=False)


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _detail(kind: str, loc: list[str], msg: str) -> dict:
    return {"detail": [{"type": kind, "loc": loc, "msg": msg}]}


def _errors(app: FastAPI) -> None:
    @app.exception_handler(BadJson)
    async def bad_json(request: Request, exc: BadJson) -> Response:
        return bad_json_response(exc)

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, exc: NotLoggedIn) -> Response:
        if _api(request):
            body = _detail("not_logged_in", ["header", "authorization"], "give an API token: Authorization: Bearer …")
            return JSONResponse(body, 401, headers={"www-authenticate": "Bearer"})
        from .web.login import login_page

        return login_page(request, 401, request.url.path)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        msg = f"the role '{exc.who.role}' may not do this; it needs: {', '.join(exc.allowed)}"
        if _api(request):
            return JSONResponse(_detail("forbidden", ["role"], msg), 403)
        return render(request, "error.html.j2", {"title": "You cannot use this page", "message": msg}, exc.who, 403)

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, exc: BadCsrf) -> Response:
        msg = "This form was out of date (it came from an earlier login). Nothing was saved: go back and send it again."
        return render(request, "error.html.j2", {"title": "Form out of date", "message": msg}, None, 403)

    @app.exception_handler(engine.InputError)
    async def refused(request: Request, exc: engine.InputError) -> Response:
        details = [
            {"type": "profile", "loc": ["body", *([p.field] if p.field else [])], "line": p.line, "msg": p.message}
            for p in exc.problems
        ]
        return JSONResponse({"detail": details}, 422)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"type": e["type"], "loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]
        return JSONResponse({"detail": details}, 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _api(request):
            return JSONResponse(_detail("http", [], str(exc.detail)), exc.status_code, headers=exc.headers)
        ctx = {"title": "Page not found" if exc.status_code == 404 else "Sorry", "message": str(exc.detail)}
        return render(request, "error.html.j2", ctx, None, exc.status_code)
