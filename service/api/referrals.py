"""/api/v1/referrals: create (decide and keep), list the queue, get one."""

from __future__ import annotations

from typing import Any, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from ..auth.roles import AUDITOR, HUB, PANEL
from ..auth.who import Who, api_user
from ..store.tables import Referral
from ..work import create_referral, queue, referral
from .body import PROFILE_BODY, json_object

router = APIRouter(prefix="/referrals", tags=["referrals"])


def summary(r: Referral) -> dict[str, Any]:
    """A referral as the queue lists it."""
    return {
        "id": r.id,
        "referral_id": r.ref,
        "kind": r.kind,
        "review_of": r.review_of,
        "created_at": r.created_at,
        "status": r.status,
        "level": r.level,
        "escalate": r.escalate,
        "urgency": r.urgency,
        "respond_by": r.respond_by,
        "lead": r.lead,
        "direction": r.direction,
        "pack_digest": r.pack_digest,
    }


@router.post("", status_code=201, openapi_extra=PROFILE_BODY, summary="Decide a profile and keep it as a referral")
async def create(request: Request, who: Who = Depends(api_user(HUB))) -> Response:
    """The new referral's number and its decision; it waits for the panel."""
    _, data = await json_object(request)
    # on the event loop, like triage: a few milliseconds of work (see service/api/triage.py)
    made = create_referral(request.app.state.store, request.app.state.pack, who, data)
    body = {"id": made.id, "status": "awaiting_panel", "decision": made.decision}
    return Response(orjson.dumps(body), status_code=201, media_type="application/json")


@router.get("", summary="Referrals in a state, most urgent first")
def listing(
    request: Request,
    status: Literal["awaiting_panel", "decided"] = Query("awaiting_panel"),
    who: Who = Depends(api_user(HUB, PANEL, AUDITOR)),
) -> list[dict[str, Any]]:
    """The queue: red before amber before green, then the soonest due."""
    return [summary(r) for r in queue(request.app.state.store, status)]


@router.get("/{referral_id}", summary="One referral with its profile and decision")
def get(request: Request, referral_id: int, who: Who = Depends(api_user(HUB, PANEL, AUDITOR))) -> dict[str, Any]:
    """The referral, its profile, and the decision the rules gave."""
    r = referral(request.app.state.store, referral_id)
    if r is None:
        raise HTTPException(404, f"no referral {referral_id}")
    return {**summary(r), "profile": orjson.loads(r.profile), "decision": orjson.loads(r.decision)}
