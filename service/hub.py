"""The hub worker's reading of referrals: plain words for roles and time left, queue rows, the referrer's summary."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import orjson

from .store.tables import Referral
from .words import role_words

URGENCY_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}
DIRECTION_WORDS = {"step_up": "Step up", "step_down": "Step down", "same": "Same level"}


def _units(seconds: int) -> str:
    minutes = seconds // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (mins, "minute")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " ".join(words[:2]) or "less than a minute"


def time_left(respond_by: str, at: dt.datetime | None = None) -> tuple[str, bool]:
    """How long is left to respond, in words, and whether it is overdue ('Overdue by 3 hours')."""
    due = dt.datetime.fromisoformat(respond_by.replace("Z", "+00:00"))
    at = at or dt.datetime.now(dt.UTC)
    seconds = int((due - at).total_seconds())
    if seconds < 0:
        return f"Overdue by {_units(-seconds)}", True
    return f"{_units(seconds)} left", False


@dataclass(frozen=True)
class QueueRow:
    """One line of the front-door queue."""

    id: int
    ref: str
    received: str
    urgency: str
    time_left: str
    overdue: bool
    level: int
    level_name: str
    lead_title: str | None
    lead: str
    escalate: bool
    direction: str | None
    kind: str


def queue_rows(rows: list[Referral], at: dt.datetime | None = None) -> list[QueueRow]:
    """The queue's referrals as the page shows them."""
    out = []
    for r in rows:
        decision = orjson.loads(r.decision)
        left, overdue = time_left(r.respond_by, at)
        out.append(
            QueueRow(
                id=r.id,
                ref=r.ref,
                received=r.created_at[:16].replace("T", " "),
                urgency=r.urgency,
                time_left=left,
                overdue=overdue,
                level=r.level,
                level_name=decision["level"]["name"],
                lead_title=decision["lead_professional"].get("title"),
                lead=role_words(r.lead) if r.lead else "None at this level",
                escalate=r.escalate,
                direction=r.direction,
                kind=r.kind,
            )
        )
    return out


def members_of(profile: dict[str, Any]) -> list[dict[str, Any]]:
    """The profile's members (id and role)."""
    return [{"id": m.get("id"), "role": m.get("role")} for m in profile.get("members", [])]


def children_of(profile: dict[str, Any]) -> list[str]:
    """The ids of the members recorded as children: the referrer's summary covers them by default."""
    return [m["id"] for m in members_of(profile) if m["role"] == "child"]


def _mentions(text: str, member: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_-]){re.escape(member)}(?![A-Za-z0-9_-])", text) is not None


def _only_about(reasons: list[dict[str, Any]], others: list[str]) -> tuple[list[dict[str, Any]], int]:
    kept = [r for r in reasons if not any(_mentions(r["text"], o) for o in others)]
    if len(kept) < len(reasons):  # a reason pointing back at one left out would point at nothing
        kept = [{**r, "text": r["text"].replace(" (The same needs as above.)", "")} for r in kept]
    return kept, len(reasons) - len(kept)


def feedback(decision: dict[str, Any], profile: dict[str, Any], chosen: list[str]) -> dict[str, Any]:
    """What a referrer may be told: the family-wide outcome, and the detail only for the chosen members.

    A reason that names any other member is left out whole (its text may carry their needs), and
    the count of what was left out is kept so the page can say so.
    """
    ids = [m["id"] for m in members_of(profile)]
    others = [i for i in ids if i not in chosen]
    left_out = 0
    level_reasons, n = _only_about(decision["level"]["reasons"], others)
    left_out += n
    sg = decision["safeguarding"]
    sg_reasons, n = _only_about(sg["reasons"], others)
    left_out += n
    interventions = []
    for iv in decision["interventions"]:
        if iv["member"] not in chosen:
            continue
        reasons, n = _only_about(iv["reasons"], others)
        left_out += n
        interventions.append({**iv, "reasons": reasons})
    return {
        "referral_id": decision["referral_id"],
        "as_of": decision["as_of"],
        "level": {**decision["level"], "reasons": level_reasons},
        "safeguarding": {**sg, "reasons": sg_reasons},
        # the lead's reasons name the needs it works on, whoever holds them: only the role is shared
        "lead_professional": {k: decision["lead_professional"][k] for k in ("role", "title")},
        "urgency": {k: decision["urgency"][k] for k in ("rating", "respond_within_hours")},
        "interventions": interventions,
        "chosen": chosen,
        "left_out": left_out,
    }
