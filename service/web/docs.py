"""/docs: the JSON API's reference as a plain page, built from the OpenAPI document (no scripts, no CDN)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response

from ..auth.roles import ROLES
from ..auth.who import browser_user
from .common import render

router = APIRouter(include_in_schema=False)
REFUSALS = {
    "401": {"description": "No API token, or one that is not valid (give Authorization: Bearer TOKEN)"},
    "403": {"description": "The token's role may not call this"},
}


def _roles_of(dependant: Any) -> tuple[str, ...] | None:
    for dep in dependant.dependencies:
        roles = getattr(dep.call, "roles", None)
        if roles is not None:
            return tuple(roles)
        if (inner := _roles_of(dep)) is not None:
            return inner
    return None


def _route_contexts(app: FastAPI) -> Iterator[Any]:
    try:  # FastAPI keeps included routers nested; this walks them with their prefixes
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: the routes are flat
        yield from app.routes
        return
    yield from iter_route_contexts(app.routes)


def api_roles(app: FastAPI) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Each API operation's path, method and the roles its `api_user` dependency lets in."""
    for route in _route_contexts(app):
        dependant = getattr(route, "dependant", None)
        if dependant is None or not route.path.startswith("/api/"):
            continue
        roles = _roles_of(dependant)
        if roles is not None:
            for method in route.methods or ():
                yield route.path, method.lower(), roles


def annotate_roles(app: FastAPI) -> None:
    """Write into the OpenAPI document, on every API operation, the roles that may call it (`x-roles`)
    and its 401 and 403 answers: taken from the dependencies that enforce them, so they cannot drift."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = original()
        for path, method, roles in api_roles(app):
            op = schema.get("paths", {}).get(path, {}).get(method)
            if op is not None:
                op["x-roles"] = list(roles)
                op["responses"] = {**op.get("responses", {}), **REFUSALS}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_text(schema: dict[str, Any] | None) -> list[tuple[str, str | None]]:
    """A schema's type in words, as pieces of text with an optional link (to a named schema)."""
    if not schema:
        return [("any JSON", None)]
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return [(name, f"#schema-{name}")]
    for combo, word in (("anyOf", " or "), ("oneOf", " or "), ("allOf", " and ")):
        if combo in schema:
            out: list[tuple[str, str | None]] = []
            for i, part in enumerate(schema[combo]):
                if i:
                    out.append((word, None))
                out += type_text(part)
            return out
    if "enum" in schema:
        return [("one of: " + ", ".join(str(v) for v in schema["enum"]), None)]
    if "const" in schema:
        return [(f"exactly {schema['const']}", None)]
    kind = schema.get("type", "any JSON")
    if kind == "array":
        return [("list of ", None), *type_text(schema.get("items"))]
    if kind == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return [("object of ", None), *type_text(schema["additionalProperties"])]
    if kind == "null":
        return [("null", None)]
    return [(kind + (f" ({schema['format']})" if "format" in schema else ""), None)]


def _properties(schema: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": type_text(prop),
            "required": name in required,
            "description": prop.get("description", ""),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def _body(op: dict[str, Any]) -> dict[str, Any] | None:
    body = op.get("requestBody")
    if not body:
        return None
    content = body.get("content", {})
    media = next(iter(content), "application/json")
    schema = content.get(media, {}).get("schema", {})
    return {
        "media": media,
        "required": body.get("required", False),
        "description": body.get("description", ""),
        "type": type_text(schema),
    }


def _responses(op: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for status, answer in sorted(op.get("responses", {}).items()):
        schema = next(iter(answer.get("content", {}).values()), {}).get("schema")
        out.append({"status": status, "description": answer.get("description", ""), "type": type_text(schema)})
    return out


def operations(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """Every endpoint of the OpenAPI document, ready for the page: grouped by their first tag."""
    ops = []
    for path, methods in openapi.get("paths", {}).items():
        for method, op in methods.items():
            roles = op.get("x-roles")
            ops.append(
                {
                    "id": "-".join([method, *(p.strip("{}") for p in path.split("/") if p)]),
                    "method": method.upper(),
                    "path": path,
                    "tag": (op.get("tags") or ["other"])[0],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "roles": [r.replace("_", " ") for r in roles] if roles else None,
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p.get("in", ""),
                            "required": p.get("required", False),
                            "type": type_text(p.get("schema")),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _body(op),
                    "responses": _responses(op),
                }
            )
    return ops


@router.get("/docs")
def docs(request: Request) -> Response:
    """The API reference: each endpoint, who may call it, what it takes and what it answers."""
    openapi = request.app.openapi()
    ops = operations(openapi)
    tags: dict[str, list[dict[str, Any]]] = {}
    for op in ops:
        tags.setdefault(op["tag"], []).append(op)
    schemas = {
        name: {"description": s.get("description", ""), "properties": _properties(s), "type": type_text(s)}
        for name, s in sorted(openapi.get("components", {}).get("schemas", {}).items())
    }
    ctx = {
        "title": "The JSON API",
        "info": openapi.get("info", {}),
        "tags": tags,
        "schemas": schemas,
        "roles": [(r.replace("_", " "), what) for r, what in ROLES.items()],
    }
    return render(request, "docs.html.j2", ctx, browser_user(request))
