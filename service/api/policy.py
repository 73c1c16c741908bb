"""/api/v1/packs and /api/v1/what-if: the packs in force and recorded, their thresholds, and a what-if."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from engine import api as engine

from .. import policy
from ..auth.roles import AUDITOR, POLICY
from ..auth.who import Who, api_user

router = APIRouter(tags=["policy"])


class WhatIf(BaseModel):
    """One threshold of the pack in force (its key, from /packs/current/thresholds) and the value to try."""

    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1, max_length=300)
    value: StrictInt


@router.get("/packs", summary="The pack in force and every pack the store has recorded")
def packs(request: Request, who: Who = Depends(api_user(POLICY, AUDITOR))) -> dict[str, Any]:
    """Name, version, digest and dates of the pack in force, and of every pack that has decided something."""
    return policy.packs(request.app.state.store, request.app.state.pack)


@router.get("/packs/current/thresholds", summary="The thresholds a what-if may change in the pack in force")
def thresholds(request: Request, who: Who = Depends(api_user(POLICY))) -> list[dict[str, Any]]:
    """Each threshold's key, file, line, label, value, the values it may take, and its rule's sources."""
    return [policy.threshold_data(t) for t in policy.thresholds(request.app.state.pack)]


@router.post("/what-if", summary="The impact on the stored caseload of changing one threshold (nothing is changed)")
async def what_if(request: Request, body: WhatIf, who: Who = Depends(api_user(POLICY))) -> Any:
    """The impact figures of `continuum impact --json`; a change the checker refuses is 422 with its problems."""
    desk = policy.desk(request.app)
    try:
        fig = await run_in_threadpool(desk.what_if, who, body.key, body.value)
    except engine.InputError as exc:
        ref = request.app.state.pack
        detail = [
            {
                "type": "refused",
                "loc": ["body", "key" if p.field == "key" else "value"],
                "field": p.field,  # the threshold's key, or "key" when the pack has no such threshold
                "msg": policy.plain(ref, p.message),
            }
            for p in exc.problems
        ]
        return JSONResponse({"detail": detail}, 422)
    return policy.as_json(fig)
