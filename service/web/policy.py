"""The policy officer's pages: the pack in force with its checks, and a what-if on one threshold.

A what-if changes nothing stored (apart from its audit entry), so its form is a plain GET: the
result can be bookmarked, and going back works as people expect.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from engine import api as engine

from .. import policy
from ..auth.roles import POLICY
from ..auth.who import Who, page_user
from ..words import role_words
from .common import render, templates

router = APIRouter(include_in_schema=False)

# the pack's files as the pages name them
AREAS = {
    "rules/needs.yaml": "Levels of need",
    "rules/safeguarding.yaml": "Safeguarding triggers",
    "rules/indicators.yaml": "Needs and the level each points to",
    "rules/age_bands.yaml": "NICE age bands",
    "rules/urgency.yaml": "Front door urgency",
    "rules/supporting_families.yaml": "Supporting Families eligibility",
    "pathways/interventions.yaml": "Programmes offered",
    "pathways/lead_professional.yaml": "Lead professional",
}


templates.env.filters["role_words"] = role_words


def area(rel: str) -> str:
    """A pack file's name in words, with the file."""
    return f"{AREAS.get(rel, rel)} ({rel})"


@router.get("/policy")
async def overview(request: Request, who: Who = Depends(page_user(POLICY))) -> Response:
    """The pack in force, its check and test results, and the packs the store has recorded."""
    ref = request.app.state.pack
    results = await run_in_threadpool(policy.checks, ref)
    about = await run_in_threadpool(policy.packs, request.app.state.store, ref)
    problems = [policy.plain(ref, p) for p in results["problems"]]
    failed = [policy.plain(ref, f) for f in results["failed"]]
    ctx = {"title": "Policy", "packs": about, "results": results, "problems": problems, "failed": failed}
    return render(request, "policy.html.j2", ctx, who)


def _number(text: str) -> int | None:
    text = text.strip()
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isdigit() and len(digits) <= 9 else None


@router.get("/policy/what-if")
async def what_if(
    request: Request,
    key: str = Query("", max_length=300),
    value: str | None = Query(None, max_length=30),
    who: Who = Depends(page_user(POLICY)),
) -> Response:
    """First choose a threshold, then a value for it; with both, the impact on the stored caseload."""
    ref = request.app.state.pack
    desk = policy.desk(request.app)
    t = policy.threshold(ref, key) if key else None
    if t is None:
        errors = {"key": "Choose a threshold from the list"} if key or value is not None else {}
        ctx = {"title": "Choose a threshold", "groups": policy.grouped(ref), "area": area, "errors": errors}
        ctx["count"] = len(policy.thresholds(ref))
        if errors:
            ctx["error_summary"] = list(errors.items())
        return render(request, "what_if_pick.html.j2", ctx, who, 400 if errors else 200)
    kept = await run_in_threadpool(desk.caseload)
    ctx = {"title": "Try a new value", "t": t, "area": area, "kept": kept, "few": policy.FEW, "entered": value or ""}
    if value is None:
        return render(request, "what_if_value.html.j2", ctx, who)
    number = _number(value)
    if number is None:
        message = f"Enter the new value as a whole number from {t.minimum} to {t.maximum}"
        ctx |= {"errors": {"value": message}, "error_summary": [("value", message)]}
        return render(request, "what_if_value.html.j2", ctx, who, 400)
    try:
        fig = await run_in_threadpool(desk.what_if, who, key, number)
    except engine.InputError as exc:
        messages = [policy.plain(ref, p.message) for p in exc.problems]
        ctx |= {
            "title": "Change refused",
            "errors": {"value": f"{number} is refused: see the problems above"},
            "error_summary": [("value", m) for m in messages],
        }
        return render(request, "what_if_value.html.j2", ctx, who, 422)
    ctx |= {"title": "Impact of the change", "f": fig}
    return render(request, "what_if_result.html.j2", ctx, who)
