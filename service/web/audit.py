"""The audit trail for auditors, read only: pages of entries, one entry, and the check of the hash chain."""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ..auth.roles import AUDITOR
from ..auth.who import Who, page_user
from ..trail import action_words, check, entry, page
from .common import render

router = APIRouter(include_in_schema=False)


def short(digest: str | None) -> str:
    """A pack digest cut to what a person can compare by eye."""
    return digest.removeprefix("sha256:")[:12] if digest else ""


def pages_around(number: int, pages: int) -> list[int | None]:
    """The page numbers a pagination shows: the first, the last and the neighbours, None for a gap."""
    keep = sorted({1, pages, number - 1, number, number + 1} & set(range(1, pages + 1)))
    out: list[int | None] = []
    for n in keep:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


@router.get("/audit")
def audit_list(request: Request, who: Who = Depends(page_user(AUDITOR))) -> Response:
    """The audit trail, newest first, 50 entries a page."""
    wanted = request.query_params.get("page", "1")
    p = page(request.app.state.store, int(wanted) if wanted.isdigit() else 1)
    rows = [
        {
            "seq": e.seq,
            "at": e.at[:19].replace("T", " "),
            "actor": e.actor,
            "action": action_words(e.action),
            "subject": e.subject,
            "pack": short(e.pack_digest),
        }
        for e in p.entries
    ]
    ctx = {"title": "Audit trail", "rows": rows, "p": p, "numbers": pages_around(p.number, p.pages)}
    return render(request, "audit.html.j2", ctx, who)


@router.get("/audit/verify")
async def audit_verify(request: Request, who: Who = Depends(page_user(AUDITOR))) -> Response:
    """Walk the whole hash chain and say whether it holds (reads only, so a plain link runs it)."""
    found = await run_in_threadpool(check, request.app.state.store)
    ctx = {"title": "Check of the audit trail", "found": found}
    return render(request, "audit_verify.html.j2", ctx, who)


@router.get("/audit/{seq}")
def audit_entry(request: Request, seq: int, who: Who = Depends(page_user(AUDITOR))) -> Response:
    """One entry: who did what, when, its inputs and outputs, and its place in the chain."""
    e = entry(request.app.state.store, seq)
    if e is None:
        raise HTTPException(404, f"There is no audit entry {seq}.")

    def pretty(text: str) -> str:
        return orjson.dumps(orjson.loads(text), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()

    ctx = {
        "title": f"Audit entry {seq}",
        "e": e,
        "action": action_words(e.action),
        "inputs": pretty(e.inputs),
        "outputs": pretty(e.outputs),
        "has_next": entry(request.app.state.store, seq + 1) is not None,
    }
    return render(request, "audit_entry.html.j2", ctx, who)
