"""What the service does, apart from HTTP: triage, referrals, each written with its audit entry.

Pages and the JSON API both call these, so a decision is recorded the same way whichever is used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import select

from engine import api

from .auth.who import Who
from .store import Store
from .store.audit import append
from .store.db import now
from .store.tables import Referral


def _respond_by(created: str, hours: int) -> str:
    start = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    return (start + dt.timedelta(hours=hours)).isoformat(timespec="microseconds").replace("+00:00", "Z")


def triage(store: Store, ref: api.LoadedPackRef, who: Who, raw: bytes, profile: dict[str, Any]) -> dict[str, Any]:
    """Decide a profile (its text, and the data already read from it) without keeping it; it is still audited."""
    family = api.read_profile(raw, ref.pack, "body")
    decision = api.decision_data(api.decide(family, ref.pack))
    with store.write() as s:
        append(s, who.name, "triage", family.referral_id, profile, decision, ref.pack.digest)
    return decision


@dataclass(frozen=True)
class Created:
    """A stored referral's number and its decision."""

    id: int
    decision: dict[str, Any]


def create_referral(
    store: Store, ref: api.LoadedPackRef, who: Who, profile: dict[str, Any], review_of: int | None = None, **extra: Any
) -> Created:
    """Decide a profile and store it as a referral awaiting the panel, with its audit entry, in one transaction."""
    raw = orjson.dumps(profile)
    family = api.read_profile(raw, ref.pack, "body")
    decision = api.decision_data(api.decide(family, ref.pack))
    created = now()
    change = decision.get("change") or {}
    row = Referral(
        ref=family.referral_id,
        kind="review" if review_of is not None else "new",
        review_of=review_of,
        created_at=created,
        created_by=who.id,
        profile=raw.decode(),
        pack_digest=ref.pack.digest,
        decision=orjson.dumps(decision).decode(),
        level=decision["level"]["code"],
        escalate=decision["safeguarding"]["escalate"],
        urgency=decision["urgency"]["rating"],
        respond_by=_respond_by(created, decision["urgency"]["respond_within_hours"]),
        lead=decision["lead_professional"]["role"],
        direction=change.get("direction"),
        status="awaiting_panel",
        **extra,
    )
    with store.write() as s:
        s.add(row)
        s.flush()
        action = "review" if review_of is not None else "referral"
        inputs = {"profile": profile, **({"review_of": review_of} if review_of is not None else {}), **extra}
        append(s, who.name, action, str(row.id), inputs, decision, ref.pack.digest)
    return Created(row.id, decision)


def referral(store: Store, referral_id: int) -> Referral | None:
    """One stored referral."""
    with store.read() as s:
        return s.get(Referral, referral_id)


URGENCY_ORDER = {"red": 0, "amber": 1, "green": 2}


def queue(store: Store, status: str = "awaiting_panel", limit: int = 500) -> list[Referral]:
    """Referrals in a state, most urgent first: red before amber before green, then the soonest due."""
    with store.read() as s:
        rows = list(
            s.scalars(select(Referral).where(Referral.status == status).order_by(Referral.respond_by).limit(limit))
        )
    return sorted(rows, key=lambda r: (URGENCY_ORDER.get(r.urgency, 3), r.respond_by))
