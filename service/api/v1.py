"""/api/v1: every router of the JSON API's first version."""

from __future__ import annotations

from fastapi import APIRouter

from . import audit, panel, policy, referrals, reviews, triage

router = APIRouter(prefix="/api/v1")
router.include_router(triage.router)
router.include_router(referrals.router)
router.include_router(panel.router)
router.include_router(audit.router)
router.include_router(reviews.router)
router.include_router(policy.router)
