"""Reading a JSON body: malformed JSON is refused with where it broke, before anything else runs."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

# what an endpoint taking a family profile says about its body in the OpenAPI document
PROFILE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A family profile (contract section 2), as JSON.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


class BadJson(HTTPException):
    """A body that is not a JSON object: 400, naming where it broke."""


async def json_object(request: Request) -> tuple[bytes, dict[str, Any]]:
    """The raw body and the JSON object it holds."""
    raw = await request.body()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadJson(400, f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadJson(400, "the body must be a JSON object")
    return raw, data


def bad_json_response(exc: BadJson) -> JSONResponse:
    """The 400 answer for a malformed body."""
    return JSONResponse({"detail": [{"type": "json_invalid", "loc": ["body"], "msg": exc.detail}]}, 400)
