"""/api/v1/audit: the audit trail for auditors (read only), and the check of its hash chain."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool

from ..auth.roles import AUDITOR
from ..auth.who import Who, api_user
from ..trail import after, as_data, check

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", summary="Audit entries after a number, oldest first")
def listing(
    request: Request,
    after_seq: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=1000),
    who: Who = Depends(api_user(AUDITOR)),
) -> dict[str, Any]:
    """Up to `limit` entries after `after_seq`; ask again with `next_after_seq` for the next ones."""
    rows = after(request.app.state.store, after_seq, limit)
    return {"entries": [as_data(r) for r in rows], "next_after_seq": rows[-1].seq if rows else after_seq}


@router.get("/verify", summary="Check the audit trail's hash chain")
async def verify(request: Request, who: Who = Depends(api_user(AUDITOR))) -> dict[str, Any]:
    """Whether every entry is in turn, linked to the one before and unchanged since it was written."""
    found = await run_in_threadpool(check, request.app.state.store)
    return {"ok": found.ok, "entries": found.entries, "problems": found.problems}
