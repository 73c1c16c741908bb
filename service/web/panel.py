"""The panel's pages: the week's referrals, and accepting or overriding one recommendation with a reason."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from ..auth.roles import PANEL
from ..auth.who import Who, page_user
from ..panel import AlreadyDecided, Choice, NotFound, Options, Refused, decide, decision_of, options, role_words, week
from ..store.db import now
from ..store.tables import Referral
from ..work import referral
from .common import check_csrf, render

router = APIRouter(include_in_schema=False)
FIELDS = ("action", "level", "lead", "interventions", "reason")  # in the form's order, for the error summary


def when(at: str) -> str:
    """A stored time as the pages show it: 2026-11-20 14:05 (UTC)."""
    return at[:16].replace("T", " ")


def row(r: Referral) -> dict[str, Any]:
    """A referral as the panel's list shows it."""
    d = orjson.loads(r.decision)
    return {
        "id": r.id,
        "ref": r.ref,
        "kind": r.kind,
        "received": when(r.created_at),
        "urgency": r.urgency,
        "respond_by": when(r.respond_by),
        "overdue": r.respond_by < now(),
        "level": r.level,
        "level_name": d["level"]["name"],
        "lead": role_words(r.lead) if r.lead else None,
        "lead_title": d["lead_professional"].get("title"),
        "escalate": r.escalate,
        "step_up": r.direction == "step_up",
    }


@router.get("/panel")
def panel_list(request: Request, decided: str = "", who: Who = Depends(page_user(PANEL))) -> Response:
    """The week's referrals awaiting the panel, most urgent first, and those waiting longer."""
    w = week(request.app.state.store)
    done = None
    if decided.isdigit():
        r = referral(request.app.state.store, int(decided))
        done = {"id": r.id, "ref": r.ref} if r is not None and r.status == "decided" else None
    ctx = {
        "title": "Referrals for the panel",
        "this_week": [row(r) for r in w.this_week],
        "waiting_longer": [row(r) for r in w.waiting_longer],
        "decided": done,
    }
    return render(request, "panel.html.j2", ctx, who)


def _loaded(request: Request, referral_id: int) -> Referral:
    r = referral(request.app.state.store, referral_id)
    if r is None:
        raise HTTPException(404, f"There is no referral {referral_id}.")
    return r


def _page(
    request: Request, who: Who, r: Referral, opts: Options, form: dict[str, Any], errors: dict[str, str], status: int
) -> Response:
    decision = orjson.loads(r.decision)
    by_member: dict[str, list[dict[str, Any]]] = {}
    for i in decision["interventions"]:
        by_member.setdefault(i["member"], []).append(i)
    ctx = {
        "title": f"Panel decision on referral {r.ref}",
        "r": row(r),
        "d": decision,
        "by_member": by_member,
        "opts": opts,
        "role_words": role_words,
        "form": form,
        "errors": errors,
        "error_summary": [(f, errors[f]) for f in FIELDS if f in errors],
        "made": decision_of(request.app.state.store, r.id) if r.status == "decided" else None,
    }
    return render(request, "panel_decision.html.j2", ctx, who, status)


@router.get("/panel/{referral_id}")
def panel_decision(request: Request, referral_id: int, who: Who = Depends(page_user(PANEL))) -> Response:
    """The recommendation, and the form to accept it or change it with a reason."""
    r = _loaded(request, referral_id)
    opts = options(request.app.state.store, request.app.state.pack, r)
    rec = opts.recommendation
    form = {
        "action": "",
        "level": rec["level"],
        "lead": rec["lead"],
        "interventions": {f"{i['member']}:{i['id']}" for i in rec["interventions"]},
        "reason": "",
    }
    return _page(request, who, r, opts, form, {}, 200)


def _choice(action: str, level: str, lead: str, interventions: list[str], reason: str) -> Choice | dict[str, str]:
    """The form's fields as a choice, or what is wrong with them."""
    if action == "accept":
        return Choice("accept")
    if action != "override":
        return {"action": "Choose whether to accept the recommendation or change it"}
    if not level.isdigit():
        return {"level": "Choose a level"}
    items = [{"member": m, "id": p} for m, _, p in (v.rpartition(":") for v in interventions)]
    return Choice("override", int(level), lead or None, items, reason)


@router.post("/panel/{referral_id}")
def panel_decide(
    request: Request,
    referral_id: int,
    csrf_token: str = Form("", max_length=100),
    action: str = Form("", max_length=10),
    level: str = Form("", max_length=2),
    lead: str = Form("", max_length=40),
    interventions: list[str] = Form([]),
    reason: str = Form(""),
    who: Who = Depends(page_user(PANEL)),
) -> Response:
    """Record the panel's decision and go back to the list, or show what to correct (nothing is stored)."""
    check_csrf(request, who, csrf_token)
    store, ref = request.app.state.store, request.app.state.pack
    r = _loaded(request, referral_id)
    if r.status != "awaiting_panel":
        msg = f"The panel has already decided on referral {r.ref}. A decision is made once; it cannot be made again."
        return render(request, "error.html.j2", {"title": "Already decided", "message": msg}, who, 409)
    choice = _choice(action, level, lead, interventions, reason)
    try:
        if isinstance(choice, dict):
            raise Refused(choice)
        decide(store, ref, who, referral_id, choice)
    except NotFound:
        raise HTTPException(404, f"There is no referral {referral_id}.") from None
    except AlreadyDecided:
        msg = f"The panel has already decided on referral {r.ref}. A decision is made once; it cannot be made again."
        return render(request, "error.html.j2", {"title": "Already decided", "message": msg}, who, 409)
    except Refused as exc:
        opts = options(store, ref, r)
        form = {
            "action": action,
            "level": int(level) if level.isdigit() else None,
            "lead": lead or None,
            "interventions": set(interventions),
            "reason": reason,
        }
        return _page(request, who, r, opts, form, exc.problems, 400)
    return RedirectResponse(f"/panel?decided={referral_id}", status_code=303)
