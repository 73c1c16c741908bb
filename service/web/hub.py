"""The hub worker's pages: the front-door queue, a new referral, its decision, feedback to the referrer, a review."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from engine import api

from ..auth.roles import AUDITOR, HUB, PANEL
from ..auth.who import Who, page_user
from ..hub import DIRECTION_WORDS, children_of, feedback, members_of, queue_rows, time_left
from ..referral_form import (
    FormValues,
    form_vocabulary,
    profile_from,
    refusal_messages,
    values_from_form,
    values_from_profile,
)
from ..review import ReviewRefused, current_help, review
from ..store.tables import Referral
from ..words import role_words
from ..work import create_referral, queue, referral
from .common import check_csrf, render

router = APIRouter(include_in_schema=False)


def _stored(request: Request, referral_id: str) -> Referral:
    r = referral(request.app.state.store, int(referral_id)) if referral_id.isdigit() else None
    if r is None:
        raise HTTPException(404, "There is no referral with that number.")
    return r


def _errors(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for anchor, message in pairs:
        out.setdefault(anchor, []).append(message)
    return out


def _shown(v: FormValues) -> int:
    """How many member rows to show open: every used one, and at least two; the rest sit behind 'More'."""
    used = [i for i, m in enumerate(v.members) if m.used()]
    return max(2, used[-1] + 1 if used else 0)


def _more_open(v: FormValues, errors: dict[str, list[str]]) -> bool:
    hidden = {f"m{i}-" for i in range(_shown(v), len(v.members))}
    return any(a[:3] in hidden for a in errors)


def _form_context(request: Request, v: FormValues, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    errors = _errors(pairs)
    return {
        "v": v,
        "vocab": form_vocabulary(request.app.state.pack),
        "errors": errors,
        "error_summary": pairs,
        "shown": _shown(v),
        "more_open": _more_open(v, errors),
    }


@router.get("/queue")
def front_door(request: Request, who: Who = Depends(page_user(HUB))) -> Response:
    """Referrals waiting for the panel, the most urgent first."""
    rows = queue_rows(queue(request.app.state.store))
    return render(request, "queue.html.j2", {"rows": rows, "overdue": sum(r.overdue for r in rows)}, who)


@router.get("/referrals/new")
def new_referral(request: Request, who: Who = Depends(page_user(HUB))) -> Response:
    """The empty referral form."""
    return render(request, "referral_new.html.j2", _form_context(request, FormValues(), []), who)


@router.post("/referrals/new")
async def submit_referral(request: Request, who: Who = Depends(page_user(HUB))) -> Response:
    """Decide and store the referral, or show the form again with every problem linked to its field."""
    form = await request.form()
    token = form.get("csrf_token")
    check_csrf(request, who, token if isinstance(token, str) else None)
    v = values_from_form(form)
    built = profile_from(v)
    pairs = list(built.errors)
    if not pairs:
        try:
            made = await run_in_threadpool(
                create_referral, request.app.state.store, request.app.state.pack, who, built.profile
            )
        except api.InputError as exc:
            pairs = refusal_messages(exc.problems, built.rows)
        else:
            return RedirectResponse(f"/referrals/{made.id}", status_code=303)
    return render(request, "referral_new.html.j2", _form_context(request, v, pairs), who, 400)


def _by_member(request: Request, decision: dict[str, Any], profile: dict[str, Any]) -> list[dict[str, Any]]:
    pack = request.app.state.pack.pack
    out = []
    for m in members_of(profile):
        ivs = []
        for iv in decision["interventions"]:
            if iv["member"] != m["id"]:
                continue
            alts = [pack.interventions[a].name if a in pack.interventions else a for a in iv.get("alternatives", [])]
            ivs.append({**iv, "alternative_names": alts, "delivered_by_words": role_words(iv.get("delivered_by"))})
        out.append({"id": m["id"], "role": role_words(m["role"]).lower(), "interventions": ivs})
    return out


@router.get("/referrals/{referral_id}")
def decision_page(request: Request, referral_id: str, who: Who = Depends(page_user(HUB, PANEL, AUDITOR))) -> Response:
    """The decision: level, lead, help per member best first, and every reason with its source."""
    r = _stored(request, referral_id)
    d = orjson.loads(r.decision)
    profile = orjson.loads(r.profile)
    left, overdue = time_left(r.respond_by) if r.status == "awaiting_panel" else ("", False)
    labels = api.vocabulary(request.app.state.pack)["supporting_families"]
    ctx = {
        "r": r,
        "d": d,
        "by_member": _by_member(request, d, profile),
        "lead_words": role_words(d["lead_professional"]["role"]),
        # the outcomes' labels from the pack in force (a pack may reword a label, never a code)
        "sf_outcomes": [labels.get(o, o) for o in d["supporting_families"]["outcomes"]],
        "direction_words": DIRECTION_WORDS.get(str((d.get("change") or {}).get("direction")), ""),
        "referrer": profile.get("referral", {}).get("source"),
        "left": left,
        "overdue": overdue,
    }
    return render(request, "decision.html.j2", ctx, who)


@router.get("/referrals/{referral_id}/feedback")
def feedback_page(
    request: Request, referral_id: str, member: str = "", who: Who = Depends(page_user(HUB, PANEL, AUDITOR))
) -> Response:
    """A printable summary for the referrer, with detail only for the member(s) chosen."""
    r = _stored(request, referral_id)
    d = orjson.loads(r.decision)
    profile = orjson.loads(r.profile)
    members = members_of(profile)
    picked = member if member in {m["id"] for m in members} else ""
    chosen = [picked] if picked else children_of(profile)
    ctx = {
        "r": r,
        "f": feedback(d, profile, chosen),
        "members": [{"id": m["id"], "role": role_words(m["role"]).lower()} for m in members],
        "picked": picked,
        "referrer": profile.get("referral", {}).get("source") or "the referrer",
        "lead_words": role_words(d["lead_professional"]["role"]),
    }
    return render(request, "feedback.html.j2", ctx, who)


def _review_context(
    request: Request, r: Referral, v: FormValues, pairs: list[tuple[str, str]], contact: str, plan: str
) -> dict[str, Any]:
    current = current_help(request.app.state.store, r)
    return {
        **_form_context(request, v, pairs),
        "original": r,
        "current": current,
        "current_lead": role_words(current["lead"]),
        "named_contact": contact,
        "plan": plan,
    }


@router.get("/referrals/{referral_id}/review")
def review_form(request: Request, referral_id: str, who: Who = Depends(page_user(HUB))) -> Response:
    """The review form, filled in from the family's stored profile."""
    r = _stored(request, referral_id)
    v = values_from_profile(orjson.loads(r.profile))
    v.ref_date = ""  # a review is decided as at its own date
    return render(request, "review.html.j2", _review_context(request, r, v, [], "", ""), who)


