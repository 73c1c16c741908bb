"""POST /api/v1/triage: a profile in, its decision out (as `continuum triage --json`); audited, not stored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from ..auth.roles import HUB
from ..auth.who import Who, api_user
from ..work import triage as run
from .body import PROFILE_BODY, json_object

router = APIRouter(tags=["triage"])


@router.post("/triage", openapi_extra=PROFILE_BODY, summary="Decide one family profile (not kept as a referral)")
async def triage(request: Request, who: Who = Depends(api_user(HUB))) -> dict[str, Any]:
    """The decision object of contract section 3 for the profile in the body."""
    raw, _ = await json_object(request)
    return await run_in_threadpool(run, request.app.state.store, request.app.state.pack, who, raw)
