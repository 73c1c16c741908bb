"""POST /api/v1/referrals/{id}/reviews: re-decide a family with updated needs against the help it has now."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from engine import api as engine

from ..auth.roles import HUB
from ..auth.who import Who, api_user
from ..review import CONTACT_LIMIT, PLAN_LIMIT, ReviewRefused, review
from ..work import referral

router = APIRouter(prefix="/referrals", tags=["reviews"])


class ReviewBody(BaseModel):
    """A review: the family's profile as it is now, and at a step down who the family can call and the plan."""

    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any] = Field(description="the family profile (contract section 2); type and current are set")
    named_contact: str | None = Field(
        None, max_length=CONTACT_LIMIT, description="a role or team the family can call (not a personal name)"
    )
    keep_progress_plan: str | None = Field(None, max_length=PLAN_LIMIT, description="how the family keeps its progress")


@router.post("/{referral_id}/reviews", status_code=201, summary="Review a family: re-decide with updated needs")
async def create_review(request: Request, referral_id: int, body: ReviewBody, who: Who = Depends(api_user(HUB))) -> Any:
    """The review's referral id, whether the help steps up, down or stays, and its decision; it waits for the panel."""
    original = referral(request.app.state.store, referral_id)
    if original is None:
        raise HTTPException(404, f"no referral {referral_id}")
    try:
        made = await run_in_threadpool(
            review,
            request.app.state.store,
            request.app.state.pack,
            who,
            original,
            body.profile,
            body.named_contact,
            body.keep_progress_plan,
        )
    except engine.InputError as exc:
        detail = [
            {"type": "profile", "loc": ["body", "profile", *([p.field] if p.field else [])], "msg": p.message}
            for p in exc.problems
        ]
        return JSONResponse({"detail": detail}, 422)
    except ReviewRefused as exc:
        detail = [{"type": "step_down", "loc": ["body", f], "msg": m} for f, m in exc.problems]
        return JSONResponse({"detail": detail}, 422)
    return {
        "id": made.id,
        "review_of": referral_id,
        "direction": made.direction,
        "status": "awaiting_panel",
        "decision": made.decision,
    }