REVIEW_ANCHORS = {"named_contact": "named-contact", "keep_progress_plan": "keep-progress-plan"}


@router.post("/referrals/{referral_id}/review")
async def submit_review(request: Request, referral_id: str, who: Who = Depends(page_user(HUB))) -> Response:
    """Re-decide the family; a step down is refused without a named contact and a plan, and nothing is stored."""
    form = await request.form()
    token = form.get("csrf_token")
    check_csrf(request, who, token if isinstance(token, str) else None)
    r = _stored(request, referral_id)
    v = values_from_form(form)
    contact = str(form.get("named_contact") or "").strip()[:100]
    plan = str(form.get("keep_progress_plan") or "").strip()[:4000]
    built = profile_from(v)
    pairs = list(built.errors)
    if not pairs:
        try:
            made = await run_in_threadpool(
                review, request.app.state.store, request.app.state.pack, who, r, built.profile, contact, plan
            )
        except api.InputError as exc:
            pairs = refusal_messages(exc.problems, built.rows)
        except ReviewRefused as exc:
            pairs = [(REVIEW_ANCHORS[f], m) for f, m in exc.problems]
        else:
            return RedirectResponse(f"/referrals/{made.id}", status_code=303)
    return render(request, "review.html.j2", _review_context(request, r, v, pairs, contact, plan), who, 400)
