"""/api/v1/referrals/{id}/panel-decision: the panel accepts or overrides a recommendation, and reads it back."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ..auth.roles import AUDITOR, HUB, PANEL
from ..auth.who import Who, api_user
from ..panel import AlreadyDecided, Choice, NotFound, Refused, decide, decision_of

router = APIRouter(prefix="/referrals", tags=["panel"])


class Intervention(BaseModel):
    """One programme for one family member."""

    model_config = ConfigDict(extra="forbid")
    member: str = Field(max_length=64)
    id: str = Field(max_length=100)


class PanelChoice(BaseModel):
    """Accept the recommendation, or override its level, lead or interventions with a reason."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["accept", "override"]
    level: int | None = Field(None, ge=1, le=4)
    lead: str | None = Field(None, max_length=40)
    interventions: list[Intervention] | None = Field(None, max_length=200)
    reason: str | None = Field(None, max_length=5000)


def _refused(exc: Refused) -> JSONResponse:
    details = [{"type": "panel", "loc": ["body", name], "msg": msg} for name, msg in exc.problems.items()]
    return JSONResponse({"detail": details}, 422)


@router.post("/{referral_id}/panel-decision", status_code=201, summary="The panel's decision on a referral")
async def post(request: Request, referral_id: int, body: PanelChoice, who: Who = Depends(api_user(PANEL))) -> Any:
    """Kept once, with the recommendation beside it; an override needs a reason, and an escalation stays at level 4."""
    items = [i.model_dump() for i in body.interventions] if body.interventions is not None else None
    choice = Choice(body.action, body.level, body.lead, items, body.reason)
    app = request.app
    try:
        return await run_in_threadpool(decide, app.state.store, app.state.pack, who, referral_id, choice)
    except NotFound:
        raise HTTPException(404, f"no referral {referral_id}") from None
    except AlreadyDecided:
        raise HTTPException(409, f"the panel has already decided on referral {referral_id}") from None
    except Refused as exc:
        return _refused(exc)


@router.get("/{referral_id}/panel-decision", summary="The panel's decision and the recommendation it was given")
def get(request: Request, referral_id: int, who: Who = Depends(api_user(PANEL, HUB, AUDITOR))) -> dict[str, Any]:
    """404 for an unknown referral, and for one still waiting for the panel."""
    try:
        found = decision_of(request.app.state.store, referral_id)
    except NotFound:
        raise HTTPException(404, f"no referral {referral_id}") from None
    if found is None:
        raise HTTPException(404, f"referral {referral_id} is still waiting for the panel")
    return found
