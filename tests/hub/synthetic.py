"""A stored caseload for the policy tests: seeded synthetic families inserted straight into the store.

Going through /api/v1/referrals would decide each one (slow for hundreds); the what-if reads only
the profiles, so each row carries a placeholder decision.
"""

from __future__ import annotations

import orjson
from sqlalchemy import select

from engine.synth import families, profile_of
from service.store.db import now
from service.store.tables import Referral, User


def store_families(store, pack, n: int, seed: int = 2026) -> list[dict]:
    """Insert `n` synthetic referrals (every fifth a review, if the generator made one) and return their profiles."""
    profiles = [profile_of(f) for f in families(pack, n, seed=seed)]
    at = now()
    with store.write() as s:
        hub = s.scalar(select(User.id).order_by(User.id))
        s.add_all(
            Referral(
                ref=p["referral"]["id"],
                kind="review" if p["referral"].get("type") == "review" else "new",
                created_at=at,
                created_by=hub,
                profile=orjson.dumps(p).decode(),
                pack_digest=pack.digest,
                decision="{}",
                level=1,
                escalate=False,
                urgency="green",
                respond_by=at,
                lead=None,
                status="awaiting_panel",
            )
            for p in profiles
        )
    return profiles
