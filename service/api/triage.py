"""POST /api/v1/triage: a profile in, its decision out (as `continuum triage --json`); audited, not stored."""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Depends, Request, Response

from ..auth.roles import HUB
from ..auth.who import Who, api_user
from ..work import triage as run
from .body import PROFILE_BODY, json_object

router = APIRouter(tags=["triage"])


@router.post("/triage", openapi_extra=PROFILE_BODY, summary="Decide one family profile (not kept as a referral)")
async def triage(request: Request, who: Who = Depends(api_user(HUB))) -> Response:
    """The decision object of contract section 3 for the profile in the body."""
    raw, profile = await json_object(request)
    # decided on the event loop: a few milliseconds of work, cheaper than a hand-over to the thread pool,
    # where threads queueing for the GIL while one held the store's write lock made the API slow under load
    decision = run(request.app.state.store, request.app.state.pack, who, raw, profile)
    return Response(orjson.dumps(decision), media_type="application/json")
